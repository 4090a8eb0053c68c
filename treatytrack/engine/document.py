"""The document pass: what one sentence cannot settle alone.

In document order: collective parties ("the four ministers", "they") take the parties
established before them; "the pact" points back to the most recent pact and inherits its
name and parties; acronyms are tied to the long forms whose initials they are (ACSA); an
event with no parties of its own takes those of the agreement it names. Then each draft
becomes a frozen :class:`~treatytrack.records.Event`, or is dropped if it still has fewer
parties than its rule requires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import attrs

from ..records import AgreementRef, DatePrecision, Event, Kind, Modality, Party, PartyKind, Status
from ..resolve.aliases import acronym_definitions, acronyms_in, initials_match, is_bare_reference
from ..resolve.parties import resolve_collective
from .sentence import Draft, as_span

__all__ = ["finish_document"]

_DATE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)
_PRONOUNS = frozenset({"they", "them", "it", "both"})
_BARE_TYPES = (
    "agreement",
    "pact",
    "deal",
    "accord",
    "treaty",
    "memorandum",
    "convention",
    "protocol",
    "framework",
    "arrangement",
    "ceasefire",
    "truce",
    "charter",
    "declaration",
    "mou",
)
_GENERIC = frozenset({"agreement", "deal", "accord"})


def _codes(parties: Sequence[Party], context: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The codes of some parties, collective references resolved against ``context``."""
    codes: set[str] = set()
    for party in parties:
        if party.kind is PartyKind.COLLECTIVE:
            codes.update(resolve_collective(party, context))
        else:
            codes.add(party.code)
    return tuple(sorted(codes))


def _elided_subject(draft: Draft, previous: Draft | None) -> bool:
    """ "X and Y signed a pact and agreed to begin talks": the second verb's subject is
    the first's when its match opens on the coordinating "and" in the same sentence."""
    if previous is None or previous.tokens is not draft.tokens:
        return False
    first = draft.tokens.index_at(draft.match.start)
    return first < len(draft.tokens) and draft.tokens.words[first].lower() in ("and", ",")


def _antecedent(draft: Draft, named: Sequence[Draft]) -> Draft | None:
    """The agreement a bare "the pact" points back to: the most recent one of that type,
    else (for a generic noun, or failing that) the most recent one named at all."""
    wanted = draft.agreement_type
    for earlier in reversed(named):
        if earlier.agreement_type == wanted or wanted in _GENERIC:
            return earlier
    return named[-1] if named else None


def _link_bare_names(drafts: Sequence[Draft]) -> None:
    """ "the pact" -> the most recent earlier agreement of that type (any type for "the deal"),
    whose name, type and sides it takes; with no named agreement before it, the most recent
    event with parties lends its sides ("agreed in principle on X ... the agreement will be
    signed")."""
    named: list[Draft] = []
    lender: Draft | None = None  # the most recent event with parties
    for draft in drafts:
        name = draft.agreement_name
        if name and draft.definite and is_bare_reference(name, _BARE_TYPES):
            earlier = _antecedent(draft, named)
            if earlier is not None:
                draft.agreement_name = earlier.agreement_name
                # the type stays as written ("the pact"), unless the text gave none
                draft.agreement_type = draft.agreement_type or earlier.agreement_type
                draft.topic = draft.topic or earlier.topic
                # The same agreement has the same sides: "Kenya's parliament ratified the
                # pact" is Kenya acting on the Kenya-Tanzania pact.
                draft.codes = tuple(sorted(set(draft.codes) | set(earlier.codes)))
            elif lender is not None and not draft.codes:
                draft.codes = lender.codes
                draft.topic = draft.topic or lender.topic
        elif name:
            named.append(draft)
        if draft.codes:
            lender = draft


def _link_talks(drafts: Sequence[Draft]) -> None:
    """Talks that name nothing ("Negotiations between the two neighbours are expected to
    start") are the talks on the agreement last named for the same parties."""
    for i, draft in enumerate(drafts):
        if draft.kind is not Kind.NEGOTIATION or draft.agreement_name or draft.topic:
            continue
        for earlier in reversed(drafts[:i]):
            if earlier.codes == draft.codes and (earlier.agreement_name or earlier.topic):
                draft.agreement_name = earlier.agreement_name
                draft.agreement_type = earlier.agreement_type
                draft.topic = earlier.topic
                break


