"""The trigger prefilter: one pass over a document finds the sentences worth matching.

Every rule's trigger words go into one case-insensitive regular expression; a sentence is a
candidate when it holds one of them, and within it only the rules indexed under the words
present are run, only from the tokens near those words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ..text import Sentence

__all__ = ["Prefilter"]


class Prefilter:
    """Finds candidate sentences for a set of trigger words."""

    def __init__(self, words: Iterable[str]) -> None:
        # Token-string words use straight apostrophes; the text may use either form.
        alternatives = sorted({w for w in words if w}, key=len, reverse=True)
        body = "|".join(re.escape(w).replace("'", "['\u2019]") for w in alternatives)
        self.words = frozenset(alternatives)
        self.regex = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE) if body else None

    def candidates(self, text: str, sentences: list[Sentence]) -> list[int]:
        """Indices of the sentences that contain a trigger word, in order."""
        if self.regex is None or not sentences:
            return []
        starts = [s.start for s in sentences]
        found: list[int] = []
        pos = 0
        while True:
            match = self.regex.search(text, pos)
            if match is None:
                return found
            i = bisect.bisect_right(starts, match.start()) - 1
            if i >= 0 and match.end() <= sentences[i].end:
                found.append(i)
                pos = sentences[i].end  # one hit is enough: skip to the next sentence
            else:
                pos = match.end()
