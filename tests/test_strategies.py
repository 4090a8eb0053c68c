"""treatytrack.strategies: sentences written from a rule's pattern, and the properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import treatytrack
from treatytrack import strategies as tst
from treatytrack.rules import register_class
from treatytrack.rules.classes import next_token
from treatytrack.testing import run_examples
from treatytrack.testing.properties import (
    PropertyFailure,
    assert_invariant,
    assert_matches,
    assert_negation_flips,
    assert_offsets,
    assert_speaker,
    check_property,
)
from treatytrack.text import Tokens, sentence_spans

PACKS = Path(__file__).parent / "packs"

TRADE = """
pack: trade
include: [lexicons]
lexicons:
  fta_noun: [free trade agreement, FTA, economic partnership agreement, trade pact]
  sign_word: [signed, inked, sealed]
rules:
  - id: trade.fta.signed
    kind: agreement
    status: signed
    pattern: >
      parties:PARTIES ...{0,2} trigger:@sign_word
      agreement:(DET? (bilateral | regional)? type:@fta_noun) (with partners:PARTIES)? DATE?
    captures:
      partners: {field: parties}
    examples:
      - text: Peru and Thailand signed a free trade agreement on Friday.
        expect: {parties: [PER, THA]}
"""


@pytest.fixture(scope="module")
def trade(tmp_path_factory: pytest.TempPathFactory) -> treatytrack.engine.reader.Engine:  # type: ignore[name-defined]
    path = tmp_path_factory.mktemp("packs") / "trade.yaml"
    path.write_text(TRADE)
    return treatytrack.load_rules(str(path))


def test_every_generated_sentence_matches_its_rule_with_the_generated_captures(trade) -> None:  # type: ignore[no-untyped-def]
    @given(tst.sentences("trade.fta.signed", trade))
    def check(generated: tst.Generated) -> None:
        assert_matches(generated, trade, strict=True)
        assert generated.text[slice(*generated.trigger)].lower() in ("signed", "inked", "sealed")
        assert dict(generated.captures)["trigger"] == generated.trigger_text

    check()


def test_generated_parties_are_real_states_the_engine_resolves(trade) -> None:  # type: ignore[no-untyped-def]
    @given(tst.sentences("trade.fta.signed", trade))
    def check(generated: tst.Generated) -> None:
        events = treatytrack.extract(generated.text, rules=trade)
        assert [e.parties for e in events] == [generated.parties]
        assert all(len(code) == 3 and code.isupper() for code in generated.parties)

    check()


def test_the_other_properties_hold_for_a_sound_rule(trade) -> None:  # type: ignore[no-untyped-def]
    for name in ("negation", "speaker", "whitespace", "offsets"):
        assert check_property("trade.fta.signed", trade, name, max_examples=25) == "passed"


@given(st.data())
@settings(max_examples=20)
def test_property_helpers_take_drawn_arguments(trade, data) -> None:  # type: ignore[no-untyped-def]
    generated = data.draw(tst.sentences("trade.fta.signed", trade))
    assert_negation_flips(generated, trade, data.draw(tst.cues(trade, "negation")))
    assert_speaker(generated, trade, data.draw(tst.speakers()), data.draw(st.integers(0, 1)))
    assert_invariant(generated, trade, ["  ", "\t"], data.draw(tst.neutral_sentences(trade)))
    assert_offsets(generated, trade)


def test_the_strategies_find_a_bug_the_hand_written_examples_miss() -> None:
    rules = treatytrack.load_rules(str(PACKS / "flawed.yaml"))
    assert all(result.passed for result in run_examples(rules))
    with pytest.raises(PropertyFailure) as failure:
        check_property("flawed.pledge", rules, "matches", max_examples=100, derandomize=True)
    shrunk = failure.value.example
    # PHRASE runs on over the optional "alongside PARTIES" and the partner is lost.
    assert shrunk.text == "Cuba pledged cooperation on trade alongside Fiji."
    assert shrunk.parties == ("CUB", "FJI")
    assert "loses parties ['CUB'] instead of ['CUB', 'FJI']" in str(failure.value)
    assert "('topic', 'trade alongside Fiji')" in str(failure.value)


@given(tst.party_names())
def test_party_names_resolve_to_one_state(name: str) -> None:
    assume(name != "Peru")
    events = treatytrack.extract(f"{name} and Peru signed a trade pact.")
    assert events
    assert len(events[0].parties) == 2


@given(tst.dates())
def test_dates_are_read_whole_by_the_date_class(text: str) -> None:
    from treatytrack.rules import CLASSES
    from treatytrack.text import token_string, tokenize

    s = token_string([t[0] for t in tokenize(text)])
    assert CLASSES["DATE"].match(s, 0) == len(s)


@given(tst.documents(max_sentences=3))
@settings(max_examples=10)
def test_documents_hold_each_generated_sentence_at_its_offset(doc: tst.GeneratedDocument) -> None:
    for generated, start in zip(doc.sentences, doc.starts, strict=True):
        assert doc.text[start : start + len(generated.text)] == generated.text
    spans = sentence_spans(doc.text)
    assert len(spans) >= len(doc.sentences)
    assert all(Tokens.of(doc.text, s).words for s in spans)
    assert doc.as_input()["text"] == doc.text


def test_an_unknown_rule_or_a_bad_override_is_refused_up_front(trade) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidArgument, match=r"no rule 'trade\.nope'"):
        tst.sentences("trade.nope", trade)
    with pytest.raises(InvalidArgument, match="must be a hypothesis strategy"):
        tst.sentences("trade.fta.signed", trade, classes={"DATE": ["Friday"]})  # type: ignore[dict-item]


def test_a_class_without_examples_needs_a_strategy(tmp_path: Path) -> None:
    @register_class("TESTVESSEL", max_tokens=2)
    def vessel(s: str, loc: int) -> int | None:
        word, after = next_token(s, loc)
        return after if word.lower() in ("frigate", "corvette") else None

    pack = tmp_path / "ships.yaml"
    pack.write_text(
        "pack: ships\nrules:\n  - id: ships.sold\n    kind: agreement\n    status: signed\n"
        "    pattern: parties:PARTIES trigger:sold a TESTVESSEL\n"
        "    examples: [Peru sold a frigate.]\n"
    )
    rules = treatytrack.load_rules(str(pack))
    with pytest.raises(InvalidArgument, match=r"class 'TESTVESSEL'.*classes=\{'TESTVESSEL'"):
        tst.sentences("ships.sold", rules)

    @given(tst.sentences("ships.sold", rules, classes={"TESTVESSEL": st.just("corvette")}))
    @settings(max_examples=10)
    def check(generated: tst.Generated) -> None:
        assert generated.text.endswith(("corvette.", "corvette!"))
        assert_matches(generated, rules)

    check()


def test_sentences_accept_a_compiled_rule_and_default_to_the_default_packs() -> None:
    rules = treatytrack.load_rules()
    strategy = tst.sentences(rules.by_id["reference.under"])
    assert strategy is not None
    assert tst.sentences("reference.under") is not None
