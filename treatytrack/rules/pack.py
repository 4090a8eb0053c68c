"""Rule packs: YAML files of lexicons, modifier cues and rules, checked on load.

Every mistake raises one :class:`~treatytrack.errors.RulePackError` naming
``file:line:column`` with the line and a caret; its ``kind`` says which mistake it is.
Loading is safe YAML only, and an ``include`` never leaves the including pack's folder
(a bare name such as ``core`` includes a default pack instead).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from ..errors import Location, RulePackError
from ..records import Kind, Modality, Negation, Polarity, Status
from ._yaml import YMap, YNode, YScalar, YSeq, load_located
from .classes import CLASSES, ClassRegistry
from .compile import CAPTURE_FIELDS, check_fragment, compile_pattern, literal_tokens
from .pattern import Group, Macro, PatternSyntaxError, expand_macros, iter_nodes, parse_pattern

__all__ = [
    "MODIFIER_NAMES",
    "CaptureSpec",
    "Cue",
    "Example",
    "Rule",
    "RulePack",
    "default_pack_dir",
    "default_pack_paths",
    "load_pack",
]

MAX_RULES = 5_000
MAX_LEXICON_ENTRIES = 20_000
MAX_PACK_BYTES = 5_000_000
# Limits on one pattern, checked before it is parsed or expanded (the default packs stay far
# below: 442 characters, 4 levels of brackets, 638 items with macros expanded).
MAX_PATTERN_CHARS = 10_000
MAX_PATTERN_NESTING = 12  # brackets inside brackets (the parser recurses per level)
MAX_EXPANDED_NODES = 10_000  # items of one pattern or macro once its macros are expanded

# Modifier cue lists a pack may declare, and how many tokens before the trigger each looks.
MODIFIER_NAMES: dict[str, int] = {
    "negation": 4,  # refusals: declined to, refused to, rejected
    "pending": 4,  # steps not yet taken: has not yet, have not
    "expected": 10,  # expects, is expected to, predicted
    "intended": 8,  # hopes to, plans to, will
    "hypothetical": 12,  # if, would, could, unless
    "history": 8,  # background: "since the accord was signed", "years after"
    "speech": 0,  # verbs of saying: the speaker is found around them, anywhere in the sentence
    "clause_breaks": 0,  # words that end the reach of the cues above
}
EXPECT_FIELDS = frozenset(
    {
        "kind",
        "status",
        "modality",
        "polarity",
        "negation",
        "parties",
        "actor",
        "agreement",
        "topic",
        "date",
        "place",
        "speaker",
        "trigger",
        "reference",
        "date_precision",
    }
)
_PACK_KEYS = (
    "pack",
    "version",
    "description",
    "include",
    "lexicons",
    "macros",
    "modifiers",
    "rules",
)
_RULE_KEYS = (
    "id",
    "kind",
    "status",
    "priority",
    "pattern",
    "captures",
    "modality",
    "polarity",
    "negation",
    "reference",
    "description",
    "examples",
    "counter_examples",
)
_CAPTURE_SPEC_KEYS = ("field", "min", "value")
_AGREEMENT_KEYS = ("name", "type", "topic", "aliases")


@attrs.frozen(slots=True)
class Cue:
    """A modifier's cue phrases (lower-cased token strings) and its reach in tokens."""

    phrases: tuple[str, ...]
    window: int


@attrs.frozen(slots=True)
class CaptureSpec:
    """How a capture fills its event: the field, a fixed value, a minimum of parties."""

    field: str
    min: int | None = None
    value: str | None = None


@attrs.frozen(slots=True)
class Example:
    """A text a rule must read, and optionally what it must read out of it."""

    text: str
    published: dt.date | None
    expect: Mapping[str, Any]
    location: Location


@attrs.frozen(slots=True)
class Rule:
    """One rule as written in its pack, its pattern parsed."""

    id: str
    kind: Kind
    status: Status
    pattern: str
    tree: Group
    pack: str
    location: Location
    priority: int = 0
    captures: Mapping[str, CaptureSpec] = attrs.field(factory=dict)
    modality: Modality | None = None
    polarity: Polarity | None = None
    negation: Negation | None = None
    reference: bool = False
    description: str = ""
    examples: tuple[Example, ...] = ()
    counter_examples: tuple[Example, ...] = ()


