"""The tracker end to end: the seed article, the multi-article story, identity, queries,
exports and the command line.

Expectations come from what a reader takes from the texts (``tests/seed_expected.yaml``,
``tests/story/expected.yaml``), not from program output.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import treatytrack
from treatytrack.cli.main import _register, cli
from treatytrack.corpus import read_documents
from treatytrack.errors import InputError
from treatytrack.records import Document, Event, Kind, Modality, Status
from treatytrack.track import (
    Agreement,
    CandidateLink,
    Effect,
    Flag,
    LinkReason,
    StatusChange,
    Tracker,
    agreement_from_json,
    agreement_to_json,
)
from treatytrack.track.identity import name_tokens, normalise_name, strip_venue
from treatytrack.track.records import CSV_FIELDS

from .conftest import ROOT, SEED_ID
from .test_lifecycle import make_event

S = Status
STORY = Path(__file__).parent / "story"
EXPECTED = yaml.safe_load((STORY / "expected.yaml").read_text("utf-8"))
SEED = ROOT / "seeds" / f"{SEED_ID}.txt"


def _snapshot(tracker: Tracker) -> list[dict[str, Any]]:
    return [agreement_to_json(a) for a in tracker.agreements()]


# -- the seed article ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_tracker() -> Tracker:
    tracker = Tracker()
    [doc] = read_documents([SEED])
    tracker.ingest(doc)
    return tracker


def _one(found: list[Agreement], what: str) -> Agreement:
    assert len(found) == 1, f"{what}: {[a.name for a in found]}"
    return found[0]


def test_the_seed_gives_five_records_between_japan_and_france(seed_tracker: Tracker) -> None:
    found = seed_tracker.agreements(party="FRA")
    assert len(found) == 5, [(a.name, a.status) for a in found]
    assert all(a.parties == ("FRA", "JPN") for a in found)
    assert not any(a.flagged for a in found)


def test_the_seed_pact_was_signed_on_the_day(seed_tracker: Tracker) -> None:
    pact = _one(seed_tracker.agreements(text="defense equipment"), "pact")
    assert pact.name == "pact on defense equipment transfers"
    assert (pact.kind, pact.type, pact.status) == (Kind.AGREEMENT, "pact", S.SIGNED)
    assert pact.status_date == dt.date(2015, 3, 13)
    first = pact.history[0]
    assert (first.status, first.effect, first.date) == (S.SIGNED, Effect.MOVED, pact.status_date)
    assert first.evidence.doc_id == SEED_ID
    assert first.evidence.sentence.text.startswith("Japan and France signed a pact")
    assert [(p.party, p.status) for p in pact.party_status] == [
        ("FRA", S.SIGNED),
        ("JPN", S.SIGNED),
    ]


def test_the_seed_acsa_is_at_talks_agreed_with_its_expected_conclusion_as_evidence(
    seed_tracker: Tracker,
) -> None:
    acsa = _one(seed_tracker.agreements(text="ACSA"), "ACSA")
    assert acsa.name == "acquisition and cross-servicing agreement"
    assert "ACSA" in acsa.aliases
    assert (acsa.kind, acsa.status) == (Kind.NEGOTIATION, S.PROPOSED)
    moved = [c for c in acsa.history if c.moved]
    assert [(c.status, c.modality) for c in moved] == [(S.PROPOSED, Modality.ASSERTED)]
    expected = [c for c in acsa.history if c.modality is Modality.EXPECTED]
    assert [(c.status, c.effect) for c in expected] == [(S.SIGNED, Effect.EVIDENCE)]
    assert "Le Drian" in (expected[0].evidence.speaker or "")


@pytest.mark.parametrize("topic", ["terrorism", "Ukraine", "disasters"])
def test_the_seed_pledges_are_three_records(seed_tracker: Tracker, topic: str) -> None:
    pledges = seed_tracker.agreements(kind="pledge")
    assert len(pledges) == 3, [a.name for a in pledges]
    pledge = _one([a for a in pledges if topic.lower() in (a.topic or "").lower()], topic)
    assert pledge.status is S.PLEDGED
    assert pledge.status_date == dt.date(2015, 3, 13)


def test_reingesting_the_seed_text_is_a_no_op(seed_text: str) -> None:
    with Tracker() as tracker:
        first = tracker.ingest(seed_text, doc_id=SEED_ID, published="2015-03-13")
        before = _snapshot(tracker)
        again = tracker.ingest(seed_text, doc_id=SEED_ID, published="2015-03-13")
        assert (first.outcome.value, again.outcome.value) == ("added", "unchanged")
        assert _snapshot(tracker) == before


# -- the story -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def story_docs() -> list[Document]:
    engine = treatytrack.Engine()
    return [engine.read(doc) for doc in read_documents([STORY / "articles.jsonl"])]


def _ingest(docs: list[Document], order: list[int] | None = None) -> Tracker:
    tracker = Tracker()
    for index in order if order is not None else range(len(docs)):
        doc = docs[index]
        tracker.ingest_events(doc.events, doc_id=doc.id, published=doc.published)
    return tracker


def _check_story(tracker: Tracker) -> None:
    found = tracker.agreements(party="IDN")
    wanted = EXPECTED["agreements"]
    assert sorted(a.name for a in found) == sorted(w["name"] for w in wanted)
    for want in wanted:
        [got] = [a for a in found if a.name == want["name"]]
        assert list(got.aliases) == want["aliases"]
        assert got.kind.value == want["kind"]
        assert got.type == want["type"]
        if "topic" in want:
            assert got.topic == want["topic"]
        assert list(got.parties) == want["parties"]
        assert (got.status.value if got.status else None) == want["status"]
        assert got.status_date == want["status_date"]
        steps = [[p.party, p.status.value, p.date, p.doc_id] for p in got.party_status]
        assert steps == want["party_status"]
        may = {tuple(m) for m in want["may"]}
        history = [
            [c.evidence.doc_id, c.status.value, c.effect.value, c.date]
            for c in got.history
            if (c.evidence.doc_id, c.status.value, c.effect.value) not in may
        ]
        assert history == want["history"], got.name
        assert not got.flagged
        assert got.candidates == ()


def test_the_story_read_in_file_order_gives_the_records_a_reader_would(
    story_docs: list[Document],
) -> None:
    published = [d.published or dt.date.min for d in story_docs]
    assert published != sorted(published), "the corpus must hold an out-of-order article"
    _check_story(_ingest(story_docs))


def test_the_story_through_the_engine_equals_the_story_through_events(
    story_docs: list[Document],
) -> None:
    with Tracker() as tracker:
        for doc in read_documents([STORY / "articles.jsonl"]):
            tracker.ingest(doc)
        assert _snapshot(tracker) == _snapshot(_ingest(story_docs))


@settings(max_examples=20, deadline=None)
@given(order=st.permutations(range(9)))
def test_the_story_records_do_not_depend_on_the_order_articles_arrive_in(
    story_docs: list[Document], order: list[int]
) -> None:
    assert len(story_docs) == 9
    assert _snapshot(_ingest(story_docs, list(order))) == _snapshot(_ingest(story_docs))


@settings(max_examples=20, deadline=None)
@given(order=st.permutations(range(9)))
def test_the_story_gives_the_records_a_reader_would_in_any_order(
    story_docs: list[Document], order: list[int]
) -> None:
    _check_story(_ingest(story_docs, list(order)))


def test_the_story_timeline_of_a_party_runs_in_event_order(story_docs: list[Document]) -> None:
    tracker = _ingest(story_docs)
    timeline = tracker.timeline("AUS")
    dates = [e.change.when or dt.date.max for e in timeline]
    assert dates == sorted(dates)
    assert len(timeline) == sum(len(a.history) for a in tracker.agreements(party="AUS"))
    later = tracker.timeline("AUS", since="2022-06-01")
    assert later == [e for e in timeline if e.change.when and e.change.when >= dt.date(2022, 6, 1)]
    assert tracker.timeline("NOR") == []


def _committed(db: Path) -> dict[str, int]:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return dict(conn.execute("SELECT id, events FROM documents").fetchall())
    except sqlite3.Error:  # the schema may not be there yet
        return {}


def test_killing_a_track_run_loses_no_committed_document_and_a_rerun_finishes(
    story_docs: list[Document], tmp_path: Path
) -> None:
    copies = 16
    lines = [
        {"id": f"{doc.id}-{k:02d}", "published": doc.published.isoformat(), "text": doc.text}
        for k in range(copies)
        for doc in story_docs
        if doc.published is not None
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = tmp_path / "agreements.db"
    command = [sys.executable, "-m", "treatytrack", "track", str(corpus), "--db", str(db), "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(_committed(db)) < 25 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    committed = _committed(db)
    assert 25 <= len(committed) < len(lines), "the kill must land mid-way"

    per_story = {doc.id: len(doc.events) for doc in story_docs}
    with Tracker(db) as tracker:
        assert tracker.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = dict(
            tracker.store.conn.execute("SELECT doc_id, count(*) FROM events GROUP BY doc_id")
        )
    for doc_id, n_events in committed.items():
        assert n_events == per_story[doc_id[:-3]] == stored.get(doc_id, 0)

    rerun = subprocess.run(command[:-1], env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"({len(lines) - len(committed)} added, {len(committed)} unchanged" in rerun.stderr
    assert _committed(db) == {line["id"]: per_story[line["id"][:-3]] for line in lines}
    reference = Tracker()
    for k in range(copies):
        for doc in story_docs:
            doc_id = f"{doc.id}-{k:02d}"
            events = [attrs.evolve(e, doc_id=doc_id) for e in doc.events]
            reference.ingest_events(events, doc_id=doc_id, published=doc.published)
    with Tracker(db) as tracker:
        assert _snapshot(tracker) == _snapshot(reference)


# -- identity ------------------------------------------------------------------------------


def test_names_are_normalised_for_matching() -> None:
    assert normalise_name("the Pact on Defence Equipment Transfers") == (
        "defense equipment transfer"
    )
    assert normalise_name("a defense-equipment transfer agreement") == (
        "defense equipment transfer"
    )
    assert name_tokens("ACSA framework") == frozenset({"acsa"})
    assert normalise_name("the pact") == ""
    assert strip_venue("memorandum on vocational education in Jakarta") == (
        "memorandum on vocational education"
    )
    assert strip_venue("a treaty on peace in Ukraine") == "a treaty on peace in Ukraine"


def _tracker_with(*docs: tuple[str, str, list[Event]]) -> Tracker:
    tracker = Tracker()
    for doc_id, published, events in docs:
        tracker.ingest_events(events, doc_id=doc_id, published=published)
    return tracker


def test_a_long_form_and_an_acronym_name_merge_through_their_alias() -> None:
    tracker = _tracker_with(
        (
            "d1",
            "2015-03-13",
            [
                make_event(
                    "d1",
                    S.PROPOSED,
                    kind=Kind.NEGOTIATION,
                    name="acquisition and cross-servicing agreement",
                    aliases=("ACSA",),
                )
            ],
        ),
        (
            "d2",
            "2016-07-01",
            [make_event("d2", S.SIGNED, name="ACSA framework", aliases=("ACSA",))],
        ),
        ("d3", "2016-09-01", [make_event("d3", S.IN_FORCE, name="ACSA", parties=())]),
    )
    [acsa] = tracker.agreements()
    assert acsa.name == "acquisition and cross-servicing agreement"
    assert acsa.aliases == ("ACSA", "ACSA framework")
    assert acsa.status is S.IN_FORCE
    assert [c.effect for c in acsa.history] == [Effect.MOVED] * 3


def test_disjoint_parties_never_merge_and_are_not_linked() -> None:
    tracker = _tracker_with(
        ("d1", "2020-01-01", [make_event("d1", S.SIGNED, name="free trade agreement")]),
        (
            "d2",
            "2020-02-01",
            [make_event("d2", S.SIGNED, name="free trade agreement", parties=("ISL", "PER"))],
        ),
    )
    found = tracker.agreements()
    assert len(found) == 2
    assert all(a.candidates == () for a in found)


def test_a_party_level_step_joins_the_agreement_of_a_larger_party_set() -> None:
    tracker = _tracker_with(
        ("d1", "2020-01-01", [make_event("d1", S.SIGNED, name="treaty on glaciers")]),
        (
            "d2",
            "2020-05-01",
            [make_event("d2", S.RATIFIED, name="glaciers treaty", parties=("CHL",), actor="CHL")],
        ),
    )
    [treaty] = tracker.agreements()
    assert treaty.party_current("CHL") is S.RATIFIED
    assert treaty.party_current("NOR") is S.SIGNED
    assert treaty.status is S.SIGNED


def test_overlapping_party_sets_stay_apart_with_a_candidate_link() -> None:
    tracker = _tracker_with(
        ("d1", "2020-01-01", [make_event("d1", S.SIGNED, name="free trade agreement")]),
        (
            "d2",
            "2020-02-01",
            [make_event("d2", S.SIGNED, name="free trade agreement", parties=("CHL", "PER"))],
        ),
    )
    first, second = tracker.agreements()
    [link] = first.candidates
    assert (link.agreement_id, link.other_id) == (first.id, second.id)
    assert link.reason is LinkReason.PARTIES_DIFFER
    assert link.score == pytest.approx(1 / 3)
    assert second.candidates == (CandidateLink(second.id, first.id, link.reason, link.score),)


def test_a_mention_that_fits_two_agreements_is_kept_apart_and_linked_to_both() -> None:
    tracker = _tracker_with(
        ("d1", "2020-01-01", [make_event("d1", S.SIGNED, name="free trade agreement")]),
        (
            "d2",
            "2020-02-01",
            [make_event("d2", S.SIGNED, name="free trade agreement", parties=("CHL", "PER"))],
        ),
        (
            "d4",
            "2020-06-02",
            [make_event("d4", S.RATIFIED, name="free trade agreement", parties=("CHL",))],
        ),
    )
    found = tracker.agreements()
    assert len(found) == 3
    [alone] = [a for a in found if a.parties == ("CHL",)]
    assert {link.reason for link in alone.candidates} == {LinkReason.AMBIGUOUS}
    assert len(alone.candidates) == 2
    assert len(alone.history) == 1


def test_similar_names_between_the_same_parties_are_linked_not_merged() -> None:
    tracker = _tracker_with(
        ("d1", "2020-01-01", [make_event("d1", S.SIGNED, name="pact on salmon farming")]),
        (
            "d2",
            "2020-02-01",
            [make_event("d2", S.IN_FORCE, name="pact on salmon farming and aquaculture")],
        ),
    )
    first, second = tracker.agreements()
    assert [link.reason for link in first.candidates] == [LinkReason.SIMILAR_NAME]
    assert first.candidates[0].other_id == second.id
    assert first.candidates[0].score == pytest.approx(2 / 3, abs=0.001)


def test_pledges_are_identified_by_topic_and_parties() -> None:
    def pledge(doc: str, topic: str, offset: int = 0) -> Event:
        return make_event(doc, S.PLEDGED, kind=Kind.PLEDGE, name=None, topic=topic, offset=offset)

    tracker = _tracker_with(
        ("d1", "2020-01-01", [pledge("d1", "joint efforts against piracy")]),
        ("d2", "2020-03-01", [pledge("d2", "cooperation against piracy")]),
        ("d3", "2020-04-01", [pledge("d3", "stability in the Andes")]),
        ("d4", "2020-05-01", [make_event("d4", S.SIGNED, name="piracy agreement")]),
        ("d5", "2020-06-01", [pledge("d5", "piracy"), pledge("d5", "several points", 50)]),
    )
    pledges = tracker.agreements(kind="pledge")
    assert sorted((len(a.history), a.topic) for a in pledges) == [
        (1, "stability in the Andes"),
        (4, "joint efforts against piracy"),
    ]
    assert len(tracker.agreements(kind="agreement")) == 1


def test_an_earlier_article_arriving_late_keeps_old_ids_usable() -> None:
    late = make_event("late", S.IN_FORCE, name="pact on wool", date="2021-05-01")
    early = make_event("early", S.SIGNED, name="pact on wool", date="2020-05-01")
    tracker = _tracker_with(("late", "2021-05-02", [late]))
    [before] = tracker.agreements()
    tracker.ingest_events([early], doc_id="early", published="2020-05-02")
    [after] = tracker.agreements()
    assert after.id != before.id
    assert tracker.get(before.id) == after
    assert [c.effect for c in after.history] == [Effect.MOVED, Effect.MOVED]


# -- queries and exports -------------------------------------------------------------------


@pytest.fixture
def small() -> Tracker:
    return _tracker_with(
        (
            "d1",
            "2019-01-02",
            [make_event("d1", S.SIGNED, name="pact on copper", date="2019-01-01")],
        ),
        (
            "d2",
            "2020-03-02",
            [
                make_event(
                    "d2",
                    S.PROPOSED,
                    kind=Kind.NEGOTIATION,
                    name="treaty on lithium",
                    parties=("ARG", "CHL"),
                )
            ],
        ),
        ("d3", "2021-01-02", [make_event("d3", S.IN_FORCE, name="pact on copper")]),
    )


def names(found: list[Agreement]) -> list[str]:
    return [a.name for a in found]


def test_queries_filter_by_party_status_kind_date_and_text(small: Tracker) -> None:
    assert names(small.agreements()) == ["pact on copper", "treaty on lithium"]
    assert names(small.agreements(party="ARG")) == ["treaty on lithium"]
    assert names(small.agreements(party="chl")) == ["pact on copper", "treaty on lithium"]
    assert names(small.agreements(status="in_force")) == ["pact on copper"]
    assert names(small.agreements(status=S.PROPOSED)) == ["treaty on lithium"]
    assert names(small.agreements(kind="negotiation")) == ["treaty on lithium"]
    assert names(small.agreements(since="2020-06-01")) == ["pact on copper"]
    assert names(small.agreements(since=dt.date(2021, 6, 1))) == []
    assert names(small.agreements(text="LITHIUM")) == ["treaty on lithium"]


def test_bad_filters_say_what_is_allowed(small: Tracker) -> None:
    with pytest.raises(InputError, match=r"'status' must be in \['proposed'.*\(got 'sort_of'\)"):
        small.agreements(status="sort_of")
    with pytest.raises(InputError, match="'since' must be a date"):
        small.agreements(since="last week")


def test_get_and_history(small: Tracker) -> None:
    [copper, _] = small.agreements()
    assert small.get(copper.id) == copper
    assert small.history(copper.id) == copper.history
    assert small.get("ag-unknown") is None
    with pytest.raises(KeyError):
        small.history("ag-unknown")
    assert copper.documents == ("d1", "d3")


def test_exports_round_trip(small: Tracker, tmp_path: Path) -> None:
    buffer = io.StringIO()
    assert small.export_jsonl(buffer) == 2
    read = [agreement_from_json(json.loads(line)) for line in buffer.getvalue().splitlines()]
    assert read == small.agreements()
    path = tmp_path / "agreements.csv"
    assert small.export_csv(path, small.agreements(party="ARG")) == 1
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_FIELDS)
    assert rows[0]["name"] == "treaty on lithium"
    assert rows[0]["parties"] == "ARG;CHL"


def test_records_validate_their_closed_vocabularies(small: Tracker) -> None:
    change = small.agreements()[0].history[0]
    with pytest.raises(ValueError, match=r"'flag' must be in \['none', 'gap', 'conflict'\]"):
        StatusChange(change.status, change.kind, change.effect, change.evidence, flag="maybe")
    assert Flag("gap") is Flag.GAP


def test_the_tracker_is_exported_from_the_package() -> None:
    assert treatytrack.Tracker is Tracker
    assert {"Tracker", "Agreement", "StatusChange"} <= set(treatytrack.__all__)


# -- the command line ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def test_cli_track_then_list_the_seed_agreements_of_france(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = str(tmp_path / "agreements.db")
    done = runner.invoke(cli, ["track", str(SEED), "--db", db])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(cli, ["agreements", "--db", db, "--party", "FRA", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.output)) == 5
    table = runner.invoke(cli, ["agreements", "--db", db, "--party", "FRA"], env={"COLUMNS": "200"})
    assert "pact on defense equipment transfers" in table.output
    rows = runner.invoke(cli, ["agreements", "--db", db, "--status", "signed", "--format", "csv"])
    assert len(list(csv.DictReader(io.StringIO(rows.output)))) == 1
    lines = runner.invoke(cli, ["agreements", "--db", db, "--text", "acsa", "--format", "jsonl"])
    [acsa] = [json.loads(x) for x in lines.output.splitlines()]
    shown = runner.invoke(cli, ["history", acsa["id"], "--db", db], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "acquisition and cross-servicing agreement" in shown.output
    assert "expected" in shown.output
    again = runner.invoke(cli, ["track", str(SEED), "--db", db])
    assert "1 unchanged" in again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["agreements", "--db", "{tmp}/missing.db"], "no such agreement database"),
        (["history", "ag-nothing", "--db", "{tmp}/seed.db"], "no agreement with id"),
        (["track", "{tmp}/missing.txt", "--db", "{tmp}/seed.db"], "cannot read"),
        (["agreements", "--db", "{tmp}/junk.db"], "not a usable agreement database"),
    ],
)
def test_cli_errors_end_in_a_message_and_status_2(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "junk.db").write_bytes(b"junk" * 1000)
    Tracker(tmp_path / "seed.db").close()
    result = runner.invoke(cli, [a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
