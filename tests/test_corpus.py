"""The hand-annotated corpus (tests/corpus/sentences.yaml): every entry read as a reader would.

The corpus was written independently of the rules; see tests/corpus/README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import treatytrack
from treatytrack.testing.scoring import score_document

ENTRIES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "corpus" / "sentences.yaml").read_text(encoding="utf-8")
)


def test_the_corpus_is_large_and_half_traps() -> None:
    assert len(ENTRIES) >= 150
    traps = sum(1 for e in ENTRIES if e.get("trap"))
    assert traps >= 0.4 * len(ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_corpus_entry(entry: dict[str, Any]) -> None:
    events = treatytrack.extract(
        entry["text"], published=entry.get("published"), doc_id=entry["id"]
    )
    score = score_document(entry["text"], entry.get("events") or [], events)
    assert score.perfect, f"{entry['text']}\n{score.describe()}"
