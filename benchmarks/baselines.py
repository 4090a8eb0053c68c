"""The engines the full pipeline is measured against, on the same corpus in the same run.

Each baseline does *less* than the pipeline (none of them reads parties, dates or records),
so each ratio says what the pipeline's extra work costs against a well-known way to do part
of it:

- :class:`NaiveScan`: the compiled rules of the same rule set, matched the way pyparsing's
  ``scan_string`` matches: every rule tried at every non-space character of each whole
  document's token string (the engine without its prefilter and without sentences).
- :class:`SpacyMatcher`: spaCy's blank English tokenizer and a ``Matcher`` holding one
  token pattern (``LOWER``) per trigger word; a word spaCy splits ("cease-fire") becomes a
  sequence of token patterns.
- :class:`AhoCorasickScan`: one pyahocorasick automaton of all trigger words over the
  lower-cased text, every hit checked for word boundaries: the floor, as no engine can do
  less than find its trigger words.
- :class:`RegexScan`: one case-insensitive regular expression alternation of the same
  words with word boundaries (for reference: the issue's second data point).

The trigger words are the rule set's own (``RuleSet.trigger_index``): the words the
engine's prefilter must find. spaCy and pyahocorasick are optional (the ``bench`` extra);
:func:`available` says which baselines can run here.
"""

from __future__ import annotations

import importlib.util
import re
import time
from collections.abc import Callable, Sequence

import pyparsing as pp

from treatytrack.records import Document
from treatytrack.rules.ruleset import RuleSet
from treatytrack.text import token_string, tokenize

from .corpora import text_bytes

__all__ = [
    "AhoCorasickScan",
    "NaiveScan",
    "NaiveStats",
    "RegexScan",
    "SpacyMatcher",
    "available",
    "trigger_words",
]

_TYPOGRAPHIC = {"'": "\u2019"}


def trigger_words(rules: RuleSet) -> list[str]:
    """The rule set's trigger words (lower case, token-string form), sorted, with a
    typographic-apostrophe variant for any word holding an apostrophe (the engine folds
    both forms; the baselines see raw text, so they need both)."""
    words = {w for w in rules.trigger_index if w}
    for word in list(words):
        for straight, curly in _TYPOGRAPHIC.items():
            if straight in word:
                words.add(word.replace(straight, curly))
    return sorted(words)


def available() -> dict[str, str | None]:
    """Each optional baseline and why it cannot run (``None`` when it can)."""
    return {
        "spacy": None
        if importlib.util.find_spec("spacy")
        else "spacy is not installed (pip install '.[bench]')",
        "aho-corasick": None
        if importlib.util.find_spec("ahocorasick")
        else "pyahocorasick is not installed (pip install '.[bench]')",
    }


class RegexScan:
    """One case-insensitive alternation of the trigger words, longest first, bounded by
    ``(?<!\\w)`` and ``(?!\\w)``; counts the hits of every document."""

    name = "regex alternation"

    def __init__(self, words: Sequence[str]) -> None:
        body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        self.regex = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)

    def __call__(self, docs: Sequence[Document]) -> int:
        finditer = self.regex.finditer
        return sum(sum(1 for _ in finditer(doc.text)) for doc in docs)