@attrs.frozen(slots=True)
class RulePack:
    """A loaded pack and the packs it includes (their rules are its rules' neighbours)."""

    name: str
    path: str
    version: str
    description: str
    lexicons: Mapping[str, tuple[str, ...]]
    modifiers: Mapping[str, Cue]
    rules: tuple[Rule, ...]
    includes: tuple[RulePack, ...] = ()
    macros: Mapping[str, Group] = attrs.field(factory=dict)

    def all_packs(self) -> list[RulePack]:
        """This pack and every pack it includes, each once, includes first."""
        seen: dict[str, RulePack] = {}

        def walk(pack: RulePack) -> None:
            for inc in pack.includes:
                walk(inc)
            seen.setdefault(pack.path, pack)

        walk(self)
        return list(seen.values())


def default_pack_dir() -> Path:
    """The folder of the default packs: inside the installed package, else the source tree."""
    shipped = Path(str(resources.files("treatytrack"))) / "_packs"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "rules"


def default_pack_paths() -> list[Path]:
    """The default packs (``rules/*.yaml``), sorted by name."""
    return sorted(default_pack_dir().glob("*.yaml"))


def _fail(message: str, where: Location, kind: str) -> RulePackError:
    return RulePackError(message, where, kind)


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _describe(node: YNode | None) -> str:
    if isinstance(node, YScalar):
        return f"{type(node.value).__name__} {node.value!r}"
    if isinstance(node, YSeq):
        return "a list"
    return "a mapping" if isinstance(node, YMap) else "nothing"


def _scalar(
    node: YNode | None, what: str, where: Location, types: tuple[type, ...] = (str,)
) -> Any:
    if (
        not isinstance(node, YScalar)
        or not isinstance(node.value, types)
        or (isinstance(node.value, bool) and bool not in types)
    ):
        names = " or ".join(t.__name__ for t in types)
        label = what if " " in what else f"'{what}'"
        hint = ""
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            hint = " (YAML reads unquoted yes/no/on/off as true/false: quote the word)"
        raise _fail(
            f"{label} must be a {names} (got {_describe(node)}){hint}",
            node.loc if node is not None else where,
            "bad-value",
        )
    return node.value


def _mapping(node: YNode | None, what: str, where: Location, keys: tuple[str, ...] | None) -> YMap:
    if not isinstance(node, YMap):
        raise _fail(f"'{what}' must be a mapping", node.loc if node else where, "bad-value")
    if keys is not None:
        for key, key_node in node.keys.items():
            if key not in keys:
                raise _fail(
                    f"unknown key '{key}' in {what}{_did_you_mean(key, list(keys))}; "
                    f"allowed: {', '.join(keys)}",
                    key_node.loc,
                    "unknown-key",
                )
    return node


def _sequence(node: YNode | None, what: str, where: Location) -> tuple[YNode, ...]:
    if node is None:
        return ()
    if not isinstance(node, YSeq):
        raise _fail(f"'{what}' must be a list", node.loc, "bad-value")
    return node.items


def _enum(node: YNode | None, enum_type: Any, what: str, where: Location) -> Any:
    value = _scalar(node, what, where)
    try:
        return enum_type(value)
    except ValueError:
        options = [m.value for m in enum_type]
        assert node is not None
        raise _fail(
            f"'{what}' must be one of {', '.join(options)} (got {value!r})"
            f"{_did_you_mean(str(value), options)}",
            node.loc,
            f"bad-{what}",
        ) from None


