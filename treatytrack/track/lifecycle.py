"""The status lifecycle: which moves are allowed, and the fold that turns a history into a status.

Everything here is a pure function of its arguments. :func:`fold` sorts the steps itself
(by event date, then publication date, then document id, then offset), so the status it
computes never depends on the order in which documents arrived.

The lifecycle (see ``LIFECYCLE.md``)::

    proposed -> under_negotiation -> negotiation_concluded / agreed_in_principle -> initialled
             -> signed -> ratified -> in_force -> (suspended <-> in_force)
             -> withdrawn | terminated | expired
    under_negotiation -> collapsed -> under_negotiation | proposed (talks resume)
    pledged: a commitment with no formal instrument

Skipping pre-signature steps is normal (news often first hears of a treaty at its signing);
a step past ``signed`` with no signing seen is a *gap*: the status moves (the text says it
happened) and the change is flagged. A step backwards to a status never reached, with no
event that allows it, is a *conflict*: kept, flagged, and the status does not move.

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..records import DatePrecision, Event, Kind, Modality, Negation, Polarity, Status
from .records import Effect, Flag, PartyStatus

__all__ = [
    "IMPLIED",
    "PARTY_LEVEL",
    "RANK",
    "TRANSITIONS",
    "Fold",
    "Outcome",
    "Step",
    "allowed",
    "classify",
    "fold",
]

S = Status

RANK: Mapping[Status, int] = {
    S.PROPOSED: 0,
    S.PLEDGED: 0,
    S.UNDER_NEGOTIATION: 1,
    S.COLLAPSED: 1,
    S.NEGOTIATION_CONCLUDED: 2,
    S.AGREED_IN_PRINCIPLE: 2,
    S.INITIALLED: 3,
    S.SIGNED: 4,
    S.RATIFIED: 5,
    S.IN_FORCE: 6,
    S.SUSPENDED: 6,
    S.WITHDRAWN: 7,
    S.TERMINATED: 7,
    S.EXPIRED: 7,
}
"""How far along the lifecycle a status is; a move to a higher rank is a move forward."""

_TALKS = frozenset(
    {S.UNDER_NEGOTIATION, S.NEGOTIATION_CONCLUDED, S.AGREED_IN_PRINCIPLE, S.INITIALLED, S.SIGNED}
)

TRANSITIONS: Mapping[Status | None, frozenset[Status]] = {
    None: _TALKS | {S.PROPOSED, S.COLLAPSED, S.PLEDGED},
    S.PROPOSED: _TALKS | {S.COLLAPSED},
    S.UNDER_NEGOTIATION: (_TALKS - {S.UNDER_NEGOTIATION}) | {S.COLLAPSED},
    S.NEGOTIATION_CONCLUDED: frozenset({S.AGREED_IN_PRINCIPLE, S.INITIALLED, S.SIGNED}),
    S.AGREED_IN_PRINCIPLE: (_TALKS - {S.AGREED_IN_PRINCIPLE}) | {S.COLLAPSED},
    S.INITIALLED: frozenset({S.SIGNED}),
    S.SIGNED: frozenset({S.RATIFIED, S.IN_FORCE, S.WITHDRAWN, S.TERMINATED}),
    S.RATIFIED: frozenset({S.IN_FORCE, S.WITHDRAWN, S.TERMINATED}),
    S.IN_FORCE: frozenset({S.SUSPENDED, S.WITHDRAWN, S.TERMINATED, S.EXPIRED}),
    S.SUSPENDED: frozenset({S.IN_FORCE, S.WITHDRAWN, S.TERMINATED, S.EXPIRED}),
    S.COLLAPSED: frozenset({S.UNDER_NEGOTIATION, S.PROPOSED}),
    S.WITHDRAWN: frozenset(),
    S.TERMINATED: frozenset(),
    S.EXPIRED: frozenset(),
    S.PLEDGED: frozenset(),
}
"""The moves allowed from each status (``None``: nothing seen yet) with no flag."""

PARTY_LEVEL = frozenset({S.SIGNED, S.RATIFIED, S.WITHDRAWN})
"""Steps each party takes for itself; the agreement follows when its parties have."""

IMPLIED = frozenset(
    {
        S.PROPOSED,
        S.UNDER_NEGOTIATION,
        S.NEGOTIATION_CONCLUDED,
        S.AGREED_IN_PRINCIPLE,
        S.INITIALLED,
        S.SIGNED,
        S.RATIFIED,
    }
)
"""Steps on the way to a later status: reporting one late is a retelling, not a conflict."""


def allowed(current: Status | None, target: Status) -> bool:
    """True when the lifecycle allows ``current -> target`` with no flag."""
    return target in TRANSITIONS[current]


def _rank(status: Status | None) -> int:
    return -1 if status is None else RANK[status]


def classify(
    current: Status | None, target: Status, seen: Iterable[Status] = (), *, late: bool = False
) -> tuple[Effect, Flag, str]:
    """What an asserted, positive event at ``target`` does to an agreement at ``current``.

    ``seen`` are the statuses the agreement has already reached: restating one of them is
    a retelling, not a conflict. ``late`` says the event is undated or dated no later than
    the current status: then a step on the way to the current status (:data:`IMPLIED`,
    "concluding nine months of negotiations" in the signing story) is a retelling too.
    """
    reached = frozenset(seen)
    if target is current:
        return Effect.REPEATED, Flag.NONE, ""
    if allowed(current, target):
        return Effect.MOVED, Flag.NONE, ""
    if target in reached:
        return Effect.REPEATED, Flag.NONE, f"restates {target.value}, reached before"
    if _rank(target) > _rank(current):
        if _rank(target) > RANK[S.SIGNED] and S.SIGNED not in reached:
            missing = "no signing seen"
        else:
            missing = f"skips steps after {current.value if current else 'nothing seen'}"
        return Effect.MOVED, Flag.GAP, f"{target.value} with {missing}"
    if late and target in IMPLIED:
        return Effect.REPEATED, Flag.NONE, f"{target.value}: an earlier step, reported late"
    before = current.value if current else "nothing"
    return (
        Effect.BLOCKED,
        Flag.CONFLICT,
        f"{target.value} after {before} with no event that allows going back",
    )


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


_FAR = dt.date.max


@attrs.frozen(slots=True)
class Step:
    """What the fold needs of one event, light enough to rebuild for thousands of events."""

    event_id: str
    doc_id: str
    kind: Kind
    status: Status
    fact: bool
    parties: tuple[str, ...] = ()
    actor: str | None = None
    date: dt.date | None = None
    published: dt.date | None = None
    offset: int = 0
    why: str = ""  # for an event that is not a fact: why it moves nothing
    precision: DatePrecision | None = None

    @property
    def when(self) -> dt.date | None:
        """The date the step is ordered by: its own, else its document's publication date."""
        return self.date or self.published

    def key(self) -> tuple[dt.date, dt.date, str, int, str]:
        """The order of steps: event date, publication date, document id, offset."""
        return (self.when or _FAR, self.published or _FAR, self.doc_id, self.offset, self.event_id)

    @classmethod
    def of(cls, event: Event, published: dt.date | None = None) -> Step:
        """The step of one event, read from a document published on ``published``."""
        return cls(
            event.id,
            event.doc_id,
            event.kind,
            event.status,
            event.is_fact,
            event.parties,
            event.actor,
            event.date,
            published,
            event.trigger.start,
            _why(event.modality, event.polarity, event.negation, event.reference),
            event.date_precision,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any], published: dt.date | None = None) -> Step:
        """The step of one event in :func:`~treatytrack.serialize.event_to_json`'s shape."""
        modality = Modality(data.get("modality") or "asserted")
        polarity = Polarity(data.get("polarity") or "positive")
        negation = Negation(data["negation"]) if data.get("negation") else None
        reference = bool(data.get("reference"))
        fact = modality is Modality.ASSERTED and polarity is Polarity.POSITIVE and not reference
        return cls(
            str(data["id"]),
            str(data["doc_id"]),
            Kind(data["kind"]),
            Status(data["status"]),
            fact,
            tuple(data.get("parties") or ()),
            data.get("actor"),
            _date(data.get("date")),
            published,
            int(data["trigger"]["start"]),
            _why(modality, polarity, negation, reference),
            DatePrecision(data["date_precision"]) if data.get("date_precision") else None,
        )


