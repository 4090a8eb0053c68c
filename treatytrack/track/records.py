"""The tracker's records: one :class:`Agreement` per real agreement, with its history.

Every record is frozen and slotted, and validates its fields on construction (closed
vocabularies name the allowed values in the error), so a record read back from the store
is as well formed as one just computed. ``agreement_to_json`` / ``agreement_from_json``
give the JSON form the store keeps and ``export_jsonl`` writes.

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs
import cattrs

from ..records import DatePrecision, Kind, Modality, Negation, Polarity, Span, Status, _InEnum
from ..records import _coerce as _member  # one validator and converter for enums

__all__ = [
    "CSV_FIELDS",
    "Agreement",
    "CandidateLink",
    "Effect",
    "Evidence",
    "Flag",
    "IngestOutcome",
    "IngestResult",
    "LinkReason",
    "PartyStatus",
    "StatusChange",
    "TimelineEntry",
    "agreement_from_json",
    "agreement_to_json",
    "csv_row",
]


class Flag(str, enum.Enum):
    """What the lifecycle says about a change: fine, steps skipped, or a step backwards."""

    NONE = "none"
    GAP = "gap"
    CONFLICT = "conflict"


class Effect(str, enum.Enum):
    """What a change did to the agreement's status (every event is kept, whatever it did)."""

    MOVED = "moved"  # set the agreement's current status
    REPEATED = "repeated"  # a fact restating a status already reached
    PARTY = "party"  # a party-level step; the agreement waits for its other parties
    BLOCKED = "blocked"  # a fact the lifecycle forbids here (flagged conflict); nothing moved
    EVIDENCE = "evidence"  # expected, intended, hypothetical, denied or background: no move


class LinkReason(str, enum.Enum):
    """Why two agreements kept apart might still be one."""

    SIMILAR_NAME = "similar_name"  # names share most words, parties compatible
    PARTIES_DIFFER = "parties_differ"  # same name or alias, party sets overlap but differ
    AMBIGUOUS = "ambiguous"  # same name or alias, yet matched several agreements at once


class IngestOutcome(str, enum.Enum):
    """What ingesting one document did to the store."""

    ADDED = "added"
    UNCHANGED = "unchanged"  # same id and text hash: nothing to do
    REPLACED = "replaced"  # same id, new text: its old events were replaced


def _status(value: Any) -> Any:
    return _member(Status, value)


def _kind(value: Any) -> Any:
    return _member(Kind, value)


def _flag(value: Any) -> Any:
    return _member(Flag, value)


def _effect(value: Any) -> Any:
    return _member(Effect, value)


def _modality(value: Any) -> Any:
    return _member(Modality, value)


def _polarity(value: Any) -> Any:
    return _member(Polarity, value)


def _negation(value: Any) -> Any:
    return _member(Negation, value)


def _precision(value: Any) -> Any:
    return _member(DatePrecision, value)


def _reason(value: Any) -> Any:
    return _member(LinkReason, value)


def _outcome(value: Any) -> Any:
    return _member(IngestOutcome, value)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"expected a date, an ISO string or None (got {value!r})")


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"expected a sequence of strings, not a single string ({value!r})")
    return tuple(value)


def _sorted_strings(value: Any) -> tuple[str, ...]:
    return tuple(sorted(set(_strings(value))))


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _nonempty(inst: object, attr: attrs.Attribute[Any], value: str) -> None:
    if not value:
        raise ValueError(f"'{attr.name}' must be a non-empty string (got {value!r})")


_v = attrs.validators
_str = _v.instance_of(str)
_opt_str = _v.optional(_str)
_opt_date = _v.optional(_v.instance_of(dt.date))
_str_items = _v.deep_iterable(_str, _v.instance_of(tuple))


def _in(enum_type: type[enum.Enum]) -> _InEnum:
    return _InEnum(enum_type)


def _opt_in(enum_type: type[enum.Enum]) -> Any:
    return _v.optional(_InEnum(enum_type))


def _items(kind: type) -> Any:
    return _v.deep_iterable(_v.instance_of(kind), _v.instance_of(tuple))


