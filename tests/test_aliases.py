"""Aliases: acronyms tied to the long forms whose initials they are."""

from __future__ import annotations

from hypothesis import example, given

from treatytrack.resolve.aliases import _DEFINITION, acronym_definitions, initials_match

from .strategies import acronym_texts


def _definitions_asking_every_length(text: str) -> dict[str, str]:
    """The plain form of :func:`acronym_definitions`: every number of words before the
    acronym asked, shortest first."""
    out: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        short = m.group(1)
        before = text[max(0, m.start() - 200) : m.start()].split()
        for n in range(1, min(len(before), len(short) * 2 + 5) + 1):
            candidate = " ".join(before[-n:])
            if initials_match(short, candidate):
                out.setdefault(short, candidate.strip(",;: "))
                break
    return out


def test_a_long_form_is_the_fewest_words_whose_initials_the_acronym_holds() -> None:
    text = (
        "India has not signed the Comprehensive Test-Ban Treaty (CTBT) and Russia left "
        "the 1972 Anti-Ballistic Missile (ABM) treaty."
    )
    assert acronym_definitions(text) == {
        "CTBT": "Comprehensive Test-Ban Treaty",
        "ABM": "Anti-Ballistic Missile",
    }
    assert acronym_definitions("shares of the company (XYZ) fell") == {}


@given(acronym_texts)
@example("signed the Cross-Servicing Agreement (SA) on Friday")  # a match from a later part
@example("the Trade/Economic Partnership (EP) and the new Free -Trade area (TA)")
def test_definitions_are_those_found_by_asking_every_length(text: str) -> None:
    # (words that cannot begin a match are passed over without asking initials_match)
    assert acronym_definitions(text) == _definitions_asking_every_length(text)
