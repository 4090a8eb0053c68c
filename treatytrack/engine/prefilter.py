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

import attrs

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


def _has_all(present: set[str], needs: tuple[frozenset[str], ...]) -> bool:
    return all(not present.isdisjoint(need) for need in needs)


@attrs.frozen(slots=True)
class _Plan:
    """What one branch of a rule needs of a sentence, in the prefilter's words: a word of
    each of ``requires`` anywhere, of each of ``before`` ahead of the trigger word and of
    each of ``after`` from it on; ``marks`` are the class marks among them (``<YEAR>``)."""

    requires: tuple[frozenset[str], ...]
    before: tuple[frozenset[str], ...]
    after: tuple[frozenset[str], ...]
    triggers: frozenset[str] | None
    marks: frozenset[str]
    # the word sequences the trigger can begin with, when all are plain words
    heads: frozenset[tuple[str, ...]] | None = None
    head_lengths: tuple[int, ...] = ()


def _seen(needs: Iterable[frozenset[str]]) -> tuple[frozenset[str], ...]:
    return tuple(seen for need in needs if (seen := _seen_as(need)) is not None)


def _plans(rule: CompiledRule) -> tuple[_Plan, ...] | None:
    """The rule's branches as the prefilter checks them (``None``: the trigger word is
    enough). Only what is necessary is kept, never more."""
    plans = []
    for branch in rule.pattern.branches:
        requires = _seen(branch.requires)
        if not requires:
            return None
        marks = frozenset(w for need in requires for w in need if w[:1] == "<")
        heads = branch.heads
        if heads is not None and not all(w.isalnum() for head in heads for w in head):
            heads = None
        plans.append(
            _Plan(
                requires,
                _seen(branch.before),
                _seen(branch.after),
                branch.triggers,
                marks,
                heads,
                branch.head_lengths if heads is not None else (),
            )
        )
    return tuple(plans) or None


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
        # trigger word -> the branches of its rules; a word absent here suffices alone
        self._plans: dict[str, tuple[_Plan, ...]] = {}
        for word, indexed in (rules or {}).items():
            plans = [_plans(rule) for rule in indexed]
            if indexed and all(p is not None for p in plans):
                self._plans[normalize_token(word).lower()] = tuple(
                    plan for rule_plans in plans if rule_plans for plan in rule_plans
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
        """Whether some branch of a rule of a trigger word here can match: its words are
        in the sentence, those it needs before its trigger before some occurrence of the
        trigger word, and those it needs after from there on."""
        plans = self._plans
        present = set(found)
        hits = present & self.words
        if any(word not in plans for word in hits):
            return True
        candidates = [(word, plan) for word in hits for plan in plans[word]]
        passing = [c for c in candidates if _has_all(present, c[1].requires)]
        marks = frozenset().union(*(plan.marks for _, plan in candidates))
        if not passing or marks:  # compounds count by their parts too ("Japan's")
            present.update(_PLAIN.findall(low, sentence.start, sentence.end))
        if not passing:
            passing = [c for c in candidates if _has_all(present, c[1].requires)]
        # Some sets may be met only by a token of a class (an acronym, a year): the branches
        # that would fit if every mark they want were there.
        if marks:
            hopeful = [
                c for c in candidates if c[1].marks and _has_all(present | marks, c[1].requires)
            ]
        else:
            hopeful = []
        if not passing and not hopeful:
            return False
        where: dict[str, list[int]] = {}  # word -> its positions, a compound's parts at its own
        for k, word in enumerate(found):
            at = where.get(word)
            if at is None:
                where[word] = [k]
            else:
                at.append(k)
            if not word.isalnum():
                for part in _PLAIN.findall(word):
                    where.setdefault(part, []).append(k)
        if passing and self._in_order(passing, found, where, ()):
            return True
        if not hopeful or not self._in_order(hopeful, found, where, marks):
            return False
        # test the tokens for the marks wanted, then the branches that wanted them
        found_marks = self._marks(sentence, marks)
        present |= found_marks
        passing = [c for c in hopeful if _has_all(present, c[1].requires)]
        return self._in_order(passing, found, where, found_marks)

    @staticmethod
    def _in_order(
        candidates: list[tuple[str, _Plan]],
        found: list[str],
        where: dict[str, list[int]],
        marks: Iterable[str],
    ) -> bool:
        """Whether a trigger word of these branches stands where each branch can take it."""
        marks = frozenset(marks)
        for word, plan in candidates:
            if plan.triggers is not None and word not in plan.triggers:
                continue
            for k in where[word]:
                if plan.heads is not None and not any(
                    tuple(found[k : k + n]) in plan.heads for n in plan.head_lengths
                ):
                    continue
                seen = where.keys()
                if all(
                    not marks.isdisjoint(need) or any(where[w][0] < k for w in seen & need)
                    for need in plan.before
                ) and all(
                    not marks.isdisjoint(need) or any(where[w][-1] >= k for w in seen & need)
                    for need in plan.after
                ):
                    return True
        return False

    def _marks(self, sentence: Sentence, wanted: frozenset[str]) -> set[str]:
        """The class marks of ``wanted`` some token of the sentence fits (an acronym, a
        year), each looked for until found."""
        found: set[str] = set()
        tests = [(mark, test) for mark, test in self.tests if mark in wanted]
        for token in token_words(sentence.text):
            if not tests:
                break
            if token[:1].isupper() or token[:1].isdigit():
                for mark, test in tests:
                    if test(token):
                        found.add(mark)
                        tests = [(m, t) for m, t in tests if m != mark]
        return found
