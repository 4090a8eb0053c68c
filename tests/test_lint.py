"""Lint: findings over packs that load, each with its place and a caret."""

from __future__ import annotations

from pathlib import Path

import pytest

import treatytrack
from treatytrack.errors import Location
from treatytrack.rules.lint import COMMON_WORDS, Diagnostic, lint
from treatytrack.rules.pack import default_pack_dir, default_pack_paths
from treatytrack.testing.check import check

PACKS = Path(__file__).parent / "packs"

# Findings the default packs had when the lint was written, each reported to the packs'
# authors: (kind, the lexicon or rule). Remove an entry once it is fixed; the test then
# keeps it fixed.
KNOWN_DEFAULT_FINDINGS: set[tuple[str, str]] = set()


def _identity(d: Diagnostic) -> tuple[str, str]:
    if d.rule is not None:
        return d.kind, d.rule
    return d.kind, d.message.split("'")[1]


@pytest.fixture(scope="module")
def linty() -> treatytrack.engine.reader.Engine:  # type: ignore[name-defined]
    return treatytrack.load_rules(str(PACKS / "lint.yaml"))


def test_every_kind_of_finding_is_reported_once_at_its_place(linty) -> None:  # type: ignore[no-untyped-def]
    found = {(d.kind, d.location.line if d.location else 0) for d in lint(linty)}
    assert found == {
        ("unused-lexicon", 11),
        ("unused-macro", 16),
        ("duplicate-rule", 40),
        ("shadowed-rule", 49),
        ("duplicate-alternative", 57),
        ("no-examples", 61),
        ("trigger-too-common", 65),
    }


def test_a_finding_renders_like_a_rule_pack_error_with_a_caret(linty) -> None:  # type: ignore[no-untyped-def]
    common = next(d for d in lint(linty) if d.kind == "trigger-too-common")
    lines = common.render().splitlines()
    assert lines[0].startswith(f"{PACKS / 'lint.yaml'}:65:32: warning[trigger-too-common]:")
    assert "'are'" in lines[0]
    assert lines[1].strip().startswith("parties:PARTIES trigger:(are negotiating)")
    # the caret stands under the common word itself
    assert lines[2].index("^") == lines[1].index("are negotiating")


def test_the_duplicate_names_the_first_rule_and_the_shadowed_one_its_winner(linty) -> None:  # type: ignore[no-untyped-def]
    by_kind = {d.kind: d for d in lint(linty)}
    assert by_kind["duplicate-rule"].rule == "linty.signed.again"
    assert "'linty.signed'" in by_kind["duplicate-rule"].message
    assert by_kind["shadowed-rule"].rule == "linty.initialled"
    assert "rule 'linty.signed'" in by_kind["shadowed-rule"].message


def test_a_counter_example_the_rule_reads_is_an_error_at_the_counter_example(linty) -> None:  # type: ignore[no-untyped-def]
    report = check(linty)
    errors = [d for d in report.errors if d.kind == "counter-example-matches"]
    assert len(errors) == 1
    assert errors[0].location is not None
    assert errors[0].location.line == 34
    assert "Peru and Chile signed a trade pact." in errors[0].render()
    assert not report.ok()


def test_the_default_packs_have_no_finding_beyond_the_known_ones() -> None:
    findings = {_identity(d): d for d in lint(treatytrack.load_rules())}
    new = [str(d) for key, d in findings.items() if key not in KNOWN_DEFAULT_FINDINGS]
    assert not new, "\n".join(new)


def test_a_vocabulary_pack_checked_alone_is_a_library_not_unused_words() -> None:
    rules = treatytrack.load_rules(str(default_pack_dir() / "lexicons.yaml"))
    assert [d for d in lint(rules) if d.kind.startswith("unused")] == []


def test_a_vocabulary_is_checked_when_a_loaded_pack_includes_it(tmp_path: Path) -> None:
    words = tmp_path / "words.yaml"
    words.write_text("pack: words\nlexicons:\n  used: [signed]\n  spare: [inked]\n")
    pack = tmp_path / "mine.yaml"
    pack.write_text(
        "pack: mine\ninclude: [words.yaml]\nrules:\n"
        "  - id: mine.signed\n    kind: agreement\n    status: signed\n"
        "    pattern: parties:PARTIES trigger:@used\n    examples: [Peru signed.]\n"
    )
    found = lint(treatytrack.load_rules(str(words), str(pack)))
    assert [(d.kind, d.location and d.location.line) for d in found] == [("unused-lexicon", 4)]


def test_function_words_are_common_words() -> None:
    assert {
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "to",
        "in",
        "of",
        "on",
        "as",
        "and",
        "will",
        "has",
        "have",
    } <= COMMON_WORDS


def test_severity_is_validated_and_named() -> None:
    with pytest.raises(ValueError, match="'severity' must be in"):
        Diagnostic("x", "y", severity="fatal")
    plain = Diagnostic("x", "a message", Location("p.yaml", 3, 4))
    assert plain.render() == "p.yaml:3:4: warning[x]: a message"


def test_default_pack_paths_are_linted_together_without_errors() -> None:
    report = check(treatytrack.load_rules(*default_pack_paths()), rule_ids={"reference.under"})
    assert not report.errors
