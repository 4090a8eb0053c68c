"""cattrs serialisation: exactly the JSON of event.schema.json, and back."""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from treatytrack.records import AgreementRef, Event, Kind, Modality, Polarity, Span, Status
from treatytrack.serialize import event_from_json, event_to_json, flatten_event

words = st.text(alphabet="abcdefghij ", min_size=1, max_size=12).filter(str.strip)


@st.composite
def events(draw: st.DrawFn) -> Event:
    start = draw(st.integers(0, 50))
    length = draw(st.integers(1, 10))
    evidence = Span("x" * (length + 20), start, start + length + 20)
    trigger = Span("x" * length, start + 5, start + 5 + length)
    agreement = draw(
        st.none()
        | st.builds(
            AgreementRef,
            words,
            st.none() | words,
            st.none() | words,
            st.lists(st.sampled_from(["ACSA", "RAA", "FTA"]), max_size=2),
        )
    )
    return Event(
        doc_id=draw(words),
        kind=draw(st.sampled_from(Kind)),
        status=draw(st.sampled_from(Status)),
        trigger=trigger,
        evidence=evidence,
        rule=draw(words),
        modality=draw(st.sampled_from(Modality)),
        polarity=draw(st.sampled_from(Polarity)),
        agreement=agreement,
        parties=draw(st.lists(st.sampled_from(["JPN", "FRA", "EU", "Hamas"]), max_size=3)),
        date=draw(st.none() | st.dates()),
        place=draw(st.none() | words),
        speaker=draw(st.none() | words),
        reference=draw(st.booleans()),
    )


@given(event=events())
def test_round_trip_is_exact(event: Event) -> None:
    assert event_from_json(event_to_json(event)) == event


@given(event=events())
def test_json_validates_against_the_schema(event: Event, event_schema: dict[str, Any]) -> None:
    data = event_to_json(event)
    jsonschema.validate(data, event_schema)
    for key in event_schema["required"]:
        assert key in data
    assert data["id"] == event.id


@given(event=events())
def test_flat_rows_hold_only_scalars(event: Event) -> None:
    row = flatten_event(event)
    assert all(v is None or isinstance(v, (str, int, bool)) for v in row.values())
    assert row["trigger.start"] == event.trigger.start
