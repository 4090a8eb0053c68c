"""Safe by construction: every refusal of a hostile rule pack, with its exact message.

Rule packs come from other people. Loading one must never run what it carries, never read
outside its folder, and never let it make the engine exponential or exhaust the stack; each
refusal is one :class:`RulePackError` naming ``file:line:column``. docs/reliability.md lists
these refusals and why.
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

from treatytrack.errors import RulePackError
from treatytrack.rules import _yaml, compile, load_pack
from treatytrack.rules import pack as pack_module

ROOT = Path(__file__).resolve().parents[1]
HEADER = "pack: demo\nlexicons:\n  sign_verb: [signed]\n  noun: [pact]\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rule(pattern: str, rule_id: str = "demo.r") -> str:
    return f"  - id: {rule_id}\n    kind: agreement\n    status: signed\n    pattern: {pattern}\n"


def refusal(path: Path) -> RulePackError:
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    return info.value


def first_line(err: RulePackError) -> str:
    return str(err).splitlines()[0]


def pattern_pack(tmp_path: Path, pattern: str) -> Path:
    return write(tmp_path, "p.yaml", HEADER + "rules:\n" + rule(f'"{pattern}"'))


# -- safe YAML only ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "tag", "column"),
    [
        ("rules: !!python/object:os.system {}\n", "python/object:os.system", 8),
        (
            "rules: !!python/object/apply:os.system ['touch pwned']\n",
            "python/object/apply:os.system",
            8,
        ),
        (
            "rules: !!python/object/new:os.system ['touch pwned']\n",
            "python/object/new:os.system",
            8,
        ),
        ("rules: !!python/name:os.system ''\n", "python/name:os.system", 8),
        ("rules: !!python/module:os ''\n", "python/module:os", 8),
        ("rules: !!binary aGVsbG8=\n", "binary", 8),
        ("rules: !custom {a: 1}\n", "!custom", 8),
    ],
)
def test_python_and_custom_tags_are_refused(
    tmp_path: Path, body: str, tag: str, column: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "evil.yaml", "pack: x\n" + body)
    err = refusal(path)
    full = tag if tag.startswith("!") else f"tag:yaml.org,2002:{tag}"
    assert first_line(err) == (
        f"{path}:2:{column}: YAML tag '{full}' is not allowed: rule packs hold plain data only"
    )
    assert err.kind == "unsafe-tag"
    assert not (tmp_path / "pwned").exists()


def test_pack_contents_are_data_never_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Strings that look like code stay strings: nothing in a pack is evaluated or imported."""
    monkeypatch.chdir(tmp_path)
    payload = "__import__('os').system('touch pwned')"
    path = write(
        tmp_path,
        "data.yaml",
        f'pack: data\ndescription: "{payload}"\nlexicons:\n'
        f'  sign_verb: [signed, "{payload}"]\n  noun: [pact]\n'
        "rules:\n" + rule('"trigger:@sign_verb type:@noun"') + f'    description: "{payload}"\n',
    )
    loaded = load_pack(path)
    assert loaded.description == payload
    assert not (tmp_path / "pwned").exists()


def test_the_package_never_evaluates_or_imports_by_name() -> None:
    """No eval, exec, dynamic import or unsafe YAML loader anywhere in the library."""
    forbidden = re.compile(
        r"\b(?:eval|exec|__import__|import_module)\s*\(|yaml\.(?:load|unsafe_load|full_load)\("
        r"|yaml\.(?:Loader|UnsafeLoader|FullLoader)\b|pickle\.loads?\("
    )
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "treatytrack").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert found == []


