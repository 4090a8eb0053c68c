"""Collective references ("the two sides", "both countries", "the four ministers",
"they") and their resolution against the parties a document has named so far."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from treatytrack.records import Party, PartyKind
from treatytrack.resolve._party_data import (
    AUXILIARIES,
    NUMBER_WORDS,
    PEOPLE_NOUNS,
    STATE_NOUNS,
)
from treatytrack.resolve._tokens import fold, next_token

STARTERS = frozenset({"the", "both", "all", "they", "these", "those"})
_NOUNS: Final = STATE_NOUNS | PEOPLE_NOUNS


def _number(tok: str) -> int | None:
    low = tok.lower()
    if low in NUMBER_WORDS and low != "both":
        return NUMBER_WORDS[low]
    if tok.isdigit() and 2 <= int(tok) <= 999:
        return int(tok)
    return None


def _stands_alone(tok: str) -> bool:
    """Whether a noun phrase may end before ``tok`` ("both signed", "the two , ...")."""
    low = tok.lower()
    if low in AUXILIARIES or low in ("of", "and", "'", "'s"):
        return True
    if not tok[0].isalnum():
        return True
    return tok.islower() and low.endswith("ed") and len(low) > 4


def match_collective(s: str, loc: int, key: str) -> tuple[int, int | None] | None:
    """A collective reference at ``loc`` whose first token folds to ``key`` (one of
    :data:`STARTERS`): ``(end, size)``, size None when no number is given."""
    first = next_token(s, loc)
    if first is None:
        return None
    tok, pos = first
    if key == "they":
        return (pos, None) if tok in ("they", "They", "THEY") else None
    size: int | None = 2 if key == "both" else None
    nxt = next_token(s, pos)
    if nxt is None:
        return None
    if key == "all" and fold(nxt[0]) == "the":
        pos = nxt[1]
        nxt = next_token(s, pos)
    if nxt is not None and key != "both":
        number = _number(nxt[0])
        if number is not None:
            size, pos = number, nxt[1]
            nxt = next_token(s, pos)
    if nxt is None:
        return None
    # Up to two modifiers before the noun: "the two neighbouring countries", "the four
    # defence chiefs", "the three Baltic states".
    probe: tuple[str, int] | None = nxt
    for _ in range(3):
        if probe is None:
            break
        word, after = probe
        low = fold(word)
        if low in _NOUNS and (word.islower() or word.isupper() or low == "koreas"):
            return after, size
        if not word.isalpha() or low in AUXILIARIES or (word.islower() and low.endswith("ed")):
            break
        if not word.islower() and size is None:
            break  # "the Japanese government officials" names a state, not a collective
        probe = next_token(s, after)
    if size is not None and key != "all" and _stands_alone(nxt[0]):
        return pos, size  # "the two", "the four", "both"
    return None


def collective_counts(party: Party) -> str | None:
    """What a collective reference counts: ``"states"`` ("the two countries", "both sides"),
    ``"people"`` ("the four ministers": not the number of states), or None ("they",
    "the two")."""
    words = party.text.lower().split()
    noun = words[-1] if words else ""
    if noun in STATE_NOUNS:
        return "states"
    if noun in PEOPLE_NOUNS:
        return "people"
    return None


def resolve_collective(party: Party, context: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """The party codes a collective reference stands for, given the party-code sets named
    earlier in the document (most recent last).

    A counted reference to states ("both countries") takes the most recent set of exactly
    that size, else the most recent set; people ("the four ministers") and uncounted
    references ("they", "the parties") take the most recent set of two or more; a bare
    number ("the two") takes an exact-size set if there is one, else two or more.
    """
    if party.kind is not PartyKind.COLLECTIVE:
        return (party.code,) if party.code else ()
    sets = [tuple(dict.fromkeys(c)) for c in context if c]
    counts = collective_counts(party)
    if party.size is not None and counts != "people":
        for codes in reversed(sets):
            if len(codes) == party.size:
                return codes
        if counts == "states" and sets:
            return sets[-1]
    for codes in reversed(sets):
        if len(codes) >= 2:
            return codes
    return ()


def collective_party(s: str, loc: int, end: int, size: int | None) -> Party:
    """The Party of a collective reference spanning ``s[loc:end]``."""
    return Party(code="", kind=PartyKind.COLLECTIVE, text=s[loc:end].strip(), size=size)
