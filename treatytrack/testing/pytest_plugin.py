"""The pytest plugin: a rule pack's examples, counter-examples and properties as test items.

Registered with the ``pytest11`` entry point, so installing treatytrack is enough::

    pytest --treatytrack-rules packs/trade.yaml
    pytest --treatytrack-rules packs/trade.yaml --treatytrack-properties 50

Every example and counter-example becomes an item named by its rule
(``trade.fta.signed[example-1]``, ``trade.fta.signed[counter-1]``); with
``--treatytrack-properties N`` every rule also gets one item per generated property
(``trade.fta.signed[property-matches]``), run with N hypothesis examples. All packs named
are loaded together, as ``treatytrack rules check`` loads them; ``default`` names the
built-in packs. The same settings may sit in the pytest configuration::

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
    from ..rules.ruleset import RuleSet
    from .examples import ExampleResult

__all__ = ["ExampleItem", "PackItem", "PropertyItem"]

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
    """The packs named on the command line, loaded once, with their examples' results."""

    def __init__(self, packs: list[str], rootdir: Path) -> None:
        self.packs = packs
        self.rootdir = rootdir
        self.error: str | None = None
        self.rules: RuleSet | None = None
        self._results: dict[str, list[ExampleResult]] = {}
        from ..errors import RulePackError

        try:
            self.rules = self._load()
        except RulePackError as exc:
            self.error = exc.render()

    def _load(self) -> RuleSet:
        from ..engine import load_rules

        if any(p == "default" for p in self.packs):
            others = [p for p in self.packs if p != "default"]
            if not others:
                return load_rules()
            from ..rules.pack import default_pack_paths

            return load_rules(*default_pack_paths(), *others)
        return load_rules(*self.packs)

    def results(self, rule_id: str) -> list[ExampleResult]:
        if rule_id not in self._results:
            from .examples import run_examples

            assert self.rules is not None
            self._results[rule_id] = list(run_examples(self.rules, {rule_id}))
        return self._results[rule_id]


def _known(config: pytest.Config) -> dict[str, str]:
    path = config.getoption("treatytrack_known_failures")
    if not path:
        return {}
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise pytest.UsageError(f"{path}: expected a mapping of test names to reasons")
    return {str(k): str(v) for k, v in data.items()}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    packs = _packs(config)
    if not packs:
        return
    loaded = _Rules(packs, config.rootpath)
    known = _known(config)
    if loaded.error is not None or loaded.rules is None:
        items.append(PackItem.from_parent(session, name="treatytrack-rules", error=loaded.error))
        return
    collectors: dict[str, PackCollector] = {}
    for compiled in loaded.rules.rules:
        path = Path(compiled.rule.location.path)
        if str(path) not in collectors:
            collectors[str(path)] = PackCollector.from_parent(session, path=path, loaded=loaded)
        for item in collectors[str(path)].items_for(compiled.id, _examples(config), config):
            reason = known.get(item.name)
            if reason is not None:
                item.add_marker(pytest.mark.xfail(reason=reason, strict=False))
                if isinstance(item, PropertyItem):
                    item.shrink = False
            items.append(item)


class PackCollector(pytest.File):
    """One rule pack file; its items are made on demand by the collection hook."""

    def __init__(self, *, loaded: _Rules, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.loaded = loaded

    def collect(self) -> Iterator[pytest.Item]:
        assert self.loaded.rules is not None
        for compiled in self.loaded.rules.rules:
            if Path(compiled.rule.location.path) == self.path:
                yield from self.items_for(compiled.id, 0, self.config)

    def items_for(
        self, rule_id: str, examples: int, config: pytest.Config
    ) -> Iterator[pytest.Item]:
        assert self.loaded.rules is not None
        rule = self.loaded.rules.by_id[rule_id].rule
        for counter, group in ((False, rule.examples), (True, rule.counter_examples)):
            for index in range(len(group)):
                what = "counter" if counter else "example"
                yield ExampleItem.from_parent(
                    self, name=f"{rule_id}[{what}-{index + 1}]", rule_id=rule_id,
                    counter=counter, index=index,
                )
        if examples > 0:
            chosen = config.getoption("treatytrack_property") or _PROPERTIES
            for prop in chosen:
                yield PropertyItem.from_parent(
                    self, name=f"{rule_id}[property-{prop}]", rule_id=rule_id,
                    prop=prop, examples=examples,
                )


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
        parent = self.parent
        assert isinstance(parent, PackCollector)
        mine = [r for r in parent.loaded.results(self.rule_id) if r.counter == self.counter]
        return mine[self.index]

    def runtest(self) -> None:
        result = self._result()
        if not result.passed:
            raise ExampleFailed(result)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str:
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
        parent = self.parent
        assert isinstance(parent, PackCollector) and parent.loaded.rules is not None
        rule = parent.loaded.rules.by_id[self.rule_id].rule
        group = rule.counter_examples if self.counter else rule.examples
        return self.path, group[self.index].location.line - 1, self.name


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

        parent = self.parent
        assert isinstance(parent, PackCollector) and parent.loaded.rules is not None
        outcome = check_property(
            self.rule_id,
            parent.loaded.rules,
            self.prop,
            max_examples=self.examples,
            shrink=self.shrink,
        )
        if outcome != "passed":
            pytest.skip(outcome)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str:
        from .properties import PropertyFailure

        if isinstance(excinfo.value, PropertyFailure):
            return f"property {self.prop!r} fails (shrunk example):\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        parent = self.parent
        assert isinstance(parent, PackCollector) and parent.loaded.rules is not None
        rule = parent.loaded.rules.by_id[self.rule_id].rule
        return self.path, rule.location.line - 1, self.name


class PackItem(pytest.Item):
    """Stands for packs that do not load: fails with the error, its place and a caret."""

    def __init__(self, *, error: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error or "the rule packs cannot be loaded"

    def runtest(self) -> None:
        raise PackFailure(self.error)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str:
        return f"rule pack error:\n{self.error}"

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, self.name
