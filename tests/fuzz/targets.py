"""Fuzz targets: each feeds one hostile input to treatytrack and checks what comes out.

The contract under test (issue 8):

* a rule pack, however broken, loads or raises :class:`RulePackError` (never anything
  else), and the error names the pack's file (or a file it includes) at a line and column
  that exist in that file;
* a pack that loads runs on text without raising;
* a text, however hostile, is read without raising; the only thing it may add is an
  :class:`InputWarning` that names the document and an offset inside it; every span of
  every event slices the text exactly;
* bytes read from a file decode with at most a warning naming the first bad byte.

A :class:`Tally` per target counts cases, documented refusals, unexpected exceptions and the
slowest case, for ``python -m tests.fuzz`` and docs/reliability.md.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import yaml
from hypothesis import HealthCheck, settings

from treatytrack.corpus import read_documents
from treatytrack.engine import Engine, load_rules
from treatytrack.errors import InputWarning, RulePackError
from treatytrack.records import Document
from treatytrack.rules import load_pack
from treatytrack.rules.pack import default_pack_dir, default_pack_paths
from treatytrack.rules.ruleset import RuleSet
from treatytrack.text import MAX_SENTENCE_CHARS, Tokens, sentence_spans

__all__ = [
    "PROBES",
    "TALLIES",
    "Tally",
    "check_bytes_file",
    "check_pack_bytes",
    "check_pack_text",
    "check_pattern",
    "check_text",
    "prepare_folder",
    "warm_up",
]

# Texts every pack that loads is run on.
PROBES = (
    "Japan and France signed a pact on fisheries in Paris on Friday.",
    "Chile and Peru held talks on trade with the European Union, officials said.",
    "signed signed signed pact pact the the , , ( ) U.N. talks",
    "",
)


# Cases per target in the test run (a few hundred; the dedicated job takes more) and the
# settings of every fuzz test.
CASES = int(os.environ.get("TREATYTRACK_FUZZ_CASES", "200"))
FUZZ = settings(
    max_examples=CASES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@attrs.define
class Tally:
    """What one fuzz target saw."""

    name: str
    cases: int = 0
    accepted: int = 0
    refused: int = 0  # a documented outcome: RulePackError, or InputError for a bad file
    warned: int = 0  # cases that raised an InputWarning (a cut sentence, a bad byte)
    kinds: Counter[str] = attrs.field(factory=Counter)
    unexpected: list[str] = attrs.field(factory=list)
    worst_seconds: float = 0.0
    worst_input: str = ""
    total_seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "accepted": self.accepted,
            "refused": self.refused,
            "warned": self.warned,
            "refusal_kinds": dict(self.kinds.most_common()),
            "unexpected_exceptions": len(self.unexpected),
            "unexpected": self.unexpected[:20],
            "worst_seconds": round(self.worst_seconds, 4),
            "mean_seconds": round(self.total_seconds / self.cases, 5) if self.cases else 0.0,
            "worst_input": self.worst_input,
        }


TALLIES: dict[str, Tally] = {}


@contextmanager
def _case(target: str, shown: object, *, reraise: bool) -> Iterator[Tally]:
    """Count one case; time it; an exception that is not the target's documented outcome is
    recorded (with its input) and, under pytest, raised so hypothesis can shrink it."""
    tally = TALLIES.setdefault(target, Tally(target))
    tally.cases += 1
    start = time.perf_counter()
    try:
        yield tally
    except Exception as exc:
        text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        tally.unexpected.append(f"{text} <- {_short(shown)}")
        if reraise:
            raise
    finally:
        seconds = time.perf_counter() - start
        tally.total_seconds += seconds
        if seconds > tally.worst_seconds:
            tally.worst_seconds = seconds
            tally.worst_input = _short(shown)


def _short(value: object, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


# -- rule packs ------------------------------------------------------------------------------


def prepare_folder(folder: Path) -> Path:
    """A folder for fuzzed packs, holding a copy of the default lexicons so that mutated
    default packs can still include ``lexicons.yaml``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(default_pack_dir() / "lexicons.yaml", folder / "lexicons.yaml")
    return folder


def _check_location(err: RulePackError, folder: Path) -> None:
    """The error names a file the loader read, at a line and column that exist in it."""
    str(err)  # renders, caret and all
    location = err.location
    assert location is not None, f"no location: {err}"
    path = Path(location.path)
    allowed = {p.resolve() for p in folder.iterdir()} | {p.resolve() for p in default_pack_paths()}
    assert path.resolve() in allowed, f"{location.path} is no file of the pack: {err}"
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except UnicodeDecodeError:
        lines = [""]  # unreadable: the error points at 1:1
    assert 1 <= location.line <= len(lines), f"line {location.line} of {len(lines)}: {err}"
    width = len(lines[location.line - 1])
    assert 1 <= location.column <= width + 1, f"column {location.column} of {width}: {err}"