@attrs.frozen(slots=True)
class Evidence:
    """Where a change was read: the document, the event, its sentence, trigger and rule."""

    doc_id: str = attrs.field(validator=_str)
    event_id: str = attrs.field(validator=[_str, _nonempty])
    rule: str = attrs.field(validator=[_str, _nonempty])
    sentence: Span = attrs.field(validator=_v.instance_of(Span))
    trigger: Span = attrs.field(validator=_v.instance_of(Span))
    published: dt.date | None = attrs.field(default=None, converter=_date, validator=_opt_date)
    speaker: str | None = attrs.field(default=None, validator=_opt_str)


@attrs.frozen(slots=True)
class StatusChange:
    """One event in an agreement's history, with what it did to the status and why.

    ``status`` is what the event says; ``result`` is the agreement's status after it (the
    status before it, when the event did not move anything).
    """

    status: Status = attrs.field(converter=_status, validator=_in(Status))
    kind: Kind = attrs.field(converter=_kind, validator=_in(Kind))
    effect: Effect = attrs.field(converter=_effect, validator=_in(Effect))
    evidence: Evidence = attrs.field(validator=_v.instance_of(Evidence))
    result: Status | None = attrs.field(default=None, converter=_status, validator=_opt_in(Status))
    flag: Flag = attrs.field(default=Flag.NONE, converter=_flag, validator=_in(Flag))
    note: str = attrs.field(default="", validator=_str)
    date: dt.date | None = attrs.field(default=None, converter=_date, validator=_opt_date)
    date_precision: DatePrecision | None = attrs.field(
        default=None, converter=_precision, validator=_opt_in(DatePrecision)
    )
    modality: Modality = attrs.field(
        default=Modality.ASSERTED, converter=_modality, validator=_in(Modality)
    )
    polarity: Polarity = attrs.field(
        default=Polarity.POSITIVE, converter=_polarity, validator=_in(Polarity)
    )
    negation: Negation | None = attrs.field(
        default=None, converter=_negation, validator=_opt_in(Negation)
    )
    parties: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_strings, validator=_str_items
    )
    actor: str | None = attrs.field(default=None, validator=_opt_str)
    name: str | None = attrs.field(default=None, validator=_opt_str)

    @property
    def moved(self) -> bool:
        """True when this change set the agreement's status."""
        return self.effect is Effect.MOVED

    @property
    def when(self) -> dt.date | None:
        """The date the change is ordered by: its own date, else its document's."""
        return self.date or self.evidence.published


@attrs.frozen(slots=True)
class PartyStatus:
    """One party's step (signed, ratified, withdrawn): who, what, when and where it was read."""

    party: str = attrs.field(validator=[_str, _nonempty])
    status: Status = attrs.field(converter=_status, validator=_in(Status))
    date: dt.date | None = attrs.field(default=None, converter=_date, validator=_opt_date)
    date_precision: DatePrecision | None = attrs.field(
        default=None, converter=_precision, validator=_opt_in(DatePrecision)
    )
    doc_id: str = attrs.field(default="", validator=_str)
    event_id: str = attrs.field(default="", validator=_str)


@attrs.frozen(slots=True)
class CandidateLink:
    """Two agreements kept apart that might be one: both ids, why, and how alike (0..1)."""

    agreement_id: str = attrs.field(validator=[_str, _nonempty])
    other_id: str = attrs.field(validator=[_str, _nonempty])
    reason: LinkReason = attrs.field(converter=_reason, validator=_in(LinkReason))
    score: float = attrs.field(converter=float, validator=[_v.ge(0.0), _v.le(1.0)])


