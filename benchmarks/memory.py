"""Peak memory while ``extract_many`` streams a corpus much larger than what it holds.

The measurement runs in a fresh process (``python -m benchmarks.memory``), so its peak RSS
is the library's alone, not the benchmark's. That process loads the default rules, reads
one warm-up document (the place index and the other lazy tables are built then), and feeds
``treatytrack.extract_many`` a generator that reads the corpus over and over from disk
(:func:`benchmarks.corpora.cycle_documents`), discarding every event. It stops after
``--stream-mb`` of text or ``--budget`` seconds, whichever comes first, and samples
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (the peak) and the current RSS at evenly
spaced checkpoints. Memory that does not grow with the stream shows as a flat peak from the
first checkpoint on; ``growth_mb`` is the peak at the end less the peak at the first one.

    python -m benchmarks.memory [--corpus PATH ...] [--stream-mb 500] [--budget 60]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["current_rss_mb", "measure", "peak_rss_mb", "stream"]


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (10**6 bytes).

    On Linux it is ``VmHWM`` of /proc/self/status, the high-water mark of this program's
    own memory: ``ru_maxrss`` survives ``exec``, so a child started by a large process
    would report its parent's size (the speed benchmark holds spaCy when it starts this
    measurement)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except (OSError, ValueError, IndexError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def current_rss_mb() -> float | None:
    """This process's resident set size now, in MB (``None`` where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def stream(
    paths: Sequence[str], stream_mb: float, budget: float, checkpoints: int, seed: int = 6
) -> dict[str, Any]:
    """Stream the corpus through ``extract_many`` in this process; the measurement's body."""
    rss_start = current_rss_mb()
    import treatytrack
    from benchmarks.corpora import cycle_documents, generated_documents, text_bytes

    warnings.simplefilter("ignore")  # input warnings (cut run-on sentences) are not news here
    rules = treatytrack.load_rules()
    list(treatytrack.extract_many([next(generated_documents(seed))], rules=rules))
    rss_loaded = current_rss_mb()
    peak_loaded = peak_rss_mb()

    total = int(stream_mb * 1e6)
    began = time.perf_counter()
    deadline = began + budget
    marks: list[dict[str, Any]] = []
    state = {"bytes": 0, "docs": 0, "stopped_by": "size"}
    every_bytes = max(1, total // checkpoints)
    every_seconds = budget / checkpoints

    def mark() -> None:
        marks.append(
            {
                "mb": round(state["bytes"] / 1e6, 3),
                "docs": state["docs"],
                "seconds": round(time.perf_counter() - began, 2),
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "rss_mb": None if (now := current_rss_mb()) is None else round(now, 1),
            }
        )

    def feed() -> Iterator[Any]:
        next_bytes, next_time = every_bytes, began + every_seconds
        for doc in cycle_documents(paths, total, seed):
            now = time.perf_counter()
            if state["bytes"] >= next_bytes or now >= next_time:
                mark()
                while next_bytes <= state["bytes"]:
                    next_bytes += every_bytes
                while next_time <= now:
                    next_time += every_seconds
            if now >= deadline:
                state["stopped_by"] = "budget"
                return
            state["bytes"] += text_bytes(doc.text)
            state["docs"] += 1
            yield doc

    events = 0
    for _event in treatytrack.extract_many(feed(), rules=rules):
        events += 1
    if not marks or marks[-1]["docs"] != state["docs"]:
        mark()
    seconds = time.perf_counter() - began
    first = marks[0]["peak_rss_mb"] if len(marks) > 1 else None
    peak = peak_rss_mb()
    return {
        "stream_mb": round(state["bytes"] / 1e6, 3),
        "docs": state["docs"],
        "events": events,
        "seconds": round(seconds, 2),
        "stopped_by": state["stopped_by"],
        "rss_start_mb": None if rss_start is None else round(rss_start, 1),
        "rss_loaded_mb": None if rss_loaded is None else round(rss_loaded, 1),
        "peak_loaded_mb": round(peak_loaded, 1),
        "peak_rss_mb": round(peak, 1),
        "growth_mb": None if first is None else round(peak - first, 1) + 0.0,
        "stream_to_peak": round(state["bytes"] / 1e6 / peak, 2) if peak else None,
        "checkpoints": marks,
    }


def measure(
    paths: Sequence[str],
    stream_mb: float,
    budget: float,
    checkpoints: int = 10,
    seed: int = 6,
) -> dict[str, Any]:
    """Run :func:`stream` in a fresh Python process and return what it reports."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.memory",
        "--stream-mb",
        str(stream_mb),
        "--budget",
        str(budget),
        "--checkpoints",
        str(checkpoints),
        "--seed",
        str(seed),
        "--corpus",
        *[str(Path(p).resolve()) if p != "generated" else p for p in paths or ["generated"]],
    ]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=budget + 600,
        check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-5:]
        return {"error": f"exit {done.returncode}: " + " | ".join(tail)}
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.memory", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--corpus", nargs="+", default=["generated"], metavar="PATH")
    parser.add_argument("--stream-mb", type=float, default=500.0)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds at most")
    parser.add_argument("--checkpoints", type=int, default=10)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    result = stream(args.corpus, args.stream_mb, args.budget, max(1, args.checkpoints), args.seed)
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
