"""Private machinery of :mod:`treatytrack.strategies`: sentences generated from a rule's pattern.

The generator walks a rule's expanded pattern tree (:attr:`~treatytrack.rules.Rule.tree`)
and writes one token sequence the pattern allows: literals as written, lexicon entries as
the pack writes them, class items from samples the class accepts (states drawn from
pycountry for ``PARTY``/``PARTIES``), gaps filled with neutral words. Every choice goes
through a :class:`Source`: hypothesis draws (which shrink towards the first alternative,
the fewest repeats, the first entry) or a seeded random generator (for lint). The
captures the rule must report are known by construction.

A negative lookahead ``!x`` cannot be written forwards; it is checked once the sentence is
complete, and a sentence that breaks one is rejected (it is not a sentence the rule must
match).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from typing import Protocol

import attrs

from ..rules.classes import CLASSES, ClassRegistry
from ..rules.lint import COMMON_WORDS
from ..rules.pack import Rule, RulePack
from ..rules.pattern import (
    Capture,
    Class,
    Gap,
    Group,
    Lexicon,
    Literal,
    Node,
    Not,
    Repeat,
    Seq,
    iter_nodes,
)
from ..rules.ruleset import RuleSet
from ..rules.trace import PatternTracer
from ..text import Tokens, sentence_spans, tokenize
from ._samples import (
    FILLERS,
    PHRASES,
    date_texts,
    parties_in,
    state_names,
    whole,
    written_entries,
)

__all__ = [
    "PUBLISHED",
    "Generated",
    "GenerationError",
    "Generator",
    "RandomSource",
    "Reject",
    "Source",
    "date_texts",
    "state_names",
]

PUBLISHED = dt.date(2024, 3, 15)  # the publication date generated sentences are read against


class GenerationError(ValueError):
    """A rule the generator cannot write sentences for (a class with no usable samples)."""


class Reject(Exception):
    """The sentence being written is not one the rule must match (a lookahead forbids it)."""


class Source(Protocol):
    """Where choices come from: ``choose(n)`` is an index below ``n`` (``small``: a repeat
    count or gap length, where fewer is likelier); ``text`` a class item."""

    def choose(self, n: int, small: bool = False) -> int: ...

    def text(self, name: str, samples: Sequence[str]) -> str: ...


class RandomSource:
    """Choices from a seeded :class:`random.Random` (repeatable, no hypothesis needed)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def choose(self, n: int, small: bool = False) -> int:
        if not small:
            return self.rng.randrange(n)
        k = 0
        while k < n - 1 and self.rng.random() < 0.35:
            k += 1
        return k

    def text(self, name: str, samples: Sequence[str]) -> str:
        return samples[self.choose(len(samples))]


@attrs.frozen(slots=True)
class Generated:
    """A sentence written from a rule's pattern, with what the rule must read from it.

    ``captures`` are ``(name, text)`` in sentence order, empty captures left out;
    ``trigger`` the character offsets of the trigger capture in ``text``; ``parties`` the
    party codes the captures filling ``parties`` (or ``actor``) stand for; ``min_parties``
    the fewest the rule needs for an event.
    """

    rule: str
    text: str
    captures: tuple[tuple[str, str], ...]
    trigger: tuple[int, int]
    parties: tuple[str, ...]
    min_parties: int
    published: dt.date | None = PUBLISHED
    first_recased: bool = False
    derivation: tuple[int, ...] = ()  # the choices that wrote it (see PatternTracer.trace)

    @property
    def trigger_text(self) -> str:
        return self.text[self.trigger[0] : self.trigger[1]]

    @property
    def expects_event(self) -> bool:
        """Whether the engine must keep an event: enough parties are named to resolve."""
        return len(self.parties) >= max(self.min_parties, 1)

    def embedded(self) -> str:
        """The sentence as a clause inside another: no final stop, no added capital."""
        text = self.text.rstrip(".!")
        if self.first_recased:
            text = text[0].lower() + text[1:]
        return text


@attrs.define(slots=True)
class _Piece:
    text: str
    glue_left: bool = False
    glue_right: bool = False
    filler: bool = False  # written for a gap


_GLUE_LEFT = frozenset({",", ".", ";", ":", "?", "!", ")", "]", "'s", "'", "n't", "%"})
_GLUE_RIGHT = frozenset({"(", "[", "$"})


def _pack_of(rules: RuleSet, rule: Rule) -> RulePack:
    for top in rules.packs:
        for pack in top.all_packs():
            if pack.name == rule.pack:
                return pack
    raise GenerationError(f"rule '{rule.id}' is not in the rule set {rules!r}")


def _lexicon_words(rules: RuleSet) -> set[str]:
    words: set[str] = set()
    for entries in rules.lexicons.values():
        for entry in entries:
            words.update(entry.split())
    for cue in rules.modifiers.values():
        for phrase in cue.phrases:
            words.update(phrase.split())
    return words


