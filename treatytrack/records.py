"""Typed records: what treatytrack reads out of text, and nothing else.

Every record is a frozen, slotted attrs class whose fields are validated on construction,
so a record that exists is a record that is well formed. This module imports nothing of
treatytrack's own: every other layer builds on it.

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as _dt
import enum
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "AgreementRef",
    "DatePrecision",
    "Document",
    "Event",
    "Kind",
    "Modality",
    "Negation",
    "Party",
    "PartyKind",
    "Polarity",
    "Span",
    "Status",
]


class Kind(str, enum.Enum):
    """What an event is about: a formal instrument, talks towards one, or a commitment."""

    AGREEMENT = "agreement"
    NEGOTIATION = "negotiation"
    PLEDGE = "pledge"


class Status(str, enum.Enum):
    """Where an agreement (or pledge) stands; the 14 values of ``event.schema.json``."""

    PROPOSED = "proposed"
    UNDER_NEGOTIATION = "under_negotiation"
    NEGOTIATION_CONCLUDED = "negotiation_concluded"
    AGREED_IN_PRINCIPLE = "agreed_in_principle"
    INITIALLED = "initialled"
    SIGNED = "signed"
    RATIFIED = "ratified"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"
    EXPIRED = "expired"
    COLLAPSED = "collapsed"
    PLEDGED = "pledged"


class Modality(str, enum.Enum):
    """Whether the text says it happened (asserted) or only expects, plans or supposes it."""

    ASSERTED = "asserted"
    EXPECTED = "expected"
    INTENDED = "intended"
    HYPOTHETICAL = "hypothetical"


class Polarity(str, enum.Enum):
    """Negative when the text denies the event ("declined to sign", "has not ratified")."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class Negation(str, enum.Enum):
    """Why a negative event is negative: a refusal ("declined to sign") or a step not yet
    taken ("has not yet ratified"), which treaty practice reads very differently."""

    REFUSED = "refused"
    PENDING = "pending"


