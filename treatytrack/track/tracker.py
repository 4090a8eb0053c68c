"""The :class:`Tracker`: events from many documents in, one record per real agreement out.

Each document is ingested in one transaction: its events are stored with their identity
keys, then every agreement that shares a key with them (the *block*) is recomputed from
all of its events: clustered (:mod:`.identity`), folded (:mod:`.lifecycle`) and written
back. Recomputing from the stored events, in event-date order, is what makes the records
independent of the order documents arrive in.

.. versionadded:: 0.1
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Any, overload

import attrs

from ..engine import DocumentInput, Engine, as_document
from ..errors import InputError
from ..records import Document, Event, Kind, Status
from ..rules.ruleset import RuleSet
from ..serialize import event_from_json, event_to_json
from . import identity
from .identity import Mention, Profile
from .lifecycle import Fold, Step, fold
from .records import (
    CSV_FIELDS,
    Agreement,
    CandidateLink,
    Effect,
    Evidence,
    Flag,
    IngestOutcome,
    IngestResult,
    StatusChange,
    TimelineEntry,
    agreement_from_json,
    agreement_to_json,
    csv_row,
)
from .store import EventRow, Store

__all__ = ["Tracker", "content_hash"]


def content_hash(text: str, published: dt.date | None = None) -> str:
    """The hash that makes re-ingesting a document a no-op: its text and publication date."""
    stamp = published.isoformat() if published else ""
    return hashlib.sha256(f"{stamp}\x1f{text}".encode()).hexdigest()


def _date(value: Any, what: str = "date") -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"'{what}' must be a date YYYY-MM-DD (got {value!r})") from None


def _choice(enum_type: type[Status] | type[Kind], value: Any, what: str) -> str | None:
    if value is None:
        return None
    try:
        return str(enum_type(value).value)
    except ValueError:
        allowed = [m.value for m in enum_type]
        raise InputError(f"'{what}' must be in {allowed!r} (got {value!r})") from None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class Tracker:
    """Agreements across documents, stored in SQLite (a file, or memory when ``path`` is None).

    ``Tracker("agreements.db")`` opens (or creates) a file; several processes may ingest
    into it at once. ``rules`` or ``engine`` choose how documents are read (default: the
    built-in packs). ``create=False`` refuses to create a missing file.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        rules: RuleSet | None = None,
        engine: Engine | None = None,
        timeout: float = 60.0,
        create: bool = True,
    ) -> None:
        self.store = Store(path, timeout=timeout, create=create)
        self._rules = rules
        self._engine = engine

    @property
    def engine(self) -> Engine:
        """The engine that reads documents (built on first use: queries never need it)."""
        if self._engine is None:
            self._engine = Engine(self._rules)
        return self._engine

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def __enter__(self) -> Tracker:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- ingesting -----------------------------------------------------------------------------

    def ingest(
        self, document: DocumentInput, *, doc_id: str | None = None, published: Any = None
    ) -> IngestResult:
        """Read one document with the engine and ingest its events, in one transaction.

        ``document`` is a text, a mapping (``id``, ``text``, ``published``) or a
        :class:`~treatytrack.records.Document` (whose events are used as they are, if it
        has any). A text or mapping with no id is named by a hash of its text. Ingesting
        the same id with the same text and publication date again changes nothing.
        """
        if doc_id is None and not isinstance(document, Document):
            named = isinstance(document, Mapping) and document.get("id") is not None
            text = document if isinstance(document, str) else document.get("text")
            if not named:
                doc_id = "doc-" + content_hash(str(text))[:12]
        doc = as_document(document, doc_id or "doc", published)
        _storable(doc)
        has_events = isinstance(document, Document) and bool(document.events)
        read = doc if has_events else self.engine.read(doc)
        digest = content_hash(read.text, read.published)
        return self._write(read.id, digest, read.published, read.events)

    def ingest_many(
        self, documents: Iterable[DocumentInput], *, published: Any = None
    ) -> Iterator[IngestResult]:
        """Ingest documents one by one (one transaction each), yielding each result;
        ``published`` is the date of documents that carry none."""
        for item in documents:
            yield self.ingest(item, published=published)

    @overload
    def ingest_events(self, events: str | os.PathLike[str]) -> list[IngestResult]: ...

    @overload
    def ingest_events(
        self,
        events: Iterable[Event],
        *,
        doc_id: str,
        published: Any = None,
        text_hash: str | None = None,
    ) -> IngestResult: ...

    def ingest_events(
        self,
        events: Iterable[Event] | str | os.PathLike[str],
        *,
        doc_id: str | None = None,
        published: Any = None,
        text_hash: str | None = None,
    ) -> IngestResult | list[IngestResult]:
        """Ingest events read elsewhere as the events of document ``doc_id``.

        Every event must carry ``doc_id``. ``text_hash`` identifies the document's version
        (default: a hash of the events), so ingesting the same again changes nothing.

        Given a path instead, ingest a distributed run's Parquet dataset (see
        :mod:`treatytrack.parquet`, docs/scale.md): every document in it, one transaction
        each, giving the same records as ingesting the documents one by one. Reading
        Parquet needs the ``dask`` extra (pyarrow).
        """
        if isinstance(events, (str, os.PathLike)):
            return self._ingest_parquet(os.fspath(events))
        if doc_id is None:
            raise InputError("ingest_events: 'doc_id' is required with a list of events")
        items = list(events)
        stray = sorted({e.doc_id for e in items if e.doc_id != doc_id})
        if stray:
            raise InputError(f"document {doc_id}: events of other documents given ({stray})")
        date = _date(published, "published")
        if text_hash is None:
            body = "\n".join(sorted(json.dumps(event_to_json(e), sort_keys=True) for e in items))
            text_hash = content_hash(body, date)
        return self._write(doc_id, text_hash, date, items)

    def _ingest_parquet(self, path: str) -> list[IngestResult]:
        try:
            from ..parquet import read_events
        except ImportError as exc:
            raise InputError(
                f"{path}: reading Parquet needs pyarrow: pip install 'treatytrack[dask]' ({exc})"
            ) from None
        return [
            self.ingest_events(
                found, doc_id=info.doc_id, published=info.published, text_hash=info.text_hash
            )
            for info, found in read_events(path)
        ]

    def _write(
        self, doc_id: str, digest: str, published: dt.date | None, events: Sequence[Event]
    ) -> IngestResult:
        ordered = sorted(events, key=lambda e: (e.trigger.start, e.id))
        datas = [event_to_json(e) for e in ordered]
        payload: dict[str, tuple[str, dict[str, Any], tuple[str, ...]]] = {}
        found = identity.document_keys(datas)
        for event, data, event_keys in zip(ordered, datas, found, strict=True):
            payload.setdefault(event.id, (event.id, data, event_keys))
        rows = list(payload.values())
        with self.store.transaction():
            old = self.store.document_hash(doc_id)
            if old == digest:
                return IngestResult(doc_id, IngestOutcome.UNCHANGED, len(rows))
            keys: set[str] = set()
            old_ids: set[str] = set()
            if old is not None:
                keys, old_ids = self.store.remove_document(doc_id)
            stamp = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            self.store.add_document(doc_id, digest, _iso(published), stamp, rows)
            keys.update(key for _, _, event_keys in rows for key in event_keys)
            touched = self._recompute(keys, old_ids)
        outcome = IngestOutcome.ADDED if old is None else IngestOutcome.REPLACED
        return IngestResult(doc_id, outcome, len(rows), touched)

    def rebuild(self) -> int:
        """Recompute every agreement from the stored events; returns how many there are."""
        with self.store.transaction():
            return len(self._recompute(set(self.store.all_keys()), set()))

    def _recompute(self, keys: set[str], old_ids: set[str]) -> tuple[str, ...]:
        """Re-cluster and re-fold every agreement connected to ``keys`` (inside a transaction)."""
        rows = {row.id: row for row in self.store.block(keys)}
        old_ids = old_ids | {r.agreement_id for r in rows.values() if r.agreement_id}
        steps = {i: Step.from_json(r.data, _date(r.published)) for i, r in rows.items()}
        mentions = [
            Mention(i, frozenset(r.keys), frozenset(r.data.get("parties") or ()), steps[i].key())
            for i, r in rows.items()
        ]
        written: list[dict[str, Any]] = []
        outcomes: list[tuple[str, str, str, str | None, str, str]] = []
        profiles: list[Profile] = []
        owner: dict[str, str] = {}
        for members in identity.cluster(mentions):
            member_rows = [rows[m.event_id] for m in members]
            aid = identity.agreement_id(members[0].event_id)
            member_steps = [steps[m.event_id] for m in members]
            record, profile, folded = self._summarise(aid, member_rows, member_steps)
            written.append(record)
            profiles.append(profile)
            for row in member_rows:
                owner[row.id] = aid
                out = folded.outcomes[row.id]
                fresh = (aid, out.effect.value, out.flag.value, _value(out.result), out.note)
                if fresh != (row.agreement_id, row.effect, row.flag, row.result, row.note):
                    outcomes.append((*fresh, row.id))
        self.store.replace_agreements(old_ids, written)
        self.store.save_outcomes(outcomes)
        new_ids = {p.id for p in profiles}
        for old in sorted(old_ids - new_ids):
            heirs = Counter(owner[i] for i, r in rows.items() if r.agreement_id == old)
            if heirs:
                self.store.redirect(old, heirs.most_common(1)[0][0])
        links: dict[tuple[str, str], tuple[str, str, str, float]] = {}
        for profile in profiles:
            for other_id, raw in self.store.profiles_sharing(profile.parties):
                other = json.loads(raw)
                link = identity.candidate_link(
                    profile,
                    Profile(other_id, frozenset(other["parties"]), frozenset(other["keys"])),
                )
                if link is not None:
                    pair = (link.agreement_id, link.other_id)
                    links[pair] = (*pair, link.reason.value, link.score)
        self.store.add_links(links.values())
        return tuple(sorted(new_ids))

    def _summarise(
        self, aid: str, rows: Sequence[EventRow], steps: Sequence[Step]
    ) -> tuple[dict[str, Any], Profile, Fold]:
        parties = sorted({p for r in rows for p in r.data.get("parties") or ()})
        folded = fold(steps, parties)
        name = identity.naming([r.data for r in rows])
        dates = [s.when for s in steps if s.when]
        agreement = Agreement(
            id=aid,
            name=name.name,
            kind=folded.kind,
            status=folded.status,
            status_date=folded.status_date,
            type=name.type,
            topic=name.topic,
            aliases=name.aliases,
            parties=parties,
            party_status=folded.party_status,
            first_seen=min(dates) if dates else None,
            last_seen=max(dates) if dates else None,
        )
        keys = sorted({k for r in rows for k in r.keys})
        profile = Profile(aid, frozenset(parties), frozenset(keys))
        search = "\n".join([aid, name.name, *name.aliases, name.topic or "", name.type or ""])
        record = {
            "id": aid,
            "name": name.name,
            "kind": folded.kind.value,
            "status": _value(folded.status),
            "first_seen": _iso(agreement.first_seen),
            "last_seen": _iso(agreement.last_seen),
            "search": search.lower(),
            "profile": json.dumps({"parties": parties, "keys": keys}),
            "data": json.dumps(agreement_to_json(agreement), ensure_ascii=False),
            "parties": parties,
        }
        return record, profile, folded

    # -- queries -------------------------------------------------------------------------------

    def agreements(
        self,
        *,
        party: str | None = None,
        status: Status | str | None = None,
        kind: Kind | str | None = None,
        since: dt.date | str | None = None,
        text: str | None = None,
    ) -> list[Agreement]:
        """Agreements passing every filter given, with their history, oldest first.

        ``party``: a party code (JPN, EU); ``status``: the current status; ``kind``:
        agreement, negotiation or pledge; ``since``: seen on or after that date; ``text``:
        a case-insensitive piece of the id, name, an alias, the topic or the type.
        """
        ids = self.store.query(
            party=party,
            status=_choice(Status, status, "status"),
            kind=_choice(Kind, kind, "kind"),
            since=_iso(_date(since, "since")),
            text=text,
        )
        return [a for a in (self._load(i) for i in ids) if a is not None]

    def get(self, agreement_id: str) -> Agreement | None:
        """One agreement with its history and candidate links; ``None`` if unknown.

        An id that recomputation retired (the agreement turned out to start earlier, or
        merged with another) still finds the agreement it became.
        """
        current = self.store.resolve(agreement_id)
        return None if current is None else self._load(current)

    def history(self, agreement_id: str) -> tuple[StatusChange, ...]:
        """The ordered history of one agreement; raises ``KeyError`` if unknown."""
        agreement = self.get(agreement_id)
        if agreement is None:
            raise KeyError(agreement_id)
        return agreement.history

    def timeline(self, party: str, *, since: dt.date | str | None = None) -> list[TimelineEntry]:
        """Every change of every agreement ``party`` is part of, in history order."""
        start = _date(since, "since")
        entries: list[tuple[tuple[Any, ...], TimelineEntry]] = []
        for agreement in self.agreements(party=party):
            for change in agreement.history:
                if start is not None and (change.when is None or change.when < start):
                    continue
                key = (
                    change.when or dt.date.max,
                    change.evidence.published or dt.date.max,
                    change.evidence.doc_id,
                    change.evidence.trigger.start,
                    agreement.id,
                )
                entries.append((key, TimelineEntry(agreement.id, agreement.name, change)))
        return [entry for _, entry in sorted(entries, key=lambda item: item[0])]

    def documents(self) -> list[str]:
        """The ids of every ingested document."""
        return [doc_id for doc_id, _, _ in self.store.documents()]

    def _load(self, agreement_id: str) -> Agreement | None:
        raw = self.store.agreement_data(agreement_id)
        if raw is None:
            return None
        summary = agreement_from_json(json.loads(raw))
        changes = sorted(
            (_change(row) for row in self.store.events_of([agreement_id])),
            key=lambda pair: pair[0],
        )
        links = tuple(
            CandidateLink(a, b, reason, score)
            if a == agreement_id
            else CandidateLink(b, a, reason, score)
            for a, b, reason, score in self.store.links_of(agreement_id)
        )
        return attrs.evolve(summary, history=tuple(c for _, c in changes), candidates=links)

    # -- export --------------------------------------------------------------------------------

    def export_jsonl(
        self, dest: str | Path | IO[str], agreements: Iterable[Agreement] | None = None
    ) -> int:
        """Write agreements (default: all; else e.g. ``tracker.agreements(party="JPN")``) as
        JSON lines, one agreement a line with its history and links; returns how many."""
        found = list(self.agreements() if agreements is None else agreements)
        with _writer(dest) as out:
            for agreement in found:
                out.write(json.dumps(agreement_to_json(agreement), ensure_ascii=False) + "\n")
        return len(found)

    def export_csv(
        self, dest: str | Path | IO[str], agreements: Iterable[Agreement] | None = None
    ) -> int:
        """Write agreements (default: all) as CSV, one row each (:data:`CSV_FIELDS`)."""
        found = list(self.agreements() if agreements is None else agreements)
        with _writer(dest, newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(CSV_FIELDS))
            writer.writeheader()
            writer.writerows(csv_row(a) for a in found)
        return len(found)


