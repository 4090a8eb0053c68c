"""The Parquet layout of a corpus run, and reading it back into events.

An output directory is a Hive-partitioned dataset of events, one row per event, and two
side tables that readers skip because their names start with ``_``::

    out/month=2015-03/part-000012.parquet   events of block 12 published in March 2015
    out/month=unknown/part-000012.parquet   events of its documents with no date
    out/_documents/part-000012.parquet      one row per document read (id, date, hash, ...)
    out/_errors/part-000012.parquet         documents that failed, with place and reason
    out/_run.json                           the run's summary

Every file is named after its block, so a block that runs twice (a worker died and Dask
retried it) overwrites its own files: rows can be neither lost nor doubled.

Event columns are :func:`treatytrack.serialize.flatten_event`'s, except that ``parties``
and ``agreement.aliases`` stay lists (Parquet has lists, and ``;``-joining is lossy) and
``date`` is a date; ``published`` is added.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import uuid
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import fsspec
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputError
from .records import Event
from .serialize import event_from_json, flatten_event

__all__ = [
    "DOCUMENT_SCHEMA",
    "ERROR_SCHEMA",
    "EVENT_SCHEMA",
    "DocumentInfo",
    "event_from_row",
    "event_row",
    "month_of",
    "read_errors",
    "read_events",
]

_S = pa.string()
_LIST = pa.list_(pa.string())

EVENT_SCHEMA = pa.schema(
    [
        ("doc_id", _S),
        ("id", _S),
        ("kind", _S),
        ("status", _S),
        ("modality", _S),
        ("polarity", _S),
        ("agreement.name", _S),
        ("agreement.type", _S),
        ("agreement.topic", _S),
        ("agreement.aliases", _LIST),
        ("parties", _LIST),
        ("date", pa.date32()),
        ("date_text", _S),
        ("date_precision", _S),
        ("place", _S),
        ("trigger.text", _S),
        ("trigger.start", pa.int64()),
        ("trigger.end", pa.int64()),
        ("evidence.text", _S),
        ("evidence.start", pa.int64()),
        ("evidence.end", pa.int64()),
        ("rule", _S),
        ("speaker", _S),
        ("actor", _S),
        ("topic", _S),
        ("negation", _S),
        ("reference", pa.bool_()),
        ("published", pa.date32()),
    ]
)
"""One row per event; the ``month`` partition column comes from the directory name."""

DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", _S),
        ("published", pa.date32()),
        ("month", _S),
        ("place", _S),
        ("text_hash", _S),
        ("bytes", pa.int64()),
        ("events", pa.int32()),
    ]
)
"""One row per document read, in corpus order; ``text_hash`` is the tracker's content hash."""

ERROR_SCHEMA = pa.schema(
    [
        ("place", _S),
        ("doc_id", _S),
        ("reason", _S),
        ("skipped", pa.bool_()),
    ]
)
"""One row per problem; ``skipped`` is false when the document was still read (bad bytes)."""

DOCUMENTS_DIR = "_documents"
ERRORS_DIR = "_errors"
RUN_FILE = "_run.json"
_PART = re.compile(r"part-(\d+)\.parquet$")


def part_name(index: int) -> str:
    """The file name every table of block ``index`` uses."""
    return f"part-{index:06d}.parquet"


def month_of(published: dt.date | None) -> str:
    """The partition an event falls in: its document's publication month, or ``unknown``."""
    return f"{published.year:04d}-{published.month:02d}" if published else "unknown"


def event_row(event: Event, published: dt.date | None) -> dict[str, Any]:
    """One event as a row of :data:`EVENT_SCHEMA`."""
    row = flatten_event(event)
    row["parties"] = list(event.parties)
    row["agreement.aliases"] = list(event.agreement.aliases) if event.agreement else []
    row["date"] = event.date
    row["published"] = published
    return row


def event_from_row(row: Mapping[str, Any]) -> Event:
    """The event a row of :data:`EVENT_SCHEMA` holds (the inverse of :func:`event_row`)."""
    data = {name: row.get(name) for name in EVENT_SCHEMA.names if "." not in name}
    name = row.get("agreement.name")
    data["agreement"] = (
        None
        if name is None
        else {
            "name": name,
            "type": row.get("agreement.type"),
            "topic": row.get("agreement.topic"),
            "aliases": list(row.get("agreement.aliases") or ()),
        }
    )
    for span in ("trigger", "evidence"):
        data[span] = {key: row[f"{span}.{key}"] for key in ("text", "start", "end")}
    data["parties"] = list(row.get("parties") or ())
    date = row.get("date")
    data["date"] = date.isoformat() if isinstance(date, dt.date) else date
    data.pop("published", None)
    return event_from_json(data)


