"""The HTML report in a real browser: headless Chromium (Debian's package) driven by
Playwright, as an analyst would use the page.

Playwright never downloads a browser here: it starts ``/usr/bin/chromium`` (or the one
named by ``TREATYTRACK_CHROMIUM``). Where that is missing, these tests skip and say how
to install it. One browser serves the whole module; every test gets a fresh page.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from treatytrack import Document, Engine, Tracker
from treatytrack.corpus import read_documents
from treatytrack.report import render

INSTALL = "install Debian's chromium: apt-get install -y chromium"
STORY = Path(__file__).parent / "story" / "articles.jsonl"
EXPECTED = yaml.safe_load((Path(__file__).parent / "seed_expected.yaml").read_text("utf-8"))
# Flags for a machine with no network and no GPU: no background fetches, no sandbox (root).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = {
    "id": '<img src=x onerror="window.__pwned=3">',
    "published": "2024-03-08",
    "title": "<script>window.__pwned=4</script>",
    "text": (
        "Chile and Peru signed a fisheries pact <script>window.__pwned=1;alert(1)</script> "
        'on Friday. <img src=x onerror="window.__pwned=2;alert(2)"> Both sides pledged to '
        'cooperate on <svg onload="window.__pwned=5"></svg> fishing.'
    ),
}

# Each highlight's offset in its document, counted over the text nodes before it; a
# trigger cut in several pieces is joined back.
HIGHLIGHTS_JS = """
() => {
  const out = {};
  for (const box of document.querySelectorAll('.text')) {
    const base = Number(box.dataset.offset);
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let offset = base;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const mark = node.parentElement.closest('mark.hl');
      if (mark) {
        const box = mark.getBoundingClientRect();
        for (const id of mark.dataset.events.split(' ')) {
          const seen = out[id] || {start: offset, text: '', visible: true};
          seen.text += node.data;
          seen.visible = seen.visible && box.width > 0 && box.height > 0;
          out[id] = seen;
        }
      }
      offset += node.data.length;
    }
  }
  return out;
}
"""


def _chromium() -> str | None:
    named = os.environ.get("TREATYTRACK_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        pytest.skip(f"no Chromium for the browser tests: {INSTALL}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is missing: pip install '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.requests = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.fixture(scope="module")
def seed_report(seed: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "seed.html"
    path.write_text(render([seed], title="The seed article"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def story(engine: Engine) -> list[Document]:
    return [engine.read(d) for d in read_documents([STORY])]


def _open(page: Any, path: Path) -> Any:
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page


def _clean(page: Any) -> None:
    """Nothing was fetched but the page itself, no dialog opened, no script failed."""
    assert all(url.startswith(("file:", "data:", "about:")) for url in page.requests)
    assert page.dialogs == []
    assert page.errors == []


def test_seed_highlights_sit_on_the_right_words(
    page: Any, seed: Document, seed_report: Path, tmp_path: Path
) -> None:
    _open(page, seed_report)
    found = page.evaluate(HIGHLIGHTS_JS)
    for event in seed.events:
        mark = found[event.id]
        assert (mark["start"], mark["text"]) == (event.trigger.start, event.trigger.text)
        assert mark["visible"]
    words = {mark["text"] for mark in found.values()}
    for want in EXPECTED["must"]:
        assert want["trigger"] in words
    for words in ("signed", "agreed to begin talks", "concluded", "pledged to cooperate"):
        assert page.locator("mark.hl", has_text=words).first.is_visible()
    shot = tmp_path / "seed-report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    _clean(page)


def test_clicking_a_highlight_shows_rule_modality_polarity_speaker_parties_and_date(
    page: Any, seed: Document, seed_report: Path
) -> None:
    _open(page, seed_report)
    concluded = next(e for e in seed.events if e.trigger.text == "concluded")
    details = page.locator("#details")
    assert details.is_hidden()
    page.locator(f'mark.hl[data-events~="{concluded.id}"]').first.click()
    assert details.is_visible()
    text = details.inner_text()
    for shown in (concluded.rule, "expected", "positive", "Le Drian", "FRA, JPN"):
        assert shown in text
    page.keyboard.press("Escape")
    assert details.is_hidden()
    signed = next(e for e in seed.events if e.trigger.text == "signed")
    page.locator(f'mark.hl[data-events~="{signed.id}"]').first.hover()
    assert details.is_visible()
    assert "2015-03-13" in details.inner_text()
    assert signed.rule in details.inner_text()
    _clean(page)


def test_a_filter_hides_what_it_should(page: Any, seed_report: Path) -> None:
    _open(page, seed_report)
    cards = page.locator("article.agreement")
    total = cards.count()
    assert total == 5
    page.select_option("#filter-kind", "pledge")
    kinds = cards.evaluate_all("cs => cs.map(c => [c.dataset.kind, !c.hidden])")
    assert all(visible == (kind == "pledge") for kind, visible in kinds)
    assert sum(visible for _, visible in kinds) == 3
    assert page.locator("#filter-shown").inner_text() == "showing 3 of 5 agreements"
    # highlights of hidden events lose their colour; the pledges keep theirs
    assert "muted" in (page.locator("mark.hl", has_text="signed").first.get_attribute("class"))
    pledged = page.locator("mark.hl", has_text="pledged to cooperate").first
    assert "muted" not in (pledged.get_attribute("class") or "")
    page.select_option("#filter-kind", "")
    page.select_option("#filter-status", "signed")
    visible = page.locator("article.agreement:visible .name").all_inner_texts()
    assert visible == ["pact on defense equipment transfers"]
    page.select_option("#filter-status", "")
    page.select_option("#filter-party", "FRA")
    assert page.locator("article.agreement:visible").count() == total
    page.click("#filter-reset")
    assert page.locator("article.agreement:visible").count() == total
    _clean(page)


def test_the_seed_shows_the_pact_signed_and_the_acsa_talks_and_expected_conclusion(
    page: Any, seed_report: Path
) -> None:
    _open(page, seed_report)
    pact = page.locator("article.agreement", has_text="pact on defense equipment transfers")
    assert pact.locator("h3 .badge").inner_text() == "signed"
    assert "since 2015-03-13" in pact.locator("h3").inner_text()
    acsa = page.locator("article.agreement", has=page.locator(".aliases", has_text="ACSA"))
    steps = acsa.locator("li.step").evaluate_all(
        "ss => ss.map(s => [s.dataset.status, s.dataset.effect])"
    )
    assert ["proposed", "moved"] in steps
    assert ["under_negotiation", "evidence"] in steps
    assert ["signed", "evidence"] in steps
    expected = acsa.locator('li.step[data-status="signed"]').inner_text()
    assert "expected" in expected
    assert "concluded quickly" in expected
    _clean(page)


def test_timelines_have_one_step_per_history_entry_linked_to_its_sentence(
    page: Any, story: list[Document], tmp_path: Path
) -> None:
    with Tracker() as tracker:
        for document in story:
            tracker.ingest(document)
        agreements = tracker.agreements()
    path = tmp_path / "story.html"
    path.write_text(render(story, agreements, title="The story"), encoding="utf-8")
    _open(page, path)
    assert len(agreements) >= 2
    for agreement in agreements:
        card = page.locator(f'article.agreement[data-agreement="{agreement.id}"]')
        assert card.locator("li.step").count() == len(agreement.history)
        assert card.locator(".axis a.dot").count() == len(agreement.history)
        moved = card.locator('li.step[data-effect="moved"]').count()
        assert moved == sum(1 for c in agreement.history if c.moved)
    longest = max(agreements, key=lambda a: len(a.history))
    card = page.locator(f'article.agreement[data-agreement="{longest.id}"]')
    last = longest.history[-1]
    link = card.locator("li.step").last.locator("a.evidence")
    anchor = link.get_attribute("data-sentence")
    link.click()
    page.wait_for_function(f"location.hash === '#{anchor}'")
    sentence = page.locator(f'[data-sentences~="{anchor}"]')
    assert "".join(sentence.all_inner_texts()) == last.evidence.sentence.text
    assert sentence.first.is_visible()
    assert "flash" in (sentence.first.get_attribute("class") or "")
    page.screenshot(path=str(tmp_path / "story-report.png"), full_page=True)
    _clean(page)


def test_a_hostile_document_does_not_execute_script(
    page: Any, engine: Engine, tmp_path: Path
) -> None:
    document = engine.read(HOSTILE)
    assert document.events  # its events are highlighted like any others
    path = tmp_path / "hostile.html"
    path.write_text(render([document]), encoding="utf-8")
    _open(page, path)
    page.wait_for_timeout(200)  # an injected onerror handler would have fired by now
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    text = page.locator(".text").inner_text()
    assert "<script>window.__pwned=1;alert(1)</script>" in text
    assert page.locator(".document h3").inner_text() == HOSTILE["title"]
    assert page.locator(".text img, .text script, .text svg").count() == 0
    page.locator("mark.hl", has_text="signed").first.click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.screenshot(path=str(tmp_path / "hostile-report.png"))
    _clean(page)
