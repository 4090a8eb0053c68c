"""The pattern language: its pyparsing grammar, its syntax tree, and a printer.

A pattern is a sequence of items over the tokens of one sentence::

    parties:PARTIES ...{0,4} trigger:@sign_verb agreement:(DET? ...{0,3} type:@agreement_noun)

=================  ==========================================================
``signed``         a word, matched case-insensitively as one whole token
``"U.N."`` ``","``  a quoted literal: any text, tokenised like the input
``@sign_verb``     any entry of a lexicon (the longest entry that fits)
``%agreement_np``  a macro: a named pattern fragment defined under ``macros:``
``PARTIES``        a built-in or user-registered class (upper-case names)
``(a | b c)``      a group of alternatives, tried in order
``x?`` ``x*`` ``x+`` ``x{m,n}``  repeats, greedy with backtracking; ``*``/``+`` stop at 8
``x??`` ``x{m,n}?``  the same repeats, lazy: as few as the rest allows
``...{m,n}``       a gap of m to n tokens of any kind, lazy (never unbounded)
``!x``             a negative lookahead: what follows is not ``x`` (consumes nothing)
``name:x``         captures what ``x`` matched into the event field ``name``
=================  ==========================================================

:func:`parse_pattern` turns text into a tree of frozen nodes; :func:`to_text` prints a
tree back in canonical form (``parse(print(parse(p))) == parse(p)``).
"""

from __future__ import annotations

import re
from functools import cache

import attrs
import pyparsing as pp

__all__ = [
    "MAX_REPEAT",
    "Capture",
    "Class",
    "Gap",
    "Group",
    "Lexicon",
    "Literal",
    "Macro",
    "MacroError",
    "Node",
    "Not",
    "PatternSyntaxError",
    "Repeat",
    "Seq",
    "expand_macros",
    "iter_nodes",
    "parse_pattern",
    "pattern_text",
    "to_text",
]

MAX_REPEAT = 8  # the bound that ``*`` and ``+`` stand for


@attrs.frozen(slots=True)
class Literal:
    """A literal word or quoted text, matched token by token, case-insensitively."""

    text: str
    quoted: bool = attrs.field(default=False, eq=False)
    pos: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen(slots=True)
class Lexicon:
    """``@name``: any entry of the named lexicon."""

    name: str
    pos: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen(slots=True)
class Macro:
    """``%name``: a named fragment of pattern, expanded in place before compiling."""

    name: str
    pos: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen(slots=True)
class Class:
    """``NAME``: a class of token sequences recognised in Python (PARTY, DATE, ...)."""

    name: str
    pos: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen(slots=True)
class Gap:
    """``...{m,n}``: between m and n tokens of anything; ``max`` None means unbounded."""

    min: int
    max: int | None
    pos: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen(slots=True)
class Repeat:
    """An item repeated ``min`` to ``max`` times; ``op`` keeps how it was written."""

    item: Node
    min: int
    max: int | None
    op: str
    pos: int = attrs.field(default=0, eq=False, repr=False)
    lazy: bool = False


@attrs.frozen(slots=True)
class Capture:
    """``name:item``."""

    name: str
    item: Node
    pos: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen(slots=True)
class Not:
    """``!item``: succeeds (consuming nothing) where ``item`` does not match."""

    item: Node
    pos: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen(slots=True)
class Seq:
    """Items one after another."""

    items: tuple[Node, ...]
    pos: int = attrs.field(default=0, eq=False, repr=False)


@attrs.frozen(slots=True)
class Group:
    """Alternatives, tried in order; a whole pattern is a group too."""

    alternatives: tuple[Seq, ...]
    pos: int = attrs.field(default=0, eq=False, repr=False)


Node = Literal | Lexicon | Macro | Class | Gap | Repeat | Capture | Not | Seq | Group


class PatternSyntaxError(ValueError):
    """A pattern that does not parse; ``offset`` is where, ``kind`` names the mistake."""

    def __init__(self, message: str, offset: int, kind: str = "pattern-syntax") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.kind = kind


def _bounds(toks: pp.ParseResults) -> tuple[int, int | None]:
    low = int(toks[0])
    if len(toks) == 1:
        return low, low
    high = toks[2] if len(toks) > 2 else None
    return low, (int(high) if high is not None else None)


