"""The matching machine a pattern compiles to: steps over token strings, run natively.

:mod:`treatytrack.rules.compile` turns a pattern tree into a DAG of the steps below (an
atom then the rest of the pattern, a choice point, a capture mark, a lookahead ...), which
share their continuations. Each step answers :meth:`Step.fast`: the end of a match from a
position and the capture marks it passed, or ``None``. The module holds nothing but typed
classes and functions over strings, ints, tuples and dicts, so that mypyc compiles it to
native classes (``treatytrack/_compiled.py``): a step calling the next is then a C call,
not a Python one, and the matcher is where the engine spends most of its time on
treaty-dense text. pyparsing runs the same machine through the element
:class:`~treatytrack.rules.compile.CompiledPattern` wraps it in.

It imports nothing of treatytrack: classes come in as their name and match function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextvars import ContextVar, Token
from types import TracebackType
from typing import Any, Final, TypeAlias

__all__ = [
    "BUDGET",
    "FREE_ENTRIES",
    "AnyToken",
    "Atom",
    "Backtrack",
    "Choice",
    "ClassAtom",
    "Collect",
    "End",
    "Entries",
    "Found",
    "Guarded",
    "ItemWays",
    "Lead",
    "MarkThen",
    "Marks",
    "MatchBudget",
    "NotThen",
    "OutOfSteps",
    "PathChoice",
    "PathMark",
    "Remembered",
    "RequirementBits",
    "SharedLead",
    "Step",
    "Then",
    "Words",
    "class_end",
    "run",
    "trigger_reachable",
    "unlink",
    "word_at",
]

MatchFn: TypeAlias = Callable[[str, int], "int | None"]
EndsFn: TypeAlias = Callable[[str, int], "list[int]"]

# What a successful match returns besides its end: the capture marks it passed, in text
# order, as a linked list of ((capture name, opening, position), rest). Linked, so that
# prepending a mark costs one tuple and a remembered answer can be shared, never copied.
# (The tail is typed Any: mypyc does not take a recursive alias.)
Marks: TypeAlias = "tuple[tuple[str, bool, int], Any] | None"
Found: TypeAlias = "tuple[int, Marks] | None"
Ways: TypeAlias = "list[tuple[int, tuple[tuple[str, bool, int], ...]]]"  # (end, marks)

FREE_ENTRIES: Final = 32  # lexicon entries compared for the price of one step


class MatchBudget:
    """The steps matching may still take in one sentence, and where they ran out.

    ``spent_at`` is the token-string position of the run that used the last step (``None``
    while steps are left); runs after that match nothing.

    .. versionadded:: 0.1
    """

    steps: int
    left: int
    spent_at: int | None
    _reset: Token[MatchBudget | None] | None  # while it is the budget of a ``with`` block

    def __init__(self, steps: int, left: int, spent_at: int | None = None) -> None:
        self.steps = steps
        self.left = left
        self.spent_at = spent_at
        self._reset = None

    def __repr__(self) -> str:
        return f"MatchBudget(steps={self.steps}, left={self.left}, spent_at={self.spent_at})"

    @property
    def spent(self) -> bool:
        return self.spent_at is not None

    def stop_at(self, loc: int) -> None:
        """Spend what is left, in a run from ``loc`` (the first such place is kept)."""
        self.left = min(self.left, -1)
        if self.spent_at is None:
            self.spent_at = loc

    def __enter__(self) -> MatchBudget:
        """Make this the budget of every run inside the ``with`` block (one block at a
        time). A method of the compiled class, where a generator-based context manager
        cost a few microseconds per sentence."""
        self._reset = BUDGET.set(self)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        reset = self._reset
        if reset is not None:
            self._reset = None
            BUDGET.reset(reset)


# the budget of the sentence being read (a context variable: each thread has its own)
BUDGET: Final[ContextVar[MatchBudget | None]] = ContextVar("treatytrack_match_budget", default=None)
# (read through the bound method, held once: a call then skips the method's look-up)
_budget: Final = BUDGET.get


class OutOfSteps(Exception):
    """The budget is spent: unwinds a run (pyparsing lets anything but parse errors through)."""


def _step(budget: MatchBudget | None) -> None:
    """Take one step of ``budget`` (none: unlimited); unwind the run when it is spent."""
    if budget is not None:
        budget.left -= 1
        if budget.left < 0:
            raise OutOfSteps


def _charge(steps: int) -> None:
    budget = _budget()
    if budget is not None:
        budget.left -= steps
        if budget.left < 0:
            raise OutOfSteps


# -- atoms: one deterministic match, the longest ----------------------------------------


class Atom:
    """A token atom: where its (longest) match from ``loc`` ends, or ``None``."""

    name: str
    # the lower-cased words a match can begin with (None: not known, any)
    first_words: frozenset[str] | None

    def __init__(self, name: str, first_words: frozenset[str] | None = None) -> None:
        self.name = name
        self.first_words = first_words

    def match_at(self, s: str, loc: int) -> int | None:
        raise NotImplementedError


class Words(Atom):
    """A fixed sequence of tokens, compared case-insensitively."""

    text: str
    size: int

    def __init__(self, text: str) -> None:
        super().__init__(repr(text.strip()), frozenset({text.split(" ", 1)[0]}))
        self.text = text
        self.size = len(text)

    def match_at(self, s: str, loc: int) -> int | None:
        end = loc + self.size
        # (written as the pattern writes it, as most words are: no lower-cased copy made)
        if s.startswith(self.text, loc) or s[loc:end].lower() == self.text:
            return end
        return None


class Entries(Atom):
    """Any entry of a lexicon: a first-token index, then the longest entry that fits."""

    index: dict[str, list[str]]

    def __init__(self, name: str, entries: Sequence[str]) -> None:
        index: dict[str, list[str]] = {}
        for entry in entries:
            index.setdefault(entry.split(" ", 1)[0], []).append(entry)
        super().__init__("@" + name, frozenset(index))
        self.index = {k: sorted(v, key=len, reverse=True) for k, v in index.items()}

    def match_at(self, s: str, loc: int) -> int | None:
        space = s.find(" ", loc)
        if space < 0:
            return None
        candidates = self.index.get(word_at(s, loc, space))
        if not candidates:
            return None
        if len(candidates) > FREE_ENTRIES:
            # A hostile lexicon can hold thousands of entries with one first word: comparing
            # them costs steps like the choice points do.
            _charge(len(candidates) // FREE_ENTRIES)
        after = space + 1
        for entry in candidates:
            end = loc + len(entry)
            if end == after or s.startswith(entry, loc) or s[loc:end].lower() == entry:
                return end
        return None


# The token string last matched and its words lower-cased, by position: the choice points
# and lexicons of every pattern ask for the same few words of a sentence. (A pair,
# replaced whole, as _CLASS_MEMO below.)
_WORDS_AT: Final[list[tuple[str, dict[int, str]]]] = [("", {})]


def word_at(s: str, loc: int, space: int) -> str:
    """The token of token string ``s`` at ``loc`` (ending at ``space``), lower-cased:
    made once per sentence and position."""
    state = _WORDS_AT[0]
    if state[0] is not s:
        state = _WORDS_AT[0] = (s, {})
    word = state[1].get(loc)
    if word is None:
        word = state[1][loc] = s[loc:space].lower()
    return word


# Per class name: the token string last matched and the class's answer at each position of
# it. Every rule asks PARTY about the same few positions of a sentence; the answer cannot
# change. (A pair, replaced whole: a thread that finds another string in it starts afresh
# rather than reading another sentence's answers.)
_CLASS_MEMO: Final[dict[str, tuple[str, dict[int, int | None]]]] = {}


def class_end(name: str, match: MatchFn, s: str, loc: int) -> int | None:
    """Where class ``name`` (matching with ``match``) ends at ``loc`` of token string ``s``,
    answered once per sentence for every rule and for the engine's start checks alike."""
    state = _CLASS_MEMO.get(name)
    if state is None or state[0] is not s:
        state = _CLASS_MEMO[name] = (s, {})
    known = state[1]
    if loc in known:
        return known[loc]
    end = known[loc] = match(s, loc)
    return end


