"""Small helpers shared by the party and place matchers: reading tokens out of a token
string (see :mod:`treatytrack.text`), index keys, and the capitalisation test."""

from __future__ import annotations

import functools
import unicodedata

from treatytrack import text as _text


def fold(word: str) -> str:
    """The index key of a word: lower case with accents removed ("Côte" -> "cote")."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def form_tokens(name: str) -> tuple[str, ...]:
    """A name split exactly as the text tokenizer splits running text."""
    return tuple(_text.normalize_token(t[0]) for t in _text.tokenize(name))


def split_forms(forms: str) -> list[str]:
    """``"A|B|C"`` -> ``["A", "B", "C"]``."""
    return [f.strip() for f in forms.split("|") if f.strip()]


@functools.lru_cache(maxsize=1024)
def all_caps(s: str) -> bool:
    """True when the whole token string is upper case (a headline): case then says nothing.
    Cached, since the matchers ask about one sentence many times."""
    return s.isupper()


def next_token(s: str, pos: int) -> tuple[str, int] | None:
    """The token starting at ``pos`` and the position just after its trailing space."""
    end = s.find(" ", pos)
    if end <= pos:
        return None
    return s[pos:end], end + 1


def prev_token(s: str, loc: int) -> tuple[str, int] | None:
    """The token ending just before ``loc`` and its start, or None at the sentence start."""
    if loc < 2:
        return None
    start = s.rfind(" ", 0, loc - 1) + 1
    return s[start : loc - 1], start


def case_ok(tok: str, form: str, upper: bool) -> bool:
    """Whether a text token has the capitalisation a name's token demands.

    Words written lower case in the name (of, the, al-) take any case; acronyms must be
    written as acronyms (long ones may also be title case: "Nato", "Opec"); other words
    must be capitalised, except in an all-capitals sentence.
    """
    if upper:
        return True
    first = form[0]
    if not first.isalpha() or first.islower():
        return True
    if len(form) > 1 and form.isupper():
        if tok == form:
            return True
        return len(form) >= 4 and tok[0].isupper() and tok[1:].islower()
    return tok[0].isupper()


def is_capitalised(tok: str) -> bool:
    """A word that starts with a capital letter."""
    return bool(tok) and tok[0].isupper()
