"""``treatytrack report``: one self-contained HTML page to check what was read.

Documents given as FILEs are read with the engine and shown whole, every event
highlighted; their agreements are folded by an in-memory tracker, or taken from an
agreement database with ``--db``. With ``--db`` alone, the page shows the database's
agreements and the sentences they cite. Everything here is a call to
:func:`treatytrack.report.render`.
"""

from __future__ import annotations

import datetime as dt
import sys

import click

from ..corpus import read_documents
from ..engine import Engine, load_rules
from ..track import Tracker
from .main import Problems, cli, published_option, rules_option

__all__ = ["report"]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@cli.command("report")
@click.argument("files", nargs=-1)
@click.option("--db", default=None, help="Take the agreements from this database (SQLite).")
@click.option(
    "-o",
    "--output",
    default="report.html",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The HTML file to write (- for standard output).",
)
@published_option()
@rules_option
@click.option("--title", default="treatytrack report", show_default=True, help="The page title.")
@click.pass_context
def report(
    ctx: click.Context,
    files: tuple[str, ...],
    db: str | None,
    output: str,
    published: dt.datetime | None,
    rule_packs: tuple[str, ...],
    title: str,
) -> None:
    """Write an HTML report of FILES (texts, JSON-lines corpora, - for standard input)
    and/or of the agreements in --db.

    Each document's events are highlighted in its text (hover or click for the rule,
    modality, polarity, speaker, parties and date); each agreement has a timeline of its
    status changes linked to their evidence; filters and a summary table sit on top.
    """
    if not files and db is None:
        raise click.UsageError("give documents (FILE...) or an agreement database (--db)")
    from ..report import render

    problems = Problems()
    documents = []
    if files:
        engine = Engine(load_rules(*rule_packs))
        day = published.date() if published else None
        documents = [engine.read(d) for d in read_documents(files, published=day, warn=problems)]
    agreements = None
    if db is not None:
        with Tracker(db, create=False) as tracker:
            agreements = tracker.agreements()
    try:
        html = render(documents, agreements, title=title)
    except ModuleNotFoundError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    with click.open_file(output, "w", encoding="utf-8") as out:
        out.write(html)
    if output != "-":
        parts = []
        if files:
            events = sum(len(d.events) for d in documents)
            parts.append(f"{_count(len(documents), 'document')} with {_count(events, 'event')}")
        if agreements is not None:
            parts.append(f"{_count(len(agreements), 'agreement')} from {db}")
        click.echo(f"wrote {output}: {'; '.join(parts)}", err=True)
    if problems.count:
        sys.exit(1)
