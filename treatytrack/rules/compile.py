"""Compile a pattern tree into a matcher over token strings, run natively or by pyparsing.

Atoms (words, lexicon entries, classes) are deterministic: each takes the longest match it
can. Structure backtracks: every operator is compiled *with its continuation* (the rest of
the pattern), so a repeat gives back items, an alternative falls through to the next and a
gap grows token by token until the rest matches. The result is a DAG of the steps of
:mod:`treatytrack.rules.machine` (an atom then its continuation, a choice point, a
lookahead) that share their continuations, so its size stays linear in the pattern.

The engine calls the root step's ``fast`` method, which returns the end and the capture
marks or ``None``; :class:`MatcherElement` wraps the same root as a pyparsing element, so
the matcher also runs under pyparsing's ``parse_string`` and ``scan_string``. Captures
compile to zero-width marks, from which :meth:`CompiledPattern.run` rebuilds each
capture's token span.
"""

from __future__ import annotations

import difflib
import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

import attrs
import pyparsing as pp

from ..text import token_string, tokenize
from . import machine
from .classes import ClassRegistry
from .machine import (
    BUDGET,
    AnyToken,
    Atom,
    Backtrack,
    Choice,
    ClassAtom,
    Collect,
    End,
    Entries,
    Guarded,
    ItemWays,
    Lead,
    MarkThen,
    MatchBudget,
    NotThen,
    PathChoice,
    PathMark,
    Remembered,
    SharedLead,
    Step,
    Then,
    Words,
    unlink,
)
from .pattern import (
    Capture,
    Class,
    Gap,
    Group,
    Lexicon,
    Literal,
    Macro,
    Node,
    Not,
    PatternSyntaxError,
    Repeat,
    Seq,
    iter_nodes,
)

__all__ = [
    "CAPTURE_FIELDS",
    "MAX_COMPILED_ELEMENTS",
    "MAX_MATCH_DEPTH",
    "MAX_MATCH_STEPS",
    "MAX_PATHS",
    "MAX_PATTERN_TOKENS",
    "CompiledPattern",
    "Leads",
    "Match",
    "MatchBudget",
    "MatcherElement",
    "check_fragment",
    "compile_pattern",
    "literal_tokens",
    "match_budget",
]

# Event fields a capture can fill.
CAPTURE_FIELDS = frozenset(
    {"trigger", "parties", "actor", "agreement", "type", "topic", "date", "place", "speaker"}
)
MAX_PATTERN_TOKENS = 400  # the longest stretch one pattern may cover
MAX_PATHS = 100_000_000  # the most ways one pattern may try to match at one start
# The most steps matching may take in one sentence, all rules together. A step is a run
# started, an alternative tried (of a group, a repeat or a gap length), a class called or
# one of its ends tried, or 32 lexicon entries compared. MAX_PATHS is an estimate made when
# compiling; this is the bound that holds while running, whatever the pack and the sentence.
# docs/reliability.md has the measurements behind the value.
MAX_MATCH_STEPS = 15_000
# Matcher elements one pattern may compile to: nested repeats copy what they repeat, so
# ``((x{0,8}){0,8}){0,8}`` is 512 copies of x. Checked before compiling.
MAX_COMPILED_ELEMENTS = 20_000
# How deeply the compiled matcher nests: each level is a frame while it runs (a C frame
# compiled, two Python frames run as Python, where the interpreter stops at 1,000). The
# default packs reach 137.
MAX_MATCH_DEPTH = 300


@functools.lru_cache(maxsize=8192)  # a pack names the same words again and again
def literal_tokens(text: str) -> str:
    """The lower-cased token string of a literal or lexicon entry (``"U.N. envoy "``)."""
    return token_string([t[0] for t in tokenize(text)]).lower()


def match_budget(steps: int | None = None) -> MatchBudget:
    """A budget of ``steps`` steps (see :data:`MAX_MATCH_STEPS`), shared among every
    pattern run inside ``with match_budget() as budget:``.

    The engine opens one budget per sentence, so a hostile pack or a pathological sentence
    costs at most ``steps`` steps however its patterns nest.
    """
    if steps is None:
        steps = MAX_MATCH_STEPS
    return MatchBudget(steps, steps)


@attrs.frozen(slots=True)
class _Mark:
    """A capture mark as the pyparsing element returns it (a result token)."""

    name: str
    opening: bool
    loc: int


class MatcherElement(pp.Token):
    """A compiled pattern as a pyparsing element over token strings: it runs the pattern's
    machine (:mod:`treatytrack.rules.machine`) and returns the capture marks passed as its
    result tokens, so the same matcher runs under pyparsing's ``parse_string`` and
    ``scan_string`` (the benchmark's naive baseline does).

    .. versionadded:: 0.1
    """

    def __init__(self, step: Step) -> None:
        super().__init__()
        self.skipWhitespace = False
        self.mayReturnEmpty = step.may_be_empty
        self.mayIndexError = False
        self.set_name(step.name)
        self.errmsg = f"expected {step.name}"
        self.step = step

    def parseImpl(
        self, instring: str, loc: int, do_actions: bool = True
    ) -> tuple[int, list[object]]:
        found = self.step.fast(instring, loc)
        if found is None:
            raise pp.ParseException(instring, loc, self.errmsg, self)
        return found[0], [_Mark(*mark) for mark in unlink(found[1])]


