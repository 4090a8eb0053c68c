"""Sentences and tokens with exact character offsets.

Everything downstream works on *token strings*: the tokens of one sentence joined by single
spaces, each followed by one space (``"Japan and France signed a pact . "``). On that form a
literal word is an exact substring ending in a space, so matching never lands inside a word,
and a pattern can never cross a sentence boundary because it only ever sees one sentence.
The :class:`Tokens` object maps positions in the token string back to document offsets.

.. versionadded:: 0.1
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Final

import attrs

__all__ = [
    "ABBREVIATIONS",
    "MAX_SENTENCE_CHARS",
    "Sentence",
    "Tokens",
    "dateline_end",
    "normalize_token",
    "sentence_spans",
    "sentences_at",
    "token_string",
    "token_words",
    "tokenize",
]

# The longest sentence :func:`sentence_spans` returns. Text that runs on without a sentence
# end (scraper leftovers, tables, a megabyte with no full stop) is cut into pieces of at
# most this many characters, at a line break or a space where there is one. Real sentences
# stay well under it: of 147,000 sentences of Reuters and BBC news the 99.9th percentile is
# 546 characters and 11 pass 1,600, tables and lists all but one. A piece of prose this long
# holds about 290 tokens, under the engine's MAX_SENTENCE_TOKENS (docs/reliability.md).
MAX_SENTENCE_CHARS: Final = 1_600

# Words that end in a full stop without ending a sentence.
ABBREVIATIONS: Final = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep rev st hon pres
    amb sec insp supt fr sr jr messrs mme mlle mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp bros dept univ assn approx vs etc vol fig cf
    """.split()
)

# A token: dotted initialisms (U.N., U.S.), words with inner hyphens, apostrophes, dots or
# ampersands (cross-servicing, O'Neill, AT&T, 1.5), a possessive or contracted clitic split
# off ('s, n't), or any other single non-space character (punctuation). The first branch is
# a shortcut that changes nothing: a run of word characters followed by none of the
# characters that can continue a token is the token every later branch would cut there
# (most words are), found without trying them (tests/test_text.py checks it against the
# pattern without it).
_TOKEN: Final = re.compile(
    r"\w++(?![-'\u2019&/.])"  # the shortcut: a plain word
    r"|(?:[^\W\d_]\.){2,}(?![^\W\d_])"  # U.N., U.S.A.
    r"|\w+?(?=n['\u2019]t\b)"  # did|n't
    r"|n['\u2019]t\b"
    r"|['\u2019][sSdD]\b|['\u2019](?:ll|re|ve|LL|RE|VE)\b"
    r"|\w+(?:(?:[-&/]|['\u2019](?![sSdD]\b|ll\b|re\b|ve\b|LL\b|RE\b|VE\b)|\.(?=\d))\w+)*"
    r"|\S"
)

# Straight and typographic forms are matched alike: these translate into one form in the
# token string (each to a single character, so positions do not move).
_FOLD: Final = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2014": "-",
        "\u2013": "-",
        "\u00a0": " ",
    }
)

# Candidate sentence ends: a run of terminal punctuation, optional closing quotes or
# brackets, then whitespace; or a blank line. The abbreviation test decides which
# candidates are real. Written to open with one character class (the look-behinds say
# which branch it began), so that a search skips to the next such character in one tight
# loop rather than trying both branches at every position: the same matches
# (tests/test_text.py checks them against the plain form), two to three times faster.
_BOUNDARY: Final = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'\u201d\u2019)\]]*(?=\s)|(?<=\n)[ \t]*\n)"
)


def _word_before(text: str, end: int) -> str | None:
    """The word that ends at ``end`` of ``text``, as the dot there ends it: the run of word
    characters, dots and hyphens before ``end`` (of the 40 characters before it), from its
    first letter on ("U.S" of "the U.S"; ``None`` when the run holds no letter). A loop
    backwards over the few characters of the word, where a pattern needed the text
    reversed first (tests/test_text.py holds the loop to that pattern)."""
    floor = max(0, end - 40)
    i = end
    while i > floor:
        c = text[i - 1]
        if not (c.isalnum() or c == "_" or c == "." or c == "-"):
            break
        i -= 1
    while i < end:
        c = text[i]
        if c.isalnum() and not c.isdecimal():  # a letter: a word character, no digit
            return text[i:end]
        i += 1
    return None


