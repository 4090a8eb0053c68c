"""The HTML report without a browser: what the page holds, escaping, the command line.

The page is parsed with the standard library's HTML parser, which reads it as a browser
does for what matters here: text, tags and attributes. The browser tests
(``test_report_browser.py``) check what a person sees and does.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from treatytrack import Document, Engine, Status, Tracker
from treatytrack.cli.main import _register, cli
from treatytrack.corpus import read_documents
from treatytrack.report import render
from treatytrack.report._segments import Mark, cut
from treatytrack.report._timeline import axis_ticks, stack

from .conftest import SEED

STORY = Path(__file__).parent / "story" / "articles.jsonl"
EXPECTED = yaml.safe_load((Path(__file__).parent / "seed_expected.yaml").read_text("utf-8"))
HOSTILE = {
    "id": '<img src=x onerror="window.__pwned=3">',
    "published": "2024-03-08",
    "title": "<script>window.__pwned=4</script>",
    "text": (
        "Chile and Peru signed a fisheries pact <script>window.__pwned=1;alert(1)</script> "
        'on Friday. <img src=x onerror="window.__pwned=2"> Both sides pledged to cooperate '
        "on </textarea><b>fishing</b> & \"quotes\" 'too'."
    ),
}

_register()


class Page(HTMLParser):
    """What the tests read from a report: document texts with the marks in them (in
    document offsets), agreement cards with their steps, ids, and every tag seen."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.texts: list[tuple[int, str]] = []
        self.marks: list[dict[str, Any]] = []
        self.agreements: dict[str, dict[str, Any]] = {}
        self.scripts: list[str] = []
        self._text: list[str] | None = None
        self._offset = 0
        self._mark: dict[str, Any] | None = None
        self._agreement: dict[str, Any] | None = None
        self._script: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        classes = a.get("class", "").split()
        if tag == "div" and "text" in classes:
            self._text, self._offset = [], int(a["data-offset"])
        elif tag == "mark" and self._text is not None:
            start = self._offset + len("".join(self._text))
            self._mark = {"events": a["data-events"].split(), "start": start, "text": ""}
            self._mark["css"] = classes
        elif tag == "article" and "data-agreement" in a:
            self._agreement = {"attrs": a, "steps": [], "dots": 0, "text": []}
            self.agreements[a["data-agreement"]] = self._agreement
        elif tag == "li" and "step" in classes and self._agreement is not None:
            self._agreement["steps"].append(a)
        elif tag == "a" and "dot" in classes and self._agreement is not None:
            self._agreement["dots"] += 1
        elif tag == "script":
            self._script = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append(self._mark)
            self._mark = None
        elif tag == "div" and self._text is not None:
            self.texts.append((self._offset, "".join(self._text)))
            self._text = None
        elif tag == "article":
            self._agreement = None
        elif tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)
        if self._mark is not None:
            self._mark["text"] += data
        if self._agreement is not None:
            self._agreement["text"].append(data)
        if self._script is not None:
            self._script.append(data)

    def triggers(self) -> dict[str, tuple[int, str]]:
        """Each event's highlighted words, its pieces joined: event id -> (start, text)."""
        out: dict[str, tuple[int, str]] = {}
        for mark in self.marks:
            for event in mark["events"]:
                start, text = out.get(event, (mark["start"], ""))
                assert start + len(text) == mark["start"], "a trigger's pieces are contiguous"
                out[event] = (start, text + mark["text"])
        return out


@pytest.fixture(scope="module")
def seed_html(seed: Document) -> str:
    return render([seed])


@pytest.fixture(scope="module")
def seed_page(seed_html: str) -> Page:
    return Page(seed_html)


@pytest.fixture(scope="module")
def story(engine: Engine) -> list[Document]:
    return [engine.read(d) for d in read_documents([STORY])]


# -- the seed article ----------------------------------------------------------------------------


def test_the_page_holds_the_document_text_character_for_character(
    seed: Document, seed_page: Page
) -> None:
    assert seed_page.texts == [(0, seed.text)]


