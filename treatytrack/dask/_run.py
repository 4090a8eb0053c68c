"""A corpus run on Dask: blocks of documents in, a Parquet dataset of events out.

The client plans blocks (:mod:`._blocks`), sends the rule set to every worker once
(``client.scatter(..., broadcast=True)``: a :class:`~treatytrack.rules.ruleset.RuleSet`
travels as its packs and compiles once per process), and maps :func:`process_block` over a
``dask.bag`` with one block per partition. Each task reads its block, extracts, and writes
its own files (:mod:`treatytrack.parquet`), returning only counts, so nothing large flows back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import posixpath
import socket
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import attrs
import dask.bag as db
import fsspec
from dask.utils import parse_bytes
from distributed import Client, LocalCluster, as_completed

from ..engine import Engine, load_rules
from ..errors import InputError, InputWarning
from ..parquet import (
    DOCUMENT_SCHEMA,
    DOCUMENTS_DIR,
    ERROR_SCHEMA,
    ERRORS_DIR,
    EVENT_SCHEMA,
    RUN_FILE,
    block_files,
    event_row,
    month_of,
    part_name,
    tables_of,
    write_table,
)
from ..records import Document
from ..rules.ruleset import RuleSet
from ..track.tracker import content_hash
from ._blocks import (
    Block,
    Failure,
    count_lines,
    expand_paths,
    number_blocks,
    plan_blocks,
    read_block_items,
)

__all__ = ["BlockResult", "CorpusSummary", "extract_corpus", "process_block"]

DEFAULT_BLOCKSIZE = "1MiB"
"""About a minute of one core on long news articles: small enough to spread a single large
file over many workers and to make a retried block cheap, large enough that per-task
overhead (milliseconds) does not count."""


class Reader(Protocol):
    """What a block needs of an engine (tests substitute one that fails on purpose)."""

    def read(self, document: Document) -> Document: ...


@attrs.frozen(slots=True)
class BlockResult:
    """What one block did: counts only (its rows are in the dataset already)."""

    index: int
    documents: int = 0
    events: int = 0
    failures: int = 0
    warnings: int = 0
    bytes: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    worker: str = ""
    error: str | None = None


@attrs.frozen(slots=True)
class CorpusSummary:
    """The totals of a corpus run, as printed by ``treatytrack extract-corpus``.

    ``failures`` counts documents (or whole blocks) left out; ``warnings`` documents read
    despite a problem (undecodable bytes replaced). Both are listed in ``out/_errors``.
    ``seconds`` is the run on a ready cluster (rates use it); ``startup_seconds`` the time
    to start or reach the cluster before it; ``cpu_seconds`` the CPU time the blocks took on
    their workers, the work itself, which does not grow with the number of workers.
    """

    out: str
    files: int
    blocks: int
    documents: int
    events: int
    failures: int
    warnings: int
    bytes: int
    seconds: float
    workers: int
    rules: str
    failed_blocks: tuple[int, ...] = ()
    startup_seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def mb_per_second(self) -> float:
        """Megabytes (10**6) of document text per second."""
        return self.bytes / 1e6 / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        data = attrs.asdict(self)
        data["failed_blocks"] = list(self.failed_blocks)
        data["docs_per_second"] = round(self.docs_per_second, 2)
        data["mb_per_second"] = round(self.mb_per_second, 4)
        return data


# -- on the workers ----------------------------------------------------------------------------

_ENGINES: dict[int, Engine] = {}


def _engine_for(rules: RuleSet) -> Engine:
    """One engine per rule set per process: the scattered rule set is the same object for
    every task on a worker, so this builds the prefilter and readers once."""
    engine = _ENGINES.get(id(rules))
    if engine is None or engine.rules is not rules:
        _ENGINES.clear()
        engine = _ENGINES[id(rules)] = Engine(rules)
    return engine


def process_block(
    block: Block, *, rules: RuleSet, out: str, published: dt.date | None = None
) -> BlockResult:
    """Read, extract and write one block (a Dask task). Safe to run again: it rewrites
    exactly the files named after its index and removes any others of that index."""
    return run_block(block, _engine_for(rules), out, published)


def run_block(
    block: Block, engine: Reader, out: str, published: dt.date | None = None
) -> BlockResult:
    """:func:`process_block` with the engine given."""
    started, cpu = time.perf_counter(), time.process_time()
    events: dict[str, list[dict[str, Any]]] = {}
    documents: list[dict[str, Any]] = []
    failures: list[Failure] = []
    size = 0
    for item in read_block_items(block, published):
        if isinstance(item, Failure):
            failures.append(item)
            continue
        place, doc = item
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", InputWarning)
                found = engine.read(doc).events
        except Exception as exc:  # one document must never stop a corpus
            failures.append(Failure(place, f"{type(exc).__name__}: {exc}", doc.id))
            continue
        # Read only in part (a sentence cut, a budget spent): on a worker a warning would
        # vanish into its log, so it joins the errors table, the document's events kept.
        for warning in caught:
            if issubclass(warning.category, InputWarning):
                failures.append(Failure(place, str(warning.message), doc.id, skipped=False))
            else:
                warnings.warn_explicit(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
        month = month_of(doc.published)
        text_bytes = len(doc.text.encode("utf-8", "surrogatepass"))
        size += text_bytes
        events.setdefault(month, []).extend(event_row(e, doc.published) for e in found)
        documents.append(
            {
                "doc_id": doc.id,
                "published": doc.published,
                "month": month,
                "place": place,
                "text_hash": content_hash(doc.text, doc.published),
                "bytes": text_bytes,
                "events": len(found),
            }
        )
    fs, root = fsspec.core.url_to_fs(out)
    name = part_name(block.index)
    written = set()
    for month, rows in events.items():
        if rows:
            path = posixpath.join(root, f"month={month}", name)
            write_table(fs, path, tables_of(rows, EVENT_SCHEMA))
            written.add(path)
    for folder, rows, schema in (
        (DOCUMENTS_DIR, documents, DOCUMENT_SCHEMA),
        (ERRORS_DIR, [f.row() for f in failures], ERROR_SCHEMA),
    ):
        if rows:
            path = posixpath.join(root, folder, name)
            write_table(fs, path, tables_of(rows, schema))
            written.add(path)
    for stale in set(block_files(fs, root, block.index)) - written:
        fs.rm(stale)  # left by an earlier attempt that read differently
    return BlockResult(
        index=block.index,
        documents=len(documents),
        events=sum(d["events"] for d in documents),
        failures=sum(1 for f in failures if f.skipped),
        warnings=len({f.place for f in failures if not f.skipped}),  # documents, not rows
        bytes=size,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu,
        worker=f"{socket.gethostname()}:{os.getpid()}",
    )


# -- on the client -----------------------------------------------------------------------------

Progress = Callable[[BlockResult, int, int], None]
"""Called on the client after each block: (its result, blocks done, blocks in all)."""


@contextlib.contextmanager
def _connect(client: Client | str | None, workers: int | None) -> Iterator[Client]:
    """The client given; or one connected to an address; or a local cluster of worker
    processes (one thread each: the engine is pure Python, so threads would share a GIL)."""
    if isinstance(client, Client):
        yield client
        return
    if client is not None:
        try:
            connected = Client(client, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot connect to the Dask scheduler at {client}: {exc}") from None
        with connected:
            yield connected
        return
    count = workers or os.cpu_count() or 1
    with (
        LocalCluster(
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as local,
    ):
        yield local


def _prepare(out: str, overwrite: bool) -> tuple[Any, str]:
    """The output directory, empty. Only a previous run's dataset is ever deleted."""
    fs, root = fsspec.core.url_to_fs(out)
    root = root.rstrip("/") or root
    if fs.exists(root):
        if not fs.isdir(root):
            raise InputError(f"{out}: exists and is not a directory")
        entries = fs.ls(root, detail=False)
        if entries:
            ours = fs.exists(posixpath.join(root, RUN_FILE)) or fs.exists(
                posixpath.join(root, DOCUMENTS_DIR)
            )
            if not overwrite:
                raise InputError(f"{out}: not empty (use overwrite=True / --overwrite)")
            if not ours:
                raise InputError(f"{out}: not empty and not an events dataset; not deleting it")
            fs.rm(root, recursive=True)
    fs.makedirs(root, exist_ok=True)
    return fs, root


