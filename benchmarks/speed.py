"""The speed benchmark: the full pipeline against its baselines, in one run, on one corpus.

What it measures (docs/performance.md has the figures and how to read them):

1. **Throughput** of the full pipeline, ``treatytrack.extract_many(docs)`` with every
   event consumed (sentences, matching, modifiers, parties, dates, records), in MB/s and
   documents/s on one core; then, on exactly the same documents, the baselines of
   :mod:`benchmarks.baselines` (spaCy blank + Matcher, Aho-Corasick floor, a regex
   alternation) and the naive ``scan_string`` engine. Ratios are pipeline / baseline.
2. **Scaling with input size**: the same pipeline on an even 1/10 of those documents
   against all of them (``--size-scale``), and one long document of 1x and 10x
   ``--doc-kb`` (cost that grows with a document's length, not the corpus's).
3. **Scaling with rule count**: the default packs, then x2 and x4 with renamed copies of
   their rules (``--rules-scale``).
4. **Peak memory** while streaming (:mod:`benchmarks.memory`, in a fresh process).
5. **Worst case** on hostile inputs (:mod:`benchmarks.adversarial`).
6. Optionally a **profile** of the full pipeline (``--profile``): the top functions by self
   and cumulative time.

How it keeps the figures honest and the run bounded:

- MB are 10**6 bytes of document text in UTF-8; everything runs in one process, one core.
- Each figure is the median of ``--repeat`` timed passes over the same documents. Rates
  are computed from the process's CPU time (``time.process_time``: seconds on one core,
  steady when other work shares the machine) and wall time is reported beside them.
- Passes that are compared are interleaved: each round times the pipeline, each
  baseline and the smaller input scale once, in turn (and the rule scales likewise), so
  a slow spell of a shared machine touches both sides of a ratio alike.
- The corpus is read in file order up to ``--limit-mb`` and then shuffled with a fixed
  seed. The first pipeline pass reads documents until ``--budget`` seconds have passed;
  the documents it read are *the sample*, and every other pass and every baseline uses
  exactly those. While the pipeline is slow the sample is part of the corpus; once it
  is fast the sample is the whole corpus. The report says which.
- The naive engine is so slow that it gets its own budget (``--naive-budget``) and
  reports the share of the corpus it got through.

    python -m benchmarks [--corpus PATH ...] [--limit-mb 4] [--repeat 3] [--json [PATH]]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import functools
import importlib.metadata
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import attrs  # noqa: E402

import treatytrack  # noqa: E402
from benchmarks import adversarial, baselines, memory  # noqa: E402
from benchmarks.corpora import (  # noqa: E402
    GENERATED,
    corpus_bytes,
    generated_documents,
    load_corpus,
    shuffled,
    spread,
    text_bytes,
)
from treatytrack._compiled import compiled_modules, stale_modules  # noqa: E402
from treatytrack.records import Document  # noqa: E402
from treatytrack.rules.pack import RulePack  # noqa: E402
from treatytrack.rules.ruleset import RuleSet  # noqa: E402

__all__ = ["PARTS", "REPORT_KEYS", "main", "run", "scaled_rules"]

DEFAULT_REUTERS = ROOT.parent / "shared" / "bench" / "news" / "reuters21578.jsonl"
PARTS = ("baselines", "naive", "size", "rules", "memory", "adversarial")
REPORT_KEYS = (
    "date",
    "machine",
    "settings",
    "corpus",
    "pipeline",
    "baselines",
    "size_scaling",
    "rules_scaling",
    "memory",
    "adversarial",
    "ratios",
    "targets",
    "profile",
)
RULES_SHARE = 0.25  # the rules-scaling sample: what x1 reads in a quarter of --budget


# -- timing -------------------------------------------------------------------------------


@attrs.define
class Timing:
    """One measured pass: wall and CPU seconds, and what it produced (hits or events)."""

    wall: float
    cpu: float
    result: int


def _timed(fn: Callable[[], int]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu, result)


def _summary(runs: Sequence[Timing], size: int, docs: int) -> dict[str, Any]:
    """Medians of the passes over ``size`` bytes and ``docs`` documents, and the rates."""
    cpu = statistics.median(r.cpu for r in runs)
    wall = statistics.median(r.wall for r in runs)
    return {
        "docs": docs,
        "mb": round(size / 1e6, 4),
        "repeats": len(runs),
        "cpu_s": round(cpu, 4),
        "wall_s": round(wall, 4),
        "runs_cpu_s": [round(r.cpu, 4) for r in runs],
        "mb_per_s": round(size / cpu / 1e6, 4) if cpu > 0 else None,
        "mb_per_s_wall": round(size / wall / 1e6, 4) if wall > 0 else None,
        "docs_per_s": round(docs / cpu, 2) if cpu > 0 else None,
        "result": runs[0].result,
    }


def _consume(docs: Sequence[Document] | Iterator[Document], rules: RuleSet) -> int:
    """The full pipeline: every event of every document, counted and dropped."""
    events = 0
    for _event in treatytrack.extract_many(docs, rules=rules):
        events += 1
    return events


def _calibrate(
    docs: Sequence[Document], rules: RuleSet, budget: float
) -> tuple[int, Timing, list[float]]:
    """One pipeline pass that stops taking documents after ``budget`` seconds.

    Returns how many documents it read, its timing, and the wall time at which each of them
    was done (to pick smaller samples of known cost later).
    """
    done_at: list[float] = []
    began = time.perf_counter()

    def bounded() -> Iterator[Document]:
        for i, doc in enumerate(docs):
            now = time.perf_counter() - began
            if i:
                done_at.append(now)  # extract_many asks for a document when the last is done
                if now >= budget:
                    return
            yield doc
        done_at.append(time.perf_counter() - began)

    timing = _timed(lambda: _consume(bounded(), rules))
    return len(done_at), timing, done_at


def _rounds(passes: dict[str, Callable[[], int]], times: int) -> dict[str, list[Timing]]:
    """Each pass once per round, in turn, for ``times`` rounds. The machine's speed drifts
    during a run (10 to 20% on a shared one): interleaved, a slow spell touches every pass
    alike, and the ratios between them hold."""
    out: dict[str, list[Timing]] = {name: [] for name in passes}
    for _ in range(max(1, times)):
        for name, fn in passes.items():
            out[name].append(_timed(fn))
    return out


# -- rule scaling -------------------------------------------------------------------------


def scaled_rules(factor: int) -> RuleSet:
    """The default packs plus ``factor - 1`` renamed copies of each pack that has rules.

    A copy is the same pack (``attrs.evolve``) with a new name and path and every rule's
    id suffixed ``~k``: the same patterns and trigger words, so each trigger word leads to
    ``factor`` times as many rules. Factor 1 is the default rule set itself
    (:func:`treatytrack.load_rules`, cached per process), and the copies are made from its
    packs, so every factor holds the same rules.
    """
    default = treatytrack.load_rules()
    if factor <= 1:
        return default
    packs = list(default.packs)  # the very packs of x1, even if the files change meanwhile
    copies: list[RulePack] = list(packs)
    for k in range(2, factor + 1):
        for pack in packs:
            if not pack.rules:
                continue
            copies.append(
                attrs.evolve(
                    pack,
                    name=f"{pack.name}~{k}",
                    path=f"{pack.path}~{k}",
                    rules=tuple(attrs.evolve(r, id=f"{r.id}~{k}") for r in pack.rules),
                )
            )
    return RuleSet(copies)


# -- the machine ---------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def _git() -> str | None:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return (head + (" (uncommitted changes)" if dirty else "")) or None


def _memory_total_gb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) * 1024 / 1e9, 1)
    except (OSError, ValueError):
        pass
    return None


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gb": _memory_total_gb(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "packages": {
            name: _version(name) for name in ("treatytrack", "pyparsing", "spacy", "pyahocorasick")
        },
        "commit": _git(),
        "load_average": _load(),
        # the modules mypyc compiled that this run imported compiled (setup.py)
        "compiled": compiled_modules(),
        "stale_compiled": stale_modules(),
    }


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


# -- the parts ----------------------------------------------------------------------------


def _baseline_engines(
    sample: Sequence[Document], rules: RuleSet, log: Callable[[str], None]
) -> tuple[dict[str, Any], dict[str, Callable[[Sequence[Document]], int]]]:
    """The baselines that can run here, warmed up, and what the report says of the rest."""
    words = baselines.trigger_words(rules)
    out: dict[str, Any] = {"trigger_words": len(words)}
    missing = baselines.available()
    builders: list[tuple[str, Callable[[], Callable[[Sequence[Document]], int]]]] = [
        ("spacy", lambda: baselines.SpacyMatcher(words)),
        ("aho_corasick", lambda: baselines.AhoCorasickScan(words)),
        ("regex", lambda: baselines.RegexScan(words)),
    ]
    engines: dict[str, Callable[[Sequence[Document]], int]] = {}
    for key, build in builders:
        why = missing.get({"aho_corasick": "aho-corasick"}.get(key, key))
        if why:
            out[key] = {"skipped": why}
            log(f"  {key}: skipped ({why})")
            continue
        engine = build()
        engine(sample[:20])  # warm up: first-call costs (spaCy's vocabulary) are not speed
        engines[key] = engine
    return out, engines


def _naive(order: Sequence[Document], rules: RuleSet, repeat: int, budget: float) -> dict[str, Any]:
    scan = baselines.NaiveScan(rules)
    runs = []
    for _ in range(max(1, repeat)):
        cpu = time.process_time()
        stats = scan(order, budget=budget)
        cpu = time.process_time() - cpu
        runs.append((stats, cpu))
    rates = [s.bytes / c / 1e6 for s, c in runs if c > 0]
    last = runs[-1][0]
    return {
        "name": scan.name,
        "mb": round(statistics.median(s.bytes for s, _ in runs) / 1e6, 6),
        "docs_finished": last.docs,
        "positions": last.positions,
        "matches": last.matches,
        "repeats": len(runs),
        "budget_s": budget,
        "runs_mb_per_s": [round(r, 6) for r in rates],
        "mb_per_s": round(statistics.median(rates), 6) if rates else None,
        "complete": not last.partial and last.docs == len(order),
    }


def _scaled_samples(
    sample: Sequence[Document], scales: Sequence[float]
) -> dict[float, list[Document]]:
    """The corpus at each scale: even subsets of the sample, the largest the sample itself."""
    top = max(scales)
    return {scale: spread(sample, scale / top) for scale in sorted(set(scales))}


def _size_scaling(
    samples: dict[float, list[Document]],
    rules: RuleSet,
    repeat: int,
    timings: dict[float, list[Timing]],
    doc_kb: float,
    timeout: float,
) -> dict[str, Any]:
    """The corpus at each scale (its passes timed in the rounds, beside the pipeline's) and
    one document at each scale of ``doc_kb``."""
    scales = sorted(samples)
    top = max(scales)
    corpus_rows = []
    for scale in scales:
        docs = samples[scale]
        row = _summary(timings[scale], corpus_bytes(docs), len(docs))
        row["scale"] = scale
        corpus_rows.append(row)
    text_parts: list[str] = []
    need = int(doc_kb * 1000 * top)
    for doc in generated_documents():
        text_parts.append(doc.text)
        if sum(map(len, text_parts)) >= need:
            break
    pool = "\n\n".join(text_parts)
    doc_rows = []
    for scale in scales:
        text = pool.encode("utf-8")[: int(doc_kb * 1000 * scale)].decode("utf-8", "ignore")
        results = [
            adversarial.run_one(text, f"long-{scale}x", rules, timeout)
            for _ in range(max(1, repeat))
        ]
        finished = [r for r in results if r.get("cpu_seconds") is not None]
        cpu = statistics.median(r["cpu_seconds"] for r in finished) if finished else None
        doc_rows.append(
            {
                "scale": scale,
                "kb": round(text_bytes(text) / 1000, 1),
                "cpu_s": None if cpu is None else round(cpu, 4),
                "timed_out": len(finished) < len(results),
                "events": finished[0]["events"] if finished else None,
            }
        )
    return {
        "corpus": corpus_rows,
        "corpus_time_ratio": _scaled_ratio(corpus_rows, "cpu_s", "mb"),
        "document": doc_rows,
        "document_time_ratio": _scaled_ratio(doc_rows, "cpu_s", "kb"),
        "scales": scales,
    }


def _scaled_ratio(rows: list[dict[str, Any]], time_key: str, size_key: str) -> float | None:
    """Time of the largest scale over the smallest, for input exactly ``top/bottom`` times
    larger (the subsets are only about that much smaller; the rate is what is compared)."""
    if len(rows) < 2:
        return None
    low, high = rows[0], rows[-1]
    if not low[time_key] or not high[time_key] or not low[size_key]:
        return None
    rate_low = low[size_key] / low[time_key]
    rate_high = high[size_key] / high[time_key]
    return round(rate_low / rate_high * (high["scale"] / low["scale"]), 3)


def _rules_scaling(
    docs: Sequence[Document], factors: Sequence[int], repeat: int, log: Callable[[str], None]
) -> dict[str, Any]:
    rows = []
    size = corpus_bytes(docs)
    built: dict[int, tuple[RuleSet, float]] = {}
    for factor in sorted(set(factors)):
        began = time.perf_counter()
        rules = scaled_rules(factor)
        compile_s = time.perf_counter() - began
        _consume(docs[:1], rules)  # the engine for this rule set is built outside the timing
        built[factor] = rules, compile_s
    timings = _rounds(
        {str(f): functools.partial(_consume, docs, rules) for f, (rules, _) in built.items()},
        repeat,
    )
    for factor, (rules, compile_s) in built.items():
        row = _summary(timings[str(factor)], size, len(docs))
        row.update({"factor": factor, "rules": len(rules), "compile_s": round(compile_s, 2)})
        rows.append(row)
        log(f"  x{factor} ({len(rules)} rules): {row['cpu_s']} s")
    base = rows[0]["cpu_s"] if rows else None
    for row in rows:
        row["time_ratio"] = round(row["cpu_s"] / base, 3) if base else None
    return {"docs": len(docs), "mb": round(size / 1e6, 4), "rows": rows}


def _profile(docs: Sequence[Document], rules: RuleSet, top: int) -> dict[str, Any]:
    """cProfile of the full pipeline over ``docs``: the top functions by self time and by
    cumulative time (cumulative includes what a function calls)."""
    profiler = cProfile.Profile()
    profiler.enable()
    _consume(docs, rules)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt  # type: ignore[attr-defined]

    def rows(key: str) -> list[dict[str, Any]]:
        stats.sort_stats(key)
        out = []
        for func in stats.fcn_list[:top]:  # type: ignore[attr-defined]
            calls, _primitive, self_s, cum_s, _ = stats.stats[func]  # type: ignore[attr-defined]
            out.append(
                {
                    "function": _where(func),
                    "calls": calls,
                    "self_s": round(self_s, 3),
                    "cum_s": round(cum_s, 3),
                    "self_pct": round(100 * self_s / total, 1) if total else None,
                    "cum_pct": round(100 * cum_s / total, 1) if total else None,
                }
            )
        return out

    return {
        "docs": len(docs),
        "mb": round(corpus_bytes(docs) / 1e6, 4),
        "total_s": round(total, 3),
        "by_self": rows("tottime"),
        "by_cumulative": rows("cumulative"),
    }


def _where(func: tuple[str, int, str]) -> str:
    path, line, name = func
    if path == "~":
        return name
    for prefix in (str(ROOT) + os.sep, *[p + os.sep for p in sys.path if p]):
        if path.startswith(prefix):
            path = path[len(prefix) :]
            break
    return f"{path}:{line}({name})"


# -- ratios and targets ---------------------------------------------------------------------


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 4) if a and b else None


def _targets(report: dict[str, Any]) -> dict[str, Any]:
    ratios = report["ratios"]
    size = report.get("size_scaling") or {}
    scales = size.get("scales") or []
    size_target = 1.1 * (max(scales) / min(scales)) if len(scales) > 1 else None
    rules_rows = (report.get("rules_scaling") or {}).get("rows") or []
    x4 = next((r for r in rules_rows if r["factor"] == 4), None)
    mem = report.get("memory") or {}
    adv = report.get("adversarial") or {}

    def check(value: float | None, op: str, bound: float | None) -> dict[str, Any]:
        met = None
        if value is not None and bound is not None:
            met = value >= bound if op == ">=" else value <= bound if op == "<=" else value < bound
        return {"value": value, "target": None if bound is None else f"{op} {bound:g}", "met": met}

    return {
        "vs_spacy": check(ratios.get("vs_spacy"), ">=", 2),
        "vs_aho_corasick_floor": check(ratios.get("vs_aho_corasick"), ">=", 0.1),
        "vs_naive_scan_string": check(ratios.get("vs_naive"), ">=", 20),
        "size_time_ratio": check(size.get("corpus_time_ratio"), "<=", size_target),
        "rules_x4_time_ratio": check(x4["time_ratio"] if x4 else None, "<=", 1.6),
        "peak_rss_mb": check(mem.get("peak_rss_mb"), "<", 200),
        "rss_growth_mb": check(mem.get("growth_mb"), "<=", 10),
        "worst_adversarial_s": _worst(adv),
    }


def _worst(adv: dict[str, Any]) -> dict[str, Any]:
    """The worst hostile input against the one-second target; a timeout fails it."""
    target = f"<= {adversarial.LIMIT_SECONDS:g}"
    if adv.get("worst_timed_out"):
        return {"value": None, "target": target, "met": False, "timed_out": adv["timeout"]}
    value = adv.get("worst_seconds")
    met = None if value is None else value <= adversarial.LIMIT_SECONDS
    return {"value": value, "target": target, "met": met}


# -- the run ---------------------------------------------------------------------------------


def run(args: argparse.Namespace, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Every measurement the arguments ask for; returns the report (see REPORT_KEYS)."""
    warnings.simplefilter("ignore")  # cut run-on sentences are the input's, not news here
    report: dict[str, Any] = dict.fromkeys(REPORT_KEYS)
    report["date"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    report["machine"] = machine()
    report["settings"] = {k: v for k, v in vars(args).items() if k not in ("json",)}
    skip = set(args.skip or ())
    started = time.perf_counter()

    began = time.perf_counter()
    rules = treatytrack.load_rules()
    load_s = time.perf_counter() - began
    paths = args.corpus or [GENERATED]
    docs, cut = load_corpus(paths, int(args.limit_mb * 1e6), args.seed)
    if not docs:
        raise SystemExit(f"no documents in {paths}")
    order = shuffled(docs, args.seed)
    report["corpus"] = {
        "paths": [str(p) for p in paths],
        "docs": len(docs),
        "mb": round(corpus_bytes(docs) / 1e6, 4),
        "limit_mb": args.limit_mb,
        "cut_at_limit": cut,
    }
    names = ", ".join(map(str, paths))
    log(f"corpus: {len(docs)} documents, {report['corpus']['mb']} MB ({names})")

    # Warm up: the engine, the place index and other lazy tables are built once per process.
    began = time.perf_counter()
    _consume(list(_take(generated_documents(args.seed), 3)), rules)
    warm_s = time.perf_counter() - began

    log(f"full pipeline: reading for up to {args.budget:g} s ...")
    count, first, _done_at = _calibrate(order, rules, args.budget)
    sample = order[:count]
    size = corpus_bytes(sample)
    base: dict[str, Any] = {}
    engines: dict[str, Callable[[Sequence[Document]], int]] = {}
    if "baselines" not in skip:
        base, engines = _baseline_engines(sample, rules, log)
    samples = _scaled_samples(sample, args.size_scale) if "size" not in skip else {}
    # The pipeline, the baselines and the smaller scales, one pass each per round.
    passes: dict[str, Callable[[], int]] = {"pipeline": lambda: _consume(sample, rules)}
    for key, engine in engines.items():
        passes[key] = functools.partial(engine, sample)
    for scale, docs_at in samples.items():
        if len(docs_at) < len(sample):
            passes[f"scale {scale:g}"] = functools.partial(_consume, docs_at, rules)
    log(f"pipeline and baselines, {args.repeat} interleaved rounds ...")
    timed = _rounds(passes, args.repeat)
    main_runs = timed["pipeline"]
    pipeline = _summary(main_runs, size, count)
    pipeline.update(
        {
            "events": first.result,
            "sample_of_corpus": count < len(order),
            "rules": len(rules),
            "rules_load_s": round(load_s, 2),
            "warm_up_s": round(warm_s, 2),
        }
    )
    report["pipeline"] = pipeline
    log(
        f"  {count} documents, {pipeline['mb']} MB: {pipeline['mb_per_s']} MB/s, "
        f"{pipeline['docs_per_s']} docs/s, {pipeline['events']} events"
    )

    for key in engines:
        summary = _summary(timed[key], size, count)
        summary["name"] = engines[key].name  # type: ignore[attr-defined]
        base[key] = summary
        log(f"  {summary['name']}: {summary['mb_per_s']} MB/s")
    if "naive" not in skip:
        log(f"naive scan_string: up to {args.naive_budget:g} s a pass ...")
        base["naive"] = _naive(order, rules, args.repeat, args.naive_budget)
        log(f"  {base['naive']['mb_per_s']} MB/s over {base['naive']['mb']} MB")
    report["baselines"] = base

    # The rules-scaling and profile sample: what x1 reads in a quarter of the budget.
    small = _cheap_prefix(sample, _done_at, args.budget * RULES_SHARE)

    if "size" not in skip:
        log("size scaling ...")
        scale_timings = {
            scale: main_runs if len(d) == len(sample) else timed[f"scale {scale:g}"]
            for scale, d in samples.items()
        }
        report["size_scaling"] = _size_scaling(
            samples, rules, args.repeat, scale_timings, args.doc_kb, args.timeout
        )
    if "rules" not in skip:
        log(f"rules scaling on {len(small)} documents ...")
        report["rules_scaling"] = _rules_scaling(small, args.rules_scale, args.repeat, log)
    if "memory" not in skip:
        log(f"memory: streaming up to {args.stream_mb:g} MB or {args.memory_budget:g} s ...")
        report["memory"] = memory.measure(
            [str(p) for p in paths], args.stream_mb, args.memory_budget, seed=args.seed
        )
    if "adversarial" not in skip:
        log("adversarial inputs ...")
        report["adversarial"] = adversarial.run(
            rules, args.timeout, int(args.adversarial_kb * 1000), int(args.no_stop_mb * 1e6)
        )
    if args.profile:
        log(f"profile of the pipeline on {len(small)} documents ...")
        report["profile"] = _profile(small, rules, args.profile_top)

    def rate(key: str) -> float | None:
        entry = base.get(key) or {}
        return entry.get("mb_per_s")

    report["ratios"] = {
        "vs_spacy": _ratio(pipeline["mb_per_s"], rate("spacy")),
        "vs_aho_corasick": _ratio(pipeline["mb_per_s"], rate("aho_corasick")),
        "vs_regex": _ratio(pipeline["mb_per_s"], rate("regex")),
        "vs_naive": _ratio(pipeline["mb_per_s"], rate("naive")),
    }
    report["targets"] = _targets(report)
    report["machine"]["load_average_end"] = _load()
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def _take(items: Iterator[Document], n: int) -> Iterator[Document]:
    for _, item in zip(range(n), items, strict=False):
        yield item


def _cheap_prefix(sample: list[Document], done_at: list[float], seconds: float) -> list[Document]:
    """The longest prefix of the sample the calibration pass read within ``seconds``."""
    n = sum(1 for t in done_at if t <= seconds)
    return sample[: max(1, min(n, len(sample)))]


# -- output --------------------------------------------------------------------------------


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        return f"{value:.{digits}g}" if abs(value) < 1 else f"{value:.{digits}g}".rstrip(".")
    return str(value)


def _table(rows: list[list[Any]], header: list[str]) -> str:
    cells = [header, *[[_fmt(c) for c in row] for row in rows]]
    widths = [max(len(str(r[i])) for r in cells) for i in range(len(header))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(
                str(c).ljust(w) if i == 0 else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render(report: dict[str, Any]) -> str:
    """The report as text tables."""
    out: list[str] = []
    m = report["machine"]
    out.append(f"treatytrack speed benchmark, {report['date']}")
    out.append(
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['python']}, "
        f"load {m['load_average']} -> {m.get('load_average_end')}, commit {m['commit']}"
    )
    compiled = m.get("compiled")
    out.append(
        f"compiled: {', '.join(compiled)}" if compiled else "compiled: nothing (plain Python)"
    )
    if m.get("stale_compiled"):
        out.append(f"warning: compiled modules older than their source: {m['stale_compiled']}")
    c = report["corpus"]
    p = report["pipeline"]
    out.append(
        f"corpus: {', '.join(c['paths'])}: {c['docs']} docs, {c['mb']} MB "
        f"(limit {c['limit_mb']} MB); measured on {p['docs']} docs, {p['mb']} MB"
        + (" (a sample: the pipeline's budget ran out)" if p["sample_of_corpus"] else "")
    )
    out.append("")
    rows = [
        [
            "full pipeline (extract_many)",
            p["mb_per_s"],
            p["mb_per_s_wall"],
            p["docs_per_s"],
            p["mb"],
            p["cpu_s"],
            None,
        ]
    ]
    base = report["baselines"] or {}
    ratios = report["ratios"]
    for key, ratio in (
        ("spacy", "vs_spacy"),
        ("aho_corasick", "vs_aho_corasick"),
        ("regex", "vs_regex"),
        ("naive", "vs_naive"),
    ):
        entry = base.get(key)
        if entry is None:
            continue
        if "skipped" in entry:
            rows.append([key + ": " + entry["skipped"], None, None, None, None, None, None])
            continue
        rows.append(
            [
                entry["name"],
                entry["mb_per_s"],
                entry.get("mb_per_s_wall"),
                entry.get("docs_per_s"),
                entry["mb"],
                entry.get("cpu_s"),
                ratios.get(ratio),
            ]
        )
    out.append(_table(rows, ["engine", "MB/s", "MB/s wall", "docs/s", "MB", "CPU s", "pipeline/x"]))
    out.append(
        f"(median of {p['repeats']} passes; MB/s per core from CPU time; "
        f"{p['events']} events; {p['rules']} rules)"
    )
    size = report.get("size_scaling")
    if size:
        out.append("")
        out.append(
            _table(
                [
                    [f"corpus {r['scale']:g}x", r["docs"], r["mb"], r["cpu_s"], r["mb_per_s"]]
                    for r in size["corpus"]
                ]
                + [
                    [
                        f"one document {r['scale']:g}x",
                        1,
                        r["kb"] / 1000,
                        r["cpu_s"] if not r["timed_out"] else None,
                        r["kb"] / 1000 / r["cpu_s"] if r["cpu_s"] else None,
                    ]
                    for r in size["document"]
                ],
                ["size scaling", "docs", "MB", "CPU s", "MB/s"],
            )
        )
        out.append(
            f"time for {max(size['scales']) / min(size['scales']):g}x the input: corpus "
            f"{_fmt(size['corpus_time_ratio'])}x, one document "
            f"{_fmt(size['document_time_ratio'])}x"
        )
    rules = report.get("rules_scaling")
    if rules:
        out.append("")
        out.append(
            _table(
                [
                    [
                        f"x{r['factor']}",
                        r["rules"],
                        r["cpu_s"],
                        r["mb_per_s"],
                        r["time_ratio"],
                        r["compile_s"],
                    ]
                    for r in rules["rows"]
                ],
                ["rules scaling", "rules", "CPU s", "MB/s", "time ratio", "compile s"],
            )
        )
        out.append(f"(on {rules['docs']} documents, {rules['mb']} MB)")
    mem = report.get("memory")
    if mem:
        out.append("")
        if "error" in mem:
            out.append(f"memory: failed: {mem['error']}")
        else:
            out.append(
                f"memory while streaming {mem['stream_mb']} MB ({mem['docs']} docs, "
                f"{mem['seconds']} s, stopped by {mem['stopped_by']}): peak RSS "
                f"{mem['peak_rss_mb']} MB (after loading {mem['peak_loaded_mb']} MB), growth "
                f"after the first checkpoint {_fmt(mem['growth_mb'])} MB"
            )
            out.append(
                "  checkpoints (MB streamed: peak RSS MB): "
                + ", ".join(f"{c['mb']}: {c['peak_rss_mb']}" for c in mem["checkpoints"])
            )
    adv = report.get("adversarial")
    if adv:
        out.append("")
        out.append(
            _table(
                [
                    [
                        r["name"],
                        r["bytes"],
                        r["seconds"] if r.get("seconds") is not None else f"> {adv['timeout']:g}",
                        r.get("events"),
                        r.get("warnings"),
                        ("TIMEOUT " if r.get("seconds") is None else "")
                        + ("over 1 s" if r["over_limit"] else ""),
                    ]
                    for r in adv["inputs"]
                ],
                ["adversarial input", "bytes", "seconds", "events", "warnings", "flag"],
            )
        )
        out.append(
            "worst input of 100 KB or less: "
            + (
                f"> {adv['timeout']:g}"
                if adv.get("worst_timed_out")
                else _fmt(adv["worst_seconds"])
            )
            + " s "
            f"({adv['worst_input']}; timeout {adv['timeout']:g} s)"
        )
    prof = report.get("profile")
    if prof:
        for key, label in (("by_self", "self"), ("by_cumulative", "cumulative")):
            out.append("")
            out.append(
                _table(
                    [
                        [
                            r["function"],
                            r["calls"],
                            r["self_s"],
                            r["cum_s"],
                            r["self_pct"] if key == "by_self" else r["cum_pct"],
                        ]
                        for r in prof[key]
                    ],
                    [
                        f"profile by {label} time ({prof['total_s']} s, {prof['mb']} MB)",
                        "calls",
                        "self s",
                        "cum s",
                        "%",
                    ],
                )
            )
    out.append("")
    out.append(
        _table(
            [
                [
                    name,
                    f"> {t['timed_out']:g}" if t.get("timed_out") else t["value"],
                    t["target"],
                    t["met"],
                ]
                for name, t in report["targets"].items()
            ],
            ["target", "value", "target", "met"],
        )
    )
    return "\n".join(out)


# -- the command ---------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Speed of the full pipeline against spaCy, an Aho-Corasick floor and "
        "naive scan_string, in one run on one corpus (docs/performance.md).",
    )
    parser.add_argument(
        "--corpus",
        nargs="+",
        metavar="PATH",
        help="JSONL files with 'text', text files or folders; 'generated' "
        "(the default) builds a treaty-dense corpus from the packs' examples",
    )
    parser.add_argument(
        "--limit-mb",
        type=float,
        default=4.0,
        help="read the corpus up to this many MB of text (default 4)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per figure")
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds the first pipeline pass may read for (default 60)",
    )
    parser.add_argument(
        "--naive-budget",
        type=float,
        default=30.0,
        help="seconds per naive scan_string pass (default 30)",
    )
    parser.add_argument("--size-scale", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--rules-scale", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--doc-kb", type=float, default=10.0, help="size of the 1x long document (default 10 KB)"
    )
    parser.add_argument(
        "--stream-mb",
        type=float,
        default=500.0,
        help="text to stream for the memory figure (default 500 MB)",
    )
    parser.add_argument(
        "--memory-budget",
        type=float,
        default=120.0,
        help="seconds the memory stream may take (default 120)",
    )
    parser.add_argument("--adversarial-kb", type=float, default=100.0)
    parser.add_argument("--no-stop-mb", type=float, default=10.0)
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds before a single hostile or long document is given up",
    )
    parser.add_argument("--skip", nargs="+", choices=PARTS, default=[])
    parser.add_argument(
        "--profile", action="store_true", help="add a cProfile of the pipeline (top functions)"
    )
    parser.add_argument("--profile-top", type=int, default=15)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a tiny run that only shows the suite works (no figures)",
    )
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="PATH",
        help="write the report as JSON to PATH (or, alone, to stdout)",
    )
    return parser


QUICK = {
    "limit_mb": 0.02,
    "repeat": 1,
    "budget": 3.0,
    "naive_budget": 0.5,
    "size_scale": [1, 2],
    "rules_scale": [1, 2],
    "doc_kb": 0.5,
    "stream_mb": 0.02,
    "memory_budget": 5.0,
    "adversarial_kb": 0.5,
    "no_stop_mb": 0.002,
    "timeout": 30.0,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.quick:  # the quick sizes become the defaults; options given still win
        parser.set_defaults(**QUICK)
        args = parser.parse_args(argv)
    to_stdout = args.json == "-"
    log: Callable[[str], None] = (
        (lambda message: print(message, file=sys.stderr, flush=True))
        if to_stdout
        else (lambda message: print(message, flush=True))
    )
    report = run(args, log)
    if args.json and not to_stdout:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if to_stdout:
        json.dump(report, sys.stdout, indent=2)
        print()
    else:
        print()
        print(render(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
