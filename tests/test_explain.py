"""explain(): how far each rule's pattern got, where it stopped, and what became of a match."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import treatytrack
from treatytrack.errors import RulePackError
from treatytrack.explain import explain
from treatytrack.rules.classes import CLASSES
from treatytrack.rules.compile import compile_pattern
from treatytrack.rules.pattern import Capture, Group, Literal, PatternSyntaxError, Seq
from treatytrack.rules.trace import PatternTracer
from treatytrack.text import Tokens, sentence_spans

from .strategies import LEXICON_ENTRIES, pattern_nodes

PACKS = Path(__file__).parent / "packs"

SMALL = """
pack: small
lexicons:
  sign_verb: [signed, inked]
  fta_noun: [free trade agreement, FTA, trade pact]
rules:
  - id: small.signed
    kind: agreement
    status: signed
    pattern: >
      parties:PARTIES trigger:@sign_verb agreement:(DET? type:@fta_noun)
      (with partners:PARTIES)?
    captures:
      partners: {field: parties}
    examples: [Peru and Chile signed a free trade agreement.]
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> treatytrack.Engine:
    path = tmp_path_factory.mktemp("packs") / "small.yaml"
    path.write_text(SMALL)
    return treatytrack.load_rules(str(path))  # type: ignore[return-value]


def test_a_match_reports_its_captures_and_its_event(small) -> None:  # type: ignore[no-untyped-def]
    (record,) = explain("Peru signed an FTA with Chile on Friday.", rules=small)
    assert record.outcome == "event"
    assert record.matched
    assert record.rule == "small.signed"
    assert record.trigger == "signed"
    assert [(c.name, c.text) for c in record.captures] == [
        ("parties", "Peru"),
        ("trigger", "signed"),
        ("agreement", "an FTA"),
        ("type", "FTA"),
        ("partners", "Chile"),
    ]
    assert record.event is not None
    assert record.event.parties == ("CHL", "PER")
    assert (record.modality, record.polarity, record.negation) == ("asserted", "positive", None)


def test_a_failed_pattern_names_the_token_where_it_stopped_and_what_it_expected(small) -> None:  # type: ignore[no-untyped-def]
    text = "Peru signed a fisheries accord."
    (record,) = explain(text, rules=small)
    assert record.outcome == "no-match"
    assert not record.matched
    assert record.stopped_at == "fisheries"
    assert text[record.stopped_offset :].startswith("fisheries")
    assert record.expected == ("@fta_noun",)
    assert [(c.name, c.text) for c in record.captures] == [
        ("parties", "Peru"),
        ("trigger", "signed"),
        ("agreement", "a"),
    ]
    assert "stopped at 'fisheries' (token 4), expected @fta_noun" in record.summary()


def test_stopping_at_the_end_of_the_sentence_says_so(small) -> None:  # type: ignore[no-untyped-def]
    (record,) = explain("Peru signed", rules=small)
    assert record.stopped_at is None
    assert "the end of the sentence" in record.detail


def test_a_rule_without_its_trigger_in_the_text_lists_its_trigger_words(small) -> None:  # type: ignore[no-untyped-def]
    (record,) = explain("Markets were calm.", rules=small, rule="small.signed")
    assert record.outcome == "no-trigger"
    assert record.expected == ("inked", "signed")
    assert explain("Markets were calm.", rules=small) == []


def test_an_unknown_rule_is_a_user_error(small) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RulePackError, match=r"no rule 'small\.nope'"):
        explain("Peru signed an FTA.", rules=small, rule="small.nope")


def test_negation_and_modality_cues_and_the_speaker_are_reported() -> None:
    records = explain(
        "Japan declined to sign the defence pact with France, Prime Minister Kishida said.",
        rule="agreement.signed.active",
    )
    (record,) = [r for r in records if r.matched]
    assert record.polarity == "negative"
    assert record.negation == "refused"
    assert record.negation_cue == "declined to"
    assert record.speaker == "Kishida"
    (hoped,) = [
        r
        for r in explain("Japan hopes to sign a defence pact with France.")
        if r.rule == "agreement.signed.active"
    ]
    assert (hoped.modality, hoped.modality_cue) == ("intended", "hopes to")


def test_a_match_another_rule_overrides_is_reported_with_the_winner() -> None:
    rules = treatytrack.load_rules(str(PACKS / "lint.yaml"))
    records = {r.rule: r for r in explain("Peru and Chile signed an FTA.", rules=rules)}
    assert records["linty.signed"].outcome == "event"
    assert records["linty.initialled"].outcome == "overridden"
    assert "rule 'linty.signed' (priority 5)" in records["linty.initialled"].detail


def test_a_match_whose_parties_do_not_resolve_is_dropped(small) -> None:  # type: ignore[no-untyped-def]
    (record,) = explain("The two sides signed an FTA.", rules=small)
    assert record.outcome == "dropped"
    assert "0 resolved parties" in record.detail
    assert "the rule needs 1" in record.detail


def test_explain_is_exported() -> None:
    assert treatytrack.explain is explain
    assert "explain" in treatytrack.__all__


# -- the tracer runs patterns as their compiled form does ------------------------------------
VOCABULARY = (
    "signed",
    "inked",
    "pact",
    "talks",
    "on",
    "agreed",
    "to",
    "U.N.",
    "Japan",
    "France",
    "and",
    "Friday",
    "the",
    "a",
    ",",
    "memorandum",
    "of",
    "understanding",
    "ACSA",
    "trade",
    "new",
    "cross-servicing",
    "don't",
    "2015",
    "climate",
    "change",
    '"',
    "(",
)


@given(
    pattern_nodes,
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=14),
)
@settings(max_examples=150, deadline=None)
def test_the_tracer_finds_the_match_the_compiled_pattern_finds(node, words) -> None:  # type: ignore[no-untyped-def]
    import treatytrack.engine  # noqa: F401 - registers PARTY, DATE ...

    tree = Group((Seq((Capture("trigger", Literal("signed")), node)),))
    try:
        compiled = compile_pattern(tree, LEXICON_ENTRIES, CLASSES)
    except PatternSyntaxError:
        assume(False)
    text = "signed " + " ".join(words) + "."
    tokens = Tokens.of(text, sentence_spans(text)[0])
    tracer = PatternTracer(tree, LEXICON_ENTRIES)
    for loc in tokens.positions:
        assert tracer.run(tokens.string, loc) == compiled.run(tokens.string, loc)
