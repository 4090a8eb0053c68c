"""The matching machine: its steps, and pyparsing running the same machine as the engine."""

from __future__ import annotations

import pyparsing as pp
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from treatytrack.rules.classes import CLASSES
from treatytrack.rules.compile import Leads, compile_pattern, match_budget
from treatytrack.rules.machine import (
    BUDGET,
    AnyToken,
    Choice,
    End,
    Entries,
    MatchBudget,
    RequirementBits,
    Then,
    Words,
    holds_each,
    unlink,
)
from treatytrack.rules.pattern import Group, PatternSyntaxError, parse_pattern
from treatytrack.text import Tokens, sentence_spans

from .strategies import LEXICON_ENTRIES, led_patterns, pattern_texts


def _tokens(text: str) -> Tokens:
    return Tokens.of(text, sentence_spans(text)[0])


def test_atoms_take_their_longest_match_or_none() -> None:
    s = _tokens("The U.N. envoy signed a memorandum of understanding .").string.lower()
    signed = s.index("signed")
    assert Words("signed ").match_at(s, signed) == signed + len("signed ")
    assert Words("signed ").match_at(s, 0) is None
    entries = Entries("instrument", ["memorandum ", "memorandum of understanding "])
    memo = s.index("memorandum")
    assert entries.match_at(s, memo) == memo + len("memorandum of understanding ")
    assert entries.match_at(s, signed) is None
    assert AnyToken().match_at(s, 0) == len("the ")
    assert AnyToken().match_at(s, len(s)) is None


def test_a_choice_tries_its_alternatives_in_order_and_forgets_other_sentences() -> None:
    end = End()
    pact = Then(Words("pact "), end)
    treaty = Then(Words("treaty "), end)
    choice = Choice([pact, treaty])
    assert choice.first == frozenset({"pact", "treaty"})
    assert choice.depth == 1 + max(pact.depth, treaty.depth) == 3
    assert choice.fast("pact treaty ", 0) == (5, None)
    assert choice.fast("pact treaty ", 5) == (12, None)
    # the same position of another sentence is asked afresh, not read from the memo
    assert choice.fast("treaty pact ", 0) == (7, None)
    assert choice.fast("accord ", 0) is None


def test_a_spent_budget_unwinds_the_run_and_says_where() -> None:
    pattern = compile_pattern(
        parse_pattern("PARTY ...{0,8} trigger:signed"), LEXICON_ENTRIES, CLASSES
    )
    s = _tokens("Japan said that France and the others had finally signed .").string
    assert pattern.run(s, 0) is not None
    fresh = "".join(list(s))  # the same sentence read anew (answers are kept per string)
    assert fresh == s
    assert fresh is not s
    with match_budget(3) as budget:
        assert pattern.run(fresh, 0) is None
        assert pattern.run(fresh, len("Japan ")) is None  # nothing more once spent
    assert isinstance(budget, MatchBudget)
    assert budget.spent
    assert budget.spent_at == 0
    assert budget.left < 0


def test_a_budget_holds_inside_its_block_only() -> None:
    assert BUDGET.get() is None
    with match_budget(5) as outer:
        assert BUDGET.get() is outer
        with match_budget(7) as inner:
            assert BUDGET.get() is inner
            assert (inner.steps, inner.left) == (7, 7)
        assert BUDGET.get() is outer
        seen = []

        def fail_inside() -> None:
            with match_budget() as failing:
                seen.append(BUDGET.get() is failing)
                raise KeyError("a run that raises")

        with pytest.raises(KeyError):
            fail_inside()
        assert seen == [True]
        assert BUDGET.get() is outer  # given back on the way out of an error too
    assert BUDGET.get() is None


@given(led_patterns, pattern_texts)
@settings(max_examples=200)
def test_pyparsing_runs_the_same_matcher_as_the_engine(tree: Group, text: str) -> None:
    """The compiled pattern wrapped as a pyparsing element (its lead shared or not) matches
    where and as far as the engine's run does, and returns the capture marks as results."""
    try:
        whole = compile_pattern(tree, LEXICON_ENTRIES, CLASSES)
    except PatternSyntaxError:
        assume(False)
    leads = Leads()
    leads.note(tree, LEXICON_ENTRIES)
    leads.note(tree, LEXICON_ENTRIES)  # as if two patterns held the lead: it is shared
    shared = compile_pattern(tree, LEXICON_ENTRIES, CLASSES, leads=leads)
    tokens = _tokens(text)
    s = tokens.string
    for pattern in (whole, shared):
        element = pattern.element
        for loc in tokens.positions:
            with match_budget(10**6):
                found = pattern.run(s, loc)
            with match_budget(10**6):
                try:
                    end, marks = element._parse(s, loc, True, False)
                except pp.ParseException:
                    assert found is None
                    continue
            assert found is not None
            assert found.end == end
            assert {name for name, _, _ in found.captures} <= {mark.name for mark in marks}
            assert "trigger" in {mark.name for mark in marks}


def test_marks_unlink_in_text_order() -> None:
    linked = (("parties", True, 0), (("parties", False, 6), (("trigger", True, 6), None)))
    assert list(unlink(linked)) == [
        ("parties", True, 0),
        ("parties", False, 6),
        ("trigger", True, 6),
    ]
    assert list(unlink(None)) == []


@pytest.mark.parametrize("pattern", ["trigger:signed a pact", "PARTY trigger:signed"])
def test_a_compiled_pattern_knows_how_deep_it_nests(pattern: str) -> None:
    step = compile_pattern(parse_pattern(pattern), LEXICON_ENTRIES, CLASSES).step
    depth, walked = 0, step
    while walked is not None:  # a chain of single steps: one level each
        depth += 1
        walked = getattr(walked, "rest", None)
    assert step.depth == depth


_words = st.sampled_from(["a", "b", "c", "d", "e", "<YEAR>"])


@given(
    st.lists(st.lists(st.frozensets(_words, min_size=1), max_size=4), min_size=1, max_size=4),
    st.frozensets(_words),
)
def test_requirement_bits_answer_as_the_sets_do(
    branches: list[list[frozenset[str]]], sentence: frozenset[str]
) -> None:
    """A sentence's words ORed, ANDed with a branch's mask, say what the sets say: whether
    the sentence holds a word of each set the branch needs."""
    bits = RequirementBits(need for needs in branches for need in needs)
    held = 0
    for word in sentence:
        held |= bits.word_bits.get(word, 0)
    for needs in branches:
        mask = bits.mask(needs)
        assert (mask & held == mask) == holds_each(sentence, tuple(needs))