class DatePrecision(str, enum.Enum):
    """How much of an event's date the text fixes."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class PartyKind(str, enum.Enum):
    """What sort of side a party is."""

    STATE = "state"
    ORGANISATION = "organisation"
    NON_STATE = "non_state"
    COLLECTIVE = "collective"


@attrs.frozen(slots=True, repr=False)
class _InEnum:
    """Validator: the value is a member of an enum (or its value, converted first)."""

    enum_type: type[enum.Enum]

    def __call__(self, inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, self.enum_type):
            allowed = [m.value for m in self.enum_type]
            raise ValueError(f"'{attr.name}' must be in {allowed!r} (got {value!r})")

    def __repr__(self) -> str:
        return f"<in_enum validator for {self.enum_type.__name__}>"


def _coerce(enum_type: type[enum.Enum], value: Any) -> Any:
    """A member from its value; anything else is left for the validator to reject."""
    if value is None or isinstance(value, enum_type):
        return value
    try:
        return enum_type(value)
    except ValueError:
        return value


# Named converters (mypy's attrs plugin only understands named functions here).
def _kind(value: Any) -> Any:
    return _coerce(Kind, value)


def _status(value: Any) -> Any:
    return _coerce(Status, value)


def _modality(value: Any) -> Any:
    return _coerce(Modality, value)


def _polarity(value: Any) -> Any:
    return _coerce(Polarity, value)


def _negation(value: Any) -> Any:
    return _coerce(Negation, value)


def _precision(value: Any) -> Any:
    return _coerce(DatePrecision, value)


def _party_kind(value: Any) -> Any:
    return _coerce(PartyKind, value)


def _opt_in(enum_type: type[enum.Enum]) -> Any:
    return attrs.validators.optional(_InEnum(enum_type))


def _str_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"expected a sequence of strings, not a single string ({value!r})")
    return tuple(value)


def _sorted_unique(value: Any) -> tuple[str, ...]:
    return tuple(sorted(set(_str_tuple(value))))


def _nonempty(inst: object, attr: attrs.Attribute[Any], value: str) -> None:
    if not value:
        raise ValueError(f"'{attr.name}' must be a non-empty string (got {value!r})")


_str = attrs.validators.instance_of(str)
_opt_str = attrs.validators.optional(_str)
_str_items = attrs.validators.deep_iterable(_str, attrs.validators.instance_of(tuple))


@attrs.frozen(slots=True)
class Span:
    """A stretch of a document: its text and its ``[start, end)`` character offsets."""

    text: str = attrs.field(validator=_str)
    start: int = attrs.field(validator=[attrs.validators.instance_of(int), attrs.validators.ge(0)])
    end: int = attrs.field(validator=attrs.validators.instance_of(int))

    @end.validator
    def _end_after_start(self, attr: attrs.Attribute[int], value: int) -> None:
        if value < self.start:
            raise ValueError(f"'end' must be >= start ({self.start}) (got {value!r})")

    def slice_of(self, text: str) -> str:
        """The document text this span points at (equal to ``self.text`` when offsets hold)."""
        return text[self.start : self.end]


@attrs.frozen(slots=True)
class Party:
    """One side as the text names it, with its canonical code.

    ``code`` is an ISO 3166-1 alpha-3 code for a state, a short canonical name for an
    organisation (``EU``, ``NATO``), the name as written for a non-state party, and empty
    for a collective reference ("the two sides") until the document resolves it.
    """

    code: str = attrs.field(validator=_str)
    kind: PartyKind = attrs.field(converter=_party_kind, validator=_InEnum(PartyKind))
    text: str = attrs.field(default="", validator=_str)
    size: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(int))
    )

    @code.validator
    def _code_unless_collective(self, attr: attrs.Attribute[str], value: str) -> None:
        if not value and _party_kind(self.kind) is not PartyKind.COLLECTIVE:
            raise ValueError(f"'code' must be non-empty for a {self.kind!s} party (got {value!r})")


@attrs.frozen(slots=True)
class AgreementRef:
    """The agreement an event speaks of, as the document names it."""

    name: str = attrs.field(validator=[_str, _nonempty])
    type: str | None = attrs.field(default=None, validator=_opt_str)
    topic: str | None = attrs.field(default=None, validator=_opt_str)
    aliases: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_unique, validator=_str_items
    )


def _optional_date(value: Any) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return _dt.date.fromisoformat(value)
    raise TypeError(f"'date' must be a date, an ISO string or None (got {value!r})")


@attrs.frozen(slots=True)
class Event:
    """One agreement, negotiation or pledge event read from one sentence of one document.

    Serialises (see :mod:`treatytrack.serialize`) to exactly one object of
    ``event.schema.json``; the fields beyond the schema's (``actor``, ``topic``,
    ``reference``, ``negation``, ``date_precision``, ``id``) are extra properties it allows.
    """

    doc_id: str = attrs.field(validator=_str)
    kind: Kind = attrs.field(converter=_kind, validator=_InEnum(Kind))
    status: Status = attrs.field(converter=_status, validator=_InEnum(Status))
    trigger: Span = attrs.field(validator=attrs.validators.instance_of(Span))
    evidence: Span = attrs.field(validator=attrs.validators.instance_of(Span))
    rule: str = attrs.field(validator=[_str, _nonempty])
    modality: Modality = attrs.field(
        default=Modality.ASSERTED, converter=_modality, validator=_InEnum(Modality)
    )
    polarity: Polarity = attrs.field(
        default=Polarity.POSITIVE, converter=_polarity, validator=_InEnum(Polarity)
    )
    agreement: AgreementRef | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(AgreementRef)),
    )
    parties: tuple[str, ...] = attrs.field(
        default=(), converter=_sorted_unique, validator=_str_items
    )
    date: _dt.date | None = attrs.field(
        default=None,
        converter=_optional_date,
        validator=attrs.validators.optional(attrs.validators.instance_of(_dt.date)),
    )
    date_text: str | None = attrs.field(default=None, validator=_opt_str)
    date_precision: DatePrecision | None = attrs.field(
        default=None, converter=_precision, validator=_opt_in(DatePrecision)
    )
    place: str | None = attrs.field(default=None, validator=_opt_str)
    speaker: str | None = attrs.field(default=None, validator=_opt_str)
    actor: str | None = attrs.field(default=None, validator=_opt_str)
    topic: str | None = attrs.field(default=None, validator=_opt_str)
    negation: Negation | None = attrs.field(
        default=None, converter=_negation, validator=_opt_in(Negation)
    )
    reference: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    @trigger.validator
    def _trigger_inside_evidence(self, attr: attrs.Attribute[Span], value: Span) -> None:
        ev = self.evidence
        if isinstance(ev, Span) and not (ev.start <= value.start and value.end <= ev.end):
            raise ValueError(
                f"'trigger' must lie inside the evidence [{ev.start}, {ev.end}) "
                f"(got [{value.start}, {value.end}))"
            )

    @property
    def id(self) -> str:
        """A deterministic id: the same document, rule and trigger always give the same id."""
        key = f"{self.doc_id}\x1f{self.rule}\x1f{self.trigger.start}\x1f{self.trigger.end}"
        return "ev-" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()

    @property
    def is_fact(self) -> bool:
        """True when the text asserts the event positively: only such events move a status."""
        return (
            self.modality is Modality.ASSERTED
            and self.polarity is Polarity.POSITIVE
            and not self.reference
        )


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(value)


def _metadata(value: Any) -> Mapping[str, Any]:
    return dict(value or {})


@attrs.frozen(slots=True)
class Document:
    """A text with its id, publication date, and the events read from it."""

    id: str = attrs.field(validator=_str)
    text: str = attrs.field(validator=_str)
    published: _dt.date | None = attrs.field(
        default=None,
        converter=_optional_date,
        validator=attrs.validators.optional(attrs.validators.instance_of(_dt.date)),
    )
    events: tuple[Event, ...] = attrs.field(
        default=(),
        converter=_events,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Event)),
    )
    metadata: Mapping[str, Any] = attrs.field(factory=dict, converter=_metadata, eq=False)
