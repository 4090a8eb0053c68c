"""Party mentions in token strings: states, demonyms with titles, organisations, seats of
government, armed groups, collective references, and venues that are never parties."""

from __future__ import annotations

import pickle

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treatytrack.records import Party, PartyKind
from treatytrack.resolve import _party_data
from treatytrack.resolve.parties import (
    Gazetteer,
    collective_counts,
    default_gazetteer,
    home_state,
    resolve_collective,
)
from treatytrack.resolve.places import capitals
from treatytrack.text import token_string, tokenize


def ts(text: str) -> str:
    """The token string of a sentence."""
    return token_string([t[0] for t in tokenize(text)])


def mentions(text: str) -> list[tuple[str, str]]:
    """(mention text, code) for every party found in a sentence."""
    s = ts(text)
    return [(s[a:b].strip(), p.code) for a, b, p in default_gazetteer().find_all(s)]


def at(text: str, word: str) -> tuple[str, Party] | None:
    """The mention matched at the first occurrence of ``word`` (a token) in ``text``."""
    s = ts(text)
    loc = (" " + s).index(" " + word + " ")
    found = default_gazetteer().match(s, loc)
    if found is None:
        return None
    return s[loc : found[0]].strip(), found[1]


def code_at(text: str, word: str) -> str | None:
    found = at(text, word)
    return found[1].code if found else None


# -- state names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("the UK", "GBR"),
        ("U.K.", "GBR"),
        ("England", "GBR"),
        ("the US", "USA"),
        ("U.S.", "USA"),
        ("USA", "USA"),
        ("America", "USA"),
        ("the United States", "USA"),
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("Vietnam", "VNM"),
        ("Laos", "LAO"),
        ("Bolivia", "BOL"),
        ("Venezuela", "VEN"),
        ("Tanzania", "TZA"),
        ("Moldova", "MDA"),
        ("South Korea", "KOR"),
        ("the Republic of Korea", "KOR"),
        ("ROK", "KOR"),
        ("North Korea", "PRK"),
        ("the DPRK", "PRK"),
        ("Burma", "MMR"),
        ("Myanmar", "MMR"),
        ("Ivory Coast", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("the Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("Macedonia", "MKD"),
        ("North Macedonia", "MKD"),
        ("Swaziland", "SWZ"),
        ("Eswatini", "SWZ"),
        ("Holland", "NLD"),
        ("the Netherlands", "NLD"),
        ("Congo", "COG"),
        ("DR Congo", "COD"),
        ("the DRC", "COD"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("East Timor", "TLS"),
        ("Cape Verde", "CPV"),
        ("the Philippines", "PHL"),
        ("West Germany", "DEU"),
        ("East Germany", "DEU"),
        ("the Soviet Union", "RUS"),
        ("the USSR", "RUS"),
        ("Yugoslavia", "SRB"),
        ("Kosovo", "XKX"),
        ("Taiwan", "TWN"),
        ("the Holy See", "VAT"),
        ("the Vatican", "VAT"),
        ("the Palestinian Authority", "PSE"),
        ("Palestine", "PSE"),
        ("the PLO", "PSE"),
        ("the Democratic Republic of the Congo", "COD"),
        ("the People's Republic of China", "CHN"),
    ],
)
def test_state_name_resolves_to_its_iso_code(name: str, code: str) -> None:
    first = name.split()[0]
    found = at(f"Officials from Japan met {name} , and {name} agreed .", first)
    # The first occurrence follows "met"; the whole name (with "the") is the mention.
    assert found is not None
    assert found == (ts(name).strip(), found[1])
    assert found[1].code == code
    assert found[1].kind is PartyKind.STATE


def test_longest_name_wins() -> None:
    assert mentions("South Sudan and Sudan signed a deal .") == [
        ("South Sudan", "SSD"),
        ("Sudan", "SDN"),
    ]
    assert mentions("Papua New Guinea and Guinea talked .") == [
        ("Papua New Guinea", "PNG"),
        ("Guinea", "GIN"),
    ]


def test_lower_case_words_are_not_states() -> None:
    assert mentions("We ate turkey in a chad of jordan almonds with georgia peaches .") == []


def test_headline_in_capitals_still_names_states() -> None:
    assert mentions("JAPAN AND FRANCE SIGN DEFENSE PACT") == [("JAPAN", "JPN"), ("FRANCE", "FRA")]


def test_georgia_is_the_country() -> None:
    assert code_at("Russia and Georgia signed a ceasefire .", "Georgia") == "GEO"


def test_region_names_are_not_their_countries() -> None:
    found = mentions("Latin American leaders met Native American groups in New Mexico .")
    assert found == []


def test_surname_or_given_name_is_not_a_state() -> None:
    assert code_at("Fans of Michael Jordan cheered .", "Jordan") is None
    assert code_at("Students at George Washington University protested .", "Washington") is None


def test_place_or_given_name_before_a_surname_is_a_person() -> None:
    assert mentions("Yesterday Chad Smith met Paris Hilton and Sofia Coppola .") == []
    assert mentions("Chad and Jordan agreed , Beijing Foreign Ministry spokesman Hua said .") == [
        ("Chad", "TCD"),
        ("Jordan", "JOR"),
        ("Beijing Foreign Ministry spokesman Hua", "CHN"),
    ]


def test_media_and_agreement_names_are_not_parties() -> None:
    assert mentions("The Washington Post and China Daily reported on the Minsk agreements .") == []
    assert code_at("They cited the Paris Agreement .", "Paris") is None
    assert code_at("Students of Seoul National University marched .", "Seoul") is None


# -- demonyms, titles and institutions -------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("French Foreign Minister Laurent Fabius", "FRA"),
        ("the Philippine foreign secretary", "PHL"),
        ("Indian Prime Minister Narendra Modi", "IND"),
        ("the Japanese government", "JPN"),
        ("Israeli army", "ISR"),
        ("Turkish authorities", "TUR"),
        ("Sudanese government", "SDN"),
        ("the Chinese side", "CHN"),
        ("U.S. Secretary of State Warren Christopher", "USA"),
        ("Iraqi President Saddam Hussein", "IRQ"),
        ("his Indian counterpart", "IND"),
        ("South Korean Defense Minister Jeong Kyeong-doo", "KOR"),
        ("the North Korean leader", "PRK"),
        ("Saudi officials", "SAU"),
        ("an Emirati delegation", "ARE"),
        ("Filipino troops", "PHL"),
        ("Ugandan President Yoweri Museveni", "UGA"),
        ("the British Foreign Office", "GBR"),
        ("Japan 's parliament", "JPN"),
        ("Montenegro 's prime minister", "MNE"),
        ("Lebanon 's new President Elias Hrawi", "LBN"),
        ("Poland 's Senate", "POL"),
        ("the government of Armenia", "ARM"),
        ("the president of Armenia", "ARM"),
        ("Minister of Foreign Affairs of Japan", "JPN"),
    ],
)
def test_demonym_with_title_resolves_to_state(phrase: str, code: str) -> None:
    text = f"On Friday {phrase} signed the accord ."
    first = ts(phrase).split()[0]
    found = at(text, first)
    assert found is not None
    assert found[0] == ts(phrase).strip()
    assert (found[1].code, found[1].kind) == (code, PartyKind.STATE)


