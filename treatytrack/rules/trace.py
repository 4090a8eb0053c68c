"""Trace a pattern over a token string: how far it got, and what it expected where it stopped.

:mod:`.compile` turns a pattern into pyparsing elements that succeed or fail, nothing more.
Rule authors also need to know *why* a pattern failed ("why didn't my pattern match?"), so
this module walks the pattern tree itself, with the semantics :mod:`.compile` gives it:
atoms take their longest match and never give tokens back; alternatives, repeats and gaps
backtrack into the rest of the pattern; gaps and lazy repeats try the rest first; a class
registered with ``ends`` (``PHRASE``) gives words back like a repeat; ``!x`` consumes
nothing. Every atom tried is noted, so a failed run reports the furthest token
reached, the atoms that failed there and the captures made on the way.

The tests check, on generated patterns and sentences, that :meth:`PatternTracer.run` finds
exactly the match :meth:`~treatytrack.rules.compile.CompiledPattern.run` finds.

.. versionadded:: 0.1
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Optional

import attrs

from .classes import CLASSES, ClassRegistry, next_token
from .compile import Match, literal_tokens
from .pattern import Capture, Class, Gap, Group, Lexicon, Literal, Node, Not, Repeat, Seq, to_text

__all__ = ["PatternTracer", "Trace", "describe"]

# Captures on the path being tried, as persistent linked lists (cheap to extend and share).
_Closed = Optional[tuple[tuple[str, int, int], "_Closed"]]  # noqa: UP045 - recursive alias
_Open = Optional[tuple[tuple[str, int], "_Open"]]  # noqa: UP045 - recursive alias
_State = tuple[_Closed, _Open]
_Next = Callable[[int, _State], int | None]


@attrs.frozen(slots=True)
class Trace:
    """One run of a pattern from one start.

    ``match`` is the match (as :class:`~treatytrack.rules.compile.Match`) or ``None``.
    Without a match, ``furthest`` is the furthest token-string position where an item was
    tried and failed, ``expected`` the items that failed there, and ``captures`` the
    captures made on the way to that point as ``(name, start, end)`` (a capture still open
    ends at ``furthest``). With a match they are its end, nothing, and its captures.
    """

    start: int
    match: Match | None
    furthest: int
    expected: tuple[Node, ...]
    captures: tuple[tuple[str, int, int], ...]


def describe(node: Node) -> str:
    """How an item that failed is named in an explanation (``@sign_verb``, ``PARTIES``)."""
    if isinstance(node, Gap):
        return "any token"
    if isinstance(node, Not):
        return "anything but " + to_text(node.item)
    return to_text(node)


class _Search:
    """One run from one start over one token string; notes every atom tried."""

    def __init__(self, tracer: PatternTracer, s: str) -> None:
        self.tracer = tracer
        self.s = s
        self.furthest = -1
        self.expected: list[Node] = []
        self.state: _State = (None, None)
        self.result: _State = (None, None)
        self.quiet = 0  # inside a lookahead: attempts there are not progress
        self.choices: Sequence[int] | None = None  # a derivation to follow (see replay)
        self.next_choice = 0

    def chosen(self) -> int | None:
        """The next choice of the derivation being replayed (None: search freely)."""
        if self.choices is None or self.quiet:
            return None
        if self.next_choice >= len(self.choices):
            raise _Exhausted
        choice = self.choices[self.next_choice]
        self.next_choice += 1
        return choice

    def fail(self, node: Node, loc: int, state: _State) -> None:
        if self.quiet:
            return
        if loc > self.furthest:
            self.furthest = loc
            self.expected = [node]
            self.state = state
        elif loc == self.furthest and node not in self.expected:
            self.expected.append(node)

    def atom(self, node: Node, loc: int, state: _State, rest: _Next) -> int | None:
        assert isinstance(node, (Literal, Lexicon, Class))
        if isinstance(node, Class):
            ends = self.tracer.classes[node.name].ends
            if ends is not None:  # a class that gives words back: every end, longest first
                for end in ends(self.s, loc):
                    if end > loc:
                        found = rest(end, state)
                        if found is not None:
                            return found
                self.fail(node, loc, state)
                return None
        stop = self.tracer.atom_end(node, self.s, loc)
        if stop is None:
            self.fail(node, loc, state)
            return None
        return rest(stop, state)

    def any_token(self, node: Gap, loc: int, state: _State) -> int | None:
        space = self.s.find(" ", loc)
        if space > loc:
            return space + 1
        self.fail(node, loc, state)
        return None

    def walk(self, node: Node, loc: int, state: _State, rest: _Next) -> int | None:
        if isinstance(node, (Literal, Lexicon, Class)):
            return self.atom(node, loc, state, rest)
        if isinstance(node, Seq):
            return self.seq(node.items, 0, loc, state, rest)
        if isinstance(node, Group):
            choice = self.chosen() if len(node.alternatives) > 1 else None
            if choice is not None:
                return self.walk(node.alternatives[choice], loc, state, rest)
            for alternative in node.alternatives:
                end = self.walk(alternative, loc, state, rest)
                if end is not None:
                    return end
            return None
        if isinstance(node, Capture):
            closed, opened = state
            name = node.name

            def close(end: int, inner: _State) -> int | None:
                inner_closed, inner_open = inner
                assert inner_open is not None
                start = inner_open[0][1]
                spans: _Closed = (name, start, end), inner_closed
                return rest(end, (spans if end > start else inner_closed, inner_open[1]))

            return self.walk(node.item, loc, (closed, ((name, loc), opened)), close)
        if isinstance(node, Not):
            self.quiet += 1
            try:
                found = self.walk(node.item, loc, (None, None), lambda end, _: end) is not None
            finally:
                self.quiet -= 1
            if found:
                self.fail(node, loc, state)
                return None
            return rest(loc, state)
        if isinstance(node, Gap):
            return self.gap(node, loc, state, rest)
        assert isinstance(node, Repeat), node  # macros are expanded before tracing
        assert node.max is not None
        count = self.chosen() if node.max > node.min else None
        if count is not None:
            return self.exactly(node.item, node.min + count, loc, state, rest)
        return self.repeat(node, 0, loc, state, rest)

    def exactly(self, item: Node, count: int, loc: int, state: _State, rest: _Next) -> int | None:
        if not count:
            return rest(loc, state)
        return self.walk(
            item, loc, state, lambda end, st: self.exactly(item, count - 1, end, st, rest)
        )

    def seq(
        self, items: Sequence[Node], i: int, loc: int, state: _State, rest: _Next
    ) -> int | None:
        if i == len(items):
            return rest(loc, state)
        return self.walk(
            items[i], loc, state, lambda end, st: self.seq(items, i + 1, end, st, rest)
        )

    def gap(self, node: Gap, loc: int, state: _State, rest: _Next) -> int | None:
        assert node.max is not None
        extra = self.chosen() if node.max > node.min else None
        if extra is not None:
            for _ in range(node.min + extra):
                after = self.any_token(node, loc, state)
                if after is None:
                    return None
                loc = after
            return rest(loc, state)
        for _ in range(node.min):
            after = self.any_token(node, loc, state)
            if after is None:
                return None
            loc = after
        for extra in range(node.max - node.min + 1):
            end = rest(loc, state)  # lazy: the rest first, then one more token
            if end is not None or extra == node.max - node.min:
                return end
            after = self.any_token(node, loc, state)
            if after is None:
                return None
            loc = after
        return None

    def repeat(self, node: Repeat, count: int, loc: int, state: _State, rest: _Next) -> int | None:
        assert node.max is not None

        def more(end: int, st: _State) -> int | None:
            return self.repeat(node, count + 1, end, st, rest)

        if count < node.min:
            return self.walk(node.item, loc, state, more)
        if count >= node.max:
            return rest(loc, state)
        if node.lazy:
            end = rest(loc, state)
            return end if end is not None else self.walk(node.item, loc, state, more)
        end = self.walk(node.item, loc, state, more)
        return end if end is not None else rest(loc, state)


class _Exhausted(Exception):
    """A replayed derivation has fewer choices than the pattern asks for."""


def _spans(closed: _Closed) -> list[tuple[str, int, int]]:
    out = []
    while closed is not None:
        out.append(closed[0])
        closed = closed[1]
    out.reverse()  # in the order the captures closed, as the compiled pattern lists them
    return out


class PatternTracer:
    """Runs one pattern tree over token strings, the way its compiled form runs, and traces.

    ``lexicons`` are the lexicons the pattern sees (lower-cased token strings, as in
    :attr:`~treatytrack.rules.RuleSet.lexicons`); ``classes`` the class registry.
    """

    def __init__(
        self,
        tree: Node,
        lexicons: Mapping[str, Sequence[str]],
        classes: ClassRegistry = CLASSES,
    ) -> None:
        self.tree = tree
        self.lexicons = lexicons
        self.classes = classes
        self._literals: dict[str, str] = {}
        self._entries: dict[str, dict[str, list[str]]] = {}

    def atom_end(self, node: Literal | Lexicon | Class, s: str, loc: int) -> int | None:
        """Where one atom's match at ``loc`` ends (``None``: it does not match there)."""
        if isinstance(node, Literal):
            text = self._literals.get(node.text)
            if text is None:
                text = self._literals[node.text] = literal_tokens(node.text)
            end = loc + len(text)
            return end if text and s[loc:end].lower() == text else None
        if isinstance(node, Lexicon):
            return self._entry_end(node.name, s, loc)
        reach = self.classes[node.name].match(s, loc)
        return reach if reach is not None and reach > loc else None

    def _entry_end(self, name: str, s: str, loc: int) -> int | None:
        index = self._entries.get(name)
        if index is None:
            index = {}
            for entry in self.lexicons[name]:
                index.setdefault(entry.split(" ", 1)[0], []).append(entry)
            for entries in index.values():
                entries.sort(key=len, reverse=True)
            self._entries[name] = index
        word, after = next_token(s, loc)
        for entry in index.get(word.lower(), ()):
            end = loc + len(entry)
            if end == after or s[loc:end].lower() == entry:
                return end
        return None

    def trace(self, s: str, loc: int, derivation: Sequence[int] | None = None) -> Trace:
        """Run the whole pattern at token position ``loc`` of token string ``s``.

        With a ``derivation`` (a choice per alternative group, repeat and gap with a
        choice to make, in the order the pattern is read: the alternative's index, the
        count above the minimum), only that reading is tried: each atom still takes what
        it takes, so the run fails where an atom takes more or less than that reading
        gave it. :mod:`treatytrack.strategies` records the derivation of every sentence
        it writes.
        """
        search = _Search(self, s)
        search.choices = derivation

        def done(end: int, state: _State) -> int:
            search.result = state
            return end

        try:
            end = search.walk(self.tree, loc, (None, None), done)
        except _Exhausted:
            end = None
        match = None
        if end is not None:
            spans = _spans(search.result[0])
            spans.sort(key=lambda c: (c[1], -c[2]))
            match = Match(loc, end, tuple(spans))
        if match is not None:
            return Trace(loc, match, match.end, (), match.captures)
        furthest = search.furthest
        closed, opened = search.state
        made = _spans(closed)
        while opened is not None:
            name, start = opened[0]
            if furthest > start:
                made.append((name, start, furthest))
            opened = opened[1]
        made.sort(key=lambda c: (c[1], -c[2]))
        return Trace(loc, match, max(furthest, loc), tuple(search.expected), tuple(made))

    def run(self, s: str, loc: int) -> Match | None:
        """The match at ``loc`` (the same as the compiled pattern's), or ``None``."""
        return self.trace(s, loc).match

    def matches_at(self, node: Node, s: str, loc: int) -> bool:
        """Whether ``node`` (any part of a pattern) matches at ``loc`` in some way."""
        search = _Search(self, s)
        search.quiet = 1
        return search.walk(node, loc, (None, None), lambda end, _: end) is not None