def _why(modality: Modality, polarity: Polarity, negation: Negation | None, reference: bool) -> str:
    if reference:
        return "background reference"
    if polarity is Polarity.NEGATIVE:
        kind = f" ({negation.value})" if negation else ""
        return f"denied{kind}"
    if modality is not Modality.ASSERTED:
        return f"{modality.value}"
    return ""


@attrs.frozen(slots=True)
class Outcome:
    """What one step did: its effect, its flag, the status after it, and why."""

    effect: Effect
    flag: Flag = Flag.NONE
    result: Status | None = None
    note: str = ""


@attrs.frozen(slots=True)
class Fold:
    """The fold of a history: current status, per-party steps, and each step's outcome."""

    status: Status | None
    status_date: dt.date | None
    kind: Kind
    party_status: tuple[PartyStatus, ...]
    outcomes: Mapping[str, Outcome]
    order: tuple[str, ...]  # event ids in history order


def _refines(
    old: dt.date | None,
    old_precision: DatePrecision | None,
    new: dt.date | None,
    new_precision: DatePrecision | None,
) -> bool:
    """True when ``new`` is a finer date inside ``old``'s period ("on 14 February" refines
    "in February"), so the step it dates is better dated by it."""
    if old is None or new is None or old_precision in (None, DatePrecision.DAY):
        return False
    if new_precision is old_precision:
        return False
    if old_precision is DatePrecision.YEAR:
        return new.year == old.year and new_precision is not DatePrecision.YEAR
    return (new.year, new.month) == (old.year, old.month)


