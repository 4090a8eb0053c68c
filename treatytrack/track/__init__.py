"""The tracker: events from many documents merged into one record per real agreement,
with its status history, stored in SQLite.

.. versionadded:: 0.1
"""

from .lifecycle import PARTY_LEVEL, TRANSITIONS, allowed, classify
from .records import (
    Agreement,
    CandidateLink,
    Effect,
    Evidence,
    Flag,
    IngestOutcome,
    IngestResult,
    LinkReason,
    PartyStatus,
    StatusChange,
    TimelineEntry,
    agreement_from_json,
    agreement_to_json,
)
from .store import SCHEMA_VERSION
from .tracker import Tracker

__all__ = [
    "PARTY_LEVEL",
    "SCHEMA_VERSION",
    "TRANSITIONS",
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
    "Tracker",
    "agreement_from_json",
    "agreement_to_json",
    "allowed",
    "classify",
]
