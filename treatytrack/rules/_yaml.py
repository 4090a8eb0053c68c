"""Safe YAML loading that keeps the line and column of every node.

PyYAML's safe loader composes the document into nodes (never constructing arbitrary
objects); this module turns those nodes into a small located tree so every later check can
point at the exact place of a mistake, including a column *inside* a folded pattern string.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

import attrs
import yaml

from ..errors import Location, RulePackError

__all__ = ["YMap", "YNode", "YScalar", "YSeq", "load_located"]

MAX_NODES = 200_000  # a pack larger than this is refused (and alias bombs with it)
MAX_DEPTH = 64  # lists and mappings inside each other; PyYAML's composer recurses per level

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in re.finditer("\n", text)))


@attrs.frozen(slots=True)
class _Source:
    path: str
    text: str
    # Where each line begins: a location is a binary search, not a count from the top
    # (a pack with 20,000 keys asks for 20,000 locations).
    starts: tuple[int, ...] = attrs.field(
        default=attrs.Factory(lambda self: _line_starts(self.text), takes_self=True),
        eq=False,
        repr=False,
    )

    def location(self, index: int) -> Location:
        index = max(0, min(index, len(self.text)))
        line = bisect.bisect_right(self.starts, index) - 1
        line_start = self.starts[line]
        line_end = self.text.find("\n", index)
        if line_end < 0:
            line_end = len(self.text)
        return Location(self.path, line + 1, index - line_start + 1, self.text[line_start:line_end])

    def at_mark(self, mark: Any) -> Location:
        if mark is None:
            return Location(self.path, 1, 1, self.text.split("\n", 1)[0])
        return self.location(int(mark.index))


@attrs.frozen(slots=True, eq=False)
class YScalar:
    """A scalar with its value and where it stands in its file."""

    value: Any
    source: _Source
    start: int  # index of the node's first character in the file
    end: int
    style: str | None

    @property
    def loc(self) -> Location:
        return self.source.location(self.start)

    def location_of(self, offset: int) -> Location:
        """The file location of character ``offset`` of this scalar's (string) value."""
        value = str(self.value)
        offset = max(0, min(offset, len(value)))
        raw = self.source.text[self.start : self.end]
        quote = 1 if self.style in ("'", '"') else 0
        if "\n" not in raw and raw[quote : quote + len(value)] == value:
            return self.source.location(self.start + quote + offset)
        # Folded, literal or escaped scalars: find the same occurrence of the same word.
        word = re.compile(r"\S+")
        target = None
        for m in word.finditer(value):
            if m.start() <= offset < m.end() or m.start() >= offset:
                target = m
                break
        if target is None:
            return self.source.location(self.start)
        nth = sum(1 for m in word.finditer(value, 0, target.start()) if m.group() == target.group())
        within = offset - target.start() if target.start() <= offset else 0
        found = -1
        pos = 0
        for _ in range(nth + 1):
            found = raw.find(target.group(), pos)
            if found < 0:
                return self.source.location(self.start)
            pos = found + 1
        return self.source.location(self.start + found + within)


@attrs.frozen(slots=True, eq=False)
class YSeq:
    """A sequence node: its items and its location."""

    items: tuple[YNode, ...]
    source: _Source
    start: int

    @property
    def loc(self) -> Location:
        return self.source.location(self.start)


@attrs.frozen(slots=True, eq=False)
class YMap:
    """A mapping node with string keys; ``keys`` keeps each key's own scalar (its place)."""

    items: dict[str, YNode]
    keys: dict[str, YScalar]
    source: _Source
    start: int

    @property
    def loc(self) -> Location:
        return self.source.location(self.start)

    def get(self, key: str) -> YNode | None:
        return self.items.get(key)


YNode = YScalar | YSeq | YMap


class _Converter:
    def __init__(self, source: _Source) -> None:
        self.source = source
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node) -> YNode:
        self.count += 1
        if self.count > MAX_NODES:
            raise RulePackError(
                f"the pack has more than {MAX_NODES} YAML nodes (aliases included); refusing it",
                self.source.at_mark(node.start_mark),
                kind="too-large",
            )
        if node.tag not in _STANDARD_TAGS:
            raise RulePackError(
                f"YAML tag {node.tag!r} is not allowed: rule packs hold plain data only",
                self.source.at_mark(node.start_mark),
                kind="unsafe-tag",
            )
        start = int(node.start_mark.index)
        if isinstance(node, yaml.ScalarNode):
            value = self.constructor.construct_object(node, deep=True)
            return YScalar(value, self.source, start, int(node.end_mark.index), node.style)
        if isinstance(node, yaml.SequenceNode):
            return YSeq(tuple(self.convert(n) for n in node.value), self.source, start)
        assert isinstance(node, yaml.MappingNode)
        items: dict[str, YNode] = {}
        keys: dict[str, YScalar] = {}
        for key_node, value_node in node.value:
            key = self.convert(key_node)
            if not isinstance(key, YScalar) or not isinstance(key.value, (str, int, float, bool)):
                raise RulePackError("mapping keys must be plain words", key.loc, kind="bad-key")
            name = str(key.value)
            if name in items:
                raise RulePackError(f"duplicate key '{name}'", key.loc, kind="duplicate-key")
            keys[name] = key
            items[name] = self.convert(value_node)
        return YMap(items, keys, self.source, start)


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, refusing collections nested deeper than :data:`MAX_DEPTH` before
    its recursive composer can exhaust the interpreter's stack."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            node: yaml.Node | None = super().compose_node(parent, index)
            return node
        finally:
            self.depth -= 1


def _compose(text: str) -> yaml.Node | None:
    loader = _BoundedLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def load_located(text: str, path: str) -> YNode | None:
    """Parse one YAML document safely into a located tree (``None`` for an empty file)."""
    source = _Source(path, text)
    try:
        node = _compose(text)
    except _TooDeep as exc:
        raise RulePackError(
            f"lists and mappings nest more than {MAX_DEPTH} levels deep; refusing the pack",
            source.at_mark(exc.mark),
            kind="too-deep",
        ) from None
    except RecursionError:
        raise RulePackError(
            "the YAML nests too deeply to be read", source.at_mark(None), kind="too-deep"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise RulePackError(f"invalid YAML: {problem}", source.at_mark(mark), kind="yaml") from None
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "?")
        raise RulePackError(
            f"invalid YAML: character U+{code:04X} is not allowed in a YAML file",
            source.location(exc.position),
            kind="yaml",
        ) from None
    except yaml.YAMLError as exc:
        raise RulePackError(f"invalid YAML: {exc}", source.at_mark(None), kind="yaml") from None
    if node is None:
        return None
    try:
        return _Converter(source).convert(node)
    except yaml.constructor.ConstructorError as exc:
        raise RulePackError(
            f"invalid YAML value: {exc.problem}", source.at_mark(exc.problem_mark), kind="yaml"
        ) from None
