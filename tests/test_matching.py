"""The matches of one sentence: the engine's pruning (and the prefilter's) against every
rule tried everywhere."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from treatytrack import load_rules
from treatytrack.engine import Engine
from treatytrack.engine.matching import (
    MAX_PREFIX_TOKENS,
    _object_not_subject,
    _resolve_overlaps,
    reach,
)
from treatytrack.rules.compile import Branch, Match, match_budget
from treatytrack.rules.ruleset import CompiledRule
from treatytrack.strategies import sentences
from treatytrack.text import Tokens, sentence_spans

_RULES = load_rules()
_ENGINE = Engine(_RULES)


def _every_start(tokens: Tokens) -> list[tuple[str, int, int]]:
    """(rule id, trigger token, match end) of the first match of each rule for each of its
    trigger words, every rule run from every start within its reach, nothing pruned; then
    the engine's own filter (no object taken for a subject) and overlap resolution."""
    lower = tokens.lower()
    s = tokens.string
    found: list[tuple[CompiledRule, Match, int]] = []
    for t, word in enumerate(lower):
        for compiled in _RULES.trigger_index.get(word, ()):
            back = min(compiled.pattern.prefix_tokens, MAX_PREFIX_TOKENS)
            for start in range(max(0, t - back), t + 1):
                match = compiled.pattern.run(s, tokens.positions[start])
                if match is None or _object_not_subject(match, lower, start):
                    continue
                trigger = match.get("trigger")
                if trigger is not None and tokens.index_at(trigger[0]) == t:
                    found.append((compiled, match, t))
                    break
    return [(c.rule.id, t, m.end) for c, m, t in _resolve_overlaps(found, tokens)]


def _engine_matches(tokens: Tokens) -> list[tuple[str, int, int]]:
    return [(c.rule.id, t, m.end) for c, m, t in _ENGINE.reader.matches(tokens, tokens.lower())]


def _check(text: str) -> int:
    """The engine's matches are those of every start, and the prefilter keeps every
    sentence that holds one."""
    events = 0
    spans = sentence_spans(text)
    candidates = _ENGINE.prefilter.candidates(text, spans)
    for i, span in enumerate(spans):
        tokens = Tokens.of(text, span)
        with match_budget(10**7):
            expected = _every_start(tokens)
        with match_budget(10**7):
            assert _engine_matches(tokens) == expected, span.text
        assert i in candidates or not expected, span.text
        events += len(expected)
    return events


def test_the_engine_prunes_nothing_from_the_accuracy_corpus() -> None:
    """Every check that spares a run (words a rule needs, where its trigger's head and its
    branches' words stand, what a start can begin with, where shared leads end) gives the
    matches that running every rule from every start gives, on the corpus's real and
    written sentences."""
    corpus = yaml.safe_load(Path("tests/corpus/sentences.yaml").read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = sum(_check(entry["text"]) for entry in corpus)
    assert found > len(corpus) // 2  # (the check compared real matches, not only misses)


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_the_engine_prunes_nothing_from_generated_sentences(data: st.DataObject) -> None:
    compiled = data.draw(st.sampled_from(_RULES.rules))
    generated = data.draw(sentences(compiled, _RULES))
    prefix = data.draw(st.sampled_from(["", "Officials said on Friday that ", "In Geneva, "]))
    _check(prefix + generated.text)


@pytest.mark.parametrize(("prefix", "expected"), [(None, 30), (4, 4), (80, 30), (0, 0)])
def test_a_branch_reaches_back_at_most_the_cap(prefix: int | None, expected: int) -> None:
    assert reach(Branch((), (), 0, prefix=prefix)) == expected


def test_the_sets_placed_in_a_sentence_are_requirement_sets() -> None:
    # The sentence checks place only the words of requirement sets; every set they ask
    # where it stands (before or after a trigger, near a start) must be one.
    for compiled in _RULES.rules:
        for branch in compiled.pattern.branches:
            asked = {*branch.before, *branch.after, *branch.lead_requires}
            assert asked <= set(branch.requires), compiled.rule.id
