"""Actor resolution benchmark: PLOVER gold-standard actors -> states.

For every actor of the PLOVER gold-standard records (``source_actors``/``target_actors``)
coded with a state, resolve its text with ``default_gazetteer().resolve_text`` and compare
the state it stands for (a non-state group counts as its home state, since PLOVER codes
actors by country) with the gold code. The data (CC BY-SA 4.0) is read in place, never
copied into the project.

    python -m benchmarks.parties [--data PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pycountry  # noqa: E402

from treatytrack.resolve.parties import default_gazetteer  # noqa: E402
from treatytrack.resolve.places import match_place  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "petrarch" / "plover_gsr_cases.jsonl"

# CAMEO country codes that differ from ISO 3166-1 alpha-3.
CAMEO_TO_ISO = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
    "ROM": "ROU",
    "ZAR": "COD",
    "TMP": "TLS",
    "GMY": "DEU",
    "UK": "GBR",
}
ISO3 = frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}


def state_code(code: str | None) -> str | None:
    """The ISO alpha-3 code of a CAMEO actor code, None for non-states (IGO, NGO, IMG...)."""
    if not code:
        return None
    code = CAMEO_TO_ISO.get(code, code)
    return code if code in ISO3 else None


def actors(path: Path) -> Iterator[tuple[str, str, str]]:
    """(record id, actor text, gold ISO code) for every state-coded actor."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            for field in ("source_actors", "target_actors"):
                listed = record.get(field)
                if not isinstance(listed, list):
                    continue
                for actor in listed:
                    gold = state_code(actor.get("code"))
                    text = (actor.get("actorText") or "").strip()
                    if gold and text:
                        yield record.get("id", ""), text, gold


def run(path: Path) -> dict[str, Any]:
    start = time.perf_counter()
    gazetteer = default_gazetteer()
    build = time.perf_counter() - start
    start = time.perf_counter()
    match_place("Tokyo . ", 0)  # builds the place index (cities, regions) once
    place_build = time.perf_counter() - start
    rows = list(actors(path))
    misses = []
    start = time.perf_counter()
    for rid, text, gold in rows:
        party = gazetteer.resolve_text(text)
        got = gazetteer.home_state(party) if party is not None else None
        if got != gold:
            misses.append(
                {
                    "id": rid,
                    "text": text,
                    "gold": gold,
                    "got": got,
                    "party": party.code if party else None,
                }
            )
    elapsed = time.perf_counter() - start
    total = len(rows)
    return {
        "data": str(path),
        "actors": total,
        "correct": total - len(misses),
        "accuracy": round((total - len(misses)) / total, 4) if total else 0.0,
        "build_seconds": round(build, 4),
        "place_index_seconds": round(place_build, 4),
        "resolve_ms_per_actor": round(1000 * elapsed / total, 4) if total else 0.0,
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = run(args.data)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{'text':<60} {'gold':<5} {'got':<5} party")
    for miss in result["misses"]:
        print(
            f"{miss['text'][:60]:<60} {miss['gold']:<5} {miss['got'] or '-':<5} "
            f"{miss['party'] or '-'}"
        )
    print()
    print(
        f"actors {result['actors']}  correct {result['correct']}  "
        f"accuracy {result['accuracy']:.4f}  build {result['build_seconds']:.3f}s  "
        f"place index {result['place_index_seconds']:.3f}s  "
        f"resolve {result['resolve_ms_per_actor']:.3f} ms/actor"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
