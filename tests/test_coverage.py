"""coverage(): rules fired, rules never fired, triggers no rule matched, counts."""

from __future__ import annotations

from pathlib import Path

import pytest

import treatytrack
from treatytrack.coverage import coverage, trigger_phrases

PACKS = Path(__file__).parent / "packs"

DOCS = [
    {"id": "a", "text": "Peru and Chile signed a free trade agreement. Markets were calm."},
    {"id": "b", "text": "Peru inked a trade pact with Chile. Ecuador signed the guest book."},
    {"id": "c", "text": "Bolivia signed a letter. Peru ratified the FTA."},
    "Nothing happened here.",
]


@pytest.fixture(scope="module")
def linty() -> object:
    return treatytrack.load_rules(str(PACKS / "lint.yaml"))


def test_rules_are_counted_and_the_silent_ones_listed(linty) -> None:  # type: ignore[no-untyped-def]
    report = coverage(DOCS, linty)
    assert report.documents == 4
    assert report.events == 3
    assert report.fired["linty.signed"] == 2
    assert report.fired["linty.repeated"] == 1
    assert set(report.never_fired) == {"linty.signed.again", "linty.initialled", "linty.common"}
    assert list(report.fired) == [c.id for c in linty.rules]


def test_triggers_no_rule_matched_come_with_their_sentences(linty) -> None:  # type: ignore[no-untyped-def]
    report = coverage(DOCS, linty, examples=1)
    missed = {m.phrase: m for m in report.unmatched}
    assert set(missed) == {"signed"}
    assert missed["signed"].count == 2
    assert missed["signed"].examples == ("Ecuador signed the guest book.",)


def test_kinds_and_statuses_are_counted(linty) -> None:  # type: ignore[no-untyped-def]
    report = coverage(DOCS, linty)
    assert dict(report.kinds) == {"agreement": 3}
    assert dict(report.statuses) == {"signed": 2, "ratified": 1}


def test_the_report_is_plain_json(linty) -> None:  # type: ignore[no-untyped-def]
    data = coverage(DOCS, linty).to_json()
    assert data["events"] == 3
    assert data["candidate_sentences"] == 5
    assert data["unmatched_triggers"][0]["phrase"] == "signed"


def test_trigger_phrases_are_whole_lexicon_entries() -> None:
    rules = treatytrack.load_rules()
    phrases = trigger_phrases(rules, rules.by_id["agreement.signed.active"])
    assert "put their signatures to " in phrases
    assert "signed " in phrases


def test_a_multi_word_trigger_counts_only_when_the_whole_phrase_is_there() -> None:
    rules = treatytrack.load_rules()
    report = coverage(["They put the matter to rest."], rules)
    assert all(not m.phrase.startswith("put") for m in report.unmatched)