class AhoCorasickScan:
    """An Aho-Corasick automaton of the trigger words over each lower-cased text.

    Every hit (the automaton reports all of them, overlapping ones too) counts only when
    the characters on either side are not word characters (letters, digits, underscore):
    the same word boundaries as the engine's.
    """

    name = "Aho-Corasick floor"

    def __init__(self, words: Sequence[str]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for word in words:
            self.automaton.add_word(word, len(word))
        self.automaton.make_automaton()

    def __call__(self, docs: Sequence[Document]) -> int:
        hits = 0
        scan = self.automaton.iter
        for doc in docs:
            low = doc.text.lower()
            last = len(low) - 1
            for end, size in scan(low):
                start = end - size + 1
                if start > 0:
                    before = low[start - 1]
                    if before.isalnum() or before == "_":
                        continue
                if end < last:
                    after = low[end + 1]
                    if after.isalnum() or after == "_":
                        continue
                hits += 1
        return hits


class SpacyMatcher:
    """spaCy's blank English tokenizer and a ``Matcher`` of the trigger words.

    Each word is tokenised by the same tokenizer. The words that stay one token share one
    pattern, ``[{"LOWER": {"IN": words}}]``; a word spaCy splits ("cease-fire") becomes a
    sequence of ``{"LOWER": piece}`` patterns. The set test is the Matcher's fast way to
    hold many words: one pattern per word makes it try every pattern at every token (about
    four times slower with the default packs' 360 words), which would flatter the engine.
    The pipeline is blank: the tokenizer is all that runs, then the matcher.
    """

    name = "spaCy blank + Matcher"

    def __init__(self, words: Sequence[str]) -> None:
        import spacy
        from spacy.matcher import Matcher

        self.nlp = spacy.blank("en")
        self.nlp.max_length = 50_000_000
        self.matcher = Matcher(self.nlp.vocab)
        single: list[str] = []
        patterns: list[list[dict[str, object]]] = []
        for word in words:
            pieces = [t.lower_ for t in self.nlp.make_doc(word)]
            if len(pieces) == 1:
                single.append(pieces[0])
            elif pieces:
                patterns.append([{"LOWER": piece} for piece in pieces])
        if single:
            patterns.insert(0, [{"LOWER": {"IN": sorted(set(single))}}])
        self.matcher.add("TRIGGER", patterns)
        self.patterns = len(patterns)

    def __call__(self, docs: Sequence[Document]) -> int:
        hits = 0
        matcher = self.matcher
        for spacy_doc in self.nlp.tokenizer.pipe(d.text for d in docs):
            hits += len(matcher(spacy_doc))
        return hits


class NaiveStats:
    """What one naive pass did: documents finished, bytes read, seconds, matches found."""

    __slots__ = ("bytes", "docs", "matches", "partial", "positions", "seconds")

    def __init__(self) -> None:
        self.docs = 0
        self.bytes = 0.0
        self.seconds = 0.0
        self.matches = 0
        self.positions = 0
        self.partial = False  # the budget ended inside a document


class NaiveScan:
    """The compiled rules run the way ``scan_string`` runs them, over whole documents.

    Each document becomes one token string (:func:`treatytrack.text.tokenize`, tokens
    joined by single spaces, as the engine builds one per sentence). Then, as
    ``scan_string`` does for each rule: skip spaces, try the rule's pyparsing element at the
    position, on a match continue after it, else at the next character.

    ``scan_string`` itself is not called: its first step, ``streamline()``, renders the
    name of every element (``errmsg = f"Expected {self}"``), and the compiled patterns are
    DAGs that share their continuations, so the rendered text grows exponentially (a
    ``MemoryError`` after gigabytes); it would also rewrite the shared elements in place.
    The loop below is ``scan_string``'s own loop without that step.

    The rules are interleaved position by position (each rule keeps its own resume point,
    so the work is exactly that of one ``scan_string`` per rule), which lets a time budget
    stop anywhere: a document cut short counts for the share of its token string scanned.
    """

    name = "naive scan_string"

    def __init__(self, rules: RuleSet) -> None:
        self.elements = [compiled.pattern.element for compiled in rules.rules]

    def __call__(
        self,
        docs: Sequence[Document],
        budget: float | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> NaiveStats:
        stats = NaiveStats()
        began = clock()
        deadline = None if budget is None else began + budget
        elements = self.elements
        for doc in docs:
            s = token_string([t[0] for t in tokenize(doc.text)])
            size = len(s)
            pp.ParserElement.reset_cache()  # as scan_string does (matters under packrat)
            resume = [0] * len(elements)
            loc = 0
            while loc < size:
                if s[loc] == " ":
                    loc += 1
                    continue
                stats.positions += 1
                for i, element in enumerate(elements):
                    if resume[i] > loc:
                        continue
                    try:
                        end, _ = element._parse(s, loc, True, False)
                    except pp.ParseBaseException:
                        continue
                    if end > loc:
                        stats.matches += 1
                        resume[i] = end
                loc += 1
                if deadline is not None and clock() >= deadline:
                    stats.partial = loc < size
                    stats.bytes += text_bytes(doc.text) * loc / max(size, 1)
                    if not stats.partial:
                        stats.docs += 1
                    stats.seconds = clock() - began
                    return stats
            stats.docs += 1
            stats.bytes += text_bytes(doc.text)
        stats.seconds = clock() - began
        return stats
