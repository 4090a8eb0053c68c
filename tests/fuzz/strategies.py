"""Hypothesis strategies for hostile input: pattern strings, rule-pack YAML, texts.

Each strategy starts from something real (the pattern grammar, valid packs, news-like
sentences) and breaks it: characters inserted, deleted or replaced, lines moved, indentation
changed, tags and aliases injected, byte noise decoded leniently. Plain random input is
mixed in, but on its own it rarely gets past the first check of a parser.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from treatytrack.corpus import decode
from treatytrack.rules.pattern import pattern_text

from ..strategies import LEXICONS, WORDS, patterns

__all__ = [
    "SEED_DIR",
    "pack_bytes",
    "pack_texts",
    "pattern_strings",
    "texts",
]

ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = ROOT / "tests" / "packs"

# -- mutations ------------------------------------------------------------------------------

# Characters that mean something to the pattern grammar or to YAML, and a few that mean
# something to nobody (control characters, a BOM, right-to-left marks).
PATTERN_ALPHABET = "()|?*+{},.:!@%\"'\\ 0123456789abcxyzPARTIESDATE_-\t\n\u2019\u00a0"
YAML_ALPHABET = ":-[]{}&*!|>'\"#%@`,? \t\n0123456789abc\\\u00a0\ufeff\x00\x1b\u2028\u202e"


def _mutate_chars(text: str, alphabet: str) -> st.SearchStrategy[str]:
    """``text`` with a few characters inserted, deleted or replaced."""
    edit = st.tuples(
        st.sampled_from(["insert", "delete", "replace", "duplicate"]),
        st.integers(0, max(0, len(text))),
        st.text(alphabet=alphabet, min_size=1, max_size=4),
    )

    def apply(edits: list[tuple[str, int, str]]) -> str:
        out = text
        for op, at, chunk in edits:
            at = min(at, len(out))
            if op == "insert":
                out = out[:at] + chunk + out[at:]
            elif op == "delete":
                out = out[:at] + out[at + len(chunk) :]
            elif op == "replace":
                out = out[:at] + chunk + out[at + len(chunk) :]
            else:
                out = out[:at] + out[at : at + 8] * 2 + out[at + 8 :]
        return out

    return st.lists(edit, min_size=1, max_size=6).map(apply)


def _noise(data: bytes) -> str:
    """Bytes as a scraper would pass them on: decoded, whatever they are."""
    return data.decode("utf-8", errors="replace")


# -- pattern strings --------------------------------------------------------------------------

_grammar_patterns = patterns.map(pattern_text)
_pattern_words = st.lists(
    st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from([f"@{name}" for name in LEXICONS]),
        st.sampled_from(["PARTIES", "PARTY", "DATE", "PHRASE", "DET", "WORD", "NAME", "SHIPS"]),
        st.sampled_from(["trigger:", "parties:", "agreement:", "type:", "topic:", "nope:"]),
        st.sampled_from(["...{0,4}", "...", "...{2,}", "{1,3}", "?", "*", "+", "??", "!"]),
        st.sampled_from(["(", ")", "|", "%macro", "%nope", '","', "'U.N.'"]),
    ),
    min_size=1,
    max_size=14,
).map(" ".join)

# Most grammar-built patterns lack a trigger, the first thing the compiler asks for: give
# some of them one, so that the rest of the checks (and the engine) see them too.
_triggered = st.tuples(
    _grammar_patterns,
    st.sampled_from(["trigger:@sign_verb", "trigger:signed", "trigger:(@talk_noun | pact)"]),
    st.booleans(),
).map(lambda t: f"{t[1]} {t[0]}" if t[2] else f"{t[0]} {t[1]}")

pattern_strings: st.SearchStrategy[str] = st.one_of(
    _grammar_patterns,
    _triggered,
    _triggered,
    _grammar_patterns.flatmap(lambda p: _mutate_chars(p, PATTERN_ALPHABET)),
    _triggered.flatmap(lambda p: _mutate_chars(p, PATTERN_ALPHABET)),
    _pattern_words,
    _pattern_words.flatmap(lambda p: _mutate_chars(p, PATTERN_ALPHABET)),
    st.text(alphabet=PATTERN_ALPHABET, max_size=60),
    st.binary(max_size=80).map(_noise),
    st.text(max_size=40),
)
"""Pattern strings: from the grammar, from its words, mutated, and noise."""

# -- rule packs -------------------------------------------------------------------------------

SMALL_PACK = """\
pack: demo
version: 1
description: A small valid pack, the seed most mutations start from.
lexicons:
  sign_verb: [signed, inked, put their signatures to]
  agreement_noun: [pact, agreement, memorandum of understanding]
  talk_noun: [talks]