@cache
def _grammar() -> pp.ParserElement:
    """The pattern grammar (built once; the railroad diagram in docs/rules.md is drawn from it)."""
    LPAR, RPAR, BAR = (pp.Suppress(c) for c in "()|")
    integer = pp.Word(pp.nums)
    bounds = pp.Group(
        pp.Suppress("{") + integer + pp.Opt(pp.Literal(",") + pp.Opt(integer)) + pp.Suppress("}")
    )("bounds")
    ident = pp.Regex(r"[a-z_][a-z0-9_]*")

    gap = (pp.Literal("...") + pp.Opt(bounds)).set_name("gap")
    lexicon = pp.Combine(pp.Suppress("@") + ident).set_name("@lexicon")
    macro = pp.Combine(pp.Suppress("%") + ident).set_name("%macro")
    klass = pp.Regex(r"[A-Z][A-Z0-9_]*(?![\w'\u2019.&/-])").set_name("CLASS")
    quoted = (pp.QuotedString('"', esc_char="\\") | pp.QuotedString("'", esc_char="\\")).set_name(
        "quoted literal"
    )
    word = pp.Regex(r"[^\W_](?:[\w'\u2019&/-]|\.(?=\w))*\.?").set_name("word")

    expr = pp.Forward().set_name("alternatives")
    group = (LPAR + expr + RPAR).set_name("group")
    atom = (
        gap.set_parse_action(lambda s, loc, t: Gap(*_gap_bounds(t), pos=loc))
        | lexicon.copy().set_parse_action(lambda s, loc, t: Lexicon(t[0], pos=loc))
        | macro.copy().set_parse_action(lambda s, loc, t: Macro(t[0], pos=loc))
        | klass.copy().set_parse_action(lambda s, loc, t: Class(t[0], pos=loc))
        | group
        | quoted.copy().set_parse_action(lambda s, loc, t: Literal(t[0], quoted=True, pos=loc))
        | word.copy().set_parse_action(lambda s, loc, t: Literal(t[0], pos=loc))
    ).set_name("item")
    quantifier = (pp.one_of("? * +") | bounds).set_name("quantifier")
    lazy = pp.Opt(pp.Literal("?"))("lazy")
    capture_name = pp.Combine(ident + pp.Literal(":").suppress()).set_name("capture name")
    plain = pp.Group(
        pp.Opt(capture_name)("capture") + atom("atom") + pp.Opt(quantifier("quant") + lazy)
    )
    plain.set_parse_action(_build_item)
    negation = (pp.Suppress("!") + atom).set_name("!lookahead")
    negation.set_parse_action(lambda s, loc, t: Not(t[0], pos=loc))
    item = negation | plain
    seq = pp.OneOrMore(item).set_parse_action(lambda s, loc, t: Seq(tuple(t), pos=loc))
    expr <<= (seq + pp.ZeroOrMore(BAR + seq)).set_parse_action(  # type: ignore[operator]
        lambda s, loc, t: Group(tuple(t), pos=loc)
    )
    grammar: pp.ParserElement = expr
    return grammar


def _gap_bounds(toks: pp.ParseResults) -> tuple[int, int | None]:
    if "bounds" not in toks:
        return 0, None
    return _bounds(toks["bounds"])


def _build_item(s: str, loc: int, toks: pp.ParseResults) -> Node:
    parts = toks[0]
    atom = parts["atom"]
    node: Node = atom[0] if isinstance(atom, pp.ParseResults) else atom
    if "quant" in parts:
        if "bounds" in parts:
            bounds: tuple[int, int | None] = _bounds(parts["bounds"])
            op = "{}"
        else:
            q = parts["quant"]
            op = q if isinstance(q, str) else q[0]
            bounds = {"?": (0, 1), "*": (0, MAX_REPEAT), "+": (1, MAX_REPEAT)}[op]
        # a None bound is refused when compiled
        node = Repeat(node, bounds[0], bounds[1], op, pos=loc, lazy="lazy" in parts)
    if "capture" in parts:
        node = Capture(parts["capture"], node, pos=loc)
    return node


_FRIENDLY = [
    (
        re.compile(r"\.\.\.(?!\s*\{)"),
        "unbounded-gap",
        "a gap must be bounded: write ...{m,n} (for example ...{0,4})",
    ),
    (
        re.compile(r"\.\.\.\s*\{\s*\d+\s*,\s*\}"),
        "unbounded-gap",
        "a gap must be bounded: ...{m,} has no upper bound; write ...{m,n}",
    ),
    (
        re.compile(r"\{\s*\d+\s*,\s*\}"),
        "unbounded-repeat",
        "a repeat must be bounded: {m,} has no upper bound; write {m,n}",
    ),
    (re.compile(r"\(\s*\)"), "empty-group", "an empty group () matches nothing; remove it"),
    (
        re.compile(r"\(\s*\||\|\s*\)|\|\s*\||^\s*\||\|\s*$"),
        "empty-alternative",
        "an alternative is empty: every | needs something on both sides",
    ),
    (
        re.compile(r"(?<![\w@])[a-z_][a-z0-9_]*:\s+\S"),
        "capture-space",
        "a capture name is written right before its item, with no space: name:item",
    ),
    (
        re.compile(r"@(?![a-z_])"),
        "bad-lexicon",
        "'@' must be followed by a lexicon name in lower case",
    ),
]


def _check_brackets(text: str) -> None:
    depth: list[int] = []
    quote: str | None = None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = None
            continue
        if ch in "\"'" and (i == 0 or not text[i - 1].isalnum()):
            quote = ch
        elif ch == "(":
            depth.append(i)
        elif ch == ")":
            if not depth:
                raise PatternSyntaxError("unbalanced ')': no group is open here", i, "unbalanced")
            depth.pop()
    if depth:
        raise PatternSyntaxError(
            "unbalanced '(': this group is never closed", depth[-1], "unbalanced"
        )


