"""One sentence: run the candidate rules, resolve overlaps, and read each match's fields.

The result is a list of :class:`Draft` events: everything a sentence alone can tell.
What needs the rest of the document (collective parties, "the pact", acronyms) is settled
afterwards by :mod:`treatytrack.engine.document`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence

import attrs

from ..records import Kind, Modality, Party, PartyKind, Polarity, Span, Status
from ..resolve.aliases import canonical_type, strip_determiners, type_of_name
from ..resolve.dates import find_dates, resolve_date
from ..resolve.parties import Gazetteer
from ..resolve.places import match_place
from ..rules.classes import CLASSES
from ..rules.compile import Match
from ..rules.ruleset import CompiledRule, RuleSet
from ..text import Tokens, dateline_end
from .classes import not_a_party, party_at
from .matching import SentenceMatcher
from .modifiers import CueIndex, Modifiers, find_speaker
from .prefilter import TokenMarks, token_tests

__all__ = ["Draft", "SentenceReader"]


@attrs.define(slots=True)
class Draft:
    """An event under construction (mutable until the document pass freezes it)."""

    rule: CompiledRule
    tokens: Tokens
    match: Match
    trigger: tuple[int, int]  # token indices [start, end)
    modifiers: Modifiers
    parties: list[Party]
    actor: Party | None
    agreement_name: str | None
    agreement_type: str | None
    topic: str | None
    date: dt.date | None = None
    date_text: str | None = None
    date_precision: str | None = None
    place: str | None = None
    speaker: str | None = None
    aliases: set[str] = attrs.field(factory=set)
    codes: tuple[str, ...] = ()  # resolved party codes (after the document pass)
    subject: tuple[Party, ...] = ()  # the parties named before the verb
    subject_codes: tuple[str, ...] = ()  # ... resolved (after the document pass)
    own_codes: tuple[str, ...] = ()  # parties the sentence itself names (before linking)
    actor_code: str | None = None  # the one party acting ("Japan's parliament ratified")
    agreement_span: tuple[int, int] | None = None  # token range of the agreement's name
    reference: bool = False
    definite: bool = False  # the agreement is named with "the", "this", "its" ...: anaphoric
    private: bool = False  # a counterpart named after "with" is no state ("with IBM")
    # what fills in the date, place and speaker, until it has run (see :meth:`complete`)
    pending: Callable[[Draft], None] | None = attrs.field(default=None, repr=False, eq=False)

    def complete(self) -> None:
        """Fill in the date, place and speaker, if that is not done yet. The sentence
        reader may leave them to the document pass, which asks only for the drafts that
        can become events: most drafts of newswire are dropped there (a company's
        agreement, no party named), and these fields are the dearest to read."""
        pending = self.pending
        if pending is not None:
            self.pending = None
            pending(self)

    @property
    def kind(self) -> Kind:
        return self.rule.rule.kind

    @property
    def status(self) -> Status:
        return self.rule.rule.status

    @property
    def start(self) -> int:
        """Document offset of the trigger (events are ordered by it)."""
        return self.tokens.starts[self.trigger[0]]


_DATE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)
_CLAUSE_BREAKS = frozenset({",", ";", ":", "and", "but", "while"})
_DEFINITE = frozenset("the this that these those its their his her our".split())


class SentenceReader:
    """Matches one rule set in sentences and reads the fields of each match."""

    def __init__(self, rules: RuleSet, gazetteer: Gazetteer) -> None:
        self.rules = rules
        self.classes = CLASSES
        self.token_tests = token_tests()
        self._token_marks = TokenMarks(self.token_tests)
        self._mentions: tuple[Tokens | None, list[tuple[int, Party]]] = (None, [])
        self.gazetteer = gazetteer
        self.cues = CueIndex(rules.modifiers)
        self.matcher = SentenceMatcher(rules, self.classes, self._token_marks)

    # -- matching ---------------------------------------------------------------------
    def matches(
        self, tokens: Tokens, lower: Sequence[str]
    ) -> list[tuple[CompiledRule, Match, int]]:
        """Every rule match in the sentence, overlaps resolved: (rule, match, trigger token)
        (see :mod:`treatytrack.engine.matching`)."""
        return self.matcher.matches(tokens, lower)

    # -- reading fields ---------------------------------------------------------------
    def read(
        self, tokens: Tokens, published: dt.date | None, *, complete: bool = True
    ) -> list[Draft]:
        """The drafts of the sentence's matches. With ``complete=False`` each draft's date,
        place and speaker wait for :meth:`Draft.complete`."""
        lower = tokens.lower()
        drafts = []
        view = _View(self, tokens, lower)
        for compiled, match, _t in self.matches(tokens, lower):
            draft = self._draft(compiled, match, view, published)
            if complete:
                draft.complete()
            drafts.append(draft)
        for draft in drafts:
            # A background mention names its parties anywhere in its sentence ("Since the
            # Good Friday Agreement was signed, Britain and Ireland have ...").
            if draft.reference and not draft.parties:
                draft.parties = [
                    p for _, p in self.mentions(tokens) if p.kind is not PartyKind.COLLECTIVE
                ]
        return drafts

    def mentions(self, tokens: Tokens) -> list[tuple[int, Party]]:
        """Party mentions of a sentence as (token index, party): no dateline, no place name
        used as a modifier ("on the White House lawn") or inside a longer name."""
        known = self._mentions  # the last sentence's, replaced whole (see _PARTY_MEMO)
        if known[0] is not tokens:
            known = self._mentions = (tokens, self._find_mentions(tokens))
        return known[1]

    def _find_mentions(self, tokens: Tokens) -> list[tuple[int, Party]]:
        skip = tokens.sentence.start + dateline_end(tokens.sentence.text)
        s = tokens.string
        return [
            (tokens.index_at(start), party)
            for start, end, party in self.gazetteer.find_all(s)
            if tokens.starts[tokens.index_at(start)] >= skip and not not_a_party(s, start, end)
        ]

    def _subject_of(self, tokens: Tokens) -> Party | None:
        """The party a sentence opens with ("Israel said on Monday it had suspended ..."),
        after any dateline and a leading "The": what a later "it" stands for."""
        first = tokens.index_of_offset(tokens.sentence.start + dateline_end(tokens.sentence.text))
        if first < len(tokens) and tokens.words[first] == "The":
            first += 1
        for index, party in self.mentions(tokens):
            if index in (first, first - 1) and party.kind is not PartyKind.COLLECTIVE:
                # "India's state-owned National Thermal Power Corp said it ...": a possessor
                # is not the subject.
                after = tokens.index_at(tokens.positions[index] + len(party.text) + 1)
                if after < len(tokens) and tokens.words[after] in ("'s", "\u2019s"):
                    return None
                return party
        return None

    def _tok_range(self, tokens: Tokens, span: tuple[int, int]) -> tuple[int, int]:
        return tokens.index_at(span[0]), tokens.index_at(span[1])

    def _text(self, tokens: Tokens, first: int, last: int) -> str:
        """Document text of tokens [first, last), as written."""
        if last <= first:
            return ""
        start, end = tokens.doc_span(first, last)
        sentence = tokens.sentence
        return sentence.text[start - sentence.start : end - sentence.start]

    def _parties_in(self, tokens: Tokens, span: tuple[int, int]) -> list[Party]:
        s = tokens.string
        loc, end = span
        out: list[Party] = []
        while loc < end:
            hit = party_at(s, loc)
            if hit is not None and hit[0] <= end:
                party = hit[1]
                if party.kind is PartyKind.COLLECTIVE and party.size == 1:  # "it"
                    subject = self._subject_of(tokens)
                    if subject is not None:
                        out.append(subject)
                else:
                    out.append(party)
                loc = hit[0]
            else:
                space = s.find(" ", loc)
                loc = space + 1 if space >= 0 else end
        return out

    def _draft(
        self, compiled: CompiledRule, match: Match, view: _View, published: dt.date | None
    ) -> Draft:
        tokens = view.tokens
        rule = compiled.rule
        specs = rule.captures
        field_spans: dict[str, tuple[int, int]] = {}
        party_spans: list[tuple[int, int]] = []  # several captures may fill 'parties'
        for cap, start, end in match.captures:
            field = specs[cap].field if cap in specs else cap
            field_spans.setdefault(field, (start, end))
            if field == "parties":
                party_spans.append((start, end))
        trig = self._tok_range(tokens, field_spans["trigger"])
        modifiers = self.cues.apply(view.cue_words, trig[0], trig[1], tokens.index_at(match.end))
        if rule.modality is not None:
            modifiers = attrs.evolve(modifiers, modality=rule.modality)
        if rule.polarity is not None:
            modifiers = attrs.evolve(
                modifiers, polarity=rule.polarity, negation=rule.negation or modifiers.negation
            )
        elif rule.negation is not None:
            modifiers = attrs.evolve(modifiers, polarity=Polarity.NEGATIVE, negation=rule.negation)

        parties = [p for span in party_spans for p in self._parties_in(tokens, span)]
        actor = None
        if "actor" in field_spans:
            found = self._parties_in(tokens, field_spans["actor"])
            actor = found[0] if found else None
            if actor is not None and actor.kind is not PartyKind.COLLECTIVE:
                parties.append(actor)

        name: str | None = None
        type_: str | None = None
        topic: str | None = None
        fixed = {spec.field: spec.value for spec in specs.values() if spec.value is not None}
        agreement_span = None
        definite = False
        if "agreement" in field_spans:
            first, last = self._tok_range(tokens, field_spans["agreement"])
            words = strip_determiners(list(tokens.words[first:last]))
            definite = tokens.words[first].lower() in _DEFINITE if first < last else False
            first = last - len(words)
            name = self._text(tokens, first, last) or None
            agreement_span = (first, last)
        if "type" in field_spans:
            first, last = self._tok_range(tokens, field_spans["type"])
            type_ = canonical_type(self._text(tokens, first, last))
            if agreement_span is not None:  # "framework agreement" is a framework
                type_ = type_of_name(tokens.words[agreement_span[0] : last]) or type_
        if "topic" in field_spans and agreement_span is not None:
            # "an agreement to borrow 150 billion yen": a purpose clause is the topic, not
            # part of the agreement's name.
            t_first = tokens.index_at(field_spans["topic"][0])
            if (
                t_first > 0
                and tokens.words[t_first - 1].lower() == "to"
                and (agreement_span[0] < t_first <= agreement_span[1])
            ):
                agreement_span = (agreement_span[0], t_first - 1)
                name = self._text(tokens, *agreement_span) or name
        if "topic" in field_spans:
            first, last = self._tok_range(tokens, field_spans["topic"])
            first = last - len(strip_determiners(list(tokens.words[first:last])))
            topic = self._text(tokens, first, last) or None
        type_ = fixed.get("type", type_)
        topic = topic or fixed.get("topic")
        if name is None and "agreement" in fixed:
            name = fixed["agreement"]

        draft = Draft(compiled, tokens, match, trig, modifiers, parties, actor, name, type_, topic)
        draft.agreement_span = agreement_span
        draft.definite = definite
        draft.private = view.private[trig[1]]
        draft.reference = rule.reference or modifiers.history
        before = [span for span in party_spans if span[1] <= tokens.positions[trig[0]]]
        if before:  # the subject: the parties named before the verb
            draft.subject = tuple(self._parties_in(tokens, before[0]))
        # (the draft is not held by what completes it: a dropped draft leaves no cycle)
        draft.pending = functools.partial(self._details, field_spans, published, view)
        return draft

    def _details(
        self,
        spans: dict[str, tuple[int, int]],
        published: dt.date | None,
        view: _View,
        draft: Draft,
    ) -> None:
        """The draft's date, place and speaker (see :meth:`Draft.complete`)."""
        self._date(draft, spans, published, view)
        self._place(draft, spans, view)
        draft.speaker = view.speaker

    def _date(
        self,
        draft: Draft,
        spans: dict[str, tuple[int, int]],
        published: dt.date | None,
        view: _View,
    ) -> None:
        tokens = view.tokens
        if "date" in spans:
            candidates = [spans["date"]]
        else:
            inside = [spans[k] for k in ("agreement", "topic", "parties") if k in spans]
            candidates = sorted(
                (d for d in view.dates if not any(a <= d[0] < b for a, b in inside)),
                key=lambda d: self._date_distance(draft, view, d),
            )
        future = draft.modifiers.modality is not Modality.ASSERTED
        for start, end in candidates[:1]:
            first, last = self._tok_range(tokens, (start, end))
            text = self._text(tokens, first, last)
            value = resolve_date(tokens.string[start:end].strip(), published, future=future)
            draft.date_text = text
            if value is not None:
                draft.date = value.date
                draft.date_precision = value.precision.value

    @staticmethod
    def _private_counterparts(tokens: Tokens, lower: Sequence[str]) -> list[bool]:
        """For each token: whether the clause from it on names a counterpart that is no
        party ("signed an agreement with Skype", "struck a deal with IBM and other
        companies"), up to the clause's end. Computed from the end, once per sentence."""
        s = tokens.string
        out = [False] * (len(lower) + 1)
        for i in range(len(lower) - 2, -1, -1):
            if lower[i] in (";", ":", ".", "which", "who", "while", "but"):
                continue  # the clause ends here: False
            out[i] = out[i + 1]
            if lower[i] != "with":
                continue
            j = i + 1
            while j < len(lower) and lower[j] in ("the", "its", "their", "a", "an", "his", "her"):
                j += 1
            if j >= len(lower) or not tokens.words[j][:1].isupper():
                continue
            if lower[j] in _DATE_WORDS or party_at(s, tokens.positions[j]) is not None:
                continue
            if match_place(s, tokens.positions[j]) is not None:
                continue
            out[i] = True
        return out

    def _date_distance(self, draft: Draft, view: _View, span: tuple[int, int]) -> tuple[int, int]:
        """How far a date lies from the trigger: clause breaks between them count heavily
        ("ratified the RAA in April, and the pact entered into force on Wednesday"), then
        tokens; on a tie a date after the trigger wins."""
        first, last = self._tok_range(draft.tokens, span)
        t0, t1 = draft.trigger
        between = range(t1, first) if first >= t1 else range(last, t0)
        counts = view.breaks
        breaks = counts[between.stop] - counts[between.start] if between else 0
        return (breaks * 100 + len(between), 0 if first >= t1 else 1)

    def _place(self, draft: Draft, spans: dict[str, tuple[int, int]], view: _View) -> None:
        tokens = draft.tokens
        s = tokens.string
        if "place" in spans:
            first, last = self._tok_range(tokens, spans["place"])
            draft.place = self._text(tokens, first, last) or None
            return
        words = view.words
        inside = [
            self._tok_range(tokens, spans[k])
            for k in ("agreement", "topic", "parties")
            if k in spans
        ]
        for j in view.hosting:  # "Rome hosted the signing of ..."
            i = j - 1
            if i >= draft.trigger[0]:
                break
            if i >= 0:
                hit = match_place(s, tokens.positions[i])
                if hit is not None and tokens.index_at(hit[0]) == i + 1:
                    draft.place = tokens.words[i]
                    return
        # after the trigger, then inside it ("met in Ankara for talks"), then before it
        t0, t1 = draft.trigger
        for i, hit in sorted(
            view.venues, key=lambda v: (0 if v[0] >= t1 else 1 if v[0] >= t0 else 2, v[0])
        ):
            if any(a <= i < b for a, b in inside):
                continue
            last = tokens.index_at(hit[0])
            first = i + 1 + (words[i + 1] == "the")
            draft.place = self._text(tokens, first, last) or hit[1]  # as the text writes it
            return


