"""Rule coverage over a corpus: which rules fire, which never do, and what they miss.

:func:`coverage` reads documents with a rule set and counts events per rule, kind and
status. It also looks at every occurrence of a trigger (the whole trigger phrase: "put
their signatures to", not just "put") that no rule matched: those sentences are where a
new rule is most likely needed, so each such trigger comes with example sentences. A
trigger word inside another match ("pact" in "signed a pact") is not counted: a rule read it.

.. versionadded:: 0.1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .engine import Engine, load_rules
from .engine.reader import DocumentInput, as_document
from .rules.compile import literal_tokens
from .rules.pattern import Capture, Group, Lexicon, Literal, Node, Not, Repeat, Seq, iter_nodes
from .rules.ruleset import CompiledRule, RuleSet
from .text import Tokens, sentence_spans

__all__ = ["Coverage", "TriggerMiss", "coverage", "trigger_phrases"]


@attrs.frozen(slots=True)
class TriggerMiss:
    """A trigger phrase that occurred where no rule matched it: how often, and where."""

    phrase: str
    count: int
    examples: tuple[str, ...]


@attrs.frozen(slots=True)
class Coverage:
    """What a rule set did over a corpus (see :func:`coverage`).

    ``fired`` has every rule, in rule-set order, with its number of events (zero for the
    rules in ``never_fired``); ``unmatched`` lists trigger phrases that occurred without any
    rule matching them, most frequent first.
    """

    documents: int
    sentences: int
    candidates: int  # sentences holding a trigger word
    events: int
    fired: Mapping[str, int]
    never_fired: tuple[str, ...]
    unmatched: tuple[TriggerMiss, ...]
    kinds: Mapping[str, int]
    statuses: Mapping[str, int]

    def to_json(self) -> dict[str, Any]:
        """Plain data (for ``--format json``)."""
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "candidate_sentences": self.candidates,
            "events": self.events,
            "fired": dict(self.fired),
            "never_fired": list(self.never_fired),
            "unmatched_triggers": [
                {"phrase": m.phrase, "count": m.count, "examples": list(m.examples)}
                for m in self.unmatched
            ],
            "kinds": dict(self.kinds),
            "statuses": dict(self.statuses),
        }


def _first_phrases(node: Node, lexicons: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Token strings a trigger can begin with: its first literal or lexicon entries."""
    if isinstance(node, Literal):
        return {literal_tokens(node.text)}
    if isinstance(node, Lexicon):
        return set(lexicons.get(node.name, ()))
    if isinstance(node, Capture):
        return _first_phrases(node.item, lexicons)
    if isinstance(node, Repeat):
        return _first_phrases(node.item, lexicons)
    if isinstance(node, Seq):
        for item in node.items:
            if not isinstance(item, Not):
                return _first_phrases(item, lexicons)
        return set()
    if isinstance(node, Group):
        out: set[str] = set()
        for alternative in node.alternatives:
            out |= _first_phrases(alternative, lexicons)
        return out
    return set()


def trigger_phrases(rules: RuleSet, compiled: CompiledRule) -> frozenset[str]:
    """The phrases (lower-cased token strings) a rule's trigger can begin with."""
    phrases: set[str] = set()
    for node in iter_nodes(compiled.rule.tree):
        if isinstance(node, Capture) and node.name == "trigger":
            phrases |= _first_phrases(node.item, rules.lexicons)
    return frozenset(phrases)


class _Counter:
    def __init__(self, rules: RuleSet, examples: int) -> None:
        self.rules = rules
        self.engine = Engine(rules)
        self.examples = examples
        self.phrases: dict[str, set[str]] = {}
        for compiled in rules.rules:
            for phrase in trigger_phrases(rules, compiled):
                self.phrases.setdefault(phrase.split(" ", 1)[0], set()).add(phrase)
        self.sorted = {k: sorted(v, key=len, reverse=True) for k, v in self.phrases.items()}
        self.fired: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.missed: Counter[str] = Counter()
        self.where: dict[str, list[str]] = {}
        self.documents = self.sentences = self.candidates = 0

    def read(self, item: DocumentInput, default_id: str) -> None:
        doc = self.engine.read(as_document(item, default_id))
        self.documents += 1
        for event in doc.events:
            self.fired[event.rule] += 1
            self.kinds[event.kind.value] += 1
            self.statuses[event.status.value] += 1
        triggered = {e.trigger.start for e in doc.events}
        spans = sentence_spans(doc.text)
        self.sentences += len(spans)
        for i in self.engine.prefilter.candidates(doc.text, spans, conjunctive=False):
            self.candidates += 1
            self._sentence(Tokens.of(doc.text, spans[i]), triggered)

    def _sentence(self, tokens: Tokens, triggered: set[int]) -> None:
        lower = tokens.lower()
        s = tokens.string.lower()
        occurrences: list[tuple[int, str]] = []
        for t, word in enumerate(lower):
            if tokens.starts[t] in triggered:
                continue
            for phrase in self.sorted.get(word, ()):
                if s.startswith(phrase, tokens.positions[t]):
                    occurrences.append((t, phrase))
                    break
        if not occurrences:
            return
        covered: set[int] = set()  # inside a match: the trigger, or words the match used
        for _, match, t in self.engine.reader.matches(tokens, lower):
            covered.add(t)
            covered.update(range(tokens.index_at(match.start), tokens.index_at(match.end)))
        for t, phrase in occurrences:
            if t in covered:
                continue
            count = phrase.count(" ")
            written = " ".join(tokens.words[t : t + count])
            key = written.lower()
            self.missed[key] += 1
            seen = self.where.setdefault(key, [])
            if len(seen) < self.examples and tokens.sentence.text not in seen:
                seen.append(tokens.sentence.text)

    def result(self) -> Coverage:
        fired = {c.id: self.fired.get(c.id, 0) for c in self.rules.rules}
        return Coverage(
            documents=self.documents,
            sentences=self.sentences,
            candidates=self.candidates,
            events=sum(self.fired.values()),
            fired=fired,
            never_fired=tuple(rule for rule, n in fired.items() if n == 0),
            unmatched=tuple(
                TriggerMiss(phrase, n, tuple(self.where.get(phrase, ())))
                for phrase, n in sorted(self.missed.items(), key=lambda kv: (-kv[1], kv[0]))
            ),
            kinds=dict(self.kinds.most_common()),
            statuses=dict(self.statuses.most_common()),
        )


def coverage(
    documents: Iterable[DocumentInput], rules: RuleSet | None = None, *, examples: int = 3
) -> Coverage:
    """Read ``documents`` (texts, mappings with ``id``/``text``/``published``, or Documents)
    and report the rule set's coverage; ``examples`` sentences are kept per missed trigger.
    """
    counter = _Counter(rules if rules is not None else load_rules(), examples)
    for n, item in enumerate(documents, 1):
        counter.read(item, f"doc-{n}")
    return counter.result()
