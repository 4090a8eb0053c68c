"""The rule matches of one sentence: which rules to run from which starts, and overlaps.

For each trigger word of the sentence, each rule it may fire is checked against what the
sentence holds (its branches' words before and after the trigger, the trigger's head),
the starts from which a match could reach the trigger are bounded, each start is checked
for what the pattern can begin with (answers shared by patterns that begin alike) and for
whether the pattern's shared leads can end at the trigger, and only then is a run made
(once per pattern and start, whatever trigger asked). Overlapping matches are resolved
last: one word is one event.

A module of loops over tokens and small lookups, so that mypyc compiles it
(``treatytrack/_compiled.py``); it reads the compiled patterns, it does not build them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Final

from ..rules import machine
from ..rules.classes import ClassRegistry, MatchFn
from ..rules.compile import Branch, CompiledPattern, Match
from ..rules.ruleset import CompiledRule, RuleSet
from ..text import Tokens

__all__ = ["MAX_PREFIX_TOKENS", "SentenceMatcher", "reach"]

# The most tokens a match may hold before its trigger, whatever its pattern allows: a subject
# and its verb are not 30 tokens apart in news prose, and the cap bounds the start positions.
MAX_PREFIX_TOKENS: Final = 30
_PREPOSITIONS: Final = frozenset(
    "of in at from to for with on by into onto about against among between near".split()
)

Found = list[tuple[CompiledRule, Match, int]]  # (rule, match, trigger token)


def reach(branch: Branch) -> int:
    """How far before its trigger a match of ``branch`` can start, in tokens."""
    return MAX_PREFIX_TOKENS if branch.prefix is None else min(branch.prefix, MAX_PREFIX_TOKENS)


class _Sentence:
    """What the checks of one sentence share: where each word and class mark of some
    requirement set occurs, the requirement sets it holds a word of (as bits, see
    :class:`SentenceMatcher`), and the token lists of the requirement sets asked so far."""

    s: str
    positions: Sequence[int]
    lower: Sequence[str]
    where: dict[str, list[int]]
    held: int
    spots: dict[frozenset[str], list[int]]

    def __init__(
        self,
        tokens: Tokens,
        lower: Sequence[str],
        marks_of: Callable[[str], frozenset[str]],
        need_bits: dict[str, int],
    ) -> None:
        self.s = tokens.string
        self.positions = tokens.positions
        self.lower = lower
        # Only the words and marks of some requirement set are placed: no other is asked
        # (the sets :meth:`at` is asked of are requirement sets), and most words are none.
        where: dict[str, list[int]] = {}
        held = 0
        for i, word in enumerate(lower):
            bits = need_bits.get(word)
            if bits is not None:
                held |= bits
                places = where.get(word)
                if places is None:
                    where[word] = [i]
                else:
                    places.append(i)
        for i, written in enumerate(tokens.words):
            if written[:1].isupper() or written[:1].isdigit():
                for mark in marks_of(written):
                    bits = need_bits.get(mark)
                    if bits is not None:
                        held |= bits
                        where.setdefault(mark, []).append(i)
        self.where = where
        self.held = held
        self.spots = {}

    def at(self, need: frozenset[str]) -> list[int]:
        """The tokens holding a word of ``need``, in order."""
        spot = self.spots.get(need)
        if spot is None:
            where = self.where
            # (the smaller side walked: an intersection with the keys would copy them all)
            if len(need) < len(where):
                lists = [where[w] for w in need if w in where]
            else:
                lists = [places for w, places in where.items() if w in need]
            spot = lists[0] if len(lists) == 1 else sorted([i for x in lists for i in x])
            self.spots[need] = spot
        return spot

    def viable(
        self, pattern: CompiledPattern, masks: tuple[int, ...], t: int
    ) -> list[tuple[Branch, int]]:
        """The branches that can have their trigger at ``t``, each with the last start it
        can match from: a branch needs its trigger word there, a word of each of its
        requirement sets (``masks``: per branch, their bits) in the sentence, the words it
        holds before the trigger in front of the start, those after it from ``t`` on, and
        its tail to match from ``t`` (asked last: it is a run, if a short one)."""
        out: list[tuple[Branch, int]] = []
        lower = self.lower
        word = lower[t]
        held = self.held
        for b, branch in enumerate(pattern.branches):
            if branch.triggers is not None and word not in branch.triggers:
                continue
            # (the branch's checks, asked of the compiled machine: no Python call)
            if not machine.head_fits(branch.heads, branch.head_lengths, lower, t):
                continue
            if masks[b] & held != masks[b]:
                continue
            after = True
            for need in branch.after:
                spot = self.at(need)
                if not spot or spot[-1] < t:
                    after = False
                    break
            if not after:
                continue
            bound = t
            for need in branch.before:
                spot = self.at(need)
                k = bisect.bisect_left(spot, t)
                bound = min(bound, spot[k - 1] if k else -1)
                if bound < 0:
                    break
            if bound < 0:
                continue
            tail = branch.tail
            if tail is not None and not machine.tail_fits(tail, self.s, self.positions[t]):
                continue
            out.append((branch, bound))
        return out

    def lead_fits(self, branch: Branch, i: int) -> bool:
        """Whether the words the branch's first item needs lie within its reach of ``i``."""
        for need in branch.lead_requires:
            spot = self.at(need)
            k = bisect.bisect_left(spot, i)
            if k == len(spot) or spot[k] >= i + branch.lead_reach:
                return False
        return True


