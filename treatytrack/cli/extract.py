"""``treatytrack extract``: events of documents as a table, JSON lines, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterable

import click

from ..corpus import read_documents
from ..engine import extract_many, load_rules
from ..records import Event
from ..serialize import event_to_json, flatten_event
from .main import Problems, cli, published_option, rules_option
from .render import events_table, print_table

__all__ = ["extract"]

FORMATS = ("table", "jsonl", "json", "csv")


@cli.command()
@click.argument("files", nargs=-1, required=True)
@published_option()
@rules_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Read the documents in this many processes (the same events, in the same order).",
)
def extract(
    files: tuple[str, ...],
    published: dt.datetime | None,
    rule_packs: tuple[str, ...],
    fmt: str,
    workers: int,
) -> None:
    """Extract agreement, negotiation and pledge events from FILES.

    A FILE is a text document, a JSON-lines corpus (.jsonl, .jsonl.gz: one document a line
    with id, text and optional published), or - for standard input.
    """
    rules = load_rules(*rule_packs)
    problems = Problems()
    docs = read_documents(files, published=published.date() if published else None, warn=problems)
    events = extract_many(docs, rules=rules, workers=workers)
    if fmt == "jsonl":
        for event in events:
            click.echo(json.dumps(event_to_json(event), ensure_ascii=False))
    elif fmt == "json":
        click.echo(json.dumps([event_to_json(e) for e in events], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        _write_csv(events)
    else:
        collected = list(events)
        print_table(events_table(collected))
    if problems.count:
        sys.exit(1)


def _write_csv(events: Iterable[Event]) -> None:
    writer: csv.DictWriter[str] | None = None
    buffer = io.StringIO()
    for event in events:
        row = flatten_event(event)
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        click.echo(buffer.getvalue(), nl=False)
        buffer.seek(0)
        buffer.truncate()
