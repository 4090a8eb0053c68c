"""Fuzzing the rule-pack loader and the pattern language (issue 8, point 1).

Whatever a pack holds, loading it either works or raises :class:`RulePackError` with a file,
line and column that exist; a pack that loads runs on text without raising. The default run
takes a few hundred cases per target; ``TREATYTRACK_FUZZ_CASES=10000`` (or the job
``python -m tests.fuzz``, which records rather than stops) takes more.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from .fuzz.strategies import pack_bytes, pack_texts, pattern_strings
from .fuzz.targets import (
    FUZZ,
    check_pack_bytes,
    check_pack_text,
    check_pattern,
    prepare_folder,
    warm_up,
)

pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warm_up()
    return prepare_folder(tmp_path_factory.mktemp("fuzzed-packs"))


@FUZZ
@given(pattern=pattern_strings)
def test_any_pattern_loads_or_is_a_located_rule_pack_error(folder: Path, pattern: str) -> None:
    check_pattern(pattern, folder)


@FUZZ
@given(text=pack_texts)
def test_any_pack_text_loads_or_is_a_located_rule_pack_error(folder: Path, text: str) -> None:
    check_pack_text(text, folder)


@FUZZ
@given(data=pack_bytes)
def test_any_pack_bytes_load_or_are_a_located_rule_pack_error(folder: Path, data: bytes) -> None:
    check_pack_bytes(data, folder)
