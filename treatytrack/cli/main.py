"""The ``treatytrack`` command group and its error handling."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

import click

from ..errors import InputWarning, TreatytrackError

__all__ = ["cli", "main"]


class _Group(click.Group):
    """Turns treatytrack's own errors into a message and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        with warnings.catch_warnings():
            # Input read only in part (a cut sentence) is printed like the reader's other
            # warnings, every time: each names its own document and offset.
            warnings.simplefilter("always", InputWarning)
            shown = warnings.showwarning

            def show(
                message: Warning | str,
                category: type[Warning],
                filename: str,
                lineno: int,
                file: TextIO | None = None,
                line: str | None = None,
            ) -> None:
                if issubclass(category, InputWarning):
                    click.echo(f"warning: {message}", err=True)
                else:
                    shown(message, category, filename, lineno, file, line)

            warnings.showwarning = show
            try:
                return super().invoke(ctx)
            except TreatytrackError as exc:
                click.echo(f"error: {exc}", err=True)
                ctx.exit(2)


F = TypeVar("F", bound=Callable[..., Any])


class Problems:
    """Counts the input problems a command reported (a bad corpus line, an unreadable byte)
    and prints each as ``warning: ...``; a command with any exits 1."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, message: str) -> None:
        self.count += 1
        click.echo(f"warning: {message}", err=True)


_PUBLISHED = "Publication date (YYYY-MM-DD) for documents that carry none."


def published_option(help: str = _PUBLISHED) -> Callable[[F], F]:
    """``--published DATE``: the date relative dates are read against."""
    return click.option(
        "--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help=help
    )


rules_option = click.option(
    "--rules",
    "rule_packs",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="A rule pack (YAML); repeat for several. Default: the built-in packs.",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="treatytrack")
def cli() -> None:
    """Read news text and track international agreements through their life."""


def _register() -> None:
    from . import coverage as _coverage  # noqa: F401 - registers its commands on import
    from . import explain as _explain  # noqa: F401 - registers its commands on import
    from . import extract  # noqa: F401 - registers its commands on import
    from . import report as _report  # noqa: F401 - registers its commands on import
    from . import rules as _rules  # noqa: F401 - registers its commands on import
    from . import scale as _scale  # noqa: F401 - registers extract-corpus (dask on use only)
    from . import track as _track  # noqa: F401 - registers its commands on import


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``treatytrack`` script."""
    _register()
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="treatytrack")
