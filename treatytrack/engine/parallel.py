"""Reading documents in worker processes, in order, with bounded memory.

The engine pickles as its rule packs, so each worker compiles them once (the compiled
rules are cached per process) and then reads chunks of documents. At most ``2 x workers``
chunks are in flight: a corpus streams through without being held in memory. Warnings a
worker raises (an :class:`~treatytrack.errors.InputWarning` for a cut sentence) come back
with its events and are raised again in the caller's process, in document order.
"""

from __future__ import annotations

import itertools
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from ..errors import InputWarning
from ..records import Document, Event
from ..rules.ruleset import RuleSet
from .reader import Engine

__all__ = ["read_in_processes"]

_WORKER: list[Engine] = []  # the engine of this worker process


def _start(rules: RuleSet) -> None:
    _WORKER[:] = [Engine(rules)]


def _read(docs: list[Document]) -> tuple[list[Event], list[str]]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", InputWarning)
        events = [event for doc in docs for event in _WORKER[0].read(doc).events]
    return events, [str(w.message) for w in seen if issubclass(w.category, InputWarning)]


def read_in_processes(
    docs: Iterable[Document], rules: RuleSet, workers: int, chunk_size: int = 32
) -> Iterator[Event]:
    """The events of ``docs``, in order, read by ``workers`` processes."""
    it = iter(docs)
    chunks = iter(lambda: list(itertools.islice(it, chunk_size)), [])
    pending: deque[Future[tuple[list[Event], list[str]]]] = deque()
    with ProcessPoolExecutor(workers, initializer=_start, initargs=(rules,)) as pool:
        for chunk in chunks:
            pending.append(pool.submit(_read, chunk))
            if len(pending) >= 2 * workers:
                yield from _results(pending.popleft())
        while pending:
            yield from _results(pending.popleft())


def _results(future: Future[tuple[list[Event], list[str]]]) -> Iterator[Event]:
    events, messages = future.result()
    for message in messages:
        warnings.warn(message, InputWarning, stacklevel=4)
    yield from events
