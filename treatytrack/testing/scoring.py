"""Scoring extracted events against what a reader expects, for tests and benchmarks.

An expected event is a mapping with ``kind``, ``status`` and ``trigger`` (text as written;
a list when readers could anchor the event on either word) and optionally ``modality`` (a
value or a list of acceptable values), ``polarity``,
``parties``, ``actor``, ``negation``, ``date``, ``place``, ``reference`` and
``agreement_type``. An extracted event *matches* an expected one when kind and status are
equal and their triggers overlap in the text; it is *right* when every field given also
agrees. Extracted events that match nothing are extra (false positives).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..records import Event

__all__ = ["Score", "field_errors", "score_document"]


def _positions(text: str, needle: str) -> list[tuple[int, int]]:
    out = []
    low, want = text.lower(), needle.lower()
    start = low.find(want)
    while start >= 0:
        out.append((start, start + len(want)))
        start = low.find(want, start + 1)
    return out


def _overlaps(event: Event, spans: Sequence[tuple[int, int]]) -> bool:
    return any(event.trigger.start < b and a < event.trigger.end for a, b in spans)


def _alternatives(value: Any) -> list[Any]:
    """An expectation may list several acceptable values where readers differ."""
    return list(value) if isinstance(value, list) else [value]


def field_errors(event: Event, want: Mapping[str, Any]) -> list[str]:
    """How ``event`` differs from the fields an expectation gives."""
    errors = []
    modality = want.get("modality")
    if modality is not None:
        allowed = _alternatives(modality)
        if event.modality.value not in allowed:
            errors.append(f"modality {event.modality.value} not in {allowed}")
    for key in ("polarity", "negation"):
        if key in want:
            got = getattr(event, key)
            if (got.value if got is not None else None) != want[key]:
                errors.append(f"{key} {got and got.value} != {want[key]}")
    if "parties" in want and list(event.parties) != sorted(want["parties"]):
        errors.append(f"parties {list(event.parties)} != {sorted(want['parties'])}")
    if "actor" in want and event.actor != want["actor"]:
        errors.append(f"actor {event.actor} != {want['actor']}")
    if "date" in want:
        date = want["date"]
        date = (
            date if isinstance(date, dt.date) or date is None else dt.date.fromisoformat(str(date))
        )
        if event.date != date:
            errors.append(f"date {event.date} != {date}")
    if "place" in want and event.place != want["place"]:
        errors.append(f"place {event.place} != {want['place']}")
    if bool(want.get("reference", False)) != event.reference:
        errors.append(f"reference {event.reference} != {bool(want.get('reference', False))}")
    if "agreement_type" in want:
        got_type = event.agreement.type if event.agreement else None
        allowed_types = _alternatives(want["agreement_type"])
        if got_type not in allowed_types:
            errors.append(f"agreement type {got_type} not in {allowed_types}")
    return errors


@attrs.frozen(slots=True)
class Score:
    """The outcome for one document."""

    right: tuple[tuple[Mapping[str, Any], Event], ...]
    wrong: tuple[tuple[Mapping[str, Any], Event, tuple[str, ...]], ...]  # matched, fields differ
    missed: tuple[Mapping[str, Any], ...]
    extra: tuple[Event, ...]

    @property
    def perfect(self) -> bool:
        return not (self.wrong or self.missed or self.extra)

    def describe(self) -> str:
        lines = []
        for want, _event, errors in self.wrong:
            lines.append(f"wrong {want['status']} '{want['trigger']}': {'; '.join(errors)}")
        for want in self.missed:
            lines.append(f"missed {want['kind']}/{want['status']} '{want['trigger']}'")
        for event in self.extra:
            lines.append(
                f"extra {event.kind.value}/{event.status.value} '{event.trigger.text}' "
                f"{list(event.parties)} ({event.rule})"
            )
        return "\n".join(lines)


def score_document(
    text: str, expected: Sequence[Mapping[str, Any]], events: Sequence[Event]
) -> Score:
    """Pair expected with extracted events (kind, status, overlapping trigger), then judge."""
    unused = list(events)
    right: list[tuple[Mapping[str, Any], Event]] = []
    wrong: list[tuple[Mapping[str, Any], Event, tuple[str, ...]]] = []
    missed: list[Mapping[str, Any]] = []
    for want in expected:
        spans = [span for trig in _alternatives(want["trigger"]) for span in _positions(text, trig)]
        candidates = [
            e
            for e in unused
            if e.kind.value == want["kind"]
            and e.status.value == want["status"]
            and _overlaps(e, spans)
        ]
        if not candidates:
            missed.append(want)
            continue
        best = min(candidates, key=lambda e: len(field_errors(e, want)))
        unused.remove(best)
        errors = field_errors(best, want)
        if errors:
            wrong.append((want, best, tuple(errors)))
        else:
            right.append((want, best))
    return Score(tuple(right), tuple(wrong), tuple(missed), tuple(unused))
