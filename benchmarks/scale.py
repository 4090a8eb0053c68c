"""Speed-up of ``extract_corpus`` from 1 to N Dask worker processes on this machine.

For each worker count the script starts a ``LocalCluster`` (processes, one thread each) and
warms every worker (rule set compiled, place index built: the one-off cost of a new worker
process, reported apart); then it times ``extract_corpus`` on the corpus ``--repeat`` times
per cluster, alternating between them, and keeps each one's best. One process without Dask
(``Engine.read`` in a loop) is the reference.

The corpus is the first ``--docs`` articles of a JSON-lines file read in place (default:
``../shared/bench/news/reuters21578.jsonl``); they are written to a temporary directory for
the run and deleted after, never into the project. ``--generate N`` uses N template
articles instead (no data needed). The machine's load average is printed with each figure:
other processes on a shared machine make the speed-up look smaller than it is.

    python -m benchmarks.scale [--corpus FILE] [--docs 300] [--workers 1 2] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from distributed import Client, LocalCluster  # noqa: E402

import treatytrack  # noqa: E402
from treatytrack.corpus import read_documents  # noqa: E402
from treatytrack.dask import extract_corpus  # noqa: E402
from treatytrack.rules.ruleset import RuleSet  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "bench" / "news" / "reuters21578.jsonl"
WARM_TEXT = "Japan and the Philippines signed a defence agreement in Manila on Tuesday."
TEMPLATES = (
    "{a} and {b} signed a {t} agreement in {c} on Tuesday.",
    "Talks between {a} and {b} on a {t} pact collapsed on Friday.",
    "Stocks in {c} rose as investors shrugged off weak factory data.",
    "The central bank in {c} left interest rates unchanged, officials said.",
)


def _load() -> float:
    return os.getloadavg()[0]


def _subset(corpus: Path, docs: int, folder: Path, files: int) -> list[str]:
    """The first ``docs`` lines of ``corpus`` spread over ``files`` files in ``folder``."""
    with corpus.open("rb") as handle:
        lines = [line for line in itertools.islice(handle, docs) if line.strip()]
    return _spread(lines, folder, files)


def _generate(count: int, folder: Path, files: int) -> list[str]:
    rng = random.Random(11)
    names = ["Japan", "France", "Chile", "Peru", "Kenya", "India", "Canada", "Norway"]
    cities = ["Manila", "Lima", "Oslo", "Nairobi"]
    lines = []
    for n in range(count):
        a, b = rng.sample(names, 2)
        words = {"a": a, "b": b, "t": rng.choice(["trade", "energy"]), "c": rng.choice(cities)}
        text = " ".join(t.format(**words) for t in rng.sample(TEMPLATES, 3))
        lines.append(json.dumps({"id": f"g{n}", "text": text, "published": "2015-03-13"}).encode())
    return _spread(lines, folder, files)


def _spread(lines: list[bytes], folder: Path, files: int) -> list[str]:
    paths = []
    for k in range(files):
        path = folder / f"part-{k:03d}.jsonl"
        path.write_bytes(b"\n".join(line.rstrip(b"\n") for line in lines[k::files]) + b"\n")
        paths.append(str(path))
    return paths


def _burn(loops: int = 3_000_000) -> float:
    """Seconds of a pure-Python loop: the machine's own yardstick."""
    started = time.perf_counter()
    total = 0
    for i in range(loops):
        total += i * i % 7
    return time.perf_counter() - started


def capacity(processes: int) -> float:
    """How much faster ``processes`` processes run a CPU loop than one, right now: 2.0 on an
    idle two-core machine, near 1.0 when other work keeps the cores busy. It is the ceiling
    for any speed-up measured at the same time."""
    one = _burn()
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        pool.map(_burn, [1000] * processes)  # start-up out of the timing
        started = time.perf_counter()
        pool.map(_burn, [3_000_000] * processes)
        wall = time.perf_counter() - started
    return processes * one / wall


def _warm(rules: RuleSet) -> int:
    """On a worker: compile the rule set (cached per process) and build the place index."""
    return len(treatytrack.extract(WARM_TEXT, published="2015-03-13", rules=rules))


