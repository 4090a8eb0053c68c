"""The speed benchmark stays runnable: a quick run on a tiny generated corpus, and its parts.

No figure is asserted: timings belong in docs/performance.md, not in the test suite. The
optional baselines (spaCy, pyahocorasick) may be missing here; the report then says so.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from benchmarks import adversarial, baselines, corpora, speed
from treatytrack._compiled import compiled_modules
from treatytrack.records import Document


def test_quick_run_reports_every_part(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    assert speed.main(["--quick", "--profile", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(speed.REPORT_KEYS) <= set(report)
    pipeline = report["pipeline"]
    assert pipeline["docs"] >= 1
    assert pipeline["mb_per_s"] > 0
    assert pipeline["events"] >= 1  # the generated corpus is treaty-dense
    assert report["corpus"]["paths"] == ["generated"]
    for key in ("spacy", "aho_corasick", "regex", "naive"):
        entry = report["baselines"][key]
        assert "skipped" in entry or entry["mb_per_s"] is not None
    rows = report["rules_scaling"]["rows"]
    assert [r["factor"] for r in rows] == [1, 2]
    assert rows[1]["rules"] == 2 * rows[0]["rules"]
    size = report["size_scaling"]
    assert [r["scale"] for r in size["corpus"]] == [1, 2]
    assert len(size["document"]) == 2
    assert "peak_rss_mb" in report["memory"], report["memory"]
    assert report["memory"]["docs"] >= 1
    names = [row["name"] for row in report["adversarial"]["inputs"]]
    assert names == list(adversarial.inputs(speed.scaled_rules(1), 200, 400))
    assert report["profile"]["by_self"]
    assert report["profile"]["by_cumulative"]
    assert set(report["targets"]) == {
        "vs_spacy",
        "vs_aho_corasick_floor",
        "vs_naive_scan_string",
        "size_time_ratio",
        "rules_x4_time_ratio",
        "peak_rss_mb",
        "rss_growth_mb",
        "worst_adversarial_s",
    }
    # what ran compiled is part of what was measured
    assert report["machine"]["compiled"] == compiled_modules()
    text = speed.render(report)
    assert "full pipeline" in text
    assert "target" in text
    assert "compiled: " in text


def test_generated_corpus_is_deterministic() -> None:
    first, cut = corpora.load_corpus(["generated"], 20_000)
    again, _ = corpora.load_corpus(["generated"], 20_000)
    assert cut
    assert [d.text for d in first] == [d.text for d in again]
    assert corpora.corpus_bytes(first) >= 20_000
    assert all(d.published is not None for d in first)
    other = corpora.load_corpus(["generated"], 20_000, seed=7)[0]
    assert [d.text for d in other] != [d.text for d in first]


def test_spread_takes_an_even_share() -> None:
    docs = corpora.load_corpus(["generated"], 30_000)[0]
    tenth = corpora.spread(docs, 0.1)
    assert len(tenth) == len(docs) // 10
    assert tenth == docs[9::10]
    assert corpora.spread(docs, 1) == docs


def test_scaled_rules_copy_every_rule_under_a_new_id() -> None:
    one = speed.scaled_rules(1)
    two = speed.scaled_rules(2)
    assert len(two) == 2 * len(one)
    assert len({r.id for r in two.rules}) == len(two)
    assert set(two.trigger_index) == set(one.trigger_index)


def test_naive_scan_finds_what_the_engine_finds() -> None:
    rules = speed.scaled_rules(1)
    doc = Document("d", "Japan and France signed a treaty in Paris on Friday.", None)
    stats = baselines.NaiveScan(rules)([doc])
    assert stats.docs == 1
    assert stats.matches >= 1
    cut = baselines.NaiveScan(rules)([doc] * 50, budget=0.0)
    assert cut.docs < 50


@pytest.mark.skipif(importlib.util.find_spec("ahocorasick") is None, reason="pyahocorasick")
def test_aho_corasick_and_regex_agree() -> None:
    rules = speed.scaled_rules(1)
    words = baselines.trigger_words(rules)
    docs = corpora.load_corpus(["generated"], 20_000)[0]
    docs.append(Document("edge", "Signed; (treaty) pre-signed xtreaty treaty_ talks", None))
    assert baselines.AhoCorasickScan(words)(docs) == baselines.RegexScan(words)(docs)


def test_compared_passes_run_interleaved() -> None:
    # one pass of each per round, in turn: a slow spell of the machine falls on both sides
    order: list[str] = []

    def pass_of(name: str, result: int):  # type: ignore[no-untyped-def]
        def run() -> int:
            order.append(name)
            return result

        return run

    timed = speed._rounds({"pipeline": pass_of("pipeline", 3), "spacy": pass_of("spacy", 5)}, 3)
    assert order == ["pipeline", "spacy"] * 3
    assert [t.result for t in timed["pipeline"]] == [3, 3, 3]
    assert [t.result for t in timed["spacy"]] == [5, 5, 5]
