"""Railroad diagrams of the pattern language and of rules (pyparsing's diagram support).

A rule's compiled matcher is built for speed (every operator carries the rest of the
pattern), which draws badly; the diagram is drawn from the pattern as written instead:
sequences, alternatives, repeats with their bounds, captures as labelled boxes, lookaheads
as NOT, and each macro (``%agreement_np``) as a diagram of its own.

Needs the optional extra ``treatytrack[diagrams]`` (``railroad-diagrams`` and ``jinja2``).

.. versionadded:: 0.1
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TextIO

import pyparsing as pp

from ..errors import TreatytrackError
from .pack import RulePack
from .pattern import (
    Capture,
    Class,
    Gap,
    Group,
    Lexicon,
    Literal,
    Macro,
    Node,
    Not,
    Repeat,
    Seq,
    _grammar,
    parse_pattern,
)
from .ruleset import RuleSet

__all__ = ["DiagramError", "grammar_diagram", "rule_diagram", "rules_element"]


class DiagramError(TreatytrackError):
    """Diagrams cannot be drawn (the ``diagrams`` extra is missing, or no such rule)."""


class _Label(pp.Token):
    """A box in a diagram (a lexicon, class or gap): drawn by its label, never matched."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def _generateDefaultName(self) -> str:
        return self.label

    def parseImpl(
        self, instring: str, loc: int, do_actions: bool = True
    ) -> tuple[int, list[object]]:
        raise pp.ParseException(instring, loc, f"{self.label} is drawn, not matched", self)


def _terminal(name: str) -> pp.ParserElement:
    return _Label(name)


class _Builder:
    def __init__(self, macros: Mapping[str, Group]) -> None:
        self.macros = macros
        self.forwards: dict[str, pp.Forward] = {}

    def macro(self, name: str) -> pp.ParserElement:
        if name not in self.forwards:
            forward = pp.Forward()
            forward.set_name(f"%{name}")
            self.forwards[name] = forward
            body = self.element(self.macros[name]) if name in self.macros else _terminal(name)
            forward <<= body
        return self.forwards[name]

    def element(self, node: Node) -> pp.ParserElement:
        if isinstance(node, Literal):
            return pp.Literal(node.text)
        if isinstance(node, (Lexicon, Class)):
            return _terminal(f"@{node.name}" if isinstance(node, Lexicon) else node.name)
        if isinstance(node, Macro):
            return self.macro(node.name)
        if isinstance(node, Gap):
            return _terminal(f"...{{{node.min},{node.max}}}")
        if isinstance(node, Not):
            return pp.NotAny(self.element(node.item))
        if isinstance(node, Capture):
            return pp.Group(self.element(node.item)).set_results_name(node.name)
        if isinstance(node, Seq):
            items = [self.element(i) for i in node.items]
            return items[0] if len(items) == 1 else pp.And(items)
        if isinstance(node, Group):
            alternatives = [self.element(a) for a in node.alternatives]
            return alternatives[0] if len(alternatives) == 1 else pp.MatchFirst(alternatives)
        assert isinstance(node, Repeat), node
        inner = self.element(node.item)
        if node.min == 0 and node.max == 1:
            return pp.Opt(inner)
        loop = pp.OneOrMore(inner) if node.min else pp.ZeroOrMore(inner)
        bounds = f"{{{node.min},{node.max}}}" + ("?" if node.lazy else "")
        return pp.Group(loop).set_results_name(bounds)


def _macros(rules: RuleSet) -> dict[str, Group]:
    """Every macro of the rule set's packs, as written (a macro inside a macro stays named)."""
    from .lint import _source

    out: dict[str, Group] = {}
    seen: list[RulePack] = []
    for top in rules.packs:
        seen.extend(top.all_packs())
    for pack in seen:
        for name, scalar in _source(pack.path).macro_texts().items():
            try:
                out[name] = parse_pattern(str(scalar.value))
            except ValueError:
                out[name] = pack.macros[name] if name in pack.macros else Group(())
    return out


def rules_element(rules: RuleSet, rule_ids: Iterable[str] | None = None) -> pp.ParserElement:
    """A pyparsing element that draws the rules (all of them if ``rule_ids`` is None), each
    as a diagram named by its id."""
    wanted = list(rule_ids) if rule_ids is not None else [r.id for r in rules.rules]
    unknown = [r for r in wanted if r not in rules.by_id]
    if unknown:
        raise DiagramError(f"no rule {', '.join(map(repr, unknown))} in {rules!r}")
    builder = _Builder(_macros(rules))
    drawn: list[pp.ParserElement] = []
    for rule_id in wanted:
        rule = rules.by_id[rule_id].rule
        forward = pp.Forward()
        forward.set_name(rule_id)
        forward <<= builder.element(parse_pattern(rule.pattern))
        drawn.append(forward)
    if len(drawn) == 1:
        return drawn[0]
    choice: pp.ParserElement = pp.MatchFirst(drawn)
    choice.set_name("rules")
    return choice


def _write(element: pp.ParserElement, output: str | Path | TextIO) -> None:
    try:
        from pyparsing.diagram import railroad_to_html, to_railroad
    except ImportError:
        raise DiagramError(
            "drawing diagrams needs the 'diagrams' extra: pip install 'treatytrack[diagrams]'"
        ) from None
    diagrams = to_railroad(element, vertical=4)
    if str(getattr(output, "name", output)).endswith(".svg"):
        buffer = io.StringIO()
        diagrams[0].diagram.writeStandalone(buffer.write)
        text = buffer.getvalue()
    else:
        text = railroad_to_html(diagrams)
    if isinstance(output, (str, Path)):
        Path(output).write_text(text, encoding="utf-8")
    else:
        output.write(text)


def rule_diagram(
    rules: RuleSet, output: str | Path | TextIO, rule_ids: Iterable[str] | None = None
) -> None:
    """Write railroad diagrams of rules (and the macros they use) as HTML, or the first
    rule's top-level diagram as SVG when ``output`` ends in ``.svg``."""
    _write(rules_element(rules, rule_ids), output)


def grammar_diagram(output: str | Path | TextIO) -> None:
    """Write the railroad diagram of the pattern language's grammar (HTML, or SVG of its
    top level when ``output`` ends in ``.svg``)."""
    _write(_grammar(), output)