class ClassAtom(Atom):
    """A class in a pattern: each call takes a step of the budget, as a class does real work
    (PARTIES looks names up in a gazetteer) and a pattern may chain many of them."""

    match: MatchFn

    def __init__(self, name: str, match: MatchFn) -> None:
        super().__init__(name)
        self.match = match

    def match_at(self, s: str, loc: int) -> int | None:
        _step(_budget())
        return class_end(self.name, self.match, s, loc)


class Guarded(Atom):
    """A token atom preceded by negative lookaheads on single atoms, checked in one call."""

    nots: tuple[Atom, ...]
    base: Atom

    def __init__(self, nots: tuple[Atom, ...], base: Atom) -> None:
        super().__init__("guarded " + base.name, base.first_words)
        self.nots = nots
        self.base = base

    def match_at(self, s: str, loc: int) -> int | None:
        for excluded in self.nots:
            if excluded.match_at(s, loc) is not None:
                return None
        return self.base.match_at(s, loc)


class AnyToken(Atom):
    """Any one token."""

    def __init__(self) -> None:
        super().__init__("any token")

    def match_at(self, s: str, loc: int) -> int | None:
        space = s.find(" ", loc)
        return space + 1 if space > loc else None


# -- steps: the structure, compiled with its continuation -------------------------------


