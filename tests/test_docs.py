"""docs/writing-rules.md: every command in it runs, with the files it writes, as it says."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from treatytrack.cli import cli
from treatytrack.cli.main import _register

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "writing-rules.md"
FENCE = re.compile(r"^```(\w+)(?: file=(\S+))?\n(.*?)^```", re.MULTILINE | re.DOTALL)
PLUGIN = "treatytrack.testing.pytest_plugin"

_register()


def _steps() -> list[tuple[str, str | None, str]]:
    return [(m[1], m[2], m[3]) for m in FENCE.finditer(GUIDE.read_text(encoding="utf-8"))]


def _commands(block: str) -> list[tuple[str, int, list[str]]]:
    """``$ command  # exits N`` lines, each with the output lines shown under it."""
    out: list[tuple[str, int, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            command, _, comment = line[2:].partition("  # ")
            status = int(comment.split()[-1]) if comment.startswith("exits") else 0
            out.append((command, status, []))
        elif out and line.strip() and line.strip() != "...":
            out[-1][2].append(line.rstrip())
    return out


def _plugin_args() -> list[str]:
    registered = any(ep.value == PLUGIN for ep in metadata.entry_points(group="pytest11"))
    return [] if registered else ["-p", PLUGIN]


def _run(command: str, folder: Path) -> tuple[int, str]:
    argv = shlex.split(command)
    if argv[0] == "treatytrack":
        result = CliRunner().invoke(cli, argv[1:], env={"COLUMNS": "200"})
        return result.exit_code, result.output
    assert argv[0] == "pytest", f"the guide runs only treatytrack and pytest: {command}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *argv[1:], *_plugin_args(), "-p", "no:cacheprovider"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def _shows(line: str, output: str) -> bool:
    lines = [o.rstrip() for o in output.splitlines()]
    if line in lines:
        return True
    return len(line.strip()) > 3 and line.strip() in output


def test_the_guide_writes_files_and_runs_commands() -> None:
    steps = _steps()
    assert sum(1 for kind, _, _ in steps if kind == "console") >= 6
    assert {name for _, name, _ in steps if name} >= {"trade.yaml", "news.jsonl", "test_trade.py"}


def test_every_command_in_the_guide_does_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ran = 0
    for kind, name, body in _steps():
        if name:
            (tmp_path / name).write_text(body, encoding="utf-8")
            continue
        if kind != "console":
            continue
        for command, status, shown in _commands(body):
            code, output = _run(command, tmp_path)
            ran += 1
            assert code == status, f"$ {command}\nexit {code}, expected {status}\n{output}"
            for line in shown:
                assert _shows(line, output), f"$ {command}\nmissing: {line!r}\n{output}"
    assert ran >= 8
