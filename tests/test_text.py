"""Sentences and tokens: exact offsets, abbreviations that do not end sentences."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from treatytrack.text import (
    _BOUNDARY,
    _TOKEN,
    Sentence,
    Tokens,
    _has_run,
    _next_start,
    _unbroken_run,
    _word_before,
    sentence_spans,
    sentences_at,
    token_words,
    tokenize,
)

from .strategies import rough_texts, sentences_of_filler


def texts(text: str) -> list[str]:
    return [s.text for s in sentence_spans(text)]


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "The U.N. Security Council met Mr. Abe and Gen. Smith on Jan. 5 in Washington. "
        "Dr. Lee said the U.S. envoy arrived. It ended."
    )
    assert texts(text) == [
        "The U.N. Security Council met Mr. Abe and Gen. Smith on Jan. 5 in Washington.",
        "Dr. Lee said the U.S. envoy arrived.",
        "It ended.",
    ]


def test_an_initialism_can_end_a_sentence() -> None:
    assert texts("They met at the U.N. The next day they left.") == [
        "They met at the U.N.",
        "The next day they left.",
    ]


def test_quotes_and_question_marks_end_sentences() -> None:
    assert texts('"We signed it," he said. Did they? Yes!') == [
        '"We signed it," he said.',
        "Did they?",
        "Yes!",
    ]


def test_blank_lines_separate_paragraphs_without_punctuation() -> None:
    assert texts("PACT SIGNED\n\nJapan and France signed a pact.") == [
        "PACT SIGNED",
        "Japan and France signed a pact.",
    ]


def test_tokens_split_clitics_and_keep_initialisms() -> None:
    words = [t[0] for t in tokenize("Japan's U.N. envoy didn't sign the cross-servicing pact.")]
    assert words == [
        "Japan",
        "'s",
        "U.N.",
        "envoy",
        "did",
        "n't",
        "sign",
        "the",
        "cross-servicing",
        "pact",
        ".",
    ]


@given(
    st.lists(sentences_of_filler, min_size=1, max_size=6),
    st.sampled_from([" ", "  ", "\n", "\n\n"]),
)
def test_sentence_offsets_slice_the_text(parts: list[str], sep: str) -> None:
    text = sep.join(parts)
    spans = sentence_spans(text)
    for sentence in spans:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    assert [s.start for s in spans] == sorted(s.start for s in spans)


@given(st.text(max_size=300))
def test_token_offsets_slice_any_text(text: str) -> None:
    for sentence in sentence_spans(text):
        tokens = Tokens.of(text, sentence)
        for word, start, end in zip(tokens.words, tokens.starts, tokens.ends, strict=True):
            assert text[start:end] == word
        # the offsets are those of the token pattern's matches
        matches = _TOKEN.finditer(text, sentence.start, sentence.end)
        assert list(zip(tokens.starts, tokens.ends, strict=True)) == [m.span() for m in matches]
        for i, pos in enumerate(tokens.positions):
            assert tokens.index_at(pos) == i


# text made of what the token pattern's branches turn on: letters, digits, the joiners,
# apostrophes (straight and typographic), dots, clitic letters, spaces and underscores
_token_texts = st.text(alphabet="aZn'\u2019tsSdDlLvVrReE.-&/_ 1U,\n", max_size=60)


@given(st.one_of(_token_texts, st.text(max_size=40), rough_texts))
@example("Tokyo didn't sign; they won\u2019t, it's the U.N.'s pact.")
@example("AT&T and O'Neill cross-servicing 1.5 we\u2019ll U.S.A. and/or n't")
def test_the_plain_word_shortcut_cuts_as_the_pattern_without_it(text: str) -> None:
    shortcut, rest = _TOKEN.pattern.split("|", 1)
    assert shortcut.startswith(r"\w++")
    without = re.compile(rest)
    for start in (0, len(text) // 3):
        expected = [m.span() for m in without.finditer(text, start, len(text) - start // 2)]
        assert [m.span() for m in _TOKEN.finditer(text, start, len(text) - start // 2)] == expected


@given(
    st.one_of(
        st.text(
            alphabet="aZ1_.-'\u2019&/n't sd \t\n\x1c\x85\u2028\u00a0,;\"()\u00e9\u0663", max_size=60
        ),
        _token_texts,
        rough_texts,
    ),
    st.integers(0, 20),
)
@example("Tokyo didn't sign; they won\u2019t, it's the U.N.'s pact.", 3)
@example("a\x1cb\u2028c\x85d U.S.A.\u00a0e", 0)  # whitespace str.split knows beyond ASCII
def test_token_words_split_first_and_cut_as_the_pattern(text: str, cut: int) -> None:
    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - cut)
    assert token_words(text, start, end) == _TOKEN.findall(text, start, end)


# What the loops of the sentence-end test read, as patterns: the run of word characters,
# dots and hyphens before a dot, from its first letter on; and where the text goes on
# after a candidate end, past whitespace and opening quotes or brackets.
_RUN_BEFORE = re.compile(r"[\w.-]*\Z")
_LETTER = re.compile(r"[^\W\d_]")
_GOES_ON = re.compile(r"\s*([\"'\u201c\u2018(\[]*)(\S)")


@given(
    st.one_of(st.text(alphabet="aB1_.-\u00e9\u0663\u00b2 ,'", max_size=60), rough_texts),
    st.integers(0, 60),
)
@example("the U.S.", 7)
@example("x" * 50 + " 1.2-3", 56)  # a digit run with no letter: no word
@example("a" * 45, 45)  # longer than the 40 characters looked at
def test_the_word_before_a_dot_is_what_the_pattern_reads(text: str, cut: int) -> None:
    end = min(cut, len(text))
    before = text[max(0, end - 40) : end]
    run = _RUN_BEFORE.search(before)
    assert run is not None
    letter = _LETTER.search(run.group())
    expected = None if letter is None else run.group()[letter.start() :]
    assert _word_before(text, end) == expected


@given(
    st.one_of(st.text(alphabet="a \t\n\"'(\u201c\u2018[\u00a0.", max_size=30), rough_texts),
    st.integers(0, 30),
)
@example(' "(', 0)  # only openers: the last of them
@example("   ", 1)
@example(" \u201c[Next", 0)
def test_where_the_text_goes_on_is_what_the_pattern_finds(text: str, at: int) -> None:
    at = min(at, len(text))
    found = _GOES_ON.match(text, at)
    assert _next_start(text, at) == (-1 if found is None else found.start(2))


# The candidate sentence ends in their plain form: a run of terminal punctuation, closing
# quotes or brackets, then whitespace; or a blank line.
_PLAIN_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)|\n[ \t]*\n")


@given(st.one_of(st.text(alphabet="a.!?\"')]\u201d\u2019 \t\n", max_size=60), rough_texts))
@example('He left... "Now?" she asked.) \n \t\nNext!\u2019\nEnd.')
def test_sentence_ends_are_found_as_the_plain_pattern_finds_them(text: str) -> None:
    for start in (0, len(text) // 3):
        expected = [m.span() for m in _PLAIN_BOUNDARY.finditer(text, start)]
        assert [m.span() for m in _BOUNDARY.finditer(text, start)] == expected


@given(
    st.one_of(
        st.text(alphabet="ab \n\t\u00a0", max_size=80),
        st.lists(st.sampled_from(["x" * 7, "y" * 3, " ", "\u00a0", "z" * 12]), max_size=20).map(
            "".join
        ),
    ),
    st.integers(1, 16),
)
@example("a" * 9 + " " + "b" * 5, 8)  # a run of 9 across a block edge
@example(" " + "a" * 8 + " ", 8)  # a run of exactly 8, off the blocks' starts
def test_a_long_unbroken_run_is_found_as_the_pattern_finds_it(text: str, run: int) -> None:
    assert _has_run(text, run) == (_unbroken_run(run).search(text) is not None)


def _holding(spans: list[Sentence], offsets: list[int]) -> list[Sentence]:
    return [s for s in spans if any(s.start <= o < s.end for o in offsets)]


@given(rough_texts, st.integers(8, 120), st.data())
def test_sentences_at_offsets_are_those_of_the_whole_split(
    text: str, max_chars: int, data: st.DataObject
) -> None:
    words = [i for i, c in enumerate(text) if c.isalnum()]
    offsets = sorted(set(data.draw(st.lists(st.sampled_from(words)) if words else st.just([]))))
    cuts: list[tuple[int, int]] = []
    found = sentences_at(
        text, offsets, max_chars=max_chars, on_cut=lambda a, b: cuts.append((a, b))
    )
    whole_cuts: list[tuple[int, int]] = []
    spans = sentence_spans(text, max_chars=max_chars, on_cut=lambda a, b: whole_cuts.append((a, b)))
    if found is None:  # an unbroken run: the caller splits it all
        run = max_chars - max_chars // 2
        assert re.search(rf"[^ \n\t\u00a0]{{{run}}}", text)
        return
    assert found == _holding(spans, offsets)
    # the run-on spans told of are those of the whole split that hold an offset
    assert cuts == [c for c in whole_cuts if any(c[0] <= o < c[1] for o in offsets)]


def test_sentences_at_looks_past_abbreviations_and_far_back() -> None:
    text = "Mr. Abe met Gen. Smith. " + "The U.S. envoy said it. " * 40 + "Japan signed it."
    at = text.index("Japan")
    [sentence] = sentences_at(text, [at, at + 1]) or []
    assert sentence.text == "Japan signed it."
    long = "a " * 3000 + "and Japan signed it. Then it ended."
    [run_on] = sentences_at(long, [long.index("Japan")]) or []
    assert run_on == _holding(sentence_spans(long), [long.index("Japan")])[0]
    assert sentences_at("x" * 900 + " Japan signed.", [901]) is None  # an unbroken run
