"""Rich tables for the command line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from ..records import Event, Modality, Polarity

__all__ = ["events_table", "print_table"]


def _what(event: Event) -> str:
    if event.agreement is not None:
        name = event.agreement.name
        if event.agreement.aliases:
            name += f" ({', '.join(event.agreement.aliases)})"
        return name
    return event.topic or ""


def events_table(events: Sequence[Event]) -> Table:
    """One row per event: what, status, who, when, where, evidence word and rule."""
    table = Table(title=f"{len(events)} event{'s' if len(events) != 1 else ''}", show_lines=False)
    for column in (
        "doc",
        "kind",
        "status",
        "mood",
        "parties",
        "agreement / topic",
        "date",
        "place",
        "trigger",
        "rule",
    ):
        table.add_column(column, overflow="fold")
    for e in events:
        mood = e.modality.value
        if e.polarity is Polarity.NEGATIVE:
            mood += f", negative ({e.negation.value})" if e.negation else ", negative"
        if e.speaker:
            mood += f", per {e.speaker}"
        style = (
            None if e.modality is Modality.ASSERTED and e.polarity is Polarity.POSITIVE else "dim"
        )
        table.add_row(
            e.doc_id,
            e.kind.value,
            e.status.value,
            mood,
            ", ".join(e.parties),
            _what(e),
            e.date.isoformat() if e.date else "",
            e.place or "",
            e.trigger.text,
            e.rule,
            style=style,
        )
    return table


def print_table(table: Table) -> None:
    Console(soft_wrap=False).print(table)
