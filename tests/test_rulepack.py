"""Rule packs: loading, includes, and every kind of mistake reported with its place."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from treatytrack.errors import RulePackError
from treatytrack.rules import load_pack

GOOD_RULE = """
  - id: demo.signed
    kind: agreement
    status: signed
    pattern: "parties:PARTIES trigger:@sign_verb agreement:(DET? type:@noun)"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def pack(
    folder: Path,
    body: str,
    header: str = "pack: demo\nlexicons:\n  sign_verb: [signed]\n  noun: [pact]\nrules:",
) -> Path:
    return write(folder, "demo.yaml", header + "\n" + textwrap.dedent(body).strip("\n") + "\n")


def error_of(path: Path) -> RulePackError:
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    return info.value


def line_of(path: Path, needle: str, last: bool = False) -> int:
    """The number of the first (or last) line holding ``needle``."""
    found = [n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    assert found, needle
    return found[-1] if last else found[0]


def test_a_good_pack_loads_with_its_rules(tmp_path: Path) -> None:
    loaded = load_pack(pack(tmp_path, GOOD_RULE))
    assert loaded.name == "demo"
    assert [r.id for r in loaded.rules] == ["demo.signed"]
    assert loaded.rules[0].location.line == 6


def test_unknown_lexicon_points_at_the_name_inside_the_pattern(tmp_path: Path) -> None:
    path = pack(tmp_path, GOOD_RULE.replace("@sign_verb", "@sign_verbs"))
    err = error_of(path)
    assert err.kind == "unknown-lexicon"
    assert err.location is not None
    line = path.read_text().splitlines()[err.location.line - 1]
    assert line[err.location.column - 1 :].startswith("@sign_verbs")
    assert "did you mean '@sign_verb'" in str(err)
    assert str(err).splitlines()[-1].strip() == "^"


def test_unknown_lexicon_in_a_folded_pattern_is_located(tmp_path: Path) -> None:
    body = """
      - id: demo.folded
        kind: agreement
        status: signed
        pattern: >
          parties:PARTIES
          trigger:@sign_verb agreement:(DET? type:@nouns)
    """
    path = pack(tmp_path, body)
    err = error_of(path)
    assert err.location is not None
    assert err.location.line == line_of(path, "@nouns")
    assert (
        path.read_text()
        .splitlines()[err.location.line - 1][err.location.column - 1 :]
        .startswith("@nouns")
    )


@pytest.mark.parametrize(
    ("body", "kind", "needle"),
    [
        (GOOD_RULE.replace("    pattern:", "    patern:"), "unknown-key", "patern"),
        (
            GOOD_RULE + GOOD_RULE.replace("id: demo.signed", "id: demo.signed  # again"),
            "duplicate-id",
            "# again",
        ),
        (
            GOOD_RULE.replace("@sign_verb agreement", "...{0,3} x ... agreement"),
            "unbounded-gap",
            "...",
        ),
        (
            GOOD_RULE.replace("trigger:@sign_verb", "trigger:PARTY @sign_verb"),
            "no-literal-trigger",
            "trigger:",
        ),
        (GOOD_RULE.replace("trigger:@sign_verb", "@sign_verb"), "no-trigger", "pattern:"),
        (
            GOOD_RULE.replace("status: signed", "status: sort_of_signed"),
            "bad-status",
            "sort_of_signed",
        ),
        (GOOD_RULE.replace("kind: agreement", "kind: agrement"), "bad-kind", "agrement"),
        (GOOD_RULE.replace("(DET? type:@noun)", "(DET? type:@noun"), "unbalanced", "pattern:"),
        (GOOD_RULE.replace("DET?", "SHIPS"), "unknown-class", "SHIPS"),
        (GOOD_RULE.replace("type:@noun", "kind_of:@noun"), "unknown-capture", "kind_of"),
        (GOOD_RULE.split("    pattern:")[0] + "    pattern: [1, 2]\n", "bad-value", "pattern:"),
        (
            GOOD_RULE + "    captures:\n      partners: {field: parties}\n",
            "unused-capture",
            "partners",
        ),
    ],
)
def test_each_mistake_names_its_kind_and_line(
    tmp_path: Path, body: str, kind: str, needle: str
) -> None:
    path = pack(tmp_path, body)
    err = error_of(path)
    assert err.kind == kind, str(err)
    assert err.location is not None
    assert err.location.path == str(path)
    assert err.location.line == line_of(path, needle), str(err)
    rendered = str(err).splitlines()
    assert rendered[0].startswith(f"{path}:{err.location.line}:{err.location.column}: ")
    assert rendered[-1].strip() == "^"


def test_invalid_yaml_is_reported_with_its_place(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "pack: x\nrules: [\n  - id: a\n")
    err = error_of(path)
    assert err.kind == "yaml"
    assert err.location is not None
    assert err.location.line >= 2


def test_python_tags_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path, "evil.yaml", "pack: x\nrules: !!python/object/apply:os.system ['echo hi']\n"
    )
    err = error_of(path)
    assert err.kind == "unsafe-tag"
    assert err.location is not None
    assert err.location.line == 2


def test_include_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "pack: a\ninclude: [b.yaml]\n")
    write(tmp_path, "b.yaml", "pack: b\ninclude: [a.yaml]\n")
    err = error_of(tmp_path / "a.yaml")
    assert err.kind == "include-cycle"
    assert "a.yaml -> b.yaml -> a.yaml" in str(err)


def test_include_cannot_leave_the_pack_folder(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    write(tmp_path, "outside.yaml", "pack: outside\n")
    path = write(inner, "p.yaml", "pack: p\ninclude: [../outside.yaml]\n")
    err = error_of(path)
    assert err.kind == "include-outside"


def test_included_lexicons_are_visible(tmp_path: Path) -> None:
    write(tmp_path, "words.yaml", "pack: words\nlexicons:\n  sign_verb: [signed]\n  noun: [pact]\n")
    path = write(tmp_path, "main.yaml", "pack: main\ninclude: [words.yaml]\nrules:" + GOOD_RULE)
    loaded = load_pack(path)
    assert [p.name for p in loaded.all_packs()] == ["words", "main"]


def test_default_pack_can_be_included_by_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "mine.yaml",
        "pack: mine\ninclude: [lexicons]\nrules:" + GOOD_RULE.replace("@noun", "@agreement_noun"),
    )
    loaded = load_pack(path)
    assert "agreement_noun" in loaded.includes[0].lexicons


def test_empty_pack_is_an_error(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, "e.yaml", "")).kind == "empty-pack"


def test_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.yaml").kind == "unreadable"
