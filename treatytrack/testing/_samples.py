"""Private: the samples the sentence generator writes with, each checked against its class.

States come from pycountry, kept when the party gazetteer reads the whole name as that state;
dates, phrases and gap words are short lists, each kept only where its class reads it whole
(a gap word is also checked against each rule set's own words by the generator).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..engine import classes as _engine_classes
from ..records import PartyKind
from ..resolve.parties import default_gazetteer
from ..rules._yaml import YMap, YScalar, YSeq, load_located
from ..rules.classes import CLASSES, ClassRegistry
from ..rules.compile import literal_tokens
from ..text import token_string, tokenize

__all__ = [
    "FILLERS",
    "PHRASES",
    "date_texts",
    "parties_in",
    "state_names",
    "token_text",
    "whole",
    "written_entries",
]

# Words for gaps: adverbs that no rule of ours triggers on, no cue reads and no class takes
# for a name, a date or a place. Each rule set filters them again against its own words.
FILLERS = (
    "formally",
    "quietly",
    "swiftly",
    "jointly",
    "publicly",
    "officially",
    "eventually",
    "recently",
    "readily",
    "duly",
    "promptly",
    "briefly",
    "largely",
    "broadly",
    "finally",
)

PHRASES = (
    "trade",
    "climate change",
    "nuclear cooperation",
    "maritime security",
    "energy supplies",
    "fisheries",
    "defense equipment transfers",
    "border demarcation",
    "water sharing",
)

_DATES = (
    "Friday",
    "Monday",
    "March 13",
    "March 13, 2024",
    "13 March 2024",
    "January 2024",
    "last month",
    "last week",
    "on Tuesday",
    "in February",
)


def token_text(text: str) -> str:
    return token_string([t[0] for t in tokenize(text)])


def whole(registry: ClassRegistry, name: str, sample: str) -> bool:
    s = token_text(sample)
    return bool(s) and registry[name].match(s, 0) == len(s)


@cache
def state_names() -> tuple[tuple[str, str], ...]:
    """``(name, code)`` of states from pycountry that the party gazetteer reads whole as that
    state: short names first (so hypothesis shrinks towards them)."""
    import pycountry

    gazetteer = default_gazetteer()
    found: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            name = getattr(country, attr, None)
            if not name or "," in name or "(" in name:
                continue
            s = token_text(name)
            hit = gazetteer.match(s, 0)
            if hit is not None and hit[0] == len(s) and hit[1].kind is PartyKind.STATE:
                found.setdefault(name, hit[1].code)
                break
    return tuple(sorted(found.items(), key=lambda item: (item[0].count(" "), len(item[0]))))


@cache
def date_texts() -> tuple[str, ...]:
    """Date expressions that the ``DATE`` class reads whole."""
    return tuple(d for d in _DATES if whole(CLASSES, "DATE", d))


@cache
def written_entries(path: str) -> dict[str, dict[str, str]]:
    """Each lexicon entry of a pack file as written (``mou`` -> ``MoU``), by lexicon."""
    try:
        root = load_located(Path(path).read_text(encoding="utf-8"), path)
    except (OSError, ValueError):
        return {}
    table = root.get("lexicons") if isinstance(root, YMap) else None
    out: dict[str, dict[str, str]] = {}
    if not isinstance(table, YMap):
        return out
    for name, node in table.items.items():
        if isinstance(node, YSeq):
            forms = out.setdefault(name, {})
            for item in node.items:
                if isinstance(item, YScalar):
                    written = str(item.value)
                    forms.setdefault(literal_tokens(written), written)
    return out


def parties_in(text: str) -> list[str]:
    """The codes of the parties a capture's text names, as the engine reads them."""
    s = token_text(text)
    loc, out = 0, []
    while loc < len(s):
        hit = _engine_classes.party_at(s, loc)
        if hit is not None:
            if hit[1].kind is not PartyKind.COLLECTIVE:
                out.append(hit[1].code)
            loc = hit[0]
        else:
            space = s.find(" ", loc)
            loc = space + 1 if space >= 0 else len(s)
    return out