_OPENERS: Final = frozenset("\"'\u201c\u2018([")  # what may stand before a sentence's first word


def _next_start(text: str, at: int) -> int:
    """Where the text after ``at`` goes on: past whitespace and opening quotes or brackets,
    its first other character that is no space (if only quotes follow, the last of them);
    -1 when nothing but whitespace follows (tests/test_text.py holds it to a pattern)."""
    size = len(text)
    while at < size and text[at].isspace():
        at += 1
    i = at
    while i < size and text[i] in _OPENERS:
        i += 1
    if i < size and not text[i].isspace():
        return i
    return i - 1 if i > at else -1


# A wire dateline opening a story: "NEW DELHI, 7 September 2004 - ", "COPENHAGEN (Reuters) - ",
# "BAGHDAD: ". The place in it is where the story was filed, not a party.
_DATELINE: Final = re.compile(
    r"[A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+){0,3}(?:,[^\-\u2013\u2014:(\n]{1,40})?"
    r"(?: ?\([^)\n]{1,40}\))? ?(?:--?|\u2013|\u2014|:) "
)


def dateline_end(sentence: str) -> int:
    """Where a leading wire dateline ends in ``sentence`` (0 when there is none)."""
    match = _DATELINE.match(sentence)
    return match.end() if match else 0


def normalize_token(text: str) -> str:
    """The form of a token in a token string (typographic quotes and dashes folded)."""
    # (every character folded is outside ASCII: most news text has none, and translating
    # costs a dictionary look-up per character)
    return text if text.isascii() else text.translate(_FOLD)


@attrs.frozen(slots=True)
class Sentence:
    """A sentence: its ``[start, end)`` offsets in the document and its text."""

    start: int
    end: int
    text: str


def _is_real_boundary(text: str, match: re.Match[str]) -> bool:
    mark = match.group()
    if mark.startswith("\n"):
        return True
    if mark.startswith("."):
        stem = _word_before(text, match.start())
        if stem is not None:
            low = stem.lower().rstrip(".")
            # A dotted initialism (U.N., U.S.) or a known abbreviation ends a sentence only
            # when what follows clearly starts a new one; single capitals are initials.
            if "." in stem or low in ABBREVIATIONS or (len(stem) == 1 and stem.isupper()):
                nxt = _next_start(text, match.end())
                if nxt < 0:
                    return True
                if "." in stem and text[nxt].isupper() and low not in ABBREVIATIONS:
                    following = text[nxt : nxt + 20].split(" ", 1)[0]
                    # "the U.N. Security Council" continues; "... the U.N. The next day" ends.
                    return following.lower() in _SENTENCE_OPENERS
                return False
    nxt = _next_start(text, match.end())
    # A lower-case continuation ("e.g. the", "said the U.S. official") is not a new sentence.
    return nxt < 0 or not text[nxt].islower()


_SENTENCE_OPENERS: Final = frozenset(
    "the a an it he she they we in on at but and this that these those there its his her "
    "their our after before when while meanwhile however also".split()
)


def sentence_spans(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    max_chars: int = MAX_SENTENCE_CHARS,
    on_cut: Callable[[int, int], None] | None = None,
) -> list[Sentence]:
    """Split ``text[start:end]`` into sentences with exact offsets, whitespace trimmed.

    A sentence longer than ``max_chars`` is cut into pieces (at a line break, else a space,
    else anywhere), each a sentence of its own; ``on_cut(start, end)`` is told the offsets
    of each span that had to be cut, once per span.

    .. versionchanged:: 0.1
       ``max_chars`` and ``on_cut``: no sentence is longer than :data:`MAX_SENTENCE_CHARS`.
    """
    if max_chars < 1:
        raise ValueError(f"'max_chars' must be >= 1 (got {max_chars!r})")
    stop = len(text) if end is None else end
    out: list[Sentence] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, stop):
        if not _is_real_boundary(text, match):
            continue
        _append_trimmed(text, cursor, _cut(match), out, max_chars, on_cut)
        cursor = match.end()
    _append_trimmed(text, cursor, stop, out, max_chars, on_cut)
    return out