class _Loader:
    def __init__(self, classes: ClassRegistry) -> None:
        self.classes = classes
        self.loaded: dict[str, RulePack] = {}
        self.stack: list[str] = []

    def load(self, path: Path, where: Location | None = None) -> RulePack:
        real = str(path.resolve())
        if real in self.stack:
            chain = " -> ".join(Path(p).name for p in [*self.stack, real])
            raise _fail(
                f"include cycle: {chain}", where or Location(str(path), 1, 1), "include-cycle"
            )
        if real in self.loaded:
            return self.loaded[real]
        try:
            size = path.stat().st_size
            if size > MAX_PACK_BYTES:
                raise _fail(
                    f"the pack is {size} bytes; the limit is {MAX_PACK_BYTES}",
                    Location(str(path), 1, 1),
                    "too-large",
                )
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise _fail(
                f"cannot read rule pack: {reason}", where or Location(str(path), 1, 1), "unreadable"
            ) from None
        self.stack.append(real)
        try:
            pack = self._pack(load_located(text, str(path)), path)
        finally:
            self.stack.pop()
        self.loaded[real] = pack
        return pack

    def _include(self, node: YNode, base: Path) -> RulePack:
        name = _scalar(node, "include", node.loc)
        assert isinstance(node, YScalar)
        if not name.endswith((".yaml", ".yml")):
            target = default_pack_dir() / f"{name}.yaml"
            if "/" in name or "\\" in name or not target.is_file():
                known = [p.stem for p in default_pack_paths()]
                raise _fail(
                    f"no default pack named '{name}'{_did_you_mean(name, known)}; "
                    "include a file by its path ending in .yaml",
                    node.loc,
                    "bad-include",
                )
            return self.load(target, node.loc)
        folder = base.parent.resolve()
        target = (base.parent / name).resolve()
        if os.path.isabs(name) or folder not in target.parents:
            raise _fail(
                f"include '{name}' leaves the pack's folder ({folder}); refusing it",
                node.loc,
                "include-outside",
            )
        if not target.is_file():
            raise _fail(f"included pack '{name}' does not exist", node.loc, "bad-include")
        return self.load(target, node.loc)

    def _pack(self, root: YNode | None, path: Path) -> RulePack:
        top = Location(str(path), 1, 1)
        if root is None:
            raise _fail("the rule pack is empty", top, "empty-pack")
        doc = _mapping(root, "the pack", top, _PACK_KEYS)
        if "pack" not in doc.items:
            raise _fail("the pack needs a name: add 'pack: NAME'", doc.loc, "missing-key")
        name = _scalar(doc.get("pack"), "pack", doc.loc)
        includes = tuple(
            self._include(n, path) for n in _sequence(doc.get("include"), "include", doc.loc)
        )
        version = (
            str(_scalar(doc.get("version"), "version", doc.loc, (str, int, float)))
            if "version" in doc.items
            else "0"
        )
        description = (
            _scalar(doc.get("description"), "description", doc.loc)
            if "description" in doc.items
            else ""
        )

        lexicons: dict[str, tuple[str, ...]] = {}
        macros: dict[str, Group] = {}
        modifiers: dict[str, Cue] = {}
        for inc in includes:
            for pack in inc.all_packs():
                lexicons.update(pack.lexicons)
                macros.update(pack.macros)
                _merge_cues(modifiers, pack.modifiers)
        own_lexicons = self._lexicons(doc.get("lexicons"), doc.loc)
        lexicons.update(own_lexicons)
        own_macros = self._macros(doc.get("macros"), doc.loc, lexicons, macros)
        macros.update(own_macros)
        own_modifiers = self._modifiers(doc.get("modifiers"), doc.loc, lexicons)
        rules = self._rules(doc.get("rules"), doc.loc, name, lexicons, macros)
        return RulePack(
            name,
            str(path),
            version,
            description,
            own_lexicons,
            own_modifiers,
            rules,
            includes,
            own_macros,
        )

    def _macros(
        self,
        node: YNode | None,
        where: Location,
        lexicons: Mapping[str, tuple[str, ...]],
        known: Mapping[str, Group],
    ) -> dict[str, Group]:
        """Named pattern fragments; each may use lexicons and earlier or included macros."""
        if node is None:
            return {}
        table = _mapping(node, "macros", where, None)
        out: dict[str, Group] = {}
        for name, value in table.items.items():
            key_loc = table.keys[name].loc
            if not name.isidentifier() or name.lower() != name:
                raise _fail(
                    f"macro name '{name}' must be a lower-case identifier",
                    key_loc,
                    "bad-macro-name",
                )
            text = _scalar(value, f"macro '{name}'", key_loc)
            assert isinstance(value, YScalar)
            try:
                visible = {**known, **out}
                tree = expand_macros(_parse_bounded(text, visible), visible)
                assert isinstance(tree, Group)
                check_fragment(tree, lexicons, self.classes)
            except PatternSyntaxError as exc:
                raise _fail(exc.message, value.location_of(exc.offset), exc.kind) from None
            except RecursionError:
                raise _too_deep(value.loc) from None
            out[name] = tree
        return out

    def _lexicons(self, node: YNode | None, where: Location) -> dict[str, tuple[str, ...]]:
        if node is None:
            return {}
        table = _mapping(node, "lexicons", where, None)
        out: dict[str, tuple[str, ...]] = {}
        total = 0
        for name, value in table.items.items():
            key_loc = table.keys[name].loc
            if not name.isidentifier() or name.lower() != name:
                raise _fail(
                    f"lexicon name '{name}' must be a lower-case identifier",
                    key_loc,
                    "bad-lexicon-name",
                )
            entries: list[str] = []
            for item in _sequence(value, f"lexicon '{name}'", key_loc):
                word = _scalar(item, f"an entry of lexicon '{name}'", key_loc, (str, int))
                tokens = literal_tokens(str(word))
                if not tokens:
                    raise _fail(f"an entry of lexicon '{name}' has no word", item.loc, "bad-entry")
                entries.append(tokens)
            if not entries:
                raise _fail(f"lexicon '{name}' is empty", key_loc, "empty-lexicon")
            total += len(entries)
            if total > MAX_LEXICON_ENTRIES:
                raise _fail(
                    f"the pack's lexicons hold more than {MAX_LEXICON_ENTRIES} entries",
                    key_loc,
                    "too-large",
                )
            out[name] = tuple(dict.fromkeys(entries))
        return out

    def _modifiers(
        self, node: YNode | None, where: Location, lexicons: Mapping[str, tuple[str, ...]]
    ) -> dict[str, Cue]:
        if node is None:
            return {}
        table = _mapping(node, "modifiers", where, tuple(MODIFIER_NAMES))
        out: dict[str, Cue] = {}
        for name, value in table.items.items():
            window = MODIFIER_NAMES[name]
            items: YNode | None = value
            if isinstance(value, YMap):
                spec = _mapping(value, f"modifier '{name}'", value.loc, ("cues", "window"))
                items = spec.get("cues")
                if "window" in spec.items:
                    window = _scalar(spec.get("window"), "window", spec.loc, (int,))
                    if not 1 <= window <= 40:
                        raise _fail(
                            "'window' must be between 1 and 40 tokens",
                            spec.items["window"].loc,
                            "bad-value",
                        )
            phrases: list[str] = []
            for item in _sequence(items, f"modifier '{name}'", value.loc):
                cue = str(_scalar(item, f"a cue of '{name}'", value.loc))
                if cue.startswith("@"):
                    if cue[1:] not in lexicons:
                        raise _fail(
                            f"unknown lexicon '{cue}'{_did_you_mean(cue[1:], list(lexicons))}",
                            item.loc,
                            "unknown-lexicon",
                        )
                    phrases.extend(lexicons[cue[1:]])
                elif literal_tokens(cue):
                    phrases.append(literal_tokens(cue))
            out[name] = Cue(tuple(dict.fromkeys(phrases)), window)
        return out

    def _rules(
        self,
        node: YNode | None,
        where: Location,
        pack: str,
        lexicons: Mapping[str, tuple[str, ...]],
        macros: Mapping[str, Group],
    ) -> tuple[Rule, ...]:
        items = _sequence(node, "rules", where)
        if len(items) > MAX_RULES:
            raise _fail(
                f"the pack has {len(items)} rules; the limit is {MAX_RULES}", where, "too-large"
            )
        seen: dict[str, Location] = {}
        rules = []
        for item in items:
            rule = self._rule(item, pack, lexicons, macros)
            if rule.id in seen:
                assert isinstance(item, YMap)
                raise _fail(
                    f"duplicate rule id '{rule.id}' (first defined at {seen[rule.id]})",
                    item.items["id"].loc,
                    "duplicate-id",
                )
            seen[rule.id] = rule.location
            rules.append(rule)
        return tuple(rules)

    def _rule(
        self,
        node: YNode,
        pack: str,
        lexicons: Mapping[str, tuple[str, ...]],
        macros: Mapping[str, Group],
    ) -> Rule:
        spec = _mapping(node, "a rule", node.loc, _RULE_KEYS)
        for required in ("id", "kind", "status", "pattern"):
            if required not in spec.items:
                raise _fail(f"the rule needs '{required}'", spec.loc, "missing-key")
        rule_id = _scalar(spec.get("id"), "id", spec.loc)
        pattern_node = spec.get("pattern")
        text = _scalar(pattern_node, "pattern", spec.loc)
        assert isinstance(pattern_node, YScalar)
        declared = spec.get("captures")
        names = frozenset(declared.items) if isinstance(declared, YMap) else frozenset()
        try:
            written = _parse_bounded(text, macros)
            _check_macro_names(written, macros)
            expanded = expand_macros(written, dict(macros))
            assert isinstance(expanded, Group)
            tree = expanded
            compiled = compile_pattern(tree, lexicons, self.classes, names)
        except PatternSyntaxError as exc:
            raise _fail(exc.message, pattern_node.location_of(exc.offset), exc.kind) from None
        except RecursionError:
            raise _too_deep(pattern_node.loc) from None
        captures = self._captures(declared, spec.loc, compiled.captures)
        optional: dict[str, Any] = {}
        for key, enum_type in (
            ("modality", Modality),
            ("polarity", Polarity),
            ("negation", Negation),
        ):
            if key in spec.items:
                optional[key] = _enum(spec.get(key), enum_type, key, spec.loc)
        return Rule(
            id=rule_id,
            kind=_enum(spec.get("kind"), Kind, "kind", spec.loc),
            status=_enum(spec.get("status"), Status, "status", spec.loc),
            pattern=text,
            tree=tree,
            pack=pack,
            location=spec.loc,
            priority=_scalar(spec.get("priority"), "priority", spec.loc, (int,))
            if "priority" in spec.items
            else 0,
            captures=captures,
            reference=_scalar(spec.get("reference"), "reference", spec.loc, (bool,))
            if "reference" in spec.items
            else False,
            description=_scalar(spec.get("description"), "description", spec.loc)
            if "description" in spec.items
            else "",
            examples=tuple(
                self._example(n, "examples")
                for n in _sequence(spec.get("examples"), "examples", spec.loc)
            ),
            counter_examples=tuple(
                self._example(n, "counter_examples")
                for n in _sequence(spec.get("counter_examples"), "counter_examples", spec.loc)
            ),
            **optional,
        )

    def _captures(
        self, node: YNode | None, where: Location, used: frozenset[str]
    ) -> dict[str, CaptureSpec]:
        if node is None:
            return {}
        table = _mapping(node, "captures", where, None)
        out: dict[str, CaptureSpec] = {}
        for name, value in table.items.items():
            key_loc = table.keys[name].loc
            spec = _mapping(value, f"capture '{name}'", key_loc, _CAPTURE_SPEC_KEYS)
            field = _scalar(spec.get("field"), "field", spec.loc) if "field" in spec.items else name
            if field not in CAPTURE_FIELDS:
                raise _fail(
                    f"'{field}' is not an event field"
                    f"{_did_you_mean(field, sorted(CAPTURE_FIELDS))}",
                    spec.items.get("field", table.keys[name]).loc,
                    "unknown-capture",
                )
            value_text = (
                _scalar(spec.get("value"), "value", spec.loc) if "value" in spec.items else None
            )
            if name not in used and value_text is None:
                raise _fail(
                    f"capture '{name}' is declared but the pattern never captures it",
                    key_loc,
                    "unused-capture",
                )
            minimum = (
                _scalar(spec.get("min"), "min", spec.loc, (int,)) if "min" in spec.items else None
            )
            out[name] = CaptureSpec(field, minimum, value_text)
        return out

    def _example(self, node: YNode, what: str) -> Example:
        if isinstance(node, YScalar):
            return Example(_scalar(node, what, node.loc), None, {}, node.loc)
        spec = _mapping(node, f"an entry of {what}", node.loc, ("text", "published", "expect"))
        text = _scalar(spec.get("text"), "text", spec.loc)
        published = None
        if "published" in spec.items:
            raw = _scalar(spec.get("published"), "published", spec.loc, (dt.date, str))
            try:
                published = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(raw)
            except ValueError:
                raise _fail(
                    f"'published' must be a date YYYY-MM-DD (got {raw!r})",
                    spec.items["published"].loc,
                    "bad-value",
                ) from None
        expect: dict[str, Any] = {}
        if "expect" in spec.items:
            table = _mapping(spec.get("expect"), "expect", spec.loc, tuple(sorted(EXPECT_FIELDS)))
            agreement = table.get("agreement")
            if agreement is not None and not (
                isinstance(agreement, YScalar) and agreement.value is None
            ):
                # checked here: the example runner reads these names off the agreement
                _mapping(agreement, "expect.agreement", agreement.loc, _AGREEMENT_KEYS)
            expect = {k: _plain(v) for k, v in table.items.items()}
        return Example(text, published, expect, spec.loc)