class _View:
    """What every draft of one sentence reads alike, computed once per sentence (a run-on
    piece can hold dozens of events)."""

    def __init__(self, reader: SentenceReader, tokens: Tokens, lower: Sequence[str]) -> None:
        self.reader = reader
        self.tokens = tokens
        self.lower = lower

    @functools.cached_property
    def words(self) -> list[str]:
        return [w.lower() for w in self.tokens.words]

    @functools.cached_property
    def cue_words(self) -> list[str]:
        """Lower-cased words, but capitalised ones inside the sentence as written: they are
        names ("the Rapid Support Forces"), never cues."""
        words = self.tokens.words
        return [words[i] if i and words[i][:1].isupper() else w for i, w in enumerate(self.lower)]

    @functools.cached_property
    def venues(self) -> list[tuple[int, tuple[int, str]]]:
        """(index of "in"/"at", the place after it) for each place so introduced."""
        words, tokens = self.words, self.tokens
        out = []
        for i in range(len(words) - 1):
            if words[i] in ("in", "at"):
                hit = match_place(tokens.string, tokens.positions[i + 1])
                if hit is not None:
                    out.append((i, hit))
        return out

    @functools.cached_property
    def hosting(self) -> list[int]:
        """Where "hosted", "hosts" or "hosting" stands."""
        return [i for i, w in enumerate(self.words) if w in ("hosted", "hosts", "hosting")]

    @functools.cached_property
    def private(self) -> list[bool]:
        return self.reader._private_counterparts(self.tokens, self.lower)

    @functools.cached_property
    def breaks(self) -> list[int]:
        """How many clause breaks (",", ";", "and", ...) stand before each token."""
        out = [0]
        for word in self.lower:
            out.append(out[-1] + (word in _CLAUSE_BREAKS))
        return out

    @functools.cached_property
    def dates(self) -> list[tuple[int, int]]:
        return find_dates(self.tokens.string)

    @functools.cached_property
    def speaker(self) -> str | None:
        speech = self.reader.cues.speech
        if not speech:
            return None
        demonyms = self.reader.gazetteer.demonym_words
        return find_speaker(self.tokens.words, self.lower, speech, demonyms)


def as_span(tokens: Tokens, first: int, last: int) -> Span:
    """A document span of tokens [first, last)."""
    start, end = tokens.doc_span(first, last)
    sentence = tokens.sentence
    return Span(sentence.text[start - sentence.start : end - sentence.start], start, end)
