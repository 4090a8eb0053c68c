"""Storage faults: a full disk, a read-only file, an I/O error, a corrupt file.

Each fault ends in a :class:`StoreError` that names the file and says what went wrong, and
the database stays valid: ``PRAGMA integrity_check`` passes and every document committed
before the fault is still there. Faults are real where SQLite can make them so
(``max_page_count`` fills the "disk", ``query_only`` makes the file read-only: tests run as
root here, so file permissions would not stop a write), and injected at a chosen statement
otherwise.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from treatytrack.cli import cli
from treatytrack.cli.main import _register
from treatytrack.errors import StoreError
from treatytrack.records import Status
from treatytrack.track import Tracker
from treatytrack.track import store as store_module

from .test_lifecycle import make_event


def _ingest(tracker: Tracker, doc_id: str, name: str = "pact on fisheries") -> None:
    event = make_event(doc_id, Status.SIGNED, name=name, date="2020-01-10")
    tracker.ingest_events([event], doc_id=doc_id, published="2020-01-11")


def _big(tracker: Tracker, doc_id: str, count: int = 300) -> None:
    events = [
        make_event(
            doc_id,
            Status.SIGNED,
            name=f"pact number {i} " + "x" * 200,
            date="2020-01-10",
            offset=1000 * i,
        )
        for i in range(count)
    ]
    tracker.ingest_events(events, doc_id=doc_id, published="2020-01-11")


def _valid(path: Path, documents: list[str]) -> None:
    """The file passes SQLite's full check and holds exactly ``documents``."""
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with Tracker(path) as tracker:
        assert tracker.documents() == documents


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "agreements.db"
    with Tracker(path) as tracker:
        for doc in ("d1", "d2"):
            _ingest(tracker, doc)
    return path


# -- real faults ------------------------------------------------------------------------


def test_a_full_disk_is_a_clear_error_and_loses_nothing(database: Path) -> None:
    with Tracker(database) as tracker:
        pages = tracker.store.conn.execute("PRAGMA page_count").fetchone()[0]
        tracker.store.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreError) as info:
            _big(tracker, "d3")
        message = str(info.value)
        assert message.startswith(f"{database}: cannot write to the agreement database: ")
        assert "the disk is full (database or disk is full)" in message
        assert "nothing of this transaction was stored" in message
        assert isinstance(info.value, OSError)
        # Once there is room again, the same tracker goes on.
        tracker.store.conn.execute("PRAGMA max_page_count = 1073741823")
        _big(tracker, "d3")
    _valid(database, ["d1", "d2", "d3"])


def test_a_read_only_database_is_a_clear_error_and_loses_nothing(database: Path) -> None:
    with Tracker(database) as tracker:
        tracker.store.conn.execute("PRAGMA query_only = ON")
        with pytest.raises(StoreError) as info:
            _ingest(tracker, "d3")
        assert str(info.value).startswith(
            f"{database}: cannot write to the agreement database: the file or its folder is "
            "read-only (attempt to write a readonly database)"
        )
        assert tracker.documents() == ["d1", "d2"]
    _valid(database, ["d1", "d2"])


# -- injected faults ----------------------------------------------------------------------


class _Faulty:
    """A connection that raises ``error`` at the first statement ``when`` picks."""

    def __init__(
        self, conn: sqlite3.Connection, when: Callable[[str], bool], error: sqlite3.Error
    ) -> None:
        self.conn = conn
        self.when = when
        self.error = error
        self.fired = False

    def _check(self, sql: str) -> None:
        if not self.fired and self.when(sql):
            self.fired = True
            raise self.error

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self.conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self.conn.executemany(sql, *args)

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def close(self) -> None:
        self.conn.close()