class _State:
    """The mutable state of one fold (never escapes :func:`fold`)."""

    def __init__(self, parties: frozenset[str]) -> None:
        self.parties = parties
        self.status: Status | None = None
        self.status_date: dt.date | None = None
        self.status_precision: DatePrecision | None = None
        self.kind: Kind | None = None
        self.seen: set[Status] = set()
        self.party: dict[str, Status] = {}
        self.steps: list[PartyStatus] = []

    def party_step(self, step: Step) -> tuple[bool, bool]:
        """Record a party-level step; returns (anything new, a signing was missing)."""
        acting = (step.actor,) if step.actor else (step.parties or tuple(sorted(self.parties)))
        new = unsigned = False
        for party in acting:
            now = self.party.get(party)
            if step.status is S.WITHDRAWN:
                fresh = now is not S.WITHDRAWN
            else:
                fresh = now is not S.WITHDRAWN and _rank(step.status) > _rank(now)
            if not fresh:
                self._refine_party(party, step)
                continue
            if step.status is S.RATIFIED and now is None and S.SIGNED not in self.seen:
                unsigned = True
            self.party[party] = step.status
            self.steps.append(
                PartyStatus(
                    party, step.status, step.date, step.precision, step.doc_id, step.event_id
                )
            )
            new = True
        return new, unsigned

    def _refine_party(self, party: str, step: Step) -> None:
        for index, known in enumerate(self.steps):
            if known.party != party or known.status is not step.status:
                continue
            if _refines(known.date, known.date_precision, step.date, step.precision):
                self.steps[index] = PartyStatus(
                    party, step.status, step.date, step.precision, step.doc_id, step.event_id
                )

    def move(self, step: Step, target: Status) -> None:
        self.status = target
        self.status_date = step.when
        self.status_precision = step.precision if step.date else None
        self.seen.add(target)
        self.kind = step.kind

    def refine(self, step: Step, target: Status) -> None:
        """A restatement of the current status with a finer date dates it better."""
        if target is self.status and _refines(
            self.status_date, self.status_precision, step.date, step.precision
        ):
            self.status_date = step.date
            self.status_precision = step.precision

    def agreement_target(self, status: Status) -> Status | None:
        """The agreement-level status a party-level step leads to, once enough parties took it."""
        everyone = self.parties | set(self.party)
        if status is S.WITHDRAWN:
            staying = [p for p in everyone if self.party.get(p) is not S.WITHDRAWN]
            return status if len(staying) < 2 else None
        active = [p for p in everyone if self.party.get(p) is not S.WITHDRAWN]
        if active and all(_rank(self.party.get(p)) >= RANK[status] for p in active):
            return status
        return None


