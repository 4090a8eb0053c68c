"""The command line: ``treatytrack extract``, and more subcommands as the library grows.

Every user mistake ends with a one-line message (with a caret for rule packs) and exit
status 2; no traceback.
"""

from .main import cli, main

__all__ = ["cli", "main"]
