"""The seed article end to end: every event a careful reader takes, and nothing else.

The expectations are in ``tests/seed_expected.yaml`` (a copy of the shared file): ``must``
events have to be there with their kind, status, modality and parties (and date, place,
speaker and aliases where given); ``may`` events are allowed; anything else is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import treatytrack
from treatytrack.records import Event
from treatytrack.serialize import event_to_json

from .conftest import ROOT, SEED_ID

EXPECTED = yaml.safe_load((Path(__file__).parent / "seed_expected.yaml").read_text("utf-8"))
PUBLISHED = dt.date(2015, 3, 13)


@pytest.fixture(scope="module")
def events(seed_text: str) -> list[Event]:
    return treatytrack.extract(seed_text, published=PUBLISHED, doc_id=SEED_ID)


def _fits(event: Event, want: dict[str, Any], text: str) -> bool:
    """Does an extracted event satisfy an expected entry?"""
    if event.kind.value != want["kind"] or event.status.value != want["status"]:
        return False
    if "modality" in want and event.modality.value != want["modality"]:
        return False
    if "parties" in want and list(event.parties) != sorted(want["parties"]):
        return False
    trigger = want["trigger"].lower()
    if trigger not in event.trigger.text.lower() and event.trigger.text.lower() not in trigger:
        return False
    evidence = event.evidence.text
    agreement = want.get("agreement") or {}
    for clue in (agreement.get("name"), want.get("topic")):
        if clue and clue.split(",")[0] not in evidence:
            return False
    return True


def _check_details(event: Event, want: dict[str, Any]) -> None:
    if "date" in want:
        assert event.date == want["date"], event
    if "place" in want:
        assert event.place == want["place"], event
    if "speaker" in want:
        assert event.speaker is not None, event
        assert want["speaker"] in event.speaker, event
    agreement = want.get("agreement")
    if agreement:
        assert event.agreement is not None, event
        if "type" in agreement:
            assert event.agreement.type == agreement["type"], event
        for alias in agreement.get("aliases", []):
            assert alias in event.agreement.aliases, event
    elif "agreement" in want:
        assert event.agreement is None, event


@pytest.mark.parametrize("index", range(len(EXPECTED["must"])))
def test_every_must_event_is_extracted(events: list[Event], seed_text: str, index: int) -> None:
    want = EXPECTED["must"][index]
    fitting = [e for e in events if _fits(e, want, seed_text)]
    seen = [(e.kind.value, e.status.value, e.trigger.text, e.parties) for e in events]
    assert fitting, f"missing: {want}\nextracted: {seen}"
    _check_details(fitting[0], want)


def test_nothing_outside_must_and_may(events: list[Event], seed_text: str) -> None:
    allowed = EXPECTED["must"] + EXPECTED["may"]
    for event in events:
        assert any(_fits(event, want, seed_text) for want in allowed), event


def test_each_must_event_is_a_distinct_event(events: list[Event], seed_text: str) -> None:
    used: set[str] = set()
    for want in EXPECTED["must"]:
        match = next(e for e in events if _fits(e, want, seed_text) and e.id not in used)
        used.add(match.id)
    assert len(used) == len(EXPECTED["must"])


def test_offsets_slice_the_document(events: list[Event], seed_text: str) -> None:
    for event in events:
        assert seed_text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert seed_text[event.evidence.start : event.evidence.end] == event.evidence.text


def test_events_validate_against_the_schema(
    events: list[Event], event_schema: dict[str, Any]
) -> None:
    for event in events:
        jsonschema.validate(event_to_json(event), event_schema)


def test_cli_prints_schema_valid_json_lines(event_schema: dict[str, Any]) -> None:
    seed = ROOT / "seeds" / f"{SEED_ID}.txt"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "treatytrack",
            "extract",
            str(seed),
            "--published",
            "2015-03-13",
            "--format",
            "jsonl",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) >= len(EXPECTED["must"])
    for line in lines:
        jsonschema.validate(line, event_schema)
        assert line["doc_id"] == SEED_ID
    signed = [
        x
        for x in lines
        if x["status"] == "signed"
        and x["modality"] == "asserted"
        and x["trigger"]["text"] == "signed"
    ]
    assert signed
    assert signed[0]["date"] == "2015-03-13"