def one_process(paths: list[str], rules: RuleSet) -> dict[str, Any]:
    """The reference: this process alone, no Dask."""
    engine = treatytrack.Engine(rules)
    _warm(rules)
    docs = list(read_documents(paths, warn=lambda message: None))
    load = _load()
    started, cpu = time.perf_counter(), time.process_time()
    events = sum(len(engine.read(doc).events) for doc in docs)
    seconds = time.perf_counter() - started
    return {"workers": 0, "documents": len(docs), "events": events, "seconds": seconds,
            "docs_per_second": len(docs) / seconds, "load": load,
            "cpu_seconds": time.process_time() - cpu}  # fmt: skip


def _cluster(workers: int, rules: RuleSet, stack: contextlib.ExitStack) -> tuple[Client, float]:
    """A local cluster of ``workers`` processes, every one warmed; and how long that took."""
    started = time.perf_counter()
    cluster = stack.enter_context(
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        )
    )
    client = stack.enter_context(Client(cluster, set_as_default=False))
    client.run(_warm, rules)
    return client, time.perf_counter() - started


def on_clusters(
    paths: list[str], rules: RuleSet, counts: list[int], repeat: int, blocksize: str, out: Path
) -> list[dict[str, Any]]:
    """Best of ``repeat`` warm runs per worker count. All clusters are started first (idle
    workers cost nothing) and the runs alternate between them, so that a change in the load
    of a shared machine falls on every worker count alike."""
    best: dict[int, dict[str, Any]] = {}
    with contextlib.ExitStack() as stack:
        clients = {n: _cluster(n, rules, stack) for n in counts}
        for attempt in range(repeat):
            for n, (client, warmup) in clients.items():
                load = _load()
                target = out / f"w{n}-{attempt}"
                summary = extract_corpus(paths, target, rules, client, blocksize=blocksize)
                shutil.rmtree(target)
                if n not in best or summary.seconds < best[n]["seconds"]:
                    best[n] = {
                        "workers": n,
                        "documents": summary.documents,
                        "events": summary.events,
                        "seconds": summary.seconds,
                        "cpu_seconds": summary.cpu_seconds,
                        "docs_per_second": summary.docs_per_second,
                        "mb_per_second": summary.mb_per_second,
                        "load": load,
                        "start_and_warm_seconds": warmup,
                        "blocks": summary.blocks,
                    }
    return [best[n] for n in counts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=300, help="articles taken from --corpus")
    parser.add_argument("--generate", type=int, default=0, help="template articles instead")
    parser.add_argument("--files", type=int, default=8, help="files the articles are spread over")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--blocksize", default="16KiB", help="small: many blocks to share")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rules = treatytrack.load_rules()
    folder = Path(tempfile.mkdtemp(prefix="treatytrack-scale-"))
    try:
        if args.generate:
            paths, source = _generate(args.generate, folder, args.files), "generated"
        else:
            paths = _subset(args.corpus, args.docs, folder, args.files)
            source = f"{args.corpus.name} (first {args.docs})"
        before = {n: capacity(n) for n in args.workers if n > 1}
        rows = [one_process(paths, rules)]
        rows += on_clusters(paths, rules, args.workers, args.repeat, args.blocksize, folder)
        after = {n: capacity(n) for n in args.workers if n > 1}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    base = next((r for r in rows if r["workers"] == 1), rows[0])
    for row in rows:
        row["speedup_vs_1_worker"] = base["seconds"] / row["seconds"]
        if row["workers"] in before:
            row["cpu_loop_speedup"] = [before[row["workers"]], after[row["workers"]]]
    if args.json:
        print(json.dumps({"corpus": source, "cpus": os.cpu_count(), "rows": rows}, indent=2))
        return 0
    print(f"corpus: {source}; {os.cpu_count()} CPUs")
    for n in before:
        print(
            f"a CPU loop on {n} processes ran {before[n]:.2f}x (before) and {after[n]:.2f}x "
            "(after) as fast as on one: the ceiling for the speed-ups below"
        )
    print(
        "| workers | docs | events | seconds | CPU s | docs/s | speed-up vs 1 | load "
        "| start+warm s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        name = "1 process, no Dask" if row["workers"] == 0 else str(row["workers"])
        warm = f"{row['start_and_warm_seconds']:.1f}" if "start_and_warm_seconds" in row else ""
        print(
            f"| {name} | {row['documents']} | {row['events']} | {row['seconds']:.1f} "
            f"| {row['cpu_seconds']:.1f} "
            f"| {row['docs_per_second']:.1f} | {row['speedup_vs_1_worker']:.2f} "
            f"| {row['load']:.1f} | {warm} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
