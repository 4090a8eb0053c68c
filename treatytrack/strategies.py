"""Hypothesis strategies for rule packs: sentences a rule must read, parties, dates, documents.

Property-test your own packs the way treatytrack tests its own::

    from hypothesis import given
    import treatytrack
    from treatytrack import strategies as tst
    from treatytrack.testing.properties import assert_matches

    RULES = treatytrack.load_rules("trade.yaml")

    @given(tst.sentences("trade.fta.signed", RULES))
    def test_the_rule_reads_every_sentence_its_pattern_allows(generated):
        assert_matches(generated, RULES)

:func:`sentences` walks the rule's compiled pattern: every alternative, repeat count, gap
length and lexicon entry is a choice hypothesis makes (and shrinks: towards the first
alternative, the fewest repeats, the first entry), so a failure comes back as a short
sentence. Parties are real state names; a class of your own is drawn from the examples
it was registered with, or from a strategy you pass in ``classes``.

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import attrs
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from .engine import load_rules
from .rules.pack import Rule
from .rules.ruleset import CompiledRule, RuleSet
from .testing._generate import (
    PUBLISHED,
    Generated,
    GenerationError,
    Generator,
    Reject,
    date_texts,
    state_names,
)

__all__ = [
    "Generated",
    "GeneratedDocument",
    "cues",
    "dates",
    "documents",
    "neutral_sentences",
    "party_names",
    "sentences",
    "speakers",
]

RuleRef = str | Rule | CompiledRule

# Sentences that no rule of ours reads and that name no party: padding around a sentence.
_NEUTRAL = (
    "Markets were calm.",
    "The weather was mild.",
    "Traffic was light downtown.",
    "Shares closed higher.",
    "Few details emerged.",
)

# People who speak in news text; each with the name the engine must report as the speaker.
_SPEAKERS = (
    ("Maria Lopez", "Maria Lopez"),
    ("Kenji Sato", "Kenji Sato"),
    ("Foreign Minister Amina Diallo", "Amina Diallo"),
    ("spokesperson Lars Berg", "Lars Berg"),
    ("Ambassador Ruth Okafor", "Ruth Okafor"),
)


@attrs.frozen(slots=True)
class GeneratedDocument:
    """A document of generated sentences (and neutral ones), with each sentence's start."""

    text: str
    published: dt.date
    sentences: tuple[Generated, ...]
    starts: tuple[int, ...]

    def as_input(self, doc_id: str = "generated") -> dict[str, object]:
        """The document as :func:`treatytrack.extract_many` takes it."""
        return {"id": doc_id, "text": self.text, "published": self.published.isoformat()}


def _resolve(rule: RuleRef, rules: RuleSet | None) -> tuple[Rule, RuleSet]:
    if rules is None:
        rules = load_rules()
    if isinstance(rule, CompiledRule):
        rule = rule.rule
    if isinstance(rule, str):
        if rule not in rules.by_id:
            raise InvalidArgument(
                f"no rule {rule!r} in {rules!r}; pass the RuleSet that holds it as rules="
            )
        return rules.by_id[rule].rule, rules
    if not isinstance(rule, Rule):
        raise InvalidArgument(
            f"'rule' must be a rule id, Rule or CompiledRule (got {type(rule).__name__})"
        )
    return rule, rules


class _DrawSource:
    """Choices drawn by hypothesis; class items from the samples or the user's strategies."""

    def __init__(self, draw: st.DrawFn, overrides: Mapping[str, st.SearchStrategy[str]]) -> None:
        self.draw = draw
        self.overrides = overrides

    def choose(self, n: int, small: bool = False) -> int:
        return self.draw(st.integers(0, n - 1))

    def text(self, name: str, samples: Sequence[str]) -> str:
        if name in self.overrides:
            return self.draw(self.overrides[name])
        return samples[self.choose(len(samples))]


