"""Where a corpus run's documents come from: file names, globs, and blocks of lines.

A *block* is the unit of work a Dask task reads, extracts and writes: a whole file (a text
document, or a compressed corpus, which cannot be split), or a byte range of an
uncompressed JSON-lines corpus that starts and ends on line boundaries. Documents are read
by :mod:`treatytrack.corpus`'s own line reader, so ids (``file#line`` for records with no
id), dates and warnings are exactly those of ``treatytrack extract`` on the same files.
"""

from __future__ import annotations

import datetime as dt
import glob
import itertools
import math
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import fsspec
from fsspec.utils import infer_compression, read_block

from ..corpus import _corpus_lines, _is_corpus, decode, read_documents
from ..errors import InputError
from ..records import Document

__all__ = ["Block", "Failure", "count_lines", "expand_paths", "plan_blocks", "read_block_items"]


@attrs.frozen(slots=True)
class Block:
    """One unit of work: a file, or ``length`` bytes of it from ``start`` (aligned to lines).

    ``path`` is the name as given, which places and default ids use (``file:line``, as in a
    single-process run); ``source`` is what workers open: an absolute path or a URL, as a
    worker's working directory need not be the client's. ``first_line`` is the number of
    the block's first line in its file (1 for a whole file).
    """

    index: int
    path: str
    corpus: bool
    size: int
    start: int = 0
    length: int | None = None
    first_line: int = 1
    source: str = attrs.field(default=attrs.Factory(lambda self: self.path, takes_self=True))

    @property
    def place(self) -> str:
        """The file, with the byte range when the block is a piece of it."""
        if self.length is None:
            return self.path
        return f"{self.path}[bytes {self.start}:{self.start + self.length}]"


@attrs.frozen(slots=True)
class Failure:
    """A problem with one document (or a whole block): where, which document, and why.

    ``skipped`` is False for a document that was still read (undecodable bytes replaced).
    """

    place: str
    reason: str
    doc_id: str | None = None
    skipped: bool = True

    def row(self) -> dict[str, Any]:
        """A row of the errors table."""
        return {
            "place": self.place,
            "doc_id": self.doc_id,
            "reason": self.reason,
            "skipped": self.skipped,
        }


def _is_url(name: str) -> bool:
    return "://" in name


def _has_magic(name: str) -> bool:
    return any(char in name for char in "*?[")


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """File names from names and globs (local, or fsspec URLs such as ``s3://bucket/*.gz``),
    sorted per pattern, each once. Names keep the form given, as document ids use them.

    Raises :class:`InputError` for a missing file or a glob that matches nothing.
    """
    found: dict[str, None] = {}
    for item in paths:
        name = os.fspath(item)
        if name == "-":
            raise InputError("extract-corpus reads files, not standard input ('-')")
        if _is_url(name):
            fs, _ = fsspec.core.url_to_fs(name)
            if _has_magic(name):
                matches = sorted(fs.unstrip_protocol(p) for p in fs.glob(name) if fs.isfile(p))
            else:
                matches = [name] if fs.isfile(name) else []
        elif _has_magic(name):
            matches = sorted(p for p in glob.glob(name, recursive=True) if os.path.isfile(p))
        else:
            matches = [name] if os.path.isfile(name) else []
        if not matches:
            what = "no file matches" if _has_magic(name) else "cannot read (no such file)"
            raise InputError(f"{name}: {what}")
        found.update(dict.fromkeys(matches))
    return list(found)


def _size(name: str) -> int:
    if _is_url(name):
        fs, path = fsspec.core.url_to_fs(name)
        return int(fs.size(path))
    return os.path.getsize(name)


def plan_blocks(files: Iterable[str], blocksize: int) -> list[Block]:
    """Blocks of at most about ``blocksize`` bytes; ``first_line`` is still 1 everywhere
    (pieces of a file get theirs once their lines are counted, see :func:`number_blocks`)."""
    if blocksize <= 0:
        raise InputError(f"'blocksize' must be a positive number of bytes (got {blocksize!r})")
    blocks: list[Block] = []
    for name in files:
        size = _size(name)
        corpus = _is_corpus(Path(name).name)
        source = name if _is_url(name) else os.path.abspath(name)
        if not corpus or infer_compression(name) is not None or size <= blocksize:
            blocks.append(Block(len(blocks), name, corpus, size, source=source))
            continue
        for k in range(math.ceil(size / blocksize)):
            start = k * blocksize
            length = min(blocksize, size - start)
            blocks.append(Block(len(blocks), name, corpus, size, start, length, source=source))
    return blocks


