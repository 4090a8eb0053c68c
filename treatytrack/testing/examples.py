"""Running a rule's examples and counter-examples, and comparing events with expectations.

An example passes when the whole rule set, reading its text, yields at least one event of
the example's rule that meets every field of ``expect``; a counter-example passes when it
yields no event of that rule. Running the whole set (not the rule alone) is deliberate: a
higher-priority rule that steals the trigger is a real conflict worth reporting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ..engine import Engine
from ..records import Event
from ..rules.pack import Example, Rule
from ..rules.ruleset import RuleSet

__all__ = ["ExampleResult", "check_expect", "run_examples"]


@attrs.frozen(slots=True)
class ExampleResult:
    """The outcome of one example or counter-example."""

    rule: Rule
    example: Example
    counter: bool
    passed: bool
    problems: tuple[str, ...]
    events: tuple[Event, ...]

    @property
    def name(self) -> str:
        """A stable test name: rule id, example or counter, and the number."""
        what = "counter" if self.counter else "example"
        index = (self.rule.counter_examples if self.counter else self.rule.examples).index(
            self.example
        )
        return f"{self.rule.id}[{what}-{index + 1}]"


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def check_expect(event: Event, expect: Mapping[str, Any]) -> list[str]:
    """The fields of ``event`` that differ from ``expect`` (empty when it meets them all)."""
    problems = []
    for key, want in expect.items():
        if key == "parties":
            got: Any = list(event.parties)
            want = sorted(want)
        elif key == "agreement":
            if want is None:
                got, want = event.agreement, None
            elif event.agreement is None:
                problems.append(f"agreement: expected {want!r}, got None")
                continue
            else:
                for sub, value in want.items():
                    have = getattr(event.agreement, sub)
                    if sub == "aliases":
                        have, value = sorted(have), sorted(value)
                    if have != value:
                        problems.append(f"agreement.{sub}: expected {value!r}, got {have!r}")
                continue
        elif key == "date":
            got, want = event.date, _as_date(want)
        elif key == "trigger":
            got = event.trigger.text
        elif key == "topic":
            got = (
                event.topic
                if event.topic is not None
                else (event.agreement.topic if event.agreement else None)
            )
        else:
            raw = getattr(event, key)
            got = raw.value if hasattr(raw, "value") else raw
        if got != want:
            problems.append(f"{key}: expected {want!r}, got {got!r}")
    return problems


def _run(engine: Engine, rule: Rule, example: Example, counter: bool) -> ExampleResult:
    doc = engine.read(example.text, doc_id=f"{rule.id}:example", published=example.published)
    mine = tuple(e for e in doc.events if e.rule == rule.id)
    if counter:
        problems = tuple(f"matched: {e.trigger.text!r} ({e.status.value})" for e in mine)
        return ExampleResult(rule, example, True, not mine, problems, mine)
    if not mine:
        others = ", ".join(f"{e.rule} on {e.trigger.text!r}" for e in doc.events) or "none"
        return ExampleResult(
            rule,
            example,
            False,
            False,
            (f"no event from this rule (events: {others})",),
            doc.events,
        )
    best: list[str] = []
    for event in mine:
        misses = check_expect(event, example.expect)
        if not misses:
            return ExampleResult(rule, example, False, True, (), mine)
        if not best or len(misses) < len(best):
            best = misses
    return ExampleResult(rule, example, False, False, tuple(best), mine)


def run_examples(rules: RuleSet, rule_ids: set[str] | None = None) -> Iterator[ExampleResult]:
    """Run the examples and counter-examples of every rule (or of the rules named)."""
    engine = Engine(rules)
    for compiled in rules.rules:
        rule = compiled.rule
        if rule_ids is not None and rule.id not in rule_ids:
            continue
        for example in rule.examples:
            yield _run(engine, rule, example, False)
        for example in rule.counter_examples:
            yield _run(engine, rule, example, True)
