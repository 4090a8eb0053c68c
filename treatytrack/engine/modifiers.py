"""Modifiers: negation, modality and reported speech, read from a pack's cue lexicons.

Cues are looked for *before* the trigger, within the trigger's clause and within each
modifier's window ("declined to sign": negation; "expects the ACSA to be concluded":
expected). The nearest modality cue wins. The speaker is the name next to a verb of saying
anywhere in the sentence ("Le Drian said ...", "..., the statement said").
"""

from __future__ import annotations

import functools
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
    history: bool = False  # a cue says the event is background ("since ... was signed")


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
        self.speech_words = frozenset(verb[0] for verb in self.speech if len(verb) == 1)

    def clause_start(self, lower: Sequence[str], trigger: int) -> int:
        """The first token of the clause that holds token ``trigger``."""
        i = trigger - 1
        while i >= 0:
            if lower[i] in _BREAK_PUNCT or lower[i] in self.speech_words:
                return i + 1  # reported content starts a clause of its own
            if lower[i] in self.breaks:  # a subordinator opens (and belongs to) its clause
                return i
            i -= 1
        return 0

    def _cues_in(
        self, lower: Sequence[str], first: int, last: int, anchor: int
    ) -> list[tuple[int, int, str]]:
        """Cues lying wholly in tokens ``[first, last)`` and within their window of
        ``anchor`` (the trigger), as ``(start, end, modifier)``, nearest to the anchor first."""
        found = []
        for j in range(first, last):
            for words, name in self.by_first.get(lower[j], ()):
                end = j + len(words)
                if end > last or tuple(lower[j:end]) != words:
                    continue
                if abs(anchor - j) > self.windows.get(name, 8):
                    continue
                found.append((j, end, name))
                break
        found.sort(key=lambda c: abs(anchor - c[0]))
        return found

    def apply(
        self, lower: Sequence[str], trigger: int, trigger_end: int, match_end: int | None = None
    ) -> Modifiers:
        """Read the modifiers of a trigger spanning tokens ``[trigger, trigger_end)``.

        Cues count before the trigger within its clause, and after it up to the end of the
        match (a nominal rule's verb comes later: "talks ... are expected to start").
        Negation: a pending cue ("has not yet") beats a plain one ("not"). Modality: an
        expected cue beats an intended one ("predict that X will sign"); otherwise the
        nearest cue wins. A question, or a clause opened by an inverted "had"/"were"
        ("Had they signed ..."), is hypothetical.
        """
        start = self.clause_start(lower, trigger)
        anchor = trigger
        # "has to be signed and ratified": cues reach a verb through its coordinated partner.
        while (
            anchor >= start + 2
            and lower[anchor - 1] in ("and", "or")
            and lower[anchor - 2].endswith("ed")
        ):
            anchor -= 2
        cues = self._cues_in(lower, start, anchor, anchor)
        if match_end is not None and match_end > trigger_end:
            cues += self._cues_in(lower, trigger_end, match_end, trigger_end)
        negations = [c for c in cues if c[2] in ("negation", "pending")]
        negation = negation_cue = None
        if negations:
            pending = [c for c in negations if c[2] == "pending"]
            chosen = pending[0] if pending else negations[0]
            negation = Negation.PENDING if pending else Negation.REFUSED
            negation_cue = (chosen[0], chosen[1])
        modal = [c for c in cues if c[2] in _MODALITY]
        modality = Modality.ASSERTED
        modality_cue = None
        if modal:
            expected = [c for c in modal if c[2] == "expected"]
            chosen = expected[0] if expected else modal[0]
            modality = _MODALITY[chosen[2]]
            modality_cue = (chosen[0], chosen[1])
            if lower[chosen[0]] == "would" and self._speech_before(lower, chosen[0]):
                modality = Modality.INTENDED  # reported future: "said it would sign"
        question = bool(lower) and lower[-1] == "?"
        inverted = start + 1 < trigger and lower[start] in _INVERSION
        if question or inverted:
            modality, modality_cue = Modality.HYPOTHETICAL, (start, start + 1)
        history = any(c[2] == "history" for c in cues)
        return Modifiers(
            modality,
            Polarity.NEGATIVE if negation is not None else Polarity.POSITIVE,
            negation,
            modality_cue,
            negation_cue,
            history,
        )

    def _speech_before(self, lower: Sequence[str], cue: int) -> bool:
        return any(
            tuple(lower[j : j + len(verb)]) == verb
            for verb in self.speech
            for j in range(max(0, cue - 12), cue)
        )


_INVERSION = frozenset({"had", "were", "should"})


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


@functools.lru_cache(maxsize=16)
def _by_first(speech: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    """Verbs of speech by their first word, in their order."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for verb in speech:
        if verb:
            out.setdefault(verb[0], []).append(verb)
    return out


def find_speaker(
    words: Sequence[str],
    lower: Sequence[str],
    speech: Sequence[tuple[str, ...]],
    demonyms: frozenset[str],
) -> str | None:
    """The source of reported speech in a sentence, as written, or ``None``."""
    by_first = _by_first(tuple(speech))
    for i, word in enumerate(lower):
        for verb in by_first.get(word, ()):
            if tuple(lower[i : i + len(verb)]) != verb:
                continue
            if verb[0] == "according":  # "according to X"
                return _name_after(words, lower, i + len(verb), demonyms) or None
            before = _name_before(words, lower, i, demonyms)
            if before:
                return before
            # '"...," said Foreign Minister Fumio Kishida': a name after the verb only
            # when the verb follows the quotation or clause it reports.
            if i > 0 and lower[i - 1] in (",", '"', "'"):
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