def _link_acronyms(drafts: Sequence[Draft], text: str) -> None:
    defined = acronym_definitions(text)
    # each distinct name once: a long document repeats the same few names
    acronyms = {d.agreement_name: acronyms_in(d.agreement_name) for d in drafts if d.agreement_name}
    abbreviated = [(name, shorts) for name, shorts in acronyms.items() if shorts]
    for draft in drafts:
        name = draft.agreement_name
        if not name:
            continue
        named: str = name
        for short, long_form in defined.items():
            if long_form.lower() in name.lower() or short in acronyms[name]:
                draft.aliases.add(short)
        for short in acronyms[name]:
            if any(initials_match(short, other) for other in acronyms if other != name):
                draft.aliases.add(short)
        for other_name, shorts in abbreviated:
            for short in shorts:
                if other_name != named and short not in named and initials_match(short, named):
                    draft.aliases.add(short)
    # Events naming the same agreement by acronym share its sides and type.
    by_alias: dict[str, list[int]] = {}
    for i, draft in enumerate(drafts):
        for short in draft.aliases:
            by_alias.setdefault(short, []).append(i)
    for i, draft in enumerate(drafts):
        if not draft.aliases:
            continue
        for j in sorted({j for short in draft.aliases for j in by_alias[short]} - {i}):
            other = drafts[j]
            draft.codes = tuple(sorted(set(draft.codes) | set(other.codes)))
            draft.agreement_type = draft.agreement_type or other.agreement_type


def finish_document(
    drafts: list[Draft],
    text: str,
    doc_id: str,
    published: dt.date | None,
    mentions_before: Callable[[int], list[tuple[int, tuple[str, ...]]]],
) -> list[Event]:
    """Settle document-level references and freeze the drafts into events, in order."""
    drafts.sort(key=lambda d: d.start)
    context: list[tuple[str, ...]] = []
    previous: Draft | None = None
    for draft in drafts:
        needs_context = any(p.kind is PartyKind.COLLECTIVE for p in draft.parties)
        local = context
        if needs_context:
            # Parties named earlier in the same sentence are the most recent antecedents
            # ("Mali, Niger and Chad said they were quitting ..."); then earlier events;
            # then party mentions in earlier sentences.
            mentions = mentions_before(draft.start)
            opening = draft.tokens.sentence.start
            same = [codes for start, codes in mentions if start >= opening]
            before = [codes for start, codes in mentions if start < opening]
            # A bare "they" needs a clear antecedent: an event or the same sentence.
            pronoun_only = all(
                p.text.lower() in _PRONOUNS for p in draft.parties if p.kind is PartyKind.COLLECTIVE
            )
            local = [*(context or ([] if pronoun_only else before)), *same]
        draft.codes = _codes(draft.parties, local)
        draft.subject_codes = _codes(draft.subject, local)
        draft.own_codes = draft.codes
        if draft.actor is not None:  # an explicit actor: capture ("ratified by Japan")
            acting = _codes([draft.actor], local)
            draft.actor_code = acting[0] if len(acting) == 1 else None
        if not draft.parties and _elided_subject(draft, previous):
            assert previous is not None
            draft.codes = previous.codes
            draft.subject_codes = previous.subject_codes
        if draft.codes:
            context.append(draft.codes)
        previous = draft
    _link_bare_names(drafts)
    _link_acronyms(drafts, text)
    _link_talks(drafts)
    # The date, place and speaker are read only for the drafts that may be kept; the date
    # can still decide (a named agreement dated long ago is a background mention).
    hopeful = [draft for draft in drafts if not _dropped_whatever_the_date(draft)]
    for draft in hopeful:
        draft.complete()
    _mark_history(hopeful, published)
    events = []
    for draft in hopeful:
        # A background mention of a named agreement stands without its parties (the drafts
        # left here with too few are named).
        if len(draft.codes) < _min_parties(draft) and not draft.reference:
            continue
        if draft.reference and _inside_another(draft, drafts):
            continue
        events.append(_freeze(draft, doc_id))
    return events


def _min_parties(draft: Draft) -> int:
    """The fewest parties the draft's rule asks for (1 unless its captures say)."""
    minimum = 1
    for spec in draft.rule.rule.captures.values():
        if spec.field == "parties" and spec.min is not None:
            minimum = spec.min
    return minimum


