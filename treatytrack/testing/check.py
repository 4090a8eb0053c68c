"""Checking rule packs: lint, examples, and the checks that need the engine.

:func:`check` is what ``treatytrack rules check`` runs: the lint of
:mod:`treatytrack.rules.lint`, every example and counter-example
(:func:`~treatytrack.testing.run_examples`), a counter-example that is read turned into an
error at its place in the pack, and rules that another rule overrides on every sentence
their own pattern allows (found with the sentence generator of
:mod:`treatytrack.strategies`).

.. versionadded:: 0.1
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import attrs

from ..engine import Engine, load_rules
from ..rules.lint import Diagnostic, lint, pattern_location
from ..rules.ruleset import RuleSet
from ..text import Tokens, sentence_spans
from ._generate import GenerationError, Generator, generate_many
from .examples import ExampleResult, run_examples

__all__ = ["CheckReport", "check", "check_packs", "overridden_rules"]

SHADOW_SENTENCES = 8  # sentences generated per rule to look for a rule that always wins


@attrs.frozen(slots=True)
class CheckReport:
    """Everything ``rules check`` found: diagnostics in file order, and example results."""

    rules: RuleSet
    diagnostics: tuple[Diagnostic, ...]
    results: tuple[ExampleResult, ...]

    @property
    def failed(self) -> tuple[ExampleResult, ...]:
        return tuple(r for r in self.results if not r.passed)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")

    def ok(self, *, strict: bool = False) -> bool:
        """No failed example and no error (and, when ``strict``, no warning either)."""
        return not (self.failed or self.errors or (strict and self.warnings))


def _counter_matches(results: Iterable[ExampleResult]) -> list[Diagnostic]:
    out = []
    for result in results:
        if result.counter and not result.passed:
            out.append(
                Diagnostic(
                    "counter-example-matches",
                    f"rule '{result.rule.id}' reads its own counter-example: "
                    + "; ".join(result.problems),
                    result.example.location,
                    "error",
                    result.rule.id,
                )
            )
    return out


def _winner(engine: Engine, text: str, trigger: int) -> str | None:
    """The rule whose match takes the word at offset ``trigger`` (None: no rule's does)."""
    for span in sentence_spans(text):
        if not span.start <= trigger < span.end:
            continue
        tokens = Tokens.of(text, span)
        t = tokens.index_of_offset(trigger)
        for other, match, _ in engine.reader.matches(tokens, tokens.lower()):
            trig = match.get("trigger")
            if trig is None:
                continue
            first, last = tokens.index_at(trig[0]), tokens.index_at(trig[1])
            if first <= t < last:
                return other.id
    return None


def overridden_rules(rules: RuleSet, sentences: int = SHADOW_SENTENCES) -> list[Diagnostic]:
    """Rules that another rule overrides on every sentence generated from their pattern.

    Each rule gets ``sentences`` sentences written from its own pattern (seeded, so the
    check repeats); where the rule alone reads them but, with the whole set, one other
    rule takes the trigger every time, the rule is reported as shadowed by it.
    """
    engine = Engine(rules)
    out = []
    for compiled in rules.rules:
        try:
            generator = Generator(compiled.rule, rules)
        except GenerationError:
            continue
        alone = Engine(rules.subset([compiled.id]))
        winners: Counter[str] = Counter()
        seed = zlib.crc32(compiled.id.encode())  # the same sentences every run
        for generated in generate_many(generator, sentences, seed=seed):
            if _winner(alone, generated.text, generated.trigger[0]) != compiled.id:
                continue  # not a sentence the rule reads on its own
            winners[_winner(engine, generated.text, generated.trigger[0]) or ""] += 1
        total = sum(winners.values())
        if total < 3 or compiled.id in winners or len(winners) != 1:
            continue
        ((other, _),) = winners.items()
        if not other:
            continue
        rule = compiled.rule
        out.append(
            Diagnostic(
                "shadowed-rule",
                f"rule '{rule.id}' never wins: on all {total} sentences written from its "
                f"pattern, rule '{other}' (priority {rules.by_id[other].rule.priority}) "
                f"takes the trigger (priority {rule.priority})",
                pattern_location(rule),
                rule=rule.id,
            )
        )
    return out


def check(rules: RuleSet, *, rule_ids: set[str] | None = None, shadows: int = 0) -> CheckReport:
    """Lint ``rules`` and run their examples; with ``shadows`` > 0, also write that many
    sentences per rule to find rules another one always overrides (slower: the engine
    reads each sentence twice)."""
    diagnostics = lint(rules)
    results = tuple(run_examples(rules, rule_ids))
    diagnostics += _counter_matches(results)
    if shadows:
        diagnostics += overridden_rules(rules, shadows)
    if rule_ids is not None:
        diagnostics = [d for d in diagnostics if d.rule is None or d.rule in rule_ids]
    order = {d: i for i, d in enumerate(diagnostics)}
    ranked = sorted(
        diagnostics,
        key=lambda d: (
            (d.location.path, d.location.line, d.location.column) if d.location else ("", 0, 0),
            order[d],
        ),
    )
    return CheckReport(rules, tuple(ranked), results)


def check_packs(
    paths: Iterable[str | Path], *, rule_ids: set[str] | None = None, shadows: int = 0
) -> CheckReport:
    """Load the packs at ``paths`` and :func:`check` them (a broken pack raises
    :class:`~treatytrack.errors.RulePackError`)."""
    return check(load_rules(*paths), rule_ids=rule_ids, shadows=shadows)