def _parse_bounded(text: str, macros: Mapping[str, Group]) -> Group:
    """:func:`parse_pattern`, after the checks that keep a hostile pattern cheap: its length,
    its nesting of brackets, and its size once its macros are expanded ("%b" standing for
    "%a %a", "%c" for "%b %b" ... doubles at each level)."""
    if len(text) > MAX_PATTERN_CHARS:
        raise PatternSyntaxError(
            f"the pattern is {len(text)} characters long; the limit is {MAX_PATTERN_CHARS}",
            0,
            "too-large",
        )
    depth = 0
    quote: str | None = None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = None
        elif ch in "\"'" and (i == 0 or not text[i - 1].isalnum()):
            quote = ch
        elif ch == "(":
            depth += 1
            if depth > MAX_PATTERN_NESTING:
                raise PatternSyntaxError(
                    f"brackets nest more than {MAX_PATTERN_NESTING} levels deep here",
                    i,
                    "too-deep",
                )
        elif ch == ")":
            depth = max(0, depth - 1)
    tree = parse_pattern(text)
    total = 0
    for node in iter_nodes(tree):
        if isinstance(node, Macro) and node.name in macros:
            total += len(iter_nodes(macros[node.name]))
        else:
            total += 1
        if total > MAX_EXPANDED_NODES:
            raise PatternSyntaxError(
                f"the pattern grows past {MAX_EXPANDED_NODES} items once its macros are "
                "expanded; refusing it",
                node.pos,
                "too-large",
            )
    return tree


