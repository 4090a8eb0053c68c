"""The exceptions treatytrack raises for a user's mistake: one root, specific children.

A user's mistake (a broken rule pack, an unreadable input) is reported by one of these,
rendered as a message that names the place; the command line prints it without a traceback.

.. versionadded:: 0.1
"""

from __future__ import annotations

__all__ = [
    "InputError",
    "InputWarning",
    "Location",
    "RulePackError",
    "StoreError",
    "TreatytrackError",
]

import attrs


class TreatytrackError(Exception):
    """The root of every error treatytrack raises on purpose."""


@attrs.frozen(slots=True)
class Location:
    """A place in a file: 1-based line and column, and the text of that line."""

    path: str
    line: int
    column: int
    source_line: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def context(self) -> str:
        """The offending line with a caret under the column, as lark draws it."""
        if not self.source_line:
            return ""
        line = self.source_line.rstrip("\n").expandtabs(1)
        return f"    {line}\n    {' ' * (self.column - 1)}^"


class RulePackError(TreatytrackError, ValueError):
    """A rule pack that cannot be loaded: the message names file:line:column and draws a caret.

    ``kind`` is a short machine-readable name of the mistake ("unknown-lexicon",
    "unbounded-gap", ...) so tools and tests can tell mistakes apart without parsing text.
    """

    def __init__(
        self, message: str, location: Location | None = None, kind: str = "invalid"
    ) -> None:
        self.message = message
        self.location = location
        self.kind = kind
        super().__init__(self.render())

    def render(self) -> str:
        if self.location is None:
            return self.message
        text = f"{self.location}: {self.message}"
        context = self.location.context()
        return f"{text}\n{context}" if context else text


class InputError(TreatytrackError, ValueError):
    """An input document that cannot be read (names the file and the line or byte offset)."""


class InputWarning(UserWarning):
    """Input read only in part: a run-on sentence cut into pieces, a sentence cut at the
    token limit, a sentence whose matching budget ran out. The message names the document
    and the character offset; the command line prints it as ``warning: ...``.

    Silence it with ``warnings.simplefilter("ignore", InputWarning)``, or turn it into an
    error with ``"error"``.

    .. versionadded:: 0.1
    """


class StoreError(TreatytrackError, OSError):
    """The agreement store cannot be opened or written; what was committed stays valid."""