class Step:
    """A compiled pattern element: :meth:`fast` answers the end and the capture marks of a
    match from ``loc`` (or ``None``: a failed branch costs a return, not an exception)."""

    name: str
    may_be_empty: bool
    # The (lower-cased) words a match can begin with; None: any token, or none.
    first: frozenset[str] | None
    # How deeply the step nests: each level is a frame while it runs (compile bounds it).
    depth: int

    def __init__(
        self,
        name: str,
        may_be_empty: bool = False,
        first: frozenset[str] | None = None,
        below: Sequence[Step | None] = (),
    ) -> None:
        self.name = name
        self.may_be_empty = may_be_empty
        self.first = first
        self.depth = 1 + max([b.depth for b in below if b is not None], default=0)

    def fast(self, s: str, loc: int) -> Found:
        raise NotImplementedError


class End(Step):
    """The end of a pattern: matches the empty string."""

    def __init__(self) -> None:
        super().__init__("end", may_be_empty=True)

    def fast(self, s: str, loc: int) -> Found:
        return loc, None


class Then(Step):
    """A token atom followed by the rest of the pattern: the commonest step of every
    pattern, so the atom is asked directly and the rest called only when it fits."""

    atom: Atom
    rest: Step | None

    def __init__(self, atom: Atom, rest: Step | None) -> None:
        super().__init__(atom.name, first=atom.first_words, below=(rest,))
        self.atom = atom
        self.rest = rest

    def fast(self, s: str, loc: int) -> Found:
        end = self.atom.match_at(s, loc)
        if end is None or end <= loc:
            return None
        rest = self.rest
        return (end, None) if rest is None else rest.fast(s, end)


class Backtrack(Step):
    """A class with several possible ends, compiled with its continuation: each end is
    tried, longest first, until the rest of the pattern matches from it."""

    ends: EndsFn
    rest: Step

    def __init__(self, name: str, ends: EndsFn, rest: Step) -> None:
        super().__init__(name, below=(rest,))
        self.ends = ends
        self.rest = rest

    def fast(self, s: str, loc: int) -> Found:
        budget = _budget()
        _step(budget)
        rest = self.rest
        for end in self.ends(s, loc):
            if end <= loc:
                continue
            _step(budget)
            found = rest.fast(s, end)
            if found is not None:
                return found
        return None


class MarkThen(Step):
    """A capture's opening or closing mark (zero-width), then the rest of the pattern."""

    mark_name: str
    opening: bool
    rest: Step | None

    def __init__(self, name: str, opening: bool, rest: Step | None) -> None:
        super().__init__(
            ("<" if opening else ">") + name,
            may_be_empty=True,
            first=rest.first if rest is not None else None,
            below=(rest,),
        )
        self.mark_name = name
        self.opening = opening
        self.rest = rest

    def fast(self, s: str, loc: int) -> Found:
        here = (self.mark_name, self.opening, loc)
        rest = self.rest
        if rest is None:
            return loc, (here, None)
        found = rest.fast(s, loc)
        return None if found is None else (found[0], (here, found[1]))


class NotThen(Step):
    """A negative lookahead, then the rest of the pattern."""

    excluded: Step
    rest: Step

    def __init__(self, excluded: Step, rest: Step) -> None:
        super().__init__(
            "!" + excluded.name, may_be_empty=True, first=rest.first, below=(excluded, rest)
        )
        self.excluded = excluded
        self.rest = rest

    def fast(self, s: str, loc: int) -> Found:
        if self.excluded.fast(s, loc) is not None:
            return None
        return self.rest.fast(s, loc)