class Generator:
    """Writes sentences for one rule of a rule set (see the module docstring)."""

    def __init__(
        self,
        rule: Rule,
        rules: RuleSet,
        *,
        overrides: Iterable[str] = (),
        punctuation: bool = True,
        classes: ClassRegistry = CLASSES,
    ) -> None:
        self.rule = rule
        self.rules = rules
        self.classes = classes
        self.punctuation = punctuation
        pack = _pack_of(rules, rule)
        self.lexicons: dict[str, tuple[str, ...]] = {}
        self.written: dict[str, dict[str, str]] = {}
        for p in pack.all_packs():
            self.lexicons.update(p.lexicons)
            self.written.update(written_entries(p.path))
        self.tracer = PatternTracer(rule.tree, self.lexicons, classes)
        taken = _lexicon_words(rules) | COMMON_WORDS
        self.fillers = tuple(w for w in FILLERS if w not in taken) or FILLERS[:1]
        self.overridden = frozenset(overrides)
        self.samples: dict[str, tuple[str, ...]] = {}
        for node in iter_nodes(rule.tree):
            if isinstance(node, Class) and node.name not in self.overridden:
                self.samples[node.name] = self._samples(node.name)
        self.min_parties = 1
        for spec in rule.captures.values():
            if spec.field == "parties" and spec.min is not None:
                self.min_parties = spec.min

    def _samples(self, name: str) -> tuple[str, ...]:
        if name in ("PARTY", "PARTIES"):
            return ()  # written from state_names()
        if name not in self.classes:
            raise GenerationError(f"rule '{self.rule.id}' uses unknown class '{name}'")
        pool: tuple[str, ...] = self.classes[name].examples
        if name == "DATE":
            pool = (*date_texts(), *pool)
        elif name == "PHRASE":
            pool = (*pool, *PHRASES)
        usable = tuple(dict.fromkeys(x for x in pool if whole(self.classes, name, x)))
        # the shortest first: hypothesis shrinks towards index 0
        usable = tuple(sorted(usable, key=lambda x: (x.count(" "), len(x))))
        if not usable:
            raise GenerationError(
                f"class '{name}' (used by rule '{self.rule.id}') has no example it reads "
                f"whole: register it with examples=(...), or give sentences() a strategy "
                f"for it: classes={{'{name}': ...}}"
            )
        return usable

    # -- writing ----------------------------------------------------------------------
    def generate(self, source: Source) -> Generated:
        """One sentence; raises :class:`Reject` if the choices break a lookahead."""
        writer = _Writer(self, source)
        writer.walk(self.rule.tree)
        return writer.finish()


