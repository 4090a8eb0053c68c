"""Records: validated on construction, with messages that name the field and the value."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from treatytrack.records import AgreementRef, Event, Modality, Party, PartyKind, Span, Status


def event(**changes: object) -> Event:
    fields: dict[str, object] = {
        "doc_id": "d",
        "kind": "agreement",
        "status": "signed",
        "trigger": Span("signed", 10, 16),
        "evidence": Span("Japan and France signed.", 0, 24),
        "rule": "r",
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def test_values_are_converted_to_their_enums() -> None:
    e = event(modality="expected")
    assert e.status is Status.SIGNED
    assert e.modality is Modality.EXPECTED


def test_a_bad_status_names_the_field_and_the_value() -> None:
    with pytest.raises(
        ValueError, match=r"'status' must be in \[.*'signed'.*\] \(got 'sort_of_signed'\)"
    ):
        event(status="sort_of_signed")


def test_parties_are_sorted_and_unique() -> None:
    assert event(parties=["JPN", "FRA", "JPN"]).parties == ("FRA", "JPN")


def test_trigger_must_lie_inside_the_evidence() -> None:
    with pytest.raises(ValueError, match="'trigger' must lie inside the evidence"):
        event(trigger=Span("x", 30, 31))


def test_span_end_cannot_precede_start() -> None:
    with pytest.raises(ValueError, match="'end' must be >= start"):
        Span("x", 5, 4)


def test_records_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event().status = Status.RATIFIED  # type: ignore[misc]


def test_date_accepts_iso_strings() -> None:
    assert event(date="2015-03-13").date == dt.date(2015, 3, 13)


def test_event_id_is_deterministic_and_distinct() -> None:
    assert event().id == event().id
    assert event().id != event(rule="other").id


def test_is_fact_only_for_asserted_positive_non_references() -> None:
    assert event().is_fact
    assert not event(modality="intended").is_fact
    assert not event(polarity="negative").is_fact
    assert not event(reference=True).is_fact


def test_agreement_aliases_are_sorted_and_unique() -> None:
    assert AgreementRef("x", aliases=["B", "A", "B"]).aliases == ("A", "B")


def test_only_a_collective_party_may_lack_a_code() -> None:
    assert Party("", PartyKind.COLLECTIVE, "the two sides").code == ""
    with pytest.raises(ValueError, match="'code' must be non-empty"):
        Party("", PartyKind.STATE, "somewhere")
