"""Why a rule did or did not read a sentence: :func:`explain`.

For every rule whose trigger word occurs in the text (or the one rule asked about), an
:class:`Explanation` says how far its pattern got, the token where it stopped and what it
expected there; for a match, its captures, the modifiers applied (the negation and modality
cues, the speaker) and what became of it: an event, overridden by another rule on the same
trigger, or dropped by the document pass (too few parties resolved).

    >>> import treatytrack
    >>> for record in treatytrack.explain("Japan and France signed a defence pact."):
    ...     print(record.summary())  # doctest: +SKIP

.. versionadded:: 0.1
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs

from .engine import Engine, load_rules
from .engine.sentence import Draft
from .records import Event
from .rules.ruleset import CompiledRule, RuleSet
from .rules.trace import PatternTracer, Trace, describe
from .text import Tokens, sentence_spans

__all__ = ["OUTCOMES", "CaptureText", "Explanation", "capture_texts", "explain", "rule_tracer"]

# What became of a rule at one trigger occurrence.
OUTCOMES = ("event", "overridden", "dropped", "no-match", "no-trigger")


@attrs.frozen(slots=True)
class CaptureText:
    """A capture: its name, the text as written, and its document offsets."""

    name: str
    text: str
    start: int
    end: int


@attrs.frozen(slots=True)
class Explanation:
    """One rule at one occurrence of its trigger word (see the module docstring).

    ``outcome`` is one of :data:`OUTCOMES`; ``detail`` says it in words. Without a match,
    ``stopped_at`` is the token where the pattern stopped (``None`` at the end of the
    sentence), ``stopped_offset`` its document offset, ``expected`` what the pattern would
    have taken there and ``captures`` what it had captured on the way. With a match,
    ``captures`` are the match's and the modifier fields say what the cues made of it
    (``fixed`` names the ones the rule sets itself).
    """

    rule: str
    sentence: str
    sentence_start: int
    trigger: str
    trigger_start: int | None
    outcome: str = attrs.field(validator=attrs.validators.in_(OUTCOMES))
    detail: str
    stopped_at: str | None = None
    stopped_offset: int | None = None
    expected: tuple[str, ...] = ()
    captures: tuple[CaptureText, ...] = ()
    modality: str | None = None
    modality_cue: str | None = None
    polarity: str | None = None
    negation: str | None = None
    negation_cue: str | None = None
    speaker: str | None = None
    fixed: tuple[str, ...] = ()
    event: Event | None = None

    @property
    def matched(self) -> bool:
        """Whether the pattern matched at this trigger (whatever became of the match)."""
        return self.outcome in ("event", "overridden", "dropped")

    def summary(self) -> str:
        """One line: the rule, the trigger, the outcome and why."""
        where = f" at {self.trigger!r}" if self.trigger else ""
        return f"{self.rule}{where}: {self.outcome}: {self.detail}"


_TRACERS: dict[tuple[int, str], PatternTracer] = {}
_ENGINES: dict[int, Engine] = {}


def rule_tracer(rules: RuleSet, compiled: CompiledRule) -> PatternTracer:
    """A :class:`~treatytrack.rules.trace.PatternTracer` for one rule of a rule set, with the
    lexicons its pack sees (cached)."""
    key = (id(rules), compiled.id)
    if key not in _TRACERS:
        if len(_TRACERS) > 2048:
            _TRACERS.clear()
        lexicons: dict[str, tuple[str, ...]] = {}
        for top in rules.packs:
            for pack in top.all_packs():
                if pack.name == compiled.rule.pack:
                    for visible in pack.all_packs():
                        lexicons.update(visible.lexicons)
        _TRACERS[key] = PatternTracer(compiled.rule.tree, lexicons or rules.lexicons)
    return _TRACERS[key]


def _engine(rules: RuleSet) -> Engine:
    engine = _ENGINES.get(id(rules))
    if engine is None or engine.rules is not rules:
        if len(_ENGINES) > 8:
            _ENGINES.clear()
        engine = _ENGINES[id(rules)] = Engine(rules)
    return engine


def _text(tokens: Tokens, first: int, last: int) -> tuple[str, int, int]:
    if last <= first:
        return "", tokens.sentence.start, tokens.sentence.start
    start, end = tokens.doc_span(first, last)
    sentence = tokens.sentence
    return sentence.text[start - sentence.start : end - sentence.start], start, end


def capture_texts(tokens: Tokens, spans: Sequence[tuple[str, int, int]]) -> tuple[CaptureText, ...]:
    """Captures given as token-string spans, as :class:`CaptureText` (text as written)."""
    out = []
    for name, start, end in spans:
        text, a, b = _text(tokens, tokens.index_at(start), tokens.index_at(end))
        out.append(CaptureText(name, text, a, b))
    return tuple(out)


class _Sentence:
    """One sentence read by the whole rule set: the resolved matches and the drafts."""

    def __init__(
        self, engine: Engine, tokens: Tokens, published: dt.date | None, events: list[Event]
    ) -> None:
        self.engine = engine
        self.tokens = tokens
        self.lower = tokens.lower()
        self.resolved = engine.reader.matches(tokens, self.lower)
        self.drafts = engine.reader.read(tokens, published)
        self.events = events

    def record(self, compiled: CompiledRule, t: int) -> Explanation:
        tokens = self.tokens
        tracer = rule_tracer(self.engine.rules, compiled)
        best: Trace | None = None
        elsewhere: Trace | None = None
        for start in range(max(0, t - compiled.pattern.prefix_tokens), t + 1):
            trace = tracer.trace(tokens.string, tokens.positions[start])
            if trace.match is not None:
                trig = trace.match.get("trigger")
                if trig is not None and tokens.index_at(trig[0]) == t:
                    return self._matched(compiled, t, trace)
                elsewhere = elsewhere or trace
            elif best is None or trace.furthest > best.furthest:
                best = trace
        base = self._base(compiled, t)
        if best is None:
            assert elsewhere is not None
            assert elsewhere.match is not None
            trig = elsewhere.match.get("trigger")
            where = tokens.words[tokens.index_at(trig[0])] if trig else "?"
            return attrs.evolve(
                base,
                outcome="no-match",
                detail=f"the pattern matches only with its trigger on another word ({where!r})",
                captures=capture_texts(tokens, elsewhere.match.captures),
            )
        index = tokens.index_at(best.furthest)
        stopped = tokens.words[index] if index < len(tokens) else None
        expected = tuple(dict.fromkeys(describe(n) for n in best.expected))
        where = f"{stopped!r} (token {index + 1})" if stopped else "the end of the sentence"
        return attrs.evolve(
            base,
            outcome="no-match",
            detail=f"stopped at {where}, expected {' or '.join(expected) or 'nothing'}",
            stopped_at=stopped,
            stopped_offset=tokens.starts[index] if stopped else tokens.sentence.end,
            expected=expected,
            captures=capture_texts(tokens, best.captures),
        )

    def _base(self, compiled: CompiledRule, t: int) -> Explanation:
        return Explanation(
            rule=compiled.id,
            sentence=self.tokens.sentence.text,
            sentence_start=self.tokens.sentence.start,
            trigger=self.tokens.words[t],
            trigger_start=self.tokens.starts[t],
            outcome="no-match",
            detail="",
        )

    def _matched(self, compiled: CompiledRule, t: int, trace: Trace) -> Explanation:
        assert trace.match is not None
        tokens = self.tokens
        base = attrs.evolve(
            self._base(compiled, t), captures=capture_texts(tokens, trace.match.captures)
        )
        won = any(c.id == compiled.id and at == t for c, _, at in self.resolved)
        if not won:
            other = self._winner(trace)
            return attrs.evolve(
                base,
                outcome="overridden",
                detail=f"matched, but rule '{other.id}' (priority {other.rule.priority}) "
                f"takes the trigger (priority {compiled.rule.priority})"
                if other
                else "matched, but another match takes the trigger",
            )
        draft = next(d for d in self.drafts if d.rule.id == compiled.id and d.trigger[0] == t)
        event = next(
            (
                e
                for e in self.events
                if e.rule == compiled.id and e.trigger.start == tokens.starts[t]
            ),
            None,
        )
        mods = self._modifiers(draft)
        if event is None:
            return attrs.evolve(base, outcome="dropped", detail=self._dropped(draft), **mods)
        parties = ", ".join(event.parties) or "none"
        return attrs.evolve(
            base,
            outcome="event",
            detail=f"{event.kind.value} {event.status.value}, parties {parties}, "
            f"{event.modality.value}, {event.polarity.value}",
            event=event,
            **mods,
        )

    def _winner(self, trace: Trace) -> CompiledRule | None:
        assert trace.match is not None
        trig = trace.match.get("trigger")
        assert trig is not None
        first, last = self.tokens.index_at(trig[0]), self.tokens.index_at(trig[1])
        for compiled, match, _ in self.resolved:
            other = match.get("trigger")
            if other is None:
                continue
            a, b = self.tokens.index_at(other[0]), self.tokens.index_at(other[1])
            if a < last and first < b:
                return compiled
        return None

    def _modifiers(self, draft: Draft) -> dict[str, Any]:
        words = draft.tokens.words
        mods = draft.modifiers
        rule = draft.rule.rule

        def cue(span: tuple[int, int] | None) -> str | None:
            return " ".join(words[span[0] : span[1]]) if span else None

        fixed = tuple(
            name
            for name, value in (
                ("modality", rule.modality),
                ("polarity", rule.polarity),
                ("negation", rule.negation),
            )
            if value is not None
        )
        return {
            "modality": mods.modality.value,
            "modality_cue": cue(mods.modality_cue),
            "polarity": mods.polarity.value,
            "negation": mods.negation.value if mods.negation else None,
            "negation_cue": cue(mods.negation_cue),
            "speaker": draft.speaker,
            "fixed": fixed,
        }

    @staticmethod
    def _dropped(draft: Draft) -> str:
        minimum = 1
        for spec in draft.rule.rule.captures.values():
            if spec.field == "parties" and spec.min is not None:
                minimum = spec.min
        named = [p.text or p.code for p in draft.parties]
        if len(draft.codes) < minimum:
            return (
                f"matched, but dropped: {len(draft.codes)} resolved "
                f"part{'y' if len(draft.codes) == 1 else 'ies'} ({', '.join(named) or 'none'}"
                f" captured); the rule needs {minimum}"
            )
        return "matched, but dropped by the document pass (no party and no proper name)"


def explain(
    text: str,
    *,
    rules: RuleSet | None = None,
    rule: str | None = None,
    published: dt.date | str | None = None,
) -> list[Explanation]:
    """Explain every rule whose trigger occurs in ``text`` (or only ``rule``), in text order.

    ``rules`` defaults to the default packs; ``published`` (a date or ``YYYY-MM-DD``)
    anchors relative dates as in :func:`treatytrack.extract`. A ``rule`` whose trigger
    words do not occur gets one record, outcome ``no-trigger``, listing them.
    """
    ruleset = rules if rules is not None else load_rules()
    if rule is not None and rule not in ruleset.by_id:
        from .errors import RulePackError

        raise RulePackError(f"no rule '{rule}' in the rule set", None, "unknown-rule")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    engine = _engine(ruleset)
    events = list(engine.read(text, published=published).events)
    records: list[Explanation] = []
    for span in sentence_spans(text):
        tokens = Tokens.of(text, span)
        lower = tokens.lower()
        sentence: _Sentence | None = None
        for t, word in enumerate(lower):
            for compiled in ruleset.trigger_index.get(word, ()):
                if rule is not None and compiled.id != rule:
                    continue
                sentence = sentence or _Sentence(engine, tokens, published, events)
                records.append(sentence.record(compiled, t))
    if rule is not None and not records:
        words = sorted(ruleset.by_id[rule].pattern.trigger_words)
        shown = ", ".join(words[:12]) + (", ..." if len(words) > 12 else "")
        records.append(
            Explanation(
                rule=rule,
                sentence=text,
                sentence_start=0,
                trigger="",
                trigger_start=None,
                outcome="no-trigger",
                detail=f"none of its trigger words occurs in the text ({shown})",
                expected=tuple(words),
            )
        )
    return records