def _piece(block: Block) -> bytes:
    with fsspec.open(block.source, "rb") as handle:
        return bytes(read_block(handle, block.start, block.length, b"\n"))


def count_lines(block: Block) -> int:
    """How many lines start in a piece of a file (run on a worker, beside the data)."""
    data = _piece(block)
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def number_blocks(blocks: list[Block], counts: dict[int, int]) -> list[Block]:
    """Give each piece of a file the number of its first line, from the pieces' line
    counts (``counts`` by block index; whole files need none)."""
    numbered: list[Block] = []
    next_line: dict[str, int] = {}
    for block in blocks:
        if block.length is None:
            numbered.append(block)
            continue
        first = next_line.get(block.path, 1)
        numbered.append(attrs.evolve(block, first_line=first))
        next_line[block.path] = first + counts[block.index]
    return numbered


class _Numbered:
    """Lines of a block, remembering the file line number of the last one handed out."""

    def __init__(self, lines: Iterable[bytes], first: int) -> None:
        self._lines = iter(lines)
        self.number = first - 1
        self.bytes = 0

    def __iter__(self) -> Iterator[bytes]:
        for line in self._lines:
            self.number += 1
            self.bytes += len(line)
            yield line


def _block_lines(block: Block) -> Iterator[bytes]:
    if block.length is None:
        with fsspec.open(block.source, "rb", compression="infer") as handle:
            yield from handle
    else:
        data = _piece(block)
        # bytes.split, not splitlines: a file handle splits on b"\n" only.
        yield from data.split(b"\n")


def read_block_items(
    block: Block, published: dt.date | None
) -> Iterator[tuple[str, Document] | Failure]:
    """The documents of a block, each with its place (``file:line`` or ``file``), and the
    problems met on the way, in file order.

    A file that cannot be read at all gives one :class:`Failure` for the block.
    """
    try:
        if block.corpus:
            yield from _corpus_items(block, published)
        else:
            yield from _text_items(block, published)
    except (OSError, InputError) as exc:
        yield Failure(block.place, f"cannot read: {exc}")


def _corpus_items(
    block: Block, published: dt.date | None
) -> Iterator[tuple[str, Document] | Failure]:
    problems: list[str] = []
    lines = _Numbered(_block_lines(block), block.first_line)
    # The line reader numbers from 1; blank lines before the block's first line make it
    # number (and name documents) as it would reading the whole file: blanks are skipped.
    padded = itertools.chain(itertools.repeat(b"", block.first_line - 1), lines)
    for doc in _corpus_lines(padded, block.path, published, problems.append):
        place = f"{block.path}:{lines.number}"
        yield from _failures(problems, block.path, place, doc.id)
        problems.clear()
        yield place, doc
    yield from _failures(problems, block.path, None, None)


def _failures(
    messages: list[str], where: str, place: str | None, doc_id: str | None
) -> Iterator[Failure]:
    """The line reader's warnings (``file:line: reason``) as failures; a warning about the
    line of the document just read (``place``) names it, and a line skipped for any reason
    counts as skipped in each of its rows."""
    parsed: list[tuple[str, str]] = []
    for message in messages:
        where_line, reason = where, message
        if message.startswith(f"{where}:"):
            number, _, rest = message[len(where) + 1 :].partition(": ")
            if number.isdigit():
                where_line, reason = f"{where}:{number}", rest
        parsed.append((where_line, reason))
    skipped = {p for p, reason in parsed if reason.endswith("line skipped")}
    for where_line, reason in parsed:
        yield Failure(
            where_line,
            reason.removesuffix("; line skipped"),
            doc_id if where_line == place else None,
            where_line in skipped,
        )


def _text_items(
    block: Block, published: dt.date | None
) -> Iterator[tuple[str, Document] | Failure]:
    problems: list[str] = []
    if _is_url(block.source):
        with fsspec.open(block.source, "rb", compression="infer") as handle:
            data = handle.read()
        docs = [Document(block.path, decode(data, block.path, problems.append), published)]
    else:
        # Local files go through the single-process reader (sidecar metadata included),
        # opened by absolute path; a document named after its file keeps the name given.
        read = read_documents([block.source], published=published, warn=problems.append)
        docs = [attrs.evolve(doc, id=block.path) if doc.id == block.source else doc for doc in read]
    for doc in docs:
        for message in problems:
            reason = message.removeprefix(f"{block.source}: ").removeprefix(f"{block.path}: ")
            yield Failure(block.path, reason, doc.id, False)
        yield block.path, doc
