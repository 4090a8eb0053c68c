"""The SQLite store: schema and migrations, unusable files, idempotent re-ingest, crashes and
concurrent writers.

The crash and concurrency tests run real processes on a synthetic corpus of hand-made
events (no engine), so they test the storage alone: a child process ingests documents one
transaction each and prints every id it committed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from treatytrack.errors import StoreError
from treatytrack.records import Kind, Modality, Negation, Polarity, Status
from treatytrack.serialize import event_from_json, event_to_json
from treatytrack.track import SCHEMA_VERSION, Tracker, agreement_to_json
from treatytrack.track import store as store_module
from treatytrack.track.records import IngestOutcome
from treatytrack.track.store import APPLICATION_ID, Store

from .conftest import ROOT
from .test_lifecycle import make_event

S = Status


def _pragma(path: Path, name: str) -> Any:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def _signed(doc_id: str, name: str = "pact on fisheries", date: str = "2020-01-10") -> Any:
    return make_event(doc_id, S.SIGNED, name=name, date=date)


# -- schema ------------------------------------------------------------------------------


def test_a_new_file_gets_the_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "agreements.db"
    with Tracker(path) as tracker:
        assert tracker.store.version == SCHEMA_VERSION
    assert _pragma(path, "journal_mode") == "wal"
    assert _pragma(path, "user_version") == SCHEMA_VERSION
    assert _pragma(path, "application_id") == APPLICATION_ID


def test_committed_documents_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "agreements.db"
    with Tracker(path) as tracker:
        tracker.ingest_events([_signed("d1")], doc_id="d1", published="2020-01-11")
    with Tracker(path) as tracker:
        assert tracker.documents() == ["d1"]
        [agreement] = tracker.agreements()
        assert agreement.status is S.SIGNED


def test_migrations_bring_an_older_database_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "agreements.db"
    with Tracker(path) as tracker:
        tracker.ingest_events([_signed("d1")], doc_id="d1", published="2020-01-11")
    extra = ("CREATE TABLE notes (agreement_id TEXT, text TEXT)",)
    monkeypatch.setattr(store_module, "MIGRATIONS", (*store_module.MIGRATIONS, extra))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Tracker(path) as tracker:
        assert tracker.store.version == SCHEMA_VERSION + 1
        tables = {r[0] for r in tracker.store.conn.execute("SELECT name FROM sqlite_master")}
        assert "notes" in tables
        assert tracker.documents() == ["d1"]


def test_a_database_from_a_newer_treatytrack_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "agreements.db"
    Tracker(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(StoreError, match="newer than this treatytrack") as info:
        Tracker(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a database at all" * 100, "not a usable agreement database"),
        (None, "not treatytrack's"),
    ],
)
def test_an_unusable_file_raises_a_store_error_naming_it(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "other.db"
    if content is None:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE people (name TEXT)")
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError, match=message) as info:
        Tracker(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, OSError)


def test_a_directory_or_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=str(tmp_path)):
        Tracker(tmp_path)
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no such agreement database"):
        Tracker(missing, create=False)
    assert not missing.exists()


def test_a_failed_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    store = Store(tmp_path / "agreements.db")

    def write_then_fail() -> None:
        with store.transaction():
            store.add_document("d1", "hash", None, "now", [])
            raise RuntimeError("crash inside the transaction")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert store.documents() == []
    store.close()


# -- re-ingesting ------------------------------------------------------------------------


def _snapshot(tracker: Tracker) -> list[dict[str, Any]]:
    return [agreement_to_json(a) for a in tracker.agreements()]


def test_reingesting_a_document_changes_nothing(tmp_path: Path) -> None:
    with Tracker(tmp_path / "agreements.db") as tracker:
        ratified = make_event("d1", S.RATIFIED, parties=("CHL",), actor="CHL", offset=100)
        events = [_signed("d1"), ratified]
        first = tracker.ingest_events(events, doc_id="d1", published="2020-01-11")
        before = _snapshot(tracker)
        again = tracker.ingest_events(events, doc_id="d1", published="2020-01-11")
        assert first.outcome is IngestOutcome.ADDED
        assert again.outcome is IngestOutcome.UNCHANGED
        assert again.agreements == ()
        assert _snapshot(tracker) == before
        count = tracker.store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        assert count == 2


def test_a_changed_document_replaces_its_events(tmp_path: Path) -> None:
    with Tracker(tmp_path / "agreements.db") as tracker:
        tracker.ingest_events([_signed("d1")], doc_id="d1", published="2020-01-11")
        [old] = tracker.agreements()
        corrected = [_signed("d1", name="treaty on fisheries", date="2020-01-09")]
        result = tracker.ingest_events(corrected, doc_id="d1", published="2020-01-11")
        assert result.outcome is IngestOutcome.REPLACED
        [new] = tracker.agreements()
        assert new.status_date == dt.date(2020, 1, 9)
        assert [c.name for c in new.history] == ["treaty on fisheries"]
        assert tracker.get(old.id) == new
        count = tracker.store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        assert count == 1


def test_rebuild_recomputes_the_same_records(tmp_path: Path) -> None:
    docs = _corpus(40, seed=3)
    with Tracker(tmp_path / "agreements.db") as tracker:
        for doc in docs:
            events = [event_from_json(e) for e in doc["events"]]
            tracker.ingest_events(events, doc_id=doc["id"], published=doc["published"])
        before = _snapshot(tracker)
        assert tracker.rebuild() == len(before)
        assert _snapshot(tracker) == before


# -- crashes and concurrent writers ---------------------------------------------------------

_PARTIES = ("CHL", "NOR", "PER", "ISL", "NZL", "ARG")
_TOPICS = tuple(
    "fisheries mining whaling tourism forestry aviation shipping tariffs vaccines "
    "telescopes glaciers salmon copper lithium wool".split()
)


def _corpus(n_docs: int, seed: int = 7) -> list[dict[str, Any]]:
    """Synthetic documents: agreements between pairs of states move through their life."""
    rng = random.Random(seed)
    agreements = [(f"pact on {topic}", tuple(rng.sample(_PARTIES, 2))) for topic in _TOPICS]
    plan = [
        (S.PROPOSED, Kind.NEGOTIATION, Modality.ASSERTED, None),
        (S.SIGNED, Kind.AGREEMENT, Modality.EXPECTED, None),
        (S.SIGNED, Kind.AGREEMENT, Modality.ASSERTED, None),
        (S.RATIFIED, Kind.AGREEMENT, Modality.ASSERTED, 0),
        (S.RATIFIED, Kind.AGREEMENT, Modality.ASSERTED, 1),
        (S.IN_FORCE, Kind.AGREEMENT, Modality.ASSERTED, None),
    ]
    day = dt.date(2018, 1, 1)
    docs = []
    for number in range(n_docs):
        doc_id = f"doc-{number:04d}"
        published = day + dt.timedelta(days=number)
        events = []
        for slot in range(rng.randint(1, 3)):
            name, parties = rng.choice(agreements)
            status, kind, modality, who = rng.choice(plan)
            actor = parties[who] if who is not None else None
            denied = rng.random() < 0.1
            events.append(
                make_event(
                    doc_id,
                    status,
                    kind=kind,
                    name=name,
                    parties=(actor,) if actor else parties,
                    actor=actor,
                    modality=modality,
                    polarity=Polarity.NEGATIVE if denied else Polarity.POSITIVE,
                    negation=Negation.PENDING if denied else None,
                    date=None
                    if rng.random() < 0.3
                    else (published - dt.timedelta(days=1)).isoformat(),
                    offset=slot * 100,
                )
            )
        docs.append(
            {
                "id": doc_id,
                "published": published.isoformat(),
                "events": [event_to_json(e) for e in events],
            }
        )
    return docs


_CHILD = textwrap.dedent(
    """
    import json, os, sys, time
    from treatytrack.serialize import event_from_json
    from treatytrack.track import Tracker

    corpus, db = sys.argv[1], sys.argv[2]
    go = sys.argv[3] if len(sys.argv) > 3 else None
    with Tracker(db) as tracker, open(corpus, encoding="utf-8") as lines:
        if go:  # a barrier, so that the writers really overlap
            print("ready", flush=True)
            while not os.path.exists(go):
                time.sleep(0.005)
        for line in lines:
            doc = json.loads(line)
            events = [event_from_json(e) for e in doc["events"]]
            result = tracker.ingest_events(events, doc_id=doc["id"], published=doc["published"])
            print(result.doc_id, result.outcome.value, flush=True)
    """
)


def _write_corpus(path: Path, docs: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def _child(tmp_path: Path, corpus: Path, db: Path, go: Path | None = None) -> subprocess.Popen[str]:
    script = tmp_path / "ingest_child.py"
    script.write_text(_CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(script), str(corpus), str(db), *([str(go)] if go else [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _reference(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with Tracker() as tracker:
        for doc in docs:
            events = [event_from_json(e) for e in doc["events"]]
            tracker.ingest_events(events, doc_id=doc["id"], published=doc["published"])
        return _snapshot(tracker)


def _committed(db: Path) -> dict[str, int]:
    with sqlite3.connect(db, timeout=30) as conn:
        return dict(conn.execute("SELECT id, events FROM documents").fetchall())


def test_killing_an_ingest_loses_no_committed_document_and_a_rerun_finishes(
    tmp_path: Path,
) -> None:
    docs = _corpus(300)
    corpus = _write_corpus(tmp_path / "corpus.jsonl", docs)
    db = tmp_path / "agreements.db"
    child = _child(tmp_path, corpus, db)
    assert child.stdout is not None
    printed: list[str] = []
    deadline = time.monotonic() + 120
    while len(printed) < 60 and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        printed.append(line.split()[0])
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert 60 <= len(printed) < len(docs), "the kill must land mid-way"

    committed = _committed(db)
    assert set(printed) <= set(committed)
    expected = {d["id"]: len({e["id"] for e in d["events"]}) for d in docs}
    with Tracker(db) as tracker:
        assert tracker.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = dict(
            tracker.store.conn.execute(
                "SELECT doc_id, count(*) FROM events GROUP BY doc_id"
            ).fetchall()
        )
    for doc_id, n_events in committed.items():
        assert n_events == expected[doc_id]
        assert stored.get(doc_id, 0) == n_events

    rerun = _child(tmp_path, corpus, db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    outcomes = dict(line.split() for line in out.splitlines())
    assert {d for d, o in outcomes.items() if o == "unchanged"} == set(committed)
    assert _committed(db) == expected
    with Tracker(db) as tracker:
        assert _snapshot(tracker) == _reference(docs)


def test_two_processes_ingesting_into_one_database_lose_nothing(tmp_path: Path) -> None:
    docs = _corpus(160, seed=11)
    first = _write_corpus(tmp_path / "first.jsonl", docs[0::2])
    second = _write_corpus(tmp_path / "second.jsonl", docs[1::2])
    db = tmp_path / "agreements.db"
    go = tmp_path / "go"
    children = [_child(tmp_path, first, db, go), _child(tmp_path, second, db, go)]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline() == "ready\n"
    go.touch()
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        assert all(line.endswith(" added") for line in out.splitlines())
    expected = {d["id"]: len({e["id"] for e in d["events"]}) for d in docs}
    assert _committed(db) == expected
    with sqlite3.connect(db) as conn:
        order = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY rowid")]
    halves = [int(doc_id[-4:]) % 2 for doc_id in order]
    switches = sum(a != b for a, b in itertools.pairwise(halves))
    assert switches > 2, "the two writers did not overlap"
    with Tracker(db) as tracker:
        assert _snapshot(tracker) == _reference(docs)