def _party_outcome(state: _State, step: Step, new: bool, unsigned: bool) -> Outcome:
    """The outcome of a party-level step that leaves the agreement's status where it is."""
    who = step.actor or ", ".join(step.parties) or "all parties"
    if new and unsigned:
        note = f"{step.status.value} by {who} with no signing seen"
        return Outcome(Effect.PARTY, Flag.GAP, state.status, note)
    if new:
        return Outcome(Effect.PARTY, Flag.NONE, state.status, f"{step.status.value} by {who}")
    return Outcome(Effect.REPEATED, Flag.NONE, state.status, "")


def fold(steps: Iterable[Step], parties: Iterable[str] = ()) -> Fold:
    """Fold an agreement's steps, in history order, into its status and party-level steps.

    Only facts (asserted, positive, not background) move anything. A party-level step
    (signed, ratified, withdrawn; see :data:`PARTY_LEVEL`) applies to ``Event.actor`` when
    set, else to the event's parties; the agreement is signed or ratified once every known
    party (``parties`` and any party that acted) has signed or ratified, and withdrawn once
    fewer than two parties remain. A party step reported after the agreement has moved
    past it ("Japan ratified" after the entry into force) is recorded for the party only.
    """
    ordered = sorted(steps, key=Step.key)
    known = frozenset(parties) | {p for s in ordered for p in s.parties}
    state = _State(known)
    outcomes: dict[str, Outcome] = {}
    for step in ordered:
        if not step.fact:
            outcomes[step.event_id] = Outcome(Effect.EVIDENCE, Flag.NONE, state.status, step.why)
            continue
        target: Status | None = step.status
        if step.status in PARTY_LEVEL:
            new, unsigned = state.party_step(step)
            target = state.agreement_target(step.status)
            passed = state.status is not None and _rank(state.status) >= RANK[step.status]
            if target is None or (passed and step.status is not S.WITHDRAWN):
                state.refine(step, step.status)
                outcomes[step.event_id] = _party_outcome(state, step, new, unsigned)
                continue
        assert target is not None
        late = step.date is None or (
            state.status_date is not None and step.date <= state.status_date
        )
        effect, flag, note = classify(state.status, target, state.seen, late=late)
        if effect is Effect.MOVED:
            state.move(step, target)
        else:
            state.refine(step, target)
            if state.kind is None:
                state.kind = step.kind
        outcomes[step.event_id] = Outcome(effect, flag, state.status, note)
    kinds = {s.kind for s in ordered}
    if kinds == {Kind.PLEDGE}:
        kind = Kind.PLEDGE
    elif state.kind is not None:
        kind = state.kind
    else:
        kind = ordered[0].kind if ordered else Kind.AGREEMENT
    party_status = tuple(sorted(state.steps, key=lambda p: p.party))
    return Fold(
        state.status,
        state.status_date,
        kind,
        party_status,
        outcomes,
        tuple(s.event_id for s in ordered),
    )
