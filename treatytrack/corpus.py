"""Reading documents from files: plain text, JSON lines (a corpus), gzip, standard input.

A ``.jsonl`` (or ``.jsonl.gz``) file holds one document a line: ``id``, ``text``, optional
``published``; other fields pass through as metadata. A text file is one document whose id is
its path, unless a sidecar ``<file>.meta.json`` gives ``id`` and ``published``. Text is read
as bytes and decoded as UTF-8; undecodable bytes are replaced, with a warning that names
the file and the byte offset. A bad corpus line is reported (file:line) and skipped, so one
broken record never stops a corpus.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .errors import InputError
from .records import Document

__all__ = ["Problem", "decode", "read_documents"]

Problem = Callable[[str], None]  # receives one warning or error message


def _warn_stderr(message: str) -> None:
    print(message, file=sys.stderr)


def decode(data: bytes, where: str, warn: Problem = _warn_stderr) -> str:
    """UTF-8 text of ``data``; bad bytes become U+FFFD with one warning naming the offset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        warn(
            f"{where}: byte {exc.start}: invalid UTF-8 ({exc.reason}); "
            "undecodable bytes replaced with U+FFFD"
        )
        return data.decode("utf-8", errors="replace")


def _published(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(
            f"{where}: 'published' must be a date YYYY-MM-DD (got {value!r})"
        ) from None


def _is_corpus(name: str) -> bool:
    return name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz"))


def _open(path: Path) -> BinaryIO:
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _corpus_lines(
    lines: Iterable[bytes], where: str, published: dt.date | None, warn: Problem
) -> Iterator[Document]:
    for number, raw in enumerate(lines, 1):
        place = f"{where}:{number}"
        if not raw.strip():
            continue
        try:
            record = json.loads(decode(raw, place, warn))
            if not isinstance(record, dict):
                raise InputError(f"{place}: a corpus line must be a JSON object")
            text = record.get("text")
            if not isinstance(text, str):
                raise InputError(f"{place}: the record has no 'text' string")
            doc_id = str(record.get("id") or f"{where}#{number}")
            date = _published(record.get("published", record.get("date")), place) or published
            extra = {k: v for k, v in record.items() if k not in ("id", "text", "published")}
            yield Document(doc_id, text, date, (), extra)
        except json.JSONDecodeError as exc:
            warn(f"{place}: column {exc.colno}: not valid JSON ({exc.msg}); line skipped")
        except InputError as exc:
            warn(f"{exc}; line skipped")


def _sidecar(path: Path, warn: Problem) -> dict[str, Any]:
    meta = path.with_name(path.name + ".meta.json")
    if not meta.is_file():
        meta = path.with_suffix(".meta.json")
    if not meta.is_file():
        return {}
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        warn(f"{meta}: cannot read metadata ({exc}); ignored")
        return {}
    return data if isinstance(data, dict) else {}


def read_documents(
    paths: Iterable[str | Path],
    *,
    published: dt.date | None = None,
    warn: Problem = _warn_stderr,
    stdin: BinaryIO | None = None,
) -> Iterator[Document]:
    """Documents from files (``-`` is standard input), lazily, in order.

    ``published`` is the default publication date for documents that carry none.
    Raises :class:`InputError` for a file that cannot be opened.
    """
    for item in paths:
        name = str(item)
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            if data.lstrip().startswith(b"{"):
                yield from _corpus_lines(data.splitlines(), "<stdin>", published, warn)
            else:
                yield Document("<stdin>", decode(data, "<stdin>", warn), published)
            continue
        path = Path(name)
        try:
            if _is_corpus(path.name):
                with _open(path) as handle:
                    yield from _corpus_lines(handle, name, published, warn)
                continue
            with _open(path) as handle:
                data = handle.read()
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
        meta = _sidecar(path, warn)
        text = decode(data, name, warn)
        date = published or _published(meta.get("published"), f"{path}.meta.json")
        yield Document(
            str(meta.get("id") or name),
            text,
            date,
            (),
            {k: v for k, v in meta.items() if k not in ("id", "published")},
        )
