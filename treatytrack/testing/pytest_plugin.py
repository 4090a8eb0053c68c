"""The pytest plugin: a rule pack's examples, counter-examples and properties as test items.

Registered with the ``pytest11`` entry point, so installing treatytrack is enough::

    pytest --treatytrack-rules packs/trade.yaml
    pytest --treatytrack-rules packs/trade.yaml --treatytrack-properties 50

Every example and counter-example becomes an item named by its rule
(``trade.fta.signed[example-1]``, ``trade.fta.signed[counter-1]``); with
``--treatytrack-properties N`` every rule also gets one item per generated property
(``trade.fta.signed[property-matches]``), run with N hypothesis examples. All packs named
are loaded together, as ``treatytrack rules check`` loads them, and collected like test
files (``-k``, ``--collect-only`` and the rest work as usual); ``default`` names the
built-in packs; a pack that does not load is a collection error showing its place and a
caret. The same settings may sit in the pytest configuration::

    [tool.pytest.ini_options]
    treatytrack_rules = ["packs/trade.yaml"]
    treatytrack_properties = 20

Known failures are listed in a YAML file (``--treatytrack-known-failures FILE``) mapping an
item name, or a rule id with ``[property-NAME]``, to the reason; they run as expected
failures (properties without shrinking, to keep them quick).

.. versionadded:: 0.1
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..rules.pack import Rule
    from ..rules.ruleset import RuleSet
    from .examples import ExampleResult

__all__ = ["ExampleItem", "PackCollector", "PropertyItem"]

_PROPERTIES = ("matches", "negation", "speaker", "whitespace", "offsets")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("treatytrack", "treatytrack rule packs")
    group.addoption(
        "--treatytrack-rules",
        action="append",
        default=[],
        metavar="PACK",
        help="collect the examples and counter-examples of the rules of PACK as tests "
        "(repeatable; 'default' for the built-in packs)",
    )
    group.addoption(
        "--treatytrack-properties",
        type=int,
        default=None,
        metavar="N",
        help="also run each rule's generated properties with N examples each",
    )
    group.addoption(
        "--treatytrack-property",
        action="append",
        default=[],
        choices=_PROPERTIES,
        help="run only this property (repeatable; default: all)",
    )
    group.addoption(
        "--treatytrack-derandomize",
        action="store_true",
        default=False,
        help="run the properties with a fixed seed (the same examples every run)",
    )
    group.addoption(
        "--treatytrack-known-failures",
        default=None,
        metavar="FILE",
        help="YAML: item name -> reason, for items expected to fail",
    )
    parser.addini("treatytrack_rules", "rule packs to test (like --treatytrack-rules)", "args")
    parser.addini("treatytrack_properties", "examples per generated property (0: none)", "string")


def _packs(config: pytest.Config) -> list[str]:
    packs: list[str] = list(config.getoption("treatytrack_rules") or [])
    return packs or list(config.getini("treatytrack_rules") or [])


def _examples(config: pytest.Config) -> int:
    value = config.getoption("treatytrack_properties")
    if value is None:
        value = int(config.getini("treatytrack_properties") or 0)
    return int(value)


class PackFailure(Exception):
    """A pack that does not load: its rendered error."""


class _Rules:
    """The packs named on the command line, loaded together once, with example results."""

    def __init__(self, paths: list[Path], known: dict[str, str], examples: int) -> None:
        self.paths = paths
        self.resolved = {p.resolve() for p in paths}
        self.known = known
        self.examples = examples
        self.error: str | None = None
        self._rules: RuleSet | None = None
        self._results: dict[str, list[ExampleResult]] = {}

    @property
    def rules(self) -> RuleSet:
        if self._rules is None and self.error is None:
            from ..engine import load_rules
            from ..errors import RulePackError

            try:
                self._rules = load_rules(*self.paths)
            except RulePackError as exc:
                self.error = exc.render()
        if self._rules is None:
            raise PackFailure(self.error)
        return self._rules

    def results(self, rule_id: str) -> list[ExampleResult]:
        if rule_id not in self._results:
            from .examples import run_examples

            self._results[rule_id] = list(run_examples(self.rules, {rule_id}))
        return self._results[rule_id]


_STATE = pytest.StashKey[_Rules]()


def _known(config: pytest.Config) -> dict[str, str]:
    path = config.getoption("treatytrack_known_failures")
    if not path:
        return {}
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise pytest.UsageError(f"{path}: expected a mapping of test names to reasons")
    return {str(k): str(v) for k, v in data.items()}


def pytest_configure(config: pytest.Config) -> None:
    """Add the packs to what pytest collects: their items are collected like any test."""
    packs = _packs(config)
    if not packs:
        return
    paths: list[Path] = []
    for pack in packs:
        if pack == "default":
            from ..rules.pack import default_pack_paths

            paths.extend(default_pack_paths())
        else:
            paths.append(Path(pack))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise pytest.UsageError(f"--treatytrack-rules: no such file: {', '.join(missing)}")
    config.stash[_STATE] = _Rules(paths, _known(config), _examples(config))
    config.args.extend(str(p) for p in paths)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PackCollector | None:
    state = parent.config.stash.get(_STATE, None)
    if state is None or file_path.resolve() not in state.resolved:
        return None
    collector: PackCollector = PackCollector.from_parent(
        parent, path=file_path, nodeid=_node_id(file_path, parent.config.rootpath)
    )
    return collector


def _node_id(path: Path, root: Path) -> str:
    """A pack's node id: its path from the rootdir, or its name (a default pack)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name