class Leads:
    """The leads the patterns of one rule set share: count them with :meth:`note`, then
    compile every pattern with this object, and each lead met twice or more is compiled
    once and enumerated once per sentence and start for all its patterns.

    .. versionadded:: 0.1
    """

    def __init__(self) -> None:
        self._count: dict[tuple[object, ...], int] = {}
        self._leads: dict[tuple[object, ...], Remembered] = {}
        self._items: dict[tuple[object, ...], ItemWays] = {}

    def note(
        self,
        root: Group,
        lexicons: Mapping[str, Sequence[str]],
        declared: frozenset[str] = frozenset(),
    ) -> None:
        """Count the leads of a pattern (before compiling any)."""
        for alt in _top_alternatives(root):  # as compile_root takes them
            at = _lead_end(alt)
            if at:
                key = _lead_key(alt.items[:at], lexicons, CAPTURE_FIELDS | declared)
                self._count[key] = self._count.get(key, 0) + 1

    def _lead(self, compiler: _Compiler, lead: Seq) -> Remembered | None:
        """The shared lead ``compiler`` compiles ``lead`` to (None: no other pattern holds
        it)."""
        key = _lead_key(lead.items, compiler.lexicons, compiler.capture_names)
        if self._count.get(key, 0) < 2:
            return None
        known = self._leads.get(key)
        if known is None:
            items: list[ItemWays] = []
            for item in lead.items:
                item_key = _lead_key((item,), compiler.lexicons, compiler.capture_names)
                ways = self._items.get(item_key)
                if ways is None:
                    enumerating = _Compiler(
                        compiler.lexicons,
                        compiler.classes,
                        compiler.capture_names,
                        enumerate_ways=True,
                    )
                    ways = self._items[item_key] = ItemWays(
                        enumerating.compile(item, enumerating.end)
                    )
                items.append(ways)
            known = self._leads[key] = items[0] if len(items) == 1 else Lead(items)
        return known


def _lead_end(alt: Seq) -> int:
    """How many items of ``alt`` stand before the one holding its trigger (0: none, or no
    trigger)."""
    for k, item in enumerate(alt.items):
        if _holds_trigger(item):
            return k
    return 0


def _lead_key(
    items: Sequence[Node], lexicons: Mapping[str, Sequence[str]], captures: frozenset[str]
) -> tuple[object, ...]:
    """What makes two leads compile alike: their nodes (positions aside), the entries of the
    lexicons they name and the capture names allowed."""
    used = sorted({n.name for item in items for n in iter_nodes(item) if isinstance(n, Lexicon)})
    return (
        tuple(items),
        tuple((name, tuple(lexicons[name])) for name in used if name in lexicons),
        captures,
    )


@attrs.frozen(slots=True)
class Match:
    """Where a pattern matched in a token string: its extent and each capture's extent."""

    start: int
    end: int
    captures: tuple[tuple[str, int, int], ...]  # (name, start, end) in token-string positions

    def get(self, name: str) -> tuple[int, int] | None:
        for cap, start, end in self.captures:
            if cap == name:
                return start, end
        return None


@attrs.frozen(slots=True)
class Branch:
    """What one top-level alternative of a pattern needs of a sentence."""

    requires: tuple[frozenset[str], ...]
    lead_requires: tuple[frozenset[str], ...]
    lead_reach: int
    # Sets of which a match holds a word each *before its trigger*: a start after the last
    # such word in front of a trigger cannot reach it.
    before: tuple[frozenset[str], ...] = ()
    # ... and from the trigger on (the trigger's own words, and those of what follows it).
    after: tuple[frozenset[str], ...] = ()
    # The words its trigger can begin with (None: the branch holds no trigger of its own).
    triggers: frozenset[str] | None = None
    # The token sequences the trigger's first word or lexicon entry can be, and their
    # lengths ("signed on to" cannot begin at "signed a pact"); None: not known.
    heads: frozenset[tuple[str, ...]] | None = None
    head_lengths: tuple[int, ...] = ()
    # The most tokens a match of the branch can hold before its trigger (None: no trigger
    # of its own): a start further back cannot reach a trigger here.
    prefix: int | None = None
    # The branch from its trigger on, compiled (None: the trigger is not an item of its
    # own). What follows a trigger does not depend on what precedes it, so a match with
    # its trigger at a token needs this to match from there, whatever its start: one run
    # from the trigger rules out every start at once.
    tail: Step | None = attrs.field(default=None, eq=False, repr=False)
    # What the trigger capture itself holds, when it is an item of its own: a word of each
    # of these sets within ``trigger_reach`` tokens of the trigger ("held ... talks": a
    # talk noun within the capture's reach of "held"); () and 0 otherwise.
    trigger_needs: tuple[frozenset[str], ...] = ()
    trigger_reach: int = 0

    def possible(self, words: AbstractSet[str]) -> bool:
        """Whether ``words`` hold a word of each requirement set."""
        return machine.holds_each(words, self.requires)


