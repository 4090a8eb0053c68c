"""Hand-built worst cases: sentences and documents made to be expensive for the default
packs, timed for docs/reliability.md.

``SENTENCE_UNITS`` are phrases that, repeated up to one sentence's length, make every few
tokens a trigger, a party or a match; the slowest of them is the worst sentence the job
reports. ``documents(size)`` are texts of every hostile kind the issue lists, at a given
size. Times are CPU seconds of this process (``time.process_time``), which a busy machine
inflates far less than wall-clock seconds; both are recorded.
"""

from __future__ import annotations

import random
import time
import warnings
from collections.abc import Callable
from typing import Any

from treatytrack.engine import Engine
from treatytrack.errors import InputWarning
from treatytrack.text import MAX_SENTENCE_CHARS

__all__ = ["SENTENCE_UNITS", "documents", "sentence_of", "time_read"]

SENTENCE_UNITS = (
    "it signed a pact with France on Friday , ",
    "they signed the accord , ",
    "the two sides signed the accord , ",
    "Japan signed a pact , France signed a pact , ",
    "Japan signed a pact and ",
    "Japan and France signed a pact with ",
    "France ratified the treaty , ",
    "Japan signed a pact with France ; ",
    "Japan and France signed a pact on Friday in Paris , ",
    "Japan , France , Germany and Italy signed a defence pact with Chile , ",
    "Japan put a pact on hold , ",
    "Japan and France held talks on trade , ",
    "Japan and France agreed to sign a pact , ",
    "the United States , the European Union and Japan put ",
    "put suspended concluded called reached agreed signed join failed ended broke completed ",
    "\u202eJapan \u05e9\u05dc\u05d5\u05dd signed \u0627\u062a\u0641\u0627\u0642 a pact ",
    "\"Japan ( and ) France\" signed ' a [ pact ] ' ",
)


def sentence_of(unit: str) -> str:
    """``unit`` repeated to one sentence of just under MAX_SENTENCE_CHARS, with a full stop."""
    body = (unit * (MAX_SENTENCE_CHARS // len(unit) + 1))[: MAX_SENTENCE_CHARS - 2]
    return body.rstrip() + "."


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def documents(size: int) -> dict[str, Callable[[], str]]:
    """Texts of every hostile kind, ``size`` characters each (built on demand)."""
    rnd = random.Random(size)
    return {
        "empty": lambda: "",
        "whitespace": lambda: _repeat(" \n\t\u00a0\u2028\r\n", size),
        "binary (bytes as Latin-1)": lambda: "".join(chr(rnd.randrange(256)) for _ in range(size)),
        "invalid UTF-8, replaced": lambda: bytes(rnd.randrange(256) for _ in range(size)).decode(
            "utf-8", errors="replace"
        )[:size],
        "prose without a full stop": lambda: _repeat("lorem ipsum dolor sit amet ", size),
        "news without a full stop": lambda: _repeat("Japan and France signed a pact with ", size),
        "'signed' repeated": lambda: _repeat("signed ", size),
        "'put' repeated": lambda: _repeat("put ", size),
        "parties and triggers": lambda: _repeat(
            "the United States , the European Union and Japan put ", size
        ),
        "worst sentence, repeated": lambda: _repeat(SENTENCE_UNITS[0], size),
        "short news sentences": lambda: _repeat("Japan and France signed a pact on Friday. ", size),
        "nested quotes and brackets": lambda: _repeat(
            "([{\"'\u201c\u00ab" * 40 + "Japan signed a pact" + "\u00bb\u201d'\"}])" * 40 + " ",
            size,
        ),
        "mixed scripts, right-to-left": lambda: _repeat(
            "\u202eJapan \u05e9\u05dc\u05d5\u05dd signed \u0627\u062a\u0641\u0627\u0642 a pact "
            "\u4e2d\u56fd \u0928\u092e\u0938\u094d\u0924\u0947 \u200f. ",
            size,
        ),
    }


def time_read(engine: Engine, text: str, doc_id: str) -> dict[str, Any]:
    """Read ``text``; its CPU and wall seconds, events and warnings."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        wall = time.perf_counter()
        cpu = time.process_time()
        doc = engine.read(text, doc_id=doc_id)
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
    messages = [str(w.message) for w in seen if issubclass(w.category, InputWarning)]
    return {
        "characters": len(text),
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(wall, 3),
        "events": len(doc.events),
        "warnings": len(messages),
        "first_warnings": messages[:3],
    }