def _count(client: Client, blocks: list[Block]) -> list[Block]:
    """Number the lines of split files, counting on the workers (where the data is)."""
    pieces = [b for b in blocks if b.length is not None]
    if not pieces:
        return blocks
    counts = client.gather(client.map(count_lines, pieces, pure=False))
    return number_blocks(blocks, {b.index: n for b, n in zip(pieces, counts, strict=True)})


def extract_corpus(
    paths: str | Path | Iterable[str | Path],
    out: str | Path,
    rules: RuleSet | None = None,
    client: Client | str | None = None,
    *,
    workers: int | None = None,
    published: dt.date | None = None,
    blocksize: int | str = DEFAULT_BLOCKSIZE,
    overwrite: bool = False,
    on_progress: Progress | None = None,
    on_start: Callable[[Client], None] | None = None,
) -> CorpusSummary:
    """Extract the events of a corpus on a Dask cluster into a Parquet dataset at ``out``.

    ``paths``: files or globs (``news/*.jsonl.gz``), JSON lines or text, plain or ``.gz``,
    local or fsspec URLs that the client and every worker can read. ``client``: a
    :class:`distributed.Client`, a scheduler address (``tcp://host:8786``), or None for a
    local cluster of ``workers`` processes (default: one per core). ``published`` is the
    date of documents that carry none; ``blocksize`` splits large uncompressed files.
    ``out`` must be empty or absent, or a previous run's dataset with ``overwrite=True``.

    A document that cannot be read or processed goes to ``out/_errors`` and the run goes
    on; a block whose task fails outright (its worker died three times) is recorded there
    as a whole. ``on_start(client)`` is called once connected (to show the dashboard
    link), ``on_progress`` after each block. Returns the run's :class:`CorpusSummary`
    (also in ``out/_run.json``).

    .. versionadded:: 0.1
    """
    rules = rules if rules is not None else load_rules()
    names = [paths] if isinstance(paths, (str, Path)) else list(paths)
    size = parse_bytes(blocksize) if isinstance(blocksize, str) else int(blocksize)
    files = expand_paths(names)
    planned = plan_blocks(files, size)
    out = str(out)
    fs, root = _prepare(out, overwrite)
    target = fs.unstrip_protocol(root)  # absolute: workers need not share our directory
    results: dict[int, BlockResult] = {}
    connecting = time.perf_counter()
    with _connect(client, workers) as connected:
        worker_count = len(connected.nthreads())
        if on_start is not None:
            on_start(connected)
        started = time.perf_counter()
        blocks = _count(connected, planned)
        # hash=False: dask's tokenize walks the whole rule set (seconds); a random key is free.
        shared = connected.scatter(rules, broadcast=True, hash=False)
        bag = db.from_sequence(blocks, npartitions=max(1, len(blocks))).map(
            process_block, rules=shared, out=target, published=published
        )
        futures = connected.compute(bag.to_delayed())
        index_of = {future.key: i for i, future in enumerate(futures)}
        completed = as_completed(futures, loop=connected.loop)  # not the default client's
        del futures
        for future in completed:
            i = index_of[future.key]
            if future.status == "finished":
                result = future.result()[0]
            else:
                exc = future.exception() if future.status == "error" else None
                result = _failed_block(fs, root, blocks[i], exc or RuntimeError(future.status))
            # Forget a finished block at once: were its worker to die later, Dask would
            # otherwise run it again to restore a result nobody needs.
            future.release()
            results[i] = result
            if on_progress is not None:
                on_progress(result, len(results), len(blocks))
        seconds = time.perf_counter() - started
        del shared
    _sweep(fs, root)
    summary = attrs.evolve(
        _summary(out, len(files), blocks, results, seconds),
        startup_seconds=started - connecting,
        workers=worker_count,
        rules=rules.fingerprint,
    )
    with fs.open(posixpath.join(root, RUN_FILE), "w") as handle:
        json.dump(summary.to_json(), handle, indent=2)
    return summary