@attrs.frozen(slots=True, eq=False)
class CompiledPattern:
    """A pattern ready to run: the matcher, its trigger words and its reach in tokens."""

    step: Step  # the compiled machine (treatytrack.rules.machine)
    trigger_words: frozenset[str]
    max_tokens: int
    captures: frozenset[str]
    prefix_tokens: int = 0  # the most tokens a match can hold before its trigger
    # What a match can begin with: these words, a token of these classes, or (when
    # ``starts_anywhere``) anything. The engine skips start positions that fit none.
    first_words: frozenset[str] = frozenset()
    first_classes: frozenset[str] = frozenset()
    starts_anywhere: bool = True
    # Per top-level alternative: the words a sentence must hold for a match (one of each
    # set: a conjunctive prefilter), and those its first item needs within a reach of its
    # start ("the treaty ... was signed": an instrument noun near the start).
    branches: tuple[Branch, ...] = ()
    # When every top-level alternative is a shared lead whose end is where the trigger
    # begins: those leads (a match has its trigger at one of their ends); else empty.
    trigger_leads: tuple[Remembered, ...] = ()

    def possible(self, words: AbstractSet[str]) -> bool:
        """Whether a sentence with these (lower-cased) tokens can hold a match at all."""
        return machine.holds_any(words, self.requirements)

    @property
    def requirements(self) -> tuple[tuple[frozenset[str], ...], ...]:
        """Per branch, its requirement sets."""
        return tuple(branch.requires for branch in self.branches)

    @property
    def element(self) -> MatcherElement:
        """The matcher as a pyparsing element (for ``parse_string`` / ``scan_string``)."""
        return MatcherElement(self.step)

    def may_trigger_at(self, s: str, loc: int, at: int) -> bool:
        """Whether a match from token position ``loc`` can have its trigger at position
        ``at``. ``False`` only when :attr:`trigger_leads` say so: no lead ends at ``at``
        (their ends are what a run from ``loc`` would read first, remembered per sentence;
        the steps they take come from the active budget, as a run's do)."""
        return not self.trigger_leads or machine.trigger_reachable(self.trigger_leads, s, loc, at)

    def run(self, s: str, loc: int) -> Match | None:
        """Match at token position ``loc`` of token string ``s`` (or ``None``).

        The run takes its steps from the active :func:`match_budget`; outside one it gets a
        budget of its own, so no single run is unbounded. A spent budget matches nothing.
        """
        budget = BUDGET.get()
        if budget is None:
            with match_budget():
                return self.run(s, loc)
        found = machine.run(self.step, s, loc, budget)
        return None if found is None else Match(loc, found[0], tuple(found[1]))