class _Writer:
    def __init__(self, generator: Generator, source: Source) -> None:
        self.g = generator
        self.source = source
        self.pieces: list[_Piece] = []
        self.captures: list[tuple[str, int, int]] = []  # (name, first piece, end piece)
        self.lookaheads: list[tuple[int, Node]] = []
        self.atoms: list[tuple[str, int, int]] = []  # class items: (class, first, end piece)
        self.derivation: list[int] = []
        self.used_states: set[str] = set()

    def choose(self, n: int) -> int:
        return self.source.choose(n) if n > 1 else 0

    def structural(self, n: int, small: bool = False) -> int:
        """A choice the pattern makes (alternative, repeat count, gap length): recorded."""
        if n <= 1:
            return 0
        choice = self.source.choose(n, small)
        self.derivation.append(choice)
        return choice

    def add(self, text: str, whole: bool = False, filler: bool = False) -> None:
        for word, _, _ in [(text, 0, 0)] if whole else tokenize(text):
            self.pieces.append(_Piece(word, word in _GLUE_LEFT, word in _GLUE_RIGHT, filler))

    def walk(self, node: Node) -> None:
        if isinstance(node, Literal):
            self.add(node.text, whole=True)
        elif isinstance(node, Lexicon):
            entries = self.g.lexicons[node.name]
            entry = entries[self.choose(len(entries))]
            written = self.g.written.get(node.name, {}).get(entry, entry.strip())
            self.add(written, whole=True)
        elif isinstance(node, Class):
            first = len(self.pieces)
            self.add(self.class_text(node.name))
            self.atoms.append((node.name, first, len(self.pieces)))
        elif isinstance(node, Gap):
            assert node.max is not None
            for _ in range(node.min + self.structural(node.max - node.min + 1, True)):
                self.add(self.g.fillers[self.choose(len(self.g.fillers))], filler=True)
        elif isinstance(node, Repeat):
            assert node.max is not None
            for _ in range(node.min + self.structural(node.max - node.min + 1, True)):
                self.walk(node.item)
        elif isinstance(node, Capture):
            first = len(self.pieces)
            self.walk(node.item)
            if len(self.pieces) > first:
                self.captures.append((node.name, first, len(self.pieces)))
        elif isinstance(node, Not):
            self.lookaheads.append((len(self.pieces), node.item))
        elif isinstance(node, Seq):
            for item in node.items:
                self.walk(item)
        else:
            assert isinstance(node, Group), node
            self.walk(node.alternatives[self.structural(len(node.alternatives))])

    def state(self) -> str:
        names = state_names()
        free = len(names) - len(self.used_states)
        pick = self.choose(free) if free > 0 else self.choose(len(names))
        for name, code in names:
            if free > 0 and code in self.used_states:
                continue
            if pick == 0:
                self.used_states.add(code)
                return name
            pick -= 1
        raise AssertionError("unreachable")

    def class_text(self, name: str) -> str:
        if name in self.g.overridden:
            return self.source.text(name, ())
        if name == "PARTY":
            return self.state()
        if name == "PARTIES":
            count = 1 + self.choose(3)
            states = [self.state() for _ in range(count)]
            if count == 1:
                return states[0]
            how = self.choose(4) if self.g.punctuation else 0
            if count == 2:
                return (
                    f"{states[0]} and {states[1]}",
                    f"both {states[0]} and {states[1]}",
                    f"{states[0]} as well as {states[1]}",
                    f"{states[0]} & {states[1]}",
                )[how]
            last = ", and " if how == 1 else " and "
            return ", ".join(states[:-1]) + last + states[-1]
        return self.source.text(name, self.g.samples[name])

    # -- the sentence -----------------------------------------------------------------
    def finish(self) -> Generated:
        pieces = self.pieces
        stops = (".", "!") if self.g.punctuation else (".",)
        if not pieces or pieces[-1].text not in (".", "!", "?"):
            pieces.append(_Piece(stops[self.choose(len(stops))], glue_left=True))
        starts: list[int] = []
        text = ""
        for i, piece in enumerate(pieces):
            if i and not piece.glue_left and not pieces[i - 1].glue_right:
                text += " "
            starts.append(len(text))
            text += piece.text
        recased = text[:1].islower()
        if recased:
            text = text[0].upper() + text[1:]
        if self.g.punctuation and self.choose(3) == 2:
            text = text.replace("'", "\u2019")  # typographic apostrophes read alike
        ends = [s + len(p.text) for s, p in zip(starts, pieces, strict=True)]
        self._check_context(text, starts, ends)
        captures = tuple(
            (name, text[starts[a] : ends[b - 1]])
            for name, a, b in sorted(self.captures, key=lambda c: (c[1], -c[2]))
        )
        trigger = next(((starts[a], ends[b - 1]) for n, a, b in self.captures if n == "trigger"))
        return Generated(
            rule=self.g.rule.id,
            text=text,
            captures=captures,
            trigger=trigger,
            parties=self._codes(text, starts, ends),
            min_parties=self.g.min_parties,
            first_recased=recased,
            derivation=tuple(self.derivation),
        )

    def _tokens(self, text: str) -> Tokens:
        spans = sentence_spans(text)
        if len(spans) != 1:
            raise Reject  # the written text reads as several sentences
        return Tokens.of(text, spans[0])

    def _check_context(self, text: str, starts: list[int], ends: list[int]) -> None:
        """Reject what the pattern cannot mean: a lookahead that its next words break, or
        a gap word that the class item before it would take (a PHRASE runs on into an
        adverb, so a gap after it only ever holds words a PHRASE stops at)."""
        if not self.lookaheads and not self.atoms:
            return
        tokens = self._tokens(text)

        def loc_of(index: int) -> int:
            at = tokens.index_of_offset(starts[index] if index < len(starts) else len(text))
            return tokens.positions[at] if at < len(tokens) else len(tokens.string)

        for index, node in self.lookaheads:
            if self.g.tracer.matches_at(node, tokens.string, loc_of(index)):
                raise Reject
        for name, first, end in self.atoms:
            if end >= len(self.pieces) or not self.pieces[end].filler:
                continue
            reach = self.g.classes[name].match(tokens.string, loc_of(first))
            if reach is not None and reach > loc_of(end):
                raise Reject

    def _codes(self, text: str, starts: list[int], ends: list[int]) -> tuple[str, ...]:
        specs = self.g.rule.captures
        codes: set[str] = set()
        for name, a, b in self.captures:
            field = specs[name].field if name in specs else name
            if field not in ("parties", "actor"):
                continue
            found = parties_in(text[starts[a] : ends[b - 1]])
            if field == "actor":
                found = found[:1]
            codes.update(found)
        return tuple(sorted(codes))


def generate_many(
    generator: Generator, count: int, seed: int = 0, tries: int = 20
) -> list[Generated]:
    """Up to ``count`` sentences from a seeded random source (for lint and coverage)."""
    source = RandomSource(random.Random(seed))
    out: list[Generated] = []
    for _ in range(count * tries):
        if len(out) == count:
            break
        try:
            out.append(generator.generate(source))
        except Reject:
            continue
    return out
