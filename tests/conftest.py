"""Shared fixtures and the hypothesis profiles (``ci`` is what .ci/run uses)."""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from treatytrack import Document, Engine
from treatytrack.corpus import read_documents

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

ROOT = Path(__file__).resolve().parents[1]
SEED_ID = "000_1b068faafcc9cc79"
SEED = ROOT / "seeds" / f"{SEED_ID}.txt"


@pytest.fixture(scope="session")
def engine() -> Engine:
    """An engine with the default packs (modules may define their own)."""
    return Engine()


@pytest.fixture(scope="session")
def seed(engine: Engine) -> Document:
    """The seed article, read by the default engine."""
    (document,) = read_documents([SEED])
    return engine.read(document)


@pytest.fixture(scope="session")
def event_schema() -> dict[str, Any]:
    text = resources.files("treatytrack").joinpath("event.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (ROOT / "seeds" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