class Choice(Step):
    """A backtracking choice point: each alternative it tries takes one step of the budget.

    A choice point remembers, for the sentence at hand, what it gave at each position: the
    compiled patterns share their continuations, so the same choice is reached again and
    again (from other start positions, other gap lengths, other alternatives) and its answer
    there cannot change. This memo turns repeated backtracking into one visit per position.
    """

    alternatives: list[Step]
    # the token string last matched and the answer at each position (see _CLASS_MEMO)
    memo: tuple[str, dict[int, Found]]
    # per first word, the alternatives that can begin with it, in order; other words try
    # only those that can begin with anything
    open: tuple[Step, ...]
    by_word: dict[str, tuple[Step, ...]]

    def __init__(self, alternatives: list[Step]) -> None:
        firsts = [a.first for a in alternatives]
        words: set[str] = set()
        for first in firsts:
            if first is not None:
                words |= first
        super().__init__(
            # a fixed name: names built from the alternatives' own would grow with every
            # level of nesting, and the compiled DAG shares its continuations
            f"one of {len(alternatives)} alternatives",
            may_be_empty=any(a.may_be_empty for a in alternatives),
            first=None if None in firsts else frozenset(words),
            below=alternatives,
        )
        self.alternatives = alternatives
        self.memo = ("", {})
        self.open = tuple(a for a in alternatives if a.first is None)
        self.by_word = {
            word: tuple(a for a in alternatives if a.first is None or word in a.first)
            for word in words
        }

    def tried(self, s: str, loc: int) -> tuple[Step, ...]:
        """The alternatives that can begin with the word at ``loc`` (the others are skipped:
        no step spent)."""
        space = s.find(" ", loc)
        if space > loc:
            return self.by_word.get(word_at(s, loc, space), self.open)
        return self.open

    def fast(self, s: str, loc: int) -> Found:
        state = self.memo
        if state[0] is not s:
            state = self.memo = (s, {})
        memo = state[1]
        if loc in memo:
            return memo[loc]
        budget = _budget()
        found: Found = None
        for alternative in self.tried(s, loc):
            _step(budget)
            found = alternative.fast(s, loc)
            if found is not None:
                break
        memo[loc] = found
        return found


# -- leads shared by patterns -------------------------------------------------------------
# Most rules open alike: "%subject %verb_gap trigger:...". What a pattern holds before the
# item with its trigger (its *lead*) is, for patterns that share it, enumerated once per
# sentence and start: every way the lead can end there, in the order the backtracking would
# try them, each with the capture marks on its way. Each pattern then tries its own rest
# from those ends. The first end from which the rest matches is the one the pattern compiled
# whole would find, as it tries the lead's ends in the same order (an end already tried
# fails again: the rest's answer at a position cannot change).


class _LeadWays:
    """What one enumeration of a lead has found: its ends (first way to each kept), the
    marks on the way being explored, and the choice points already explored at a position
    (explored again, they can only find ends already found)."""

    ends: Ways
    path: list[tuple[str, bool, int]]
    seen: set[int]
    visited: set[tuple[int, int]]

    def __init__(self) -> None:
        self.ends = []
        self.path = []
        self.seen = set()
        self.visited = set()


# the enumeration under way (a context variable, like the budget: each thread has its own)
_WAYS: Final[ContextVar[_LeadWays]] = ContextVar("treatytrack_lead_ways")
_ways: Final = _WAYS.get


class Collect(Step):
    """The end of a lead being enumerated: notes where it ends (with the marks on the way)
    and fails, so that the next way is tried."""

    def __init__(self) -> None:
        super().__init__("end of the lead", may_be_empty=True)

    def fast(self, s: str, loc: int) -> Found:
        ways = _ways()
        if loc not in ways.seen:
            ways.seen.add(loc)
            ways.ends.append((loc, tuple(ways.path)))
        return None


