"""SQLite storage for the tracker: documents, their events, and the agreements folded from them.

Standard library only. The schema carries its version in ``PRAGMA user_version`` and is
brought up to date by :data:`MIGRATIONS` when a database is opened; ``PRAGMA
application_id`` marks the file as treatytrack's. Files use WAL mode with
``synchronous=FULL``, so a committed document survives a crash of the process (or of the
machine); every write runs in one ``BEGIN IMMEDIATE`` transaction, retried while another
process holds the lock, so several processes may ingest into one file at once.

Faults of the storage (a full disk, a read-only file, an I/O error) end the transaction in
a :class:`~treatytrack.errors.StoreError` that names the file and the cause; the
transaction is rolled back, so the file keeps everything committed before. A file is
checked when opened (``PRAGMA quick_check``), so a corrupt one is refused at once rather
than half-way through an ingest.

This module knows tables, not agreements: :mod:`.tracker` decides what to write.

.. versionadded:: 0.1
"""

from __future__ import annotations

import contextlib
import json
import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..errors import StoreError

__all__ = [
    "APPLICATION_ID",
    "CHECK_LIMIT_BYTES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "EventRow",
    "Store",
]

APPLICATION_ID = 0x54524B54  # "TRKT": marks a file as a treatytrack store

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: documents, events with their identity keys and fold outcome, agreements, links
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY, text_hash TEXT NOT NULL, published TEXT,
            ingested_at TEXT NOT NULL, events INTEGER NOT NULL)""",
        """CREATE TABLE events (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, data TEXT NOT NULL, keys TEXT NOT NULL,
            agreement_id TEXT, effect TEXT, flag TEXT, result TEXT, note TEXT)""",
        "CREATE INDEX events_doc ON events(doc_id)",
        "CREATE INDEX events_agreement ON events(agreement_id)",
        """CREATE TABLE event_keys (
            key TEXT NOT NULL,
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            PRIMARY KEY (key, event_id)) WITHOUT ROWID""",
        "CREATE INDEX event_keys_event ON event_keys(event_id)",
        """CREATE TABLE agreements (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, status TEXT,
            first_seen TEXT, last_seen TEXT, search TEXT NOT NULL,
            profile TEXT NOT NULL, data TEXT NOT NULL)""",
        """CREATE TABLE agreement_parties (
            party TEXT NOT NULL,
            agreement_id TEXT NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
            PRIMARY KEY (party, agreement_id)) WITHOUT ROWID""",
        "CREATE INDEX agreement_parties_agreement ON agreement_parties(agreement_id)",
        """CREATE TABLE links (
            a TEXT NOT NULL, b TEXT NOT NULL, reason TEXT NOT NULL, score REAL NOT NULL,
            PRIMARY KEY (a, b)) WITHOUT ROWID""",
        "CREATE INDEX links_b ON links(b)",
        "CREATE TABLE redirects (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL) WITHOUT ROWID",
    ),
)
"""Each entry brings the schema from version ``i`` to ``i + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)
_CHUNK = 500  # SQL variables per statement, well under SQLite's limit
_BUSY = ("locked", "busy")
_BUSY_WAIT = 0.02  # seconds SQLite itself waits for a lock before :meth:`Store._retry` polls
# Files up to this size are checked page by page when opened (``quick_check`` reads about
# 130 MB/s here, so at most about 2 s); larger ones get the header and schema checks only,
# unless ``Store(check=True)`` asks for the full check.
CHECK_LIMIT_BYTES = 256 * 2**20

# What a storage fault means, for the message (SQLite's own words are kept after it).
_FAULTS = (
    ("readonly", "the file or its folder is read-only"),
    ("full", "the disk is full"),
    ("disk i/o", "the disk failed to read or write"),
    ("malformed", "the file is corrupt"),
    ("not a database", "the file is corrupt or not a database"),
)


def _cause(exc: sqlite3.Error) -> str:
    text = str(exc)
    for word, meaning in _FAULTS:
        if word in text.lower():
            return f"{meaning} ({text})"
    return text


@attrs.frozen(slots=True)
class EventRow:
    """One stored event: its JSON, identity keys, document date and last fold outcome."""

    id: str
    doc_id: str
    data: dict[str, Any]
    keys: tuple[str, ...]
    published: str | None = None
    agreement_id: str | None = None
    effect: str | None = None
    flag: str | None = None
    result: str | None = None
    note: str | None = None


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _marks(items: Sequence[Any]) -> str:
    return ",".join("?" * len(items))


