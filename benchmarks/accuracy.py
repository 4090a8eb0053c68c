"""Accuracy of the default packs on text nobody here wrote: PLOVER and PETRARCH validation.

For each sentence of ``plover_gsr_cases.jsonl`` (human-coded) and ``cases.jsonl`` (PETRARCH
validation), the script extracts events with the default packs and reports, per category
(sign / negotiate / intent / reject / cooperate / other, as the data's README maps them):

- how many sentences gave any event, and any *asserted positive* event;
- for ``sign``: how many gave an asserted ``signed`` event (recall of signings);
- for ``negotiate``: how many gave a negotiation event;
- for ``reject``/``other``: how many gave an asserted positive event (most should not);
- the statuses extracted, and every event for the sign/negotiate sentences (to read).

It also runs the actor-resolution benchmark (``benchmarks.parties``). The data is read in
place (``../shared/bench/petrarch``) and never copied into the project. The caveats of the
data's README apply: most PETRARCH unit tests are made-up probes with WEIS codes, and PLOVER
does not tell signing from other agreement; the figures describe behaviour, they are not
precision and recall against a gold standard of our event definition.

    python -m benchmarks.accuracy [--data DIR] [--json] [--show CATEGORY]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import treatytrack  # noqa: E402
from benchmarks import parties  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "bench" / "petrarch"
CATEGORIES = ("sign", "negotiate", "intent", "reject", "cooperate", "other")


def _records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def evaluate(records: list[dict[str, Any]], show: str | None = None) -> dict[str, Any]:
    """Per-category counts over the records (enabled ones with text)."""
    rules = treatytrack.load_rules()
    rows: dict[str, collections.Counter[str]] = {c: collections.Counter() for c in CATEGORIES}
    statuses: dict[str, collections.Counter[str]] = {c: collections.Counter() for c in CATEGORIES}
    shown: list[str] = []
    for record in records:
        if record.get("enabled") is False or not record.get("text"):
            continue
        category = record.get("category", "other")
        events = treatytrack.extract(record["text"], rules=rules, doc_id=record["id"])
        facts = [e for e in events if e.is_fact]
        row = rows[category]
        row["sentences"] += 1
        row["any event"] += bool(events)
        row["asserted positive"] += bool(facts)
        row["signed (asserted)"] += any(e.status.value == "signed" for e in facts)
        row["negotiation"] += any(e.kind.value == "negotiation" for e in events)
        for event in events:
            statuses[category][event.status.value + ("" if event.is_fact else "*")] += 1
        if show == category or (show == "events" and events):
            found = (
                "; ".join(
                    f"{e.status.value}{'' if e.is_fact else '*'} {list(e.parties)} "
                    f"'{e.trigger.text}'"
                    for e in events
                )
                or "-"
            )
            shown.append(f"{record['id']}: {record['text']}\n    -> {found}")
    return {
        "categories": {c: dict(rows[c]) for c in CATEGORIES if rows[c]["sentences"]},
        "statuses": {c: dict(statuses[c]) for c in CATEGORIES if statuses[c]},
        "shown": shown,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DIR,
        help="folder holding plover_gsr_cases.jsonl and cases.jsonl",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--show", help="list the sentences of a category (or 'events')")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {}
    for name in ("plover_gsr_cases.jsonl", "cases.jsonl"):
        path = args.data / name
        if not path.is_file():
            print(f"missing {path}: see ../shared/bench/petrarch/README.md", file=sys.stderr)
            return 2
        report[name] = evaluate(_records(path), args.show)
    report["actors"] = {
        k: v for k, v in parties.run(args.data / "plover_gsr_cases.jsonl").items() if k != "misses"
    }
    if args.json:
        print(
            json.dumps(
                {
                    k: (
                        {kk: vv for kk, vv in v.items() if kk != "shown"}
                        if isinstance(v, dict)
                        else v
                    )
                    for k, v in report.items()
                },
                indent=2,
            )
        )
        return 0
    for name in ("plover_gsr_cases.jsonl", "cases.jsonl"):
        print(f"\n== {name}")
        header = (
            "category",
            "sentences",
            "any event",
            "asserted positive",
            "signed (asserted)",
            "negotiation",
        )
        print(" | ".join(header))
        for category, row in report[name]["categories"].items():
            print(" | ".join([category, *(str(row.get(h, 0)) for h in header[1:])]))
        for category, counts in report[name]["statuses"].items():
            print(f"  {category}: {dict(sorted(counts.items()))}")
        for line in report[name]["shown"]:
            print(line)
    actors = report["actors"]
    print(f"\n== actor resolution (PLOVER state-coded actors): {actors}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
