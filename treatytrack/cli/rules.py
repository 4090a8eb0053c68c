"""``treatytrack rules check`` and ``treatytrack rules diagram``: tools for rule authors.

``check`` loads packs (a broken pack: its error with a caret, exit 2), prints every lint
finding with ``file:line:column`` and a caret, runs every example and counter-example and
prints the results as a table; it exits 1 when an example fails or a finding is an error
(with ``--strict``, a warning too). ``diagram`` writes railroad diagrams of rules or of the
pattern language itself.
"""

from __future__ import annotations

import json
import sys

import click
from rich.markup import escape
from rich.table import Table

from ..engine import load_rules
from ..rules.diagram import grammar_diagram, rule_diagram
from ..rules.lint import Diagnostic
from ..testing.check import CheckReport, check
from ..testing.examples import ExampleResult
from .main import cli
from .render import print_table

__all__ = ["diagram", "rules", "rules_check"]


@cli.group()
def rules() -> None:
    """Check rule packs and draw their patterns."""


def _diagnostic_json(d: Diagnostic) -> dict[str, object]:
    where = d.location
    return {
        "kind": d.kind,
        "severity": d.severity,
        "message": d.message,
        "rule": d.rule,
        "path": where.path if where else None,
        "line": where.line if where else None,
        "column": where.column if where else None,
    }


def _result_json(r: ExampleResult) -> dict[str, object]:
    return {
        "name": r.name,
        "rule": r.rule.id,
        "counter": r.counter,
        "passed": r.passed,
        "text": r.example.text,
        "problems": list(r.problems),
    }


def results_table(results: tuple[ExampleResult, ...], *, only_failed: bool = False) -> Table:
    """One row per example or counter-example: rule, which one, pass or FAIL, text, why."""
    shown = [r for r in results if not (only_failed and r.passed)]
    failed = sum(1 for r in results if not r.passed)
    table = Table(title=f"{len(results)} examples and counter-examples, {failed} failed")
    for column in ("rule", "example", "result", "text", "problems"):
        table.add_column(column, overflow="fold")
    for r in shown:
        which = r.name[len(r.rule.id) :].strip("[]")
        result = "pass" if r.passed else "[bold red]FAIL[/]"
        table.add_row(
            r.rule.id,
            which,
            result,
            escape(r.example.text),
            escape("; ".join(r.problems)),
            style=None if r.passed else "red",
        )
    return table


def _summary(report: CheckReport) -> str:
    failed = len(report.failed)
    passed = len(report.results) - failed
    return (
        f"{len(report.rules)} rules: {passed} examples passed, {failed} failed; "
        f"{len(report.errors)} errors, {len(report.warnings)} warnings"
    )


@rules.command("check")
@click.argument("packs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--rule", "rule_ids", multiple=True, help="Check only this rule (repeatable).")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option("--failed", "only_failed", is_flag=True, help="List only the failing examples.")
@click.option(
    "--shadows",
    type=click.IntRange(0, 100),
    default=0,
    show_default=True,
    help="Sentences to write from each rule to find rules another one always overrides.",
)
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
def rules_check(
    packs: tuple[str, ...],
    rule_ids: tuple[str, ...],
    strict: bool,
    only_failed: bool,
    shadows: int,
    fmt: str,
) -> None:
    """Lint rule PACKS and run every rule's examples and counter-examples.

    Exit status: 0 when all is well, 1 when an example fails or a finding is an error
    (or, with --strict, a warning), 2 when a pack cannot be loaded.
    """
    ruleset = load_rules(*packs)
    unknown = [r for r in rule_ids if r not in ruleset.by_id]
    if unknown:
        raise click.BadParameter(
            f"no rule {', '.join(map(repr, unknown))} in these packs", param_hint="--rule"
        )
    report = check(ruleset, rule_ids=set(rule_ids) or None, shadows=shadows)
    if fmt == "json":
        data = {
            "ok": report.ok(strict=strict),
            "diagnostics": [_diagnostic_json(d) for d in report.diagnostics],
            "results": [_result_json(r) for r in report.results],
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for diagnostic in report.diagnostics:
            click.echo(diagnostic.render())
        print_table(results_table(report.results, only_failed=only_failed))
        click.echo(_summary(report))
    if not report.ok(strict=strict):
        sys.exit(1)


@rules.command("diagram")
@click.argument("packs", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--rule", "rule_ids", multiple=True, help="Draw this rule (repeatable); default all.")
@click.option("--grammar", is_flag=True, help="Draw the pattern language's grammar instead.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The file to write: .html (every diagram) or .svg (the first one).",
)
def diagram(packs: tuple[str, ...], rule_ids: tuple[str, ...], grammar: bool, output: str) -> None:
    """Write railroad diagrams of the rules of PACKS (or of the pattern grammar)."""
    if grammar:
        grammar_diagram(output)
    else:
        if not packs:
            raise click.UsageError("name the PACKS to draw, or pass --grammar")
        rule_diagram(load_rules(*packs), output, rule_ids or None)
    click.echo(f"wrote {output}")
