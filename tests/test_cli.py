"""The command line: formats, corpora, standard input, and errors without tracebacks."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from treatytrack.cli import cli
from treatytrack.cli.main import _register

_register()


def run(*args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=stdin, env={"COLUMNS": "200"})


def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    lines = [
        {
            "id": "a",
            "text": "Chile and Peru signed a fisheries pact on Friday.",
            "published": "2024-03-08",
        },
        {"id": "b", "text": "Kenya and Tanzania agreed to begin talks on a customs union."},
        {"id": "c", "text": "Markets fell sharply."},
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    return path


def test_a_corpus_gives_events_tagged_with_each_doc_id(tmp_path: Path) -> None:
    result = run("extract", str(corpus(tmp_path)), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["doc_id"], e["status"]) for e in events] == [("a", "signed"), ("b", "proposed")]
    assert events[0]["date"] == "2024-03-08"


def test_workers_read_a_corpus_in_processes_with_the_same_output(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    texts = [
        "Chile and Peru signed a fisheries pact on Friday.",
        "Kenya and Tanzania agreed to begin talks on a customs union.",
        "Markets fell sharply.",
        "Ghana has not yet ratified the 2019 trade accord with Togo.",
    ]
    rows = [{"id": f"d{i}", "text": texts[i % 4], "published": "2024-03-08"} for i in range(80)]
    path.write_text("\n".join(json.dumps(x) for x in rows) + "\n")
    alone = run("extract", str(path), "--format", "jsonl")
    together = run("extract", str(path), "--format", "jsonl", "--workers", "2")
    assert together.exit_code == 0, together.output
    assert together.stdout == alone.stdout
    assert len(together.stdout.splitlines()) == 60  # three of every four documents
    refused = run("extract", str(path), "--workers", "0")
    assert refused.exit_code == 2
    assert "Invalid value for '--workers'" in refused.output


def test_csv_and_json_formats(tmp_path: Path) -> None:
    rows = list(
        csv.DictReader(io.StringIO(run("extract", str(corpus(tmp_path)), "--format", "csv").stdout))
    )
    assert [r["doc_id"] for r in rows] == ["a", "b"]
    assert rows[0]["parties"] == "CHL;PER"
    data = json.loads(run("extract", str(corpus(tmp_path)), "--format", "json").stdout)
    assert len(data) == 2


def test_the_table_lists_the_events(tmp_path: Path) -> None:
    result = run("extract", str(corpus(tmp_path)))
    assert result.exit_code == 0
    assert "2 events" in result.stdout
    assert "fisheries pact" in result.stdout


def test_standard_input_is_read(tmp_path: Path) -> None:
    result = run(
        "extract",
        "-",
        "--format",
        "jsonl",
        "--published",
        "2024-03-08",
        stdin=b"Chile and Peru signed a fisheries pact on Friday.",
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["doc_id"] == "<stdin>"


def test_a_broken_pack_exits_2_with_the_place_and_a_caret(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(
        textwrap.dedent("""
        pack: bad
        include: [lexicons]
        rules:
          - id: bad.one
            kind: agreement
            status: signed
            pattern: "parties:PARTIES trigger:@sign_verbs"
    """).lstrip()
    )
    result = run("extract", "--rules", str(pack), str(corpus(tmp_path)))
    assert result.exit_code == 2
    assert f"{pack}:7:39: unknown lexicon '@sign_verbs'" in result.stderr
    assert result.stderr.rstrip().endswith("^")
    assert "Traceback" not in result.stderr


def test_a_bad_corpus_line_is_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "a", "text": "Chile and Peru signed a fisheries pact."}\n{oops\n')
    result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 1
    assert f"{path}:2: column 2: not valid JSON" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_invalid_utf8_is_replaced_with_a_warning_naming_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Chile and Peru signed a fisheries pact in Valpara\xedso.")
    result = run("extract", str(path), "--format", "jsonl")
    assert f"{path}: byte 49: invalid UTF-8" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_a_missing_file_exits_2_without_a_traceback(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
    assert "Traceback" not in result.stderr
