"""Corpora for the speed benchmark: files given with ``--corpus``, or a generated one.

A corpus is a list of :class:`~treatytrack.records.Document` read in file order up to a
byte limit (UTF-8 bytes of the documents' text, the unit every figure uses). Files are read
in place with :func:`treatytrack.corpus.read_documents` (JSON lines with ``text``, plain
text files, gzip; a folder stands for the files in it), so a shared corpus such as
``../shared/bench/news/reuters21578.jsonl`` is never copied into the project.

The *generated* corpus needs no data: the default packs' own ``examples`` and
``counter_examples`` (real agreement language, all of it matched or nearly matched by some
rule), shuffled with a fixed seed and joined into documents of news length with neutral
filler sentences between them. Generation is deterministic: the same seed and size give
the same bytes on every machine, so figures on it can be compared across runs.

Measurements run over the documents in a seeded shuffled order (:func:`shuffled`), so a
time-boxed prefix of them is a random sample of the corpus, not its first stories.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path

import treatytrack
from treatytrack.corpus import read_documents
from treatytrack.records import Document

__all__ = [
    "FILLER",
    "GENERATED",
    "corpus_bytes",
    "cycle_documents",
    "generated_documents",
    "iter_corpus",
    "load_corpus",
    "pack_examples",
    "shuffled",
    "spread",
    "text_bytes",
]

GENERATED = "generated"  # the --corpus value that names the generated corpus
_FALLBACK_DATE = dt.date(2024, 3, 15)

# Neutral sentences between the examples: wire-story prose about markets, weather, sport
# and companies, worded to hold no trigger word of the default packs (bar articles), so
# that the engine's prefilter has real non-candidate sentences to skip, as in news.
FILLER: tuple[str, ...] = (
    "Shares in Tokyo edged slightly higher on Tuesday after a quiet session.",
    "The central bank kept its benchmark interest rate unchanged at 4.5 percent.",
    "Heavy rain caused flooding in several northern districts overnight.",
    "Officials said the bridge would carry traffic again by the end of the month.",
    "The company reported a 12 percent rise in quarterly revenue.",
    "Analysts had expected slower growth in the services sector.",
    "Temperatures are forecast to fall sharply over the weekend.",
    "The national football team won its qualifying match 2-1.",
    "Crude oil prices edged lower in early Asian trading.",
    "The ministry published its annual report on public health.",
    "Unemployment dropped to its lowest level in a decade, figures showed.",
    "The airline said it would add three daily flights to the capital.",
    "Police said two people were injured in the accident.",
    "The museum expects record visitor numbers this summer.",
    "Exports of rice rose by 8 percent compared with a year earlier.",
    "The election commission said turnout was about 61 percent.",
    "Investors were cautious ahead of the inflation data.",
    "The harvest was delayed by a dry spring in the south.",
    "A spokesman declined to comment on the report.",
    "The currency weakened against the dollar for a third day.",
    "Train services were disrupted by a signal fault near the station.",
    "The new hospital wing will have 200 beds.",
    "Retail sales were flat in September, the statistics office said.",
    "The film festival opens next week with a documentary about fishermen.",
    "Fishing boats stayed in port because of high winds.",
    "The university said enrolment had risen for the fifth year in a row.",
    "The bond market was little changed by the afternoon.",
    "Farmers said the price of fertiliser had doubled since January.",
    "The storm is expected to weaken before it reaches the coast.",
    "The government said inflation had eased to 3.1 percent in October.",
)


def text_bytes(text: str) -> int:
    """The size of a text in UTF-8 bytes: the unit of every MB figure (1 MB = 10**6 bytes)."""
    return len(text.encode("utf-8"))


def corpus_bytes(docs: Iterable[Document]) -> int:
    """Total UTF-8 bytes of the documents' text."""
    return sum(text_bytes(d.text) for d in docs)


def pack_examples() -> list[tuple[str, dt.date | None]]:
    """Every example and counter-example text of the default packs, with its date.

    The packs come from :func:`treatytrack.load_rules` (compiled once per process and
    cached there), so generating a corpus costs no second compilation.
    """
    seen: dict[str, dt.date | None] = {}
    for top in treatytrack.load_rules().packs:
        for pack in top.all_packs():
            for rule in pack.rules:
                for example in (*rule.examples, *rule.counter_examples):
                    seen.setdefault(example.text.strip(), example.published)
    return list(seen.items())


