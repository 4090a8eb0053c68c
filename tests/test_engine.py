"""The engine: prefilter, overlaps, modifiers, parties in context, dates, aliases."""

from __future__ import annotations

import datetime as dt
import pickle
import textwrap
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import treatytrack
from treatytrack.engine import Engine
from treatytrack.engine.classes import _party_at, not_a_party
from treatytrack.engine.prefilter import _PLAIN, _WORD, Prefilter, _in_reach, _spaced, _Words
from treatytrack.records import (
    Document,
    Modality,
    Negation,
    Party,
    PartyKind,
    Polarity,
    Status,
)
from treatytrack.resolve.parties import default_gazetteer
from treatytrack.rules.compile import CompiledPattern
from treatytrack.text import Tokens, sentence_spans, token_string

from .strategies import headed_texts, rough_texts, spotted_texts

FRIDAY = dt.date(2024, 3, 8)  # a Friday


def one(text: str, published: dt.date | None = FRIDAY, **filters: object) -> treatytrack.Event:
    events = [
        e
        for e in treatytrack.extract(text, published=published)
        if all(getattr(e, k) == v for k, v in filters.items())
    ]
    assert len(events) == 1, events
    return events[0]


def test_the_prefilter_skips_sentences_without_trigger_words() -> None:
    engine = Engine()
    text = "Markets rose. Japan and France signed a pact on fisheries. Prices stayed flat."
    sentences = treatytrack.text.sentence_spans(text)
    assert engine.prefilter.candidates(text, sentences) == [1]
    assert engine.prefilter.sentences(text) == [sentences[1]]


def _corpus_documents() -> list[str]:
    import yaml

    path = Path(__file__).parent / "corpus" / "sentences.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = [e["text"] for e in entries]
    # documents of a few sentences each, some run on without full stops
    docs = [" ".join(texts[i : i + 5]) for i in range(0, len(texts), 5)]
    return docs + [
        " ".join(texts[i : i + 20]).replace(". ", ", ") for i in range(0, len(texts), 20)
    ]


def test_the_prefilter_finds_the_same_sentences_without_splitting_everything(
    engine: Engine,
) -> None:
    docs = _corpus_documents()
    picked = 0
    for text in docs:
        sentences = treatytrack.text.sentence_spans(text)
        expected = [sentences[i] for i in engine.prefilter.candidates(text, sentences)]
        assert engine.prefilter.sentences(text) == expected
        picked += len(expected)
    assert picked > len(docs)  # the documents do hold candidates


@given(st.lists(st.sampled_from(_corpus_documents()), max_size=3), rough_texts)
def test_the_prefilter_finds_the_same_sentences_in_rough_text(
    engine: Engine, docs: list[str], rough: str
) -> None:
    text = rough.join(docs)
    sentences = treatytrack.text.sentence_spans(text)
    expected = [sentences[i] for i in engine.prefilter.candidates(text, sentences)]
    assert engine.prefilter.sentences(text) == expected


@given(
    st.one_of(
        st.text(alphabet="ab\u00e91_-'\u2019&/. \n", max_size=40),
        st.text(max_size=40),
        rough_texts,
    ),
    st.integers(0, 40),
    st.integers(0, 40),
)
@example("in-principle co--operation AT&T's u.n. a/b -x x- 'y' o\u2019neill 1_2", 0, 0)
@example("the cease-fire", 0, 4)  # a compound cut by the end of the span
def test_the_prefilter_cuts_words_as_its_pattern_does(text: str, start: int, cut: int) -> None:
    """The sentence check's own cutting reads what the pattern finds: the words, the
    trigger words among them, the requirement bits of the words that have some (a
    compound's by its parts too) and where each trigger word stands, alone or in a
    compound."""
    start = min(start, len(text))
    end = max(start, len(text) - cut)
    triggers = {"ab", "a", "b1", "\u00e9"}
    bits = {"a": 1, "b": 2, "ab": 4, "1": 8, "\u00e9": 16}
    known = {w: (bits.get(w, 0), w in triggers) for w in triggers | bits.keys()}
    words = _Words(text, start, end, known)
    found = _WORD.findall(text, start, end)
    assert words.found == found
    assert words.hits == triggers.intersection(found)
    parts = [[w] if w.isalnum() else [w, *_PLAIN.findall(w)] for w in found]
    expected_bits = []
    for each in parts:
        b = 0
        for w in each:
            b |= bits.get(w, 0)
        expected_bits.append(b)
    assert words.bits_at == [(k, b) for k, b in enumerate(expected_bits) if b]
    where = {w: [k for k, each in enumerate(parts) if w in each] for w in triggers}
    assert words.where == {w: at for w, at in where.items() if at}


