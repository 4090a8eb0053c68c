"""``treatytrack coverage``: which rules fire over a corpus, and which triggers go unread."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..corpus import read_documents
from ..coverage import Coverage, coverage
from ..engine import load_rules
from .main import Problems, cli, published_option, rules_option
from .render import print_table

__all__ = ["coverage_command"]


def _counts(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title)
    table.add_column("value")
    table.add_column("events", justify="right")
    for name, count in counts.items():
        table.add_row(escape(name), str(count))
    return table


def _print(report: Coverage) -> None:
    console = Console(soft_wrap=False)
    console.print(
        f"{report.documents} documents, {report.sentences} sentences, "
        f"{report.candidates} with a trigger word, {report.events} events",
        highlight=False,
    )
    fired = Table(title="rules")
    fired.add_column("rule", overflow="fold")
    fired.add_column("events", justify="right")
    for rule, count in sorted(report.fired.items(), key=lambda kv: (-kv[1], kv[0])):
        fired.add_row(escape(rule), str(count), style="dim" if not count else None)
    print_table(fired)
    if report.never_fired:
        console.print(
            f"{len(report.never_fired)} rules never fired: "
            + escape(", ".join(report.never_fired)),
            highlight=False,
        )
    missed = Table(title="trigger words no rule matched (candidates for new rules)")
    missed.add_column("trigger", overflow="fold")
    missed.add_column("times", justify="right")
    missed.add_column("example sentences", overflow="fold")
    for miss in report.unmatched:
        missed.add_row(escape(miss.phrase), str(miss.count), escape("\n".join(miss.examples)))
    print_table(missed)
    print_table(_counts("events per kind", dict(report.kinds)))
    print_table(_counts("events per status", dict(report.statuses)))


@cli.command("coverage")
@click.argument("corpus", nargs=-1, required=True)
@rules_option
@published_option()
@click.option(
    "--examples",
    type=click.IntRange(0, 50),
    default=3,
    show_default=True,
    help="Example sentences kept per unmatched trigger.",
)
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
def coverage_command(
    corpus: tuple[str, ...],
    rule_packs: tuple[str, ...],
    published: dt.datetime | None,
    examples: int,
    fmt: str,
) -> None:
    """Rule coverage over CORPUS (text files, JSON-lines corpora, or - for standard input).

    How often each rule fired, the rules that never fired, trigger words that occurred
    with no rule matching them (with example sentences), and events per kind and status.
    """
    ruleset = load_rules(*rule_packs)
    problems = Problems()
    docs = read_documents(corpus, published=published.date() if published else None, warn=problems)
    report = coverage(docs, ruleset, examples=examples)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _print(report)
    if problems.count:
        sys.exit(1)