def test_plural_demonyms_are_parties() -> None:
    assert mentions("Palestinians and Israelis resumed talks .") == [
        ("Palestinians", "PSE"),
        ("Israelis", "ISR"),
    ]
    assert mentions("Iraqi Kurds and Bosnian Serbs were consulted .") == [
        ("Iraqi Kurds", "IRQ"),
        ("Bosnian Serbs", "BIH"),
    ]


def test_coordinated_demonyms_share_the_head() -> None:
    assert mentions("Senior Hungarian and Romanian officials agreed .") == [
        ("Hungarian", "HUN"),
        ("Romanian officials", "ROU"),
    ]


def test_title_word_may_be_a_surname() -> None:
    assert mentions("British Defence Secretary Tom King visited .") == [
        ("British Defence Secretary Tom King", "GBR")
    ]


def test_coordinated_demonyms_before_sides() -> None:
    assert mentions("The Turkish and Greek sides agreed .") == [
        ("The Turkish", "TUR"),
        ("Greek sides", "GRC"),
    ]


def test_demonym_alone_before_a_thing_is_not_a_party() -> None:
    assert mentions("He sold Japanese cars and French wine in the Indian Ocean .") == []
    assert mentions("The English and French texts are equally authentic .") == []


def test_the_plus_demonym_as_a_noun_is_a_party() -> None:
    assert mentions("The French agreed , but the British declined .") == [
        ("The French", "FRA"),
        ("the British", "GBR"),
    ]


def test_rebels_of_a_state_are_a_non_state_party() -> None:
    found = at("Talks with Sudanese rebels resumed .", "Sudanese")
    assert found is not None
    assert found[1] == Party("Sudanese rebels", PartyKind.NON_STATE, "Sudanese rebels")
    assert home_state(found[1]) == "SDN"


