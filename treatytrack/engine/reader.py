"""The engine: a document in, its events out.

The prefilter finds the trigger words and splits the sentences around them, keeping those
that hold what some rule needs; only those are tokenised and matched (:mod:`.sentence`);
the document pass settles what needs the whole text (:mod:`.document`).

Each sentence has a budget, so hostile text cannot make the engine hang: a run-on span is
read in pieces of at most :data:`~treatytrack.text.MAX_SENTENCE_CHARS` characters (and
reported when it holds a trigger word: no other text is split or read), a
sentence is read up to its :data:`MAX_SENTENCE_TOKENS`-th token, and matching it may take
at most :data:`~treatytrack.rules.compile.MAX_MATCH_STEPS` backtracking steps. What is left
unread is reported as an :class:`~treatytrack.errors.InputWarning` naming the document and
the offset (docs/reliability.md has the measurements behind the limits).
"""

from __future__ import annotations

import bisect
import datetime as dt
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError, InputWarning
from ..records import Document, Event, PartyKind
from ..resolve.parties import default_gazetteer
from ..rules.compile import match_budget
from ..rules.pack import default_pack_paths, load_pack
from ..rules.ruleset import RuleSet
from ..text import MAX_SENTENCE_CHARS, Sentence, Tokens, sentence_spans
from . import classes as _classes  # noqa: F401 - registers PARTY, PARTIES, DATE, PLACE
from .document import finish_document
from .prefilter import Prefilter, token_tests
from .sentence import SentenceReader

__all__ = [
    "MAX_SENTENCE_TOKENS",
    "DocumentInput",
    "Engine",
    "as_document",
    "extract",
    "extract_many",
    "load_rules",
]

DocumentInput = str | Mapping[str, Any] | Document

# The tokens of one sentence the engine reads; the rest of a longer sentence is cut (with
# a warning). News sentences stay far below it (of 147,000 Reuters and BBC sentences the
# 99.9th percentile is 117 tokens and 5 pass 300, all tables or lists); only tables and
# scraper junk reach it. Reading a sentence costs up to its matches times its length, so
# this bounds the worst sentence's time (docs/reliability.md has the measurements).
MAX_SENTENCE_TOKENS = 300
_DEFAULT: dict[str, RuleSet] = {}


def load_rules(*paths: str | Path) -> RuleSet:
    """Load and compile rule packs; the default packs when no path is given.

    Raises :class:`~treatytrack.errors.RulePackError` for any mistake in a pack.
    """
    if not paths:
        if "default" not in _DEFAULT:
            _DEFAULT["default"] = RuleSet(load_pack(p) for p in default_pack_paths())
        return _DEFAULT["default"]
    return RuleSet(load_pack(p) for p in paths)


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(
            f"{where}: 'published' must be a date YYYY-MM-DD (got {value!r})"
        ) from None


def as_document(item: DocumentInput, default_id: str, published: Any = None) -> Document:
    """Turn a str, a mapping with ``id``/``text``/``published``, or a Document into a Document."""
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(default_id, item, _date(published, default_id))
    if isinstance(item, Mapping):
        text = item.get("text")
        doc_id = str(item.get("id", default_id))
        if not isinstance(text, str):
            raise InputError(
                f"document {doc_id}: 'text' must be a string (got {type(text).__name__})"
            )
        extra = {k: v for k, v in item.items() if k not in ("id", "text", "published")}
        return Document(doc_id, text, _date(item.get("published", published), doc_id), (), extra)
    raise InputError(
        f"a document must be a str, a mapping or a Document (got {type(item).__name__})"
    )