class SentenceMatcher:
    """Finds every match of one rule set's rules in a sentence."""

    rules: RuleSet
    classes: ClassRegistry
    marks_of: Callable[[str], frozenset[str]]
    # Patterns that can begin with the same words and classes share their start checks:
    # pattern -> the number of its kind.
    start_kind: dict[int, int]
    # Requirement sets as bits, as the prefilter has them: word (or class mark) -> the
    # bits of the sets it belongs to; pattern -> per branch, the bits of its sets
    # (CompiledPattern.requirements). Whether a sentence holds a word of each set of a
    # branch is then one AND, not a set intersection per set.
    need_bits: dict[str, int]
    masks: dict[int, tuple[int, ...]]
    # pattern -> the classes it can begin with, as (name, match function), looked up once
    openers: dict[int, tuple[tuple[str, MatchFn], ...]]

    def __init__(
        self,
        rules: RuleSet,
        classes: ClassRegistry,
        marks_of: Callable[[str], frozenset[str]],
    ) -> None:
        self.rules = rules
        self.classes = classes
        self.marks_of = marks_of
        kinds: dict[tuple[bool, frozenset[str], frozenset[str]], int] = {}
        self.start_kind = {
            id(c.pattern): kinds.setdefault(
                (c.pattern.starts_anywhere, c.pattern.first_words, c.pattern.first_classes),
                len(kinds),
            )
            for c in rules.rules
        }
        bits = machine.RequirementBits(
            need for c in rules.rules for needs in c.pattern.requirements for need in needs
        )
        self.need_bits = bits.word_bits
        self.openers = {
            id(c.pattern): tuple(
                (classes[name].name, classes[name].match) for name in c.pattern.first_classes
            )
            for c in rules.rules
        }
        self.masks = {
            id(c.pattern): tuple(bits.mask(needs) for needs in c.pattern.requirements)
            for c in rules.rules
        }

    def begins(self, pattern: CompiledPattern, s: str, at: int, word: str) -> bool:
        """Whether a match of ``pattern`` may begin at position ``at`` (word ``word``)."""
        if pattern.starts_anywhere or word in pattern.first_words:
            return True
        # (class answers are remembered per sentence: machine.class_end)
        for name, match in self.openers[id(pattern)]:
            if machine.class_end(name, match, s, at) is not None:
                return True
        return False

    def matches(self, tokens: Tokens, lower: Sequence[str]) -> Found:
        """Every rule match in the sentence, overlaps resolved: (rule, match, trigger
        token)."""
        found: Found = []
        index = self.rules.trigger_index
        s = tokens.string
        positions = tokens.positions
        sentence = _Sentence(tokens, lower, self.marks_of, self.need_bits)
        held = sentence.held
        # kind of start -> per token: may a match of that kind begin there (None: not asked)
        starts: dict[int, list[bool | None]] = {}
        runs: dict[tuple[int, int], Match | None] = {}  # (pattern, token) -> what it matched
        possible: dict[int, bool] = {}  # rule -> can the sentence hold a match of it
        start_kind = self.start_kind
        for t, word in enumerate(lower):
            for compiled in index.get(word, ()):
                pattern = compiled.pattern
                masks = self.masks[id(pattern)]
                can = possible.get(compiled.order)
                if can is None:
                    # (as machine.holds_any: no branches, no requirements)
                    can = possible[compiled.order] = not masks or any(
                        mask & held == mask for mask in masks
                    )
                if not can:
                    continue
                has_branches = bool(pattern.branches)
                branches = sentence.viable(pattern, masks, t) if has_branches else []
                if has_branches and not branches:
                    continue
                last = max([b for _, b in branches]) if branches else t
                back = min(pattern.prefix_tokens, MAX_PREFIX_TOKENS)
                # each viable branch: from ``low`` to ``bound`` a start may reach its trigger;
                # from ``first`` to ``free`` some branch that needs nothing near its start
                # can begin (roughly: the exact test follows when a start is outside)
                spans: list[tuple[Branch, int, int]] = []
                first = free = 0
                if has_branches:
                    spans = [(br, t - reach(br), b) for br, b in branches]
                    back = min(back, t - min([low for _, low, _ in spans]))
                    free = max([b for br, low, b in spans if not br.lead_requires], default=-1)
                    first = min(
                        [low for br, low, b in spans if not br.lead_requires], default=t + 1
                    )
                kind = start_kind[id(pattern)]
                flags = starts.get(kind)
                if flags is None:
                    flags = starts[kind] = [None] * len(lower)
                for start in range(max(0, t - back), last + 1):
                    if has_branches and not first <= start <= free:
                        near = False
                        for branch, low, bound in spans:
                            if low <= start <= bound and (
                                not branch.lead_requires or sentence.lead_fits(branch, start)
                            ):
                                near = True
                                break
                        if not near:
                            continue
                    may = flags[start]
                    if may is None:
                        may = flags[start] = self.begins(pattern, s, positions[start], lower[start])
                    if not may:
                        continue
                    key = (id(pattern), start)
                    if key in runs:  # the same run, tried for another trigger before
                        match = runs[key]
                    elif not pattern.may_trigger_at(s, positions[start], positions[t]):
                        continue  # (no run: it is made, once, if a later trigger can use it)
                    else:
                        match = runs[key] = pattern.run(s, positions[start])
                    if match is None or _object_not_subject(match, lower, start):
                        continue
                    trig = match.get("trigger")
                    if trig is not None and tokens.index_at(trig[0]) == t:
                        found.append((compiled, match, t))
                        break
        return _resolve_overlaps(found, tokens)