class _Compiler:
    def __init__(
        self,
        lexicons: Mapping[str, Sequence[str]],
        classes: ClassRegistry,
        capture_names: frozenset[str],
        *,
        enumerate_ways: bool = False,
    ) -> None:
        self.capture_names = capture_names
        self.lexicons = lexicons
        self.classes = classes
        # a lead compiled for enumeration (see Lead) ends in a collector that fails
        self.enumerating = enumerate_ways
        self.end: Step = Collect() if enumerate_ways else End()
        self.any = AnyToken()
        self._lexicon_elements: dict[str, Atom] = {}
        self._class_elements: dict[str, Atom] = {}

    def atom(self, node: Literal | Lexicon | Class) -> Atom:
        if isinstance(node, Literal):
            text = literal_tokens(node.text)
            if not text:
                raise PatternSyntaxError("a literal must contain a word", node.pos, "empty-literal")
            return Words(text)
        if isinstance(node, Lexicon):
            if node.name not in self.lexicons:
                raise PatternSyntaxError(
                    f"unknown lexicon '@{node.name}'{_suggest(node.name, self.lexicons, '@')}",
                    node.pos,
                    "unknown-lexicon",
                )
            if node.name not in self._lexicon_elements:
                self._lexicon_elements[node.name] = Entries(node.name, self.lexicons[node.name])
            return self._lexicon_elements[node.name]
        if node.name not in self.classes:
            hint = _suggest(node.name, self.classes.names(), "")
            if not hint:
                hint = f' (to match the word, write it in lower case or quote it: "{node.name}")'
            raise PatternSyntaxError(
                f"unknown class '{node.name}'{hint}", node.pos, "unknown-class"
            )
        if node.name not in self._class_elements:
            self._class_elements[node.name] = ClassAtom(node.name, self.classes[node.name].match)
        return self._class_elements[node.name]

    def _one_token_atom(self, node: Node) -> Atom | None:
        """A compiled atom for a word, lexicon, plain class or ``...{1,1}``; None otherwise."""
        if isinstance(node, Gap) and node.min == node.max == 1:
            return self.any
        if isinstance(node, (Literal, Lexicon)):
            return self.atom(node)
        if (
            isinstance(node, Class)
            and node.name in self.classes
            and self.classes[node.name].ends is None
        ):
            return self.atom(node)
        return None

    def _guard_runs(self, items: Sequence[Node]) -> list[Node | tuple[tuple[Atom, ...], Atom]]:
        """Fold each run of lookaheads on single atoms and the atom after them ("!PARTY
        !@gap_stop ...{1,1}") into one guarded element: the same match, one call instead of
        a lookahead parse per exclusion."""
        out: list[Node | tuple[tuple[Atom, ...], Atom]] = []
        pending: list[tuple[Node, Atom]] = []
        for item in items:
            if isinstance(item, Not):
                atom = self._one_token_atom(item.item)
                if atom is not None:
                    pending.append((item, atom))
                    continue
            base = self._one_token_atom(item) if pending else None
            if base is not None:
                out.append((tuple(a for _, a in pending), base))
            else:
                out.extend(n for n, _ in pending)
                out.append(item)
            pending = []
        out.extend(n for n, _ in pending)
        return out

    def then(self, first: Atom, rest: Step) -> Step:
        return Then(first, None if rest is self.end and not self.enumerating else rest)

    def mark(self, name: str, opening: bool, rest: Step) -> Step:
        if self.enumerating:
            return PathMark(name, opening, rest)
        return MarkThen(name, opening, None if rest is self.end else rest)

    def choice(self, alternatives: list[Step]) -> Step:
        return PathChoice(alternatives) if self.enumerating else Choice(alternatives)

    def compile_root(self, root: Group, leads: Leads | None) -> Step:
        """Compile a whole pattern; with ``leads``, each alternative whose lead other
        patterns share takes the shared lead (the same matches: see Lead)."""
        if leads is None:
            return self.compile(root, self.end)
        alternatives = [self._alternative(alt, leads) for alt in root.alternatives]
        return alternatives[0] if len(alternatives) == 1 else self.choice(alternatives)

    def _alternative(self, alt: Seq, leads: Leads) -> Step:
        if len(alt.items) == 1 and isinstance(alt.items[0], Group):
            return self.compile_root(alt.items[0], leads)
        at = _lead_end(alt)
        lead_items = attrs.evolve(alt, items=alt.items[:at])
        lead = leads._lead(self, lead_items) if at else None
        if lead is None:
            return self.compile(alt, self.end)
        rest = self.compile(attrs.evolve(alt, items=alt.items[at:]), self.end)
        # what the alternative can begin with: its lead's first words, compiled before the
        # rest it shares (only the lead is compiled twice)
        first = self.compile(lead_items, rest).first
        triggers = [n for item in alt.items[at:] for n in iter_nodes(item) if _is_trigger(n)]
        return SharedLead(lead, rest, first, triggers == [alt.items[at]])

    def compile(self, node: Node, rest: Step) -> Step:
        if isinstance(node, Macro):
            raise PatternSyntaxError(f"unknown macro '%{node.name}'", node.pos, "unknown-macro")
        if isinstance(node, Class) and node.name in self.classes:
            cls = self.classes[node.name]
            if cls.ends is not None:
                return Backtrack(cls.name, cls.ends, rest)
        if isinstance(node, (Literal, Lexicon, Class)):
            return self.then(self.atom(node), rest)
        if isinstance(node, Seq):
            for item in reversed(self._guard_runs(node.items)):
                if isinstance(item, tuple):  # "!x !y z": one element that checks them all
                    nots, base = item
                    rest = self.then(Guarded(nots, base), rest)
                else:
                    rest = self.compile(item, rest)
            return rest
        if isinstance(node, Group):
            alternatives = [self.compile(alt, rest) for alt in node.alternatives]
            return alternatives[0] if len(alternatives) == 1 else self.choice(alternatives)
        if isinstance(node, Capture):
            if node.name not in self.capture_names:
                raise PatternSyntaxError(
                    f"'{node.name}' is not a field a capture can fill"
                    f"{_suggest(node.name, CAPTURE_FIELDS, '')}; fields: "
                    + ", ".join(sorted(CAPTURE_FIELDS)),
                    node.pos,
                    "unknown-capture",
                )
            inner = self.compile(node.item, self.mark(node.name, False, rest))
            return self.mark(node.name, True, inner)
        if isinstance(node, Not):
            # a lookahead is matched, not enumerated, even inside a lead
            plain = (
                _Compiler(self.lexicons, self.classes, self.capture_names)
                if self.enumerating
                else self
            )
            return NotThen(plain.compile(node.item, plain.end), rest)
        if isinstance(node, Gap):
            if node.max is None:
                raise PatternSyntaxError(
                    "a gap must be bounded: write ...{m,n}", node.pos, "unbounded-gap"
                )
            lazy = rest
            for _ in range(node.max - node.min):  # try the rest first, then one more token
                lazy = self.choice([rest, self.then(self.any, lazy)])
            for _ in range(node.min):
                lazy = self.then(self.any, lazy)
            return lazy
        assert isinstance(node, Repeat)
        if node.max is None:
            raise PatternSyntaxError(
                "a repeat must be bounded: write {m,n}", node.pos, "unbounded-repeat"
            )
        chain = rest
        for _ in range(node.max - node.min):
            more = self.compile(node.item, chain)
            # greedy: one more item first, then the rest; lazy: the rest first
            order = [rest, more] if node.lazy else [more, rest]
            chain = self.choice(order)
        for _ in range(node.min):
            chain = self.compile(node.item, chain)
        return chain


