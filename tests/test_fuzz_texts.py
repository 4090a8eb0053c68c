"""Fuzzing the engine with hostile texts (issue 8, point 2), and its per-sentence budget.

No text makes the engine raise; offsets stay exact; a pathological sentence is cut (at
:data:`~treatytrack.text.MAX_SENTENCE_CHARS` characters, at
:data:`~treatytrack.engine.reader.MAX_SENTENCE_TOKENS` tokens, or when its matching budget
of :data:`~treatytrack.rules.compile.MAX_MATCH_STEPS` steps is spent) with an
:class:`InputWarning` naming the document and the offset. Times are not asserted here (the
machine may be busy): docs/reliability.md has them, from ``python -m tests.fuzz``.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import treatytrack
from treatytrack.cli import cli
from treatytrack.cli.main import _register
from treatytrack.engine import Engine
from treatytrack.engine.reader import MAX_SENTENCE_TOKENS
from treatytrack.errors import InputWarning
from treatytrack.text import MAX_SENTENCE_CHARS, Tokens, sentence_spans
from treatytrack.track import Tracker

from .fuzz.adversarial import SENTENCE_UNITS, sentence_of
from .fuzz.strategies import texts
from .fuzz.targets import CASES, FUZZ, check_bytes_file, check_text, prepare_folder, warm_up

pytestmark = pytest.mark.fuzz

# A worst sentence for the default packs (docs/reliability.md times all of
# tests/fuzz/adversarial.py's): a pronoun party, a trigger, an agreement noun, a partner, a
# date, over and over up to the longest sentence, so that every few tokens a rule matches
# and every match is drafted.
WORST = sentence_of(SENTENCE_UNITS[0])


@pytest.fixture(scope="module")
def engine() -> Engine:
    warm_up()
    return Engine()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepare_folder(tmp_path_factory.mktemp("fuzzed-texts"))


def read(engine: Engine, text: str, doc_id: str = "doc") -> tuple[treatytrack.Document, list[str]]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        doc = engine.read(text, doc_id=doc_id)
    assert all(issubclass(w.category, InputWarning) for w in seen), seen
    return doc, [str(w.message) for w in seen]


def exact(doc: treatytrack.Document) -> None:
    for event in doc.events:
        for span in (event.trigger, event.evidence):
            assert doc.text[span.start : span.end] == span.text


# -- fuzzing ------------------------------------------------------------------------------


@FUZZ
@given(text=texts)
def test_any_text_is_read_with_exact_offsets(engine: Engine, text: str) -> None:
    check_text(text)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes_in_a_file_are_read_with_a_warning_naming_the_byte(
    engine: Engine, folder: Path, data: bytes
) -> None:
    check_bytes_file(data, folder)


# -- the per-sentence budget --------------------------------------------------------------


def test_the_worst_sentence_for_the_default_packs_completes_and_is_cut(engine: Engine) -> None:
    assert len(sentence_spans(WORST)) == 1
    doc, messages = read(engine, WORST, "worst")
    exact(doc)
    cut = tokens_cut(WORST)
    assert (
        f"doc worst: sentence at offset 0 cut at {MAX_SENTENCE_TOKENS} tokens; "
        f"offsets {cut} to {len(WORST)} not read"
    ) in messages
    assert all(e.trigger.end <= cut for e in doc.events)


def tokens_cut(text: str) -> int:
    """Where the token limit cuts the first sentence of ``text``."""
    tokens = Tokens.of(text, sentence_spans(text)[0])
    return tokens.starts[MAX_SENTENCE_TOKENS]


def test_a_spent_budget_stops_matching_with_a_warning(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from treatytrack.rules import compile as compile_module

    text = "Japan and France signed a pact, and Chile and Peru signed an accord with Italy."
    tokens = Tokens.of(text, sentence_spans(text)[0])
    with compile_module.match_budget(10**9) as budget:
        engine.reader.read(tokens, None)
    used = budget.steps - budget.left
    full, messages = read(engine, text, "tight")
    assert messages == []
    assert len(full.events) == 2

    monkeypatch.setattr(compile_module, "MAX_MATCH_STEPS", used)
    same, messages = read(engine, text, "tight")
    assert messages == []
    assert same.events == full.events

    # The fewest steps that still find both events, by bisection; one step fewer loses the
    # second event, keeps the first, and says where matching stopped.
    low, high = 1, used
    while low < high:
        middle = (low + high) // 2
        monkeypatch.setattr(compile_module, "MAX_MATCH_STEPS", middle)
        if len(read(engine, text, "tight")[0].events) == 2:
            high = middle
        else:
            low = middle + 1
    monkeypatch.setattr(compile_module, "MAX_MATCH_STEPS", low - 1)
    cut, messages = read(engine, text, "tight")
    [message] = messages
    stopped = re.fullmatch(
        rf"doc tight: sentence at offset 0: matching stopped at offset (\d+), its budget of "
        rf"{low - 1} steps spent",
        message,
    )
    assert stopped is not None, message
    assert cut.events == full.events[:1]  # what matched before the budget ran out is kept
    assert int(stopped.group(1)) <= full.events[1].trigger.start
    exact(cut)


def test_the_default_budget_reads_ordinary_news_whole(engine: Engine) -> None:
    text = (
        "Japan and France signed a defence pact on Friday in Paris, officials said. "
        "Chile and Peru agreed to resume talks on fisheries next month. "
        "The two sides have not yet ratified the 2015 accord."
    )
    doc, messages = read(engine, text)
    assert messages == []
    assert len(doc.events) >= 3
    exact(doc)


def test_ten_megabytes_without_a_full_stop_are_read_in_pieces(engine: Engine) -> None:
    size = 10_000_000 if CASES >= 1000 else 1_000_000
    text = ("lorem ipsum dolor sit amet " * (size // 27 + 1))[:size]
    spans = sentence_spans(text)
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in spans)
    assert all(text[s.start : s.end] == s.text for s in spans)
    full = text + " Japan and France signed a pact."
    doc, messages = read(engine, full, "huge")
    assert messages == [
        f"doc huge: text at offset 0 runs {len(full)} characters without a sentence end; "
        f"read in pieces of at most {MAX_SENTENCE_CHARS} characters"
    ]
    [event] = doc.events
    assert event.trigger.text == "signed"
    exact(doc)


@pytest.mark.parametrize("words", ["signed", "put forward", "pact", "agreement", "talks"])
def test_a_trigger_word_repeated_100000_times_completes(engine: Engine, words: str) -> None:
    text = f"{words} " * (100_000 // len(words.split()))
    doc, messages = read(engine, text, "echo")
    assert messages[0].startswith("doc echo: text at offset 0 runs ")
    exact(doc)


def test_a_trigger_word_that_begins_no_head_splits_nothing_however_long(engine: Engine) -> None:
    # "put" fires only as "put forward", "put on hold" ...: alone, a run of it is not read
    doc, messages = read(engine, "put " * 100_000, "echo")
    assert messages == []
    assert doc.events == ()


def test_nested_quotes_and_brackets(engine: Engine) -> None:
    # 100 levels, 200 tokens: the sentence inside is within MAX_SENTENCE_TOKENS
    text = "([{\"'" * 20 + "Japan and France signed a pact on Friday." + "'\"}])" * 20
    doc, _ = read(engine, text)
    exact(doc)
    assert [e.trigger.text for e in doc.events] == ["signed"]


def test_deeply_nested_quotes_and_brackets_complete(engine: Engine) -> None:
    text = "([{\"'" * 20_000 + "Japan and France signed a pact on Friday." + "'\"}])" * 20_000
    doc, messages = read(engine, text, "deep")
    exact(doc)
    assert messages[0].startswith("doc deep: text at offset 0 runs ")


@pytest.mark.parametrize(
    "text",
    [
        "\u202eJapan and France signed a pact.\u202c "
        "\u05d9\u05e4\u05df \u05d5\u05e6\u05e8\u05e4\u05ea",
        "\u0627\u0644\u064a\u0627\u0628\u0627\u0646 Japan and France signed a pact "
        "\u0641\u064a \u0628\u0627\u0631\u064a\u0633.",
        "\u65e5\u672c\u548c\u6cd5\u56fd Japan and France signed a pact \u3002Chile signed it.",
        "Japan\u200b and\u00a0France\r\nsigned a\ufeff pact\u2028on Friday.",
        "Jap\u0301an and Fra\u0300nce signed a pa\u0327ct on Friday.",
        "Japan and France signed a pact \ud800 on Friday \udfff.",
        "\x00\x01Japan and France\x1b[31m signed a pact.\x7f",
    ],
    ids=["rtl-override", "arabic", "cjk", "invisible", "combining", "surrogates", "controls"],
)
def test_mixed_scripts_and_controls_keep_offsets_exact(engine: Engine, text: str) -> None:
    doc, _ = read(engine, text)
    exact(doc)


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n\n", "\t \u00a0\u2028\u3000", "." * 10_000, "?!" * 5000]
)
def test_empty_and_degenerate_texts_give_no_events(engine: Engine, text: str) -> None:
    doc, _ = read(engine, text)
    assert doc.events == ()


def test_binary_read_as_text_is_harmless(engine: Engine) -> None:
    text = bytes(range(256)).decode("latin-1") * 400
    doc, _ = read(engine, text)
    exact(doc)


# -- the command line ---------------------------------------------------------------------


def test_the_command_line_prints_each_cut_as_a_warning(tmp_path: Path) -> None:
    _register()
    path = tmp_path / "worst.txt"
    path.write_bytes(WORST.encode("utf-8") + b" Valpara\xedso.")
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "jsonl"])
    lines = result.stderr.splitlines()
    assert (
        f"warning: {path}: byte {len(WORST.encode()) + 8}: invalid UTF-8 (invalid continuation "
        "byte); undecodable bytes replaced with U+FFFD"
    ) in lines
    assert (
        f"warning: doc {path}: sentence at offset 0 cut at {MAX_SENTENCE_TOKENS} tokens; "
        f"offsets {tokens_cut(WORST)} to {len(WORST)} not read"
    ) in lines
    assert "Traceback" not in result.output


# -- the tracker ----------------------------------------------------------------------------


def test_the_tracker_refuses_lone_surrogates_with_an_input_error() -> None:
    from treatytrack.errors import InputError

    with Tracker() as tracker:
        tracker.ingest("Chile and Peru signed an accord.", doc_id="kept")
        with pytest.raises(InputError, match=r"document bad: character 31 is a lone surrogate"):
            tracker.ingest("Japan and France signed a pact \ud800 on Friday.", doc_id="bad")
        assert [row[0] for row in tracker.store.documents()] == ["kept"]