def parse_pattern(text: str) -> Group:
    """Parse a pattern into its tree, or raise :class:`PatternSyntaxError` with the offset."""
    if not text.strip():
        raise PatternSyntaxError("the pattern is empty", 0, "empty-pattern")
    for regex, kind, message in _FRIENDLY:
        m = regex.search(text)
        if m is not None:
            raise PatternSyntaxError(message, m.start(), kind)
    _check_brackets(text)
    try:
        result = _grammar().parse_string(text, parse_all=True)
    except pp.ParseBaseException as exc:
        where = exc.loc
        found = text[where : where + 1] or "end of pattern"
        raise PatternSyntaxError(
            f"cannot read the pattern at {found!r}: expected a word, @lexicon, CLASS, "
            "group, gap or quantifier",
            where,
        ) from None
    node = result[0]
    assert isinstance(node, Group)
    return node


_PLAIN_WORD = re.compile(r"[^\W_](?:[\w'\u2019&/-]|\.(?=\w))*\.?")


def _literal_text(node: Literal) -> str:
    if not node.quoted and _PLAIN_WORD.fullmatch(node.text) and not node.text.isupper():
        return node.text
    escaped = node.text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _quant_text(node: Repeat) -> str:
    if node.op in ("?", "*", "+"):
        return node.op
    if node.max == node.min:
        return f"{{{node.min}}}"
    return f"{{{node.min},{'' if node.max is None else node.max}}}"


def to_text(node: Node) -> str:
    """Print a tree in canonical form: one space between items, ``" | "`` between alternatives."""
    if isinstance(node, Literal):
        return _literal_text(node)
    if isinstance(node, Lexicon):
        return f"@{node.name}"
    if isinstance(node, Macro):
        return f"%{node.name}"
    if isinstance(node, Class):
        return node.name
    if isinstance(node, Gap):
        if node.max is None:
            return "..."
        return f"...{{{node.min},{node.max}}}"
    if isinstance(node, Repeat):
        inner = node.item
        body = to_text(inner)
        if isinstance(inner, (Capture, Repeat)):
            body = f"({body})"
        return body + _quant_text(node) + ("?" if node.lazy else "")
    if isinstance(node, Capture):
        inner = node.item
        body = to_text(inner)
        if isinstance(inner, Capture):
            body = f"({body})"
        return f"{node.name}:{body}"
    if isinstance(node, Not):
        return "!" + to_text(node.item)
    if isinstance(node, Seq):
        return " ".join(to_text(i) for i in node.items)
    return "(" + " | ".join(to_text(a) for a in node.alternatives) + ")"


def pattern_text(root: Group) -> str:
    """Print a whole pattern (the outer group without brackets)."""
    return " | ".join(to_text(a) for a in root.alternatives)


def iter_nodes(node: Node) -> list[Node]:
    """Every node of a tree, depth first, the node itself first."""
    out: list[Node] = [node]
    if isinstance(node, (Repeat, Capture, Not)):
        out.extend(iter_nodes(node.item))
    elif isinstance(node, Seq):
        for i in node.items:
            out.extend(iter_nodes(i))
    elif isinstance(node, Group):
        for a in node.alternatives:
            out.extend(iter_nodes(a))
    return out


class MacroError(PatternSyntaxError):
    """An unknown or self-referring macro; ``offset`` is the reference's place."""


def expand_macros(node: Node, macros: dict[str, Group], _stack: tuple[str, ...] = ()) -> Node:
    """The tree with every ``%name`` replaced by its definition (recursively)."""
    if isinstance(node, Macro):
        if node.name not in macros:
            known = ", ".join(sorted(macros)) or "none defined"
            raise MacroError(
                f"unknown macro '%{node.name}' (macros: {known})", node.pos, "unknown-macro"
            )
        if node.name in _stack:
            chain = " -> ".join(f"%{n}" for n in (*_stack, node.name))
            raise MacroError(f"macro refers to itself: {chain}", node.pos, "macro-cycle")
        return expand_macros(macros[node.name], macros, (*_stack, node.name))
    if isinstance(node, Repeat):
        return attrs.evolve(node, item=expand_macros(node.item, macros, _stack))
    if isinstance(node, Capture):
        return attrs.evolve(node, item=expand_macros(node.item, macros, _stack))
    if isinstance(node, Not):
        return attrs.evolve(node, item=expand_macros(node.item, macros, _stack))
    if isinstance(node, Seq):
        return attrs.evolve(node, items=tuple(expand_macros(i, macros, _stack) for i in node.items))
    if isinstance(node, Group):
        alternatives = []
        for alt in node.alternatives:
            expanded = expand_macros(alt, macros, _stack)
            assert isinstance(expanded, Seq)
            alternatives.append(expanded)
        return attrs.evolve(node, alternatives=tuple(alternatives))
    return node