def _suggest(name: str, known: Iterable[str], prefix: str) -> str:
    close = difflib.get_close_matches(name, [str(o) for o in known], n=1)
    return f" (did you mean '{prefix}{close[0]}'?)" if close else ""


def _max_tokens(node: Node, lexicons: Mapping[str, Sequence[str]], classes: ClassRegistry) -> int:
    if isinstance(node, Literal):
        return max(1, literal_tokens(node.text).count(" "))
    if isinstance(node, Lexicon):
        return max((e.count(" ") for e in lexicons[node.name]), default=1)
    if isinstance(node, Class):
        return classes[node.name].max_tokens
    if isinstance(node, Gap):
        return node.max or 0
    if isinstance(node, Not):
        return 0
    if isinstance(node, Repeat):
        return (node.max or 0) * _max_tokens(node.item, lexicons, classes)
    if isinstance(node, Capture):
        return _max_tokens(node.item, lexicons, classes)
    if isinstance(node, Seq):
        return sum(_max_tokens(i, lexicons, classes) for i in node.items)
    assert isinstance(node, Group), node  # macros are expanded before compiling
    return max(_max_tokens(a, lexicons, classes) for a in node.alternatives)


def _prefix(
    node: Node, lexicons: Mapping[str, Sequence[str]], classes: ClassRegistry
) -> int | None:
    """The most tokens a match can take before its trigger (None: no trigger inside)."""
    if isinstance(node, Capture):
        if node.name == "trigger":
            return 0
        return _prefix(node.item, lexicons, classes)
    if isinstance(node, Repeat):
        inner = _prefix(node.item, lexicons, classes)
        if inner is None:
            return None
        return ((node.max or 1) - 1) * _max_tokens(node.item, lexicons, classes) + inner
    if isinstance(node, Seq):
        before = 0
        for item in node.items:
            inner = _prefix(item, lexicons, classes)
            if inner is not None:
                return before + inner
            before += _max_tokens(item, lexicons, classes)
        return None
    if isinstance(node, Group):
        found = [p for a in node.alternatives if (p := _prefix(a, lexicons, classes)) is not None]
        return max(found) if found else None
    return None


def _compiled_size(node: Node) -> int:
    """How many matcher elements :class:`_Compiler` makes of ``node`` (repeats copy)."""
    if isinstance(node, Gap):
        high = node.max if node.max is not None else node.min
        return 2 * max(0, high - node.min) + node.min + 1
    if isinstance(node, Repeat):
        high = node.max if node.max is not None else node.min
        return max(1, high) * _compiled_size(node.item) + max(0, high - node.min) + 1
    if isinstance(node, (Capture, Not)):
        return _compiled_size(node.item) + 3
    if isinstance(node, Seq):
        return sum(_compiled_size(i) for i in node.items)
    if isinstance(node, Group):
        return sum(_compiled_size(a) for a in node.alternatives) + 1
    return 2


def _check_size(root: Node) -> None:
    size = _compiled_size(root)
    if size > MAX_COMPILED_ELEMENTS:
        raise PatternSyntaxError(
            f"the pattern compiles to {size} matcher elements; the limit is "
            f"{MAX_COMPILED_ELEMENTS} (nested repeats multiply: narrow them)",
            root.pos,
            "too-costly",
        )


def _paths(node: Node) -> int:
    """An upper bound of the ways a pattern can try to match at one start (its backtracking)."""
    if isinstance(node, Gap):
        return (node.max or 0) - node.min + 1
    if isinstance(node, Repeat):
        inner = _paths(node.item)
        return sum(inner**k for k in range(node.min, (node.max or 0) + 1))
    if isinstance(node, Capture):
        return _paths(node.item)
    if isinstance(node, Seq):
        total = 1
        for item in node.items:
            total *= _paths(item)
            if total > MAX_PATHS:
                return total
        return total
    if isinstance(node, Group):
        # Alternatives that are single words or lexicons exclude one another: at most one
        # fits at a position, so together they are one way, not several.
        single = [
            a
            for a in node.alternatives
            if len(a.items) == 1 and isinstance(a.items[0], (Literal, Lexicon))
        ]
        rest = sum(_paths(a) for a in node.alternatives if a not in single)
        return rest + (1 if single else 0)
    return 1


