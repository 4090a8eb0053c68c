"""Places by name: venues in token strings and the states places lie in."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treatytrack.resolve.places import capitals, country_names, country_of_place, match_place
from treatytrack.text import token_string, tokenize


def ts(text: str) -> str:
    return token_string([t[0] for t in tokenize(text)])


def place_after(text: str, word: str) -> str | None:
    """The place matched right after the first token ``word`` of ``text``."""
    s = ts(text)
    loc = (" " + s).index(" " + word + " ") + len(word) + 1
    found = match_place(s, loc)
    return found[1] if found else None


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("They signed it in Tokyo on Friday .", "Tokyo"),
        ("Talks opened in Geneva .", "Geneva"),
        ("The summit was held in New Delhi .", "New Delhi"),
        ("They met in Tel Aviv .", "Tel Aviv"),
        ("Delegates gathered in Brussels .", "Brussels"),
        ("Clashes broke out in Samarra .", "Sāmarrā"),
        ("He spoke in Nice .", "Nice"),
        ("They met in Georgia .", "Georgia"),
    ],
)
def test_known_place_after_in_is_matched(sentence: str, place: str) -> None:
    assert place_after(sentence, "in") == place


def test_place_may_follow_the() -> None:
    assert place_after("They met at the Kremlin .", "at") == "Kremlin"
    assert place_after("It was signed in the United States .", "in") == "United States"


def test_longest_place_name_wins() -> None:
    s = ts("in New York City .")
    found = match_place(s, 3)
    assert found is not None
    assert s[3 : found[0]].strip() == "New York City"


def test_place_must_be_capitalised() -> None:
    assert place_after("They ate in paris .", "in") is None
    assert place_after("THEY MET IN PARIS", "IN") == "Paris"


def test_common_word_cities_need_context() -> None:
    # "Mobile", "Reading" and "Split" are cities, but not at the start of a sentence.
    assert match_place(ts("Reading the text , he frowned ."), 0) is None
    assert match_place(ts("Split decisions are rare ."), 0) is None
    # Words that are small cities never count: "Police", "Of", "Bush".
    assert place_after("Talks with Police chiefs .", "with") is None
    assert place_after("They met President Bush .", "President") is None


def test_unknown_venue_is_not_a_place() -> None:
    assert place_after("They met at the Iikura Guest House .", "at") is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Tel Aviv", "ISR"),
        ("Tehran", "IRN"),
        ("Darfur", "SDN"),
        ("Sindh", "PAK"),
        ("West Darfur State", "SDN"),
        ("Calgary", "CAN"),
        ("Kiev", "UKR"),
        ("Kyiv", "UKR"),
        ("Bombay", "IND"),
        ("Georgia", "GEO"),
        ("Texas", "USA"),
        ("the Gaza Strip", "PSE"),
        ("Hong Kong", "HKG"),
        ("Brussels", "BEL"),
        ("tokyo", "JPN"),
        ("Côte d'Ivoire", "CIV"),
    ],
)
def test_country_of_place(name: str, code: str) -> None:
    assert country_of_place(name) == code


def test_country_of_unknown_place_is_none() -> None:
    assert country_of_place("Nowhereville Upon Sea") is None
    assert country_of_place("") is None


@settings(max_examples=100, deadline=None)
@given(item=st.sampled_from(sorted(capitals().items())))
def test_every_capital_is_a_place_in_its_country(item: tuple[str, str]) -> None:
    name, code = item
    assert country_of_place(name) == code
    s = ts(f"The talks were held in {name} .")
    found = match_place(s, s.index(" in ") + 4)
    assert found is not None


@settings(max_examples=100, deadline=None)
@given(item=st.sampled_from(sorted(country_names().items())))
def test_every_country_name_is_its_own_place(item: tuple[str, str]) -> None:
    name, code = item
    assert country_of_place(name) == code
