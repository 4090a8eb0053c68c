"""Which modules run compiled, and the switch that runs them all as Python.

A wheel built with mypyc (setup.py) holds :data:`COMPILED` as C extensions beside their
sources; Python imports the extension first. ``TREATYTRACK_PURE_PYTHON=1`` in the
environment, set before treatytrack is imported, makes them load from their sources instead:
the same results, slower, but visible to Python's profilers and debuggers. This module
imports nothing but the standard library: setup.py reads :data:`COMPILED` from it.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

__all__ = ["COMPILED", "PURE_PYTHON_VARIABLE", "compiled_modules", "run_as_python", "stale_modules"]

# The modules mypyc compiles: where news text spends its time in Python loops and calls
# that compiled code makes cheaper (docs/performance.md says what was measured and left).
COMPILED = (
    "treatytrack.text",
    "treatytrack.engine.prefilter",
    "treatytrack.engine.classes",
    "treatytrack.rules.machine",
    "treatytrack.resolve._tokens",
    "treatytrack.resolve._collective",
    "treatytrack.resolve._matcher",
    "treatytrack.resolve.parties",
    "treatytrack.rules.classes",
    "treatytrack.engine.matching",
)
PURE_PYTHON_VARIABLE = "TREATYTRACK_PURE_PYTHON"


def _origins() -> dict[str, Path]:
    """Where each module of :data:`COMPILED` was (or would be) loaded from."""
    origins = {}
    for name in COMPILED:
        module = sys.modules.get(name)
        origin = getattr(module, "__file__", None)
        if origin is None:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
        if origin is not None:
            origins[name] = Path(origin)
    return origins


def compiled_modules() -> list[str]:
    """The modules of :data:`COMPILED` that this process runs compiled."""
    return [name for name, origin in _origins().items() if origin.suffix != ".py"]


def stale_modules() -> list[str]:
    """Compiled modules older than their source beside them: a source tree edited since
    its last in-place build (``pip install -e .`` again rebuilds them)."""
    stale = []
    for name, built in _origins().items():
        source = built.parent / (name.rpartition(".")[2] + ".py")
        compiled = built.suffix != ".py" and source.exists()
        if compiled and source.stat().st_mtime > built.stat().st_mtime:
            stale.append(name)
    return stale


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Finds the modules of :data:`COMPILED` as their ``.py`` sources."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in COMPILED or path is None:
            return None
        source = Path(next(iter(path))) / (fullname.rpartition(".")[2] + ".py")
        if not source.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def run_as_python() -> None:
    """From now on, import the compiled modules from their sources (call it before they
    are imported: treatytrack's own import does when :data:`PURE_PYTHON_VARIABLE` is set)."""
    if not any(isinstance(finder, _SourceFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SourceFirst())


if os.environ.get(PURE_PYTHON_VARIABLE):
    run_as_python()
