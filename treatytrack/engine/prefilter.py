"""The trigger prefilter: one pass over a document finds the sentences worth matching.

The document is lower-cased once and cut into words by one regular expression (at C
speed); a sentence is a candidate when one of its words is a trigger word of some rule.
Within a candidate, only the rules indexed under the words present run, only from the
tokens near those words. (A single alternation of all trigger words was tried first: with
hundreds of words, Python's regular expressions try each in turn and were several times
slower than cutting words and looking them up in a set.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text import Sentence, normalize_token

__all__ = ["Prefilter"]

# Words as the tokenizer cuts them, minus its clitic splitting (no trigger is a clitic).
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019&/][^\W_]+)*")


class Prefilter:
    """Finds candidate sentences for a set of trigger words."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(normalize_token(w).lower() for w in words if w)
        # a trigger word may be written with a typographic apostrophe in the text
        self._folded = any("'" in w for w in self.words)

    def candidates(self, text: str, sentences: list[Sentence]) -> list[int]:
        """Indices of the sentences that contain a trigger word, in order."""
        if not self.words or not sentences:
            return []
        low = text.lower()
        if self._folded:
            low = normalize_token(low)
        words = self.words
        return [
            i
            for i, s in enumerate(sentences)
            if not words.isdisjoint(_WORD.findall(low, s.start, s.end))
        ]
