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
from typing import Final

from treatytrack import text as _text
from treatytrack.records import Party, PartyKind
from treatytrack.resolve import _party_data as _data
from treatytrack.resolve import places as _places
from treatytrack.resolve._collective import collective_counts, resolve_collective
from treatytrack.resolve._matcher import (
    DEMONYM,
    GROUP,
    NAME,
    NOT,
    ORG,
    PEOPLE,
    PLACE,
    TITLE_HEADS,
    Entry,
    Matcher,
)
from treatytrack.resolve._tokens import (
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


# Capitalised words that never belong to a person's name ("In Samarra", "The Hague").
_NOT_NAME_WORDS: Final = _data.VENUE_PREPS | _data.DETERMINERS | frozenset("and or of".split())


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
        return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return shorter[i:] == longer[i + 1 :]


def _entries() -> list[Entry]:
    """Every name the default gazetteer knows, in priority order (first wins a tie)."""
    out: list[Entry] = []

    def add(forms: Iterable[str], code: str, kind: PartyKind, role: int) -> None:
        for form in forms:
            toks = form_tokens(form)
            if toks:
                out.append(Entry(tuple(fold(t) for t in toks), toks, code, kind, role))

    state, org = PartyKind.STATE, PartyKind.ORGANISATION
    add(split_forms(_data.NOT_PARTIES), "", state, NOT)
    for code, forms in _data.ORGS.items():
        add(split_forms(forms), code, org, ORG)
    for code, (_, forms) in _data.GROUPS.items():
        add(split_forms(forms), code, PartyKind.NON_STATE, GROUP)
    for name, code in _places.country_names().items():
        add([name], code, state, NAME)
    for code, forms in _data.DEMONYMS.items():
        adjectives = split_forms(forms)
        add(adjectives, code, state, DEMONYM)
        add([p for a in adjectives if (p := _plural(a)) and p != a], code, state, PEOPLE)
    for table in (_data.SEATS, _data.ACTING_REGIONS):
        for code, forms in table.items():
            add(split_forms(forms), code, state, PLACE)
    for code, forms in _data.SEAT_ORGS.items():
        add(split_forms(forms), code, org, PLACE)
    for name, code in _places.capitals().items():
        add([name], code, state, PLACE)
    return out


class Gazetteer(Matcher):
    """Finds party mentions in token strings. Build once (see :func:`default_gazetteer`);
    the instance pickles as its entries (see :meth:`__reduce__`)."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        entries = tuple(entries)
        super().__init__(entries)
        self._entries = entries
        self._homes = {code: home for code, (home, _) in _data.GROUPS.items()}
        self._ethnic = {
            fold(form): code
            for code, forms in _data.ETHNIC_GROUPS.items()
            for form in split_forms(forms)
        }
        self._spellings: dict[int, list[tuple[str, str]]] = {}
        for entry in (e for group in self._index.values() for e in group):
            if entry.role in (NAME, DEMONYM, PEOPLE) and len(entry.keys) == 1:
                self._spellings.setdefault(len(entry.keys[0]), []).append(
                    (entry.keys[0], entry.code)
                )
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

    def __reduce__(self) -> tuple[type[Gazetteer], tuple[tuple[Entry, ...]]]:
        """Pickle as the entries, built again on loading: compiled (mypyc), the class has
        no ``__dict__`` for pickle to restore."""
        return Gazetteer, (self._entries,)

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
        return [
            (a, h.end, h.party)
            for a, h in self._scan(s, lenient=False)
            if h.party is not None and not h.venue
        ]

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
                return self._rebels(party.code, rebel, " ".join(words))
        return party

    def home_state(self, party: Party) -> str | None:
        """The state a party belongs to: its own code for a state, the home of a non-state
        group ("Hamas" -> PSE, "Sudanese rebels" -> SDN); None for organisations."""
        if party.kind is PartyKind.STATE:
            return party.code
        if party.kind is not PartyKind.NON_STATE:
            return None
        if party.code in self._homes:
            return self._homes[party.code] or None
        prefix = party.code.rsplit(" ", 1)[0]
        return self._demonym_code.get(prefix) or _places.country_names().get(prefix)

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
        """Whether a place name is part of a longer capitalised name ("Bill Clinton")."""
        prev = prev_token(s, start)
        if (
            prev is not None
            and is_capitalised(prev[0])
            and prev[0][0].isalpha()
            and fold(prev[0]) not in _NOT_NAME_WORDS
        ):
            return True
        nxt = next_token(s, end)
        return (
            nxt is not None
            and is_capitalised(nxt[0])
            and nxt[0][0].isalpha()
            and (fold(nxt[0]) not in TITLE_HEADS)
        )


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of everything treatytrack knows, built once per process."""
    return Gazetteer(_entries())


def home_state(party: Party) -> str | None:
    """The state a party belongs to (see :meth:`Gazetteer.home_state`)."""
    return default_gazetteer().home_state(party)
