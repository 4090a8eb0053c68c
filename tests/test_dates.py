"""The date resolver: recognising date expressions in token strings and reading them
against the publication date."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatytrack.records import DatePrecision
from treatytrack.resolve.dates import DateValue, find_dates, match_date, resolve_date
from treatytrack.text import token_string, tokenize

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
PUB = dt.date(2015, 3, 13)  # a Friday
D = dt.date


def ts(text: str) -> str:
    """The token string of a piece of raw text."""
    return token_string([w for w, _, _ in tokenize(text)])


def found(text: str) -> list[str]:
    """The date expressions find_dates sees in raw text, as written in the token string."""
    s = ts(text)
    return [s[a:b].strip() for a, b in find_dates(s)]


def value(text: str, published: dt.date | None = PUB, future: bool = False) -> tuple[D, str]:
    got = resolve_date(text, published, future=future)
    assert got is not None, text
    return got.date, got.precision.value


# --- weekdays ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday", D(2015, 3, 13)),
        ("on Friday", D(2015, 3, 13)),
        ("Thursday", D(2015, 3, 12)),
        ("Monday", D(2015, 3, 9)),
        ("Saturday", D(2015, 3, 7)),
        ("Sunday", D(2015, 3, 8)),
        ("on Wednesday night", D(2015, 3, 11)),
        ("Friday morning", D(2015, 3, 13)),
        ("late Friday", D(2015, 3, 13)),
        ("earlier on Friday", D(2015, 3, 13)),
        ("TUESDAY", D(2015, 3, 10)),
    ],
)
def test_weekday_is_the_most_recent_on_or_before_publication(text: str, expected: D) -> None:
    assert value(text) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("last Friday", D(2015, 3, 6)), ("last Thursday", D(2015, 3, 12))],
)
def test_last_weekday_is_strictly_before_publication(text: str, expected: D) -> None:
    assert value(text) == (expected, "day")
    assert value(text, future=True) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next Friday", D(2015, 3, 20)),
        ("this coming Friday", D(2015, 3, 20)),
        ("next Monday", D(2015, 3, 16)),
    ],
)
def test_next_weekday_is_strictly_after_publication(text: str, expected: D) -> None:
    assert value(text) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Friday", D(2015, 3, 20)), ("on Monday", D(2015, 3, 16)), ("Saturday", D(2015, 3, 14))],
)
def test_future_clause_reads_a_bare_weekday_forward(text: str, expected: D) -> None:
    assert value(text, future=True) == (expected, "day")


def test_possessive_weekday_matches_the_weekday_alone() -> None:
    s = ts("Friday's meeting")
    assert s == "Friday 's meeting "
    assert match_date(s, 0) == len("Friday ")
    assert value("Friday 's meeting") == (D(2015, 3, 13), "day")


def test_weekday_with_an_explicit_date_takes_the_explicit_date() -> None:
    assert value("Friday, March 6, 2015") == (D(2015, 3, 6), "day")
    assert value("Tuesday, Jan. 6") == (D(2015, 1, 6), "day")
    assert found("It was signed on Friday, March 6, 2015, in Paris.") == ["Friday , March 6 , 2015"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", D(2015, 3, 13)),
        ("yesterday", D(2015, 3, 12)),
        ("tomorrow", D(2015, 3, 14)),
        ("late yesterday", D(2015, 3, 12)),
        ("Yesterday afternoon", D(2015, 3, 12)),
        ("this morning", D(2015, 3, 13)),
        ("last night", D(2015, 3, 12)),
    ],
)
def test_today_yesterday_tomorrow_are_days_around_publication(text: str, expected: D) -> None:
    assert value(text) == (expected, "day")


# --- explicit dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 13", D(2015, 3, 13)),
        ("March 13, 2015", D(2015, 3, 13)),
        ("13 March 2015", D(2015, 3, 13)),
        ("13 March", D(2015, 3, 13)),
        ("Mar. 13", D(2015, 3, 13)),
        ("Sept 5", D(2014, 9, 5)),
        ("Sept. 5, 2013", D(2013, 9, 5)),
        ("2015-03-13", D(2015, 3, 13)),
        ("the 13th of March", D(2015, 3, 13)),
        ("March 13th", D(2015, 3, 13)),
        ("1st May 2014", D(2014, 5, 1)),
        ("MARCH 2, 2015", D(2015, 3, 2)),
        ("Dec. 31 2014", D(2014, 12, 31)),
    ],
)
def test_explicit_dates_are_days(text: str, expected: D) -> None:
    assert value(text) == (expected, "day")


def test_day_without_a_year_is_the_latest_on_or_before_publication() -> None:
    assert value("March 14") == (D(2014, 3, 14), "day")
    assert value("March 13") == (D(2015, 3, 13), "day")
    assert value("February 29") == (D(2012, 2, 29), "day")


def test_day_without_a_year_in_a_future_clause_is_the_first_on_or_after() -> None:
    assert value("March 14", future=True) == (D(2015, 3, 14), "day")
    assert value("March 13", future=True) == (D(2015, 3, 13), "day")
    assert value("Jan. 5", future=True) == (D(2016, 1, 5), "day")


def test_impossible_day_does_not_resolve() -> None:
    assert resolve_date("February 30, 2015", PUB) is None


# --- ranges -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 13-15", D(2015, 3, 13)),
        ("March 2 to 4, 2015", D(2015, 3, 2)),
        ("between March 1 and 3", D(2015, 3, 1)),
        ("from 1 to 3 March", D(2015, 3, 1)),
        ("1-3 March 2014", D(2014, 3, 1)),
        ("between 10 and 12 February 2015", D(2015, 2, 10)),
        ("from March 1 to 3", D(2015, 3, 1)),
        ("Nov. 30-Dec. 1", D(2014, 11, 30)),
        ("March 30 - April 2, 2015", D(2015, 3, 30)),
        ("30 March to 2 April 2015", D(2015, 3, 30)),
    ],
)
def test_ranges_resolve_to_their_first_day(text: str, expected: D) -> None:
    assert value(text) == (expected, "day")
    s = ts(text)
    assert match_date(s, 0) == len(s)


# --- months -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in January 2014", D(2014, 1, 1)),
        ("January 2014", D(2014, 1, 1)),
        ("Jan. 2014", D(2014, 1, 1)),
        ("last January", D(2015, 1, 1)),
        ("last March", D(2014, 3, 1)),
        ("next March", D(2016, 3, 1)),
        ("in January", D(2015, 1, 1)),
        ("in April", D(2014, 4, 1)),
        ("in March", D(2015, 3, 1)),
        ("earlier this month", D(2015, 3, 1)),
        ("this month", D(2015, 3, 1)),
        ("last month", D(2015, 2, 1)),
        ("next month", D(2015, 4, 1)),
        ("late last month", D(2015, 2, 1)),
        ("mid-March", D(2015, 3, 1)),
        ("early May", D(2014, 5, 1)),
        ("January of last year", D(2014, 1, 1)),
        ("the end of last month", D(2015, 2, 1)),
    ],
)
def test_month_expressions_are_the_first_of_the_month(text: str, expected: D) -> None:
    assert value(text) == (expected, "month")


def test_month_name_in_a_future_clause_is_the_next_such_month() -> None:
    assert value("in April", future=True) == (D(2015, 4, 1), "month")
    assert value("in February", future=True) == (D(2016, 2, 1), "month")
    assert value("in March", future=True) == (D(2015, 3, 1), "month")


def test_month_arithmetic_crosses_the_year() -> None:
    jan = D(2015, 1, 20)
    assert value("last month", jan) == (D(2014, 12, 1), "month")
    assert value("next month", D(2014, 12, 2)) == (D(2015, 1, 1), "month")
    assert value("in December", jan) == (D(2014, 12, 1), "month")


# --- years ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 2014", 2014),
        ("last year", 2014),
        ("next year", 2016),
        ("this year", 2015),
        ("earlier this year", 2015),
        ("mid-2014", 2014),
        ("early 2013", 2013),
        ("1951", 1951),
        ("since 1999", 1999),
    ],
)
def test_year_expressions_are_january_first(text: str, expected: int) -> None:
    assert value(text) == (D(expected, 1, 1), "year")


def test_bare_year_needs_a_context_word_in_find_dates() -> None:
    assert found("Some 2014 troops were sent.") == []
    assert found("The pact was signed in 2014.") == ["2014"]
    assert found("the 1951 treaty") == ["1951"]
    # match_date itself accepts the year: the engine decides the context.
    assert match_date(ts("2014 troops"), 0) == len("2014 ")


# --- weeks and "ago" --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("last week", PUB, (D(2015, 3, 1), "month")),  # Mar 2-8
        ("this week", PUB, (D(2015, 3, 1), "month")),  # Mar 9-15
        ("earlier this week", PUB, (D(2015, 3, 1), "month")),
        ("next week", D(2015, 3, 24), (D(2015, 1, 1), "year")),  # Mar 30-Apr 5
        ("last week", D(2015, 1, 1), (D(2014, 12, 1), "month")),  # Dec 22-28
        ("this weekend", PUB, (D(2015, 3, 1), "month")),
        ("last weekend", D(2015, 3, 2), (D(2015, 1, 1), "year")),  # Feb 28-Mar 1
    ],
)
def test_week_expressions_resolve_to_the_period_holding_the_whole_week(
    text: str, published: D, expected: tuple[D, str]
) -> None:
    assert value(text, published) == expected


def test_week_spanning_new_year_is_recognised_but_unresolved() -> None:
    s = ts("this week")
    assert match_date(s, 0) == len(s)
    assert resolve_date("this week", D(2015, 1, 1)) is None  # Dec 29 - Jan 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two days ago", (D(2015, 3, 11), "day")),
        ("3 years ago", (D(2012, 1, 1), "year")),
        ("a month ago", (D(2015, 2, 1), "month")),
        ("a week ago", (D(2015, 3, 1), "month")),
    ],
)
def test_ago_counts_back_from_publication(text: str, expected: tuple[D, str]) -> None:
    assert value(text) == expected


def test_vague_ago_is_recognised_but_unresolved() -> None:
    assert found("It happened several days ago.") == ["several days ago"]
    assert resolve_date("several days ago", PUB) is None


# --- publication date missing, garbage ----------------------------------------------------


@pytest.mark.parametrize(
    "text", ["March 13, 2015", "13 March 2015", "2015-03-13", "January 2014", "in 2014"]
)
def test_absolute_dates_resolve_without_a_publication_date(text: str) -> None:
    assert resolve_date(text, None) is not None


@pytest.mark.parametrize(
    "text", ["Friday", "yesterday", "last month", "March 13", "in January", "last year"]
)
def test_relative_dates_need_a_publication_date(text: str) -> None:
    assert resolve_date(text, None) is None


@pytest.mark.parametrize(
    "text", ["", " ", "garbage", "signed a pact", "March", "13", "on", "Friday's", "\x00\u2013"]
)
def test_garbage_gives_none_or_a_value_never_an_error(text: str) -> None:
    got = resolve_date(text, PUB)
    assert got is None or isinstance(got, DateValue)


def test_odd_arguments_do_not_raise() -> None:
    assert resolve_date(None, PUB) is None  # type: ignore[arg-type]
    assert resolve_date("Friday", "2015-03-13") is None  # type: ignore[arg-type]
    assert resolve_date("Friday", dt.datetime(2015, 3, 13, 9)) == DateValue(
        D(2015, 3, 13), DAY, "Friday"
    )
    assert resolve_date("Sunday", dt.date.min) is None  # would fall before year 1
    assert resolve_date("next year", dt.date.max) is None
    s = ts("signed on Friday")
    for loc in (-3, len(s), len(s) + 10):
        assert match_date(s, loc) is None


# --- recognition: false positives, spans, text -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "They may sign the deal.",
        "May sign the deal, officials said.",
        "Prime Minister Theresa May said the deal stands.",
        "Protesters joined a march on the embassy.",
        "March forward, the leader said.",
        "The August assembly ratified it.",
        "U.N. envoy Jan Egeland said talks would go on.",
        "It will take two years.",
        "The pact was signed.",
    ],
)
def test_month_words_used_otherwise_are_not_dates(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The pact was signed in May.", ["May"]),
        ("Talks have stalled since August.", ["August"]),
        ("They hope to sign by March.", ["March"]),
        ("It was signed May 5 in Paris.", ["May 5"]),
        ("It was agreed in August 2014.", ["August 2014"]),
        ("Talks resumed in late March.", ["late March"]),
        ("It was initialled on Jan. 9 and signed on Feb. 2.", ["Jan . 9", "Feb . 2"]),
    ],
)
def test_month_words_in_date_context_are_dates(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_match_date_does_not_consume_a_leading_preposition() -> None:
    s = ts("signed on Friday in Tokyo")
    on = s.index("on ")
    assert match_date(s, on) is None
    assert match_date(s, on + 3) == on + len("on Friday ")


def test_match_date_takes_the_longest_expression() -> None:
    s = ts("The deal was signed on March 13, 2015, in Paris.")
    start = s.index("March")
    assert s[start : match_date(s, start)] == "March 13 , 2015 "


def test_find_dates_lists_non_overlapping_spans_left_to_right() -> None:
    s = ts("Talks began last month and the pact was signed Friday, before a review next year.")
    spans = find_dates(s)
    assert [s[a:b] for a, b in spans] == ["last month ", "Friday ", "next year "]
    assert all(b1 <= a2 for (_, b1), (a2, _) in pairwise(spans))


def test_text_is_the_expression_as_written_in_the_token_string() -> None:
    assert resolve_date("Mar. 13, 2015", None) == DateValue(D(2015, 3, 13), DAY, "Mar . 13 , 2015")
    got = resolve_date("on Friday", PUB)
    assert got is not None
    assert got.text == "Friday"


# --- properties -------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
publication_dates = st.dates(D(1900, 1, 1), D(2100, 12, 31))


@given(publication_dates, st.sampled_from(range(7)))
def test_bare_weekday_is_within_the_week_up_to_publication(pub: D, weekday: int) -> None:
    past = resolve_date(WEEKDAYS[weekday], pub)
    assert past is not None
    assert past.date.weekday() == weekday
    assert 0 <= (pub - past.date).days <= 6
    assert past.precision is DAY
    ahead = resolve_date(WEEKDAYS[weekday], pub, future=True)
    assert ahead is not None
    assert ahead.date.weekday() == weekday
    assert 1 <= (ahead.date - pub).days <= 7


@given(st.dates(D(1950, 1, 1), D(2049, 12, 31)))
def test_written_out_date_is_matched_whole_and_read_back(d: D) -> None:
    s = ts(f"{MONTHS[d.month - 1]} {d.day}, {d.year}")
    assert match_date(s, 0) == len(s)
    got = resolve_date(s, None)
    assert got is not None
    assert (got.date, got.precision) == (d, DAY)


@given(st.text(max_size=80), st.integers(-3, 100))
def test_match_date_never_raises_on_arbitrary_token_strings(text: str, extra: int) -> None:
    s = ts(text)
    starts = [0]
    for word in s.split(" ")[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    for loc in [*starts, extra]:
        end = match_date(s, loc)
        assert end is None or loc < end <= len(s)
    resolve_date(text, PUB)


DATE_WORDS = (
    *WEEKDAYS, *MONTHS, "Sept", "Jan", ".", ",", "-", "13", "1", "31", "2015", "1999",
    "13th", "13-15", "2015-03-13", "mid-March", "mid-2014", "the", "of", "on", "in", "last",
    "next", "this", "coming", "early", "late", "earlier", "week", "month", "year", "weekend",
    "between", "and", "from", "to", "ago", "days", "two", "a", "today", "night", "'s",
)  # fmt: skip


@given(st.lists(st.sampled_from(DATE_WORDS), max_size=12), publication_dates, st.booleans())
def test_every_found_date_is_matched_and_resolves_without_error(
    words: list[str], pub: D, future: bool
) -> None:
    s = token_string(words)
    previous_end = 0
    for start, end in find_dates(s):
        assert previous_end <= start < end <= len(s)
        assert match_date(s, start) == end
        got = resolve_date(s[start:end].strip(), pub, future=future)
        assert got is None or got.text == s[start:end].strip()
        previous_end = end