def _run_pack(pack_path: Path, folder: Path, tally: Tally) -> None:
    try:
        pack = load_pack(pack_path)
        rules = RuleSet([pack])
    except RulePackError as err:
        _check_location(err, folder)
        tally.refused += 1
        tally.kinds[err.kind] += 1
        return
    tally.accepted += 1
    engine = Engine(rules)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        for probe in PROBES:
            _check_document(engine.read(probe, doc_id="probe"), probe)
    _check_warnings(seen, "probe", tally)


def check_pattern(pattern: str, folder: Path, *, reraise: bool = True) -> None:
    """A pattern string inside an otherwise valid pack."""
    document = {
        "pack": "fuzz",
        "lexicons": {
            "sign_verb": ["signed", "inked", "put their signatures to"],
            "agreement_noun": ["pact", "agreement", "memorandum of understanding"],
            "talk_noun": ["talks"],
        },
        "macros": {"macro": "(with | between) parties:PARTIES"},
        "rules": [{"id": "fuzz.rule", "kind": "agreement", "status": "signed", "pattern": pattern}],
    }
    path = folder / "pattern.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with _case("patterns", pattern, reraise=reraise) as tally:
        _run_pack(path, folder, tally)


def check_pack_text(text: str, folder: Path, *, reraise: bool = True) -> None:
    """A whole pack's YAML text."""
    path = folder / "pack.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with _case("packs", text, reraise=reraise) as tally:
        _run_pack(path, folder, tally)


def check_pack_bytes(data: bytes, folder: Path, *, reraise: bool = True) -> None:
    """A pack file's raw bytes (other encodings, invalid UTF-8, noise)."""
    path = folder / "bytes.yaml"
    path.write_bytes(data)
    with _case("pack-bytes", data, reraise=reraise) as tally:
        _run_pack(path, folder, tally)


# -- texts ------------------------------------------------------------------------------------

_ENGINE: list[Engine] = []


def _engine() -> Engine:
    """The engine with the default packs (built once: it loads the gazetteers, which would
    otherwise be charged to the first case as its time)."""
    if not _ENGINE:
        _ENGINE.append(Engine(load_rules()))
    return _ENGINE[0]


def warm_up() -> None:
    """Build what every target shares before the first case is timed."""
    _engine()


def _check_document(doc: Document, text: str) -> None:
    """Every span slices the text exactly."""
    assert doc.text == text
    for event in doc.events:
        for span in (event.trigger, event.evidence):
            assert 0 <= span.start <= span.end <= len(text), (span, len(text))
            assert text[span.start : span.end] == span.text, (span, text[span.start : span.end])
        assert event.evidence.start <= event.trigger.start <= event.trigger.end
        assert event.trigger.end <= event.evidence.end


_OFFSET = re.compile(r"offsets? (\d+)")


def _check_warnings(seen: list[warnings.WarningMessage], doc_id: str, tally: Tally) -> None:
    ours = [w for w in seen if issubclass(w.category, InputWarning)]
    if ours:
        tally.warned += 1
    for warning in ours:
        message = str(warning.message)
        assert message.startswith(f"doc {doc_id}: "), message
        assert _OFFSET.search(message), message


def check_text(text: str, *, reraise: bool = True) -> None:
    """A text read by the engine with the default packs."""
    engine = _engine()
    with _case("texts", text, reraise=reraise) as tally:
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            doc = engine.read(text, doc_id="fuzz")
        _check_document(doc, text)
        _check_warnings(seen, "fuzz", tally)
        for warning in seen:
            for number in _OFFSET.findall(str(warning.message)):
                assert int(number) <= len(text), str(warning.message)
        previous_end = 0
        for sentence in sentence_spans(text):
            assert text[sentence.start : sentence.end] == sentence.text
            assert previous_end <= sentence.start < sentence.end
            assert sentence.end - sentence.start <= MAX_SENTENCE_CHARS
            previous_end = sentence.end
            tokens = Tokens.of(text, sentence)
            for word, start, end in zip(tokens.words, tokens.starts, tokens.ends, strict=True):
                assert text[start:end] == word
        tally.accepted += 1


def _first_bad_byte(data: bytes) -> int | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def check_bytes_file(data: bytes, folder: Path, *, reraise: bool = True) -> None:
    """Bytes in a text file, read as the command line reads it: decoded with a warning that
    names the file and the first bad byte, then read by the engine."""
    path = folder / "input.txt"
    path.write_bytes(data)
    problems: list[str] = []
    with _case("text-bytes", data, reraise=reraise) as tally:
        [doc] = list(read_documents([path], warn=problems.append))
        bad = _first_bad_byte(data)
        if bad is None:
            assert problems == [], problems
        else:
            assert problems == [
                f"{path}: byte {bad}: invalid UTF-8 ({_reason(data)}); "
                "undecodable bytes replaced with U+FFFD"
            ], problems
            tally.warned += 1
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            read = _engine().read(doc)
        _check_document(read, doc.text)
        _check_warnings(seen, str(path), tally)
        tally.accepted += 1


def _reason(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return str(exc.reason)
    return ""


TARGETS: dict[str, Callable[..., None]] = {
    "patterns": check_pattern,
    "packs": check_pack_text,
    "pack-bytes": check_pack_bytes,
    "texts": check_text,
    "text-bytes": check_bytes_file,
}
