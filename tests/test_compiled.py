"""The modules mypyc compiles (treatytrack/_compiled.py, setup.py): they must read exactly
as their plain Python sources do, and a source tree must not run stale compiled code."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from benchmarks.adversarial import inputs
from benchmarks.corpora import generated_documents
from treatytrack import load_rules
from treatytrack._compiled import (
    COMPILED,
    PURE_PYTHON_VARIABLE,
    compiled_modules,
    stale_modules,
)

ROOT = Path(__file__).resolve().parent.parent

# Reads the documents given on stdin (JSON) and prints each one's events as JSON, with
# which modules ran compiled.
_READER = """
import json, sys, warnings
warnings.simplefilter("ignore")
import treatytrack
from treatytrack._compiled import compiled_modules
from treatytrack.serialize import event_to_json
engine = treatytrack.Engine()
out = {"compiled": compiled_modules(), "events": []}
for doc in json.load(sys.stdin):
    found = engine.read(doc)
    out["events"].append([event_to_json(e) for e in found.events])
print(json.dumps(out))
"""


def _documents() -> list[dict[str, str | None]]:
    """The seed article, the accuracy corpus's sentences run together (and run on), a
    treaty-dense generated corpus and the benchmark's hostile inputs (20 KB each)."""
    seed = next((ROOT / "seeds").glob("*.txt"))
    entries = yaml.safe_load((ROOT / "tests/corpus/sentences.yaml").read_text("utf-8"))
    texts = [e["text"] for e in entries]
    docs: list[dict[str, str | None]] = [
        {"id": "seed", "text": seed.read_text("utf-8"), "published": "2015-03-13"}
    ]
    docs += [
        {"id": f"corpus-{i}", "text": " ".join(texts[i : i + 5]), "published": None}
        for i in range(0, len(texts), 5)
    ]
    docs.append({"id": "run-on", "text": ", ".join(texts[:60]), "published": None})
    for doc in itertools.islice(generated_documents(), 150):
        published = doc.published.isoformat() if doc.published else None
        docs.append({"id": doc.id, "text": doc.text, "published": published})
    hostile = inputs(load_rules(), 20_000, 20_000)
    docs += [{"id": name, "text": hostile[name], "published": None} for name in sorted(hostile)]
    return docs


def _read(docs: list[dict[str, str | None]], *, pure: bool) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != PURE_PYTHON_VARIABLE}
    if pure:
        env[PURE_PYTHON_VARIABLE] = "1"
    done = subprocess.run(
        [sys.executable, "-c", _READER],
        input=json.dumps(docs),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_compiled_modules_read_exactly_as_their_sources() -> None:
    if not compiled_modules():
        pytest.skip("nothing is compiled in this install (no C compiler, or a pure build)")
    docs = _documents()
    compiled = _read(docs, pure=False)
    plain = _read(docs, pure=True)
    assert compiled["compiled"] == list(COMPILED)
    assert plain["compiled"] == []
    assert compiled["events"] == plain["events"]
    # and the documents hold events to compare, in most of them
    events = compiled["events"]
    assert isinstance(events, list)
    assert sum(bool(found) for found in events) > len(docs) // 2


def test_the_pure_python_switch_loads_every_compiled_module_from_its_source() -> None:
    code = (
        "import json, sys, treatytrack\n"
        "from treatytrack._compiled import COMPILED\n"
        "print(json.dumps([sys.modules[m].__file__ for m in COMPILED]))"
    )
    env = {**os.environ, PURE_PYTHON_VARIABLE: "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    files = [Path(f) for f in json.loads(done.stdout)]
    assert [f.suffix for f in files] == [".py"] * len(COMPILED)
    assert [f.stem for f in files] == [m.rpartition(".")[2] for m in COMPILED]


def test_no_compiled_module_is_older_than_its_source() -> None:
    # a source tree edited since its in-place build runs the old code: `pip install -e .`
    assert stale_modules() == []