# -- organisations, seats, regions, armed groups --------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("the European Union", "EU"),
        ("EU", "EU"),
        ("the U.N.", "UN"),
        ("the United Nations", "UN"),
        ("NATO", "NATO"),
        ("Nato", "NATO"),
        ("the African Union", "AU"),
        ("ASEAN", "ASEAN"),
        ("the Association of Southeast Asian Nations", "ASEAN"),
        ("U.N. Secretary-General Kofi Annan", "UN"),
        ("the EU 's trade commissioner", "EU"),
        ("the U.N. Security Council", "UN"),
        ("the Security Council", "UN"),
        ("OPEC", "OPEC"),
        ("Mercosur", "MERCOSUR"),
        ("the Gulf Cooperation Council", "GCC"),
        ("the World Health Organization", "WHO"),
        ("the IAEA", "IAEA"),
        ("the G7", "G7"),
        ("the G20", "G20"),
        ("the World Bank", "WORLD BANK"),
        ("the Arab League", "ARAB LEAGUE"),
        ("ECOWAS", "ECOWAS"),
        ("the OSCE", "OSCE"),
        ("APEC", "APEC"),
        ("Brussels", "EU"),
    ],
)
def test_organisation_names_and_acronyms(phrase: str, code: str) -> None:
    first = ts(phrase).split()[0]
    found = at(f"Japan and {phrase} agreed .", first)
    assert found is not None
    assert found[0] == ts(phrase).strip()
    assert (found[1].code, found[1].kind) == (code, PartyKind.ORGANISATION)


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Washington", "USA"),
        ("Beijing", "CHN"),
        ("Moscow", "RUS"),
        ("the Kremlin", "RUS"),
        ("the White House", "USA"),
        ("Downing Street", "GBR"),
        ("Whitehall", "GBR"),
        ("Tokyo", "JPN"),
        ("Paris", "FRA"),
        ("Seoul", "KOR"),
        ("Pyongyang", "PRK"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Tehran", "IRN"),
        ("Ankara", "TUR"),
        ("New Delhi", "IND"),
        ("Islamabad", "PAK"),
        ("Tel Aviv", "ISR"),
        ("Jerusalem", "ISR"),
        ("Damascus", "SYR"),
        ("Baghdad", "IRQ"),
        ("Cairo", "EGY"),
        ("Riyadh", "SAU"),
        ("Canberra", "AUS"),
        ("Ottawa", "CAN"),
        ("Manila", "PHL"),
        ("Hanoi", "VNM"),
        ("Havana", "CUB"),
        ("Caracas", "VEN"),
        ("Gaza", "PSE"),
        ("the West Bank", "PSE"),
        ("Darfur", "SDN"),
        ("Crimea", "UKR"),
        ("Chechnya", "RUS"),
    ],
)
def test_capital_or_seat_as_metonym_is_a_state(phrase: str, code: str) -> None:
    first = ts(phrase).split()[0]
    found = at(f"Talks with {phrase} resumed after {phrase} said so .", first)
    assert found is not None
    assert (found[1].code, found[1].kind) == (code, PartyKind.STATE)


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Hamas", "Hamas"),
        ("Hezbollah", "Hezbollah"),
        ("Hizbollah", "Hezbollah"),
        ("the Taliban", "Taliban"),
        ("FARC", "FARC"),
        ("the ELN", "ELN"),
        ("M23", "M23"),
        ("the MILF", "MILF"),
        ("the Moro Islamic Liberation Front", "MILF"),
        ("the Houthis", "Houthis"),
        ("al-Shabaab", "al-Shabaab"),
        ("the SPLM", "SPLM"),
        ("the RSF", "RSF"),
        ("the Polisario Front", "Polisario"),
        ("the PKK", "PKK"),
        ("the IRA", "IRA"),
    ],
)
def test_armed_group_is_a_non_state_party(phrase: str, code: str) -> None:
    first = ts(phrase).split()[0]
    found = at(f"Officials met {phrase} on Friday .", first)
    assert found is not None
    assert (found[1].code, found[1].kind) == (code, PartyKind.NON_STATE)


def test_groups_have_home_states() -> None:
    g = default_gazetteer()
    assert g.home_state(Party("Hamas", PartyKind.NON_STATE)) == "PSE"
    assert g.home_state(Party("Taliban", PartyKind.NON_STATE)) == "AFG"
    assert g.home_state(Party("JPN", PartyKind.STATE)) == "JPN"
    assert g.home_state(Party("EU", PartyKind.ORGANISATION)) is None