class PathMark(Step):
    """A capture mark inside a lead being enumerated: on the path while the rest is tried."""

    mark_name: str
    opening: bool
    rest: Step

    def __init__(self, name: str, opening: bool, rest: Step) -> None:
        super().__init__(
            ("<" if opening else ">") + name, may_be_empty=True, first=rest.first, below=(rest,)
        )
        self.mark_name = name
        self.opening = opening
        self.rest = rest

    def fast(self, s: str, loc: int) -> Found:
        path = _ways().path
        path.append((self.mark_name, self.opening, loc))
        self.rest.fast(s, loc)  # (fails: a lead being enumerated always does)
        path.pop()
        return None


class PathChoice(Choice):
    """A choice point inside a lead being enumerated: tries every alternative (each a step
    of the budget), once per position and enumeration."""

    def fast(self, s: str, loc: int) -> Found:
        visited = _ways().visited
        key = (id(self), loc)
        if key in visited:
            return None
        visited.add(key)
        budget = _budget()
        for alternative in self.tried(s, loc):
            _step(budget)
            alternative.fast(s, loc)
        return None


class Remembered:
    """Ways found at each position of the sentence at hand, remembered (see _CLASS_MEMO for
    the pair): every start and every pattern asks alike."""

    elements: list[Step]  # what it is compiled to (for the depth)
    memo: tuple[str, dict[int, Ways]]

    def __init__(self, elements: list[Step]) -> None:
        self.elements = elements
        self.memo = ("", {})

    def ends(self, s: str, loc: int) -> Ways:
        state = self.memo
        if state[0] is not s:
            state = self.memo = (s, {})
        known = state[1].get(loc)
        if known is None:
            known = state[1][loc] = self.find(s, loc)
        return known

    def find(self, s: str, loc: int) -> Ways:
        raise NotImplementedError


class ItemWays(Remembered):
    """One item of a lead, compiled for enumeration."""

    element: Step

    def __init__(self, element: Step) -> None:
        super().__init__([element])
        self.element = element

    def find(self, s: str, loc: int) -> Ways:
        ways = _LeadWays()
        token = _WAYS.set(ways)
        try:
            self.element.fast(s, loc)
        finally:
            _WAYS.reset(token)
        return ways.ends


class Lead(Remembered):
    """A lead several patterns share: the ways of its items, one after another (an end
    reached again keeps its first way: what follows from it is the same)."""

    items: tuple[ItemWays, ...]

    def __init__(self, items: Sequence[ItemWays]) -> None:
        super().__init__([item.element for item in items])
        self.items = tuple(items)

    def find(self, s: str, loc: int) -> Ways:
        ways: Ways = [(loc, ())]
        for item in self.items:
            following: Ways = []
            seen: set[int] = set()
            for at, marks in ways:
                for end, more in item.ends(s, at):
                    if end not in seen:
                        seen.add(end)
                        following.append((end, marks + more if more else marks))
            ways = following
            if not ways:
                break
        return ways


class SharedLead(Step):
    """A pattern alternative whose lead is shared: the lead's ends, then the rest from each
    in turn (one step of the budget per end tried)."""

    lead: Remembered
    rest: Step
    # the rest opens with the pattern's one trigger: a match has it where the lead ends
    trigger_at_end: bool

    def __init__(
        self,
        lead: Remembered,
        rest: Step,
        first: frozenset[str] | None,
        trigger_at_end: bool = False,
    ) -> None:
        super().__init__("shared lead", first=first, below=[*lead.elements, rest])
        self.lead = lead
        self.rest = rest
        self.trigger_at_end = trigger_at_end

    def fast(self, s: str, loc: int) -> Found:
        budget = _budget()
        rest = self.rest
        for end, marks in self.lead.ends(s, loc):
            _step(budget)
            found = rest.fast(s, end)
            if found is not None:
                linked: Marks = found[1]
                for mark in reversed(marks):
                    linked = (mark, linked)
                return found[0], linked
        return None


# -- what a sentence must hold ------------------------------------------------------------


