"""From documents and agreements to the :class:`~._model.Report` the template prints.

Agreements come from the caller (a tracker's ``agreements()``) or, when not given, from an
in-memory :class:`~treatytrack.track.Tracker` fed the documents' own events, so the page
shows exactly what ``treatytrack track`` would store. Documents an agreement cites but the
caller did not give are shown as excerpts: the cited sentences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from .. import __version__
from ..records import Document, Kind, Status
from ..track import Agreement, StatusChange, Tracker
from ._documents import (
    Owners,
    document_view,
    event_view,
    excerpt_view,
    sentence_anchor,
    step_event_view,
)
from ._model import DocumentView, EventView, Report
from ._summary import (
    KIND_LEGEND,
    MOOD_LEGEND,
    STATUS_LEGEND,
    by_kind,
    by_status,
    party_activity,
)
from ._timeline import agreement_anchor, agreement_view

__all__ = ["build", "track_documents"]


def track_documents(documents: Sequence[Document]) -> list[Agreement]:
    """The agreements of some documents' events, as an in-memory tracker folds them."""
    with Tracker() as tracker:
        for document in documents:
            tracker.ingest_events(document.events, doc_id=document.id, published=document.published)
        return tracker.agreements()


def _reading_order(agreement: Agreement) -> tuple[Any, ...]:
    """Agreements as a reader meets them: by first sighting, then where the text first
    speaks of them (document date, id, offset)."""
    first = min(
        (
            (c.evidence.published or dt.date.max, c.evidence.doc_id, c.evidence.trigger.start)
            for c in agreement.history
        ),
        default=(dt.date.max, "", 0),
    )
    return (agreement.first_seen or dt.date.max, *first)


def _owners(agreements: Sequence[Agreement]) -> Owners:
    """Which agreement each event belongs to: its id, name and page anchor."""
    return {
        change.evidence.event_id: (agreement.id, agreement.name, agreement_anchor(n))
        for n, agreement in enumerate(agreements)
        for change in agreement.history
    }


def _documents(
    documents: Sequence[Document], agreements: Sequence[Agreement]
) -> list[DocumentView]:
    """Views of the given documents, then excerpts of the cited documents not given."""
    owners = _owners(agreements)
    index: dict[str, int] = {}
    cited: dict[str, list[StatusChange]] = {}
    for agreement in agreements:
        for change in agreement.history:
            cited.setdefault(change.evidence.doc_id, []).append(change)
    views: list[DocumentView] = []
    for document in documents:
        index.setdefault(document.id, len(views))
        events = [event_view(e, owners) for e in document.events]
        sentences = [
            (c.evidence.sentence.start, c.evidence.sentence.end, c.evidence.sentence.text)
            for c in cited.get(document.id, ())
        ]
        views.append(document_view(len(views), document, events, sentences))
    for doc_id, changes in cited.items():
        if doc_id in index:
            continue
        index[doc_id] = len(views)
        events = [step_event_view(c, owners[c.evidence.event_id]) for c in changes]
        published = changes[0].evidence.published
        views.append(
            excerpt_view(len(views), doc_id, events, published.isoformat() if published else None)
        )
    return views


def build(
    documents: Iterable[Document],
    agreements: Iterable[Agreement] | None = None,
    *,
    title: str = "treatytrack report",
) -> Report:
    """The whole report's view model (see :func:`treatytrack.report.render`)."""
    docs = list(documents)
    found = list(agreements) if agreements is not None else track_documents(docs)
    found.sort(key=_reading_order)
    views = _documents(docs, found)
    by_id = {v.id: v for v in reversed(views)}  # a repeated id: its first view
    anchors = {
        a for v in views for p in v.passages for piece in p.pieces for a in piece.piece.opens
    }

    def anchor(change: StatusChange) -> str:
        """The step's sentence, else its document (whose text no longer holds it)."""
        doc = by_id.get(change.evidence.doc_id)
        if doc is None:
            return ""
        sentence = change.evidence.sentence
        anchored = sentence_anchor(doc.index, sentence.start, sentence.end)
        return anchored if anchored in anchors else doc.anchor

    agreement_views = [agreement_view(n, a, anchor) for n, a in enumerate(found)]
    events: list[EventView] = [e for v in views if not v.excerpt for e in v.events]
    parties = sorted(
        {p for a in agreement_views for p in a.parties} | {p for v in views for p in v.parties}
    )
    statuses = {a.status for a in agreement_views} | {e.status for v in views for e in v.events}
    kinds = {a.kind for a in agreement_views} | {e.kind for v in views for e in v.events}
    return Report(
        title=title,
        version=__version__,
        documents=tuple(views),
        agreements=tuple(agreement_views),
        by_status=by_status(agreement_views),
        by_kind=by_kind(agreement_views),
        parties=party_activity(agreement_views, events),
        statuses=STATUS_LEGEND,
        kinds=KIND_LEGEND,
        moods=MOOD_LEGEND,
        filter_parties=tuple(parties),
        filter_statuses=tuple(s.value for s in Status if s.value in statuses),
        filter_kinds=tuple(k.value for k in Kind if k.value in kinds),
    )
