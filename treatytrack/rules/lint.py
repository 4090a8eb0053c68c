"""Lint loaded rule packs: mistakes that load fine but make a pack worse than it looks.

A pack that does not load raises :class:`~treatytrack.errors.RulePackError` (unknown names,
bad syntax). What loads can still be wrong: a lexicon nothing uses, a rule that repeats
another or can never win against it, a trigger word so common that the prefilter keeps
every sentence, a rule with nothing to test it by. :func:`lint` finds these and returns
them as :class:`Diagnostic` records that name ``file:line:column`` and draw a caret, like
a ``RulePackError``.

Checks that need the engine (a counter-example that is matched, a rule that another one
always overrides on generated sentences) live in :mod:`treatytrack.testing.check`.

.. versionadded:: 0.1
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import attrs

from ..errors import Location, RulePackError
from ._yaml import YMap, YNode, YScalar, YSeq, load_located
from .compile import literal_tokens
from .pack import Rule, RulePack
from .pattern import Capture, Group, Lexicon, Literal, Macro, Node, iter_nodes, parse_pattern
from .ruleset import RuleSet

__all__ = ["COMMON_WORDS", "SEVERITIES", "Diagnostic", "lint", "pattern_location"]

SEVERITIES = ("error", "warning")

# Words in nearly every sentence of news text: a rule triggered by one of them makes the
# prefilter keep every sentence and runs the rule everywhere.
COMMON_WORDS = frozenset(
    """
    a an the this that these those some any each every all no not
    is are was were be been being am has have had having do does did done
    will would shall should can could may might must
    to in of on at by for with from as into onto about over than then so
    and or nor but if because while when where which who whom whose what how
    it its he she they we i you him her them us me his their our your my
    there here also said says say
    """.split()
)


@attrs.frozen(slots=True)
class Diagnostic:
    """One finding: what kind of mistake, a message, where, and how serious.

    ``severity`` is ``"error"`` (the pack is wrong: a check should fail) or ``"warning"``.
    """

    kind: str
    message: str
    location: Location | None = None
    severity: str = attrs.field(default="warning", validator=attrs.validators.in_(SEVERITIES))
    rule: str | None = None

    def render(self) -> str:
        """``file:line:col: warning[kind]: message``, the line and a caret under the column."""
        head = f"{self.severity}[{self.kind}]: {self.message}"
        if self.location is None:
            return head
        context = self.location.context()
        text = f"{self.location}: {head}"
        return f"{text}\n{context}" if context else text

    def __str__(self) -> str:
        return self.render()


@attrs.frozen(slots=True, eq=False)
class _Source:
    """A pack's YAML read again with positions: where each name and pattern is written."""

    path: str
    root: YMap | None

    def section(self, name: str) -> YMap | None:
        node = self.root.get(name) if self.root is not None else None
        return node if isinstance(node, YMap) else None

    def key(self, section: str, name: str) -> Location | None:
        table = self.section(section)
        if table is None or name not in table.keys:
            return None
        return table.keys[name].loc

    def rule_pattern(self, rule_id: str) -> YScalar | None:
        rules = self.root.get("rules") if self.root is not None else None
        if not isinstance(rules, YSeq):
            return None
        for item in rules.items:
            if isinstance(item, YMap):
                ident = item.get("id")
                if isinstance(ident, YScalar) and ident.value == rule_id:
                    pattern = item.get("pattern")
                    return pattern if isinstance(pattern, YScalar) else None
        return None

    def macro_texts(self) -> dict[str, YScalar]:
        table = self.section("macros")
        if table is None:
            return {}
        return {k: v for k, v in table.items.items() if isinstance(v, YScalar)}

    def cue_lexicons(self) -> set[str]:
        """Lexicons named as cues (``@name``) under ``modifiers:``."""
        table = self.section("modifiers")
        found: set[str] = set()
        if table is None:
            return found
        for value in table.items.values():
            items: YNode | None = value.get("cues") if isinstance(value, YMap) else value
            if isinstance(items, YSeq):
                for item in items.items:
                    if isinstance(item, YScalar) and str(item.value).startswith("@"):
                        found.add(str(item.value)[1:])
        return found


@cache
def _read(path: str, mtime: float) -> _Source:
    text = Path(path).read_text(encoding="utf-8")
    root = load_located(text, path)
    return _Source(path, root if isinstance(root, YMap) else None)


def _source(path: str) -> _Source:
    try:
        return _read(path, Path(path).stat().st_mtime)
    except (OSError, RulePackError):
        return _Source(path, None)


def pattern_location(rule: Rule, offset: int | None = None) -> Location:
    """Where character ``offset`` of a rule's pattern is written (the rule itself if unknown)."""
    scalar = _source(rule.location.path).rule_pattern(rule.id)
    if scalar is None:
        return rule.location
    return scalar.location_of(offset or 0)


def _packs(rules: RuleSet) -> list[RulePack]:
    seen: dict[str, RulePack] = {}
    for top in rules.packs:
        for pack in top.all_packs():
            seen.setdefault(pack.path, pack)
    return list(seen.values())


def _written(rule: Rule) -> Group | None:
    """The pattern as written (macros not expanded), or None if it no longer parses."""
    try:
        return parse_pattern(rule.pattern)
    except ValueError:
        return None


def _references(packs: list[RulePack]) -> tuple[set[str], set[str]]:
    """Lexicons and macros referred to anywhere: patterns, macro bodies, cue lists."""
    lexicons: set[str] = set()
    macros: set[str] = set()

    def note(tree: Node) -> None:
        for node in iter_nodes(tree):
            if isinstance(node, Lexicon):
                lexicons.add(node.name)
            elif isinstance(node, Macro):
                macros.add(node.name)

    for pack in packs:
        source = _source(pack.path)
        lexicons |= source.cue_lexicons()
        for text in source.macro_texts().values():
            try:
                note(parse_pattern(str(text.value)))
            except ValueError:
                continue
        for rule in pack.rules:
            written = _written(rule)
            note(written if written is not None else rule.tree)
    return lexicons, macros