def _object_not_subject(match: Match, lower: Sequence[str], start: int) -> bool:
    """A match that opens on parties right after a preposition ("the region of Darfur to
    join ...") has taken an object for a subject."""
    if start == 0 or not match.captures or lower[start - 1] not in _PREPOSITIONS:
        return False
    first = min(match.captures, key=_capture_start)
    return first[0] == "parties" and first[1] == match.start


def _capture_start(capture: tuple[str, int, int]) -> int:
    return capture[1]


def _overlap_order(found: tuple[CompiledRule, Match, int]) -> tuple[int, int, int]:
    # the higher priority first, then the longer match, then the earlier rule
    compiled, match, _t = found
    return -compiled.rule.priority, -(match.end - match.start), compiled.order


def _trigger_token(found: tuple[CompiledRule, Match, int]) -> int:
    return found[2]


def _resolve_overlaps(found: Found, tokens: Tokens) -> Found:
    """Two matches conflict when their triggers share a token: one word is one event."""
    found.sort(key=_overlap_order)
    taken: list[tuple[int, int]] = []
    kept: Found = []
    for compiled, match, t in found:
        trig = match.get("trigger")
        assert trig is not None
        a, b = tokens.index_at(trig[0]), tokens.index_at(trig[1])
        if any(a < end and start < b for start, end in taken):
            continue
        taken.append((a, b))
        kept.append((compiled, match, t))
    kept.sort(key=_trigger_token)
    return kept
