"""The lifecycle: allowed moves, flags, and the fold that gives a status from a history.

Events here are built by hand (:func:`make_event`), so these tests pin the tracker's
semantics without depending on what the engine reads.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treatytrack.records import (
    AgreementRef,
    DatePrecision,
    Event,
    Kind,
    Modality,
    Negation,
    Polarity,
    Span,
    Status,
)
from treatytrack.track.lifecycle import (
    IMPLIED,
    PARTY_LEVEL,
    RANK,
    TRANSITIONS,
    Step,
    allowed,
    classify,
    fold,
)
from treatytrack.track.records import Effect, Flag

S = Status


def make_event(
    doc_id: str,
    status: Status | str,
    *,
    kind: Kind | str = Kind.AGREEMENT,
    name: str | None = "pact on fisheries",
    aliases: tuple[str, ...] = (),
    type: str | None = "pact",
    topic: str | None = None,
    parties: tuple[str, ...] = ("CHL", "NOR"),
    date: str | None = None,
    precision: DatePrecision | str | None = None,
    actor: str | None = None,
    modality: Modality | str = Modality.ASSERTED,
    polarity: Polarity | str = Polarity.POSITIVE,
    negation: Negation | str | None = None,
    reference: bool = False,
    offset: int = 0,
    rule: str = "test.rule",
) -> Event:
    """A hand-made event: one sentence at ``offset`` whose first word is the trigger."""
    sentence = f"{' '.join(parties)} {status} the {name or topic}."
    agreement = AgreementRef(name, type, None, aliases) if name else None
    if date is not None and precision is None:
        precision = DatePrecision.DAY
    return Event(
        doc_id=doc_id,
        kind=kind,
        status=status,
        trigger=Span(sentence[:3], offset, offset + 3),
        evidence=Span(sentence, offset, offset + len(sentence)),
        rule=rule,
        modality=modality,
        polarity=polarity,
        negation=negation,
        agreement=agreement,
        parties=parties,
        date=date,
        date_precision=precision,
        actor=actor,
        topic=topic,
        reference=reference,
    )


def step(event: Event, published: str | None = None) -> Step:
    return Step.of(event, dt.date.fromisoformat(published) if published else None)


# -- the transition table ------------------------------------------------------------------


def test_every_status_has_a_rank_and_a_row() -> None:
    assert set(RANK) == set(Status)
    assert set(TRANSITIONS) == {None, *Status}
    assert set(Status) >= PARTY_LEVEL
    assert set(Status) >= IMPLIED


def test_the_only_allowed_moves_back_are_explicit_resumptions() -> None:
    backwards = {
        (current, target)
        for current, targets in TRANSITIONS.items()
        if current is not None
        for target in targets
        if RANK[target] < RANK[current]
    }
    assert backwards == {
        (S.COLLAPSED, S.PROPOSED),  # "agreed to resume talks"
        (S.AGREED_IN_PRINCIPLE, S.UNDER_NEGOTIATION),  # details still being negotiated
        (S.AGREED_IN_PRINCIPLE, S.COLLAPSED),
    }
    assert allowed(S.COLLAPSED, S.UNDER_NEGOTIATION)
    assert allowed(S.SUSPENDED, S.IN_FORCE)
    assert allowed(S.IN_FORCE, S.SUSPENDED)


@pytest.mark.parametrize(
    ("current", "target", "seen", "late", "effect", "flag"),
    [
        (None, S.PROPOSED, (), False, Effect.MOVED, Flag.NONE),
        (None, S.SIGNED, (), False, Effect.MOVED, Flag.NONE),  # first heard of at signing
        (S.PROPOSED, S.SIGNED, (S.PROPOSED,), False, Effect.MOVED, Flag.NONE),
        (S.SIGNED, S.IN_FORCE, (S.SIGNED,), False, Effect.MOVED, Flag.NONE),  # an MoU
        (None, S.IN_FORCE, (), False, Effect.MOVED, Flag.GAP),
        (S.PROPOSED, S.RATIFIED, (S.PROPOSED,), False, Effect.MOVED, Flag.GAP),
        (S.COLLAPSED, S.SIGNED, (S.COLLAPSED,), False, Effect.MOVED, Flag.GAP),
        (S.SIGNED, S.SIGNED, (S.SIGNED,), False, Effect.REPEATED, Flag.NONE),
        (S.IN_FORCE, S.SIGNED, (S.SIGNED, S.IN_FORCE), False, Effect.REPEATED, Flag.NONE),
        (S.IN_FORCE, S.UNDER_NEGOTIATION, (S.IN_FORCE,), False, Effect.BLOCKED, Flag.CONFLICT),
        (S.IN_FORCE, S.UNDER_NEGOTIATION, (S.IN_FORCE,), True, Effect.REPEATED, Flag.NONE),
        (S.IN_FORCE, S.COLLAPSED, (S.IN_FORCE,), True, Effect.BLOCKED, Flag.CONFLICT),
        (S.COLLAPSED, S.UNDER_NEGOTIATION, (S.COLLAPSED,), False, Effect.MOVED, Flag.NONE),
        (S.TERMINATED, S.IN_FORCE, (S.TERMINATED,), False, Effect.BLOCKED, Flag.CONFLICT),
    ],
)
def test_classify(
    current: Status | None,
    target: Status,
    seen: tuple[Status, ...],
    late: bool,
    effect: Effect,
    flag: Flag,
) -> None:
    got_effect, got_flag, note = classify(current, target, seen, late=late)
    assert (got_effect, got_flag) == (effect, flag)
    if flag is not Flag.NONE:
        assert note


def test_a_gap_past_signature_says_no_signing_was_seen() -> None:
    _, flag, note = classify(None, S.IN_FORCE)
    assert flag is Flag.GAP
    assert note == "in_force with no signing seen"


# -- the fold ------------------------------------------------------------------------------


def test_only_asserted_positive_events_move_the_status() -> None:
    events = [
        make_event("d1", S.PROPOSED, kind=Kind.NEGOTIATION, date="2020-01-10"),
        make_event("d2", S.SIGNED, modality=Modality.EXPECTED, date="2020-02-01"),
        make_event("d3", S.SIGNED, modality=Modality.INTENDED),
        make_event("d4", S.SIGNED, polarity=Polarity.NEGATIVE, negation=Negation.REFUSED),
        make_event("d5", S.IN_FORCE, reference=True),
    ]
    result = fold([step(e, "2020-03-01") for e in events])
    assert result.status is S.PROPOSED
    assert result.status_date == dt.date(2020, 1, 10)
    assert result.kind is Kind.NEGOTIATION
    effects = [result.outcomes[e.id].effect for e in events]
    assert effects == [Effect.MOVED] + [Effect.EVIDENCE] * 4
    notes = [result.outcomes[e.id].note for e in events[1:]]
    assert notes == [
        "expected",
        "intended",
        "denied (refused)",
        "background reference",
    ]
    assert all(result.outcomes[e.id].result is S.PROPOSED for e in events[1:])


def test_the_agreement_is_ratified_once_every_party_has_ratified() -> None:
    signed = make_event("d1", S.SIGNED, date="2020-01-10")
    by_chile = make_event("d2", S.RATIFIED, parties=("CHL",), actor="CHL", date="2020-05-02")
    pending = make_event(
        "d3",
        S.RATIFIED,
        parties=("NOR",),
        polarity=Polarity.NEGATIVE,
        negation=Negation.PENDING,
    )
    by_norway = make_event("d4", S.RATIFIED, parties=("CHL", "NOR"), actor="NOR", date="2020-09-30")
    in_force = make_event("d5", S.IN_FORCE, date="2020-11-01")
    published = {"d1": "2020-01-11", "d2": "2020-05-03", "d3": "2020-06-15", "d4": "2020-10-01"}
    steps = [
        step(e, published.get(e.doc_id, "2020-11-02"))
        for e in (signed, by_chile, pending, by_norway, in_force)
    ]
    result = fold(steps)
    outcome = {
        e.doc_id: result.outcomes[e.id] for e in (signed, by_chile, pending, by_norway, in_force)
    }
    assert [(d, o.effect, o.result) for d, o in outcome.items()] == [
        ("d1", Effect.MOVED, S.SIGNED),
        ("d2", Effect.PARTY, S.SIGNED),
        ("d3", Effect.EVIDENCE, S.SIGNED),
        ("d4", Effect.MOVED, S.RATIFIED),
        ("d5", Effect.MOVED, S.IN_FORCE),
    ]
    assert outcome["d2"].note == "ratified by CHL"
    assert result.status is S.IN_FORCE
    assert result.status_date == dt.date(2020, 11, 1)
    assert [(p.party, p.status, p.date, p.doc_id) for p in result.party_status] == [
        ("CHL", S.SIGNED, dt.date(2020, 1, 10), "d1"),
        ("CHL", S.RATIFIED, dt.date(2020, 5, 2), "d2"),
        ("NOR", S.SIGNED, dt.date(2020, 1, 10), "d1"),
        ("NOR", S.RATIFIED, dt.date(2020, 9, 30), "d4"),
    ]


def test_entry_into_force_with_no_signing_seen_is_kept_and_flagged_as_a_gap() -> None:
    in_force = make_event("d1", S.IN_FORCE, date="2021-04-01")
    result = fold([step(in_force, "2021-04-02")])
    outcome = result.outcomes[in_force.id]
    assert (outcome.effect, outcome.flag) == (Effect.MOVED, Flag.GAP)
    assert result.status is S.IN_FORCE


def test_a_ratification_before_any_signing_is_a_gap_for_that_party() -> None:
    ratified = make_event("d1", S.RATIFIED, parties=("CHL",), actor="CHL", date="2021-04-01")
    other = make_event("d2", S.PROPOSED, kind=Kind.NEGOTIATION, date="2020-01-01")
    result = fold([step(ratified), step(other)])
    outcome = result.outcomes[ratified.id]
    assert (outcome.effect, outcome.flag) == (Effect.PARTY, Flag.GAP)
    assert outcome.note == "ratified by CHL with no signing seen"
    assert result.status is S.PROPOSED


def test_a_later_step_backwards_is_a_conflict_and_moves_nothing() -> None:
    in_force = make_event("d1", S.IN_FORCE, date="2021-04-01")
    signed = make_event("d0", S.SIGNED, date="2021-01-01")
    talks = make_event("d2", S.UNDER_NEGOTIATION, kind=Kind.NEGOTIATION, date="2021-06-01")
    result = fold([step(talks), step(in_force), step(signed)])
    outcome = result.outcomes[talks.id]
    assert (outcome.effect, outcome.flag, outcome.result) == (
        Effect.BLOCKED,
        Flag.CONFLICT,
        S.IN_FORCE,
    )
    assert result.status is S.IN_FORCE


def test_an_undated_earlier_step_reported_later_is_a_retelling() -> None:
    signed = make_event("d1", S.SIGNED, date="2021-01-01")
    concluded = make_event("d1", S.NEGOTIATION_CONCLUDED, kind=Kind.NEGOTIATION, offset=50)
    result = fold([step(signed, "2021-01-02"), step(concluded, "2021-01-02")])
    assert result.outcomes[concluded.id].effect is Effect.REPEATED
    assert result.outcomes[concluded.id].flag is Flag.NONE


def test_talks_collapse_and_resume() -> None:
    events = [
        make_event("d1", S.UNDER_NEGOTIATION, kind=Kind.NEGOTIATION, date="2019-01-01"),
        make_event("d2", S.COLLAPSED, kind=Kind.NEGOTIATION, date="2019-06-01"),
        make_event("d3", S.UNDER_NEGOTIATION, kind=Kind.NEGOTIATION, date="2020-01-01"),
        make_event("d4", S.SIGNED, date="2020-08-01"),
    ]
    result = fold([step(e) for e in events])
    assert [result.outcomes[e.id].effect for e in events] == [Effect.MOVED] * 4
    assert result.status is S.SIGNED
    assert result.kind is Kind.AGREEMENT


def test_one_party_withdrawing_ends_a_bilateral_agreement_but_not_a_multilateral_one() -> None:
    signed = make_event("d1", S.SIGNED, date="2010-01-01")
    in_force = make_event("d2", S.IN_FORCE, date="2011-01-01")
    quits = make_event("d3", S.WITHDRAWN, parties=("NOR",), actor="NOR", date="2018-01-01")
    bilateral = fold([step(e) for e in (signed, in_force, quits)])
    assert bilateral.status is S.WITHDRAWN
    assert bilateral.outcomes[quits.id].effect is Effect.MOVED

    three = ("CHL", "NOR", "PER")
    many = [
        make_event("d1", S.SIGNED, parties=three, date="2010-01-01"),
        make_event("d2", S.IN_FORCE, parties=three, date="2011-01-01"),
        quits,
    ]
    multilateral = fold([step(e) for e in many])
    assert multilateral.status is S.IN_FORCE
    assert multilateral.outcomes[quits.id].effect is Effect.PARTY
    assert ("NOR", S.WITHDRAWN) in [(p.party, p.status) for p in multilateral.party_status]


def test_a_ratification_reported_after_entry_into_force_is_recorded_for_the_party() -> None:
    signed = make_event("d1", S.SIGNED, date="2010-01-01")
    in_force = make_event("d2", S.IN_FORCE, date="2011-01-01")
    late = make_event("d3", S.RATIFIED, parties=("CHL",), actor="CHL")
    result = fold([step(signed), step(in_force), step(late, "2012-01-01")])
    outcome = result.outcomes[late.id]
    assert (outcome.effect, outcome.flag, outcome.result) == (Effect.PARTY, Flag.NONE, S.IN_FORCE)
    assert result.status is S.IN_FORCE


def test_a_finer_date_refines_a_coarse_one() -> None:
    signed = make_event("d0", S.SIGNED, date="2022-01-05")
    in_february = make_event(
        "d2", S.RATIFIED, parties=("CHL",), actor="CHL", date="2022-02-01", precision="month"
    )
    on_the_14th = make_event("d1", S.RATIFIED, parties=("CHL",), actor="CHL", date="2022-02-14")
    result = fold([step(signed), step(in_february, "2022-03-10"), step(on_the_14th, "2022-02-16")])
    chile = [p for p in result.party_status if p.status is S.RATIFIED]
    assert [(p.party, p.date, p.date_precision, p.doc_id) for p in chile] == [
        ("CHL", dt.date(2022, 2, 14), DatePrecision.DAY, "d1")
    ]
    assert result.outcomes[in_february.id].effect is Effect.PARTY
    assert result.outcomes[on_the_14th.id].effect is Effect.REPEATED


def test_undated_events_are_placed_by_their_publication_date() -> None:
    in_force = make_event("late", S.IN_FORCE)
    signed = make_event("early", S.SIGNED)
    result = fold([step(in_force, "2020-06-01"), step(signed, "2020-01-01")])
    assert result.order == (signed.id, in_force.id)
    assert result.outcomes[in_force.id].flag is Flag.NONE
    assert result.status_date == dt.date(2020, 6, 1)


def test_pledges_fold_to_pledged() -> None:
    pledge = make_event("d1", S.PLEDGED, kind=Kind.PLEDGE, name=None, topic="piracy")
    again = make_event("d2", S.PLEDGED, kind=Kind.PLEDGE, name=None, topic="piracy")
    result = fold([step(pledge, "2020-01-01"), step(again, "2020-02-01")])
    assert result.status is S.PLEDGED
    assert result.kind is Kind.PLEDGE
    assert result.outcomes[again.id].effect is Effect.REPEATED


_STORY = [
    ("a", S.PROPOSED, Kind.NEGOTIATION, None, "2019-02-01", Modality.ASSERTED),
    ("b", S.UNDER_NEGOTIATION, Kind.NEGOTIATION, None, "2019-05-01", Modality.ASSERTED),
    ("c", S.SIGNED, Kind.AGREEMENT, None, "2019-11-04", Modality.ASSERTED),
    ("d", S.RATIFIED, Kind.AGREEMENT, "CHL", "2020-02-14", Modality.ASSERTED),
    ("e", S.IN_FORCE, Kind.AGREEMENT, None, "2020-03-01", Modality.EXPECTED),
    ("f", S.RATIFIED, Kind.AGREEMENT, "NOR", "2020-06-07", Modality.ASSERTED),
    ("g", S.IN_FORCE, Kind.AGREEMENT, None, "2020-07-01", Modality.ASSERTED),
]


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(len(_STORY))))
def test_the_fold_does_not_depend_on_the_order_of_its_input(order: list[int]) -> None:
    events = [
        make_event(
            doc,
            status,
            kind=kind,
            actor=actor,
            parties=(actor,) if actor else ("CHL", "NOR"),
            date=date,
            modality=modality,
        )
        for doc, status, kind, actor, date, modality in _STORY
    ]
    steps = [step(e, "2021-01-01") for e in events]
    reference = fold(steps)
    shuffled = fold([steps[i] for i in order])
    assert shuffled == reference
    assert reference.status is S.IN_FORCE
    assert [reference.outcomes[e.id].effect for e in events] == [
        Effect.MOVED,
        Effect.MOVED,
        Effect.MOVED,
        Effect.PARTY,
        Effect.EVIDENCE,
        Effect.MOVED,
        Effect.MOVED,
    ]