def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["pack: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    err = refusal(path)
    assert err.kind == "too-large"
    assert re.fullmatch(
        rf"{re.escape(str(path))}:\d+:\d+: the pack has more than {_yaml.MAX_NODES} YAML "
        r"nodes \(aliases included\); refusing it",
        first_line(err),
    )


def test_deeply_nested_yaml_is_refused_before_the_stack_runs_out(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.yaml", "pack: x\nrules: " + "[" * 5000 + "]" * 5000 + "\n")
    err = refusal(path)
    assert err.kind == "too-deep"
    column = len("rules: ") + _yaml.MAX_DEPTH
    assert first_line(err) == (
        f"{path}:2:{column}: lists and mappings nest more than {_yaml.MAX_DEPTH} levels deep; "
        "refusing the pack"
    )


def test_control_characters_are_refused_with_their_place(tmp_path: Path) -> None:
    path = write(tmp_path, "nul.yaml", "pack: x\ndescription: a\x00b\n")
    err = refusal(path)
    assert first_line(err) == (
        f"{path}:2:15: invalid YAML: character U+0000 is not allowed in a YAML file"
    )


# -- includes stay in the pack's folder ---------------------------------------------------


@pytest.mark.parametrize("name", ["../../etc/passwd.yaml", "../outside.yaml", "/etc/passwd.yaml"])
def test_an_include_cannot_leave_the_folder(tmp_path: Path, name: str) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    write(tmp_path, "outside.yaml", "pack: outside\n")
    path = write(inner, "p.yaml", f"pack: p\ninclude: [{name}]\n")
    err = refusal(path)
    assert err.kind == "include-outside"
    assert first_line(err) == (
        f"{path}:2:11: include '{name}' leaves the pack's folder ({inner.resolve()}); refusing it"
    )


def test_a_bare_path_is_no_default_pack_name(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", "pack: p\ninclude: [../../etc/passwd]\n")
    err = refusal(path)
    assert err.kind == "bad-include"
    assert first_line(err) == (
        f"{path}:2:11: no default pack named '../../etc/passwd'; "
        "include a file by its path ending in .yaml"
    )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_symlink_pointing_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    write(tmp_path, "outside.yaml", "pack: outside\n")
    (inner / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    path = write(inner, "p.yaml", "pack: p\ninclude: [link.yaml]\n")
    err = refusal(path)
    assert err.kind == "include-outside"
    assert first_line(err) == (
        f"{path}:2:11: include 'link.yaml' leaves the pack's folder ({inner.resolve()}); "
        "refusing it"
    )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_symlinked_folder_pointing_out_is_refused(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere, "words.yaml", "pack: words\n")
    (inner / "sub").symlink_to(elsewhere, target_is_directory=True)
    path = write(inner, "p.yaml", "pack: p\ninclude: [sub/words.yaml]\n")
    err = refusal(path)
    assert err.kind == "include-outside"
    assert first_line(err) == (
        f"{path}:2:11: include 'sub/words.yaml' leaves the pack's folder ({inner.resolve()}); "
        "refusing it"
    )


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_symlink_inside_the_folder_is_followed(tmp_path: Path) -> None:
    write(tmp_path, "words.yaml", "pack: words\nlexicons:\n  noun: [pact]\n")
    (tmp_path / "alias.yaml").symlink_to(tmp_path / "words.yaml")
    path = write(tmp_path, "p.yaml", "pack: p\ninclude: [alias.yaml]\n")
    assert [p.name for p in load_pack(path).all_packs()] == ["words", "p"]


# -- bounded cost: gaps, repeats, nesting ---------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "column", "message", "kind"),
    [
        (
            "trigger:@sign_verb ... @noun",
            34,
            "a gap must be bounded: write ...{m,n} (for example ...{0,4})",
            "unbounded-gap",
        ),
        (
            "trigger:@sign_verb ...{2,} @noun",
            34,
            "a gap must be bounded: ...{m,} has no upper bound; write ...{m,n}",
            "unbounded-gap",
        ),
        (
            "trigger:@sign_verb WORD{1,} @noun",
            38,
            "a repeat must be bounded: {m,} has no upper bound; write {m,n}",
            "unbounded-repeat",
        ),
        (
            "trigger:@sign_verb ((WORD?){0,8}){0,8} @noun",
            15,
            "the pattern has more than 100000000 ways to match at one place (nested or stacked "
            "gaps and repeats); narrow them",
            "too-costly",
        ),
        (
            "trigger:@sign_verb " + " ".join(["...{0,9}"] * 9) + " @noun",
            15,
            "the pattern has more than 100000000 ways to match at one place (nested or stacked "
            "gaps and repeats); narrow them",
            "too-costly",
        ),
        (
            "trigger:@sign_verb " + " ".join(["...{0,60}"] * 7) + " @noun",
            15,
            "the pattern can span up to 422 tokens; the limit is 400 (narrow its gaps and repeats)",
            "too-costly",
        ),
        (
            "trigger:@sign_verb (((((pact){0,8}){0,8}){0,8}){0,8}){0,8}",
            15,
            "the pattern compiles to 145119 matcher elements; the limit is 20000 (nested "
            "repeats multiply: narrow them)",
            "too-costly",
        ),
        (
            "trigger:@sign_verb " + " ".join(["parties:WORD"] * 150),
            15,
            "the pattern nests 453 levels deep once compiled; the limit is 300 (long runs of "
            "captures, lookaheads and gaps: shorten them)",
            "too-costly",
        ),
        (
            "trigger:@sign_verb " + "(" * 20 + "pact" + ")" * 20,
            46,
            "brackets nest more than 12 levels deep here",
            "too-deep",
        ),
    ],
    ids=[
        "unbounded-gap",
        "open-gap",
        "open-repeat",
        "nested-quantifiers",
        "stacked-gaps",
        "too-long-a-reach",
        "nested-repeats-copied",
        "compiled-too-deep",
        "brackets-too-deep",
    ],
)
def test_a_costly_pattern_is_refused(
    tmp_path: Path, pattern: str, column: int, message: str, kind: str
) -> None:
    path = pattern_pack(tmp_path, pattern)
    err = refusal(path)
    assert first_line(err) == f"{path}:9:{column}: {message}"
    assert err.kind == kind


def test_a_too_long_pattern_is_refused(tmp_path: Path) -> None:
    pattern = "trigger:@sign_verb " + "pact " * 2500
    path = pattern_pack(tmp_path, pattern)
    err = refusal(path)
    assert first_line(err) == (
        f"{path}:9:15: the pattern is {len(pattern)} characters long; the limit is "
        f"{pack_module.MAX_PATTERN_CHARS}"
    )
    assert err.kind == "too-large"


def test_a_macro_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    """``%m1`` is ``%m0 %m0``, ``%m2`` is ``%m1 %m1``...: 2**40 items if it were expanded."""
    lines = [HEADER.rstrip("\n"), "macros:", '  m0: "pact?"']
    lines += [f'  m{i}: "%m{i - 1} %m{i - 1}"' for i in range(1, 41)]
    path = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    err = refusal(path)
    assert err.kind == "too-large"
    # m11 (line 17) is the first past the limit: the error points at its first reference.
    assert first_line(err) == (
        f"{path}:17:14: the pattern grows past {pack_module.MAX_EXPANDED_NODES} items once its "
        "macros are expanded; refusing it"
    )


# -- size limits --------------------------------------------------------------------------


def test_too_many_rules_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack_module, "MAX_RULES", 2)
    body = "".join(rule('"trigger:@sign_verb @noun"', f"demo.r{i}") for i in range(3))
    path = write(tmp_path, "p.yaml", HEADER + "rules:\n" + body)
    err = refusal(path)
    assert first_line(err) == f"{path}:1:1: the pack has 3 rules; the limit is 2"
    assert err.kind == "too-large"


def test_too_many_lexicon_entries_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pack_module, "MAX_LEXICON_ENTRIES", 3)
    path = write(tmp_path, "p.yaml", "pack: p\nlexicons:\n  a: [x, y]\n  b: [z, w]\n")
    err = refusal(path)
    assert first_line(err) == f"{path}:4:3: the pack's lexicons hold more than 3 entries"
    assert err.kind == "too-large"


def test_a_too_large_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pack_module, "MAX_PACK_BYTES", 100)
    path = write(tmp_path, "p.yaml", "pack: p\ndescription: " + "x" * 200 + "\n")
    size = path.stat().st_size
    err = refusal(path)
    assert first_line(err) == f"{path}:1:1: the pack is {size} bytes; the limit is 100"
    assert err.kind == "too-large"