macros:
  sides: "(with | between) parties:PARTIES"
modifiers:
  negation: [declined to, refused to]
  intended: {cues: [hopes to, plans to], window: 6}
rules:
  - id: demo.signed
    kind: agreement
    status: signed
    priority: 2
    pattern: >
      parties:PARTIES ...{0,4} trigger:@sign_verb
      agreement:(DET? ...{0,3} type:@agreement_noun) %sides?
    captures:
      parties: {min: 1}
    examples:
      - text: Japan and France signed a pact.
        published: 2024-03-08
        expect: {parties: [FRA, JPN], agreement: {type: pact}}
    counter_examples:
      - The pact was discussed.
  - id: demo.talks
    kind: negotiation
    status: in_negotiation
    pattern: "parties:PARTIES trigger:(held @talk_noun) (on topic:PHRASE)?"
"""


def _seed_texts() -> list[str]:
    seeds = [SMALL_PACK]
    for path in sorted(SEED_DIR.glob("*.yaml")):
        seeds.append(path.read_text(encoding="utf-8"))
    for name in ("references.yaml", "pledges.yaml"):
        seeds.append((ROOT / "rules" / name).read_text(encoding="utf-8"))
    return seeds


SEEDS = _seed_texts()
SMALL_SEEDS = [s for s in SEEDS if len(s) < 3000]


def _mutate_lines(text: str) -> st.SearchStrategy[str]:
    """``text`` with lines deleted, duplicated, swapped, re-indented or replaced."""
    lines = text.split("\n")
    edit = st.tuples(
        st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "tab", "inject"]),
        st.integers(0, max(0, len(lines) - 1)),
        st.integers(0, max(0, len(lines) - 1)),
        st.sampled_from(
            [
                "!!python/object/apply:os.system ['touch pwned']",
                "&anchor [a, b]",
                "*anchor",
                "include: [../../etc/passwd.yaml]",
                "include: [lexicons.yaml, lexicons.yaml]",
                "include: [core]",
                "  - id: demo.signed",
                '    pattern: "trigger:signed ...{0,400}"',
                "    pattern: ((((((((((((((a))))))))))))))",
                "rules: []",
                "lexicons: {x: []}",
                "? complex key",
                "---",
                "%YAML 1.1",
                "pack: [not, a, name]",
                "    status: sort_of_signed",
                "    kind: yes",
                "<<: *anchor",
            ]
        ),
    )

    def apply(edits: list[tuple[str, int, int, str]]) -> str:
        out = list(lines)
        for op, i, j, injected in edits:
            if not out:
                out = [injected]
                continue
            i, j = i % len(out), j % len(out)
            if op == "delete":
                del out[i]
            elif op == "duplicate":
                out.insert(i, out[i])
            elif op == "swap":
                out[i], out[j] = out[j], out[i]
            elif op == "indent":
                out[i] = "  " + out[i]
            elif op == "dedent":
                out[i] = out[i][2:]
            elif op == "tab":
                out[i] = "\t" + out[i].lstrip()
            else:
                out.insert(i, injected)
        return "\n".join(out)

    return st.lists(edit, min_size=1, max_size=5).map(apply)


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["signed", "agreement", "trigger:@sign_verb", "PARTIES", "@x", "%y"]),
)
_keys = st.one_of(
    st.sampled_from(
        [
            "pack",
            "version",
            "include",
            "lexicons",
            "macros",
            "modifiers",
            "rules",
            "id",
            "kind",
            "status",
            "pattern",
            "captures",
            "examples",
            "expect",
            "window",
            "cues",
        ]
    ),
    st.text(max_size=8),
)
_documents = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_keys, children, max_size=5)
    ),
    max_leaves=25,
)


def _dump(document: object) -> str:
    import yaml

    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


pack_texts: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(SMALL_SEEDS).flatmap(_mutate_lines),
    st.sampled_from(SMALL_SEEDS).flatmap(lambda s: _mutate_chars(s, YAML_ALPHABET)),
    st.sampled_from(SEEDS).flatmap(_mutate_lines),
    st.sampled_from(SMALL_SEEDS)
    .flatmap(_mutate_lines)
    .flatmap(lambda s: _mutate_chars(s, YAML_ALPHABET)),
    _documents.map(_dump),
    st.fixed_dictionaries(
        {"pack": st.text(max_size=8)},
        optional={
            "lexicons": st.dictionaries(_keys, _documents, max_size=3),
            "rules": st.lists(
                st.fixed_dictionaries(
                    {
                        "id": st.text(max_size=6),
                        "kind": st.sampled_from(["agreement", "negotiation", "pledge", "x"]),
                        "status": st.sampled_from(["signed", "proposed", "in_force", "x"]),
                        "pattern": pattern_strings,
                    },
                    optional={"captures": _documents, "examples": _documents},
                ),
                max_size=3,
            ),
        },
    ).map(_dump),
    st.text(alphabet=YAML_ALPHABET, max_size=200),
    st.binary(max_size=300).map(_noise),
)
"""Rule-pack YAML: valid packs mutated line by line and character by character, random
documents of the right shape, and noise."""

pack_bytes: st.SearchStrategy[bytes] = st.one_of(
    st.binary(max_size=400),
    st.sampled_from(SMALL_SEEDS)
    .map(lambda s: s.encode("utf-8"))
    .flatmap(
        lambda b: st.tuples(st.integers(0, len(b)), st.binary(min_size=1, max_size=8)).map(
            lambda t: b[: t[0]] + t[1] + b[t[0] :]
        )
    ),
    st.sampled_from(SMALL_SEEDS).map(lambda s: s.encode("utf-16")),
)
"""Raw bytes written to a pack file: invalid UTF-8, other encodings, noise."""

# -- texts ------------------------------------------------------------------------------------

_TRIGGERS = (
    "signed",
    "put",
    "agreed",
    "ratified",
    "suspended",
    "concluded",
    "talks",
    "pact",
    "agreement",
    "accord",
    "deal",
    "treaty",
)
_PARTIES = ("Japan", "France", "the United States", "the European Union", "NATO", "it", "they")
_FILLER = ("the", "a", "on", "with", "and", ",", "said", "Friday", "in", "Tokyo", "not", "will")
_QUOTES = ('"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "(", ")", "[", "]", "{", "}", "\u00ab")
_SCRIPTS = (
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew
    "\u0627\u062a\u0641\u0627\u0642",  # Arabic
    "\u4e2d\u56fd\u548c\u6cd5\u56fd\u7b7e\u7f72",  # Chinese
    "\u0414\u043e\u0433\u043e\u0432\u043e\u0440",  # Cyrillic
    "\u0928\u092e\u0938\u094d\u0924\u0947",  # Devanagari
    "e\u0301\u0301\u0301",  # stacked combining marks
    "\U0001f91d\U0001f3fd",  # emoji with a modifier
)
_CONTROLS = (
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x1b",
    "\r",
    "\u2028",
    "\u0085",
)

_news_words = st.one_of(
    st.sampled_from(_TRIGGERS),
    st.sampled_from(_PARTIES),
    st.sampled_from(_FILLER),
    st.sampled_from(_QUOTES),
    st.sampled_from(_SCRIPTS),
    st.sampled_from(_CONTROLS),
    st.sampled_from((".", "!", "?", "...", "U.S.", "Mr.", "\n\n", "\n")),
)
_news = st.lists(_news_words, max_size=80).map(" ".join)


def _nested(depth: int, word: str) -> str:
    opening = "(\"[{'\u201c\u00ab"
    closing = ")\"]}'\u201d\u00bb"
    inner = f"Japan and France signed a {word}"
    for i in range(depth):
        inner = opening[i % len(opening)] + inner + closing[i % len(closing)]
    return inner


_UNITS = (
    "signed ",
    "put ",
    "Japan and France signed a pact with ",
    "Japan and France and Germany and Italy signed ",
    "the United States , the European Union and Japan put ",
    "agreed to hold talks on trade ",
    "\u202eJapan \u05e9\u05dc\u05d5\u05dd signed \u0627\u062a\u0641\u0627\u0642 a pact ",
)

texts: st.SearchStrategy[str] = st.one_of(
    st.just(""),
    st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2028\u2029\u3000\u0085", max_size=200),
    st.text(max_size=300),
    st.binary(max_size=400).map(lambda b: b.decode("latin-1")),
    st.binary(max_size=400).map(lambda b: decode(b, "fuzz", warn=lambda message: None)),
    _news,
    st.tuples(st.integers(1, 60), st.sampled_from(_TRIGGERS)).map(lambda t: _nested(*t)),
    st.tuples(st.sampled_from(_UNITS), st.integers(1, 600)).map(lambda t: t[0] * t[1]),
    st.tuples(st.sampled_from(_TRIGGERS), st.integers(1, 3000)).map(lambda t: (t[0] + " ") * t[1]),
    _news.flatmap(lambda t: _mutate_chars(t, "".join(_CONTROLS) + "\ud800\udfff.!?\"'()")),
)
"""Texts of every hostile kind, small enough for thousands of cases: empty, whitespace,
random Unicode, binary as Latin-1, invalid UTF-8 decoded with replacement, news-like word
salad with quotes, scripts and bidi controls, nested quotes and brackets, repeated
triggers and run-on sentences, lone surrogates."""