class PackCollector(pytest.File):
    """One rule pack file: an item per example and counter-example of each of its rules."""

    def collect(self) -> Iterator[pytest.Item]:
        state = self.config.stash[_STATE]
        here = self.path.resolve()
        for compiled in state.rules.rules:
            if Path(compiled.rule.location.path).resolve() != here:
                continue
            for item in self._items(compiled.rule, state.examples):
                reason = state.known.get(item.name)
                if reason is not None:
                    item.add_marker(pytest.mark.xfail(reason=reason, strict=False))
                    if isinstance(item, PropertyItem):
                        item.shrink = False  # a known failure need not be shrunk again
                yield item

    def _items(self, rule: Rule, examples: int) -> Iterator[pytest.Item]:
        for counter, group in ((False, rule.examples), (True, rule.counter_examples)):
            for index in range(len(group)):
                what = "counter" if counter else "example"
                yield ExampleItem.from_parent(
                    self,
                    name=f"{rule.id}[{what}-{index + 1}]",
                    rule_id=rule.id,
                    counter=counter,
                    index=index,
                )
        if examples > 0:
            chosen = self.config.getoption("treatytrack_property") or _PROPERTIES
            for prop in chosen:
                yield PropertyItem.from_parent(
                    self,
                    name=f"{rule.id}[property-{prop}]",
                    rule_id=rule.id,
                    prop=prop,
                    examples=examples,
                )

    def repr_failure(  # type: ignore[override]
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str:
        if isinstance(excinfo.value, PackFailure):
            return f"rule pack error:\n{excinfo.value}"
        return str(super().repr_failure(excinfo))


class ExampleFailed(Exception):
    """An example the rule does not read as expected (or a counter-example it reads)."""

    def __init__(self, result: ExampleResult) -> None:
        super().__init__(result.name)
        self.result = result


class ExampleItem(pytest.Item):
    """One example or counter-example of one rule."""

    def __init__(self, *, rule_id: str, counter: bool, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule_id = rule_id
        self.counter = counter
        self.index = index

    def _result(self) -> ExampleResult:
        state = self.config.stash[_STATE]
        mine = [r for r in state.results(self.rule_id) if r.counter == self.counter]
        return mine[self.index]

    def runtest(self) -> None:
        result = self._result()
        if not result.passed:
            raise ExampleFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if not isinstance(excinfo.value, ExampleFailed):
            return str(super().repr_failure(excinfo))
        result = excinfo.value.result
        where = result.example.location
        what = "counter-example read by the rule" if result.counter else "example not read"
        lines = [f"{where}: {what}: {result.example.text!r}"]
        context = where.context()
        if context:
            lines.append(context)
        lines.extend(f"  {p}" for p in result.problems)
        return "\n".join(lines)

    def reportinfo(self) -> tuple[Path, int, str]:
        rule = self.config.stash[_STATE].rules.by_id[self.rule_id].rule
        group = rule.counter_examples if self.counter else rule.examples
        return self.path, group[self.index].location.line - 1, f"rule {self.name}"


class PropertyItem(pytest.Item):
    """One generated property of one rule, run with hypothesis."""

    def __init__(self, *, rule_id: str, prop: str, examples: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rule_id = rule_id
        self.prop = prop
        self.examples = examples
        self.shrink = True

    def runtest(self) -> None:
        from .properties import check_property

        outcome = check_property(
            self.rule_id,
            self.config.stash[_STATE].rules,
            self.prop,
            max_examples=self.examples,
            shrink=self.shrink,
            derandomize=bool(self.config.getoption("treatytrack_derandomize")),
        )
        if outcome != "passed":
            pytest.skip(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from .properties import PropertyFailure

        if isinstance(excinfo.value, PropertyFailure):
            return f"property {self.prop!r} fails (shrunk example):\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        rule = self.config.stash[_STATE].rules.by_id[self.rule_id].rule
        return self.path, rule.location.line - 1, f"rule {self.name}"
