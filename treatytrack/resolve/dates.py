"""Date expressions in token strings, read against a document's publication date.

News copy dates events relative to the day it appears ("signed the pact on Friday", "talks
began last month"), so an expression is first *recognised* in a token string
(:func:`match_date`, :func:`find_dates`) and then *resolved* against the publication date
(:func:`resolve_date`).

Conventions:

* A recognised expression never includes a leading preposition ("on", "in", "by", "since",
  "until"): in "signed on Friday" the date is "Friday". The one exception is a range, where
  the preposition is part of the construction ("from 1 to 3 March", "between March 1 and
  3"); "1 to 3 March" alone is accepted too. :func:`resolve_date` tolerates a leading
  preposition in the text it is given.
* "May", "March", "August" and abbreviated month names ("Jan .", "Sept") count as a month
  only before a day number or year, after a modifier ("last", "mid-", "early"), or, when the
  token string shows it, after a preposition such as "in", "since" or "of".
* A bare year ("1951") is accepted by :func:`match_date` (the caller decides its context);
  :func:`find_dates` keeps it only after "in", "since", "the", "of", ... .
* Past by default: a bare weekday is the latest such day on or before publication (the
  same day counts), a day or month without a year the latest on or before it. With
  ``future=True`` a weekday is the next one strictly after publication, and a day or month
  without a year the first on or after it. "last"/"next" override the direction.
* There is no week precision: "last week", "this weekend", "a week ago" resolve to the
  finest period that contains the whole week (a month, or a year, else nothing).
* Numeric forms other than ISO ("3/13/2015") are not read: their order is ambiguous.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

import attrs

from ..records import DatePrecision
from ..text import token_string, tokenize

__all__ = ["DateValue", "find_dates", "match_date", "resolve_date"]

_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_ABBREVS = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7,
    "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTH_NUM = {m.lower(): i for i, m in enumerate(_MONTHS, 1)}
_MONTH_NUM.update((a.lower(), n) for a, n in _ABBREVS.items())
_WEEKDAY_NUM = {w.lower(): i for i, w in enumerate(_WEEKDAYS)}
# Months that are also ordinary words or names, and abbreviations (Jan Egeland).
_AMBIGUOUS = frozenset({"may", "march", "august"} | {a.lower() for a in _ABBREVS})
_MONTH_CONTEXT = frozenset(
    "in on since until till by of from during before after through between early late mid "
    "last next this".split()
)
_YEAR_CONTEXT = frozenset(
    "in on since until till by of from during before after through between around the a an "
    "its their his her our 's early late mid".split()
)
_PREPOSITIONS = frozenset("on in by since from until till during at before after of".split())
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_OFFSETS = {"last": -1, "this": 0, "next": 1}


def _names(words: Iterable[str]) -> str:
    """An alternation of capitalised or all-capital names (lower case is a common word)."""
    return "|".join(f"{w}|{w.upper()}" for w in sorted(words, key=len, reverse=True))


def _ci(alternation: str) -> str:
    """A case-insensitive group, for function words that may open a sentence."""
    return f"(?i:{alternation})"


# Building blocks; every token is followed by exactly one space.
_MON = rf"(?P<mon>{_names(_MONTHS)}|(?:{_names(_ABBREVS)})(?: \.)?) "
_D1 = r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_D2 = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_TO = rf"(?:-|{_ci('to|through|till|until')})"
_ANY_MON = rf"(?:{_names(_MONTHS)}|{_names(_ABBREVS)})(?: \.)? "
_MON_TO = f"(?:{_ANY_MON})?"  # a range into the next month: "30-Dec . 1"
_TAIL = rf"-{_MON_TO}{_D2} | {_TO} {_MON_TO}{_D2} "
_DAYS = rf"{_D1}(?:{_TAIL}| )"  # "13", "13-15", "13 to 15", "30-April 2"
_RANGE = rf"{_D1}(?:{_TAIL})"
_YEAR = r"(?P<year>19\d\d|20\d\d) "
_OPT_YEAR = rf"(?:(?:, )?{_YEAR})?"
_PART = rf"(?:{_ci('morning|afternoon|evening|night')} )?"
_ISO = r"(?P<year>19\d\d|20\d\d)-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01]) "
_WMODS = "last|next|this coming|coming|this|early|late|earlier|later"
_PMODS = "early|late|earlier|later|(?:the )?(?:end|start|beginning|middle) of"
_OF = rf"(?:{_ci('of')} )?"
_NUMBER_WORDS = "|".join(sorted(_NUMBERS, key=len, reverse=True))

_SOURCES = {
    "mdy": rf"{_MON}{_DAYS}{_OPT_YEAR}",
    "dmy": rf"(?:{_ci('the')} (?=\d))?{_DAYS}{_OF}{_MON}(?:{_TO} {_D2} {_ANY_MON})?{_OPT_YEAR}",
    "between_md": rf"{_ci('between')} {_MON}{_D1} {_ci('and')} {_D2} {_OPT_YEAR}",
    "between_dm": rf"{_ci('between')} {_D1} {_ci('and')} {_D2} {_MON}{_OPT_YEAR}",
    "from_md": rf"{_ci('from')} {_MON}{_RANGE}{_OPT_YEAR}",
    "from_dm": rf"{_ci('from')} {_RANGE}{_MON}{_OPT_YEAR}",
    "iso": _ISO,
    "weekday": rf"(?:(?P<wmod>{_ci(_WMODS)}) (?:{_ci('on')} )?)?"
    rf"(?P<wd>{_names(_WEEKDAYS)}) {_PART}",
    "relday": rf"(?:{_ci('early|late|earlier|later')} )?"
    rf"(?:(?P<rd>{_ci('today|yesterday|tomorrow|tonight')}) {_PART}"
    rf"|{_ci('this')} {_ci('morning|afternoon|evening')} |(?P<ln>{_ci('last')}) {_ci('night')} )",
    "relunit": rf"(?:(?P<pmod>{_ci(_PMODS)}) )?"
    rf"(?P<rel>{_ci('last|next|this')}) (?P<unit>{_ci('week|weekend|month|year')}) ",
    "month": rf"(?:(?P<mmod>{_ci('last|next|this|early|late|mid')}) |(?P<mid>{_ci('mid')})-)?{_MON}"
    rf"(?:{_OF}{_YEAR}|{_OF}(?P<yrel>{_ci('last|next|this')}) {_ci('year')} )?",
    "year": rf"(?:(?P<ymod>{_ci('early|late|mid')}) |(?P<ymid>{_ci('mid')})-)?"
    r"(?P<year>19\d\d|20\d\d)(?:-\d\d\d\d|-\d\d)? ",
    "ago": rf"(?P<n>\d{{1,3}}|{_ci(_NUMBER_WORDS + '|several|a few')}) "
    rf"(?P<unit>{_ci('days?|weeks?|months?|years?')}) {_ci('ago')} ",
}  # fmt: skip
_PATTERNS = {kind: re.compile(src, re.ASCII) for kind, src in _SOURCES.items()}
_Rules = tuple[tuple[str, "re.Pattern[str]"], ...]


def _rules(*kinds: str) -> _Rules:
    return tuple((k, _PATTERNS[k]) for k in kinds)


# First token -> the patterns that can start with it: the hot-path filter. Keyed as written
# (lower, Capitalised, UPPER) so that the hot path needs no str.lower().
_STARTS = (
    (tuple(_MONTH_NUM), ("mdy", "month")),
    (tuple(_WEEKDAY_NUM), ("weekday",)),
    (("last", "next", "this"), ("weekday", "relday", "relunit", "month")),
    (("early", "late"), ("weekday", "relday", "relunit", "month", "year")),
    (("earlier", "later"), ("weekday", "relday", "relunit")),
    (("end", "start", "beginning", "middle"), ("relunit",)),
    (("today", "yesterday", "tomorrow", "tonight"), ("relday",)),
    ((*_NUMBERS, "several"), ("ago",)),
    (("coming",), ("weekday",)),
    (("mid",), ("month", "year")),
    (("the",), ("dmy", "relunit")),
    (("between",), ("between_md", "between_dm")),
    (("from",), ("from_md", "from_dm")),
)
_FIRST = {
    form: _rules(*kinds)
    for words, kinds in _STARTS
    for word in words
    for form in (word, word.capitalize(), word.upper())
}
_DIGITS = frozenset("0123456789")
_ID = frozenset({"id-", "ID-"})  # "mid-March" after its first letter
_DIGIT_RULES = _rules("dmy", "iso", "year", "ago")
_MID_RULES = _rules("month", "year")
_AFTER_WEEKDAY = _rules("mdy", "dmy", "iso")
_Hit = tuple[int, str, "re.Match[str]"]


def _previous_token(s: str, loc: int) -> str:
    """The token before position ``loc`` (lower-cased), or ``""`` at the start."""
    if loc < 2:
        return ""
    return s[s.rfind(" ", 0, loc - 1) + 1 : loc - 1].lower()


def _longest(s: str, loc: int, rules: _Rules, strict: bool) -> _Hit | None:
    best: _Hit | None = None
    for kind, pattern in rules:
        m = pattern.match(s, loc)
        if m is None or (best is not None and m.end() <= best[0]):
            continue
        if strict and kind == "month" and not _month_word_ok(s, loc, m):
            continue
        best = (m.end(), kind, m)
    return best


def _month_word_ok(s: str, loc: int, m: re.Match[str]) -> bool:
    """A lone ambiguous month word ("May", "March", "Jan") needs a modifier or context."""
    if m["mmod"] or m["mid"] or m["year"] or m["yrel"]:
        return True
    if m["mon"].split()[0].lower() not in _AMBIGUOUS:
        return True
    return _previous_token(s, loc) in _MONTH_CONTEXT


def _rules_for(token: str) -> _Rules | None:
    """The patterns worth trying at a token, from the token alone."""
    if token[:1] in _DIGITS:
        return _DIGIT_RULES
    rules = _FIRST.get(token)
    if rules is None and token[1:4] in _ID:
        return _MID_RULES  # "mid-March", "mid-2014"
    return rules


def _extend(s: str, loc: int, rules: _Rules, strict: bool) -> _Hit | None:
    """The longest date expression at ``loc`` among ``rules``: its end, kind and match."""
    hit = _longest(s, loc, rules, strict)
    if hit is not None and hit[1] == "weekday":
        # "Friday, March 13, 2015": the explicit date settles it.
        pos = hit[0] + 2 if s.startswith(", ", hit[0]) else hit[0]
        explicit = _longest(s, pos, _AFTER_WEEKDAY, strict)
        if explicit is not None:
            return explicit
    return hit


def match_date(s: str, loc: int) -> int | None:
    """End of the longest date expression starting at token position ``loc``, or None.

    No leading preposition is consumed (see the module docstring).
    """
    # The hot path, inlined: most tokens are rejected by one dict look-up.
    if loc < 0:
        return None
    try:
        first = s[loc]
    except IndexError:
        return None
    if first in _DIGITS:
        rules = _DIGIT_RULES
    else:
        token = s[loc : s.find(" ", loc)]
        if token in _FIRST:
            rules = _FIRST[token]
        elif first in "mM" and s[loc + 1 : loc + 4] in _ID:
            rules = _MID_RULES
        else:
            return None
    hit = _extend(s, loc, rules, True)
    return None if hit is None else hit[0]


def _is_bare_year(s: str, loc: int, hit: _Hit) -> bool:
    """A lone year not after a word that makes it one ("in 2014", "the 1951 treaty")."""
    m = hit[2]
    if hit[1] != "year" or m["ymod"] or m["ymid"]:
        return False
    return _previous_token(s, loc) not in _YEAR_CONTEXT


def find_dates(s: str) -> list[tuple[int, int]]:
    """All non-overlapping date expressions of a token string, left to right."""
    out: list[tuple[int, int]] = []
    loc = 0
    resume = 0
    for token in s.split(" ")[:-1]:
        if loc >= resume and token:
            rules = _rules_for(token)
            hit = None if rules is None else _extend(s, loc, rules, True)
            if hit is not None and not _is_bare_year(s, loc, hit):
                out.append((loc, hit[0]))
                resume = hit[0]
        loc += len(token) + 1
    return out


@attrs.frozen(slots=True)
class DateValue:
    """A resolved date: the day (or first day of the month or year) and how precise it is."""

    date: dt.date
    precision: DatePrecision
    text: str


_Value = tuple[dt.date, DatePrecision]
_P = DatePrecision


def _month_of(m: re.Match[str]) -> int:
    return _MONTH_NUM[m["mon"].split()[0].lower()]


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _span(lo: dt.date, hi: dt.date) -> _Value | None:
    """The finest period containing all of ``[lo, hi]``: a day, a month, a year or nothing."""
    if lo == hi:
        return lo, _P.DAY
    if (lo.year, lo.month) == (hi.year, hi.month):
        return lo.replace(day=1), _P.MONTH
    if lo.year == hi.year:
        return dt.date(lo.year, 1, 1), _P.YEAR
    return None


def _explicit(m: re.Match[str], pub: dt.date | None, future: bool) -> _Value | None:
    month = int(m["mnum"]) if "mnum" in m.re.groupindex else _month_of(m)
    day = int(m["day"])
    if m["year"]:
        return dt.date(int(m["year"]), month, day), _P.DAY
    if pub is None:
        return None
    years = range(pub.year, pub.year + 9) if future else range(pub.year, pub.year - 9, -1)
    for year in years:
        try:
            found = dt.date(year, month, day)
        except ValueError:  # February 29 in a common year, or out of range
            continue
        if (found >= pub) if future else (found <= pub):
            return found, _P.DAY
    return None


def _weekday(m: re.Match[str], pub: dt.date | None, future: bool) -> _Value | None:
    if pub is None:
        return None
    back = (pub.weekday() - _WEEKDAY_NUM[m["wd"].lower()]) % 7  # days since the latest one
    mod = " ".join((m["wmod"] or "").lower().split())
    if mod == "last":
        days = -(back or 7)
    elif mod in ("next", "coming", "this coming") or (future and mod != "earlier"):
        days = -back % 7 or 7
    else:
        days = -back
    return pub + dt.timedelta(days=days), _P.DAY


def _relday(m: re.Match[str], pub: dt.date | None, future: bool) -> _Value | None:
    if pub is None:
        return None
    word = (m["rd"] or "").lower()
    days = -1 if m["ln"] or word == "yesterday" else 1 if word == "tomorrow" else 0
    return pub + dt.timedelta(days=days), _P.DAY


def _relunit(m: re.Match[str], pub: dt.date | None, future: bool) -> _Value | None:
    if pub is None:
        return None
    offset = _OFFSETS[m["rel"].lower()]
    unit = m["unit"].lower()
    if unit == "year":
        return dt.date(pub.year + offset, 1, 1), _P.YEAR
    if unit == "month":
        return _shift_month(pub, offset), _P.MONTH
    monday = pub - dt.timedelta(days=pub.weekday() - 7 * offset)
    lo, hi = monday, monday + dt.timedelta(days=6)
    if unit == "weekend":
        lo = monday + dt.timedelta(days=5)
    mod = (m["pmod"] or "").lower()
    if offset == 0 and mod == "earlier":
        hi = max(lo, pub - dt.timedelta(days=1))
    elif offset == 0 and mod == "later":
        lo = min(hi, pub + dt.timedelta(days=1))
    return _span(lo, hi)


def _month(m: re.Match[str], pub: dt.date | None, future: bool) -> _Value | None:
    month = _month_of(m)
    if m["year"]:
        return dt.date(int(m["year"]), month, 1), _P.MONTH
    if pub is None:
        return None
    if m["yrel"]:
        return dt.date(pub.year + _OFFSETS[m["yrel"].lower()], month, 1), _P.MONTH
    mod = (m["mmod"] or "").lower()
    if mod == "this":
        year = pub.year
    elif mod == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif mod == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif future:
        year = pub.year if month >= pub.month else pub.year + 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    return dt.date(year, month, 1), _P.MONTH


def _year(m: re.Match[str], pub: dt.date | None, future: bool) -> _Value | None:
    return dt.date(int(m["year"]), 1, 1), _P.YEAR


def _ago(m: re.Match[str], pub: dt.date | None, future: bool) -> _Value | None:
    word = " ".join(m["n"].lower().split())
    count = int(word) if word.isdigit() else _NUMBERS.get(word)
    if pub is None or count is None:  # "several days ago": no date to give
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        return pub - dt.timedelta(days=count), _P.DAY
    if unit == "week":
        day = pub - dt.timedelta(weeks=count)
        monday = day - dt.timedelta(days=day.weekday())
        return _span(monday, monday + dt.timedelta(days=6))
    if unit == "month":
        return _shift_month(pub, -count), _P.MONTH
    return dt.date(pub.year - count, 1, 1), _P.YEAR


_Resolver = Callable[["re.Match[str]", "dt.date | None", bool], "_Value | None"]
_EXPLICIT = ("mdy", "dmy", "between_md", "between_dm", "from_md", "from_dm", "iso")
_RESOLVERS: dict[str, _Resolver] = {
    "weekday": _weekday, "relday": _relday, "relunit": _relunit, "month": _month,
    "year": _year, "ago": _ago, **dict.fromkeys(_EXPLICIT, _explicit),
}  # fmt: skip


def resolve_date(text: str, published: dt.date | None, *, future: bool = False) -> DateValue | None:
    """Read a date expression against the publication date; None if it gives no date.

    ``text`` may be raw text or a token string, with or without a leading preposition
    ("on Friday"); trailing words after the expression are ignored. ``future`` says the
    clause speaks of the future ("will sign on Friday"). Never raises.
    """
    if not isinstance(text, str):
        return None
    if isinstance(published, dt.datetime):
        published = published.date()
    elif not isinstance(published, dt.date):
        published = None
    s = token_string([w for w, _, _ in tokenize(text)])
    start, hit = 0, None
    for token in s.split(" ")[:2]:  # the expression, or a preposition and the expression
        rules = _rules_for(token) if token else None
        hit = None if rules is None else _extend(s, start, rules, False)
        if hit is not None or token.lower() not in _PREPOSITIONS:
            break
        start += len(token) + 1
    if hit is None:
        return None
    end, kind, m = hit
    try:
        value = _RESOLVERS[kind](m, published, bool(future))
    except (ValueError, OverflowError):
        return None
    if value is None:
        return None
    return DateValue(value[0], value[1], s[start:end].strip())