def sentences(
    rule: RuleRef,
    rules: RuleSet | None = None,
    *,
    classes: Mapping[str, st.SearchStrategy[str]] | None = None,
    punctuation: bool = True,
) -> st.SearchStrategy[Generated]:
    """Sentences that ``rule`` must read, each a :class:`Generated` with the captures expected.

    ``rule`` is a rule id (looked up in ``rules``, the default packs if omitted), a
    :class:`~treatytrack.rules.Rule` or a :class:`~treatytrack.rules.CompiledRule`.
    ``classes`` maps a class name to a strategy of texts the class reads whole (it
    replaces the class's registered examples, or the state names for ``PARTY``).
    Lexicon entries are written as the pack writes them (``MoU``, ``JCPOA``) and the first
    word takes a capital; ``punctuation`` varies the final stop, straight or typographic
    apostrophes, and how parties are joined (``and``, ``both ... and``, ``as well as``, ``&``,
    a serial comma).
    """
    found, ruleset = _resolve(rule, rules)
    overrides = dict(classes or {})
    for name, strategy in overrides.items():
        if not isinstance(strategy, st.SearchStrategy):
            raise InvalidArgument(
                f"classes[{name!r}] must be a hypothesis strategy (got {type(strategy).__name__})"
            )
    try:
        generator = Generator(found, ruleset, overrides=overrides, punctuation=punctuation)
    except GenerationError as exc:
        raise InvalidArgument(str(exc)) from None

    @st.composite
    def build(draw: st.DrawFn) -> Generated:
        try:
            return generator.generate(_DrawSource(draw, overrides))
        except Reject:
            assume(False)
            raise AssertionError("unreachable") from None

    return build()


def party_names() -> st.SearchStrategy[str]:
    """Names of real states (from pycountry) that the engine reads as that state."""
    return st.sampled_from([name for name, _ in state_names()])


def dates() -> st.SearchStrategy[str]:
    """Date expressions the ``DATE`` class reads whole: "Friday", "March 13, 2024" ..."""
    return st.sampled_from(date_texts())


def speakers() -> st.SearchStrategy[tuple[str, str]]:
    """``(as written, name the engine reports)``: "Foreign Minister Amina Diallo" -> "Amina
    Diallo"."""
    return st.sampled_from(_SPEAKERS)


def cues(rules: RuleSet, modifier: str = "negation") -> st.SearchStrategy[str]:
    """The cue phrases of one modifier in a rule set (``negation``, ``expected`` ...)."""
    if modifier not in rules.modifiers or not rules.modifiers[modifier].phrases:
        raise InvalidArgument(f"the rule set has no {modifier!r} cues")
    return st.sampled_from([p.strip() for p in rules.modifiers[modifier].phrases])


def neutral_sentences(rules: RuleSet | None = None) -> st.SearchStrategy[str]:
    """Sentences holding no trigger word of ``rules`` (padding that must change nothing)."""
    ruleset = rules if rules is not None else load_rules()
    words = ruleset.trigger_index
    usable = [s for s in _NEUTRAL if not any(w.lower().strip(".") in words for w in s.split())]
    if not usable:
        raise InvalidArgument("every neutral sentence holds a trigger word of these rules")
    return st.sampled_from(usable)


def documents(
    pack: RuleSet | str | None = None, *, max_sentences: int = 4
) -> st.SearchStrategy[GeneratedDocument]:
    """Documents of one to ``max_sentences`` sentences, each generated from a rule of
    ``pack`` (a RuleSet, a pack path, or the default packs), with neutral sentences between.
    """
    ruleset = load_rules(pack) if isinstance(pack, str) else (pack or load_rules())
    usable: list[st.SearchStrategy[Generated]] = []
    for compiled in ruleset.rules:
        try:
            usable.append(sentences(compiled, ruleset))
        except InvalidArgument:
            continue
    if not usable:
        raise InvalidArgument(f"no rule of {ruleset!r} can be written as a sentence")
    padding = neutral_sentences(ruleset)

    @st.composite
    def build(draw: st.DrawFn) -> GeneratedDocument:
        count = draw(st.integers(1, max_sentences))
        parts: list[str] = []
        made: list[Generated] = []
        starts: list[int] = []
        offset = 0
        for _ in range(count):
            if draw(st.booleans()):
                filler = draw(padding)
                parts.append(filler)
                offset += len(filler) + 1
            generated = draw(st.one_of(usable))
            made.append(generated)
            starts.append(offset)
            parts.append(generated.text)
            offset += len(generated.text) + 1
        return GeneratedDocument(" ".join(parts), PUBLISHED, tuple(made), tuple(starts))

    return build()