# -- venues ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan and France signed a pact in Tokyo .",
        "Talks in Geneva ended .",
        "He made a visit to Beijing .",
        "They met at the Kremlin .",
        "The accord was signed in the United States .",
        "Troops withdrew from Iraq .",
        "Leaders gathered in the Chinese capital Beijing .",
        "Fighting raged in the northern city of Kirkuk and across Syria .",
    ],
)
def test_venue_is_never_a_party(sentence: str) -> None:
    venues = {"Tokyo", "Geneva", "Beijing", "Kremlin", "United", "Iraq", "Syria"}
    found = [m for m, _ in mentions(sentence)]
    assert not any(set(m.split()) & venues for m in found)


def test_origin_seat_and_recipient_are_not_venues() -> None:
    assert mentions("Negotiators from Canada met officials from Japan .") == [
        ("Canada", "CAN"),
        ("Japan", "JPN"),
    ]
    assert mentions("Lawmakers in Seoul ratified the treaty .") == [("Seoul", "KOR")]
    assert mentions("NATO pledged military aid to Ukraine .") == [
        ("NATO", "NATO"),
        ("Ukraine", "UKR"),
    ]
    assert mentions("Modi paid a visit to Japan , then flew to Tokyo .") == []


def test_capital_that_acts_is_a_party() -> None:
    assert mentions("Washington and Beijing signed ; talks with Beijing ; Kyiv said .") == [
        ("Washington", "USA"),
        ("Beijing", "CHN"),
        ("Beijing", "CHN"),
        ("Kyiv", "UKR"),
    ]


@settings(max_examples=150, deadline=None)
@given(
    capital=st.sampled_from(sorted(capitals())),
    prep=st.sampled_from(sorted(_party_data.VENUE_PREPS)),
    article=st.sampled_from(["", "the "]),
)
def test_venue_preposition_before_a_capital_always_blocks_it(
    capital: str, prep: str, article: str
) -> None:
    # After a verb of motion, so that "to" and "from" are locative even for city states.
    s = ts(f"The delegates travelled {prep} {article}{capital} last week .")
    loc = s.index(f" {prep} ") + len(prep) + 2
    assert default_gazetteer().match(s, loc) is None
    if article:
        assert default_gazetteer().match(s, loc + len(article)) is None


_SOVEREIGN = sorted(
    (c.alpha_3, getattr(c, "common_name", None) or c.name)
    for c in pycountry.countries
    if c.alpha_3 in _party_data.DEMONYMS
    and "," not in (getattr(c, "common_name", None) or c.name)
    and "(" not in c.name
)


@settings(max_examples=200, deadline=None)
@given(state=st.sampled_from(_SOVEREIGN))
def test_every_state_name_after_and_resolves_to_its_code(state: tuple[str, str]) -> None:
    code, name = state
    s = ts(f"Ministers of Japan and {name} signed the treaty .")
    found = default_gazetteer().match(s, s.index(" and ") + 5)
    assert found is not None
    assert found[1].code == code


_WORDS = [
    "Japan",
    "and",
    "the",
    "French",
    "Foreign",
    "Minister",
    "signed",
    "in",
    "Tokyo",
    "two",
    "sides",
    "both",
    "they",
    "U.N.",
    "'s",
    "government",
    ",",
    ".",
    "of",
    "Laurent",
    "Hamas",
    "talks",
    "with",
    "Beijing",
    "at",
    "Kremlin",
    "agreed",
    "Indian",
    "counterpart",
    "four",
]


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=25))
def test_mentions_are_ordered_disjoint_and_on_token_boundaries(words: list[str]) -> None:
    s = token_string(words)
    starts = {0} | {i + 1 for i, c in enumerate(s) if c == " "}
    last = 0
    for start, end, party in default_gazetteer().find_all(s):
        assert start >= last
        assert start in starts
        assert end in starts or end == len(s)
        assert end > start
        assert isinstance(party, Party)
        last = end


