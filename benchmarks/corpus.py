"""Event precision, recall and F1 of the default packs on the hand-annotated test corpus.

``tests/corpus/sentences.yaml`` was written by hand, independently of the rules (see its
README). An extracted event is *found* when an expected one has its kind and status and an
overlapping trigger; it is *right* when every field the annotation gives also agrees
(modality, polarity, parties, actor, negation, date, place, reference, instrument type).

    python -m benchmarks.corpus [--json] [--show]
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

import yaml  # noqa: E402

import treatytrack  # noqa: E402
from treatytrack.testing.scoring import score_document  # noqa: E402

CORPUS = ROOT / "tests" / "corpus" / "sentences.yaml"


def _prf(hits: int, extracted: int, expected: int) -> dict[str, float]:
    precision = hits / extracted if extracted else 1.0
    recall = hits / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def run(path: Path = CORPUS, show: bool = False) -> dict[str, Any]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = treatytrack.load_rules()
    found = right = extracted = expected = 0
    by_status: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for entry in entries:
        events = treatytrack.extract(
            entry["text"], published=entry.get("published"), doc_id=entry["id"], rules=rules
        )
        wants = entry.get("events") or []
        score = score_document(entry["text"], wants, events)
        found += len(score.right) + len(score.wrong)
        right += len(score.right)
        extracted += len(events)
        expected += len(wants)
        for want, _ in score.right:
            by_status[want["status"]]["right"] += 1
        for want, _, _ in score.wrong:
            by_status[want["status"]]["wrong fields"] += 1
        for want in score.missed:
            by_status[want["status"]]["missed"] += 1
        for event in score.extra:
            by_status[event.status.value]["extra"] += 1
        if show and not score.perfect:
            print(f"--- {entry['id']}: {entry['text']}\n{score.describe()}")
    return {
        "entries": len(entries),
        "expected events": expected,
        "extracted events": extracted,
        "detected": _prf(found, extracted, expected),
        "all fields right": _prf(right, extracted, expected),
        "by status": {k: dict(v) for k, v in sorted(by_status.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="print the imperfect entries")
    args = parser.parse_args(argv)
    report = run(show=args.show)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for key in ("entries", "expected events", "extracted events", "detected", "all fields right"):
        print(f"{key}: {report[key]}")
    for status, counts in report["by status"].items():
        print(f"  {status}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
