"""Corpus extraction on Dask: many files in, a Parquet dataset of events out.

Optional: it needs the ``dask`` extra (``pip install 'treatytrack[dask]'``), and
``import treatytrack`` never imports it. ::

    from treatytrack.dask import extract_corpus, read_events

    summary = extract_corpus("news/*.jsonl.gz", "events/")             # a local cluster
    summary = extract_corpus(paths, "events/", client="tcp://sched:8786")  # an existing one

    with Tracker("agreements.db") as tracker:
        for doc, events in read_events("events/"):
            tracker.ingest_events(events, doc_id=doc.doc_id, published=doc.published,
                                  text_hash=doc.text_hash)

The dataset (one row per event, partitioned by publication month, with ``_documents`` and
``_errors`` side tables) is described in :mod:`treatytrack.parquet`; the command
line is ``treatytrack extract-corpus``.

.. versionadded:: 0.1
"""

from __future__ import annotations

try:
    import dask  # noqa: F401 - absolute: the real library, not this module
    import distributed  # noqa: F401
    import fsspec  # noqa: F401
    import pyarrow  # noqa: F401
except ImportError as exc:
    raise ImportError(
        f"treatytrack.dask needs the optional 'dask' extra ({exc.name or exc} is missing): "
        "pip install 'treatytrack[dask]'"
    ) from exc

from ..parquet import (
    DOCUMENT_SCHEMA,
    ERROR_SCHEMA,
    EVENT_SCHEMA,
    DocumentInfo,
    event_from_row,
    event_row,
    read_errors,
    read_events,
)
from ._blocks import Block, Failure, expand_paths
from ._run import BlockResult, CorpusSummary, extract_corpus, process_block

__all__ = [
    "DOCUMENT_SCHEMA",
    "ERROR_SCHEMA",
    "EVENT_SCHEMA",
    "Block",
    "BlockResult",
    "CorpusSummary",
    "DocumentInfo",
    "Failure",
    "event_from_row",
    "event_row",
    "expand_paths",
    "extract_corpus",
    "process_block",
    "read_errors",
    "read_events",
]
