"""The summary tables and the legend: agreements by status and kind, the busiest parties.

Statuses and kinds are listed in lifecycle order (the order of the enums), so the tables
read the way an agreement lives.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..records import Kind, Status
from ._model import AgreementView, EventView, LegendEntry, PartyActivity, StatusCount

__all__ = [
    "KIND_LEGEND",
    "MOOD_LEGEND",
    "STATUS_LEGEND",
    "by_kind",
    "by_status",
    "party_activity",
]

_MEANING = {
    Status.PROPOSED: "proposed, or talks agreed",
    Status.UNDER_NEGOTIATION: "talks under way",
    Status.NEGOTIATION_CONCLUDED: "talks concluded",
    Status.AGREED_IN_PRINCIPLE: "agreed in principle",
    Status.INITIALLED: "text initialled",
    Status.SIGNED: "signed",
    Status.RATIFIED: "ratified, approved",
    Status.IN_FORCE: "in force, took effect",
    Status.SUSPENDED: "suspended",
    Status.WITHDRAWN: "a party withdrew",
    Status.TERMINATED: "terminated, ended",
    Status.EXPIRED: "expired, lapsed",
    Status.COLLAPSED: "talks collapsed",
    Status.PLEDGED: "a commitment, no instrument",
}
_KIND_MEANING = {
    Kind.AGREEMENT: "treaty, pact, memorandum ...",
    Kind.NEGOTIATION: "talks towards an instrument",
    Kind.PLEDGE: "a commitment, no instrument",
}

STATUS_LEGEND = tuple(
    LegendEntry(f"s-{s.value}", s.value.replace("_", " "), _MEANING[s]) for s in Status
)
KIND_LEGEND = tuple(LegendEntry(f"k-{k.value}", k.value, _KIND_MEANING[k]) for k in Kind)
MOOD_LEGEND = (
    LegendEntry("", "asserted", "said to have happened: moves a status"),
    LegendEntry("unasserted", "not asserted", "expected, intended or hypothetical"),
    LegendEntry("negated", "negative", "denied, refused, not yet done"),
    LegendEntry("background", "background", "an old step retold: moves nothing"),
)


def _names(found: Sequence[AgreementView]) -> tuple[tuple[str, str], ...]:
    return tuple((a.anchor, a.name) for a in found)


def by_status(agreements: Sequence[AgreementView]) -> tuple[StatusCount, ...]:
    """Agreements per current status, in lifecycle order ("none" last: nothing asserted)."""
    out = []
    for status in [s.value for s in Status] + [None]:
        found = [a for a in agreements if a.status == status]
        if found:
            out.append(StatusCount(status or "none", len(found), _names(found)))
    return tuple(out)


def by_kind(agreements: Sequence[AgreementView]) -> tuple[StatusCount, ...]:
    """Agreements per kind."""
    out = []
    for kind in Kind:
        found = [a for a in agreements if a.kind == kind.value]
        if found:
            out.append(StatusCount(kind.value, len(found), _names(found)))
    return tuple(out)


def party_activity(
    agreements: Sequence[AgreementView], events: Sequence[EventView], limit: int = 15
) -> tuple[PartyActivity, ...]:
    """The parties with the most events, then the most agreements (at most ``limit``).

    Events are the documents' events; steps of agreements whose documents are not in the
    report count too, so a report of a database alone still ranks its parties.
    """
    counted: dict[str, set[str]] = defaultdict(set)
    facts: dict[str, set[str]] = defaultdict(set)
    last: dict[str, str] = {}
    owned: dict[str, int] = defaultdict(int)

    def note(party: str, event_id: str, fact: bool, day: str | None) -> None:
        counted[party].add(event_id)
        if fact:
            facts[party].add(event_id)
        if day and day > last.get(party, ""):
            last[party] = day

    for agreement in agreements:
        for party in agreement.parties:
            owned[party] += 1
        for step in agreement.steps:
            fact = step.effect not in ("evidence", "blocked")
            for party in step.parties or agreement.parties:
                note(party, step.event_id, fact, step.when)
    for event in events:
        for party in event.parties:
            note(party, event.id, event.fact, event.date)
    rows = [
        PartyActivity(p, owned[p], len(counted[p]), len(facts[p]), last.get(p))
        for p in set(counted) | set(owned)
    ]
    rows.sort(key=lambda r: (-r.events, -r.agreements, r.party))
    return tuple(rows[:limit])
