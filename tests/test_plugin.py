"""The pytest plugin: a pack's examples, counter-examples and properties as test items."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest

import treatytrack

pytest_plugins = ["pytester"]

PACKS = Path(__file__).parent / "packs"
PLUGIN = "treatytrack.testing.pytest_plugin"


def plugin_args() -> list[str]:
    """``-p`` for the plugin, unless the installed package already registers it (pytest11)."""
    registered = any(ep.value == PLUGIN for ep in metadata.entry_points(group="pytest11"))
    return [] if registered else ["-p", PLUGIN]


CUSTOM = """
pack: customs
include: [lexicons]
lexicons:
  union_noun: [customs union, single market]
rules:
  - id: customs.formed
    kind: agreement
    status: signed
    pattern: >
      parties:PARTIES trigger:(formed | launched) agreement:(DET? type:@union_noun)
    examples:
      - text: Kenya and Uganda formed a customs union.
        expect: {parties: [KEN, UGA], agreement: {type: customs union}}
      - Peru and Chile launched a single market.
    counter_examples:
      - The clubs formed a supporters union.
"""


def test_every_example_is_an_item_named_by_its_rule(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", customs=CUSTOM)
    result = pytester.runpytest("--treatytrack-rules", "customs.yaml", "-v", *plugin_args())
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(
        [
            "customs.yaml::customs.formed?example-1? PASSED*",
            "customs.yaml::customs.formed?example-2? PASSED*",
            "customs.yaml::customs.formed?counter-1? PASSED*",
        ]
    )


def test_a_failing_example_shows_its_place_and_what_went_wrong(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", customs=CUSTOM.replace("[KEN, UGA]", "[KEN, TZA]"))
    result = pytester.runpytest("--treatytrack-rules", "customs.yaml", *plugin_args())
    result.assert_outcomes(passed=2, failed=1)
    out = result.stdout.str()
    assert "customs.yaml:12:9: example not read: 'Kenya and Uganda formed a customs union.'" in out
    assert "parties: expected ['KEN', 'TZA'], got ['KEN', 'UGA']" in out


def test_properties_run_as_items_and_a_flawed_rule_fails_with_its_shrunk_example(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".yaml", flawed=(PACKS / "flawed.yaml").read_text())
    result = pytester.runpytest(
        "--treatytrack-rules",
        "flawed.yaml",
        "--treatytrack-properties",
        "60",
        "--treatytrack-property",
        "matches",
        "--treatytrack-property",
        "offsets",
        "-p",
        "no:randomly",
        *plugin_args(),
    )
    result.assert_outcomes(passed=5, failed=1)
    out = result.stdout.str()
    assert "FAILED flawed.yaml::flawed.pledge[property-matches]" in out
    assert "property 'matches' fails (shrunk example):" in out
    assert "loses parties ['CUB'] instead of ['CUB', 'FJI']" in out
    assert "sentence: 'Cuba pledged cooperation on trade alongside Fiji.'" in out


def test_known_failures_run_as_expected_failures(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", flawed=(PACKS / "flawed.yaml").read_text())
    pytester.makefile(
        ".yaml", known="flawed.pledge[property-matches]: PHRASE runs over 'alongside'\n"
    )
    result = pytester.runpytest(
        "--treatytrack-rules",
        "flawed.yaml",
        "--treatytrack-properties",
        "30",
        "--treatytrack-property",
        "matches",
        "--treatytrack-known-failures",
        "known.yaml",
        *plugin_args(),
    )
    result.assert_outcomes(passed=4, xfailed=1)


def test_a_broken_pack_is_a_collection_error_with_its_place_and_caret(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".yaml", broken=(PACKS / "broken.yaml").read_text())
    result = pytester.runpytest("--treatytrack-rules", "broken.yaml", *plugin_args())
    result.assert_outcomes(errors=1)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    out = result.stdout.str()
    assert "rule pack error:" in out
    assert "broken.yaml:21:31: unknown lexicon '@ratify_verbs'" in out
    lines = out.splitlines()
    pattern = next(i for i, line in enumerate(lines) if "trigger:@ratify_verbs" in line)
    assert lines[pattern + 1].index("^") == lines[pattern].index("@ratify_verbs")


def test_the_packs_can_be_named_in_the_pytest_configuration(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", customs=CUSTOM)
    pytester.makeini("[pytest]\ntreatytrack_rules = customs.yaml\n")
    result = pytester.runpytest(*plugin_args())
    result.assert_outcomes(passed=3)


def test_without_the_option_the_plugin_collects_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_one():\n    pass\n")
    result = pytester.runpytest(*plugin_args())
    result.assert_outcomes(passed=1)


def test_the_default_packs_give_one_item_per_example(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(
        "--treatytrack-rules", "default", "--collect-only", "-q", *plugin_args()
    )
    names = [line.split("::")[-1] for line in result.stdout.lines if "::" in line]
    rules = treatytrack.load_rules()
    expected = [
        f"{c.id}[{'counter' if counter else 'example'}-{i + 1}]"
        for c in rules.rules
        for counter, group in ((False, c.rule.examples), (True, c.rule.counter_examples))
        for i in range(len(group))
    ]
    assert sorted(names) == sorted(expected)


def test_our_default_packs_hold_their_generated_properties_but_the_known_failures(
    pytester: pytest.Pytester,
) -> None:
    result = pytester.runpytest(
        "--treatytrack-rules",
        "default",
        "--treatytrack-properties",
        "4",
        "--treatytrack-property",
        "matches",
        "--treatytrack-derandomize",
        "--treatytrack-known-failures",
        str(PACKS / "default_known_failures.yaml"),
        "-k",
        "property",
        *plugin_args(),
    )
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == 0, result.stdout.str()
    assert outcomes.get("passed", 0) >= 25


def test_a_users_pack_in_a_temporary_folder_goes_through_every_tool(
    pytester: pytest.Pytester,
) -> None:
    """Checked, explained, covered and property-tested, with no code of ours edited."""
    from click.testing import CliRunner

    from treatytrack.cli import cli
    from treatytrack.cli.main import _register

    _register()
    pack = pytester.makefile(".yaml", customs=CUSTOM)
    corpus = pytester.makefile(
        ".txt", news="Kenya and Uganda formed a customs union. The clubs formed a league."
    )
    runner = CliRunner()
    checked = runner.invoke(cli, ["rules", "check", str(pack)], env={"COLUMNS": "200"})
    assert checked.exit_code == 0, checked.output
    assert "1 rules: 3 examples passed, 0 failed; 0 errors, 0 warnings" in checked.output
    explained = runner.invoke(
        cli, ["explain", "Peru formed a customs alliance.", "--rules", str(pack)]
    )
    assert "stopped at 'customs' (token 4), expected @union_noun" in explained.output
    covered = runner.invoke(
        cli, ["coverage", str(corpus), "--rules", str(pack), "--format", "json"]
    )
    data = json.loads(covered.output)
    assert data["fired"] == {"customs.formed": 1}
    assert data["unmatched_triggers"][0]["examples"] == ["The clubs formed a league."]
    tested = pytester.runpytest(
        "--treatytrack-rules", str(pack), "--treatytrack-properties", "15", *plugin_args()
    )
    # no cue fits between the parties and the verb of this pattern: negation does not apply
    tested.assert_outcomes(passed=7, skipped=1)