_MAX_CLAUSES = 16  # requirement sets a group may give


def class_mark(name: str) -> str:
    """The pseudo-word standing in requirements for a token of a one-token class."""
    return f"<{name}>"


def _requirements(
    node: Node, lexicons: Mapping[str, Sequence[str]], classes: ClassRegistry
) -> list[frozenset[str]]:
    """Sets of words, one of each of which any match must contain (a lexicon entry counts
    by its first word and by its last; a one-token class with a token test by its mark,
    ``<NAME>``). Other classes, gaps and optional items require nothing; alternatives
    require what they share and the unions of what each requires besides."""
    if isinstance(node, Literal):
        return [frozenset({w}) for w in literal_tokens(node.text).split()]
    if isinstance(node, Lexicon):
        # an entry holds its first word and its last: "a round of talks" both "a" and "talks"
        entries = [entry.split() for entry in lexicons[node.name]]
        firsts = frozenset(words[0] for words in entries if words)
        lasts = frozenset(words[-1] for words in entries if words)
        return [firsts] if lasts == firsts else [firsts, lasts]
    if isinstance(node, Class):
        tested = node.name in classes and classes[node.name].token_test is not None
        return [frozenset({class_mark(node.name)})] if tested else []
    if isinstance(node, Capture):
        return _requirements(node.item, lexicons, classes)
    if isinstance(node, Repeat):
        return _requirements(node.item, lexicons, classes) if node.min > 0 else []
    if isinstance(node, Seq):
        return [need for item in node.items for need in _requirements(item, lexicons, classes)]
    if isinstance(node, Group):
        options = [_requirements(alt, lexicons, classes) for alt in node.alternatives]
        if len(options) == 1:
            return options[0]
        if any(not option for option in options):
            return []
        # A set every alternative requires ("agreed" of "agreed in principle | agreed on a
        # framework") the group requires as it is; the rest are combined below.
        shared = [need for need in options[0] if all(need in option for option in options[1:])]
        options = [[need for need in option if need not in shared] for option in options]
        if any(not option for option in options):
            return shared
        # A match of the group holds one set of each alternative's, for the alternative it
        # took: so, for any choice of one set per alternative, the union is necessary. All
        # such unions while they are few; else the most selective set of each.
        combos = 1
        for option in options:
            combos *= len(option)
        if combos > _MAX_CLAUSES:
            return [*shared, frozenset().union(*(min(option, key=len) for option in options))]
        return shared + list(
            dict.fromkeys(frozenset().union(*choice) for choice in itertools.product(*options))
        )
    return []


def _first_set(
    node: Node, lexicons: Mapping[str, Sequence[str]]
) -> tuple[set[str], set[str], bool, bool]:
    """(first words, first classes, can be empty, can start with any token)."""
    if isinstance(node, Literal):
        return {literal_tokens(node.text).split(" ", 1)[0]}, set(), False, False
    if isinstance(node, Lexicon):
        return {e.split(" ", 1)[0] for e in lexicons[node.name]}, set(), False, False
    if isinstance(node, Class):
        return set(), {node.name}, False, False
    if isinstance(node, Gap):
        return set(), set(), node.min == 0, (node.max or 0) > 0
    if isinstance(node, Not):
        return set(), set(), True, False
    if isinstance(node, (Capture, Repeat)):
        words, classes, empty, anything = _first_set(node.item, lexicons)
        return words, classes, empty or (isinstance(node, Repeat) and node.min == 0), anything
    if isinstance(node, Seq):
        words, classes, anything = set(), set(), False
        for item in node.items:
            w, c, empty, a = _first_set(item, lexicons)
            words |= w
            classes |= c
            anything |= a
            if not empty:
                return words, classes, False, anything
        return words, classes, True, anything
    assert isinstance(node, Group), node
    words, classes, empty, anything = set(), set(), False, False
    for alt in node.alternatives:
        w, c, e, a = _first_set(alt, lexicons)
        words |= w
        classes |= c
        empty |= e
        anything |= a
    return words, classes, empty, anything


def _first_words(node: Node, lexicons: Mapping[str, Sequence[str]]) -> tuple[set[str], bool, bool]:
    """(literal first tokens, can be empty, can start with a non-literal)."""
    if isinstance(node, Literal):
        return {literal_tokens(node.text).split(" ", 1)[0]}, False, False
    if isinstance(node, Lexicon):
        return {e.split(" ", 1)[0] for e in lexicons[node.name]}, False, False
    if isinstance(node, Class):
        return set(), False, True
    if isinstance(node, Gap):
        return set(), node.min == 0, node.max != 0
    if isinstance(node, Not):
        return set(), True, False
    if isinstance(node, Capture):
        return _first_words(node.item, lexicons)
    if isinstance(node, Repeat):
        words, empty, other = _first_words(node.item, lexicons)
        return words, empty or node.min == 0, other
    if isinstance(node, Seq):
        found: set[str] = set()
        for item in node.items:
            w, empty, other = _first_words(item, lexicons)
            found |= w
            if other:
                return found, False, True
            if not empty:
                return found, False, False
        return found, True, False
    assert isinstance(node, Group), node  # macros are expanded before compiling
    out: set[str] = set()
    any_empty = any_other = False
    for alt in node.alternatives:
        w, empty, other = _first_words(alt, lexicons)
        out |= w
        any_empty |= empty
        any_other |= other
    return out, any_empty, any_other


