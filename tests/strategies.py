"""Hypothesis strategies shared by the tests (one place, as the style guide asks)."""

from __future__ import annotations

from hypothesis import strategies as st

from treatytrack.rules.compile import literal_tokens
from treatytrack.rules.pattern import (
    Capture,
    Class,
    Gap,
    Group,
    Lexicon,
    Literal,
    Node,
    Not,
    Repeat,
    Seq,
)

WORDS = (
    "signed",
    "pact",
    "talks",
    "on",
    "agreed",
    "to",
    "U.N.",
    "cross-servicing",
    "don't",
    "2015",
)
LEXICONS = ("sign_verb", "agreement_noun", "talk_noun")
# The entries of those lexicons, as patterns compiled in the tests see them.
LEXICON_ENTRIES = {
    "sign_verb": tuple(literal_tokens(w) for w in ("signed", "inked", "put their signatures to")),
    "agreement_noun": tuple(
        literal_tokens(w)
        for w in ("pact", "agreement", "memorandum of understanding", "memorandum")
    ),
    "talk_noun": (literal_tokens("talks"),),
}
CLASSES = ("PARTY", "PARTIES", "DATE", "PHRASE", "DET")
CAPTURES = ("trigger", "parties", "agreement", "topic", "type", "date", "place")

literals = st.one_of(
    st.sampled_from(WORDS).map(Literal),
    st.sampled_from([",", "(", '"', "memorandum of understanding", "ACSA"]).map(
        lambda t: Literal(t, quoted=True)
    ),
)
atoms: st.SearchStrategy[Node] = st.one_of(
    literals,
    st.sampled_from(LEXICONS).map(Lexicon),
    st.sampled_from(CLASSES).map(Class),
    st.tuples(st.integers(0, 3), st.integers(0, 4)).map(lambda t: Gap(t[0], t[0] + t[1])),
)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    seqs = st.lists(children, min_size=1, max_size=3).map(lambda items: Seq(tuple(items)))
    groups = st.lists(seqs, min_size=1, max_size=3).map(lambda alts: Group(tuple(alts)))
    return st.one_of(
        groups,
        st.tuples(
            st.one_of(groups, atoms.filter(lambda a: not isinstance(a, Gap))),
            st.sampled_from(["?", "*", "+", "{}"]),
            st.integers(0, 2),
            st.integers(0, 2),
            st.booleans(),
        ).map(lambda t: Repeat(t[0], *_bounds(t[1], t[2], t[3]), t[1], lazy=t[4])),
        st.tuples(st.sampled_from(CAPTURES), st.one_of(groups, atoms)).map(
            lambda t: Capture(t[0], t[1])
        ),
        st.one_of(groups, atoms).map(Not),
    )


def _bounds(op: str, low: int, extra: int) -> tuple[int, int]:
    return {"?": (0, 1), "*": (0, 8), "+": (1, 8)}.get(op, (low, low + extra))


pattern_nodes = st.recursive(atoms, _extend, max_leaves=8)
patterns: st.SearchStrategy[Group] = st.lists(
    st.lists(pattern_nodes, min_size=1, max_size=4).map(lambda items: Seq(tuple(items))),
    min_size=1,
    max_size=2,
).map(lambda alts: Group(tuple(alts)))

# Patterns with a lead: one to three items, a trigger, then up to two more items.
led_patterns: st.SearchStrategy[Group] = st.tuples(
    st.lists(pattern_nodes, min_size=1, max_size=3),
    st.lists(pattern_nodes, max_size=2),
).map(lambda t: Group((Seq((*t[0], Capture("trigger", Lexicon("sign_verb")), *t[1])),)))
# Token runs made of what the patterns above name: their words, states, joiners.
pattern_texts = st.lists(
    st.sampled_from([*WORDS, "Japan", "France", "and", ",", "the", "inked", "memorandum"]),
    min_size=1,
    max_size=14,
).map(" ".join)

# News-like filler for property tests over text.
filler_words = st.sampled_from(
    [
        "the",
        "ministers",
        "said",
        "on",
        "Friday",
        "in",
        "Tokyo",
        "talks",
        "a",
        "new",
        "deal",
        "cooperation",
        "and",
        "officials",
        "security",
        "trade",
        "it",
        "was",
        "reported",
    ]
)
sentences_of_filler = st.lists(filler_words, min_size=1, max_size=12).map(
    lambda ws: " ".join(ws).capitalize() + "."
)

