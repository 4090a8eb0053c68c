"""The trigger prefilter: one pass over a document finds the sentences worth matching.

The document is lower-cased once and cut into words by one regular expression (at C
speed); a sentence is a candidate when one of its words is a trigger word of some rule
*and* the sentence holds the other words that rule needs (one word of each of a branch's
requirement sets: "was proposed" needs an instrument noun besides the participle). Within a
candidate, only the rules indexed under the words present run, only from the tokens near
those words. (A single alternation of all trigger words was tried first: with hundreds of
words, Python's regular expressions try each in turn and were several times slower than
cutting words and looking them up in a set.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from ..rules.classes import CLASSES
from ..rules.compile import class_mark
from ..rules.ruleset import CompiledRule
from ..text import Sentence, normalize_token, token_words

__all__ = ["Prefilter", "TokenTests", "token_marks", "token_tests"]

# (mark, test) of each one-token class with a token test: ACRONYM, YEAR, ...
TokenTests = Sequence[tuple[str, Callable[[str], bool]]]


def token_tests() -> TokenTests:
    """The marks and tests of the registered one-token classes (``<ACRONYM>``, ...)."""
    return [(class_mark(c.name), c.token_test) for c in CLASSES if c.token_test is not None]


def token_marks(word: str, tests: TokenTests) -> set[str]:
    """The marks of the one-token classes ``word`` (as written) fits. Only capitalised
    words and numbers are tested: the classes with token tests take nothing else."""
    if not (word[:1].isupper() or word[:1].isdigit()):
        return set()
    return {mark for mark, test in tests if test(word)}


# Words as the tokenizer cuts them, minus its clitic splitting (no trigger is a clitic).
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019&/][^\W_]+)*")
_PLAIN = re.compile(r"[^\W_]+")

# What a sentence needs for one rule: per branch, sets of which it must hold a word each.
_Needs = tuple[tuple[frozenset[str], ...], ...]


def _seen_as(need: frozenset[str]) -> frozenset[str] | None:
    """A requirement set as the prefilter's words can show it: a word the regular
    expression cuts ("in-principle", "u.n.") by its parts, a class mark as itself; ``None``
    when some member shows no word at all (punctuation), as then nothing can be checked."""
    out: set[str] = set()
    for word in need:
        if word.startswith("<"):
            out.add(word)
            continue
        parts = _PLAIN.findall(word)
        if not parts:
            return None
        out.update(parts)
    return frozenset(out)


def _word_needs(rule: CompiledRule) -> _Needs | None:
    """The rule's requirements the prefilter can check (``None``: the trigger word is
    enough). Only what is necessary is kept, never more."""
    branches = rule.pattern.branches
    if not branches:
        return None
    needs = tuple(
        tuple(seen for need in branch.requires if (seen := _seen_as(need)) is not None)
        for branch in branches
    )
    return None if any(not branch for branch in needs) else needs


class Prefilter:
    """Finds candidate sentences for a set of trigger words (and, given the rules indexed
    by them, for the words those rules need besides)."""

    def __init__(
        self,
        words: Iterable[str],
        rules: Mapping[str, Sequence[CompiledRule]] | None = None,
        tests: TokenTests = (),
    ) -> None:
        self.tests = tests
        self.words = frozenset(normalize_token(w).lower() for w in words if w)
        # a trigger word may be written with a typographic apostrophe in the text
        self._folded = any("'" in w for w in self.words)
        # trigger word -> the branches of its rules: what each needs, and the class marks
        # among that; a word absent here suffices alone
        self._needs: dict[str, tuple[tuple[tuple[frozenset[str], ...], frozenset[str]], ...]]
        self._needs = {}
        for word, indexed in (rules or {}).items():
            needs = [_word_needs(rule) for rule in indexed]
            if indexed and all(n is not None for n in needs):
                self._needs[normalize_token(word).lower()] = tuple(
                    (branch, frozenset(w for need in branch for w in need if w[:1] == "<"))
                    for rule_needs in needs
                    if rule_needs
                    for branch in rule_needs
                )

    def lower(self, text: str) -> str:
        """``text`` as the prefilter reads it: lower-cased (quotes folded when needed)."""
        low = text.lower()
        return normalize_token(low) if self._folded else low

    def candidates(
        self,
        text: str,
        sentences: list[Sentence],
        *,
        conjunctive: bool = True,
    ) -> list[int]:
        """Indices of the sentences that contain a trigger word (and, when
        ``conjunctive``, the other words one of its rules needs), in order."""
        if not self.words or not sentences:
            return []
        low = self.lower(text)
        words = self.words
        out = []
        for i, s in enumerate(sentences):
            found = _WORD.findall(low, s.start, s.end)
            if words.isdisjoint(found) or (conjunctive and not self._worth_reading(found, low, s)):
                continue
            out.append(i)
        return out

    def _worth_reading(self, found: list[str], low: str, sentence: Sentence) -> bool:
        needs = self._needs
        present = set(found)
        hits = present & self.words
        if any(word not in needs for word in hits):
            return True
        found_branches = [branch for word in hits for branch in needs[word]]
        branches = [branch for branch, _ in found_branches]
        if any(all(not present.isdisjoint(need) for need in branch) for branch in branches):
            return True
        # compounds count by their parts too ("cross-servicing", "Japan's")
        present.update(_PLAIN.findall(low, sentence.start, sentence.end))
        if any(all(not present.isdisjoint(need) for need in branch) for branch in branches):
            return True
        wanted = frozenset().union(*(marks for _, marks in found_branches))
        if not wanted:
            return False
        # Some set may be met by a token of a class (an acronym, a year): test the tokens,
        # for the marks wanted, until each is found.
        tests = [(mark, test) for mark, test in self.tests if mark in wanted]
        for token in token_words(sentence.text):
            if not tests:
                break
            if token[:1].isupper() or token[:1].isdigit():
                for mark, test in tests:
                    if test(token):
                        present.add(mark)
                        tests = [(m, t) for m, t in tests if m != mark]
        return any(all(not present.isdisjoint(need) for need in branch) for branch in branches)