def compile_pattern(
    root: Group,
    lexicons: Mapping[str, Sequence[str]],
    classes: ClassRegistry,
    declared: frozenset[str] = frozenset(),
    leads: Leads | None = None,
) -> CompiledPattern:
    """Compile a parsed pattern; raise :class:`PatternSyntaxError` (with the offset) if it is
    not a valid rule pattern: unknown names, unbounded gaps, no literal trigger, too costly.

    ``declared`` are capture names the rule declares under ``captures:`` (with a field).
    ``leads``, when given, shares the pattern's lead with the other patterns of its rule set
    (see :class:`Leads`): the same matches, the lead read once for all of them.
    """
    for node in iter_nodes(root):
        if isinstance(node, Macro):
            raise PatternSyntaxError(f"unknown macro '%{node.name}'", node.pos, "unknown-macro")
    _check_size(root)
    compiler = _Compiler(lexicons, classes, CAPTURE_FIELDS | declared)
    step = compiler.compile_root(root, leads)
    triggers = [n for n in iter_nodes(root) if isinstance(n, Capture) and n.name == "trigger"]
    if not triggers:
        raise PatternSyntaxError(
            "the pattern has no trigger: mark its anchor words with trigger:(...)",
            root.pos,
            "no-trigger",
        )
    words: set[str] = set()
    for trig in triggers:
        w, empty, other = _first_words(trig.item, lexicons)
        if empty or other or not w:
            raise PatternSyntaxError(
                "the trigger must begin with a literal word or @lexicon (the prefilter looks "
                "for it), not a CLASS, gap or optional item",
                trig.pos,
                "no-literal-trigger",
            )
        words |= w
    reach = _max_tokens(root, lexicons, classes)
    if reach > MAX_PATTERN_TOKENS:
        raise PatternSyntaxError(
            f"the pattern can span up to {reach} tokens; the limit is {MAX_PATTERN_TOKENS} "
            "(narrow its gaps and repeats)",
            root.pos,
            "too-costly",
        )
    paths = _paths(root)
    if paths > MAX_PATHS:
        raise PatternSyntaxError(
            f"the pattern has more than {MAX_PATHS} ways to match at one place (nested or "
            "stacked gaps and repeats); narrow them",
            root.pos,
            "too-costly",
        )
    depth = step.depth
    if depth > MAX_MATCH_DEPTH:
        raise PatternSyntaxError(
            f"the pattern nests {depth} levels deep once compiled; the limit is "
            f"{MAX_MATCH_DEPTH} (long runs of captures, lookaheads and gaps: shorten them)",
            root.pos,
            "too-costly",
        )
    names = frozenset(n.name for n in iter_nodes(root) if isinstance(n, Capture))
    prefix = _prefix(root, lexicons, classes) or 0
    first_words, first_classes, empty, anything = _first_set(root, lexicons)
    branches = tuple(
        _branch(alt, compiler)
        for top in _top_alternatives(root)
        for alt in _trigger_alternatives(top)
    )
    return CompiledPattern(
        step,
        frozenset(words),
        reach,
        names,
        prefix,
        frozenset(first_words),
        frozenset(first_classes),
        empty or anything,
        branches,
        _trigger_leads(step),
    )


def _trigger_leads(step: Step) -> tuple[Remembered, ...]:
    """The leads at whose ends a match of ``step`` has its trigger, when it is one shared
    lead or a choice of them that all say so (see CompiledPattern.trigger_leads)."""
    alternatives = step.alternatives if isinstance(step, Choice) else [step]
    leads: list[Remembered] = []
    for alternative in alternatives:
        if not (isinstance(alternative, SharedLead) and alternative.trigger_at_end):
            return ()
        if all(alternative.lead is not lead for lead in leads):
            leads.append(alternative.lead)
    return tuple(leads)


def _top_alternatives(root: Group) -> list[Seq]:
    """The pattern's alternatives, looking through a group that is the whole pattern."""
    out: list[Seq] = []
    for alt in root.alternatives:
        if len(alt.items) == 1 and isinstance(alt.items[0], Group):
            out.extend(_top_alternatives(alt.items[0]))
        else:
            out.append(alt)
    return out


