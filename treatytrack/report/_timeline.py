"""Agreements for the page: names, parties, and a timeline of every history entry.

Each entry of :attr:`Agreement.history` becomes one step, in history order, placed on a
time axis by its date (its own date, else its document's publication date); entries of one
date, or of dates too close to tell apart, are stacked in lanes. Every step links to the
sentence it was read from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from ..records import Polarity
from ..track import Agreement, StatusChange
from ._model import AgreementView, AxisTick, PartyStep, StepView

__all__ = ["agreement_anchor", "agreement_view", "axis_ticks", "position", "stack"]

Anchor = Callable[[StatusChange], str]  # a history entry -> the page id of its sentence

_LOW, _HIGH = 3.0, 97.0  # the axis runs between these percentages
_UNDATED = 100.0
_MAX_TICKS = 8
_MIN_GAP = 7.0  # percent: closer inner ticks would print over the end labels
_DOT = 2.6  # percent: a dot's width on an axis about 900 pixels wide


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def agreement_anchor(index: int) -> str:
    """The page id of the ``index``-th agreement (ids never hold stored text)."""
    return f"agreement{index}"


def position(day: dt.date | None, low: dt.date | None, high: dt.date | None) -> float:
    """Where ``day`` sits on an axis from ``low`` to ``high``, in percent."""
    if day is None or low is None or high is None:
        return _UNDATED
    span = (high - low).days
    if span <= 0:
        return 50.0
    return round(_LOW + (_HIGH - _LOW) * (day - low).days / span, 2)


def _inner_dates(low: dt.date, high: dt.date) -> list[tuple[dt.date, str]]:
    """Year starts (over two years or more) or month starts (over two months or more)
    strictly between ``low`` and ``high``, with their labels."""
    span = (high - low).days
    if span >= 730:
        return [(dt.date(y, 1, 1), str(y)) for y in range(low.year + 1, high.year + 1)]
    if span < 60:
        return []
    out: list[tuple[dt.date, str]] = []
    year, month = low.year, low.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = dt.date(year, month, 1)
        if day >= high:
            return out
        out.append((day, f"{year}-{month:02d}"))


def axis_ticks(low: dt.date | None, high: dt.date | None, undated: bool) -> tuple[AxisTick, ...]:
    """The labelled dates of an axis: both ends, a few year or month starts between them
    (never crowding the ends), and "undated" when some step has no date."""
    ticks: list[AxisTick] = []
    if low is not None and high is not None:
        ticks.append(AxisTick(position(low, low, high), low.isoformat()))
        if high > low:
            inner = [
                AxisTick(position(day, low, high), label) for day, label in _inner_dates(low, high)
            ]
            inner = [t for t in inner if _LOW + _MIN_GAP <= t.position <= _HIGH - _MIN_GAP]
            step = -(-len(inner) // _MAX_TICKS) if inner else 1
            ticks.extend(inner[::step])
            ticks.append(AxisTick(position(high, low, high), high.isoformat()))
    if undated:
        ticks.append(AxisTick(_UNDATED, "undated"))
    return tuple(ticks)


def stack(places: Sequence[float], gap: float = _DOT) -> list[int]:
    """A lane for each dot at ``places`` (percent) so that no two dots in one lane are
    closer than ``gap``: each dot, left to right, takes the lowest lane it fits in."""
    ends: list[float] = []  # the last position taken in each lane
    lanes = [0] * len(places)
    for index in sorted(range(len(places)), key=lambda i: (places[i], i)):
        where = places[index]
        lane = next((n for n, end in enumerate(ends) if where - end >= gap), len(ends))
        if lane == len(ends):
            ends.append(where)
        ends[lane] = where
        lanes[index] = lane
    return lanes


def _mood(change: StatusChange) -> str:
    words = [change.modality.value]
    if change.polarity is Polarity.NEGATIVE:
        words.append(f"negative ({change.negation.value})" if change.negation else "negative")
    return ", ".join(words)


def _steps(history: Sequence[StatusChange], anchor: Anchor) -> tuple[StepView, ...]:
    days = [c.when for c in history if c.when is not None]
    low, high = (min(days), max(days)) if days else (None, None)
    places = [position(c.when, low, high) for c in history]
    lanes = stack(places)
    steps = []
    for number, change in enumerate(history, 1):
        where, lane = places[number - 1], lanes[number - 1]
        evidence = change.evidence
        steps.append(
            StepView(
                number=number,
                status=change.status.value,
                kind=change.kind.value,
                effect=change.effect.value,
                flag=change.flag.value,
                note=change.note,
                result=change.result.value if change.result else None,
                date=_iso(change.date),
                when=_iso(change.when),
                precision=change.date_precision.value if change.date_precision else None,
                mood=_mood(change),
                modality=change.modality.value,
                polarity=change.polarity.value,
                parties=change.parties,
                actor=change.actor,
                name=change.name,
                doc_id=evidence.doc_id,
                event_id=evidence.event_id,
                rule=evidence.rule,
                speaker=evidence.speaker,
                trigger_text=evidence.trigger.text,
                sentence_text=evidence.sentence.text,
                sentence_anchor=anchor(change),
                position=where,
                lane=lane,
            )
        )
    return tuple(steps)


def agreement_view(index: int, agreement: Agreement, anchor: Anchor) -> AgreementView:
    """The view of the ``index``-th agreement; ``anchor`` finds the page id of a step's
    sentence."""
    steps = _steps(agreement.history, anchor)
    days = [c.when for c in agreement.history if c.when is not None]
    low, high = (min(days), max(days)) if days else (None, None)
    undated = any(c.when is None for c in agreement.history)
    lanes = max((s.lane for s in steps), default=0) + 1
    return AgreementView(
        id=agreement.id,
        anchor=agreement_anchor(index),
        name=agreement.name,
        kind=agreement.kind.value,
        status=agreement.status.value if agreement.status else None,
        status_date=_iso(agreement.status_date),
        type=agreement.type,
        topic=agreement.topic,
        aliases=agreement.aliases,
        parties=agreement.parties,
        party_steps=tuple(
            PartyStep(p.party, p.status.value, _iso(p.date), p.doc_id)
            for p in agreement.party_status
        ),
        steps=steps,
        ticks=axis_ticks(low, high, undated),
        lanes=lanes,
        candidates=tuple(
            (c.other_id, c.reason.value, f"{c.score:.2f}") for c in agreement.candidates
        ),
        first_seen=_iso(agreement.first_seen),
        last_seen=_iso(agreement.last_seen),
        flagged=agreement.flagged,
    )