class Store:
    """One SQLite database (a file, or memory when ``path`` is ``None``).

    Raises :class:`StoreError` naming the file when it cannot be opened, is not a
    treatytrack store, or was written by a newer treatytrack.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        timeout: float = 60.0,
        create: bool = True,
        check: bool | None = None,
    ) -> None:
        self.path = str(path) if path is not None else ":memory:"
        self.timeout = timeout
        if path is not None and not create and not Path(path).is_file():
            raise StoreError(f"{self.path}: no such agreement database")
        try:
            self.conn = sqlite3.connect(self.path, timeout=_BUSY_WAIT, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the agreement database ({exc})") from None
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(_BUSY_WAIT * 1000)}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if path is not None:
                self._retry(lambda: self.conn.execute("PRAGMA journal_mode = WAL"))
                self.conn.execute("PRAGMA synchronous = FULL")
            self._migrate()
            if path is not None and check is not False:
                self._check_pages(bool(check))
        except sqlite3.Error as exc:
            self.conn.close()
            raise StoreError(
                f"{self.path}: not a usable agreement database: {_cause(exc)}"
            ) from None
        except StoreError:
            self.conn.close()
            raise

    def close(self) -> None:
        """Close the connection (committed work is on disk already)."""
        self.conn.close()

    def _check_pages(self, always: bool) -> None:
        """Refuse a corrupt file: ``PRAGMA quick_check`` (up to :data:`CHECK_LIMIT_BYTES`
        unless ``always``) reads every page and index, which the header checks do not."""
        if not always and Path(self.path).stat().st_size > CHECK_LIMIT_BYTES:
            return
        problems = [" ".join(str(r[0]).split()) for r in self.conn.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise StoreError(
                f"{self.path}: the agreement database is corrupt ({'; '.join(problems)}); "
                "restore a backup, or ingest the documents again into a new file"
            )

    # -- transactions ------------------------------------------------------------------------

    def _retry(self, action: Any) -> Any:
        """Run ``action``; while another process holds the lock, wait and try again.

        SQLite's own busy handler backs off to 100 ms sleeps, so a writer that commits one
        document after another would starve the others; polling every few milliseconds
        (with jitter) lets writers take turns. Gives up after ``timeout`` seconds.
        """
        deadline = time.monotonic() + self.timeout
        delay = 0.001
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not any(word in str(exc).lower() for word in _BUSY):
                    raise
                if time.monotonic() > deadline:
                    raise StoreError(f"{self.path}: database stayed locked ({exc})") from None
                time.sleep(delay * (1 + random.random()))
                delay = min(delay * 1.5, 0.01)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): all of it is committed, or none.

        A storage fault inside it (full disk, read-only file, I/O error) rolls it back and
        raises :class:`StoreError` naming the file and the cause.
        """
        try:
            self._retry(lambda: self.conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as exc:
            raise self._fault(exc) from None
        try:
            yield self.conn
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                raise self._fault(exc) from None
            raise
        try:
            self._retry(lambda: self.conn.execute("COMMIT"))
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                raise self._fault(exc) from None
            raise

    def _rollback(self) -> None:
        # SQLite may have rolled back already (a full disk does): a second ROLLBACK would
        # raise and hide the fault being reported.
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def _fault(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(
            f"{self.path}: cannot write to the agreement database: {_cause(exc)}; nothing of "
            "this transaction was stored, and what was committed before is intact"
        )

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            self._check_application()
            return
        with self.transaction() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: schema version {version} is newer than this treatytrack "
                    f"understands ({SCHEMA_VERSION}); upgrade treatytrack"
                )
            if version == 0:
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if tables:
                    raise StoreError(f"{self.path}: an SQLite database, but not treatytrack's")
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            else:
                self._check_application()
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _check_application(self) -> None:
        app = self.conn.execute("PRAGMA application_id").fetchone()[0]
        if app != APPLICATION_ID:
            raise StoreError(f"{self.path}: an SQLite database, but not treatytrack's")

    @property
    def version(self) -> int:
        """The schema version of the open database."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- documents and events ------------------------------------------------------------------

    def document_hash(self, doc_id: str) -> str | None:
        """The text hash a document was ingested with, or ``None`` if it never was."""
        row = self.conn.execute("SELECT text_hash FROM documents WHERE id = ?", (doc_id,))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def documents(self) -> list[tuple[str, str | None, int]]:
        """Every ingested document: (id, published, number of events), by id."""
        rows = self.conn.execute("SELECT id, published, events FROM documents ORDER BY id")
        return [(str(i), p, int(n)) for i, p, n in rows]

    def remove_document(self, doc_id: str) -> tuple[set[str], set[str]]:
        """Delete a document and its events; returns their keys and agreement ids."""
        rows = self.conn.execute(
            "SELECT keys, agreement_id FROM events WHERE doc_id = ?", (doc_id,)
        ).fetchall()
        keys = {key for raw, _ in rows for key in json.loads(raw)}
        agreements = {str(a) for _, a in rows if a}
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return keys, agreements

    def add_document(
        self,
        doc_id: str,
        text_hash: str,
        published: str | None,
        ingested_at: str,
        events: Sequence[tuple[str, dict[str, Any], tuple[str, ...]]],
    ) -> None:
        """Insert a document and its events (id, JSON, identity keys)."""
        self.conn.execute(
            "INSERT INTO documents (id, text_hash, published, ingested_at, events) "
            "VALUES (?, ?, ?, ?, ?)",
            (doc_id, text_hash, published, ingested_at, len(events)),
        )
        self.conn.executemany(
            "INSERT INTO events (id, doc_id, seq, data, keys) VALUES (?, ?, ?, ?, ?)",
            [
                (event_id, doc_id, seq, json.dumps(data, ensure_ascii=False), json.dumps(keys))
                for seq, (event_id, data, keys) in enumerate(events)
            ],
        )
        self.conn.executemany(
            "INSERT INTO event_keys (key, event_id) VALUES (?, ?)",
            [(key, event_id) for event_id, _, keys in events for key in keys],
        )

    def block(self, keys: Iterable[str]) -> list[EventRow]:
        """Every event connected to ``keys`` through shared keys (the transitive closure)."""
        seen_keys: set[str] = set()
        seen_events: set[str] = set()
        frontier = sorted(set(keys))
        while frontier:
            seen_keys.update(frontier)
            found: set[str] = set()
            for part in _chunks(frontier):
                rows = self.conn.execute(
                    f"SELECT DISTINCT event_id FROM event_keys WHERE key IN ({_marks(part)})",
                    tuple(part),
                )
                found.update(str(r[0]) for r in rows)
            fresh = sorted(found - seen_events)
            seen_events.update(fresh)
            more: set[str] = set()
            for part in _chunks(fresh):
                rows = self.conn.execute(
                    f"SELECT DISTINCT key FROM event_keys WHERE event_id IN ({_marks(part)})",
                    tuple(part),
                )
                more.update(str(r[0]) for r in rows)
            frontier = sorted(more - seen_keys)
        return self._events("e.id", sorted(seen_events))

    _EVENT_COLUMNS = (
        "SELECT e.id, e.doc_id, e.data, e.keys, d.published, e.agreement_id, e.effect, "
        "e.flag, e.result, e.note FROM events e JOIN documents d ON d.id = e.doc_id "
    )

    def _events(self, column: str, values: Sequence[str]) -> list[EventRow]:
        out: list[EventRow] = []
        for part in _chunks(values):
            rows = self.conn.execute(
                f"{self._EVENT_COLUMNS} WHERE {column} IN ({_marks(part)})", tuple(part)
            )
            for i, doc, data, keys, *rest in rows:
                out.append(EventRow(i, doc, json.loads(data), tuple(json.loads(keys)), *rest))
        return out

    def events_of(self, agreement_ids: Sequence[str]) -> list[EventRow]:
        """The stored events of some agreements."""
        return self._events("e.agreement_id", list(agreement_ids))

    def all_keys(self) -> list[str]:
        """Every identity key in the store (to rebuild everything)."""
        return [str(r[0]) for r in self.conn.execute("SELECT DISTINCT key FROM event_keys")]

    def save_outcomes(self, rows: Iterable[tuple[str, str, str, str | None, str, str]]) -> None:
        """Store each event's agreement and fold outcome: (agreement, effect, flag, result,
        note, event id)."""
        self.conn.executemany(
            "UPDATE events SET agreement_id = ?, effect = ?, flag = ?, result = ?, note = ? "
            "WHERE id = ?",
            list(rows),
        )

    # -- agreements ------------------------------------------------------------------------

    def replace_agreements(self, old_ids: Iterable[str], rows: Sequence[dict[str, Any]]) -> None:
        """Drop agreements ``old_ids`` (and their links) and write ``rows``: dicts with the
        columns of ``agreements`` plus ``parties``."""
        old = sorted(set(old_ids))
        for part in _chunks(old):
            marks = _marks(part)
            self.conn.execute(f"DELETE FROM agreements WHERE id IN ({marks})", tuple(part))
            self.conn.execute(
                f"DELETE FROM links WHERE a IN ({marks}) OR b IN ({marks})", (*part, *part)
            )
        for row in rows:
            self.conn.execute(
                "INSERT OR REPLACE INTO agreements (id, name, kind, status, first_seen, "
                "last_seen, search, profile, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row["id"],
                    row["name"],
                    row["kind"],
                    row["status"],
                    row["first_seen"],
                    row["last_seen"],
                    row["search"],
                    row["profile"],
                    row["data"],
                ),
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO agreement_parties (party, agreement_id) VALUES (?, ?)",
                [(party, row["id"]) for party in row["parties"]],
            )
            self.conn.execute("DELETE FROM redirects WHERE old_id = ?", (row["id"],))

    def redirect(self, old_id: str, new_id: str) -> None:
        """Remember that agreement ``old_id`` is now ``new_id`` (ids stay usable)."""
        self.conn.execute("UPDATE redirects SET new_id = ? WHERE new_id = ?", (new_id, old_id))
        self.conn.execute(
            "INSERT OR REPLACE INTO redirects (old_id, new_id) VALUES (?, ?)", (old_id, new_id)
        )

    def profiles_sharing(self, parties: Iterable[str]) -> list[tuple[str, str]]:
        """(id, profile JSON) of every agreement with at least one of ``parties``."""
        wanted = sorted(set(parties))
        out: dict[str, str] = {}
        for part in _chunks(wanted):
            rows = self.conn.execute(
                "SELECT a.id, a.profile FROM agreements a JOIN agreement_parties p "
                f"ON p.agreement_id = a.id WHERE p.party IN ({_marks(part)})",
                tuple(part),
            )
            out.update((str(i), str(p)) for i, p in rows)
        return sorted(out.items())

    def add_links(self, links: Iterable[tuple[str, str, str, float]]) -> None:
        """Store candidate links (a < b, reason, score)."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO links (a, b, reason, score) VALUES (?, ?, ?, ?)", list(links)
        )

    def links_of(self, agreement_id: str) -> list[tuple[str, str, str, float]]:
        """The candidate links that touch one agreement."""
        rows = self.conn.execute(
            "SELECT a, b, reason, score FROM links WHERE a = ? OR b = ? ORDER BY a, b",
            (agreement_id, agreement_id),
        )
        return [(str(a), str(b), str(r), float(s)) for a, b, r, s in rows]

    def resolve(self, agreement_id: str) -> str | None:
        """The current id of an agreement, following redirects; ``None`` if unknown."""
        found = self.conn.execute("SELECT 1 FROM agreements WHERE id = ?", (agreement_id,))
        if found.fetchone():
            return agreement_id
        row = self.conn.execute(
            "SELECT new_id FROM redirects WHERE old_id = ?", (agreement_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def agreement_data(self, agreement_id: str) -> str | None:
        """The stored JSON summary of one agreement."""
        row = self.conn.execute("SELECT data FROM agreements WHERE id = ?", (agreement_id,))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def query(
        self,
        *,
        party: str | None = None,
        status: str | None = None,
        kind: str | None = None,
        since: str | None = None,
        text: str | None = None,
    ) -> list[str]:
        """Ids of the agreements that pass every filter given, by first sighting then id."""
        sql = ["SELECT a.id FROM agreements a"]
        where: list[str] = []
        args: list[Any] = []
        if party is not None:
            sql.append("JOIN agreement_parties p ON p.agreement_id = a.id")
            where.append("p.party = ? COLLATE NOCASE")
            args.append(party)
        for column, value in (("a.status", status), ("a.kind", kind)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if since is not None:
            where.append("a.last_seen >= ?")
            args.append(since)
        if text:
            where.append("instr(a.search, ?) > 0")
            args.append(text.lower())
        if where:
            sql.append("WHERE " + " AND ".join(where))
        sql.append("ORDER BY coalesce(a.first_seen, '9999'), a.id")
        return [str(r[0]) for r in self.conn.execute(" ".join(sql), args)]