def _unused(rules: RuleSet, packs: list[RulePack]) -> Iterator[Diagnostic]:
    """Lexicons and macros of the packs checked that no loaded pack uses.

    A pack's vocabulary is checked when the pack has rules or another loaded pack includes
    it; a vocabulary pack checked alone is a library, and its users are elsewhere.
    """
    included = {inc.path for pack in packs for inc in pack.includes}
    lexicons, macros = _references(packs)
    for pack in rules.packs:
        if not pack.rules and pack.path not in included:
            continue
        source = _source(pack.path)
        for name in pack.lexicons:
            if name not in lexicons:
                yield Diagnostic(
                    "unused-lexicon",
                    f"lexicon '@{name}' is used by no rule, macro or cue",
                    source.key("lexicons", name),
                )
        for name in pack.macros:
            if name not in macros:
                yield Diagnostic(
                    "unused-macro",
                    f"macro '%{name}' is used by no rule or macro",
                    source.key("macros", name),
                )


def _wins(a: Rule, a_order: int, b: Rule, b_order: int) -> bool:
    """Whether ``a`` takes a trigger from ``b`` when both match the same words."""
    return (a.priority, -a_order) > (b.priority, -b_order)


def _duplicates(rules: RuleSet) -> Iterator[Diagnostic]:
    by_tree: dict[Group, list[int]] = {}
    for i, compiled in enumerate(rules.rules):
        by_tree.setdefault(compiled.rule.tree, []).append(i)
    for indices in by_tree.values():
        for j in indices[1:]:
            b = rules.rules[j].rule
            for i in indices[: indices.index(j)]:
                a = rules.rules[i].rule
                if (a.kind, a.status) == (b.kind, b.status):
                    yield Diagnostic(
                        "duplicate-rule",
                        f"rule '{b.id}' has the same pattern, kind and status as rule "
                        f"'{a.id}' ({a.location}); one of them is enough",
                        pattern_location(b),
                        rule=b.id,
                    )
                    break
                loser, winner = (b, a) if _wins(a, i, b, j) else (a, b)
                yield Diagnostic(
                    "shadowed-rule",
                    f"rule '{loser.id}' never produces an event: rule '{winner.id}' has the "
                    "same pattern and wins every trigger (higher priority, or the same "
                    "priority and earlier)",
                    pattern_location(loser),
                    rule=loser.id,
                )
                break


def _duplicate_alternatives(rule: Rule) -> Iterator[Diagnostic]:
    written = _written(rule)
    if written is None:
        return
    for node in iter_nodes(written):
        if not isinstance(node, Group):
            continue
        seen: list[Node] = []
        for alternative in node.alternatives:
            if alternative in seen:
                yield Diagnostic(
                    "duplicate-alternative",
                    "this alternative repeats an earlier one in the same group; it can "
                    "never match where the first did not",
                    pattern_location(rule, alternative.pos),
                    rule=rule.id,
                )
            seen.append(alternative)


def _common_triggers(rules: RuleSet) -> Iterator[Diagnostic]:
    for compiled in rules.rules:
        rule = compiled.rule
        common = sorted(compiled.pattern.trigger_words & COMMON_WORDS)
        if not common:
            continue
        yield Diagnostic(
            "trigger-too-common",
            f"the trigger can begin with {', '.join(repr(w) for w in common)}: "
            "too common to prefilter (almost every sentence holds it); anchor the trigger "
            "on a rarer word and match the common one outside trigger:(...)",
            pattern_location(rule, _common_atom(rule, rules, set(common))),
            rule=rule.id,
        )


def _common_atom(rule: Rule, rules: RuleSet, common: set[str]) -> int | None:
    """The offset of an atom in a trigger (as written) that can begin with a common word."""
    written = _written(rule)
    if written is None:
        return None
    first: int | None = None
    for node in iter_nodes(written):
        if not (isinstance(node, Capture) and node.name == "trigger"):
            continue
        first = node.pos if first is None else first
        for inner in iter_nodes(node.item):
            if isinstance(inner, Literal):
                words = {literal_tokens(inner.text).split(" ", 1)[0]}
            elif isinstance(inner, Lexicon):
                entries = rules.lexicons.get(inner.name, ())
                words = {e.split(" ", 1)[0] for e in entries}
            else:
                continue
            if words & common:
                return inner.pos
    return first


def _no_examples(rules: RuleSet) -> Iterator[Diagnostic]:
    for compiled in rules.rules:
        rule = compiled.rule
        if not rule.examples:
            yield Diagnostic(
                "no-examples",
                f"rule '{rule.id}' has no examples: nothing shows what it must read",
                rule.location,
                rule=rule.id,
            )


def lint(rules: RuleSet) -> list[Diagnostic]:
    """Every lint finding over the packs of ``rules``, in file order.

    Kinds: ``unused-lexicon``, ``unused-macro``, ``duplicate-rule``, ``shadowed-rule``,
    ``duplicate-alternative``, ``trigger-too-common``, ``no-examples``.
    """
    packs = _packs(rules)
    found = list(_unused(rules, packs))
    found += _duplicates(rules)
    for compiled in rules.rules:
        found += _duplicate_alternatives(compiled.rule)
    found += _common_triggers(rules)
    found += _no_examples(rules)
    return sorted(found, key=_order)


def _order(d: Diagnostic) -> tuple[str, int, int, str]:
    if d.location is None:
        return ("", 0, 0, d.kind)
    return (d.location.path, d.location.line, d.location.column, d.kind)
