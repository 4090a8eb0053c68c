"""Modifiers: negation, modality and reported speech, read from a pack's cue lexicons.

Cues are looked for *before* the trigger, within the trigger's clause and within each
modifier's window ("declined to sign": negation; "expects the ACSA to be concluded":
expected). The nearest modality cue wins. The speaker is the name next to a verb of saying
anywhere in the sentence ("Le Drian said ...", "..., the statement said").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ..records import Modality, Negation, Polarity
from ..rules.pack import Cue

__all__ = ["CueIndex", "Modifiers", "find_speaker"]

_MODALITY = {
    "expected": Modality.EXPECTED,
    "intended": Modality.INTENDED,
    "hypothetical": Modality.HYPOTHETICAL,
}
# Punctuation that closes a clause for the purpose of cue reach.
_BREAK_PUNCT = frozenset({";", ":", ",", "(", ")", '"', "-", "--", "[", "]"})


@attrs.frozen(slots=True)
class Modifiers:
    """What the cues say about one match, and which cue said it (for explanations)."""

    modality: Modality = Modality.ASSERTED
    polarity: Polarity = Polarity.POSITIVE
    negation: Negation | None = None
    modality_cue: tuple[int, int] | None = None  # token range of the cue
    negation_cue: tuple[int, int] | None = None


class CueIndex:
    """A pack's cues indexed by first token, ready to scan a sentence."""

    def __init__(self, cues: Mapping[str, Cue]) -> None:
        self.windows = {name: cue.window for name, cue in cues.items()}
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name, cue in cues.items():
            if name in ("speech", "clause_breaks"):
                continue
            for phrase in cue.phrases:
                words = tuple(phrase.split())
                self.by_first.setdefault(words[0], []).append((words, name))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.breaks = (
            frozenset(p.strip() for p in cues["clause_breaks"].phrases)
            if "clause_breaks" in cues
            else frozenset()
        )
        self.speech = [tuple(p.split()) for p in cues["speech"].phrases] if "speech" in cues else []

    def clause_start(self, lower: Sequence[str], trigger: int) -> int:
        """The first token of the clause that holds token ``trigger``."""
        i = trigger - 1
        while i >= 0:
            if lower[i] in _BREAK_PUNCT or lower[i] in self.breaks:
                return i + 1
            i -= 1
        return 0

    def apply(self, lower: Sequence[str], trigger: int, trigger_end: int) -> Modifiers:
        """Read the modifiers of a trigger spanning tokens ``[trigger, trigger_end)``."""
        start = self.clause_start(lower, trigger)
        modality = Modality.ASSERTED
        modality_cue: tuple[int, int] | None = None
        negation: Negation | None = None
        negation_cue: tuple[int, int] | None = None
        for j in range(trigger - 1, start - 1, -1):  # nearest first
            for words, name in self.by_first.get(lower[j], ()):
                end = j + len(words)
                if end > trigger or tuple(lower[j:end]) != words:
                    continue
                if trigger - j > self.windows.get(name, 8):
                    continue
                if name in ("negation", "pending") and negation is None:
                    negation = Negation.REFUSED if name == "negation" else Negation.PENDING
                    negation_cue = (j, end)
                elif name in _MODALITY and modality_cue is None:
                    modality = _MODALITY[name]
                    modality_cue = (j, end)
                break
        return Modifiers(
            modality,
            Polarity.NEGATIVE if negation is not None else Polarity.POSITIVE,
            negation,
            modality_cue,
            negation_cue,
        )


# Words that title a person or stand for a government; stripped from the front of a speaker.
_TITLE_WORDS = frozenset(
    """
    president vice prime minister ministers foreign defense defence secretary secretary-general
    general state chancellor premier king queen prince crown spokesman spokeswoman spokesperson
    ambassador envoy senator sen. rep. representative governor chief deputy official officials
    mr mrs ms dr gen lt col adm ambassador commander leader trade finance economy interior
    affairs home external special senior top lawmaker the a an his her their its
    """.split()
)
_SKIP_BEFORE_VERB = frozenset(
    {
        "also",
        "later",
        "then",
        "earlier",
        "again",
        "has",
        "have",
        "had",
        "further",
        "separately",
        "previously",
        "reportedly",
        "once",
    }
)


def _is_name(word: str) -> bool:
    return bool(word) and word[0].isupper() and any(c.isalpha() for c in word)


def find_speaker(
    words: Sequence[str],
    lower: Sequence[str],
    speech: Sequence[tuple[str, ...]],
    demonyms: frozenset[str],
) -> str | None:
    """The source of reported speech in a sentence, as written, or ``None``."""
    n = len(words)
    for i in range(n):
        for verb in speech:
            if tuple(lower[i : i + len(verb)]) != verb:
                continue
            if verb[0] == "according":  # "according to X"
                return _name_after(words, lower, i + len(verb), demonyms) or None
            before = _name_before(words, lower, i, demonyms)
            if before:
                return before
            after = _name_after(words, lower, i + len(verb), demonyms)
            if after:
                return after
    return None


def _name_before(
    words: Sequence[str], lower: Sequence[str], verb: int, demonyms: frozenset[str]
) -> str | None:
    j = verb - 1
    while j >= 0 and lower[j] in _SKIP_BEFORE_VERB:
        j -= 1
    if j < 0:
        return None
    if _is_name(words[j]):
        start = j
        while start - 1 >= 0 and (_is_name(words[start - 1]) or words[start - 1] == "-"):
            start -= 1
        return _strip_titles(words[start : j + 1], demonyms)
    # "the statement said", "a spokesman said", "officials said"
    if j >= 1 and lower[j - 1] in ("the", "a", "an") and words[j].isalpha():
        return f"{words[j - 1]} {words[j]}"
    if lower[j] in ("officials", "diplomats", "sources", "analysts"):
        return words[j]
    return None


def _name_after(
    words: Sequence[str], lower: Sequence[str], start: int, demonyms: frozenset[str]
) -> str | None:
    if start < len(words) and lower[start] in ("the", "a", "an") and start + 1 < len(words):
        if not _is_name(words[start + 1]):
            return f"{words[start]} {words[start + 1]}"
        start += 1
    end = start
    while end < len(words) and _is_name(words[end]):
        end += 1
    if end == start:
        return None
    return _strip_titles(words[start:end], demonyms)


def _strip_titles(name: Sequence[str], demonyms: frozenset[str]) -> str | None:
    parts = list(name)
    while len(parts) > 1 and (parts[0].lower() in _TITLE_WORDS or parts[0] in demonyms):
        parts.pop(0)
    text = " ".join(parts)
    if parts and (parts[0].lower() in _TITLE_WORDS or parts[0] in demonyms):
        return None
    return text or None