@attrs.frozen(slots=True)
class Agreement:
    """One real agreement (or pledge) across every document that speaks of it.

    ``status`` is the fold of its asserted, positive events in event-date order (``None``
    when no event asserts anything yet); ``history`` keeps every event, in that order.
    """

    id: str = attrs.field(validator=[_str, _nonempty])
    name: str = attrs.field(validator=[_str, _nonempty])
    kind: Kind = attrs.field(converter=_kind, validator=_in(Kind))
    status: Status | None = attrs.field(default=None, converter=_status, validator=_opt_in(Status))
    status_date: dt.date | None = attrs.field(default=None, converter=_date, validator=_opt_date)
    type: str | None = attrs.field(default=None, validator=_opt_str)
    topic: str | None = attrs.field(default=None, validator=_opt_str)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_str_items)
    parties: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_strings, validator=_str_items
    )
    party_status: tuple[PartyStatus, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(PartyStatus)
    )
    history: tuple[StatusChange, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(StatusChange)
    )
    candidates: tuple[CandidateLink, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(CandidateLink)
    )
    first_seen: dt.date | None = attrs.field(default=None, converter=_date, validator=_opt_date)
    last_seen: dt.date | None = attrs.field(default=None, converter=_date, validator=_opt_date)

    @property
    def flagged(self) -> bool:
        """True when some change is a gap or a conflict."""
        return any(change.flag is not Flag.NONE for change in self.history)

    @property
    def documents(self) -> tuple[str, ...]:
        """The ids of the documents that speak of this agreement, in history order."""
        return tuple(dict.fromkeys(c.evidence.doc_id for c in self.history))

    def party_current(self, party: str) -> Status | None:
        """Where one party stands: its latest party-level step, else ``None``."""
        steps = [p.status for p in self.party_status if p.party == party]
        return steps[-1] if steps else None


@attrs.frozen(slots=True)
class TimelineEntry:
    """One change of one agreement, as :meth:`Tracker.timeline` lists them for a party."""

    agreement_id: str = attrs.field(validator=[_str, _nonempty])
    agreement_name: str = attrs.field(validator=_str)
    change: StatusChange = attrs.field(validator=_v.instance_of(StatusChange))


@attrs.frozen(slots=True)
class IngestResult:
    """What ingesting one document did: its id, the outcome, its events, what changed."""

    doc_id: str = attrs.field(validator=_str)
    outcome: IngestOutcome = attrs.field(converter=_outcome, validator=_in(IngestOutcome))
    events: int = attrs.field(default=0, validator=_v.instance_of(int))
    agreements: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_strings, validator=_str_items
    )


CSV_FIELDS = (
    "id",
    "name",
    "kind",
    "type",
    "topic",
    "status",
    "status_date",
    "parties",
    "aliases",
    "party_status",
    "first_seen",
    "last_seen",
    "changes",
    "flagged",
    "documents",
)


"""The columns of :func:`csv_row` (and of ``Tracker.export_csv``)."""


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def csv_row(agreement: Agreement) -> dict[str, Any]:
    """One agreement as a flat CSV row; lists are joined with ``;``."""
    steps = ";".join(f"{p.party}:{p.status.value}:{_iso(p.date)}" for p in agreement.party_status)
    return {
        "id": agreement.id,
        "name": agreement.name,
        "kind": agreement.kind.value,
        "type": agreement.type or "",
        "topic": agreement.topic or "",
        "status": agreement.status.value if agreement.status else "",
        "status_date": _iso(agreement.status_date),
        "parties": ";".join(agreement.parties),
        "aliases": ";".join(agreement.aliases),
        "party_status": steps,
        "first_seen": _iso(agreement.first_seen),
        "last_seen": _iso(agreement.last_seen),
        "changes": len(agreement.history),
        "flagged": "yes" if agreement.flagged else "no",
        "documents": ";".join(agreement.documents),
    }


_converter = cattrs.Converter()
_converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
_converter.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
_converter.register_unstructure_hook(tuple, list)


def agreement_to_json(agreement: Agreement) -> dict[str, Any]:
    """The JSON object of one agreement (dates as ISO strings, enums as their values)."""
    data: dict[str, Any] = _converter.unstructure(agreement)
    return data


def agreement_from_json(data: dict[str, Any]) -> Agreement:
    """Read an agreement back from :func:`agreement_to_json`'s shape."""
    return _converter.structure(data, Agreement)