# Text that is hard to split: abbreviations, initialisms, runs of terminal punctuation,
# closing quotes, blank lines, odd spaces and long unbroken runs.
_ROUGH_PIECES = st.sampled_from(
    [
        "Japan",
        "signed",
        "the",
        "pact",
        "talks",
        "Mr.",
        "U.S.",
        "Jan.",
        "e.g.",
        "A.",
        "it",
        "1.5",
        ".",
        "...",
        "?!",
        '."',
        ".)",
        ",",
        "'s",
        "cease-fire",
    ]
)
_ROUGH_GAPS = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\n \n", "\t", "\u00a0", ""])
rough_texts = st.lists(
    st.one_of(
        st.tuples(_ROUGH_PIECES, _ROUGH_GAPS).map("".join),
        st.integers(1, 90).map(lambda n: "x" * n),
    ),
    max_size=60,
).map("".join)

# Trigger words whose rules need more words after them ("fell apart", "take effect", "set
# out in", "called off") beside words that may or may not follow them, joined every way the
# prefilter's word cutting and the tokenizer can read them (compounds, clitics, underscores,
# sentence ends), after a noun the rules need: for the prefilter's check of what may begin a
# trigger.
_HEADED = st.sampled_from(["fell", "Fell", "FELL", "take", "set", "called", "broke"])
_FOLLOWING = st.sampled_from(
    ["apart", "through", "effect", "out", "in", "off", "for", "down", "up", "sharply", "the"]
)
_OTHER_WORDS = st.sampled_from(["in", "talks", "the", "pact", "Japan", "co", "x"])
_BETWEEN = st.sampled_from([" ", ", ", "-", "'", "_", "/", ". ", "\n\n", "(", ""])
_HEAD_JOINS = st.sampled_from(
    [
        *(" ", " ", " ", ", ", "-", "'", "\u2019", "/", "&", " - ", " -", " '", "--", ". "),
        *("\n\n", "_", "", "(", "'s ", " ("),
    ]
)
headed_texts = st.lists(
    st.one_of(
        st.tuples(_HEAD_JOINS, _HEADED, _BETWEEN, _FOLLOWING, _HEAD_JOINS),
        st.tuples(_OTHER_WORDS, _HEAD_JOINS),
    ).map("".join),
    min_size=1,
    max_size=8,
).map(lambda units: "The pact " + "".join(units))  # a word the rules need, first

# Trigger words (plain, with joiners, under their heads' words) and look-alikes inside
# other words, joined by spaces, punctuation, underscores, digits and letters beyond ASCII:
# for where the prefilter finds trigger words.
_SPOTTED = st.sampled_from(
    [
        *("signed", "Signed", "AGREED", "go", "ago", "ran", "Iran", "set", "up", "fell", "apart"),
        *("cease-fire", "cease fire", "Cease-Fire", "in-principle", "in principle", "pull-out"),
        *("co-operate", "co operate", "pact", "treaty", "put", "pen", "take", "effect", "x"),
    ]
)
_SPOT_JOINS = st.sampled_from(
    [
        *(" ", " ", "", "-", "'", "\u2019", "_", "3", ". ", "\n", ",", "\u00a0", "\u201c"),
        *("\u00e9", "\u00df", "\u00fc", "\u0416", "\u4e00"),  # letters beyond ASCII
    ]
)
spotted_texts = st.lists(st.tuples(_SPOTTED, _SPOT_JOINS).map("".join), max_size=12).map("".join)

# Text with parenthesised acronyms after words that may or may not be their long forms:
# hyphenated and slashed words (one word of the text, several parts of a long form),
# function words, lower case, and acronyms of mixed case.
_LONG_FORM_WORDS = st.sampled_from(
    [
        *("Acquisition", "and", "Cross-Servicing", "Agreement", "Anti-Ballistic", "Missile"),
        *("of", "the", "Trade/Economic", "Partnership", "treaty", "new", "Free", "-Trade"),
        *("area", "on", "Comprehensive", "Test-Ban", "Treaty", "said", "co", "/Area"),
    ]
)
_ACRONYMS = st.sampled_from(
    [*("(ACSA)", "(ABM)", "(TEP)", "(CTBT)", "(FTA)", "(AtoB)"), *("(PC)", "(EP)", "(BT)", "(SA)")]
)
acronym_texts = st.lists(st.one_of(_LONG_FORM_WORDS, _ACRONYMS), max_size=30).map(" ".join)