@pytest.mark.parametrize(
    ("statement", "error", "meaning"),
    [
        ("COMMIT", sqlite3.OperationalError("disk I/O error"), "the disk failed to read or write"),
        ("COMMIT", sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (
            "INSERT INTO events",
            sqlite3.OperationalError("attempt to write a readonly database"),
            "the file or its folder is read-only",
        ),
        (
            "INSERT OR REPLACE INTO agreements",
            sqlite3.DatabaseError("database disk image is malformed"),
            "the file is corrupt",
        ),
        ("BEGIN", sqlite3.OperationalError("disk I/O error"), "the disk failed to read or write"),
    ],
    ids=[
        "io-at-commit",
        "full-at-commit",
        "readonly-mid-write",
        "corrupt-mid-write",
        "io-at-begin",
    ],
)
def test_a_fault_at_any_statement_rolls_back_and_names_the_cause(
    database: Path, statement: str, error: sqlite3.Error, meaning: str
) -> None:
    with Tracker(database) as tracker:
        faulty = _Faulty(tracker.store.conn, lambda sql: sql.startswith(statement), error)
        tracker.store.conn = faulty  # type: ignore[assignment]
        with pytest.raises(StoreError) as info:
            _ingest(tracker, "d3", name="accord on fishing")
        assert faulty.fired
        assert str(info.value) == (
            f"{database}: cannot write to the agreement database: {meaning} ({error}); "
            "nothing of this transaction was stored, and what was committed before is intact"
        )
        assert not faulty.conn.in_transaction
        # The fault passed: the next ingest succeeds on the same connection.
        _ingest(tracker, "d4", name="accord on fishing")
    _valid(database, ["d1", "d2", "d4"])


def test_an_error_that_is_no_storage_fault_passes_through_unchanged(database: Path) -> None:
    with Tracker(database) as tracker:
        store = tracker.store

        def failing() -> None:
            with store.transaction():
                store.add_document("d3", "hash", None, "now", [])
                raise RuntimeError("a bug")

        with pytest.raises(RuntimeError, match="a bug"):
            failing()
    _valid(database, ["d1", "d2"])


# -- corrupt files are refused at open ----------------------------------------------------


def _flip(path: Path, start: float, length: int = 2000) -> None:
    data = bytearray(path.read_bytes())
    at = int(len(data) * start)
    for i in range(at, min(len(data), at + length)):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _grown(tmp_path: Path) -> Path:
    """A database of a few hundred kilobytes, checkpointed into the main file."""
    path = tmp_path / "grown.db"
    with Tracker(path) as tracker:
        for i in range(60):
            _ingest(tracker, f"d{i:02d}", name=f"pact number {i}")
        tracker.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.mark.parametrize("keep", [0.9, 0.5, 0.1])
def test_a_truncated_file_is_refused_at_open(tmp_path: Path, keep: float) -> None:
    path = _grown(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(StoreError) as info:
        Tracker(path)
    assert str(info.value).startswith(f"{path}: ")
    assert "corrupt" in str(info.value)


def test_garbage_after_a_valid_header_is_refused_at_open(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    with pytest.raises(StoreError, match="not a usable agreement database") as info:
        Tracker(path)
    assert str(path) in str(info.value)


def test_a_corrupt_page_is_refused_at_open(tmp_path: Path) -> None:
    path = _grown(tmp_path)
    _flip(path, 0.5)
    with pytest.raises(StoreError) as info:
        Tracker(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert "corrupt" in message
    assert "\n" not in message


def test_large_files_skip_the_page_check_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _grown(tmp_path)
    _flip(path, 0.5)
    monkeypatch.setattr(store_module, "CHECK_LIMIT_BYTES", 1000)
    store_module.Store(path).close()  # too big to check on every open
    with pytest.raises(StoreError, match="corrupt"):
        store_module.Store(path, check=True)


def test_the_command_line_reports_a_corrupt_database_and_exits_2(tmp_path: Path) -> None:
    _register()
    path = _grown(tmp_path)
    _flip(path, 0.5)
    text = tmp_path / "a.txt"
    text.write_text("Japan and France signed a pact on Friday.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["track", str(text), "--db", str(path), "--quiet"])
    assert result.exit_code == 2
    assert f"error: {path}: " in result.output
    assert "Traceback" not in result.output
