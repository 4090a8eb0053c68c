"""Worst-case time on hostile inputs: what a scraper's junk or a malicious text costs.

Each input is one document read with :func:`treatytrack.extract`:

- ``party_list``: one sentence naming states again and again ("Japan, France, Germany,
  ... and Canada signed a treaty."), 100 KB;
- ``trigger_run``: the same trigger word over and over ("signed signed signed ..."), 100 KB;
- ``trigger_mix``: every trigger word of the rule set in turn, over and over, 100 KB;
- ``nested_brackets``: a clause inside 50,000 levels of brackets, 100 KB;
- ``nested_clauses``: brackets that each open with a party and a trigger word
  ("(Japan signed (France ratified (..."), 100 KB;
- ``no_full_stop``: the generated treaty-dense corpus with every sentence end turned into
  a comma, 10 MB in one document.

The target is that no input of 100 KB or less takes more than a second; the 10 MB input is
reported for its throughput. Each input runs in a forked child process (where fork exists)
with a timeout, so an input that never finishes is reported as such instead of stopping
the benchmark; the child inherits the loaded rules (frozen for the garbage collector, as
for any fork without exec), so only reading is timed.

    python -m benchmarks.adversarial [--timeout 60] [--no-stop-mb 10] [--json]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import multiprocessing
import re
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import treatytrack  # noqa: E402
from benchmarks.corpora import generated_documents, text_bytes  # noqa: E402
from treatytrack.rules.ruleset import RuleSet  # noqa: E402

__all__ = ["LIMIT_BYTES", "LIMIT_SECONDS", "inputs", "run", "run_one"]

LIMIT_BYTES = 100_000  # the inputs the one-second target covers: 100 KB or less
LIMIT_SECONDS = 1.0
STATES = (
    "Japan",
    "France",
    "Germany",
    "Italy",
    "Spain",
    "Canada",
    "Brazil",
    "India",
    "China",
    "Russia",
    "Mexico",
    "Egypt",
    "Kenya",
    "Nigeria",
    "Chile",
    "Peru",
    "Norway",
    "Sweden",
    "Poland",
    "Turkey",
    "Iran",
    "Iraq",
    "Israel",
    "Jordan",
    "Vietnam",
    "Thailand",
    "Indonesia",
    "Australia",
    "Argentina",
    "Colombia",
    "Greece",
    "Portugal",
    "Ireland",
    "Austria",
    "Hungary",
    "Romania",
    "Ukraine",
    "Pakistan",
    "Bangladesh",
    "South Korea",
)


def _fill(unit: Callable[[int], str], size: int, tail: str = "") -> str:
    """Repeat ``unit(i)`` until the text (with ``tail``) would pass ``size`` bytes."""
    parts: list[str] = []
    used = text_bytes(tail)
    for i in itertools.count():
        piece = unit(i)
        cost = text_bytes(piece)
        if used + cost > size:
            break
        parts.append(piece)
        used += cost
    return "".join(parts) + tail


def _party_list(size: int, rules: RuleSet) -> str:
    return _fill(lambda i: STATES[i % len(STATES)] + ", ", size, "and Canada signed a treaty.")


def _trigger_run(size: int, rules: RuleSet) -> str:
    return _fill(lambda i: "signed ", size, ".")


def _trigger_mix(size: int, rules: RuleSet) -> str:
    words = sorted(w for w in rules.trigger_index if w)
    return _fill(lambda i: words[i % len(words)] + " ", size, ".")


def _nested_brackets(size: int, rules: RuleSet) -> str:
    core = "Japan and France signed a treaty"
    depth = max(0, (size - text_bytes(core)) // 2)
    return "(" * depth + core + ")" * depth


def _nested_clauses(size: int, rules: RuleSet) -> str:
    verbs = ("signed", "ratified", "agreed", "pledged", "negotiated")
    opened: list[str] = []
    used = 0
    for i in itertools.count():
        piece = f"({STATES[i % len(STATES)]} {verbs[i % len(verbs)]} the treaty "
        cost = text_bytes(piece) + 1  # and its closing bracket
        if used + cost > size:
            break
        opened.append(piece)
        used += cost
    return "".join(opened) + ")" * len(opened)


def _no_full_stop(size: int, rules: RuleSet) -> str:
    parts: list[str] = []
    used = 0
    for doc in generated_documents():
        text = re.sub(r"[.!?]+(?=\s|$)", ",", doc.text).replace("\n\n", " ")
        parts.append(text)
        used += text_bytes(text) + 1
        if used >= size:
            break
    return " ".join(parts).encode("utf-8")[:size].decode("utf-8", errors="ignore")


_MAKERS: dict[str, tuple[Callable[[int, RuleSet], str], bool]] = {
    # name: (maker, big): a big input is sized by --no-stop-mb, the others by LIMIT_BYTES
    "party_list": (_party_list, False),
    "trigger_run": (_trigger_run, False),
    "trigger_mix": (_trigger_mix, False),
    "nested_brackets": (_nested_brackets, False),
    "nested_clauses": (_nested_clauses, False),
    "no_full_stop": (_no_full_stop, True),
}


def inputs(rules: RuleSet, small: int = LIMIT_BYTES, big: int = 10_000_000) -> dict[str, str]:
    """The hostile texts by name: ``small`` bytes each, ``big`` for ``no_full_stop``."""
    return {name: make(big if is_big else small, rules) for name, (make, is_big) in _MAKERS.items()}


def _read(text: str, name: str, rules: RuleSet) -> dict[str, Any]:
    """Read one text, timing wall clock and CPU; count events and input warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wall, cpu = time.perf_counter(), time.process_time()
        events = treatytrack.extract(text, doc_id=name, rules=rules)
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
    return {"seconds": wall, "cpu_seconds": cpu, "events": len(events), "warnings": len(caught)}


