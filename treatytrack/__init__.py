"""treatytrack: read news text and track international agreements through their life.

The few things most users call::

    import treatytrack

    events = treatytrack.extract(text, published="2015-03-13")
    rules = treatytrack.load_rules("my_pack.yaml")
    for event in treatytrack.extract_many(corpus, rules=rules):
        ...

Everything else is importable from its module (``treatytrack.rules``,
``treatytrack.resolve``, ``treatytrack.serialize`` ...) but not advertised here.
"""

# first: TREATYTRACK_PURE_PYTHON=1 switches the compiled modules to their sources
from . import _compiled  # noqa: F401
from .engine import Engine, extract, extract_many, load_rules
from .errors import InputError, RulePackError, StoreError, TreatytrackError
from .explain import CaptureText, Explanation, explain
from .records import (
    AgreementRef,
    DatePrecision,
    Document,
    Event,
    Kind,
    Modality,
    Negation,
    Party,
    PartyKind,
    Polarity,
    Span,
    Status,
)
from .rules import register_class
from .serialize import event_from_json, event_to_json
from .track import Agreement, CandidateLink, PartyStatus, StatusChange, Tracker

__version__ = "0.1.0"

__all__ = [
    "Agreement",
    "AgreementRef",
    "CandidateLink",
    "CaptureText",
    "DatePrecision",
    "Document",
    "Engine",
    "Event",
    "Explanation",
    "InputError",
    "Kind",
    "Modality",
    "Negation",
    "Party",
    "PartyKind",
    "PartyStatus",
    "Polarity",
    "RulePackError",
    "Span",
    "Status",
    "StatusChange",
    "StoreError",
    "Tracker",
    "TreatytrackError",
    "event_from_json",
    "event_to_json",
    "explain",
    "extract",
    "extract_many",
    "load_rules",
    "register_class",
]