class Engine:
    """Reads documents with one rule set. Cheap to pickle: it travels as its rule packs."""

    def __init__(self, rules: RuleSet | None = None) -> None:
        self.rules = rules if rules is not None else load_rules()
        self.gazetteer = default_gazetteer()
        self.prefilter = Prefilter(
            self.rules.trigger_index, self.rules.trigger_index, token_tests()
        )
        self.reader = SentenceReader(self.rules, self.gazetteer)

    def __reduce__(self) -> tuple[type[Engine], tuple[RuleSet]]:
        return Engine, (self.rules,)

    def read(
        self, document: DocumentInput, *, doc_id: str = "doc", published: Any = None
    ) -> Document:
        """Extract the events of one document; returns the Document with its events."""
        doc = as_document(document, doc_id, published)
        text = doc.text

        def run_on(start: int, end: int) -> None:
            _warn(
                f"doc {doc.id}: text at offset {start} runs {end - start} characters without "
                f"a sentence end; read in pieces of at most {MAX_SENTENCE_CHARS} characters"
            )

        drafts = []
        for sentence in self.prefilter.sentences(text, on_cut=run_on):
            tokens = _sentence_tokens(text, sentence, doc.id)
            with match_budget() as budget:
                drafts.extend(self.reader.read(tokens, doc.published, complete=False))
            if budget.spent_at is not None:
                index = tokens.index_at(budget.spent_at)
                at = tokens.starts[index] if index < len(tokens) else tokens.sentence.end
                _warn(
                    f"doc {doc.id}: sentence at offset {tokens.sentence.start}: matching "
                    f"stopped at offset {at}, its budget of {budget.steps} steps spent"
                )
        if not drafts:
            return (
                doc if not doc.events else Document(doc.id, text, doc.published, (), doc.metadata)
            )

        # The whole text is split only if an event asks for the parties named before it
        # (most documents with events never do); each sentence is tokenised and searched
        # for parties once per document, however many events ask about it: a run-on
        # sentence can hold dozens of events.
        split: list[tuple[list[Sentence], list[int]]] = []
        named: dict[int, list[tuple[int, str]]] = {}

        def sentences() -> tuple[list[Sentence], list[int]]:
            """The document's sentences and where each starts."""
            if not split:
                spans = sentence_spans(text)
                split.append((spans, [span.start for span in spans]))
            return split[0]

        def parties_in(i: int) -> list[tuple[int, str]]:
            """(document offset, code) of the named parties of sentence ``i``."""
            if i not in named:
                tokens = Tokens.of(text, sentences()[0][i])
                named[i] = [
                    (tokens.starts[index], p.code)
                    for index, p in self.reader.mentions(tokens)
                    if p.kind is not PartyKind.COLLECTIVE and p.code
                ]
            return named[i]

        def mentions_before(offset: int) -> list[tuple[int, tuple[str, ...]]]:
            """Party sets named in the six sentences before ``offset`` and in its own
            sentence up to it, as (sentence start, codes), oldest first."""
            found: list[tuple[int, tuple[str, ...]]] = []
            spans, starts = sentences()
            last = bisect.bisect_left(starts, offset)
            for i in range(max(0, last - 7), last):
                codes = tuple(sorted({code for at, code in parties_in(i) if at < offset}))
                if codes:
                    found.append((spans[i].start, codes))
            return found

        events = finish_document(drafts, text, doc.id, doc.published, mentions_before)
        return Document(doc.id, text, doc.published, tuple(events), doc.metadata)


def _warn(message: str) -> None:
    warnings.warn(message, InputWarning, stacklevel=3)


def _sentence_tokens(text: str, sentence: Sentence, doc_id: str) -> Tokens:
    """The tokens of a sentence, cut after :data:`MAX_SENTENCE_TOKENS` (with a warning)."""
    tokens = Tokens.of(text, sentence)
    if len(tokens) <= MAX_SENTENCE_TOKENS:
        return tokens
    end = tokens.ends[MAX_SENTENCE_TOKENS - 1]
    _warn(
        f"doc {doc_id}: sentence at offset {sentence.start} cut at {MAX_SENTENCE_TOKENS} "
        f"tokens; offsets {tokens.starts[MAX_SENTENCE_TOKENS]} to {sentence.end} not read"
    )
    return Tokens.of(text, Sentence(sentence.start, end, text[sentence.start : end]))


_ENGINES: dict[int, Engine] = {}


def _engine(rules: RuleSet | None) -> Engine:
    rules = rules if rules is not None else load_rules()
    key = id(rules)
    engine = _ENGINES.get(key)
    if engine is None or engine.rules is not rules:
        if len(_ENGINES) > 8:
            _ENGINES.clear()
        engine = _ENGINES[key] = Engine(rules)
    return engine


def extract(
    text: str, *, published: Any = None, doc_id: str = "doc", rules: RuleSet | None = None
) -> list[Event]:
    """The events of one text, in document order."""
    return list(_engine(rules).read(text, doc_id=doc_id, published=published).events)


def extract_many(
    docs: Iterable[DocumentInput],
    *,
    rules: RuleSet | None = None,
    published: Any = None,
    workers: int = 1,
) -> Iterator[Event]:
    """Events of many documents, lazily, each tagged with its ``doc_id``.

    ``docs`` may mix strings (ids ``doc-1``, ``doc-2`` ...), mappings with ``id``, ``text``
    and optional ``published``, and :class:`~treatytrack.records.Document` records.
    ``workers`` > 1 reads them in that many processes (same events, same order; a few
    chunks in flight at a time, so a corpus still streams).
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"'workers' must be an int >= 1 (got {workers!r})")
    engine = _engine(rules)
    documents = (as_document(item, f"doc-{n}", published) for n, item in enumerate(docs, 1))
    if workers == 1:
        for doc in documents:
            yield from engine.read(doc).events
        return
    from .parallel import read_in_processes

    yield from read_in_processes(documents, engine.rules, workers)