@contextlib.contextmanager
def _writer(dest: str | Path | IO[str], newline: str | None = None) -> Iterator[IO[str]]:
    """A path opened for writing (and closed after), or a stream given as it is."""
    if isinstance(dest, (str, Path)):
        with open(dest, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
    else:
        yield dest


def _value(status: Status | None) -> str | None:
    return None if status is None else status.value


def _change(row: EventRow) -> tuple[tuple[Any, ...], StatusChange]:
    published = _date(row.published)
    event = event_from_json(row.data)
    agreement = event.agreement
    change = StatusChange(
        status=event.status,
        kind=event.kind,
        effect=Effect(row.effect or Effect.EVIDENCE.value),
        evidence=Evidence(
            doc_id=event.doc_id,
            event_id=event.id,
            rule=event.rule,
            sentence=event.evidence,
            trigger=event.trigger,
            published=published,
            speaker=event.speaker,
        ),
        result=Status(row.result) if row.result else None,
        flag=Flag(row.flag or Flag.NONE.value),
        note=row.note or "",
        date=event.date,
        date_precision=event.date_precision,
        modality=event.modality,
        polarity=event.polarity,
        negation=event.negation,
        parties=event.parties,
        actor=event.actor,
        name=agreement.name if agreement is not None else event.topic,
    )
    return Step.of(event, published).key(), change


def _storable(doc: Document) -> None:
    """Refuse, before anything is written, a text SQLite cannot store as UTF-8."""
    try:
        doc.text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(
            f"document {doc.id}: character {error.start} is a lone surrogate "
            f"({doc.text[error.start]!r}); the store keeps text as UTF-8"
        ) from None