def _dropped_whatever_the_date(draft: Draft) -> bool:
    """Whether the draft becomes no event, whatever its date says."""
    codes = draft.codes
    # One state dealing "with IBM" is a contract, not an international agreement.
    if draft.private and len(codes) <= 1:
        return True
    # An event with too few parties must at least name its agreement properly ("the Paris
    # Agreement", "New START"): "the merger agreement took effect" is no one's treaty.
    return (len(codes) < _min_parties(draft) or not codes) and not _is_proper_name(draft)


def _is_proper_name(draft: Draft) -> bool:
    """The agreement is named so as to single it out: a capitalised word ("the Paris
    Agreement", "New START") or a year ("the 1951 treaty")."""
    if draft.agreement_span is None:
        return False
    first, last = draft.agreement_span
    words = draft.tokens.words
    return any(
        (
            any(c.isupper() for c in words[i])
            and (i > 0 or words[i].isupper())
            and words[i].lower() not in _DATE_WORDS
        )
        or (len(words[i]) == 4 and words[i].isdigit() and words[i][:2] in ("19", "20"))
        for i in range(first, last)
    )


def _inside_another(draft: Draft, drafts: Sequence[Draft]) -> bool:
    """A background mention that is part of another event's agreement name ("signed the
    1951 treaty") is that event's business, not an event of its own."""
    for other in drafts:
        if other is draft or other.tokens is not draft.tokens:
            continue
        if other.agreement_span is not None:
            first, last = other.agreement_span
            if first <= draft.trigger[0] < last:
                return True
    return False


# Statuses taken by one party at a time (VCLT arts. 11-16, 54-57): the acting party matters.
_PARTY_LEVEL = frozenset({Status.RATIFIED, Status.SUSPENDED, Status.WITHDRAWN, Status.TERMINATED})
# Steps a single party can take alone on a multilateral instrument ("Colombia signed the
# high seas treaty"): the party acts when it is the only one named.
_SOLO = frozenset({Status.SIGNED, Status.INITIALLED})
_HISTORY = dt.timedelta(days=366)


def _mark_history(drafts: Sequence[Draft], published: dt.date | None) -> None:
    """Set each draft's acting party, and mark as references events the text dates more
    than a year before publication ("signed the treaty in 1951")."""
    for draft in drafts:
        if draft.actor_code is None and draft.kind is Kind.AGREEMENT:
            subject = draft.subject_codes
            # a party acting alone on a multilateral instrument ("Colombia signed the high
            # seas treaty"; "Baku said it would sign the treaty"): no other side named here
            if len(subject) == 1 and (
                draft.status in _PARTY_LEVEL
                or (draft.status in _SOLO and set(draft.own_codes) <= set(subject))
            ):
                draft.actor_code = subject[0]
        asserted = draft.modifiers.modality is Modality.ASSERTED
        if published is not None and draft.date is not None and asserted:
            if published - draft.date > _HISTORY:
                draft.reference = True
            elif draft.date > published and draft.date_precision == "day":
                # "the treaty enters into force on March 1": scheduled, not yet a fact
                draft.modifiers = attrs.evolve(draft.modifiers, modality=Modality.EXPECTED)


def _freeze(draft: Draft, doc_id: str) -> Event:
    rule = draft.rule.rule
    tokens = draft.tokens
    agreement = None
    if draft.agreement_name:
        agreement = AgreementRef(
            draft.agreement_name, draft.agreement_type, draft.topic, tuple(sorted(draft.aliases))
        )
    return Event(
        doc_id=doc_id,
        kind=rule.kind,
        status=rule.status,
        trigger=as_span(tokens, *draft.trigger),
        evidence=as_span(tokens, 0, len(tokens)),
        rule=rule.id,
        modality=draft.modifiers.modality,
        polarity=draft.modifiers.polarity,
        negation=draft.modifiers.negation,
        agreement=agreement,
        parties=draft.codes,
        date=draft.date,
        date_text=draft.date_text,
        date_precision=DatePrecision(draft.date_precision) if draft.date_precision else None,
        place=draft.place,
        speaker=draft.speaker,
        actor=draft.actor_code,
        topic=draft.topic if agreement is None or rule.kind is Kind.PLEDGE else None,
        reference=draft.reference,
    )
