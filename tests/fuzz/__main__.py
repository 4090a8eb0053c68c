"""The dedicated fuzz job: every target, N cases each, figures as JSON.

    python -m tests.fuzz [--cases 10000] [--target texts ...] [--seed 0] [--json PATH]

Unlike the pytest run, a case that raises is recorded (with its input) and the job goes on,
so the figures count every unexpected exception rather than stopping at the first. The exit
status is 1 when any target saw one.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from .strategies import pack_bytes, pack_texts, pattern_strings, texts
from .targets import (
    TALLIES,
    check_bytes_file,
    check_pack_bytes,
    check_pack_text,
    check_pattern,
    check_text,
    prepare_folder,
    warm_up,
)


def _jobs(folder: Path) -> dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]]:
    return {
        "patterns": (pattern_strings, lambda p: check_pattern(p, folder, reraise=False)),
        "packs": (pack_texts, lambda t: check_pack_text(t, folder, reraise=False)),
        "pack-bytes": (pack_bytes, lambda b: check_pack_bytes(b, folder, reraise=False)),
        "texts": (texts, lambda t: check_text(t, reraise=False)),
        "text-bytes": (
            st.binary(max_size=2000),
            lambda b: check_bytes_file(b, folder, reraise=False),
        ),
    }


def _job(
    strategy: st.SearchStrategy[Any], check: Callable[[Any], None], cases: int, random_seed: int
) -> Callable[[], None]:
    @seed(random_seed)
    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def job(value: Any) -> None:
        check(value)

    return job  # type: ignore[no-any-return]


def run(cases: int, targets: list[str], random_seed: int) -> dict[str, Any]:
    """Run ``cases`` cases of each target; returns the figures."""
    with tempfile.TemporaryDirectory(prefix="treatytrack-fuzz-") as tmp:
        folder = prepare_folder(Path(tmp))
        warm_up()
        jobs = _jobs(folder)
        for name in targets:
            strategy, check = jobs[name]
            started = time.perf_counter()

            _job(strategy, check, cases, random_seed)()
            tally = TALLIES[name]
            print(
                f"{name:11s} {tally.cases:6d} cases  {len(tally.unexpected)} unexpected  "
                f"{tally.refused} refused  {tally.warned} warned  "
                f"worst {tally.worst_seconds:.3f} s  ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
    return {
        "cases_per_target": cases,
        "seed": random_seed,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "targets": {name: TALLIES[name].as_json() for name in targets},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument(
        "--target",
        action="append",
        choices=["patterns", "packs", "pack-bytes", "texts", "text-bytes"],
        help="a target to run (repeat; default: all)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    targets = args.target or ["patterns", "packs", "pack-bytes", "texts", "text-bytes"]
    figures = run(args.cases, targets, args.seed)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return 1 if any(t["unexpected_exceptions"] for t in figures["targets"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
