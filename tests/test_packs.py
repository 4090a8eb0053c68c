"""The default packs: every rule's examples pass, and every rule is well exemplified."""

from __future__ import annotations

import pytest

import treatytrack
from treatytrack.testing import run_examples

RULES = treatytrack.load_rules()
RESULTS = list(run_examples(RULES))


@pytest.mark.parametrize("result", RESULTS, ids=[r.name for r in RESULTS])
def test_default_pack_example(result) -> None:  # type: ignore[no-untyped-def]
    assert result.passed, f"{result.example.text!r}: " + "; ".join(result.problems)


@pytest.mark.parametrize("rule", [c.rule for c in RULES.rules], ids=[c.id for c in RULES.rules])
def test_every_rule_has_three_examples_and_a_counter_example(rule) -> None:  # type: ignore[no-untyped-def]
    assert len(rule.examples) >= 3
    assert len(rule.counter_examples) >= 1


def test_examples_are_not_seed_sentences(seed_text: str) -> None:
    for compiled in RULES.rules:
        for example in compiled.rule.examples:
            assert example.text not in seed_text
