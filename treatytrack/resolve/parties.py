"""Parties: states, organisations, armed groups and collective references in token strings.

A :class:`Gazetteer` finds party mentions at token positions of a token string (see
:mod:`treatytrack.text`): state names ("the United States", "Cote d'Ivoire"), demonyms with
titles and a name ("French Foreign Minister Laurent Fabius"), possessive institutions
("Japan 's parliament"), seats of government ("the Kremlin", "Washington"), organisations
("the U.N. Security Council"), non-state groups ("Hamas") and collective references ("the
two sides"). A place right after a venue preposition ("signed in Tokyo") is never a party.

Every lookup starts with one dictionary lookup on the folded first token, so :meth:`match`
may be called at every position of every sentence.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import NamedTuple

from treatytrack import text as _text
from treatytrack.records import Party, PartyKind
from treatytrack.resolve import _party_data as _data
from treatytrack.resolve import places as _places
from treatytrack.resolve._collective import (
    STARTERS,
    collective_counts,
    collective_party,
    match_collective,
    resolve_collective,
)
from treatytrack.resolve._tokens import (
    all_caps,
    case_ok,
    fold,
    form_tokens,
    is_capitalised,
    next_token,
    prev_token,
    split_forms,
)

__all__ = [
    "Gazetteer",
    "collective_counts",
    "default_gazetteer",
    "home_state",
    "resolve_collective",
]

# What an index entry is; decides which rules apply after it matches.
_NAME, _DEMONYM, _PEOPLE, _PLACE, _ORG, _GROUP, _NOT = range(7)
_PLACE_LIKE = (_NAME, _PLACE)
_NAME_PARTICLES = frozenset("de da van von bin ibn al el la le du der dos di ben abu".split())
# Capitalised words that may stand before a name without making it part of another name.
_OPEN_WORDS = frozenset(
    "and or but with between as by for both while when after before than versus vs".split()
)
_COMMUNITY_HEADS = frozenset(w for w in _data.COMMUNITIES if w.endswith("s"))
_TITLE_HEADS = _data.HEADS | {"general"}


class _Entry(NamedTuple):
    keys: tuple[str, ...]  # folded tokens
    forms: tuple[str, ...]  # tokens as written in the name, for the case test
    code: str
    kind: PartyKind
    role: int


class _Hit(NamedTuple):
    end: int
    party: Party | None  # None: a name that is not a party ("Latin America")
    venue: bool = False


def _plural(adjective: str) -> str | None:
    """The plural noun of a demonym ("Israeli" -> "Israelis"), None if it has none."""
    if adjective in _data.PLURALS:
        return _data.PLURALS[adjective]
    if " " in adjective:
        head, last = adjective.rsplit(" ", 1)
        tail = _plural(last)
        return f"{head} {tail}" if tail else None
    if adjective.endswith(("ese", "ss", "sh", "ch")):
        return None
    return adjective + "s"


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or
    swap of neighbouring letters."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return (i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
                and a[i + 2 :] == b[i + 2 :])
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return shorter[i:] == longer[i + 1 :]


def _entries() -> list[_Entry]:
    """Every name the default gazetteer knows, in priority order (first wins a tie)."""
    out: list[_Entry] = []

    def add(forms: Iterable[str], code: str, kind: PartyKind, role: int) -> None:
        for form in forms:
            toks = form_tokens(form)
            if toks:
                out.append(_Entry(tuple(fold(t) for t in toks), toks, code, kind, role))

    state, org = PartyKind.STATE, PartyKind.ORGANISATION
    add(split_forms(_data.NOT_PARTIES), "", state, _NOT)
    for code, forms in _data.ORGS.items():
        add(split_forms(forms), code, org, _ORG)
    for code, (_, forms) in _data.GROUPS.items():
        add(split_forms(forms), code, PartyKind.NON_STATE, _GROUP)
    for name, code in _places.country_names().items():
        add([name], code, state, _NAME)
    for code, forms in _data.DEMONYMS.items():
        adjectives = split_forms(forms)
        add(adjectives, code, state, _DEMONYM)
        add([p for a in adjectives if (p := _plural(a)) and p != a], code, state, _PEOPLE)
    for table in (_data.SEATS, _data.ACTING_REGIONS):
        for code, forms in table.items():
            add(split_forms(forms), code, state, _PLACE)
    for code, forms in _data.SEAT_ORGS.items():
        add(split_forms(forms), code, org, _PLACE)
    for name, code in _places.capitals().items():
        add([name], code, state, _PLACE)
    return out


class Gazetteer:
    """Finds party mentions in token strings. Build once (see :func:`default_gazetteer`);
    the instance holds only dicts and tuples, so it pickles."""

    def __init__(self, entries: Iterable[_Entry]) -> None:
        seen: set[tuple[str, ...]] = set()
        index: dict[str, list[_Entry]] = {}
        for entry in entries:
            if entry.keys in seen:
                continue
            seen.add(entry.keys)
            index.setdefault(entry.keys[0], []).append(entry)
        self._index = {k: tuple(sorted(v, key=lambda e: -len(e.keys))) for k, v in index.items()}
        self._demonym_code: dict[str, str] = {}
        self._canonical_demonym: dict[str, str] = {}
        for code, forms in _data.DEMONYMS.items():
            for form in split_forms(forms):
                self._demonym_code.setdefault(form, code)
            self._canonical_demonym[code] = split_forms(forms)[0]
        self._homes = {code: home for code, (home, _) in _data.GROUPS.items()}
        self._ethnic = {
            fold(form): code
            for code, forms in _data.ETHNIC_GROUPS.items()
            for form in split_forms(forms)
        }
        self._spellings: dict[int, list[tuple[str, str]]] = {}
        for entry in (e for group in self._index.values() for e in group):
            if entry.role in (_NAME, _DEMONYM, _PEOPLE) and len(entry.keys) == 1:
                self._spellings.setdefault(len(entry.keys[0]), []).append(
                    (entry.keys[0], entry.code))
        for key, code in self._ethnic.items():
            self._spellings.setdefault(len(key), []).append((key, code))
        #: Demonym words as written ("French", "Japanese"), for stripping titles off names.
        self.demonym_words: frozenset[str] = frozenset(
            word
            for forms in _data.DEMONYMS.values()
            for form in split_forms(forms)
            for word in form.split()
            if word not in ("South", "North", "East", "West", "Central", "Northern", "Saint")
        ) | frozenset({"U.S.", "US", "UN", "U.N.", "EU", "NATO"})

    # -- public API -----------------------------------------------------------------------

    def match(self, s: str, loc: int) -> tuple[int, Party] | None:
        """The longest party mention starting at token position ``loc`` of ``s``:
        ``(end, party)``, or None (also for a place used as a venue: "in Tokyo")."""
        hit = self._match(s, loc, lenient=False)
        if hit is None or hit.party is None or hit.venue:
            return None
        return hit.end, hit.party

    def find_all(self, s: str) -> list[tuple[int, int, Party]]:
        """All non-overlapping party mentions, left to right: ``(start, end, party)``;
        venues left out."""
        return [(a, h.end, h.party) for a, h in self._scan(s, lenient=False)
                if h.party is not None and not h.venue]

    def resolve_text(self, text: str) -> Party | None:
        """The party an actor phrase stands for ("Sudanese government" -> SDN, "Rebels in
        the Ivory Coast" -> Ivorian rebels, "government of Sindh province" -> PAK): the
        first party it mentions (a venue only when nothing else is), else the state of the
        first place it names, else of a people tied to one state."""
        words = [t[0] for t in _text.tokenize(text)]
        s = _text.token_string(words)
        if not s:
            return None
        party = self._first_party(s)
        if party is None and any("-" in w for w in words):
            split = [p for w in words for p in w.replace("-", " - ").split()]
            party = self._first_party(_text.token_string(split))
        if party is None:
            party = self._place_party(s) or self._misspelt_party(words)
        if party is not None and party.kind is PartyKind.STATE:
            rebel = _data.REBEL_HEADS.get(fold(words[0])) if words else None
            if rebel is not None:
                return self._rebels(party.code, rebel, party.text)
        return party

    def home_state(self, party: Party) -> str | None:
        """The state a party belongs to: its own code for a state, the home of a non-state
        group ("Hamas" -> PSE, "Sudanese rebels" -> SDN); None for organisations."""
        if party.kind is PartyKind.STATE:
            return party.code
        if party.kind is not PartyKind.NON_STATE:
            return None
        if party.code in self._homes:
            return self._homes[party.code]
        prefix = party.code.rsplit(" ", 1)[0]
        return self._demonym_code.get(prefix) or _places.country_names().get(prefix)

    # -- matching -------------------------------------------------------------------------

    def _scan(self, s: str, lenient: bool) -> list[tuple[int, _Hit]]:
        out: list[tuple[int, _Hit]] = []
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

    def _match(self, s: str, loc: int, lenient: bool) -> _Hit | None:
        first = next_token(s, loc)
        if first is None:
            return None
        tok, after = first
        key = fold(tok)
        entries = self._index.get(key)
        if entries is None and key not in STARTERS and key not in _data.DETERMINERS:
            if key in _TITLE_HEADS or key in _data.MODIFIERS:
                return self._office_of(s, loc, loc, lenient)
            return None
        upper = all_caps(s)
        if key in STARTERS:
            found = match_collective(s, loc, key)
            if found is not None:
                return _Hit(found[0], collective_party(s, loc, found[0], found[1]))
        if key in _data.DETERMINERS:
            nxt = next_token(s, after)
            if nxt is None:
                return None
            key2 = fold(nxt[0])
            if key2 in _TITLE_HEADS or key2 in _data.MODIFIERS:
                found_office = self._office_of(s, loc, after, lenient)
                if found_office is not None:
                    return found_office
            return self._core(s, loc, after, key2, upper, lenient, det=key)
        if entries is None:
            return None
        return self._core(s, loc, loc, key, upper, lenient, det=None)

    def _longest(self, s: str, pos: int, entries: tuple[_Entry, ...],
                 upper: bool) -> tuple[_Entry, int] | None:
        toks: list[tuple[str, int]] = []
        keys: list[str] = []
        for entry in entries:
            n = len(entry.keys)
            while len(toks) < n:
                nxt = next_token(s, toks[-1][1] if toks else pos)
                if nxt is None:
                    break
                toks.append(nxt)
                keys.append(fold(nxt[0]))
            if len(toks) < n:
                continue
            if all(keys[i] == entry.keys[i] and case_ok(toks[i][0], entry.forms[i], upper)
                   for i in range(n)):
                return entry, toks[n - 1][1]
        return None

    def _core(self, s: str, start: int, pos: int, key: str, upper: bool, lenient: bool,
              det: str | None) -> _Hit | None:
        """A name-based mention at ``pos`` (after an optional determiner at ``start``)."""
        entries = self._index.get(key)
        if entries is None:
            return None
        found = self._longest(s, pos, entries, upper)
        if found is None:
            return None
        entry, end = found
        if entry.role == _NOT:
            return _Hit(end, None)
        if det is None and entry.role not in (_ORG, _GROUP) and self._inside_name(s, pos, upper):
            return None
        ext = self._extend(s, end, upper)
        role = entry.role
        if ext is None:
            if det not in (None, "the") and role not in (_DEMONYM, _PEOPLE):
                return None
            if role == _DEMONYM and not (lenient or self._demonym_alone(s, end, det)):
                return None
            if not lenient and self._names_something_else(s, end, role, upper):
                return None
        else:
            end, head = ext
            rebel = _data.REBEL_HEADS.get(head)
            if rebel is not None and entry.kind is PartyKind.STATE:
                return _Hit(end, self._rebels(entry.code, rebel, s[start:end].strip()))
        venue = role in _PLACE_LIKE and ext is None and self._is_venue(s, start)
        party = Party(code=entry.code, kind=entry.kind, text=s[start:end].strip())
        return _Hit(end, party, venue)

    def _rebels(self, code: str, word: str, text: str) -> Party:
        name = self._canonical_demonym.get(code, code)
        return Party(code=f"{name} {word}", kind=PartyKind.NON_STATE, text=text)

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
            if k in _TITLE_HEADS or k in _data.REBEL_HEADS or (
                k in _COMMUNITY_HEADS and is_capitalised(tok)
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
                if follow is not None and (fold(follow[0]) in _TITLE_HEADS
                                           or fold(follow[0]) in _data.MODIFIERS):
                    i, complement = after, True
                    continue
            break
        if best < 0:
            return None
        if person:
            best = self._person_name(s, best, upper)
        return best, head

    def _person_name(self, s: str, pos: int, upper: bool) -> int:
        """End of a person's name written at ``pos`` (``pos`` itself if there is none)."""
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
            if (not is_capitalised(tok) or not tok[0].isalpha() or k in _data.WEEKDAYS_MONTHS
                    or k in self._index or k in _TITLE_HEADS or k in _OPEN_WORDS):
                break
            end = i = after
        return end

    def _office_of(self, s: str, start: int, pos: int, lenient: bool) -> _Hit | None:
        """ "the president of Armenia", "the government of X": titles, "of", a party."""
        i, titled = pos, False
        for _ in range(5):
            nxt = next_token(s, i)
            if nxt is None:
                return None
            k = fold(nxt[0])
            if k in _TITLE_HEADS:
                titled = True
            elif k not in _data.MODIFIERS:
                break
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
        if found is None or found[0].role not in (_NAME, _PLACE, _ORG, _GROUP):
            return None
        entry, end = found
        party = Party(code=entry.code, kind=entry.kind, text=s[start:end].strip())
        return _Hit(end, party)

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
        return not (k in _OPEN_WORDS or k in _data.WEEKDAYS_MONTHS or k in _data.DETERMINERS
                    or k in _TITLE_HEADS or k in _data.MODIFIERS or k in self._index)

    def _is_venue(self, s: str, start: int) -> bool:
        """Whether a place at ``start`` follows a venue preposition ("in", "at the",
        "in the northern city of")."""
        prev = prev_token(s, start)
        for _ in range(5):
            if prev is None:
                return False
            tok, at = prev
            k = fold(tok)
            if k in _data.VENUE_PREPS:
                return True
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
            return (k in _data.AUXILIARIES or not tok[0].isalnum()
                    or (tok.islower() and k.endswith("ed")))
        return False

    def _coordinated_head(self, s: str, pos: int) -> bool:
        upper = all_caps(s)
        for _ in range(4):
            nxt = next_token(s, pos)
            if nxt is None:
                return False
            entries = self._index.get(fold(nxt[0]))
            found = self._longest(s, pos, entries, upper) if entries else None
            if found is None or found[0].role != _DEMONYM:
                return False
            if self._extend(s, found[1], upper) is not None:
                return True
            joiner = next_token(s, found[1])
            if joiner is None or fold(joiner[0]) not in ("and", "or", ","):
                return False
            pos = joiner[1]
        return False

    def _names_something_else(self, s: str, end: int, role: int, upper: bool) -> bool:
        """A place or state name followed by a word that makes it part of another name
        ("Washington Post", "China Daily", "the Minsk agreements", "Paris Agreement")."""
        if role not in _PLACE_LIKE:
            return False
        nxt = next_token(s, end)
        if nxt is None:
            return False
        tok, after = nxt
        k = fold(tok)
        if is_capitalised(tok) and not upper and k in _data.NAME_SUFFIXES:
            return True
        if role == _PLACE:
            if k in _data.INSTRUMENT_NOUNS:
                return True
            two = next_token(s, after)
            return (tok.isalpha() and tok.islower() and two is not None
                    and fold(two[0]) in _data.INSTRUMENT_NOUNS)
        return False

    # -- actor phrases --------------------------------------------------------------------

    def _first_party(self, s: str) -> Party | None:
        hits = [h for _, h in self._scan(s, lenient=True) if h.party is not None]
        for hit in hits:
            if not hit.venue:
                return hit.party
        return hits[0].party if hits else None

    def _place_party(self, s: str) -> Party | None:
        """The state of the first place (not part of a person's name) or people named."""
        pos, n = 0, len(s)
        while pos < n:
            nxt = next_token(s, pos)
            if nxt is None:
                break
            tok, after = nxt
            found = _places.match_place(s, pos)
            if found is not None and not self._in_person_name(s, pos, found[0]):
                code = _places.country_of_place(found[1])
                if code is not None:
                    return Party(code=code, kind=PartyKind.STATE, text=found[1])
            code = self._ethnic.get(fold(tok))
            if code is not None and is_capitalised(tok):
                return Party(code=code, kind=PartyKind.STATE, text=tok)
            pos = after
        return None

    def _misspelt_party(self, words: list[str]) -> Party | None:
        """A state named with one letter wrong, missing, extra or swapped ("Ethopia",
        "Phillippines"), in an actor phrase that names nothing else."""
        for word in words:
            key = fold(word)
            if len(key) < 5 or not is_capitalised(word) or not word.isalpha():
                continue
            for size in (len(key) - 1, len(key), len(key) + 1):
                for form, code in self._spellings.get(size, ()):
                    if _one_edit(key, form):
                        return Party(code=code, kind=PartyKind.STATE, text=word)
        return None

    def _in_person_name(self, s: str, start: int, end: int) -> bool:
        prev = prev_token(s, start)
        if prev is not None and is_capitalised(prev[0]) and prev[0][0].isalpha():
            return True
        nxt = next_token(s, end)
        return nxt is not None and is_capitalised(nxt[0]) and nxt[0][0].isalpha() and (
            fold(nxt[0]) not in _TITLE_HEADS
        )


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of everything treatytrack knows, built once per process."""
    return Gazetteer(_entries())


def home_state(party: Party) -> str | None:
    """The state a party belongs to (see :meth:`Gazetteer.home_state`)."""
    return default_gazetteer().home_state(party)