def test_every_trigger_is_highlighted_on_its_own_words(seed: Document, seed_page: Page) -> None:
    found = seed_page.triggers()
    assert len(seed.events) >= 6
    for event in seed.events:
        assert found[event.id] == (event.trigger.start, event.trigger.text), event


def test_the_six_must_events_of_the_seed_are_highlighted(seed: Document, seed_page: Page) -> None:
    words = {mark["text"] for mark in seed_page.marks}
    for want in EXPECTED["must"]:
        assert want["trigger"] in words, want["trigger"]
    # and their details are one click away: a card per event, with its rule
    for event in seed.events:
        assert f"card-{event.id}" in seed_page.ids


def test_unasserted_events_are_styled_apart(seed: Document, seed_page: Page) -> None:
    styles = {m["text"]: m["css"] for m in seed_page.marks}
    assert "unasserted" in styles["concluded"]  # Le Drian expects it
    assert "m-expected" in styles["concluded"]
    assert "unasserted" not in styles["signed"]
    assert {"k-agreement", "s-signed"} <= set(styles["signed"])
    assert {"k-pledge", "s-pledged"} <= set(styles["pledged to cooperate"])


def test_the_pact_is_signed_on_the_day_and_the_acsa_has_talks_and_an_expected_conclusion(
    seed_page: Page,
) -> None:
    cards = {" ".join("".join(a["text"]).split()): a for a in seed_page.agreements.values()}
    pact = next(a for text, a in cards.items() if text.startswith("pact on defense equipment"))
    assert pact["attrs"]["data-status"] == "signed"
    assert "since 2015-03-13" in " ".join("".join(pact["text"]).split())
    acsa = next(a for text, a in cards.items() if "ACSA" in text and "cross-servicing" in text)
    statuses = [(s["data-status"], s["data-effect"]) for s in acsa["steps"]]
    assert ("proposed", "moved") in statuses
    assert ("under_negotiation", "evidence") in statuses  # starting a discussion (intended)
    assert ("signed", "evidence") in statuses  # expected to be concluded quickly
    pledges = [a for a in seed_page.agreements.values() if a["attrs"]["data-kind"] == "pledge"]
    assert len(pledges) == 3


def test_the_legend_names_every_status_and_kind(seed_html: str) -> None:
    legend = seed_html[seed_html.index('id="legend"') : seed_html.index('id="summary"')]
    for status in Status:
        assert f"s-{status.value}" in legend
    for kind in ("k-agreement", "k-negotiation", "k-pledge"):
        assert kind in legend
    for mood in ("unasserted", "negated", "background"):
        assert mood in legend


def test_the_counts_and_the_summary_agree_with_the_tracker(seed: Document, seed_html: str) -> None:
    with Tracker() as tracker:
        tracker.ingest(seed)
        agreements = tracker.agreements()
    assert f'<span id="count-agreements">{len(agreements)}</span>' in seed_html
    assert f'<span id="count-events">{len(seed.events)}</span>' in seed_html
    summary = seed_html[seed_html.index('class="by-status"') : seed_html.index('class="by-kind"')]
    for status in {a.status for a in agreements if a.status}:
        count = sum(1 for a in agreements if a.status is status)
        row = re.search(rf'data-status="{status.value}">.*?class="num">(\d+)<', summary, re.S)
        assert row is not None
        assert int(row.group(1)) == count
    parties = seed_html[seed_html.index('class="parties"') :]
    named = sum(1 for e in seed.events if "FRA" in e.parties)
    fra = re.search(r'data-party="FRA">.*?class="num">(\d+)<', parties, re.S)
    assert fra is not None
    assert int(fra.group(1)) == named


def test_the_page_needs_no_network(seed_html: str, seed_page: Page) -> None:
    assert not any(tag in ("link", "img", "iframe", "object", "embed") for tag, _ in seed_page.tags)
    assert not any("src" in attrs or "srcset" in attrs for _, attrs in seed_page.tags)
    assert "http://" not in seed_html
    assert "https://" not in seed_html
    policy = next(a["content"] for t, a in seed_page.tags if a.get("http-equiv"))
    assert "default-src 'none'" in policy
    (script,) = seed_page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy  # only our own script may run