def _branch(alt: Seq, compiler: _Compiler) -> Branch:
    lexicons, classes = compiler.lexicons, compiler.classes
    lead: Node = alt.items[0] if alt.items else alt
    requires = tuple(dict.fromkeys(n for n in _requirements(alt, lexicons, classes) if n))
    lead_requires = tuple(n for n in _requirements(lead, lexicons, classes) if n)
    # the items before the first that holds the trigger end before the trigger starts
    with_trigger = [i for i, item in enumerate(alt.items) if _holds_trigger(item)]
    if not with_trigger:
        return Branch(requires, lead_requires, _max_tokens(lead, lexicons, classes))

    def needs(items: Sequence[Node]) -> tuple[frozenset[str], ...]:
        return tuple(
            dict.fromkeys(n for item in items for n in _requirements(item, lexicons, classes) if n)
        )

    at = with_trigger[0]
    own = alt.items[at] if _is_trigger(alt.items[at]) else None
    captures = [n for n in iter_nodes(alt) if isinstance(n, Capture) and n.name == "trigger"]
    triggers = {word for node in captures for word in _first_words(node.item, lexicons)[0]}
    found = [_heads(node.item, lexicons) for node in captures]
    heads = None if any(h is None for h in found) else frozenset().union(*found)  # type: ignore[arg-type]
    return Branch(
        requires,
        lead_requires,
        _max_tokens(lead, lexicons, classes),
        needs(alt.items[:at]),
        # a trigger capture that is an item of its own starts at the trigger
        needs(alt.items[at:] if own is not None else alt.items[at + 1 :]),
        frozenset(triggers),
        heads,
        tuple(sorted({len(h) for h in heads})) if heads is not None else (),
        _prefix(alt, lexicons, classes),
        compiler.compile(attrs.evolve(alt, items=alt.items[at:]), compiler.end)
        if own is not None
        else None,
        needs((own,)) if own is not None else (),
        _max_tokens(own, lexicons, classes) if own is not None else 0,
    )


def _heads(node: Node, lexicons: Mapping[str, Sequence[str]]) -> set[tuple[str, ...]] | None:
    """The token sequences the first word or lexicon entry of ``node`` can be (None: it
    can begin otherwise: with a class, a gap or an optional item)."""
    if isinstance(node, Literal):
        return {tuple(literal_tokens(node.text).split())}
    if isinstance(node, Lexicon):
        return {tuple(literal_tokens(e).split()) for e in lexicons[node.name]}
    if isinstance(node, Capture):
        return _heads(node.item, lexicons)
    if isinstance(node, Repeat):
        return _heads(node.item, lexicons) if node.min > 0 else None
    if isinstance(node, Seq):
        return _heads(node.items[0], lexicons) if node.items else None
    if isinstance(node, Group):
        out: set[tuple[str, ...]] = set()
        for alt in node.alternatives:
            found = _heads(alt, lexicons)
            if found is None:
                return None
            out |= found
        return out
    return None


_MAX_BRANCHES = 16  # per top-level alternative, when spreading the trigger's group


def _trigger_alternatives(alt: Seq) -> list[Seq]:
    """``alt`` as a list of sequences with the same matches, the group that holds the
    trigger spread out ("X (trigger:a | b trigger:c) Y" is "X trigger:a Y" or "X b trigger:c
    Y"), and the captures around it opened, so that each sequence has its trigger as an item
    of its own where it can: what comes before and after a trigger is then known per
    branch."""
    out: list[Seq] = []
    todo = [alt]
    while todo:
        seq = todo.pop(0)
        holders = [i for i, item in enumerate(seq.items) if _holds_trigger(item)]
        item = seq.items[holders[0]] if holders else None
        if isinstance(item, Capture) and not _is_trigger(item):
            # a capture around the trigger ("agreement:(YEAR MOD{0,3} trigger:@noun)")
            # consumes nothing of its own: its items stand in the sequence in its place
            k = holders[0]
            inner = item.item.items if isinstance(item.item, Seq) else (item.item,)
            todo.insert(0, Seq((*seq.items[:k], *inner, *seq.items[k + 1 :]), seq.pos))
            continue
        if (
            not isinstance(item, Group)
            or len(out) + len(todo) + len(item.alternatives) > _MAX_BRANCHES
        ):
            out.append(seq)
            continue
        k = holders[0]
        todo[:0] = [
            Seq((*seq.items[:k], *option.items, *seq.items[k + 1 :]), seq.pos)
            for option in item.alternatives
        ]
    return out


def _holds_trigger(node: Node) -> bool:
    return any(_is_trigger(n) for n in iter_nodes(node))


def _is_trigger(node: Node) -> bool:
    return isinstance(node, Capture) and node.name == "trigger"


def check_fragment(
    root: Node,
    lexicons: Mapping[str, Sequence[str]],
    classes: ClassRegistry,
    declared: frozenset[str] = frozenset(),
) -> None:
    """Check the names in a pattern fragment (a macro): lexicons, classes, captures, bounds."""
    _check_size(root)
    compiler = _Compiler(lexicons, classes, CAPTURE_FIELDS | declared)
    compiler.compile(root, compiler.end)
