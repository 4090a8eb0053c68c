"""The dedicated fuzz job: every target, N cases each, then the hand-built worst cases;
figures as JSON.

    python -m tests.fuzz [--cases 10000] [--target texts ...] [--seed 0] [--json PATH]
                         [--no-adversarial] [--adversarial-only] [--big 10000000]

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

from treatytrack.engine.reader import MAX_SENTENCE_TOKENS
from treatytrack.rules.compile import MAX_MATCH_STEPS
from treatytrack.text import MAX_SENTENCE_CHARS

from .adversarial import SENTENCE_UNITS, documents, sentence_of, time_read
from .strategies import pack_bytes, pack_texts, pattern_strings, texts
from .targets import (
    TALLIES,
    _engine,
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


def adversarial(big: int) -> dict[str, Any]:
    """Time the worst sentences and the hostile documents (100 KB each, and ``big``
    characters of the two run-on kinds)."""
    engine = _engine()
    engine.read("Japan and France signed a pact in Paris on Friday. They met in Tokyo.")
    sentences = {unit: time_read(engine, sentence_of(unit), "worst") for unit in SENTENCE_UNITS}
    for unit, figures in sorted(sentences.items(), key=lambda kv: -kv[1]["cpu_seconds"])[:5]:
        print(f"sentence {figures['cpu_seconds']:6.3f} s cpu  {unit!r}", flush=True)
    docs: dict[str, Any] = {}
    for name, build in documents(100_000).items():
        docs[f"{name}, 100 KB"] = figures = time_read(engine, build(), "doc")
        print(f"document {figures['cpu_seconds']:7.2f} s cpu  {name}, 100 KB", flush=True)
    for name in ("prose without a full stop", "'signed' repeated"):
        text = documents(big)[name]()
        docs[f"{name}, {big // 1_000_000} MB"] = figures = time_read(engine, text, "doc")
        print(f"document {figures['cpu_seconds']:7.2f} s cpu  {name}, {big} chars", flush=True)
    echo = "signed " * 100_000
    docs["'signed' x 100,000"] = time_read(engine, echo, "doc")
    worst = max(sentences.items(), key=lambda kv: kv[1]["cpu_seconds"])
    return {
        "limits": {
            "MAX_SENTENCE_CHARS": MAX_SENTENCE_CHARS,
            "MAX_SENTENCE_TOKENS": MAX_SENTENCE_TOKENS,
            "MAX_MATCH_STEPS": MAX_MATCH_STEPS,
        },
        "worst_sentence": {"unit": worst[0], **worst[1]},
        "sentences": sentences,
        "documents": docs,
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
    parser.add_argument("--no-adversarial", action="store_true", help="fuzz targets only")
    parser.add_argument("--adversarial-only", action="store_true", help="worst cases only")
    parser.add_argument("--big", type=int, default=10_000_000, help="size of the run-on texts")
    args = parser.parse_args(argv)
    targets = args.target or ["patterns", "packs", "pack-bytes", "texts", "text-bytes"]
    figures = {"targets": {}} if args.adversarial_only else run(args.cases, targets, args.seed)
    if not args.no_adversarial:
        figures["adversarial"] = adversarial(args.big)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return 1 if any(t["unexpected_exceptions"] for t in figures["targets"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