def _sweep(fs: Any, root: str) -> None:
    """Remove temporary files that a worker killed while writing left behind."""
    for path in fs.find(root):
        name = posixpath.basename(path)
        if name.startswith(".") and name.endswith(".tmp"):
            fs.rm(path)


def _failed_block(fs: Any, root: str, block: Block, exc: BaseException) -> BlockResult:
    """Record a block whose task failed for good, and drop whatever it half wrote."""
    for path in block_files(fs, root, block.index):
        fs.rm(path)
    reason = f"block failed: {type(exc).__name__}: {exc}"
    table = tables_of([Failure(block.place, reason).row()], ERROR_SCHEMA)
    write_table(fs, posixpath.join(root, ERRORS_DIR, part_name(block.index)), table)
    return BlockResult(block.index, failures=1, error=reason)


def _summary(
    out: str, files: int, blocks: list[Block], results: dict[int, BlockResult], seconds: float
) -> CorpusSummary:
    done = results.values()
    return CorpusSummary(
        out=out,
        files=files,
        blocks=len(blocks),
        documents=sum(r.documents for r in done),
        events=sum(r.events for r in done),
        failures=sum(r.failures for r in done),
        warnings=sum(r.warnings for r in done),
        bytes=sum(r.bytes for r in done),
        seconds=seconds,
        workers=0,
        rules="",
        failed_blocks=tuple(sorted(r.index for r in done if r.error)),
        cpu_seconds=sum(r.cpu_seconds for r in done),
    )
