"""One sentence: run the candidate rules, resolve overlaps, and read each match's fields.

The result is a list of :class:`Draft` events: everything a sentence alone can tell.
What needs the rest of the document (collective parties, "the pact", acronyms) is settled
afterwards by :mod:`treatytrack.engine.document`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Sequence

import attrs

from ..records import Kind, Modality, Party, PartyKind, Polarity, Span, Status
from ..resolve.aliases import canonical_type, strip_determiners, type_of_name
from ..resolve.dates import find_dates, resolve_date
from ..resolve.parties import Gazetteer
from ..resolve.places import match_place
from ..rules.classes import CLASSES
from ..rules.compile import Branch, CompiledPattern, Match, class_end
from ..rules.ruleset import CompiledRule, RuleSet
from ..text import Tokens, dateline_end
from .classes import not_a_party, party_at
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


# The most tokens a match may hold before its trigger, whatever its pattern allows: a subject
# and its verb are not 30 tokens apart in news prose, and the cap bounds the start positions.
MAX_PREFIX_TOKENS = 30
_PREPOSITIONS = frozenset(
    "of in at from to for with on by into onto about against among between near".split()
)
_DATE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)
_CLAUSE_BREAKS = frozenset({",", ";", ":", "and", "but", "while"})
_DEFINITE = frozenset("the this that these those its their his her our".split())


def _reach(branch: Branch) -> int:
    """How far before its trigger a match of ``branch`` can start, in tokens."""
    return MAX_PREFIX_TOKENS if branch.prefix is None else min(branch.prefix, MAX_PREFIX_TOKENS)


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
        # Patterns that can begin with the same words and classes share their start checks:
        # pattern -> the number of its kind.
        kinds: dict[tuple[bool, frozenset[str], frozenset[str]], int] = {}
        self._start_kind = {
            id(c.pattern): kinds.setdefault(
                (c.pattern.starts_anywhere, c.pattern.first_words, c.pattern.first_classes),
                len(kinds),
            )
            for c in rules.rules
        }

    # -- matching ---------------------------------------------------------------------
    def matches(
        self, tokens: Tokens, lower: Sequence[str]
    ) -> list[tuple[CompiledRule, Match, int]]:
        """Every rule match in the sentence, overlaps resolved: (rule, match, trigger token)."""
        found: list[tuple[CompiledRule, Match, int]] = []
        index = self.rules.trigger_index
        s = tokens.string

        # kind of start -> per token: may a match of that kind begin there (None: not asked)
        starts: dict[int, list[bool | None]] = {}
        runs: dict[tuple[int, int], Match | None] = {}  # (pattern, token) -> what it matched
        start_kind = self._start_kind
        classes = self.classes

        def begins(pattern: CompiledPattern, i: int) -> bool:
            if pattern.starts_anywhere or lower[i] in pattern.first_words:
                return True
            # (class answers are remembered per sentence: class_end)
            at = tokens.positions[i]
            for name in pattern.first_classes:
                if class_end(classes[name], s, at) is not None:
                    return True
            return False

        # where each word and one-token class mark occurs in the sentence
        where: dict[str, list[int]] = {}
        for i, word in enumerate(lower):
            places = where.get(word)
            if places is None:
                where[word] = [i]
            else:
                places.append(i)
        marks_of = self._token_marks
        for i, written in enumerate(tokens.words):
            if written[:1].isupper() or written[:1].isdigit():
                for mark in marks_of(written):
                    where.setdefault(mark, []).append(i)
        present = where.keys()
        spots: dict[frozenset[str], list[int]] = {}
        possible: dict[int, bool] = {}  # rule -> can the sentence hold a match of it
        positions = tokens.positions

        def at(need: frozenset[str]) -> list[int]:
            """The tokens holding a word of ``need``, in order."""
            spot = spots.get(need)
            if spot is None:
                lists = [where[w] for w in present & need]
                spot = spots[need] = (
                    lists[0] if len(lists) == 1 else sorted(i for x in lists for i in x)
                )
            return spot

        def viable(pattern: CompiledPattern, t: int) -> list[tuple[Branch, int]]:
            """The branches that can have their trigger at ``t``, each with the last start
            it can match from: a branch needs its trigger word there, the words it holds
            before the trigger in front of the start, and those after it from ``t`` on."""
            out = []
            word = lower[t]
            for branch in pattern.branches:
                if branch.triggers is not None and word not in branch.triggers:
                    continue
                if not branch.head_fits(lower, t):
                    continue
                if not branch.possible(present):
                    continue
                if not all((spot := at(need)) and spot[-1] >= t for need in branch.after):
                    continue
                bound = t
                for need in branch.before:
                    spot = at(need)
                    k = bisect.bisect_left(spot, t)
                    bound = min(bound, spot[k - 1] if k else -1)
                    if bound < 0:
                        break
                if bound >= 0:
                    out.append((branch, bound))
            return out

        def lead_fits(branch: Branch, i: int) -> bool:
            """Whether the words the branch's first item needs lie within its reach of ``i``."""
            for need in branch.lead_requires:
                spot = at(need)
                k = bisect.bisect_left(spot, i)
                if k == len(spot) or spot[k] >= i + branch.lead_reach:
                    return False
            return True

        for t, word in enumerate(lower):
            for compiled in index.get(word, ()):
                pattern = compiled.pattern
                can = possible.get(compiled.order)
                if can is None:
                    can = possible[compiled.order] = pattern.possible(present)
                if not can:
                    continue
                branches = viable(pattern, t) if pattern.branches else None
                if branches is not None and not branches:
                    continue
                last = max(b for _, b in branches) if branches else t
                reach = min(pattern.prefix_tokens, MAX_PREFIX_TOKENS)
                # each viable branch: from ``low`` to ``bound`` a start may reach its trigger;
                # from ``first`` to ``free`` some branch that needs nothing near its start
                # can begin (roughly: the exact test follows when a start is outside)
                spans: list[tuple[Branch, int, int]] = []
                first = free = 0
                if branches is not None:
                    spans = [(br, t - _reach(br), b) for br, b in branches]
                    reach = min(reach, t - min(low for _, low, _ in spans))
                    open_ = [(low, b) for br, low, b in spans if not br.lead_requires]
                    free = max((b for _, b in open_), default=-1)
                    first = min((low for low, _ in open_), default=t + 1)
                kind = start_kind[id(pattern)]
                flags = starts.get(kind)
                if flags is None:
                    flags = starts[kind] = [None] * len(lower)
                for start in range(max(0, t - reach), last + 1):
                    if (
                        branches is not None
                        and not first <= start <= free
                        and not any(
                            low <= start <= bound
                            and (not branch.lead_requires or lead_fits(branch, start))
                            for branch, low, bound in spans
                        )
                    ):
                        continue
                    may = flags[start]
                    if may is None:
                        may = flags[start] = begins(pattern, start)
                    if not may:
                        continue
                    key = (id(pattern), start)
                    if key in runs:  # the same run, tried for another trigger before
                        match = runs[key]
                    elif not pattern.may_trigger_at(s, positions[start], positions[t]):
                        continue  # (no run: it is made, once, if a later trigger can use it)
                    else:
                        match = runs[key] = pattern.run(s, positions[start])
                    if match is None or self._object_not_subject(match, tokens, lower, start):
                        continue
                    trig = match.get("trigger")
                    if trig is not None and tokens.index_at(trig[0]) == t:
                        found.append((compiled, match, t))
                        break
        return self._resolve_overlaps(found, tokens)

    @staticmethod
    def _object_not_subject(match: Match, tokens: Tokens, lower: Sequence[str], start: int) -> bool:
        """A match that opens on parties right after a preposition ("the region of Darfur
        to join ...") has taken an object for a subject."""
        if start == 0 or not match.captures or lower[start - 1] not in _PREPOSITIONS:
            return False
        first = min(match.captures, key=lambda c: c[1])
        return first[0] == "parties" and first[1] == match.start

    @staticmethod
    def _resolve_overlaps(
        found: list[tuple[CompiledRule, Match, int]], tokens: Tokens
    ) -> list[tuple[CompiledRule, Match, int]]:
        # Two matches conflict when their triggers share a token: one word is one event.
        # The higher priority wins, then the longer match, then the earlier rule.
        found.sort(key=lambda f: (-f[0].rule.priority, -(f[1].end - f[1].start), f[0].order))
        taken: list[tuple[int, int]] = []
        kept = []
        for compiled, match, t in found:
            trig = match.get("trigger")
            assert trig is not None
            span = (tokens.index_at(trig[0]), tokens.index_at(trig[1]))
            if any(span[0] < b and a < span[1] for a, b in taken):
                continue
            taken.append(span)
            kept.append((compiled, match, t))
        kept.sort(key=lambda f: f[2])
        return kept

    # -- reading fields ---------------------------------------------------------------
    def read(self, tokens: Tokens, published: dt.date | None) -> list[Draft]:
        lower = tokens.lower()
        drafts = []
        view = _View(self, tokens, lower)
        for compiled, match, _t in self.matches(tokens, lower):
            drafts.append(self._draft(compiled, match, view, published))
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
        self._date(draft, field_spans, published, view)
        self._place(draft, field_spans, view)
        draft.speaker = view.speaker
        return draft

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
