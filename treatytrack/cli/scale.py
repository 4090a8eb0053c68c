"""``treatytrack extract-corpus``: a corpus on a Dask cluster into a Parquet events dataset.

Everything here is a call to :func:`treatytrack.dask.extract_corpus`; this module only
parses options, draws the progress bar and prints the summary. Dask is imported when the
command runs, never when the command line starts, so ``treatytrack --help`` works without
the optional extra.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..engine import load_rules
from ..errors import InputError
from .main import cli, published_option, rules_option

if TYPE_CHECKING:
    from distributed import Client

    from ..dask import BlockResult, CorpusSummary

__all__ = ["extract_corpus_command"]


@cli.command("extract-corpus")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out",
    required=True,
    help="The events dataset to write (a directory or an fsspec URL); must be empty.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="A running Dask scheduler (tcp://host:8786). Default: a local cluster.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes of the local cluster (default: one per core).",
)
@rules_option
@published_option()
@click.option(
    "--blocksize",
    default="1MiB",
    show_default=True,
    help="Split uncompressed JSON-lines files into blocks of about this size.",
)
@click.option("--overwrite", is_flag=True, help="Replace the dataset of an earlier run at --out.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def extract_corpus_command(
    paths: tuple[str, ...],
    out: str,
    scheduler: str | None,
    workers: int | None,
    rule_packs: tuple[str, ...],
    published: dt.datetime | None,
    blocksize: str,
    overwrite: bool,
    quiet: bool,
) -> None:
    """Extract the events of a corpus on Dask into a Parquet dataset.

    PATHS are files or quoted globs ('news/*.jsonl.gz'): JSON-lines corpora (.jsonl,
    .jsonl.gz) or text documents. Events go to OUT/month=YYYY-MM/, documents that fail to
    OUT/_errors/. Exit status 1 when some documents failed or were read only in part
    (bytes that are not UTF-8, a sentence cut), 2 on a usage error.
    """
    if scheduler is not None and workers is not None:
        raise click.UsageError("--workers sizes the local cluster; it cannot go with --scheduler")
    try:
        from ..dask import extract_corpus
    except ImportError as exc:
        raise InputError(str(exc)) from None
    try:
        from dask.utils import parse_bytes

        size = parse_bytes(blocksize)
    except ValueError:
        raise click.BadParameter(f"not a size: {blocksize!r}", param_hint="--blocksize") from None
    rules = load_rules(*rule_packs)
    console = Console(stderr=True)
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("blocks"),
        TimeElapsedColumn(),
    )
    totals = {"documents": 0, "events": 0, "failures": 0}
    with Progress(*columns, console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task("starting the cluster", total=None)

        def advance(result: BlockResult, done: int, total: int) -> None:
            totals["documents"] += result.documents
            totals["events"] += result.events
            totals["failures"] += result.failures
            description = (
                f"{totals['documents']} docs, {totals['events']} events, "
                f"{totals['failures']} failed"
            )
            progress.update(task, completed=done, total=total, description=description)

        def started(client: Client) -> None:
            services = client.scheduler_info().get("services", {})
            if "dashboard" in services and not quiet:
                console.print(f"Dask dashboard: {client.dashboard_link}")
            progress.update(task, description="extracting")

        summary = extract_corpus(
            paths,
            out,
            rules,
            scheduler,
            workers=workers,
            published=published.date() if published else None,
            blocksize=size,
            overwrite=overwrite,
            on_progress=advance,
            on_start=started,
        )
    if not quiet:
        console.print(_summary_table(summary))
        if summary.failures or summary.warnings:
            where = out.rstrip("/")
            click.echo(f"problems are listed in {where}/_errors (Parquet)", err=True)
    if summary.failures or summary.warnings:
        raise SystemExit(1)


def _summary_table(summary: CorpusSummary) -> Table:
    """Documents, events, failures and throughput of a run."""
    table = Table(title=f"extract-corpus -> {summary.out}", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    rows = (
        ("files / blocks", f"{summary.files} / {summary.blocks}"),
        ("documents", str(summary.documents)),
        ("events", str(summary.events)),
        ("failures", str(summary.failures)),
        ("read in part", str(summary.warnings)),
        ("workers", str(summary.workers)),
        ("cluster start", f"{summary.startup_seconds:.1f} s"),
        ("run", f"{summary.seconds:.1f} s ({summary.cpu_seconds:.1f} s of worker CPU)"),
        ("throughput", f"{summary.docs_per_second:.1f} docs/s, {summary.mb_per_second:.3f} MB/s"),
    )
    for what, value in rows:
        table.add_row(what, value)
    return table