def _too_deep(where: Location) -> RulePackError:
    return _fail("the pattern nests too deeply to be read", where, "too-deep")


def _check_macro_names(tree: Group, macros: Mapping[str, Group]) -> None:
    """Unknown macros are reported at their place in the rule's own pattern."""
    for node in iter_nodes(tree):
        if isinstance(node, Macro) and node.name not in macros:
            close = _did_you_mean(node.name, list(macros))
            raise PatternSyntaxError(
                f"unknown macro '%{node.name}'{close}", node.pos, "unknown-macro"
            )


def _plain(node: YNode) -> Any:
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [_plain(n) for n in node.items]
    return {k: _plain(v) for k, v in node.items.items()}


def _merge_cues(into: dict[str, Cue], more: Mapping[str, Cue]) -> None:
    for name, cue in more.items():
        if name in into:
            old = into[name]
            into[name] = Cue(
                tuple(dict.fromkeys(old.phrases + cue.phrases)), max(old.window, cue.window)
            )
        else:
            into[name] = cue


def load_pack(path: str | os.PathLike[str], *, classes: ClassRegistry = CLASSES) -> RulePack:
    """Load and check one rule pack (and what it includes)."""
    return _Loader(classes).load(Path(path))


@cache
def _cached_default_packs() -> tuple[RulePack, ...]:
    loader = _Loader(CLASSES)
    return tuple(loader.load(p) for p in default_pack_paths())