def write_table(fs: Any, path: str, table: pa.Table) -> None:
    """Write ``table`` to ``path`` whole or not at all: a temporary file (hidden from
    readers by its leading dot) renamed over the target."""
    parent = posixpath.dirname(path)
    fs.makedirs(parent, exist_ok=True)
    temporary = posixpath.join(parent, f".{posixpath.basename(path)}.{uuid.uuid4().hex}.tmp")
    with fs.open(temporary, "wb") as handle:
        pq.write_table(table, handle)
    fs.mv(temporary, path)


def block_files(fs: Any, root: str, index: int) -> list[str]:
    """Every file block ``index`` has written under ``root`` (events, documents, errors)."""
    return sorted(fs.glob(posixpath.join(root, "*", part_name(index))))


def _read(fs: Any, path: str) -> pa.Table:
    with fs.open(path, "rb") as handle:
        return pq.read_table(handle)


@attrs.frozen(slots=True)
class DocumentInfo:
    """What the tracker needs to know of a document besides its events.

    ``text_hash`` is :func:`treatytrack.track.tracker.content_hash` of the text and date, so
    a tracker built from Parquet recognises the same document ingested later from its text.
    """

    doc_id: str
    published: dt.date | None = None
    text_hash: str | None = None
    place: str | None = None


def _open_root(path: str) -> tuple[Any, str]:
    fs, root = fsspec.core.url_to_fs(str(path))
    if not fs.isdir(root):
        raise InputError(f"{path}: no such events dataset (not a directory)")
    return fs, root.rstrip("/")


def read_events(path: str) -> Iterator[tuple[DocumentInfo, list[Event]]]:
    """Each document of a corpus run with its events, block by block in corpus order.

    Documents with no event are included (the tracker records them too). Memory stays
    bounded by one block. A dataset without the ``_documents`` table (written by other
    tools, with the same event columns) is read whole and grouped by ``doc_id``.
    """
    fs, root = _open_root(path)
    documents = posixpath.join(root, DOCUMENTS_DIR)
    if not fs.isdir(documents):
        yield from _grouped(fs, root)
        return
    parts = sorted(
        (int(m.group(1)), p)
        for p in fs.glob(posixpath.join(documents, "part-*.parquet"))
        if (m := _PART.search(p))
    )
    for index, doc_path in parts:
        by_month: dict[str, deque[dict[str, Any]]] = {}
        for event_path in block_files(fs, root, index):
            folder = posixpath.basename(posixpath.dirname(event_path))
            if folder.startswith("month="):
                rows = _read(fs, event_path).to_pylist()
                by_month[folder.removeprefix("month=")] = deque(rows)
        # Rows of one month file are in document order, and a document's events all share
        # its month: the document table's counts split them back, even for repeated ids.
        for doc in _read(fs, doc_path).to_pylist():
            queue = by_month.get(doc["month"], deque())
            count = int(doc["events"])
            if len(queue) < count:
                raise InputError(
                    f"{path}: block {index} lists {count} events for {doc['doc_id']} "
                    f"but month={doc['month']} holds {len(queue)} more (incomplete dataset?)"
                )
            events = [event_from_row(queue.popleft()) for _ in range(count)]
            yield (
                DocumentInfo(doc["doc_id"], doc["published"], doc["text_hash"], doc["place"]),
                events,
            )


def _grouped(fs: Any, root: str) -> Iterator[tuple[DocumentInfo, list[Event]]]:
    """Events of a dataset with no document table, grouped by document (first seen first)."""
    events: dict[str, list[Event]] = defaultdict(list)
    published: dict[str, dt.date | None] = {}
    files = sorted(
        p
        for p in fs.glob(posixpath.join(root, "**", "*.parquet"))
        if not _hidden(posixpath.relpath(p, root))
    )
    for file in files:
        for row in _read(fs, file).to_pylist():
            events[row["doc_id"]].append(event_from_row(row))
            published.setdefault(row["doc_id"], row.get("published"))
    for doc_id, found in events.items():
        yield DocumentInfo(doc_id, published[doc_id]), found


def _hidden(relative: str) -> bool:
    return any(part.startswith(("_", ".")) for part in relative.split("/"))


def read_errors(path: str) -> list[dict[str, Any]]:
    """The problems a corpus run met (rows of :data:`ERROR_SCHEMA`), in block order."""
    fs, root = _open_root(path)
    files = sorted(fs.glob(posixpath.join(root, ERRORS_DIR, "part-*.parquet")))
    return [row for file in files for row in _read(fs, file).to_pylist()]


def tables_of(rows: Iterable[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows as a table of ``schema`` (every file of a dataset shares its schema exactly)."""
    return pa.Table.from_pylist(list(rows), schema=schema)