# -- escaping ------------------------------------------------------------------------------------


def test_a_hostile_document_renders_as_text(engine: Engine) -> None:
    document = engine.read(HOSTILE)
    html = render([document])
    page = Page(html)
    assert page.texts == [(0, HOSTILE["text"])]
    assert len(page.scripts) == 1
    assert "__pwned" not in page.scripts[0]
    assert html.count("<script") == 1
    assert not any(tag in ("img", "b", "textarea") for tag, _ in page.tags)
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    assert "&lt;script&gt;window.__pwned=1" in html
    assert HOSTILE["title"] not in html
    assert HOSTILE["id"] not in html
    assert {m["text"] for m in page.marks} >= {"signed", "pledged to cooperate"}


def test_hostile_agreement_names_and_ids_from_a_database_are_escaped(tmp_path: Path) -> None:
    db = tmp_path / "hostile.db"
    with Tracker(db) as tracker:
        tracker.ingest(HOSTILE)
        html = render(agreements=tracker.agreements())
    page = Page(html)
    assert html.count("<script") == 1
    assert not any(tag in ("img", "b", "textarea") for tag, _ in page.tags)
    assert page.agreements  # the agreements are there, named as written


# -- the story, and a database alone ---------------------------------------------------------


def test_every_history_entry_is_one_timeline_step(story: list[Document]) -> None:
    with Tracker() as tracker:
        for document in story:
            tracker.ingest(document)
        agreements = tracker.agreements()
    page = Page(render(story, agreements))
    assert set(page.agreements) == {a.id for a in agreements}
    for agreement in agreements:
        card = page.agreements[agreement.id]
        assert len(card["steps"]) == len(agreement.history) == card["dots"]
        assert [s["data-status"] for s in card["steps"]] == [
            c.status.value for c in agreement.history
        ]
        for step, change in zip(card["steps"], agreement.history, strict=True):
            assert step["data-event"] == change.evidence.event_id


def test_agreements_fold_from_the_documents_when_not_given(story: list[Document]) -> None:
    with Tracker() as tracker:
        for document in story:
            tracker.ingest(document)
        expected = {a.id: len(a.history) for a in tracker.agreements()}
    page = Page(render(story))
    assert {k: len(v["steps"]) for k, v in page.agreements.items()} == expected


def test_steps_link_to_anchored_sentences(story: list[Document]) -> None:
    html = render(story)
    page = Page(html)
    links = re.findall(r'class="evidence" href="#([^"]+)"', html)
    assert links
    assert all(link in page.ids and link.startswith("s") for link in links)


def test_a_database_alone_shows_the_cited_sentences(story: list[Document], tmp_path: Path) -> None:
    with Tracker(tmp_path / "story.db") as tracker:
        for document in story:
            tracker.ingest(document)
        agreements = tracker.agreements()
    html = render(agreements=agreements)
    page = Page(html)
    cited = {
        (c.evidence.sentence.start, c.evidence.sentence.text) for a in agreements for c in a.history
    }
    assert set(page.texts) == cited
    by_event = page.triggers()
    for change in (c for a in agreements for c in a.history):
        trigger = change.evidence.trigger
        assert by_event[change.evidence.event_id] == (trigger.start, trigger.text)
    links = re.findall(r'class="evidence" href="#([^"]+)"', html)
    assert all(link in page.ids for link in links)


# -- the pieces ------------------------------------------------------------------------------


@st.composite
def _marked(draw: st.DrawFn) -> tuple[str, int, list[Mark], list[Mark]]:
    text = draw(st.text(alphabet="ab <>&", min_size=0, max_size=40))
    offset = draw(st.integers(0, 5))

    def marks(prefix: str) -> list[Mark]:
        out = []
        for n in range(draw(st.integers(0, 5))):
            start = draw(st.integers(0, offset + len(text) + 3))
            end = draw(st.integers(start, offset + len(text) + 5))
            out.append(Mark(start, end, f"{prefix}{n}"))
        return out

    return text, offset, marks("t"), marks("s")


