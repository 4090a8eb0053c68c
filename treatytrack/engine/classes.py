"""The built-in classes that need the resolvers: ``PARTY``, ``PARTIES``, ``DATE``, ``PLACE``.

Importing this module registers them in :data:`treatytrack.rules.CLASSES`.
"""

from __future__ import annotations

from typing import Final

from ..records import Party, PartyKind
from ..resolve.dates import match_date
from ..resolve.parties import default_gazetteer
from ..resolve.places import country_names, match_place
from ..rules.classes import (
    CLASSES,
    PHRASE_MAX,
    next_token,
    phrase_ends,
    phrase_until,
    register_class,
)

__all__ = ["match_org", "match_parties", "match_party", "not_a_party", "party_at"]

_JOINERS: Final = frozenset({",", "and", "&"})
MAX_PARTIES: Final = 8


@register_class(
    "PARTY",
    max_tokens=8,
    description=(
        "one side: a state, organisation, capital acting for its state, official with a "
        "demonym ('French Foreign Minister Laurent Fabius'), armed group, or a collective "
        "reference ('the two sides', 'they') resolved from the document"
    ),
    examples=(
        "Japan",
        "France",
        "the European Union",
        "Indian Prime Minister Narendra Modi",
        "Washington",
        "the two sides",
    ),
)
def match_party(s: str, loc: int) -> int | None:
    found = party_at(s, loc)
    return found[0] if found else None


# The token string last read and the party found at each position of it: every rule (and
# PARTIES, and the start filter) asks about the same few positions of a sentence. A pair,
# replaced whole, so that a thread never reads another sentence's answers.
_PARTY_MEMO: Final[list[tuple[str, dict[int, tuple[int, Party] | None]]]] = [("", {})]


def party_at(s: str, loc: int) -> tuple[int, Party] | None:
    """The party mention at ``loc``: a gazetteer entry, or the pronoun "it" standing for one
    party named before it ("Israel said it had suspended the protocol")."""
    state = _PARTY_MEMO[0]
    if state[0] is not s:
        state = _PARTY_MEMO[0] = (s, {})
    known = state[1]
    if loc not in known:
        known[loc] = _party_at(s, loc)
    return known[loc]


def _party_at(s: str, loc: int) -> tuple[int, Party] | None:
    gazetteer = default_gazetteer()
    space = s.find(" ", loc)
    written = s[loc:space] if space > loc else ""
    # most words begin no name: no lookup
    if not (written.isascii() and written.lower() not in gazetteer.first_keys):
        found = gazetteer.match(s, loc)
        if found is not None:
            return None if not_a_party(s, loc, found[0]) else found
    if written in ("it", "It"):
        return space + 1, Party("", PartyKind.COLLECTIVE, written, 1)
    return None


# Nouns that a place name modifies without standing for a government ("the Paris stock
# exchange", "UK airport operator BAA", "under US law").
_MODIFIED_NOUNS: Final = frozenset(
    """
    stock stocks exchange exchanges bourse market markets shares index court courts law laws
    airport airports bank banks firm firms company companies operator operators group groups
    club clubs team teams police office mayor city council university hospital port station
    stadium newspaper daily paper bureau correspondent branch subsidiary unit plant factory
    carmaker airline airlines consortium retailer brewer insurer lender investor investors
    residents suburbs district marathon olympics games film festival zoo museum metro
    force forces mission missions troops peacekeepers peacekeeping summit summits chain chains
    brand brands economy lawn lawns grounds garden gardens residence peace talks
    negotiations mediators mediation envoy envoys oil gas giant giants maker makers carrier
    carriers producer producers conglomerate media software telecoms telecom drugs drug car
    cars steel energy mining insurance insurer insurers utility utilities shipping tech
    technology chipmaker automaker supermarket supermarkets fund funds broker brokers
    """.split()
)


def not_a_party(s: str, loc: int, end: int) -> bool:
    """A gazetteer name that is no party here: a modifier or part of a longer name."""
    return _premodifier(s, loc, end) or _inside_name(s, loc)


def _inside_name(s: str, loc: int) -> bool:
    """A state named inside a longer proper name ("Petroles de Venezuela") is no party."""
    # the three tokens before ``loc`` (which ends a token and its space): split from the
    # right only, as a sentence can be long and this is asked at every name in it
    before = s[:loc].rsplit(" ", 4)[-4:-1]
    return (
        len(before) >= 2
        and before[-1] in ("de", "del", "du", "di", "da", "des")
        and (before[-2][:1].isupper())
    )


def _premodifier(s: str, loc: int, end: int) -> bool:
    """A state or city name used as a noun modifier ("the Paris stock exchange", "UK
    airport operator BAA") names no party."""
    word, _ = next_token(s, end)
    if word not in _MODIFIED_NOUNS:
        return False
    head = [w for w in s[loc:end].split() if w.lower() != "the"] or [""]
    named = head[0]
    # Only bare names: "the French government" or "Japan 's parliament" end on their head.
    return len(head) <= 3 and head[-1][:1].isupper() and named[:1].isupper()


@register_class(
    "PARTIES",
    max_tokens=8 * MAX_PARTIES,
    description="one or more PARTY joined by commas, 'and', 'as well as'",
    examples=(
        "Japan and France",
        "India, Brazil and South Africa",
        "the two sides",
        "Russia and Ukraine",
    ),
)
def match_parties(s: str, loc: int) -> int | None:
    word, after = next_token(s, loc)
    if word.lower() == "both" and match_party(s, after) is not None:  # "both Japan and France"
        loc = after
    end = match_party(s, loc)
    if end is None:
        return None
    count = 1
    closed = False  # after "and", a list is complete: "A, B and C", never "A and B, C"
    while count < MAX_PARTIES and not closed:
        word, after = next_token(s, end)
        low = word.lower()
        if low not in _JOINERS and low != "as":
            break
        closed = low != ","
        if low == ",":  # ", and" / ", as well as"
            nxt, after2 = next_token(s, after)
            if nxt.lower() in ("and", "&"):
                after = after2
                closed = True
        if low == "as":
            well, a2 = next_token(s, after)
            as2, a3 = next_token(s, a2)
            if well.lower() != "well" or as2.lower() != "as":
                break
            after = a3
        more = match_party(s, after)
        if more is None:
            break
        end = more
        count += 1
    return end


@register_class(
    "DATE",
    max_tokens=8,
    description="a date expression: 'Friday', 'March 13, 2015', 'in January 2014', 'last month'",
    examples=("Friday", "March 13", "last month", "January 2014", "13 March 2015"),
)
def _date(s: str, loc: int) -> int | None:
    return match_date(s, loc)


@register_class(
    "PLACE",
    max_tokens=5,
    description="a known city, capital, region or country name (a venue)",
    examples=("Tokyo", "Geneva", "Paris", "New York"),
)
def _place(s: str, loc: int) -> int | None:
    found = match_place(s, loc)
    return found[0] if found else None


@register_class(
    "ORG",
    max_tokens=8,
    description="an organisation or bloc as a party: the WTO, NATO, ECOWAS, the European Union",
    examples=("NATO", "the European Union", "ASEAN", "the World Trade Organization"),
)
def match_org(s: str, loc: int) -> int | None:
    found = party_at(s, loc)
    if found is None or found[1].kind is not PartyKind.ORGANISATION:
        return None
    return found[0]


def _is_city_venue(s: str, loc: int) -> bool:
    """Whether a venue preposition at ``loc`` opens a city name ("in Tokyo", "at Geneva"):
    a phrase stops there. Countries and regions stay ("stability in Ukraine")."""
    word, after = next_token(s, loc)
    if word.lower() not in ("in", "at"):
        return False
    found = match_place(s, after)
    return found is not None and found[1] not in country_names()


def _phrase_unless_venue(s: str, loc: int) -> int | None:
    return phrase_until(s, loc, _is_city_venue)


def _phrase_ends_unless_venue(s: str, loc: int) -> list[int]:
    return phrase_ends(s, loc, _is_city_venue)


CLASSES.register(
    "PHRASE",
    _phrase_unless_venue,
    max_tokens=PHRASE_MAX,
    description=(
        "a short noun phrase (1-10 tokens): stops before punctuation, a clause or date word, "
        "a verb of saying, or 'in'/'at' before a city; gives words back when the rest of "
        "the pattern needs them"
    ),
    examples=("defense equipment transfers", "trade", "climate change", "nuclear cooperation"),
    ends=_phrase_ends_unless_venue,
)
