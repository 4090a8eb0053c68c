"""Build: the package as plain Python, with the engine's hot modules compiled by mypyc.

The metadata lives in pyproject.toml; this file only adds the compiled modules. mypyc turns
the type-annotated modules below into C extensions (the same source, checked by mypy
--strict): a wheel then imports the compiled modules and runs the rest as Python. Where
compiling is not possible (no C compiler, ``TREATYTRACK_PURE_PYTHON=1``), or fails, the
build says so and installs the same modules as plain Python: the results are the same,
only slower (docs/performance.md).
"""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path
from typing import Any

from setuptools import find_packages, setup
from setuptools.command.build_ext import build_ext

# The modules compiled, as treatytrack/_compiled.py names them (it imports only the
# standard library, so the build can read it without treatytrack's dependencies).
_NAMES = runpy.run_path("treatytrack/_compiled.py")
COMPILED = [name.replace(".", "/") + ".py" for name in _NAMES["COMPILED"]]
PURE_PYTHON = _NAMES["PURE_PYTHON_VARIABLE"]


class _OptionalBuildExt(build_ext):
    """Builds the compiled modules, or warns and leaves them all to run as Python: a module
    compiled without the shared library the others build would not import."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:
            for ext in self.extensions:
                Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
            _warn(f"could not compile ({error}); installing plain Python")


def _warn(message: str) -> None:
    print(f"treatytrack build: {message}", file=sys.stderr)


def _extensions() -> list[Any]:
    # only a build compiles: reading the metadata ("egg_info") needs no C
    if not {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop"} & set(sys.argv):
        return []
    if os.environ.get(PURE_PYTHON):
        _warn(f"{PURE_PYTHON} is set: installing plain Python")
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not installed: installing plain Python")
        return []
    try:
        return list(mypycify(COMPILED, opt_level="3", debug_level="0"))
    except (Exception, SystemExit) as error:  # a type error (mypy exits) or a mypyc bug
        _warn(f"mypyc failed ({error}); installing plain Python")
        return []


setup(
    packages=[*find_packages(include=["treatytrack", "treatytrack.*"]), "treatytrack._packs"],
    package_dir={"treatytrack._packs": "rules"},
    package_data={
        "treatytrack": ["py.typed", "event.schema.json"],
        "treatytrack.report": ["templates/*"],
        "treatytrack.resolve": ["data/*.txt"],
        "treatytrack._packs": ["*.yaml"],
    },
    ext_modules=_extensions(),
    cmdclass={"build_ext": _OptionalBuildExt},
)