def test_an_example_cannot_name_arbitrary_attributes(tmp_path: Path) -> None:
    body = (
        HEADER
        + "rules:\n"
        + rule('"trigger:@sign_verb type:@noun"')
        + textwrap.indent(
            "examples:\n  - text: Japan signed a pact.\n    expect: {agreement: {__class__: x}}\n",
            "    ",
        )
    )
    path = write(tmp_path, "p.yaml", body)
    err = refusal(path)
    assert err.kind == "unknown-key"
    assert first_line(err) == (
        f"{path}:12:30: unknown key '__class__' in expect.agreement; "
        "allowed: name, type, topic, aliases"
    )


def test_the_default_packs_are_within_every_limit() -> None:
    """The limits are set well above what the shipped packs need."""
    from treatytrack.engine import load_rules
    from treatytrack.rules.compile import _compiled_size
    from treatytrack.rules.pattern import iter_nodes

    rules = load_rules()
    assert max(_compiled_size(r.rule.tree) for r in rules.rules) * 5 < (
        compile.MAX_COMPILED_ELEMENTS
    )
    assert max(r.pattern.step.depth for r in rules.rules) * 2 < compile.MAX_MATCH_DEPTH
    assert max(len(iter_nodes(r.rule.tree)) for r in rules.rules) * 5 < (
        pack_module.MAX_EXPANDED_NODES
    )
    assert max(len(r.rule.pattern) for r in rules.rules) * 5 < pack_module.MAX_PATTERN_CHARS
