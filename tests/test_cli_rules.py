"""The rule authors' commands: rules check, rules diagram, explain, coverage."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from treatytrack.cli import cli
from treatytrack.cli.main import _register
from treatytrack.rules.pack import default_pack_paths

_register()
PACKS = Path(__file__).parent / "packs"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def default_check() -> Result:
    return run("rules", "check", *map(str, default_pack_paths()), "--format", "json")


def test_check_on_the_default_packs_reports_every_example(default_check: Result) -> None:
    assert default_check.exit_code in (0, 1), default_check.output
    data = json.loads(default_check.stdout)
    count = sum(1 for _ in data["results"])
    assert count > 150
    assert data["ok"] == (default_check.exit_code == 0)
    assert all(
        d["severity"] != "error" or d["kind"] == "counter-example-matches"
        for d in data["diagnostics"]
    )


def test_check_prints_findings_with_carets_then_the_table_and_fails(tmp_path: Path) -> None:
    result = run("rules", "check", str(PACKS / "lint.yaml"))
    assert result.exit_code == 1
    out = result.stdout
    assert f"{PACKS / 'lint.yaml'}:65:32: warning[trigger-too-common]" in out
    assert f"{PACKS / 'lint.yaml'}:34:9: error[counter-example-matches]" in out
    lines = out.splitlines()
    at = lines.index(next(line for line in lines if "error[counter-example-matches]" in line))
    assert lines[at + 1].strip() == "- Peru and Chile signed a trade pact."
    assert lines[at + 2].index("^") == lines[at + 1].index("Peru")
    assert "7 examples and counter-examples, 4 failed" in out
    assert "linty.signed.again" in out
    assert "FAIL" in out
    assert out.rstrip().endswith("5 rules: 3 examples passed, 4 failed; 1 errors, 7 warnings")


def test_check_of_one_rule_that_passes_exits_0_unless_strict() -> None:
    result = run("rules", "check", str(PACKS / "lint.yaml"), "--rule", "linty.repeated")
    assert result.exit_code == 0, result.output
    assert "warning[duplicate-alternative]" in result.stdout
    strict = run("rules", "check", str(PACKS / "lint.yaml"), "--rule", "linty.repeated", "--strict")
    assert strict.exit_code == 1


def test_check_of_a_broken_pack_exits_2_with_the_place_and_a_caret() -> None:
    result = run("rules", "check", str(PACKS / "broken.yaml"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: {PACKS / 'broken.yaml'}:21:31: unknown lexicon '@ratify_verbs'"
    assert lines[2].index("^") == lines[1].index("@ratify_verbs")


def test_check_names_an_unknown_rule_as_a_usage_error() -> None:
    result = run("rules", "check", str(PACKS / "lint.yaml"), "--rule", "linty.nope")
    assert result.exit_code == 2
    assert "no rule 'linty.nope'" in result.output


def test_check_can_look_for_rules_another_always_overrides(tmp_path: Path) -> None:
    pack = tmp_path / "two.yaml"
    pack.write_text(
        "pack: two\nrules:\n"
        "  - id: two.general\n    kind: agreement\n    status: signed\n    priority: 5\n"
        "    pattern: parties:PARTIES trigger:signed ...{0,3} (pact | treaty)\n"
        "    examples: [Peru signed a pact.]\n"
        "  - id: two.specific\n    kind: agreement\n    status: initialled\n"
        "    pattern: parties:PARTIES trigger:signed a (pact | treaty)\n"
        "    examples: [Peru signed a treaty.]\n"
    )
    result = run("rules", "check", str(pack), "--shadows", "6")
    assert "warning[shadowed-rule]" in result.stdout
    assert "rule 'two.specific' never wins" in result.stdout


def test_diagram_of_a_rule_and_of_the_grammar(tmp_path: Path) -> None:
    out = tmp_path / "rule.html"
    result = run(
        "rules", "diagram", str(PACKS / "lint.yaml"), "--rule", "linty.signed", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    for drawn in ("linty.signed", "%sides", "@sign_verb"):
        assert drawn in html
    svg = tmp_path / "grammar.svg"
    assert run("rules", "diagram", "--grammar", "-o", str(svg)).exit_code == 0
    assert svg.read_text().lstrip().startswith("<svg")
    bad = run("rules", "diagram", str(PACKS / "lint.yaml"), "--rule", "nope", "-o", str(out))
    assert bad.exit_code == 2
    assert "no rule 'nope'" in bad.stderr


def test_explain_shows_where_a_pattern_stopped_with_a_caret() -> None:
    result = run(
        "explain",
        "Peru and Chile signed a fisheries accord.",
        "--rules",
        str(PACKS / "lint.yaml"),
        "--rule",
        "linty.signed",
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "linty.signed at 'signed': no-match: stopped at 'fisheries' (token 6), expected @fta_noun"
    )
    assert lines[2].index("^") == lines[1].index("fisheries")
    assert "captured on the way: parties='Peru and Chile', trigger='signed', agreement='a'" in (
        result.stdout
    )


def test_explain_shows_captures_and_modifiers_of_a_match() -> None:
    result = run(
        "explain",
        "Japan declined to sign the accord, Kishida said.",
        "--rule",
        "agreement.signed.active",
        "--published",
        "2024-03-15",
    )
    assert result.exit_code == 0, result.output
    assert "agreement.signed.active at 'sign': event:" in result.stdout
    assert "captures: parties='Japan', trigger='sign'" in result.stdout
    assert "polarity negative, refused (cue 'declined to')" in result.stdout
    assert "speaker 'Kishida'" in result.stdout


def test_explain_as_json() -> None:
    result = run(
        "explain", "Peru signed a letter.", "--rules", str(PACKS / "lint.yaml"), "--format", "json"
    )
    records = json.loads(result.stdout)
    assert {r["rule"] for r in records} == {
        "linty.signed",
        "linty.signed.again",
        "linty.initialled",
    }
    assert all(r["outcome"] == "no-match" and r["stopped_at"] == "letter" for r in records)


def test_coverage_as_a_table_and_as_json(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": "Peru and Chile signed an FTA. Ecuador signed a letter."})
        + "\n"
        + json.dumps({"id": "b", "text": "Bolivia ratified the trade pact."})
        + "\n"
    )
    table = run("coverage", str(corpus), "--rules", str(PACKS / "lint.yaml"))
    assert table.exit_code == 0, table.output
    assert "2 documents, 3 sentences, 3 with a trigger word, 2 events" in table.stdout
    assert "Ecuador signed a letter." in table.stdout
    assert "rules never fired: linty.signed.again, linty.initialled, linty.common" in (table.stdout)
    data = json.loads(
        run("coverage", str(corpus), "--rules", str(PACKS / "lint.yaml"), "--format", "json").stdout
    )
    assert data["fired"] == {
        "linty.signed": 1,
        "linty.signed.again": 0,
        "linty.initialled": 0,
        "linty.repeated": 1,
        "linty.common": 0,
    }
    assert data["statuses"] == {"signed": 1, "ratified": 1}
    assert data["unmatched_triggers"] == [
        {"phrase": "signed", "count": 1, "examples": ["Ecuador signed a letter."]}
    ]


def test_coverage_on_the_default_packs(tmp_path: Path) -> None:
    text = tmp_path / "one.txt"
    text.write_text("Japan and France signed a defence pact on Friday. They signed autographs.")
    result = run("coverage", str(text), "--format", "json")
    data = json.loads(result.stdout)
    assert data["fired"]["agreement.signed.active"] == 1
    assert data["unmatched_triggers"][0]["phrase"] == "signed"


@pytest.mark.parametrize(
    "command",
    [
        ["explain", "Peru ratified the FTA.", "--rules"],
        ["coverage", "-", "--rules"],
        ["rules", "diagram", "-o", "unused.html"],
        ["rules", "check"],
    ],
    ids=["explain", "coverage", "diagram", "check"],
)
def test_every_command_stops_on_a_broken_pack_with_status_2_and_a_caret(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*command, str(PACKS / "broken.yaml")], input="text\n")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "broken.yaml:21:31: unknown lexicon '@ratify_verbs'" in result.stderr
    assert "^" in result.stderr


def test_every_default_rule_can_be_drawn(tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    result = run("rules", "diagram", *map(str, default_pack_paths()), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "agreement.signed.active" in out.read_text()


def test_the_grammar_diagram_in_the_docs_is_the_grammar_of_today(tmp_path: Path) -> None:
    heading = re.compile(r'<h1 class="railroad-heading"[^>]*>([^<]*)</h1>')
    fresh = tmp_path / "grammar.html"
    assert run("rules", "diagram", "--grammar", "-o", str(fresh)).exit_code == 0
    docs = Path(__file__).resolve().parents[1] / "docs"
    shipped = (docs / "grammar.html").read_text(encoding="utf-8")
    assert heading.findall(shipped) == heading.findall(fresh.read_text(encoding="utf-8"))
    assert "(grammar.png)" in (docs / "rules.md").read_text(encoding="utf-8")
