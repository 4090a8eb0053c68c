"""The matching machinery behind :class:`treatytrack.resolve.parties.Gazetteer`: an index
of names keyed by folded first token, and the rules that decide what a name at a token
position stands for (titles and names after it, venues and longer names around it)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Final, NamedTuple

from treatytrack.records import Party, PartyKind
from treatytrack.resolve import _party_data as _data
from treatytrack.resolve._collective import STARTERS, collective_party, match_collective
from treatytrack.resolve._tokens import (
    all_caps,
    case_ok,
    fold,
    is_capitalised,
    next_token,
    prev_token,
    split_forms,
)

# What an index entry is; decides which rules apply after it matches.
NAME, DEMONYM, PEOPLE, PLACE, ORG, GROUP, NOT = range(7)
_PLACE_LIKE: Final = (NAME, PLACE)
_NAME_PARTICLES: Final = frozenset(
    "de da van von bin ibn al el la le du der dos di ben abu".split()
)
# Capitalised words that may stand before a name without making it part of another name.
_OPEN_WORDS: Final = frozenset(
    "and or but with between as by for both while when after before than versus vs".split()
)
_COMMUNITY_HEADS: Final = frozenset(w for w in _data.COMMUNITIES if w.endswith("s"))
TITLE_HEADS: Final = _data.HEADS | {"general"}
# State names that are also given names: followed by a capitalised word, they are a person.
_GIVEN_NAMES: Final = frozenset(
    (name,) for name in "chad jordan georgia israel india kenya".split()
)


class Entry(NamedTuple):
    keys: tuple[str, ...]  # folded tokens
    forms: tuple[str, ...]  # tokens as written in the name, for the case test
    code: str
    kind: PartyKind
    role: int


class Hit(NamedTuple):
    end: int
    party: Party | None  # None: a name that is not a party ("Latin America")
    venue: bool = False


@functools.lru_cache(maxsize=8192)
def make_party(code: str, kind: PartyKind, text: str) -> Party:
    """Parties are immutable: the same mention gives the same (cached) object."""
    return Party(code=code, kind=kind, text=text)


class Matcher:
    """The index and the matching rules; :class:`~treatytrack.resolve.parties.Gazetteer`
    adds the public API."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        seen: set[tuple[str, ...]] = set()
        index: dict[str, list[Entry]] = {}
        for entry in entries:
            if entry.keys in seen:
                continue
            seen.add(entry.keys)
            index.setdefault(entry.keys[0], []).append(entry)
        self._index = {k: tuple(sorted(v, key=lambda e: -len(e.keys))) for k, v in index.items()}
        #: The folded first tokens a mention can begin with: a word outside them (written in
        #: ASCII, so that lower case is its fold) begins none, and costs no lookup.
        self.first_keys: frozenset[str] = (
            frozenset(self._index) | STARTERS | _data.DETERMINERS | TITLE_HEADS | _data.MODIFIERS
        )
        self._demonym_code: dict[str, str] = {}
        self._canonical_demonym: dict[str, str] = {}
        for code, forms in _data.DEMONYMS.items():
            for form in split_forms(forms):
                self._demonym_code.setdefault(form, code)
            self._canonical_demonym[code] = split_forms(forms)[0]

    # -- matching -------------------------------------------------------------------------

    def _scan(self, s: str, lenient: bool) -> list[tuple[int, Hit]]:
        out: list[tuple[int, Hit]] = []
        pos, n = 0, len(s)
        while pos < n:
            hit = self._match(s, pos, lenient)
            if hit is not None:
                out.append((pos, hit))
                pos = hit.end
                continue
            nxt = s.find(" ", pos)
            if nxt < 0:
                break
            pos = nxt + 1
        return out

    def _match(self, s: str, loc: int, lenient: bool) -> Hit | None:
        first = next_token(s, loc)
        if first is None:
            return None
        tok, after = first
        key = fold(tok)
        entries = self._index.get(key)
        if entries is None and key not in STARTERS and key not in _data.DETERMINERS:
            if key in TITLE_HEADS or key in _data.MODIFIERS:
                return self._office_of(s, loc, loc)
            return None
        upper = all_caps(s)
        if key in STARTERS:
            found = match_collective(s, loc, key)
            if found is not None:
                return Hit(found[0], collective_party(s, loc, found[0], found[1]))
        if key in _data.DETERMINERS:
            nxt = next_token(s, after)
            if nxt is None:
                return None
            key2 = fold(nxt[0])
            if key2 in TITLE_HEADS or key2 in _data.MODIFIERS:
                found_office = self._office_of(s, loc, after)
                if found_office is not None:
                    return found_office
            return self._core(s, loc, after, key2, upper, lenient, det=key)
        if entries is None:
            return None
        return self._core(s, loc, loc, key, upper, lenient, det=None)

    def _longest(
        self, s: str, pos: int, entries: tuple[Entry, ...], upper: bool
    ) -> tuple[Entry, int] | None:
        """The longest of ``entries`` (longest first; all share the first key) written at
        ``pos``, and its end."""
        toks: list[str] = []
        keys: list[str] = []
        ends: list[int] = []
        at = pos
        for entry in entries:
            n = len(entry.keys)
            while len(keys) < n:
                nxt = next_token(s, at)
                if nxt is None:
                    break
                toks.append(nxt[0])
                keys.append(fold(nxt[0]))
                ends.append(at := nxt[1])
            if len(keys) < n or (n > 1 and tuple(keys[:n]) != entry.keys):
                continue
            forms = entry.forms
            if all(case_ok(toks[i], forms[i], upper) for i in range(n)):
                return entry, ends[n - 1]
        return None

    def _core(
        self, s: str, start: int, pos: int, key: str, upper: bool, lenient: bool, det: str | None
    ) -> Hit | None:
        """A name-based mention at ``pos`` (after an optional determiner at ``start``)."""
        entries = self._index.get(key)
        if entries is None:
            return None
        found = self._longest(s, pos, entries, upper)
        if found is None:
            return None
        entry, end = found
        if entry.role == NOT:
            return Hit(end, None)
        if det is None and entry.role not in (ORG, GROUP) and self._inside_name(s, pos, upper):
            return None
        ext = self._extend(s, end, upper)
        role = entry.role
        if ext is None:
            if det not in (None, "the") and role not in (DEMONYM, PEOPLE):
                return None
            if role == DEMONYM and not (lenient or self._demonym_alone(s, end, det)):
                return None
            if not lenient and self._names_something_else(s, end, entry, upper):
                return None
        else:
            end, head = ext
            rebel = _data.REBEL_HEADS.get(head)
            if rebel is not None and entry.kind is PartyKind.STATE:
                return Hit(end, self._rebels(entry.code, rebel, s[start:end].strip()))
        venue = role in _PLACE_LIKE and ext is None and self._is_venue(s, start, role)
        party = make_party(entry.code, entry.kind, s[start:end].strip())
        return Hit(end, party, venue)

    def _rebels(self, code: str, word: str, text: str) -> Party:
        name = self._canonical_demonym.get(code, code)
        return make_party(f"{name} {word}", PartyKind.NON_STATE, text)

    def _extend(self, s: str, pos: int, upper: bool) -> tuple[int, str] | None:
        """Titles, institutions and a person's name after a party name: "'s new President
        Elias Hrawi", "Foreign Minister Laurent Fabius", "government" -> (end, head)."""
        i, best, head, person, complement = pos, -1, "", False, False
        first = next_token(s, i)
        if first is not None and first[0] == "'s":
            i = first[1]
        for _ in range(8):
            nxt = next_token(s, i)
            if nxt is None:
                break
            tok, after = nxt
            k = fold(tok)
            if (
                k in TITLE_HEADS
                or k in _data.REBEL_HEADS
                or (k in _COMMUNITY_HEADS and is_capitalised(tok))
            ):
                best, head, i = after, k, after
                person = person or k in _data.PERSON_HEADS
                continue
            if k in _data.MODIFIERS or (k in _data.COMMUNITIES and is_capitalised(tok)):
                i = after
                if complement:
                    best = after
                continue
            if k in ("of", "for") and i == best and head in _data.OF_HEADS:
                follow = next_token(s, after)
                if follow is not None and (
                    fold(follow[0]) in TITLE_HEADS or fold(follow[0]) in _data.MODIFIERS
                ):
                    i, complement = after, True
                    continue
            break
        if best < 0:
            return None
        if person:
            best = self._person_name(s, best, upper)
        return best, head

    def _person_name(self, s: str, pos: int, upper: bool) -> int:
        """End of a person's name written at ``pos`` (``pos`` itself if there is none). A
        title word may be a surname once the name has begun ("Defence Secretary Tom King")."""
        end, i = pos, pos
        for _ in range(5):
            nxt = next_token(s, i)
            if nxt is None:
                break
            tok, after = nxt
            k = fold(tok)
            if k in _NAME_PARTICLES and not upper:
                i = after
                continue
            if (
                not is_capitalised(tok)
                or not tok[0].isalpha()
                or k in _data.WEEKDAYS_MONTHS
                or k in self._index
                or k in _OPEN_WORDS
                or (k in TITLE_HEADS and end == pos)
            ):
                break
            end = i = after
        return end

    def _office_of(self, s: str, start: int, pos: int) -> Hit | None:
        """ "the president of Armenia", "Minister of Foreign Affairs of Japan": titles
        (with their own "of" complements), "of", then a state, place, body or group."""
        i, titled = pos, False
        for _ in range(8):
            nxt = next_token(s, i)
            if nxt is None:
                return None
            k = fold(nxt[0])
            if k == "of" and titled:
                follow = next_token(s, nxt[1])
                if follow is None:
                    return None
                fk = fold(follow[0])
                if fk not in TITLE_HEADS and fk not in _data.MODIFIERS:
                    break
            elif k in TITLE_HEADS:
                titled = True
            elif k not in _data.MODIFIERS:
                return None
            i = nxt[1]
        nxt = next_token(s, i)
        if not titled or nxt is None or nxt[0] != "of":
            return None
        i = nxt[1]
        nxt = next_token(s, i)
        if nxt is not None and fold(nxt[0]) == "the":
            i = nxt[1]
            nxt = next_token(s, i)
        if nxt is None:
            return None
        entries = self._index.get(fold(nxt[0]))
        found = self._longest(s, i, entries, all_caps(s)) if entries else None
        if found is None or found[0].role not in (NAME, PLACE, ORG, GROUP):
            return None
        entry, end = found
        return Hit(end, make_party(entry.code, entry.kind, s[start:end].strip()))

    # -- context tests --------------------------------------------------------------------

    def _inside_name(self, s: str, pos: int, upper: bool) -> bool:
        """Whether the capitalised word before ``pos`` makes this the tail of another
        name ("Michael Jordan", "George Washington", "New Mexico")."""
        if upper:
            return False
        prev = prev_token(s, pos)
        if prev is None or prev[1] == 0:
            return False
        tok = prev[0]
        if not is_capitalised(tok) or not tok[0].isalpha():
            return False
        k = fold(tok)
        return not (
            k in _OPEN_WORDS
            or k in _data.WEEKDAYS_MONTHS
            or k in _data.DETERMINERS
            or k in TITLE_HEADS
            or k in _data.MODIFIERS
            or k in self._index
        )

    def _is_venue(self, s: str, start: int, role: int) -> bool:
        """Whether a place at ``start`` follows a venue preposition ("in", "at the",
        "in the northern city of"). Not a venue: the origin of people ("negotiators from
        Canada"), the seat of an authority ("lawmakers in Seoul"), or a state that receives
        something ("aid to Ukraine", but "a visit to Japan" is a venue)."""
        prev = prev_token(s, start)
        for _ in range(5):
            if prev is None:
                return False
            tok, at = prev
            k = fold(tok)
            if k in _data.VENUE_PREPS:
                return self._prep_is_venue(s, at, k, role)
            if k == "'s":
                prev = prev_token(s, at)
                if prev is None:
                    return False
                prev = prev_token(s, prev[1])
                continue
            if k in _data.VENUE_FILLERS or k == "of" or tok in self._demonym_code:
                prev = prev_token(s, at)
                continue
            return False
        return False

    def _prep_is_venue(self, s: str, at: int, prep: str, role: int) -> bool:
        before = prev_token(s, at)
        word = fold(before[0]) if before else ""
        if prep == "from":
            return not (word in TITLE_HEADS or word in _data.PEOPLE_NOUNS)
        if prep in ("in", "at"):
            return not (role == PLACE and word in _data.SEATED_HEADS)
        if prep in ("to", "into", "via") and role == NAME:
            for _ in range(3):
                if before is None or fold(before[0]) in _data.MOTION_WORDS:
                    return before is not None
                before = prev_token(s, before[1])
            return False
        return True

    def _demonym_alone(self, s: str, end: int, det: str | None) -> bool:
        """A demonym with no head counts when coordinated towards a head ("Hungarian and
        Romanian officials") or used as a noun ("the French agreed")."""
        nxt = next_token(s, end)
        if nxt is None:
            return det == "the"
        tok, after = nxt
        k = fold(tok)
        if k in ("and", "or", ","):
            return self._coordinated_head(s, after)
        if det == "the":
            return (
                k in _data.AUXILIARIES
                or not tok[0].isalnum()
                or (tok.islower() and k.endswith("ed"))
            )
        return False

    def _coordinated_head(self, s: str, pos: int) -> bool:
        upper = all_caps(s)
        for _ in range(4):
            nxt = next_token(s, pos)
            if nxt is None:
                return False
            entries = self._index.get(fold(nxt[0]))
            found = self._longest(s, pos, entries, upper) if entries else None
            if found is None or found[0].role != DEMONYM:
                return False
            if self._extend(s, found[1], upper) is not None:
                return True
            joiner = next_token(s, found[1])
            if joiner is None or fold(joiner[0]) not in ("and", "or", ","):
                return False
            pos = joiner[1]
        return False

    def _names_something_else(self, s: str, end: int, entry: Entry, upper: bool) -> bool:
        """A place or state name followed by a word that makes it part of another name
        ("Washington Post", "China Daily", "the Minsk agreements", "Paris Agreement",
        "Paris Hilton", "Chad Smith")."""
        if entry.role not in _PLACE_LIKE:
            return False
        nxt = next_token(s, end)
        if nxt is None:
            return False
        tok, after = nxt
        k = fold(tok)
        if not upper and is_capitalised(tok) and tok[0].isalpha():
            if k in _data.NAME_SUFFIXES:
                return True
            if (entry.role == PLACE or entry.keys in _GIVEN_NAMES) and not (
                k in TITLE_HEADS
                or k in _data.WEEKDAYS_MONTHS
                or k in _OPEN_WORDS
                or k in _data.DETERMINERS
            ):
                entries = self._index.get(k)
                return not entries or self._longest(s, end, entries, upper) is None
        if entry.role == PLACE:
            if k in _data.INSTRUMENT_NOUNS:
                return True
            two = next_token(s, after)
            return (
                tok.isalpha()
                and tok.islower()
                and two is not None
                and fold(two[0]) in _data.INSTRUMENT_NOUNS
            )
        return False