def _child(text: str, name: str, rules: RuleSet, conn: Connection) -> None:
    try:
        conn.send(_read(text, name, rules))
    except BaseException as exc:  # report any failure to the parent instead of dying mute
        conn.send({"error": f"{type(exc).__name__}: {exc}"})
    finally:
        conn.close()


def run_one(text: str, name: str, rules: RuleSet, timeout: float) -> dict[str, Any]:
    """Time one input in a forked child, killed after ``timeout`` seconds."""
    size = text_bytes(text)
    row: dict[str, Any] = {"name": name, "bytes": size}
    if "fork" not in multiprocessing.get_all_start_methods():
        row.update(_read(text, name, rules))  # no fork (Windows, macOS default): in process
    else:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(text, name, rules, send), daemon=True)
        # The parent's objects (the rules, the gazetteers) go to the collector's permanent
        # generation while forking, as Python's gc docs advise for fork without exec: the
        # child's collections then do not walk them, and so do not copy every page of the
        # parent's heap. The child then times the reading, as a process reading in place
        # would (docs/performance.md compares the two).
        gc.freeze()
        try:
            child.start()
        finally:
            gc.unfreeze()
        send.close()
        if receive.poll(timeout):
            try:
                row.update(receive.recv())
            except EOFError:
                row["error"] = "the child process died without a result"
        else:
            row.update({"seconds": None, "timed_out": timeout})
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    seconds = row.get("seconds")
    row["limited"] = size <= LIMIT_BYTES  # the one-second target covers this input
    row["over_limit"] = bool(row["limited"] and (seconds is None or seconds > LIMIT_SECONDS))
    row["mb_per_s"] = round(size / seconds / 1e6, 4) if seconds else None
    return row


def run(
    rules: RuleSet,
    timeout: float = 60.0,
    small: int = LIMIT_BYTES,
    big: int = 10_000_000,
    only: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Every hostile input's time; ``worst_seconds`` is the slowest input of 100 KB or
    less (``None`` if one timed out: ``worst_timed_out``), ``over_limit`` names those over
    a second."""
    treatytrack.extract("Japan and France signed a treaty in Paris on Friday.", rules=rules)
    rows = []
    for name, text in inputs(rules, small, big).items():
        if only and name not in only:
            continue
        rows.append(run_one(text, name, rules, timeout))
        del text
    limited = [r for r in rows if r["limited"]]
    timed_out = any(r.get("seconds") is None for r in limited)
    return {
        "inputs": rows,
        "worst_seconds": None
        if timed_out or not limited
        else round(max(r["seconds"] for r in limited), 3),
        "worst_timed_out": timed_out,  # then the worst took longer than the timeout
        "worst_input": max(
            limited, key=lambda r: float("inf") if r.get("seconds") is None else r["seconds"]
        )["name"]
        if limited
        else None,
        "over_limit": [r["name"] for r in rows if r["over_limit"]],
        "timeout": timeout,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.adversarial", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per input")
    parser.add_argument("--size-kb", type=float, default=LIMIT_BYTES / 1000)
    parser.add_argument("--no-stop-mb", type=float, default=10.0)
    parser.add_argument("--only", nargs="+", choices=sorted(_MAKERS), default=None)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    result = run(
        treatytrack.load_rules(),
        args.timeout,
        int(args.size_kb * 1000),
        int(args.no_stop_mb * 1e6),
        args.only,
    )
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
        return 0
    for row in result["inputs"]:
        took = "timed out" if row.get("seconds") is None else f"{row['seconds']:.3f} s"
        flag = "  OVER 1 s" if row["over_limit"] else ""
        print(
            f"{row['name']:<16} {row['bytes']:>10,} B  {took:>12}  "
            f"events {row.get('events', '-')}  warnings {row.get('warnings', '-')}{flag}"
        )
    print(f"worst (<= 100 KB): {result['worst_seconds']} s ({result['worst_input']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
