"""Agreement names: their canonical type, acronyms and the document's other names for them.

"acquisition and cross-servicing agreement (ACSA)" and a later "the ACSA" or "ACSA framework"
name one agreement; "the pact" points back to the most recent pact. Acronyms are matched to
long forms by their initials, in the manner of Schwartz and Hearst (2003): every letter of
the acronym must begin a word (or a hyphenated part) of the long form, in order; function
words may be skipped or may lend their letter (SOFA: status *of* forces agreement).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = [
    "acronym_definitions",
    "acronyms_in",
    "canonical_type",
    "initials_match",
    "is_bare_reference",
    "strip_determiners",
    "type_of_name",
]

_DETERMINERS = frozenset(
    "a an the this that these those its their his her our your another any such both each".split()
)
_FUNCTION_WORDS = frozenset("and of on for the to in with over between among a an".split())
_ACRONYM = re.compile(r"\b([A-Z][A-Za-z0-9]{0,2}[A-Z0-9]{1,8}s?)\b")
_DEFINITION = re.compile(r"\(([A-Z][A-Za-z0-9-]{1,9})\)")
_TYPES = {
    "memorandum of understanding": "memorandum",
    "memoranda of understanding": "memorandum",
    "mou": "memorandum",
    "memorandum": "memorandum",
    "letter of intent": "letter of intent",
    "free trade agreement": "agreement",
    "framework agreement": "framework",
    "joint declaration": "declaration",
    "joint statement": "statement",
    "cease-fire": "ceasefire",
    "cease fire": "ceasefire",
    "peace deal": "deal",
}


def strip_determiners(words: list[str]) -> list[str]:
    """Drop leading determiners and possessives ("a", "the", "their", "Japan 's")."""
    out = list(words)
    while out and out[0].lower() in _DETERMINERS:
        out.pop(0)
    return out


def canonical_type(text: str) -> str:
    """The instrument type of a written noun: "memorandum of understanding" -> "memorandum",
    "treaties" -> "treaty"."""
    low = " ".join(text.lower().split())
    if low in _TYPES:
        return _TYPES[low]
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        return low[:-1]
    return low


def type_of_name(words: Sequence[str]) -> str | None:
    """The type a name's last words make when they are a known compound ("framework
    agreement" -> "framework", "free trade agreement" -> "agreement"), else None."""
    low = [w.lower() for w in words]
    for size in (4, 3, 2):
        if len(low) >= size:
            tail = " ".join(low[-size:])
            if tail in _TYPES:
                return _TYPES[tail]
    return None


_GENERIC_ADJECTIVES = frozenset(
    "formal final new draft full actual proposed eventual planned landmark historic "
    "overall comprehensive broader wider bilateral".split()
)


def _parts(long_form: str) -> list[str]:
    return [p for p in re.split(r"[\s\-/]+", long_form) if p]


def initials_match(acronym: str, long_form: str) -> bool:
    """True when the acronym's letters begin, in order, the words of ``long_form``.

    Content words must each lend their first letter; function words may or may not; leading
    words that lend nothing (adjectives such as "new") may be skipped.
    """
    letters = [c.lower() for c in acronym if c.isalnum()]
    if acronym.endswith("s") and acronym[:-1].isupper():
        letters = letters[:-1]
    words = [w.lower() for w in _parts(long_form)]
    if len(letters) < 2 or not words:
        return False

    def fits(li: int, wi: int) -> bool:
        if li == len(letters):
            return all(w in _FUNCTION_WORDS for w in words[wi:])
        if wi == len(words):
            return False
        word = words[wi]
        if word[0] == letters[li] and fits(li + 1, wi + 1):
            return True
        return word in _FUNCTION_WORDS and fits(li, wi + 1)

    return any(fits(0, start) for start in range(len(words)))


def acronyms_in(text: str) -> list[str]:
    """Acronym-like words in a name ("ACSA framework" -> ["ACSA"])."""
    return [
        m.group(1) for m in _ACRONYM.finditer(text) if sum(c.isupper() for c in m.group(1)) >= 2
    ]


def acronym_definitions(text: str) -> dict[str, str]:
    """ "long form (SF)" definitions in a text: acronym -> the shortest long form before it
    whose initials match (looking back up to twice the acronym's length plus five words)."""
    out: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        short = m.group(1)
        first = short[0].lower()
        before = text[max(0, m.start() - 200) : m.start()].split()
        reach = min(len(before), len(short) * 2 + 5)
        for n in range(1, reach + 1):
            # The last n words can match only from a part of the word just taken in (a
            # match from a later part would have matched with fewer words), and a match
            # begins with the acronym's first letter: most words are passed over unasked.
            word = before[-n]
            if "-" in word or "/" in word:
                if not any(part[:1].lower() == first for part in _parts(word)):
                    continue
            elif word[:1].lower() != first:  # (a word of its own: its one part)
                continue
            candidate = " ".join(before[-n:])
            if initials_match(short, candidate):
                out.setdefault(short, candidate.strip(",;: "))
                break
    return out


def is_bare_reference(name: str, known_types: Iterable[str]) -> bool:
    """True when a name is only an instrument noun ("pact", "deal"): a pointer back to an
    agreement named earlier, not a name of its own."""
    words = [w for w in name.lower().split() if w not in _GENERIC_ADJECTIVES]
    low = " ".join(words)
    types = set(known_types)
    return bool(words) and (low in types or canonical_type(low) in types)