@pytest.fixture(scope="module")
def headed_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Rules whose trigger words fire only with the words after them, and need a word
    that is no trigger: where the prefilter skips a trigger word, nothing else finds its
    sentence."""
    pack = tmp_path_factory.mktemp("packs") / "heads.yaml"
    pack.write_text(
        "pack: heads\nlexicons:\n"
        "  collapse: [fell apart, fell through, broke down, came un-stuck]\n"
        "  start: [take effect, set out in]\n"
        "rules:\n"
        "  - id: heads.collapsed\n    kind: negotiation\n    status: collapsed\n"
        "    pattern: pact ...{0,3} trigger:@collapse\n"
        "    examples: [The pact fell apart.]\n"
        "  - id: heads.in_force\n    kind: agreement\n    status: in_force\n"
        "    pattern: pact ...{0,3} trigger:@start\n"
        "    examples: [The pact will take effect.]\n",
        encoding="utf-8",
    )
    return Engine(treatytrack.load_rules(pack))


@settings(max_examples=300)
@given(headed_texts)
@example("The pact set out in a letter.")  # a head of three words
@example("The pact fell, apart.")  # the words of a head, with punctuation between
@example("The pact 'fell apart.")  # a joiner that begins no compound
@example("The pact co-fell apart.")  # a compound's tail
def test_the_prefilter_passes_over_a_trigger_word_only_where_it_begins_no_head(
    headed_engine: Engine, text: str
) -> None:
    prefilter = headed_engine.prefilter
    sentences = treatytrack.text.sentence_spans(text)
    expected = [sentences[i] for i in prefilter.candidates(text, sentences)]
    assert prefilter.sentences(text) == expected


def _each_word_starts(prefilter: Prefilter, low: str, text: str) -> list[int] | None:
    """What :meth:`Prefilter._starts` finds, found word by word: where each trigger word
    stands in ``low`` with no letter or digit on either side, may begin its heads and has
    what its trigger captures hold within their reach."""
    starts = set()
    for word in prefilter.words:
        at = low.find(word)
        while at >= 0:
            stop = at + len(word)
            if (at == 0 or not low[at - 1].isalnum()) and (
                stop == len(low) or not low[stop].isalnum()
            ):
                if not text[at].isalnum():
                    return None
                headed = prefilter._heads.get(word)
                windows = prefilter._windows.get(word)
                if (headed is None or prefilter._begins_head(low, at, stop, headed)) and (
                    windows is None or _in_reach(low, _spaced(low), at, windows)
                ):
                    starts.add(at)
            at = low.find(word, at + 1)
    return sorted(starts)


@settings(max_examples=300)
@given(spotted_texts)
@example("Iran agreed to a cease fire in principle, a cease-fire \u00e9set up")
@example("\u00e9signed \u4e00signed signed\u00df signed\u2019s co-operate")
def test_the_prefilter_finds_trigger_words_where_a_search_for_each_word_does(
    engine: Engine, text: str
) -> None:
    # the automaton reads a spaced copy of the text: words beside letters beyond ASCII, and
    # words with joiners ("cease-fire" is no "cease fire"), are where it could go wrong
    prefilter = engine.prefilter
    low = prefilter.lower(text)
    assume(len(low) == len(text))  # (the prefilter splits everything otherwise)
    assert prefilter._starts(low, text) == _each_word_starts(prefilter, low, text)


def test_trigger_words_spaced_alike_are_each_found() -> None:
    # both stand as "cease fire" in the spaced text the automaton reads
    prefilter = Prefilter(["cease-fire", "cease/fire", "Truce"])
    text = "A cease/fire, then a cease-fire, not a cease fire; a truce."
    low = prefilter.lower(text)
    expected = [text.index("cease/"), text.index("cease-"), text.index("truce")]
    assert prefilter._starts(low, text) == expected


def test_a_compound_in_one_head_leaves_the_others_checked(headed_engine: Engine) -> None:
    # "came un-stuck" cannot be read word by word, "fell apart" can: "fell" alone still
    # splits nothing, though both are entries of one lexicon
    text = "Prices fell sharply. The pact came un-stuck. The pact fell apart."
    prefilter = headed_engine.prefilter
    split_around = prefilter._starts(prefilter.lower(text), text)
    assert split_around == [text.index("came"), text.index("fell apart")]
    assert [s.text for s in prefilter.sentences(text)] == [
        "The pact came un-stuck.",
        "The pact fell apart.",
    ]


@pytest.mark.parametrize(
    ("text", "word", "kept"),
    [
        ("Share prices held steady on Friday.", "held", False),
        ("Japan and France held talks on Friday.", "held", True),
        ("The year ended with a loss.", "ended", False),
        ("The talks ended without a deal.", "ended", True),
    ],
)
def test_a_trigger_word_splits_only_where_its_capture_can_hold_what_it_needs(
    engine: Engine, text: str, word: str, kept: bool
) -> None:
    # "held" is a trigger only as "held ... talks", "ended" only near "talks" or the like
    prefilter = engine.prefilter
    starts = prefilter._starts(prefilter.lower(text), text)
    assert starts is not None
    assert (text.index(word) in starts) is kept


def test_a_capture_window_reads_its_reach_of_pieces_or_cannot_tell() -> None:
    talks = ((3, (frozenset({"talks"}),)),)  # a word of {talks} within three tokens

    def in_reach(text: str) -> bool:
        return _in_reach(text, _spaced(text), 0, talks)

    assert in_reach("held (the) talks.")  # three pieces
    assert in_reach("held a-b talks's")  # a word inside a piece counts
    assert in_reach("held a\u00e9b talks")
    assert not in_reach("held a b talks")  # four
    assert not in_reach("held a b\ntalks")
    assert not in_reach("held " + "x " * 400 + "talks")
    # pieces longer than what is read: it cannot tell, so the word is kept
    assert in_reach("held " + "y" * 700 + " talks")


def test_the_prefilter_splits_nothing_around_a_word_that_begins_no_head(engine: Engine) -> None:
    # (the offsets asked of the splitter, read where the prefilter finds them: a spy on the
    # splitter would not see the calls of a compiled prefilter)
    text = "Share prices fell sharply. The talks fell apart on Friday."
    prefilter = engine.prefilter
    split_around = prefilter._starts(prefilter.lower(text), text)
    assert split_around is not None
    assert text.index("fell apart") in split_around
    assert text.index("fell sharply") not in split_around
    found = prefilter.sentences(text)
    assert [s.text for s in found] == ["The talks fell apart on Friday."]


def test_runs_skipped_for_a_trigger_their_leads_cannot_reach_change_no_event(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # nested clauses: every trigger has the subjects of earlier clauses in reach
    nested = " ".join(
        f"({state} {verb} the treaty"
        for state, verb in zip(
            ["Japan", "France", "Chile", "Peru", "Kenya", "Spain"] * 4,
            ["signed", "ratified", "agreed", "pledged", "negotiated"] * 5,
            strict=False,
        )
    )
    docs = [*_corpus_documents()[::2], nested]
    found = [engine.read(doc).events for doc in docs]
    monkeypatch.setattr(CompiledPattern, "may_trigger_at", lambda *_: True)
    assert [engine.read(doc).events for doc in docs] == found
    assert sum(map(len, found)) > len(docs)


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Chile and Peru hope to sign a fisheries pact.", Modality.INTENDED),
        ("Chile and Peru will sign a fisheries pact next month.", Modality.INTENDED),
        ("Chile and Peru are expected to sign a fisheries pact.", Modality.EXPECTED),
        ("Chile and Peru could sign a fisheries pact.", Modality.HYPOTHETICAL),
        ("Chile and Peru signed a fisheries pact.", Modality.ASSERTED),
    ],
)
def test_modality_comes_from_cues_before_the_trigger(text: str, modality: Modality) -> None:
    assert one(text, status=Status.SIGNED).modality is modality


def test_refusal_and_pending_are_told_apart() -> None:
    refused = one("Brazil declined to sign the climate accord.")
    pending = one("Brazil has not yet ratified the climate accord.")
    assert (refused.polarity, refused.negation) == (Polarity.NEGATIVE, Negation.REFUSED)
    assert (pending.polarity, pending.negation) == (Polarity.NEGATIVE, Negation.PENDING)


def test_a_cue_in_another_clause_does_not_apply() -> None:
    event = one("Officials who hope to travel said Chile and Peru signed a fisheries pact.")
    assert event.modality is Modality.ASSERTED


def test_reported_speech_sets_the_speaker() -> None:
    event = one("Foreign Minister Ana Ruiz said Chile and Peru signed a fisheries pact.")
    assert event.speaker == "Ana Ruiz"
    event = one("Chile and Peru signed a fisheries pact, the ministry said.")
    assert event.speaker == "the ministry"


def test_the_venue_is_never_a_party() -> None:
    event = one("Chile and Peru signed a fisheries pact in Tokyo on Friday.")
    assert event.parties == ("CHL", "PER")
    assert event.place == "Tokyo"
    assert event.date == FRIDAY


def test_a_weekday_is_read_against_the_publication_date() -> None:
    event = one("Chile and Peru signed a fisheries pact on Wednesday.")
    assert event.date == dt.date(2024, 3, 6)
    assert one("Chile and Peru signed a fisheries pact on Wednesday.", published=None).date is None


def test_collective_references_take_the_parties_established_before() -> None:
    text = (
        "Kenya and Tanzania signed a border treaty on Monday. "
        "The two sides also agreed to begin talks on a customs union."
    )
    talks = one(text, status=Status.PROPOSED)
    assert talks.parties == ("KEN", "TZA")


def test_the_pact_points_back_to_the_last_pact() -> None:
    text = (
        "Kenya and Tanzania signed a border pact on Monday. Kenya's parliament ratified the pact."
    )
    ratified = one(text, status=Status.RATIFIED)
    assert ratified.agreement is not None
    assert ratified.agreement.name == "border pact"
    assert ratified.parties == ("KEN", "TZA")
    assert ratified.actor == "KEN"


def test_an_acronym_defined_in_brackets_is_an_alias() -> None:
    text = (
        "Japan and Britain signed a reciprocal access agreement (RAA) on Friday. "
        "The RAA took effect in October."
    )
    events = treatytrack.extract(text, published=FRIDAY)
    assert [e.status for e in events] == [Status.SIGNED, Status.IN_FORCE]
    for event in events:
        assert event.agreement is not None
        assert "RAA" in event.agreement.aliases
    assert events[1].parties == ("GBR", "JPN")


def test_overlapping_matches_keep_the_higher_priority() -> None:
    # "failed to reach agreement": collapse (priority 11) beats "reached a deal" (9).
    event = one("Greece and Turkey failed to reach agreement on maritime borders.")
    assert event.status is Status.COLLAPSED


def test_two_events_in_one_sentence_both_stand() -> None:
    text = "Kenya and Tanzania signed a border treaty and agreed to begin talks on a customs union."
    statuses = [e.status for e in treatytrack.extract(text)]
    assert statuses == [Status.SIGNED, Status.PROPOSED]


def test_company_and_sports_deals_give_no_event() -> None:
    for text in (
        "The club signed a striker on a three-year deal.",
        "Boeing signed an agreement with its suppliers on Tuesday.",
        "Shareholders approved the merger agreement.",
    ):
        assert treatytrack.extract(text) == [], text


def test_old_events_are_references() -> None:
    event = one(
        "Japan and the United States signed the security treaty in 1960.",
        published=dt.date(2015, 3, 13),
    )
    assert event.reference


def test_a_named_agreement_without_parties_stands_when_its_date_is_old() -> None:
    # The date is read late (only for drafts that may be kept), yet it still decides: a
    # named agreement with no party is kept as a background mention when dated long ago.
    published = dt.date(2015, 3, 13)
    old = treatytrack.extract("The Treaty of Rome was signed in Rome in 1957.", published=published)
    assert [(e.reference, e.date, e.place) for e in old] == [(True, dt.date(1957, 1, 1), "Rome")]
    recent = treatytrack.extract("The Treaty of Rome was signed on Friday.", published=published)
    assert recent == []


def test_a_sentence_reader_can_leave_the_dearest_fields_to_later() -> None:
    engine = Engine()
    text = "Chile and Peru signed a fisheries pact in Lima on Friday, the minister said."
    tokens = Tokens.of(text, sentence_spans(text)[0])
    (waiting,) = engine.reader.read(tokens, FRIDAY, complete=False)
    assert (waiting.date, waiting.place, waiting.date_text) == (None, None, None)
    (done,) = engine.reader.read(tokens, FRIDAY)
    assert (done.date, done.place) == (FRIDAY, "Lima")
    waiting.complete()
    assert (waiting.date, waiting.place, waiting.speaker) == (done.date, done.place, done.speaker)
    waiting.place = "elsewhere"
    waiting.complete()  # once only: a second call changes nothing
    assert waiting.place == "elsewhere"


def test_extract_many_is_lazy_and_tags_doc_ids() -> None:
    def docs():  # type: ignore[no-untyped-def]
        yield "Chile and Peru signed a fisheries pact."
        yield {
            "id": "b",
            "text": "Kenya and Tanzania signed a border treaty.",
            "published": "2024-03-08",
        }
        yield Document("c", "Ghana and Togo signed a trade deal.")
        raise AssertionError("read too far")

    stream = treatytrack.extract_many(docs())
    first = [next(stream), next(stream), next(stream)]
    assert [e.doc_id for e in first] == ["doc-1", "b", "c"]


def test_extract_many_in_worker_processes_gives_the_same_events_in_order() -> None:
    texts = [
        f"{a} and {b} signed a {noun} on Friday. {b} has not yet ratified the {noun}."
        for a, b, noun in [
            ("Chile", "Peru", "fisheries pact"),
            ("Kenya", "Tanzania", "border treaty"),
            ("Ghana", "Togo", "trade deal"),
        ]
        * 30
    ]
    docs = [{"id": f"d{i}", "text": t, "published": "2024-03-08"} for i, t in enumerate(texts)]
    alone = list(treatytrack.extract_many(docs))
    together = list(treatytrack.extract_many(iter(docs), workers=2))
    assert together == alone
    assert [e.doc_id for e in together][:4] == ["d0", "d0", "d1", "d1"]


def test_warnings_of_worker_processes_reach_the_caller() -> None:
    import warnings

    from treatytrack.errors import InputWarning

    long = "Chile and Peru signed a pact with " * 200 + "Bolivia."
    docs = [{"id": "w", "text": long}]
    with warnings.catch_warnings(record=True) as alone:
        warnings.simplefilter("always")
        list(treatytrack.extract_many(docs))
    with warnings.catch_warnings(record=True) as together:
        warnings.simplefilter("always")
        list(treatytrack.extract_many(docs, workers=2))
    messages = [str(w.message) for w in together if w.category is InputWarning]
    assert messages == [str(w.message) for w in alone if w.category is InputWarning]
    assert messages[0] == (
        "doc w: text at offset 0 runs 6808 characters without a sentence end; "
        "read in pieces of at most 1600 characters"
    )
    assert messages[1].startswith("doc w: sentence at offset 0 cut at 300 tokens")


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_workers_must_be_a_positive_int(workers: object) -> None:
    with pytest.raises(ValueError, match="'workers' must be an int >= 1"):
        next(treatytrack.extract_many(["x"], workers=workers))  # type: ignore[arg-type]


def test_offsets_slice_the_text_in_any_document() -> None:
    text = "  Intro.\n\nChile and Peru signed a fisheries pact.   Brazil declined to sign it. "
    for event in treatytrack.extract(text):
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text


def test_engines_pickle_as_their_rules() -> None:
    engine = Engine()
    clone = pickle.loads(pickle.dumps(engine))
    text = "Chile and Peru signed a fisheries pact."
    assert clone.read(text).events == engine.read(text).events


def test_a_custom_pack_with_a_custom_class(tmp_path: Path) -> None:
    from treatytrack.rules import next_token

    @treatytrack.register_class("TESTSHIP", max_tokens=2, examples=("the Aconit",))
    def ship(s: str, loc: int) -> int | None:
        word, after = next_token(s, loc)
        if word.lower() == "the":
            word, after = next_token(s, after)
        return after if word[:1].isupper() else None

    pack = tmp_path / "ships.yaml"
    pack.write_text(
        textwrap.dedent("""
        pack: ships
        include: [lexicons]
        rules:
          - id: ship.visit.pledge
            kind: pledge
            status: pledged
            pattern: "parties:PARTIES pledged to host topic:TESTSHIP trigger:visits"
            captures:
              parties: {min: 1}
    """)
    )
    rules = treatytrack.load_rules(pack)
    events = treatytrack.extract("Japan pledged to host the Aconit visits.", rules=rules)
    assert [(e.rule, e.parties, e.topic) for e in events] == [
        ("ship.visit.pledge", ("JPN",), "Aconit")
    ]


def test_a_run_on_span_is_reported_only_where_it_holds_a_trigger_word(engine: Engine) -> None:
    import warnings

    filler = "markets were quiet as traders waited "
    assert engine.prefilter.words.isdisjoint(filler.split())
    quiet = filler * 60 + "."
    loud = filler * 60 + "while Chile and Peru signed a fisheries pact."
    reported = []
    for text in (quiet, loud):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            engine.read(text, doc_id="d")
        reported.append(
            [str(w.message) for w in caught if "without a sentence end" in str(w.message)]
        )
    assert reported[0] == []
    assert len(reported[1]) == 1
    assert reported[1][0].startswith("doc d: text at offset 0 runs ")


@pytest.mark.parametrize(
    "odd",
    [
        "İstanbul talks: ",  # lower-casing lengthens the text: the whole text is split
        "x" * 900 + " ",  # a run a long span would be cut inside: the whole text is split
        "y" * 1_600 + "pledged to help. ",  # a piece that starts inside a word, at "pledged"
    ],
)
def test_the_prefilter_falls_back_to_the_whole_split_where_it_must(
    engine: Engine, odd: str
) -> None:
    text = odd + "Chile and Peru signed a fisheries pact on Friday. Markets rose."
    sentences = treatytrack.text.sentence_spans(text)
    expected = [sentences[i] for i in engine.prefilter.candidates(text, sentences)]
    assert expected  # the treaty sentence is a candidate
    assert engine.prefilter.sentences(text) == expected


_PARTY_WORDS = st.sampled_from(
    [
        "Japan", "France", "the", "The", "European", "Union", "it", "It", "IT", "said",
        "signed", "both", "Côte", "d'Ivoire", "Foreign", "Minister", "government", "two",
        "sides", "they", "Russian", "Tokyo", "NATO", "Nato", "a", "pact", ",", "and", "São",
        "Tomé", "Príncipe", "Israeli", "officials", "new", "former", "rebels",
    ]
)  # fmt: skip


@given(st.lists(_PARTY_WORDS, min_size=1, max_size=8))
@settings(max_examples=300)
def test_a_word_no_name_begins_with_is_passed_over_without_a_lookup(words: list[str]) -> None:
    # The engine skips the gazetteer at a word that begins no name (written in ASCII, so its
    # lower case is its index key): the same answer as the lookup, at every token.
    gazetteer = default_gazetteer()
    s = token_string(words)
    loc = 0
    for word in words:
        found = gazetteer.match(s, loc)
        if found is not None and not_a_party(s, loc, found[0]):
            found = None
        if found is None and word in ("it", "It"):
            found = (loc + len(word) + 1, Party("", PartyKind.COLLECTIVE, word, 1))
        assert _party_at(s, loc) == found
        loc += len(word) + 1
