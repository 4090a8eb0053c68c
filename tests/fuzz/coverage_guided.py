"""Coverage-guided fuzzing with atheris (the optional ``fuzz`` extra), on the same targets
and the same contract as the hypothesis job (:mod:`tests.fuzz.targets`).

    pip install '.[fuzz]'
    python -m tests.fuzz.coverage_guided pack-bytes -atheris_runs=10000 -max_len=65536
    python -m tests.fuzz.coverage_guided text-bytes -atheris_runs=10000 -max_len=8192

Without a corpus folder among the options, it starts from the default and test packs (pack
targets) or the seed article (text targets).

Atheris mutates bytes towards new branches of treatytrack's own code (the loader, the
pattern parser, the engine), which random generation reaches only by luck. A case that
breaks the contract raises, and atheris stops with the input that did it.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .targets import check_bytes_file, check_pack_bytes, check_pattern, check_text, prepare_folder


def _targets(folder: Path) -> dict[str, Callable[[bytes], None]]:
    def text(data: bytes) -> None:
        check_text(data.decode("utf-8", "replace"))

    def pattern(data: bytes) -> None:
        check_pattern(data.decode("utf-8", "replace"), folder)

    return {
        "pack-bytes": lambda data: check_pack_bytes(data, folder),
        "text-bytes": lambda data: check_bytes_file(data, folder),
        "texts": text,
        "patterns": pattern,
    }


ROOT = Path(__file__).resolve().parents[2]


def _seed(folder: Path, target: str) -> Path:
    """A starting corpus of real inputs for ``target``: the default and test packs, or the
    seed article and the packs' example sentences, so mutations start from full-size input."""
    folder.mkdir()
    if target in ("pack-bytes", "patterns"):
        sources = sorted((ROOT / "rules").glob("*.yaml")) + sorted(
            (ROOT / "tests" / "packs").rglob("*.yaml")
        )
        for i, path in enumerate(sources):
            (folder / f"{i:03d}").write_bytes(path.read_bytes())
    else:
        for i, path in enumerate(sorted((ROOT / "seeds").glob("*.txt"))):
            (folder / f"{i:03d}").write_bytes(path.read_bytes())
    return folder


def main(argv: list[str]) -> int:
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        print("atheris is not installed: pip install '.[fuzz]'", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="treatytrack-atheris-") as tmp:
        targets = _targets(prepare_folder(Path(tmp)))
        if len(argv) < 2 or argv[1] not in targets:
            print(
                f"usage: python -m tests.fuzz.coverage_guided {{{','.join(targets)}}} "
                "[atheris options]",
                file=sys.stderr,
            )
            return 2
        target = targets[argv[1]]
        options = argv[2:]
        if not any(not o.startswith("-") for o in options):  # no corpus given: seed one
            options.append(str(_seed(Path(tmp) / "seeds", argv[1])))
        atheris.instrument_all()  # treatytrack is loaded already: instrument what is loaded
        atheris.Setup([argv[0], *options], target)
        atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
