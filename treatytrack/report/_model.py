"""The report's view model: plain, already formatted records the template only prints.

Everything a person sees is decided here, in Python, where it can be unit-tested; the
template lays it out and never computes. Strings in these records are raw document text:
the template's autoescaping is what makes them safe, so nothing here escapes anything.
"""

from __future__ import annotations

import attrs

from ._segments import Piece

__all__ = [
    "AgreementView",
    "AxisTick",
    "DocumentView",
    "EventView",
    "LegendEntry",
    "PartyActivity",
    "PartyStep",
    "Passage",
    "PieceView",
    "Report",
    "StatusCount",
    "StepView",
]


@attrs.frozen(slots=True)
class EventView:
    """One event as the page shows it: what, how it is said, who, when, and where it was read.

    Built from an engine :class:`~treatytrack.records.Event` or, when only a tracker
    database is at hand, from a :class:`~treatytrack.track.StatusChange`.
    """

    id: str
    doc_id: str
    kind: str
    status: str
    modality: str
    polarity: str
    negation: str | None
    background: bool
    rule: str
    speaker: str | None
    actor: str | None
    parties: tuple[str, ...]
    date: str | None
    date_text: str | None
    place: str | None
    what: str
    trigger_text: str
    trigger_start: int
    trigger_end: int
    sentence_text: str
    sentence_start: int
    sentence_end: int
    agreement_id: str | None = None
    agreement_name: str | None = None
    agreement_anchor: str | None = None

    @property
    def fact(self) -> bool:
        """Asserted, positive and not background: the events that move a status."""
        return self.modality == "asserted" and self.polarity == "positive" and not self.background

    @property
    def mood(self) -> str:
        """How the text says it, in words: "asserted", "expected, negative (refused)"."""
        words = [self.modality]
        if self.polarity == "negative":
            words.append(f"negative ({self.negation})" if self.negation else "negative")
        if self.background:
            words.append("background")
        return ", ".join(words)

    @property
    def css(self) -> str:
        """The classes that colour and style this event's highlight."""
        classes = [f"k-{self.kind}", f"s-{self.status}", f"m-{self.modality}"]
        if self.polarity == "negative":
            classes.append("negated")
        if self.modality != "asserted":
            classes.append("unasserted")
        if self.background:
            classes.append("background")
        return " ".join(classes)


@attrs.frozen(slots=True)
class PieceView:
    """A piece of text with what covers it: event ids, their style, and sentence anchors."""

    piece: Piece
    css: str = ""
    title: str = ""

    @property
    def text(self) -> str:
        return self.piece.text


@attrs.frozen(slots=True)
class Passage:
    """A run of a document's text: the whole text, or one evidence sentence of an excerpt."""

    start: int
    pieces: tuple[PieceView, ...]


@attrs.frozen(slots=True)
class DocumentView:
    """One document: its text cut into highlighted pieces, and its events in order.

    ``excerpt`` is true when the text itself was not given (a report from a database
    alone): the passages are then the evidence sentences the agreements cite.
    """

    index: int
    id: str
    anchor: str
    published: str | None
    title: str | None
    passages: tuple[Passage, ...]
    events: tuple[EventView, ...]
    excerpt: bool = False

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(sorted({p for e in self.events for p in e.parties}))


@attrs.frozen(slots=True)
class StepView:
    """One history entry of an agreement, placed on its time axis.

    ``position`` is the place on the axis in percent; ``lane`` stacks steps of one date.
    """

    number: int
    status: str
    kind: str
    effect: str
    flag: str
    note: str
    result: str | None
    date: str | None
    when: str | None
    precision: str | None
    mood: str
    modality: str
    polarity: str
    parties: tuple[str, ...]
    actor: str | None
    name: str | None
    doc_id: str
    event_id: str
    rule: str
    speaker: str | None
    trigger_text: str
    sentence_text: str
    sentence_anchor: str
    position: float
    lane: int

    @property
    def moved(self) -> bool:
        return self.effect == "moved"

    @property
    def css(self) -> str:
        classes = [f"s-{self.status}", f"e-{self.effect}", f"m-{self.modality}"]
        if self.polarity == "negative":
            classes.append("negated")
        if self.flag != "none":
            classes.append(f"f-{self.flag}")
        return " ".join(classes)


@attrs.frozen(slots=True)
class AxisTick:
    """A labelled date on an agreement's time axis, at ``position`` percent."""

    position: float
    label: str


@attrs.frozen(slots=True)
class PartyStep:
    """One party's own step (signed, ratified, withdrawn) and its date."""

    party: str
    status: str
    date: str | None
    doc_id: str


@attrs.frozen(slots=True)
class AgreementView:
    """One tracked agreement: names, parties, current status, and its timeline."""

    id: str
    anchor: str
    name: str
    kind: str
    status: str | None
    status_date: str | None
    type: str | None
    topic: str | None
    aliases: tuple[str, ...]
    parties: tuple[str, ...]
    party_steps: tuple[PartyStep, ...]
    steps: tuple[StepView, ...]
    ticks: tuple[AxisTick, ...]
    lanes: int
    candidates: tuple[tuple[str, str, str], ...]
    first_seen: str | None
    last_seen: str | None
    flagged: bool


@attrs.frozen(slots=True)
class StatusCount:
    """How many agreements stand at one status, and which."""

    status: str
    count: int
    names: tuple[tuple[str, str], ...]  # (anchor, name)


@attrs.frozen(slots=True)
class PartyActivity:
    """One party's activity: the agreements it is party to and the events that name it."""

    party: str
    agreements: int
    events: int
    facts: int
    last: str | None


@attrs.frozen(slots=True)
class LegendEntry:
    """One line of the legend: a CSS class, a label and what it means."""

    css: str
    label: str
    meaning: str


@attrs.frozen(slots=True)
class Report:
    """Everything the page shows."""

    title: str
    version: str
    documents: tuple[DocumentView, ...]
    agreements: tuple[AgreementView, ...]
    by_status: tuple[StatusCount, ...]
    by_kind: tuple[StatusCount, ...]
    parties: tuple[PartyActivity, ...]
    statuses: tuple[LegendEntry, ...]
    kinds: tuple[LegendEntry, ...]
    moods: tuple[LegendEntry, ...]
    filter_parties: tuple[str, ...]
    filter_statuses: tuple[str, ...]
    filter_kinds: tuple[str, ...]

    @property
    def event_count(self) -> int:
        return sum(len(d.events) for d in self.documents)
