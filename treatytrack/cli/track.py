"""``treatytrack track``, ``agreements`` and ``history``: the tracker on the command line.

``track`` ingests documents into an agreement database (a progress bar on corpora);
``agreements`` lists the agreements as a table, JSON, JSON lines or CSV; ``history`` shows
one agreement's history with its evidence. Everything here is a call to
:class:`~treatytrack.track.Tracker`; errors end in a message and exit status 2.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..corpus import read_documents
from ..engine import load_rules
from ..errors import InputError
from ..records import Kind, Modality, Polarity, Status
from ..track import Agreement, StatusChange, Tracker, agreement_to_json
from ..track.records import Effect, Flag
from .main import Problems, cli, published_option, rules_option

__all__ = ["agreements", "history", "track"]

DB_HELP = "The agreement database (SQLite)."
FORMATS = ("table", "json", "jsonl", "csv")


def _expected_documents(files: tuple[str, ...]) -> int | None:
    """How many documents the files hold, for the progress bar (None when unknown)."""
    total = 0
    for name in files:
        path = Path(name)
        if name == "-" or not path.is_file():
            return None
        if name.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            total += 1
    return total


@cli.command("track")
@click.argument("files", nargs=-1, required=True)
@click.option("--db", default="agreements.db", show_default=True, help=DB_HELP)
@published_option()
@rules_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def track(
    files: tuple[str, ...],
    db: str,
    published: dt.datetime | None,
    rule_packs: tuple[str, ...],
    quiet: bool,
) -> None:
    """Ingest FILES (texts, JSON-lines corpora, or - for standard input) into the database.

    Each document is committed on its own: an interrupted run keeps what it finished,
    and running again skips documents already ingested with the same text.
    """
    rules = load_rules(*rule_packs) if rule_packs else None
    problems = Problems()
    counts: Counter[str] = Counter()
    events = 0
    with Tracker(db, rules=rules) as tracker:
        docs = read_documents(
            files, published=published.date() if published else None, warn=problems
        )
        console = Console(stderr=True)
        columns = (
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, disable=quiet, transient=True) as progress:
            task = progress.add_task("ingesting", total=_expected_documents(files))
            for result in tracker.ingest_many(docs):
                counts[result.outcome.value] += 1
                events += result.events
                progress.advance(task)
        agreements = len(tracker.agreements())
    if not quiet:
        done = sum(counts.values())
        click.echo(
            f"{done} document{'s' if done != 1 else ''} ({counts['added']} added, "
            f"{counts['unchanged']} unchanged, {counts['replaced']} replaced), "
            f"{events} events; {agreements} agreements in {db}",
            err=True,
        )
    if problems.count:
        sys.exit(1)


@cli.command("agreements")
@click.option("--db", default="agreements.db", show_default=True, help=DB_HELP)
@click.option("--party", default=None, help="Only agreements with this party (JPN, EU ...).")
@click.option("--status", type=click.Choice([s.value for s in Status]), default=None)
@click.option("--kind", type=click.Choice([k.value for k in Kind]), default=None)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only agreements seen on or after this date (YYYY-MM-DD).",
)
@click.option("--text", default=None, help="A piece of the name, an alias or the topic.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def agreements(
    db: str,
    party: str | None,
    status: str | None,
    kind: str | None,
    since: dt.datetime | None,
    text: str | None,
    fmt: str,
) -> None:
    """List the agreements in the database, with their current status."""
    day = since.date() if since else None
    with Tracker(db, create=False) as tracker:
        found = tracker.agreements(party=party, status=status, kind=kind, since=day, text=text)
        if fmt == "jsonl":
            tracker.export_jsonl(sys.stdout, found)
        elif fmt == "csv":
            tracker.export_csv(sys.stdout, found)
        elif fmt == "json":
            data = [agreement_to_json(a) for a in found]
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            Console().print(agreements_table(found))


@cli.command("history")
@click.argument("agreement_id")
@click.option("--db", default="agreements.db", show_default=True, help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table")
def history(agreement_id: str, db: str, fmt: str) -> None:
    """Show the history of agreement AGREEMENT_ID, with the evidence of every change."""
    with Tracker(db, create=False) as tracker:
        found = tracker.get(agreement_id)
    if found is None:
        raise InputError(f"{db}: no agreement with id {agreement_id!r}")
    if fmt == "json":
        click.echo(json.dumps(agreement_to_json(found), ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(_headline(found))
    console.print(history_table(found.history))


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _headline(agreement: Agreement) -> str:
    status = agreement.status.value if agreement.status else "no status yet"
    since = f" since {_date(agreement.status_date)}" if agreement.status_date else ""
    also = f" (also: {', '.join(agreement.aliases)})" if agreement.aliases else ""
    steps = "; ".join(
        f"{p.status.value} by {p.party} {_date(p.date)}".strip() for p in agreement.party_status
    )
    lines = [
        f"[bold]{agreement.name}[/bold]{also}",
        f"{agreement.id}: {agreement.kind.value}, {', '.join(agreement.parties)}: {status}{since}",
    ]
    if steps:
        lines.append(f"parties: {steps}")
    for link in agreement.candidates:
        lines.append(f"maybe the same as {link.other_id} ({link.reason.value}, {link.score:.2f})")
    return "\n".join(lines)


def agreements_table(found: list[Agreement]) -> Table:
    """One row per agreement."""
    table = Table(title=f"{len(found)} agreement{'s' if len(found) != 1 else ''}")
    for column in ("id", "name", "kind", "status", "since", "parties", "party steps", "changes"):
        table.add_column(column, overflow="fold")
    for a in found:
        name = a.name + (f" ({', '.join(a.aliases)})" if a.aliases else "")
        steps = ", ".join(f"{p.party} {p.status.value}" for p in a.party_status)
        flag = " !" if a.flagged else ""
        table.add_row(
            a.id,
            name,
            a.kind.value,
            a.status.value if a.status else "",
            _date(a.status_date),
            ", ".join(a.parties),
            steps,
            f"{len(a.history)}{flag}",
        )
    return table


def history_table(changes: tuple[StatusChange, ...]) -> Table:
    """One row per change: when, what, what it did, and the evidence."""
    table = Table(show_lines=False)
    for column in ("date", "status", "effect", "mood", "who", "document", "evidence"):
        table.add_column(column, overflow="fold")
    for c in changes:
        mood = c.modality.value
        if c.polarity is Polarity.NEGATIVE:
            mood += f", negative ({c.negation.value})" if c.negation else ", negative"
        effect = c.effect.value + (f" [{c.flag.value}]" if c.flag is not Flag.NONE else "")
        if c.note:
            effect += f": {c.note}"
        when = _date(c.date) or f"({_date(c.evidence.published)})"
        dim = c.effect is Effect.EVIDENCE or c.modality is not Modality.ASSERTED
        table.add_row(
            when,
            c.status.value,
            effect,
            mood,
            c.actor or ", ".join(c.parties),
            c.evidence.doc_id,
            c.evidence.sentence.text,
            style="dim" if dim else None,
        )
    return table