@given(_marked())
def test_pieces_give_back_the_text_and_sit_wholly_inside_or_outside_each_mark(
    case: tuple[str, int, list[Mark], list[Mark]],
) -> None:
    text, offset, triggers, sentences = case
    pieces = cut(text, offset, triggers, sentences)
    assert "".join(p.text for p in pieces) == text
    position = offset
    for piece in pieces:
        assert piece.start == position
        assert piece.text
        position += len(piece.text)
        end = piece.start + len(piece.text)
        for mark in (m for m in triggers if m.start < m.end):  # empty marks mark nothing
            inside = mark.start <= piece.start and end <= mark.end
            apart = end <= mark.start or mark.end <= piece.start
            assert inside or apart
            assert (mark.label in piece.triggers) == inside
        for mark in (m for m in sentences if m.start < m.end):
            inside = mark.start <= piece.start and end <= mark.end
            assert (mark.label in piece.sentences) == inside


def test_overlapping_triggers_split_into_pieces_that_keep_both_ids() -> None:
    pieces = cut("abcdef", 10, [Mark(11, 14, "x"), Mark(12, 16, "y")], [Mark(10, 16, "s")])
    assert [(p.text, p.triggers) for p in pieces] == [
        ("a", ()),
        ("b", ("x",)),
        ("cd", ("x", "y")),
        ("ef", ("y",)),
    ]
    assert pieces[0].opens == ("s",)
    assert all(p.sentences == ("s",) for p in pieces)


def test_dots_too_close_stack_in_lanes() -> None:
    assert stack([50.0, 50.0, 51.0, 80.0, 3.0]) == [0, 1, 2, 0, 0]
    assert stack([10.0, 12.0, 20.0]) == [0, 1, 0]


def test_the_axis_labels_its_ends_and_years_between() -> None:
    import datetime as dt

    ticks = axis_ticks(dt.date(2019, 5, 1), dt.date(2023, 2, 1), undated=True)
    labels = [t.label for t in ticks]
    assert labels[0] == "2019-05-01"
    assert labels[-2] == "2023-02-01"
    assert labels[-1] == "undated"
    assert {"2020", "2021", "2022"} <= set(labels)
    assert [t.label for t in axis_ticks(None, None, undated=False)] == []


# -- the command line and the optional dependency ----------------------------------------------


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_report_writes_one_html_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = _run("report", str(SEED), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = Page(out.read_text("utf-8"))
    assert {m["text"] for m in page.marks} >= {w["trigger"] for w in EXPECTED["must"]}
    assert "wrote" in result.output


def test_report_from_a_database_and_to_standard_output(
    story: list[Document], tmp_path: Path
) -> None:
    db = tmp_path / "story.db"
    with Tracker(db) as tracker:
        for document in story:
            tracker.ingest(document)
        count = len(tracker.agreements())
    result = _run("report", "--db", str(db), "-o", "-", "--title", "<i>story</i>")
    assert result.exit_code == 0, result.output
    assert "<title>&lt;i&gt;story&lt;/i&gt;</title>" in result.stdout
    assert len(Page(result.stdout).agreements) == count


def test_report_needs_documents_or_a_database() -> None:
    result = _run("report")
    assert result.exit_code == 2
    assert "--db" in result.output


def test_report_of_a_missing_database_is_an_error(tmp_path: Path) -> None:
    result = _run("report", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2
    assert "no such agreement database" in result.output


def test_importing_treatytrack_and_its_command_line_does_not_import_jinja2() -> None:
    code = (
        "import sys, treatytrack, treatytrack.report; "
        "from treatytrack.cli.main import _register; _register(); "
        "print(json.dumps(sorted(k for k in sys.modules if k.split('.')[0] == 'jinja2')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import json; " + code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == []
