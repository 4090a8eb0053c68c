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
import re
from collections.abc import Callable, Iterator, Sequence

import attrs

__all__ = [
    "ABBREVIATIONS",
    "MAX_SENTENCE_CHARS",
    "Sentence",
    "Tokens",
    "dateline_end",
    "normalize_token",
    "sentence_spans",
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
MAX_SENTENCE_CHARS = 1_600

# Words that end in a full stop without ending a sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep rev st hon pres
    amb sec insp supt fr sr jr messrs mme mlle mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp bros dept univ assn approx vs etc vol fig cf
    """.split()
)

# A token: dotted initialisms (U.N., U.S.), words with inner hyphens, apostrophes, dots or
# ampersands (cross-servicing, O'Neill, AT&T, 1.5), a possessive or contracted clitic split
# off ('s, n't), or any other single non-space character (punctuation).
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}(?![^\W\d_])"  # U.N., U.S.A.
    r"|\w+?(?=n['\u2019]t\b)"  # did|n't
    r"|n['\u2019]t\b"
    r"|['\u2019][sSdD]\b|['\u2019](?:ll|re|ve|LL|RE|VE)\b"
    r"|\w+(?:(?:[-&/]|['\u2019](?![sSdD]\b|ll\b|re\b|ve\b|LL\b|RE\b|VE\b)|\.(?=\d))\w+)*"
    r"|\S"
)

# Straight and typographic forms are matched alike: these translate into one form in the
# token string (each to a single character, so positions do not move).
_FOLD = str.maketrans(
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
# brackets, then whitespace. The abbreviation test decides which candidates are real.
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)|\n[ \t]*\n")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w.-]*)\.$")
_NEXT_START = re.compile(r"\s*([\"'\u201c\u2018(\[]*)(\S)")


# A wire dateline opening a story: "NEW DELHI, 7 September 2004 - ", "COPENHAGEN (Reuters) - ",
# "BAGHDAD: ". The place in it is where the story was filed, not a party.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+){0,3}(?:,[^\-\u2013\u2014:(\n]{1,40})?"
    r"(?: ?\([^)\n]{1,40}\))? ?(?:--?|\u2013|\u2014|:) "
)


def dateline_end(sentence: str) -> int:
    """Where a leading wire dateline ends in ``sentence`` (0 when there is none)."""
    match = _DATELINE.match(sentence)
    return match.end() if match else 0


def normalize_token(text: str) -> str:
    """The form of a token in a token string (typographic quotes and dashes folded)."""
    return text.translate(_FOLD)


@attrs.frozen(slots=True)
class Sentence:
    """A sentence: its ``[start, end)`` offsets in the document and its text."""

    start: int
    end: int
    text: str


def _is_real_boundary(text: str, match: re.Match[str]) -> bool:
    if match.group().startswith("\n"):
        return True
    end = match.end()
    mark = match.group()
    if mark.startswith("."):
        tail = text[max(0, match.start() - 40) : match.start() + 1]
        word = _WORD_BEFORE.search(tail)
        if word is not None:
            stem = word.group(1)
            low = stem.lower().rstrip(".")
            # A dotted initialism (U.N., U.S.) or a known abbreviation ends a sentence only
            # when what follows clearly starts a new one; single capitals are initials.
            if "." in stem or low in ABBREVIATIONS or (len(stem) == 1 and stem.isupper()):
                nxt = _NEXT_START.match(text, end)
                if nxt is None:
                    return True
                if "." in stem and nxt.group(2).isupper() and low not in ABBREVIATIONS:
                    following = text[nxt.start(2) : nxt.start(2) + 20].split(" ", 1)[0]
                    # "the U.N. Security Council" continues; "... the U.N. The next day" ends.
                    return following.lower() in _SENTENCE_OPENERS
                return False
    nxt = _NEXT_START.match(text, end)
    if nxt is None:
        return True
    first = nxt.group(2)
    # A lower-case continuation ("e.g. the", "said the U.S. official") is not a new sentence.
    return not first.islower()


_SENTENCE_OPENERS = frozenset(
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
        cut = match.end() if not match.group().startswith("\n") else match.start()
        _append_trimmed(text, cursor, cut, out, max_chars, on_cut)
        cursor = match.end()
    _append_trimmed(text, cursor, stop, out, max_chars, on_cut)
    return out


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
    for separator in ("\n", " ", "\t", "\u00a0"):
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
    :func:`tokenize`, for a quick look at a sentence's words)."""
    return _TOKEN.findall(text, start, len(text) if end is None else end)


def token_string(words: Sequence[str]) -> str:
    """Join tokens into a token string: each token normalised and followed by one space."""
    return "".join(normalize_token(w) + " " for w in words)


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
        toks = tokenize(text, sentence.start, sentence.end)
        words = tuple(t[0] for t in toks)
        positions: list[int] = []
        pos = 0
        for w in words:
            positions.append(pos)
            pos += len(w) + 1
        return cls(
            sentence,
            words,
            tuple(t[1] for t in toks),
            tuple(t[2] for t in toks),
            token_string(words),
            tuple(positions),
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

    def iter_lower(self) -> Iterator[str]:
        return (normalize_token(w).lower() for w in self.words)
