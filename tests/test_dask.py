"""Corpus extraction on Dask: a real two-process cluster on loopback, Parquet out.

The cluster tests share one ``LocalCluster`` (two worker processes, one thread each) and one
generated corpus of about two hundred documents in four files (one split into blocks,
two gzipped, one text document with a sidecar), with broken lines among them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import os
import random
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pytest

EXTRA = "needs the optional extra: pip install 'treatytrack[dask]'"
pytest.importorskip("dask.bag", reason=EXTRA)
pytest.importorskip("distributed", reason=EXTRA)
pytest.importorskip("pyarrow", reason=EXTRA)

import pyarrow.dataset as pads  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import treatytrack  # noqa: E402
from treatytrack import Document, Tracker, extract_many, load_rules  # noqa: E402
from treatytrack.cli import cli  # noqa: E402
from treatytrack.cli.main import _register  # noqa: E402
from treatytrack.corpus import read_documents  # noqa: E402
from treatytrack.dask import (  # noqa: E402
    EVENT_SCHEMA,
    CorpusSummary,
    Failure,
    event_from_row,
    event_row,
    expand_paths,
    extract_corpus,
    read_errors,
    read_events,
)
from treatytrack.dask._blocks import (  # noqa: E402
    count_lines,
    number_blocks,
    plan_blocks,
    read_block_items,
)
from treatytrack.dask._run import run_block  # noqa: E402
from treatytrack.records import Event  # noqa: E402
from treatytrack.rules.ruleset import RuleSet  # noqa: E402
from treatytrack.serialize import event_to_json, flatten_event  # noqa: E402
from treatytrack.track import agreement_to_json  # noqa: E402

_register()

# -- a corpus of template sentences --------------------------------------------------------------

COUNTRIES = [
    "Japan", "the Philippines", "France", "Germany", "Chile", "Peru", "Kenya", "Tanzania",
    "India", "Brazil", "Canada", "Mexico", "Australia", "Indonesia", "Norway", "Sweden",
]  # fmt: skip
TOPICS = ["defence", "trade", "fisheries", "energy", "water-sharing", "climate", "customs"]
CITIES = ["Manila", "Lima", "Nairobi", "Oslo", "Jakarta", "Ottawa", "Brasilia"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
EVENT_SENTENCES = [
    "{a} and {b} signed a {topic} agreement in {city} on {day}.",
    "{a} ratified the {topic} treaty with {b} last month, the foreign ministry said.",
    "{a} and {b} began talks on a {topic} pact on {day}.",
    "{a} declined to sign the {topic} accord with {b}.",
    "{a} expects to conclude a {topic} deal with {b} by the end of the year.",
    "{a} withdrew from the {topic} treaty with {b} on {day}.",
    "The {topic} agreement between {a} and {b} entered into force on {day}.",
    "Talks between {a} and {b} on a {topic} agreement collapsed on {day}.",
]
FILLER = [
    "Stocks in {city} rose on {day} as investors shrugged off weak factory data.",
    "The weather in {city} stayed mild, and the harbour reopened to ferries.",
    "A spokesman for the ministry declined to comment on the report.",
    "Rail traffic around {city} was disrupted by a strike on {day}.",
    "The central bank left interest rates unchanged.",
]


def _fill(rng: random.Random) -> dict[str, str]:
    a, b = rng.sample(COUNTRIES, 2)
    return {
        "a": a,
        "b": b,
        "topic": rng.choice(TOPICS),
        "city": rng.choice(CITIES),
        "day": rng.choice(DAYS),
    }


def _text(rng: random.Random) -> str:
    fill = _fill(rng)
    parts = [rng.choice(FILLER) for _ in range(rng.randint(0, 2))]
    if rng.random() < 0.45:
        parts.insert(rng.randint(0, len(parts)), rng.choice(EVENT_SENTENCES))
    if not parts:
        parts = [rng.choice(FILLER)]
    return " ".join(p.format(**fill) for p in parts)


def _record(rng: random.Random, doc_id: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {"text": _text(rng)}
    if doc_id is not None:
        record["id"] = doc_id
    if rng.random() < 0.9:
        record["published"] = f"2015-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"
    return record


BROKEN = [
    b'{"id": "broken-json", "text": "Chile and Peru signed',
    b'{"id": "no-text", "published": "2015-02-02"}',
    b'{"id": "bad-date", "text": "Chile and Peru signed a pact.", "published": "2015-13-45"}',
    b"",
]
BAD_BYTES = (
    b'{"id": "bad-bytes", "text": "Kenya and Tanzania signed a trade pact \xff in Nairobi on '
    b'Friday.", "published": "2015-03-06"}'
)


def write_corpus(folder: Path) -> list[str]:
    """Four files of about 200 documents; returns the patterns to give extract_corpus."""
    rng = random.Random(7)
    lines: list[bytes] = []
    for n in range(90):
        doc_id = None if n % 9 == 4 else f"a-{n}"  # some records have no id: file#line
        lines.append(json.dumps(_record(rng, doc_id)).encode())
        if n % 22 == 10:
            lines.append(BROKEN[(n // 22) % len(BROKEN)])
    lines.insert(40, BAD_BYTES)
    (folder / "news-a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    for name, count in (("news-b", 70), ("news-c", 40)):
        with gzip.open(folder / f"{name}.jsonl.gz", "wt", encoding="utf-8") as handle:
            for n in range(count):
                handle.write(json.dumps(_record(rng, f"{name}-{n}")) + "\n")
    (folder / "brief.txt").write_text(
        "France and Germany signed an energy agreement in Oslo on Monday.", encoding="utf-8"
    )
    (folder / "brief.txt.meta.json").write_text(
        json.dumps({"id": "brief", "published": "2015-04-14"}), encoding="utf-8"
    )
    return [str(folder / "news-*.jsonl*"), str(folder / "brief.txt")]


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


def _count_compiles() -> None:
    """Installed on each worker: count how often a RuleSet is compiled in the process."""
    from treatytrack.rules import ruleset

    if getattr(ruleset.RuleSet.__init__, "counting", False):
        return
    original = ruleset.RuleSet.__init__

    def counted(self: Any, packs: Any) -> None:
        ruleset.compiles = getattr(ruleset, "compiles", 0) + 1  # type: ignore[attr-defined]
        original(self, packs)

    counted.counting = True  # type: ignore[attr-defined]
    ruleset.RuleSet.__init__ = counted  # type: ignore[method-assign]


def _compiles() -> int:
    from treatytrack.rules import ruleset

    return int(getattr(ruleset, "compiles", 0))


@attrs.frozen
class Setup:
    client: Client
    baseline: dict[str, Event]  # what one process gives, by event id
    out: Path  # the cluster's dataset
    summary: CorpusSummary


@pytest.fixture(scope="module")
def setup(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    """A two-process cluster on loopback, the corpus extracted on it, and the baseline:
    ``extract_many`` over the single-process reader. This process loads the rules while
    the cluster starts, and extracts the baseline while the cluster runs (two cores)."""
    stack = contextlib.ExitStack()

    def start() -> Client:
        cluster = stack.enter_context(
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=":0",
            )
        )
        # Not a context manager: a client's context belongs to the thread that entered it.
        client = Client(cluster, set_as_default=False)
        stack.callback(client.close)
        client.run(_count_compiles)
        return client

    with stack, ThreadPoolExecutor(1) as pool:
        starting = pool.submit(start)
        rules = load_rules()
        client = starting.result()
        out = tmp_path_factory.mktemp("run") / "events"
        running = pool.submit(extract_corpus, corpus, out, rules, client, blocksize=2048)
        docs = read_documents(expand_paths(corpus), warn=lambda message: None)
        baseline = {event.id: event for event in extract_many(docs, rules=rules)}
        yield Setup(client, baseline, out, running.result())


@pytest.fixture(scope="module")
def client(setup: Setup) -> Client:
    return setup.client


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()  # the same object as setup's: load_rules() caches the default packs


@pytest.fixture(scope="module")
def baseline(setup: Setup) -> dict[str, Event]:
    return setup.baseline


@pytest.fixture(scope="module")
def run(setup: Setup) -> tuple[Path, CorpusSummary]:
    return setup.out, setup.summary


def _rows(out: Path) -> list[dict[str, Any]]:
    table = pads.dataset(str(out), format="parquet", partitioning="hive").to_table()
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


# -- the cluster ---------------------------------------------------------------------------------


def test_parquet_events_equal_extract_many_by_event_id(
    run: tuple[Path, CorpusSummary], baseline: dict[str, Event]
) -> None:
    out, summary = run
    rows = _rows(out)
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(baseline)
    assert len(baseline) > 60
    for row in rows:
        assert event_to_json(event_from_row(row)) == event_to_json(baseline[row["id"]])
        published = row["published"]
        assert row["month"] == (published.strftime("%Y-%m") if published else "unknown")
    assert summary.events == len(baseline)
    assert summary.blocks > 8  # news-a.jsonl is split, so a block starts mid-file
    assert summary.documents == 90 + 1 + 70 + 40 + 1  # bad-bytes is read, 3 lines skipped
    assert summary.workers == 2


def test_a_split_file_numbers_its_lines_as_one_process_does(
    run: tuple[Path, CorpusSummary], corpus: list[str]
) -> None:
    out, _ = run
    ids = [info.doc_id for info, _ in read_events(str(out))]
    expected = [d.id for d in read_documents(expand_paths(corpus), warn=lambda m: None)]
    assert ids == expected
    assert any("news-a.jsonl#" in doc_id for doc_id in ids)


def test_broken_documents_go_to_the_errors_dataset_and_the_run_goes_on(
    run: tuple[Path, CorpusSummary],
) -> None:
    out, summary = run
    errors = read_errors(str(out))
    reasons = {row["place"].rsplit("/", 1)[-1]: row for row in errors}
    assert summary.failures == 3
    assert summary.warnings == 1
    assert sum(row["skipped"] for row in errors) == 3
    bad_bytes = next(row for row in errors if not row["skipped"])
    assert bad_bytes["doc_id"] == "bad-bytes"
    assert "invalid UTF-8" in bad_bytes["reason"]
    assert any("not valid JSON" in row["reason"] for row in errors)
    assert any("'published' must be a date" in row["reason"] for row in errors)
    assert all(place.startswith("news-a.jsonl:") for place in reasons)


def test_the_rule_pack_is_compiled_once_per_worker(
    run: tuple[Path, CorpusSummary], client: Client
) -> None:
    assert run[1].blocks > 2 * 4  # many blocks per worker...
    assert sorted(client.run(_compiles).values()) == [1, 1]  # ...one compilation each


def test_a_tracker_from_parquet_equals_one_ingested_document_by_document(
    run: tuple[Path, CorpusSummary], corpus: list[str], baseline: dict[str, Event]
) -> None:
    out, _ = run
    by_doc: dict[str, list[Event]] = {}
    for event in baseline.values():
        by_doc.setdefault(event.doc_id, []).append(event)
    with Tracker() as one_by_one, Tracker() as from_parquet:
        for doc in read_documents(expand_paths(corpus), warn=lambda m: None):
            read = Document(doc.id, doc.text, doc.published, by_doc.get(doc.id, ()))
            one_by_one.ingest(read)
        results = from_parquet.ingest_events(out)  # the dataset's path
        assert len(results) == len(list(read_events(str(out))))
        expected = [agreement_to_json(a) for a in one_by_one.agreements()]
        assert expected
        assert [agreement_to_json(a) for a in from_parquet.agreements()] == expected
        assert from_parquet.documents() == one_by_one.documents()


def test_extract_corpus_on_the_command_line_prints_a_summary(
    client: Client, corpus: list[str], tmp_path: Path
) -> None:
    folder = Path(corpus[0]).parent
    out = tmp_path / "events"
    result = CliRunner().invoke(
        cli,
        [
            "extract-corpus",
            str(folder / "news-c.jsonl.gz"),
            *("--out", str(out), "--scheduler", client.scheduler_info()["address"]),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "documents" in result.output
    assert "docs/s" in result.output
    summary = json.loads((out / "_run.json").read_text())
    assert summary["documents"] == 40
    assert summary["failures"] == 0


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    client: Client,
    corpus: list[str],
    rules: RuleSet,
    baseline: dict[str, Event],
    tmp_path: Path,
    run: tuple[Path, CorpusSummary],
) -> None:
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(result: object, done: int, total: int) -> None:
        if killed:
            return
        busy = [address for address, keys in client.processing().items() if keys]
        victim = pids[busy[0] if busy else next(iter(pids))]
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)

    out = tmp_path / "events"
    summary = extract_corpus(
        corpus, out, rules, client, blocksize=2048, on_progress=kill_a_busy_worker
    )
    assert killed
    assert killed[0] not in client.run(os.getpid).values()  # the nanny started a new one
    ids = [row["id"] for row in _rows(out)]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(baseline)
    places = [info.place for info, _ in read_events(str(out))]
    assert len(places) == len(set(places)) == run[1].documents
    assert summary.failed_blocks == ()
    assert (summary.documents, summary.events) == (run[1].documents, run[1].events)
    assert not [p for p in out.rglob(".*") if p.is_file()]  # no half-written file is left


# -- without a cluster ---------------------------------------------------------------------------


def test_the_command_line_refuses_a_non_empty_output_and_workers_with_a_scheduler(
    corpus: list[str], tmp_path: Path
) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    args = ["extract-corpus", corpus[1], "--out", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "not empty" in result.output
    result = CliRunner().invoke(cli, [*args, "--overwrite"])
    assert result.exit_code == 2
    assert "not deleting it" in result.output
    assert (tmp_path / "keep.txt").exists()
    result = CliRunner().invoke(cli, [*args, "--scheduler", "tcp://x:1", "--workers", "2"])
    assert result.exit_code == 2
    assert "--workers" in result.output
    result = CliRunner().invoke(cli, ["extract-corpus", str(tmp_path / "none-*.jsonl"), *args[2:]])
    assert result.exit_code == 2
    assert "no file matches" in result.output


def test_event_rows_cover_the_serialised_fields_and_read_back_equal(rules: RuleSet) -> None:
    rng = random.Random(3)
    texts = [" ".join(s.format(**_fill(rng)) for s in EVENT_SENTENCES) for _ in range(3)]
    events = [e for t in texts for e in extract_many([t], rules=rules)]
    assert len(events) > 10
    assert set(flatten_event(events[0])) | {"published"} == set(EVENT_SCHEMA.names)
    for event in events:
        row = event_row(event, dt.date(2015, 3, 1))
        assert event_from_row(row) == event


class _Failing:
    """An engine that breaks on one document, as a bug in a rule might."""

    def __init__(self, rules: RuleSet) -> None:
        from treatytrack.engine import Engine

        self.engine = Engine(rules)

    def read(self, document: Document) -> Document:
        if document.id == "news-c-3":
            raise RuntimeError("matcher blew up")
        return self.engine.read(document)


def test_a_document_that_fails_to_process_is_recorded_and_its_block_goes_on(
    corpus: list[str], rules: RuleSet, tmp_path: Path
) -> None:
    folder = Path(corpus[0]).parent
    [block] = plan_blocks([str(folder / "news-c.jsonl.gz")], 1 << 20)
    result = run_block(block, _Failing(rules), str(tmp_path))
    assert (result.documents, result.failures) == (39, 1)
    [error] = read_errors(str(tmp_path))
    assert error["doc_id"] == "news-c-3"
    assert error["reason"] == "RuntimeError: matcher blew up"
    assert error["place"].endswith("news-c.jsonl.gz:4")


def test_a_document_read_only_in_part_keeps_its_events_and_is_listed(
    rules: RuleSet, tmp_path: Path
) -> None:
    from treatytrack.dask._run import _engine_for

    run_on = "Chile and Peru signed a fisheries pact on Friday " + "and talks went on " * 150
    corpus = tmp_path / "in" / "long.jsonl"
    corpus.parent.mkdir()
    corpus.write_text(json.dumps({"id": "long", "text": run_on}) + "\n", encoding="utf-8")
    [block] = plan_blocks([str(corpus)], 1 << 20)
    result = run_block(block, _engine_for(rules), str(tmp_path / "out"))
    assert (result.documents, result.failures, result.warnings) == (1, 0, 1)
    assert result.events >= 1
    errors = read_errors(str(tmp_path / "out"))
    assert {(row["doc_id"], row["skipped"]) for row in errors} == {("long", False)}
    assert any("without a sentence end" in row["reason"] for row in errors)


def test_a_block_run_twice_rewrites_its_own_files_and_drops_stale_ones(
    corpus: list[str], rules: RuleSet, tmp_path: Path
) -> None:
    folder = Path(corpus[0]).parent
    [block] = plan_blocks([str(folder / "news-c.jsonl.gz")], 1 << 20)
    stale = tmp_path / "month=1999-01" / "part-000000.parquet"
    stale.parent.mkdir()
    stale.write_bytes(b"left by an attempt that read differently")
    from treatytrack.dask._run import _engine_for

    first = run_block(block, _engine_for(rules), str(tmp_path))
    files = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.parquet"))
    second = run_block(block, _engine_for(rules), str(tmp_path))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.parquet")) == files
    assert not stale.exists()
    assert (first.documents, first.events) == (second.documents, second.events)
    assert len(_rows(tmp_path)) == first.events


def test_a_block_that_fails_for_good_is_recorded_whole_and_its_rows_removed(
    corpus: list[str], rules: RuleSet, tmp_path: Path
) -> None:
    import fsspec

    from treatytrack.dask._run import _engine_for, _failed_block

    folder = Path(corpus[0]).parent
    [block] = plan_blocks([str(folder / "news-c.jsonl.gz")], 1 << 20)
    run_block(block, _engine_for(rules), str(tmp_path))  # as if an attempt wrote, then died
    fs = fsspec.filesystem("file")
    result = _failed_block(fs, str(tmp_path), block, RuntimeError("KilledWorker: three deaths"))
    assert result.error is not None
    assert _rows(tmp_path) == []
    [error] = read_errors(str(tmp_path))
    assert error["place"] == block.place
    assert "three deaths" in error["reason"]
    assert list(read_events(str(tmp_path))) == []


def test_events_without_a_document_table_are_grouped_by_document(
    corpus: list[str], rules: RuleSet, tmp_path: Path
) -> None:
    import shutil

    from treatytrack.dask._run import _engine_for

    folder = Path(corpus[0]).parent
    [block] = plan_blocks([str(folder / "news-c.jsonl.gz")], 1 << 20)
    run_block(block, _engine_for(rules), str(tmp_path))
    with_table = {info.doc_id: events for info, events in read_events(str(tmp_path)) if events}
    shutil.rmtree(tmp_path / "_documents")  # as written by another tool
    grouped = {info.doc_id: events for info, events in read_events(str(tmp_path))}
    assert grouped == with_table


def test_blocks_of_a_split_file_read_the_documents_of_the_whole_file(
    corpus: list[str],
) -> None:
    path = str(Path(corpus[0]).parent / "news-a.jsonl")
    blocks = plan_blocks([path], 1000)
    assert len(blocks) > 10
    blocks = number_blocks(blocks, {b.index: count_lines(b) for b in blocks})
    items = [item for b in blocks for item in read_block_items(b, None)]
    docs = [item[1] for item in items if isinstance(item, tuple)]
    expected = list(read_documents([path], warn=lambda m: None))
    assert [(d.id, d.text, d.published) for d in docs] == [
        (d.id, d.text, d.published) for d in expected
    ]
    places = Counter(item[0] for item in items if isinstance(item, tuple))
    assert max(places.values()) == 1


def test_relative_names_name_documents_but_workers_open_absolute_paths(
    corpus: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path(corpus[0]).parent)
    blocks = plan_blocks(expand_paths(["news-a.jsonl", "brief.txt"]), 1 << 20)
    monkeypatch.chdir(tmp_path)  # a worker started elsewhere
    items = [item for b in blocks for item in read_block_items(b, None)]
    ids = [item[1].id for item in items if isinstance(item, tuple)]
    assert "news-a.jsonl#5" in ids
    assert ids[-1] == "brief"  # from the sidecar, found beside the absolute path
    assert not [i for i in items if isinstance(i, Failure) and "cannot read" in i.reason]


def test_importing_treatytrack_never_imports_dask() -> None:
    code = (
        "import sys, treatytrack\nfrom treatytrack.cli.main import _register\n_register()\n"
        "print(sorted(n for n in ('dask', 'distributed', 'pyarrow') if n in sys.modules))"
    )
    root = str(Path(treatytrack.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": root}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "[]"


def test_without_the_extra_the_import_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [
        n for n in sys.modules if n == "treatytrack.dask" or n.startswith("treatytrack.dask.")
    ]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match=r"pip install 'treatytrack\[dask\]'"):
        import treatytrack.dask  # noqa: F401