# -- collective references ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "size", "counts"),
    [
        ("the two sides", 2, "states"),
        ("both sides", 2, "states"),
        ("both countries", 2, "states"),
        ("the two countries", 2, "states"),
        ("the two nations", 2, "states"),
        ("both governments", 2, "states"),
        ("the two governments", 2, "states"),
        ("the three nations", 3, "states"),
        ("the 27 member states", 27, "states"),
        ("the parties", None, "states"),
        ("the sides", None, "states"),
        ("all sides", None, "states"),
        ("the allies", None, "states"),
        ("the four ministers", 4, "people"),
        ("the four defence chiefs", 4, "people"),
        ("the two leaders", 2, "people"),
        ("the ministers", None, "people"),
        ("the leaders", None, "people"),
        ("the four", 4, None),
        ("the two", 2, None),
        ("they", None, None),
    ],
)
def test_collective_reference_has_size_and_count(
    phrase: str, size: int | None, counts: str | None
) -> None:
    s = ts(f"{phrase} signed the pact .")
    found = default_gazetteer().match(s, 0)
    assert found is not None
    party = found[1]
    assert s[: found[0]].strip() == ts(phrase).strip()
    assert (party.kind, party.code, party.size) == (PartyKind.COLLECTIVE, "", size)
    assert collective_counts(party) == counts


def test_demonym_phrase_is_not_mistaken_for_a_collective() -> None:
    assert mentions("the Japanese government officials said so .") == [
        ("the Japanese government officials", "JPN")
    ]
    found = default_gazetteer().match(ts("the two Asian nations agreed ."), 0)
    assert found is not None
    assert (found[1].kind, found[1].size) == (PartyKind.COLLECTIVE, 2)


def test_both_alone_before_a_verb_is_collective_but_not_before_names() -> None:
    found = default_gazetteer().match(ts("Both signed the deal ."), 0)
    assert found is not None
    assert found[1].size == 2
    assert default_gazetteer().match(ts("both Japan and France signed ."), 0) is None


def test_two_sides_take_the_latest_pair() -> None:
    sides = Party("", PartyKind.COLLECTIVE, "the two sides", 2)
    context = [("JPN", "PHL"), ("USA",), ("CHN", "FRA", "DEU")]
    assert resolve_collective(sides, context) == ("JPN", "PHL")
    assert resolve_collective(sides, [("USA",)]) == ("USA",)


def test_four_ministers_count_people_not_states() -> None:
    ministers = Party("", PartyKind.COLLECTIVE, "the four ministers", 4)
    context = [("AUS", "IND", "JPN", "USA"), ("JPN", "USA")]
    assert resolve_collective(ministers, context) == ("JPN", "USA")


def test_they_take_the_latest_set_of_two_or_more() -> None:
    they = Party("", PartyKind.COLLECTIVE, "they")
    assert resolve_collective(they, [("JPN", "FRA"), ("USA",)]) == ("JPN", "FRA")
    assert resolve_collective(they, [("USA",)]) == ()
    assert resolve_collective(they, []) == ()


# -- actor phrases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "code"),
    [
        ("Sudanese government", "SDN"),
        ("Palestinian leader Yasser Arafat", "PSE"),
        ("Tel Aviv", "ISR"),
        ("U.S. Secretary of State Warren Christopher", "USA"),
        ("government of Sindh province", "PAK"),
        ("Montenegro's prime minister", "MNE"),
        ("president of Armenia", "ARM"),
        ("King Hassan of Morocco", "MAR"),
        ("a Christian missionary from Calgary", "CAN"),
        ("in central Baghdad", "IRQ"),
        ("deputy governor of Tyumen", "RUS"),
        ("Vietnamese-led forces", "VNM"),
        ("Yoruba leaders", "NGA"),
        ("Ethopia", "ETH"),
    ],
)
def test_actor_phrase_resolves_to_its_state(actor: str, code: str) -> None:
    party = default_gazetteer().resolve_text(actor)
    assert party is not None
    assert party.kind is PartyKind.STATE
    assert party.code == code


def test_rebels_in_a_country_are_that_country_s_rebels() -> None:
    party = default_gazetteer().resolve_text("Rebels in the Ivory Coast")
    assert party is not None
    assert (party.code, party.kind) == ("Ivorian rebels", PartyKind.NON_STATE)
    assert home_state(party) == "CIV"


def test_actor_phrase_without_a_party_is_none() -> None:
    g = default_gazetteer()
    assert g.resolve_text("car bomb") is None
    assert g.resolve_text("") is None
    assert g.resolve_text("President Obama") is None  # no leaders table: a person is no place


# -- building -------------------------------------------------------------------------------


def test_default_gazetteer_is_built_once_and_pickles() -> None:
    g = default_gazetteer()
    assert default_gazetteer() is g
    clone = pickle.loads(pickle.dumps(g))
    assert isinstance(clone, Gazetteer)
    s = ts("Japan and France signed .")
    assert clone.find_all(s) == g.find_all(s)


def test_demonym_words_are_written_forms() -> None:
    words = default_gazetteer().demonym_words
    assert {"French", "Japanese", "Israeli", "U.S."} <= words
    assert "South" not in words