def generated_documents(seed: int = 6, mean_chars: int = 1800) -> Iterator[Document]:
    """An endless, deterministic stream of treaty-dense documents from the packs' examples.

    Each document draws a target length between 0.4 and 1.6 times ``mean_chars`` and fills
    it with sentences: an example (the next one of a shuffled deck, reshuffled when spent)
    or, as often, a filler sentence; paragraphs break every three to five sentences. A
    document's ``published`` date is that of its first dated example, so relative dates
    ("on Friday") resolve as the example intends.
    """
    rng = random.Random(seed)
    examples = pack_examples()
    if not examples:
        raise ValueError("the default packs have no examples to build a corpus from")
    deck: list[tuple[str, dt.date | None]] = []
    for number in itertools.count(1):
        target = rng.randint(int(mean_chars * 0.4), int(mean_chars * 1.6))
        paragraphs: list[str] = []
        sentences: list[str] = []
        size = 0
        published: dt.date | None = None
        while size < target:
            if rng.random() < 0.5:
                if not deck:
                    deck = list(examples)
                    rng.shuffle(deck)
                text, date = deck.pop()
                published = published or date
            else:
                text = rng.choice(FILLER)
            sentences.append(text)
            size += len(text) + 1
            if len(sentences) >= rng.randint(3, 5):
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        yield Document(
            f"gen-{number:06d}",
            "\n\n".join(paragraphs),
            published or _FALLBACK_DATE,
            (),
            {"source": "generated"},
        )


def _files(paths: Sequence[str | Path]) -> list[str]:
    """Paths as read_documents takes them; a folder stands for its files, sorted."""
    out: list[str] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            out.extend(str(p) for p in sorted(path.iterdir()) if p.is_file())
        else:
            out.append(str(item))
    return out


def iter_corpus(paths: Sequence[str | Path], seed: int = 6) -> Iterator[Document]:
    """The documents of ``paths`` lazily, in file order; ``["generated"]`` (or no path at
    all) is the endless generated corpus."""
    if not paths or list(map(str, paths)) == [GENERATED]:
        yield from generated_documents(seed)
        return
    yield from read_documents(_files(paths), warn=lambda message: None)


def load_corpus(
    paths: Sequence[str | Path], limit_bytes: int, seed: int = 6
) -> tuple[list[Document], bool]:
    """Documents of ``paths`` in file order until ``limit_bytes`` of text is reached.

    Returns the documents and whether the limit cut the corpus short (the last document is
    the one that reached the limit; it is kept whole). Documents without text are skipped.
    """
    docs: list[Document] = []
    total = 0
    for doc in iter_corpus(paths, seed):
        if total >= limit_bytes:
            return docs, True
        if not doc.text.strip():
            continue
        docs.append(doc)
        total += text_bytes(doc.text)
    return docs, False


def shuffled(docs: Sequence[Document], seed: int = 6) -> list[Document]:
    """The documents in a seeded random order: any prefix is a random sample."""
    out = list(docs)
    random.Random(seed).shuffle(out)
    return out


def spread(docs: Sequence[Document], fraction: float) -> list[Document]:
    """About ``fraction`` of the documents, picked evenly through the sequence (every
    tenth one for 0.1), so the subset has the mix of the whole."""
    if fraction >= 1:
        return list(docs)
    share = Fraction(fraction).limit_denominator(10_000)
    top, bottom = share.numerator, share.denominator
    picked = [doc for i, doc in enumerate(docs) if (i + 1) * top // bottom > i * top // bottom]
    return picked or list(docs[:1])


def cycle_documents(
    paths: Sequence[str | Path], total_bytes: int, seed: int = 6
) -> Iterator[Document]:
    """Documents of ``paths`` over and over (ids suffixed ``#2``, ``#3`` ... after the first
    pass) until ``total_bytes`` of text has been yielded; nothing is held in memory but the
    document being yielded, so a stream far larger than memory costs no memory."""
    sent = 0
    for round_number in itertools.count(1):
        empty = True
        for doc in iter_corpus(paths, seed):
            if sent >= total_bytes:
                return
            if not doc.text.strip():
                continue
            empty = False
            if round_number > 1:
                doc = Document(
                    f"{doc.id}#{round_number}", doc.text, doc.published, (), doc.metadata
                )
            sent += text_bytes(doc.text)
            yield doc
        if empty:
            return
