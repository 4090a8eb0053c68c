"""Documents for the page: their events as views, and their text cut into highlighted pieces.

A document given with its text is shown whole, every event's trigger marked and every
evidence sentence anchored (timeline steps link to those anchors). A document known only
from a tracker database has no text here; it is shown as the evidence sentences its
agreements cite, each with its trigger marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..records import Document, Event, Modality, Polarity
from ..track import Effect, StatusChange
from ._model import DocumentView, EventView, Passage, PieceView
from ._segments import Mark, cut

__all__ = ["document_view", "event_view", "excerpt_view", "sentence_anchor", "step_event_view"]

Owners = Mapping[str, tuple[str, str, str]]  # event id -> (agreement id, name, page anchor)


def sentence_anchor(doc_index: int, start: int, end: int) -> str:
    """The page id of one sentence of one document (ids never hold document text)."""
    return f"s{doc_index}-{start}-{end}"


def _what(event: Event) -> str:
    if event.agreement is None:
        return event.topic or ""
    name = event.agreement.name
    others = [a for a in event.agreement.aliases if a != name]
    return f"{name} ({', '.join(others)})" if others else name


def event_view(event: Event, owners: Owners) -> EventView:
    """The view of one engine event; ``owners`` tells which agreement it belongs to."""
    owner = owners.get(event.id)
    return EventView(
        id=event.id,
        doc_id=event.doc_id,
        kind=event.kind.value,
        status=event.status.value,
        modality=event.modality.value,
        polarity=event.polarity.value,
        negation=event.negation.value if event.negation else None,
        background=event.reference,
        rule=event.rule,
        speaker=event.speaker,
        actor=event.actor,
        parties=event.parties,
        date=event.date.isoformat() if event.date else None,
        date_text=event.date_text,
        place=event.place,
        what=_what(event),
        trigger_text=event.trigger.text,
        trigger_start=event.trigger.start,
        trigger_end=event.trigger.end,
        sentence_text=event.evidence.text,
        sentence_start=event.evidence.start,
        sentence_end=event.evidence.end,
        agreement_id=owner[0] if owner else None,
        agreement_name=owner[1] if owner else None,
        agreement_anchor=owner[2] if owner else None,
    )


def step_event_view(change: StatusChange, owner: tuple[str, str, str]) -> EventView:
    """An event rebuilt from a tracker history entry (a database holds no engine events).

    A fact that moved nothing and is neither expected nor denied was background: the
    tracker keeps only its effect, so that is what tells.
    """
    evidence = change.evidence
    background = (
        change.effect is Effect.EVIDENCE
        and change.modality is Modality.ASSERTED
        and change.polarity is Polarity.POSITIVE
    )
    return EventView(
        id=evidence.event_id,
        doc_id=evidence.doc_id,
        kind=change.kind.value,
        status=change.status.value,
        modality=change.modality.value,
        polarity=change.polarity.value,
        negation=change.negation.value if change.negation else None,
        background=background,
        rule=evidence.rule,
        speaker=evidence.speaker,
        actor=change.actor,
        parties=change.parties,
        date=change.date.isoformat() if change.date else None,
        date_text=None,
        place=None,
        what=change.name or "",
        trigger_text=evidence.trigger.text,
        trigger_start=evidence.trigger.start,
        trigger_end=evidence.trigger.end,
        sentence_text=evidence.sentence.text,
        sentence_start=evidence.sentence.start,
        sentence_end=evidence.sentence.end,
        agreement_id=owner[0],
        agreement_name=owner[1],
        agreement_anchor=owner[2],
    )


def _title(events: Sequence[EventView]) -> str:
    """The hover text of a highlight: one line per event."""
    return "\n".join(
        f"{e.status} ({e.kind}, {e.mood}); rule {e.rule}"
        + (f"; per {e.speaker}" if e.speaker else "")
        for e in events
    )


def _pieces(
    text: str,
    offset: int,
    events: Sequence[EventView],
    sentences: Iterable[tuple[int, int]],
    doc_index: int,
) -> tuple[PieceView, ...]:
    by_id = {e.id: e for e in events}
    triggers = [Mark(e.trigger_start, e.trigger_end, e.id) for e in events]
    marks = [Mark(s, t, sentence_anchor(doc_index, s, t)) for s, t in sorted(set(sentences))]
    out = []
    for piece in cut(text, offset, triggers, marks):
        covering = [by_id[i] for i in piece.triggers]
        if not covering:
            out.append(PieceView(piece))
            continue
        facts = [e for e in covering if e.fact]
        css = (facts or covering)[0].css + (" multi" if len(covering) > 1 else "")
        out.append(PieceView(piece, css, _title(covering)))
    return tuple(out)


def document_view(
    index: int,
    document: Document,
    events: Sequence[EventView],
    cited: Iterable[tuple[int, int, str]] = (),
) -> DocumentView:
    """A whole document: its text with every event marked.

    ``cited`` are (start, end, text) sentences that timeline steps link to; each is
    anchored when the text still holds it at those offsets.
    """
    text = document.text
    sentences = {(e.sentence_start, e.sentence_end) for e in events}
    sentences |= {(s, t) for s, t, quoted in cited if text[s:t] == quoted}
    title = document.metadata.get("title")
    return DocumentView(
        index=index,
        id=document.id,
        anchor=f"doc{index}",
        published=document.published.isoformat() if document.published else None,
        title=str(title) if title else None,
        passages=(Passage(0, _pieces(text, 0, events, sentences, index)),),
        events=tuple(events),
    )


def excerpt_view(
    index: int, doc_id: str, events: Sequence[EventView], published: str | None = None
) -> DocumentView:
    """A document known only by the evidence sentences of its events."""
    ordered = sorted(events, key=lambda e: (e.sentence_start, e.trigger_start, e.id))
    passages = []
    for start, end, text in dict.fromkeys(
        (e.sentence_start, e.sentence_end, e.sentence_text) for e in ordered
    ):
        inside = [e for e in ordered if start <= e.trigger_start and e.trigger_end <= end]
        passages.append(Passage(start, _pieces(text, start, inside, [(start, end)], index)))
    return DocumentView(
        index=index,
        id=doc_id,
        anchor=f"doc{index}",
        published=published,
        title=None,
        passages=tuple(passages),
        events=tuple(ordered),
        excerpt=True,
    )