class RequirementBits:
    """Requirement sets as bits: one bit per distinct set (in the order first given) and,
    per word, the bits of the sets it belongs to. A sentence's words ORed give the sets it
    holds a word of; whether it holds one of each set a branch needs is then one AND with
    the branch's :meth:`mask`, not a set intersection per set. The prefilter and the
    matcher both check so."""

    bit_of: dict[frozenset[str], int]
    word_bits: dict[str, int]

    def __init__(self, needs: Iterable[frozenset[str]]) -> None:
        self.bit_of = {}
        for need in needs:
            if need not in self.bit_of:
                self.bit_of[need] = 1 << len(self.bit_of)
        self.word_bits = {}
        for need, bit in self.bit_of.items():
            for word in need:
                self.word_bits[word] = self.word_bits.get(word, 0) | bit

    def mask(self, needs: Iterable[frozenset[str]]) -> int:
        """The bits of ``needs`` (each one of the sets given)."""
        out = 0
        for need in needs:
            out |= self.bit_of[need]
        return out


def holds_each(words: AbstractSet[str], needs: tuple[frozenset[str], ...]) -> bool:
    """Whether ``words`` hold a word of each set of ``needs`` (see ``Branch.possible``)."""
    return all(not words.isdisjoint(need) for need in needs)  # (a loop, compiled)


def holds_any(words: AbstractSet[str], branches: tuple[tuple[frozenset[str], ...], ...]) -> bool:
    """Whether ``words`` hold a word of each set of one of ``branches`` (none: any words do;
    see ``CompiledPattern.possible``)."""
    return not branches or any(holds_each(words, needs) for needs in branches)


def head_fits(
    heads: frozenset[tuple[str, ...]] | None,
    lengths: tuple[int, ...],
    lower: Sequence[str],
    t: int,
) -> bool:
    """Whether the tokens from ``t`` begin with one of ``heads`` (of these ``lengths``;
    ``None``: any will do): whether a branch's trigger can begin at token ``t``."""
    return heads is None or any(tuple(lower[t : t + n]) in heads for n in lengths)


# -- running ------------------------------------------------------------------------------


def unlink(marks: Marks) -> Iterator[tuple[str, bool, int]]:
    """The marks of a linked list, in order."""
    while marks is not None:
        yield marks[0]
        marks = marks[1]


def run(
    step: Step, s: str, loc: int, budget: MatchBudget
) -> tuple[int, list[tuple[str, int, int]]] | None:
    """Match ``step`` at ``loc`` of ``s`` within ``budget``: the end and each capture's
    (name, start, end), in text order, or ``None`` (also when the budget runs out)."""
    if budget.left < 0:
        return None
    try:
        _step(budget)  # a run that fails at its first word costs a step too
        found = step.fast(s, loc)
    except (OutOfSteps, RecursionError):
        # RecursionError: a matcher nested deeper than the interpreter allows (compile
        # refuses patterns past MAX_MATCH_DEPTH; this is the guard for the rest).
        budget.stop_at(loc)
        return None
    if found is None:
        return None
    end, marks = found
    opened: list[tuple[str, int]] = []
    spans: list[tuple[str, int, int]] = []
    while marks is not None:
        (name, opening, at), marks = marks
        if opening:
            opened.append((name, at))
            continue
        for i in range(len(opened) - 1, -1, -1):
            if opened[i][0] == name:
                if at > opened[i][1]:  # an empty capture captured nothing
                    spans.append((name, opened[i][1], at))
                del opened[i]
                break
    spans.sort(key=_span_order)
    return end, spans


def _span_order(span: tuple[str, int, int]) -> tuple[int, int]:
    return span[1], -span[2]


def tail_fits(tail: Step, s: str, at: int) -> bool:
    """Whether ``tail`` (a branch from its trigger on, see ``Branch.tail``) matches from
    position ``at``; ``True`` when the budget cannot tell. Its steps come from the active
    budget, as a run's do."""
    budget = _budget()
    if budget is None or budget.left < 0:
        return True  # (the run answers: outside a budget, or none left)
    try:
        return tail.fast(s, at) is not None
    except (OutOfSteps, RecursionError):
        budget.stop_at(at)
        return True


def trigger_reachable(leads: tuple[Remembered, ...], s: str, loc: int, at: int) -> bool:
    """Whether one of ``leads`` ends at ``at`` when read from ``loc`` (see
    ``CompiledPattern.may_trigger_at``); ``True`` when the budget cannot tell."""
    budget = _budget()
    if budget is None or budget.left < 0:
        return True  # (the run answers: outside a budget, or none left)
    try:
        for lead in leads:
            for end, _marks in lead.ends(s, loc):
                if end == at:
                    return True
    except (OutOfSteps, RecursionError):
        budget.stop_at(loc)
        return True
    return False