# Where a run-on span may be cut (:func:`_cut_point`), in order of preference.
_SEPARATORS: Final = ("\n", " ", "\t", "\u00a0")
# How far back :func:`sentences_at` first looks for the sentence end before an offset.
_LOOK_BACK: Final = 256
_UNBROKEN: Final[dict[int, re.Pattern[str]]] = {}  # length -> a run of it with no separator


def sentences_at(
    text: str,
    offsets: Sequence[int],
    *,
    max_chars: int = MAX_SENTENCE_CHARS,
    on_cut: Callable[[int, int], None] | None = None,
) -> list[Sentence] | None:
    """The sentences of :func:`sentence_spans` that hold one of ``offsets``, in order,
    found by looking only around them (the rest of the text is never split).

    Each offset must be at a word character. ``on_cut`` is told of the run-on spans that
    hold an offset. ``None`` when the text has a run of characters that a run-on span would
    be cut inside (no space or line break for half of ``max_chars``): then a cut depends on
    text far away, and the caller splits the whole text instead.

    .. versionadded:: 0.1
    """
    if max_chars < 1:
        raise ValueError(f"'max_chars' must be >= 1 (got {max_chars!r})")
    if _has_run(text, max_chars - max_chars // 2):  # (a run _cut_point would cut inside)
        return None
    out: list[Sentence] = []
    done = 0  # where the next span can start: offsets before it are read
    k = 0
    while k < len(offsets):
        at = offsets[k]
        if at < done:
            k += 1
            continue
        if not text[at].isalnum():
            raise ValueError(f"offset {at} is not at a word character")
        start = _span_start(text, at, done)
        cut, done = _span_end(text, at)
        pieces: list[Sentence] = []
        _append_trimmed(text, start, cut, pieces, max_chars, on_cut)
        # the pieces holding an offset of this span
        p = 0
        while k < len(offsets) and offsets[k] < done:
            at = offsets[k]
            while p < len(pieces) and pieces[p].end <= at:
                p += 1
            if p < len(pieces) and pieces[p].start <= at and (not out or out[-1] is not pieces[p]):
                out.append(pieces[p])
            k += 1
    return out


def _unbroken_run(run: int) -> re.Pattern[str]:
    """The pattern of ``run`` characters in a row with none of :data:`_SEPARATORS`."""
    pattern = _UNBROKEN.get(run)
    if pattern is None:
        pattern = _UNBROKEN[run] = re.compile(
            # (the look-behind lets a try start only where a run starts)
            rf"(?<![^\n \t\u00a0])[^\n \t\u00a0]{{{run}}}"
        )
    return pattern


def _has_run(text: str, run: int) -> bool:
    """Whether ``text`` holds ``run`` characters in a row with no separator in them (what
    :func:`_unbroken_run` finds). Such a run holds a whole block of ``run // 2`` characters
    starting at a multiple of that size, so only those blocks are looked at, each with
    ``str.find`` (news text has a space in the first few characters of each); only where
    one has no separator does the regular expression decide. Scanning the whole text with
    it took a quarter of the splitting's time."""
    block = run // 2
    if block >= 1:
        for at in range(0, len(text) - block + 1, block):
            if all(text.find(separator, at, at + block) < 0 for separator in _SEPARATORS):
                break
        else:
            return False
    return _unbroken_run(run).search(text) is not None


def _cut(end: re.Match[str]) -> int:
    """Where the sentence before a real end stops: after its punctuation, or before a blank
    line."""
    return end.start() if end.group().startswith("\n") else end.end()


def _span_start(text: str, at: int, floor: int) -> int:
    """Where the span holding ``at`` starts: the end of the last real sentence end before
    it (``floor`` when there is none after ``floor``, a known span start).

    The scan starts at a word character, where no candidate end can be under way, so it
    finds the candidates a scan of the whole text finds."""
    low = at
    reach = _LOOK_BACK
    while low > floor:
        low = max(floor, at - reach)
        reach *= 4
        begin = low
        if low > floor:  # floor is a span start, where the whole scan starts afresh too
            while begin < at and not text[begin].isalnum():
                begin += 1
        ends = list(_BOUNDARY.finditer(text, begin, at))
        for match in reversed(ends):
            if _is_real_boundary(text, match):
                return match.end()
    return floor


def _span_end(text: str, at: int) -> tuple[int, int]:
    """Where the span holding ``at`` ends (its cut) and where the next span starts."""
    for match in _BOUNDARY.finditer(text, at):
        if _is_real_boundary(text, match):
            return _cut(match), match.end()
    return len(text), len(text)


def _append_trimmed(
    text: str,
    start: int,
    end: int,
    out: list[Sentence],
    max_chars: int,
    on_cut: Callable[[int, int], None] | None,
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > max_chars and on_cut is not None:
        on_cut(start, end)
    while end - start > max_chars:
        cut = _cut_point(text, start, start + max_chars)
        _append_trimmed(text, start, cut, out, max_chars, None)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut a run-on span that must end by ``limit``: after its last line break,
    else its last space, in the second half of the span; else at ``limit`` itself."""
    half = start + (limit - start) // 2
    for separator in _SEPARATORS:
        at = text.rfind(separator, half, limit)
        if at > start:
            return at + 1
    return limit


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """Tokens of ``text[start:end]`` as ``(text, start, end)`` with document offsets."""
    stop = len(text) if end is None else end
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, stop)]


def token_words(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The tokens of ``text[start:end]`` as strings only (the cheap form of
    :func:`tokenize`, for a quick look at a sentence's words).

    No token holds whitespace and the pattern looks at no character before a token, so
    the text is split at whitespace first (in C) and only the pieces that are not a plain
    word go to the pattern: the same tokens (tests/test_text.py), in about half the time.
    """
    words: list[str] = []
    for piece in text[start : len(text) if end is None else end].split():
        if piece.isalnum():  # (what the pattern's first branch takes whole)
            words.append(piece)
        else:
            words.extend(_TOKEN.findall(piece))
    return words


def token_string(words: Sequence[str]) -> str:
    """Join tokens into a token string: each token normalised and followed by one space."""
    # folding maps one character to one and never to or from a space: fold the joined string
    return normalize_token(" ".join(words) + " ") if words else ""


@attrs.frozen(slots=True)
class Tokens:
    """The tokens of one sentence, their token string, and the map back to the document."""

    sentence: Sentence
    words: tuple[str, ...]
    starts: tuple[int, ...]  # document offsets
    ends: tuple[int, ...]
    string: str  # the token string
    positions: tuple[int, ...]  # where each token begins in the token string

    @classmethod
    def of(cls, text: str, sentence: Sentence) -> Tokens:
        """Tokenise one sentence of ``text``."""
        words = token_words(text, sentence.start, sentence.end)
        # The pattern takes every character but whitespace (its last branch takes any
        # other), so each token starts at the first non-space after the one before: the
        # offsets follow from the words, without a match object per token.
        starts: list[int] = []
        ends: list[int] = []
        at = sentence.start
        for word in words:
            while text[at].isspace():
                at += 1
            starts.append(at)
            at += len(word)
            ends.append(at)
        # each token begins one space after the end of the one before it
        positions = tuple(itertools.accumulate((len(w) + 1 for w in words[:-1]), initial=0))
        return cls(
            sentence,
            tuple(words),
            tuple(starts),
            tuple(ends),
            token_string(words),
            positions if words else (),
        )

    def __len__(self) -> int:
        return len(self.words)

    def index_at(self, loc: int) -> int:
        """The index of the token that starts at (or first after) ``loc`` in the token string."""
        return bisect.bisect_left(self.positions, loc)

    def index_of_offset(self, offset: int) -> int:
        """The index of the token that contains (or first follows) document ``offset``."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.ends[i]:
            return i
        return i + 1

    def doc_span(self, first: int, last: int) -> tuple[int, int]:
        """Document offsets covering tokens ``first`` to ``last`` exclusive."""
        return self.starts[first], self.ends[last - 1]

    def lower(self) -> list[str]:
        """Each token as the token string writes it, lower-cased (one call on the string:
        lower-casing never joins or splits the words the spaces separate)."""
        return self.string.lower().split(" ")[:-1]
