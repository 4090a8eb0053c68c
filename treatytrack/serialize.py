"""Records to JSON and back, with cattrs: one event is one object of ``event.schema.json``.

``to_json(event)`` gives the schema's fields (always present, ``null`` where unknown) and the
extra fields the schema allows (``id``, ``actor``, ``topic``, ``negation``, ``reference``,
``date_precision``); ``from_json`` reads the same shape back into an equal
:class:`~treatytrack.records.Event`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import cattrs

from .records import Event

__all__ = [
    "EVENT_FIELDS",
    "converter",
    "event_from_json",
    "event_to_json",
    "events_to_jsonl",
    "flatten_event",
]

# The order of keys in a serialised event: the schema's fields first, then the extras.
EVENT_FIELDS = (
    "doc_id",
    "id",
    "kind",
    "status",
    "modality",
    "polarity",
    "agreement",
    "parties",
    "date",
    "date_text",
    "date_precision",
    "place",
    "trigger",
    "evidence",
    "rule",
    "speaker",
    "actor",
    "topic",
    "negation",
    "reference",
)

converter = cattrs.Converter()
converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
converter.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
converter.register_unstructure_hook(tuple, list)


def event_to_json(event: Event) -> dict[str, Any]:
    """The JSON object of one event (keys in :data:`EVENT_FIELDS` order)."""
    raw = converter.unstructure(event)
    raw["id"] = event.id
    raw["parties"] = list(event.parties)
    if raw.get("agreement") is not None:
        raw["agreement"]["aliases"] = list(event.agreement.aliases) if event.agreement else []
    return {key: raw.get(key) for key in EVENT_FIELDS}


def event_from_json(data: dict[str, Any]) -> Event:
    """Read one serialised event back (``id`` is derived, so it is ignored)."""
    fields = {k: v for k, v in data.items() if k in EVENT_FIELDS and k != "id"}
    return converter.structure(fields, Event)


def events_to_jsonl(events: list[Event]) -> str:
    """Events as JSON lines."""
    return "".join(json.dumps(event_to_json(e), ensure_ascii=False) + "\n" for e in events)


def flatten_event(event: Event) -> dict[str, Any]:
    """One event as a flat row (CSV, Parquet): nested fields become dotted columns and lists
    are joined with ``;``."""
    data = event_to_json(event)
    row: dict[str, Any] = {}
    for key, value in data.items():
        if key == "agreement":
            agreement = value or {}
            row["agreement.name"] = agreement.get("name")
            row["agreement.type"] = agreement.get("type")
            row["agreement.topic"] = agreement.get("topic")
            row["agreement.aliases"] = ";".join(agreement.get("aliases") or [])
        elif key in ("trigger", "evidence"):
            for sub in ("text", "start", "end"):
                row[f"{key}.{sub}"] = value[sub]
        elif key == "parties":
            row[key] = ";".join(value)
        else:
            row[key] = value
    return row
