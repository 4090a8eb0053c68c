"""The pattern language: grammar, printer, compiler and matching."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from treatytrack import load_rules
from treatytrack.rules.classes import CLASSES
from treatytrack.rules.compile import (
    CompiledPattern,
    Leads,
    compile_pattern,
    match_budget,
)
from treatytrack.rules.machine import Choice, SharedLead, Step, tail_fits
from treatytrack.rules.pattern import (
    Capture,
    Class,
    Gap,
    Group,
    Lexicon,
    Literal,
    PatternSyntaxError,
    Repeat,
    parse_pattern,
    pattern_text,
)
from treatytrack.rules.ruleset import CompiledRule
from treatytrack.strategies import sentences
from treatytrack.text import Tokens, sentence_spans, tokenize

from .strategies import (
    LEXICON_ENTRIES,
    led_patterns,
    pattern_texts,
    patterns,
    sentences_of_filler,
)


def compiled(pattern: str):  # type: ignore[no-untyped-def]
    return compile_pattern(parse_pattern(pattern), LEXICON_ENTRIES, CLASSES)


def run_on(pattern: str, text: str) -> dict[str, str] | None:
    """Match at every token of the first sentence; captures of the first match as text."""
    sentence = sentence_spans(text)[0]
    tokens = Tokens.of(text, sentence)
    comp = compiled(pattern)
    for pos in tokens.positions:
        m = comp.run(tokens.string, pos)
        if m is not None:
            return {name: tokens.string[a:b].strip() for name, a, b in m.captures}
    return None


def test_parse_builds_the_expected_tree() -> None:
    tree = parse_pattern('who:DET? trigger:@sign_verb ...{0,3} (pact | "memorandum")')
    items = tree.alternatives[0].items
    assert items[0] == Capture("who", Repeat(Class("DET"), 0, 1, "?"))
    assert items[1] == Capture("trigger", Lexicon("sign_verb"))
    assert items[2] == Gap(0, 3)
    assert [a.items[0] for a in items[3].alternatives] == [Literal("pact"), Literal("memorandum")]


@pytest.mark.parametrize(
    ("pattern", "kind", "offset"),
    [
        ("signed ... pact", "unbounded-gap", 7),
        ("signed ...{2,} pact", "unbounded-gap", 7),
        ("signed x{2,}", "unbounded-repeat", 8),
        ("(signed pact", "unbalanced", 0),
        ("signed pact)", "unbalanced", 11),
        ("signed () pact", "empty-group", 7),
        ("(signed | | inked)", "empty-alternative", 8),
        ("trigger: signed", "capture-space", 0),
        ("signed $ pact", "pattern-syntax", 7),
        ("", "empty-pattern", 0),
    ],
)
def test_syntax_errors_name_the_mistake_and_the_offset(
    pattern: str, kind: str, offset: int
) -> None:
    with pytest.raises(PatternSyntaxError) as info:
        parse_pattern(pattern)
    assert info.value.kind == kind
    assert info.value.offset == offset


@given(patterns)
@settings(max_examples=200)
def test_parse_print_parse_is_stable(tree) -> None:  # type: ignore[no-untyped-def]
    text = pattern_text(tree)
    again = parse_pattern(text)
    assert again == tree
    assert pattern_text(again) == text


def test_words_match_whole_tokens_case_insensitively() -> None:
    assert run_on("trigger:signed", "They SIGNED it.") == {"trigger": "SIGNED"}
    assert run_on("trigger:sign", "They signed it.") is None  # never inside a word


def test_lexicon_takes_its_longest_entry() -> None:
    caps = run_on(
        "trigger:@sign_verb type:@agreement_noun",
        "Both inked memorandum of understanding yesterday.",
    )
    assert caps == {"trigger": "inked", "type": "memorandum of understanding"}


def test_gap_is_lazy_and_bounded() -> None:
    assert run_on("trigger:signed ...{0,2} type:pact", "signed a new pact") == {
        "trigger": "signed",
        "type": "pact",
    }
    assert run_on("trigger:signed ...{0,1} type:pact", "signed a new pact") is None


def test_optional_items_backtrack() -> None:
    # The greedy optional word must give itself back for the rest to match.
    caps = run_on("trigger:signed (pact)? topic:(pact talks)", "signed pact talks")
    assert caps == {"trigger": "signed", "topic": "pact talks"}


def test_lazy_repeats_take_as_few_as_the_rest_allows() -> None:
    greedy = run_on("trigger:signed topic:(WORD{0,3}) type:pact?", "signed a new pact")
    lazy = run_on("trigger:signed topic:(WORD{0,3}?) type:pact", "signed a new pact")
    assert greedy == {"trigger": "signed", "topic": "a new pact"}
    assert lazy == {"trigger": "signed", "topic": "a new", "type": "pact"}


def test_repeat_bounds_are_respected() -> None:
    assert run_on("trigger:very{2,3} big", "very very big") is not None
    assert run_on("trigger:very{2,3} big", "very big") is None
    assert run_on("trigger:(very{2,3}) very big", "very very very very big") is not None


def test_negative_lookahead_consumes_nothing_and_blocks() -> None:
    pattern = "trigger:held (!(coalition | wage) WORD){0,2} talks"
    assert run_on(pattern, "They held formal talks.") == {"trigger": "held"}
    assert run_on(pattern, "They held coalition talks.") is None
    assert run_on(pattern, "They held new wage talks.") is None


def test_alternatives_are_tried_in_order() -> None:
    assert run_on("trigger:(signed | signed pact) topic:talks?", "signed pact") == {
        "trigger": "signed"
    }
    assert run_on("trigger:(signed pact | signed)", "signed pact") == {"trigger": "signed pact"}


def test_quoted_literal_matches_punctuation_and_dotted_words() -> None:
    assert run_on('trigger:"U.N." envoy ","', "The U.N. envoy, who arrived.") == {"trigger": "U.N."}


def test_typographic_apostrophes_match_straight_ones() -> None:
    assert run_on("trigger:(won't) sign", "They won\u2019t sign.") is not None


def test_trigger_words_come_from_literal_or_lexicon() -> None:
    assert compiled("topic:PHRASE trigger:(@sign_verb | sealed)").trigger_words == {
        "signed",
        "inked",
        "put",
        "sealed",
    }


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        ("signed pact", "no-trigger"),
        ("trigger:PARTY signed", "no-literal-trigger"),
        ("trigger:signed? pact", "no-literal-trigger"),
        ("trigger:@sign_verbs", "unknown-lexicon"),
        ("trigger:signed SHIPS", "unknown-class"),
        ("trigger:signed sides:PARTY", "unknown-capture"),
        ("trigger:signed ...{0,99} ...{0,99} ...{0,99} ...{0,99} ...{0,99} x", "too-costly"),
    ],
)
def test_compile_refuses_invalid_rule_patterns(pattern: str, kind: str) -> None:
    with pytest.raises(PatternSyntaxError) as info:
        compiled(pattern)
    assert info.value.kind == kind


def test_unknown_lexicon_suggests_the_close_name() -> None:
    with pytest.raises(PatternSyntaxError, match="did you mean '@sign_verb'"):
        compiled("trigger:@sign_verbs")


@given(
    st.lists(sentences_of_filler, min_size=1, max_size=3),
    st.lists(sentences_of_filler, min_size=1, max_size=3),
)
@settings(max_examples=100)
def test_a_pattern_never_matches_across_a_sentence_boundary(before, after) -> None:  # type: ignore[no-untyped-def]
    # "signed" ends one sentence and "pact" opens the next: no match may join them.
    text = " ".join([*before, "They signed.", "Pact talks", *after])
    comp = compiled("trigger:signed ...{0,3} pact")
    for sentence in sentence_spans(text):
        tokens = Tokens.of(text, sentence)
        for pos in tokens.positions:
            m = comp.run(tokens.string, pos)
            assert m is None or "pact" in tokens.string[m.start : m.end].lower()
            if m is not None:
                assert m.end <= len(tokens.string)


def test_a_phrase_gives_words_back_to_the_rest() -> None:
    # PHRASE would take "Nile dam resumed"; it gives "resumed" back for the verb.
    caps = run_on("trigger:talks over topic:PHRASE resumed", "Talks over the Nile dam resumed.")
    assert caps == {"trigger": "Talks", "topic": "the Nile dam"}


def test_what_a_sentence_must_hold_looks_past_a_word_alternatives_share() -> None:
    pattern = compiled(
        "PARTIES trigger:(agreed in principle | agreed on a framework"
        " | agreed (a | the) (framework | outline))"
    )
    # every alternative holds "agreed"; what tells them apart is needed too
    assert not pattern.possible({"agreed", "in", "on", "a", "the"})
    assert pattern.possible({"agreed", "in", "principle"})
    assert pattern.possible({"agreed", "the", "outline"})
    assert not pattern.possible({"in", "principle"})


def test_a_lexicon_entry_counts_by_its_last_word_as_well_as_its_first() -> None:
    pattern = compiled("PARTIES trigger:@sign_verb @agreement_noun")
    # "put their signatures to": a sentence with "put" but no "to" holds no such entry
    assert not pattern.possible({"put", "pact"})
    assert pattern.possible({"put", "to", "pact"})
    assert pattern.possible({"signed", "memorandum", "understanding"})


@given(st.text(alphabet="AZaz09&-'.\u00b2\u0661 ", max_size=14))
def test_a_class_hint_finds_every_token_its_test_passes(text: str) -> None:
    for cls in CLASSES:
        if cls.token_hint is None or cls.token_test is None:
            continue
        for token in tokenize(text):
            if cls.token_test(token[0]):
                assert cls.token_hint.search(text), (cls.name, token[0])


def test_a_hint_needs_a_token_test() -> None:
    from treatytrack.rules.classes import ClassRegistry

    with pytest.raises(ValueError, match="'token_hint' needs a 'token_test'"):
        ClassRegistry().register(
            "SHOUT", lambda s, loc: None, max_tokens=1, token_hint=re.compile("[A-Z]{2}")
        )


def test_the_acronym_and_year_hints_pass_over_sentences_without_them() -> None:
    hint = {cls.name: cls.token_hint for cls in CLASSES}
    assert hint["ACRONYM"] is not None
    assert hint["YEAR"] is not None
    assert not hint["ACRONYM"].search("The Trade Minister said the U.S. talks went on.")
    assert hint["ACRONYM"].search("They signed the ACSA.")
    assert not hint["YEAR"].search("Output fell 18.5 pct in 1,987 plants.")
    assert hint["YEAR"].search("the 1987 accord")


def test_what_stands_before_a_trigger_inside_a_capture_counts_as_before_it() -> None:
    pattern = compiled("the agreement:(YEAR trigger:@agreement_noun)")
    [branch] = pattern.branches
    assert frozenset({"<YEAR>"}) in branch.before


def _shared_twice(pattern: Group) -> Leads:
    leads = Leads()
    leads.note(pattern, LEXICON_ENTRIES)
    leads.note(pattern, LEXICON_ENTRIES)  # two patterns hold the lead: it is shared
    return leads


@given(led_patterns, pattern_texts)
@settings(max_examples=300)
def test_a_shared_lead_matches_as_the_whole_pattern_does(pattern: Group, text: str) -> None:
    # The lead's ends are enumerated once and the rest tried from each: the same match,
    # captures included, as the pattern compiled whole, at every start.
    try:
        whole = compile_pattern(pattern, LEXICON_ENTRIES, CLASSES)
    except PatternSyntaxError:
        assume(False)
    shared = compile_pattern(pattern, LEXICON_ENTRIES, CLASSES, leads=_shared_twice(pattern))
    tokens = Tokens.of(text, sentence_spans(text)[0])
    for pos in tokens.positions:
        with match_budget(10**6):
            expected = whole.run(tokens.string, pos)
        with match_budget(10**6):
            assert shared.run(tokens.string, pos) == expected


def _trigger_where_allowed(pattern: CompiledPattern, tokens: Tokens) -> int:
    """Check at every start that a run's trigger stands where ``may_trigger_at`` allows
    one (what the engine relies on when it skips a run); how many places it refused."""
    s = tokens.string
    refused = 0
    for pos in tokens.positions:
        with match_budget(10**6):
            match = pattern.run(s, pos)
        trigger = match.get("trigger") if match is not None else None
        for at in tokens.positions:
            with match_budget(10**6):
                allowed = pattern.may_trigger_at(s, pos, at)
            refused += not allowed
            if trigger is not None and trigger[0] == at:
                assert allowed, (s, pos, at)
    return refused


@given(led_patterns, pattern_texts)
@settings(max_examples=300)
def test_a_run_has_its_trigger_only_where_its_leads_can_end(pattern: Group, text: str) -> None:
    try:
        shared = compile_pattern(pattern, LEXICON_ENTRIES, CLASSES, leads=_shared_twice(pattern))
    except PatternSyntaxError:
        assume(False)
    _trigger_where_allowed(shared, Tokens.of(text, sentence_spans(text)[0]))


def test_a_pattern_says_where_its_trigger_cannot_be() -> None:
    pattern = parse_pattern("parties:PARTIES ...{0,2} trigger:@sign_verb DET? @agreement_noun")
    leads = _shared_twice(pattern)
    shared = compile_pattern(pattern, LEXICON_ENTRIES, CLASSES, leads=leads)
    assert shared.trigger_leads
    text = "Japan and France on Friday signed a pact"
    tokens = Tokens.of(text, sentence_spans(text)[0])
    signed, pact = (tokens.positions[tokens.words.index(w)] for w in ("signed", "pact"))
    with match_budget():
        assert shared.may_trigger_at(tokens.string, 0, signed)
        # the subject and a gap of two tokens cannot end at "pact", nor reach "signed"
        # from "France" without "on Friday" in between
        assert not shared.may_trigger_at(tokens.string, 0, pact)
    # compiled whole, or with a trigger that need not open the rest, it cannot tell
    whole = compile_pattern(pattern, LEXICON_ENTRIES, CLASSES)
    later = parse_pattern("parties:PARTIES ...{0,2} ((has | have)? trigger:@sign_verb)")
    late = compile_pattern(later, LEXICON_ENTRIES, CLASSES, leads=_shared_twice(later))
    with match_budget():
        assert whole.may_trigger_at(tokens.string, 0, pact)
        assert late.may_trigger_at(tokens.string, 0, pact)
    assert not whole.trigger_leads
    assert not late.trigger_leads
    # reading the leads takes steps as a run does: a spent budget stops there, and the run
    # that follows matches nothing
    fresh = Tokens.of(text, sentence_spans(text)[0])  # (a new token string: no memos)
    with match_budget(2) as budget:
        assert shared.may_trigger_at(fresh.string, 0, signed)
        assert budget.spent_at == 0
        assert shared.run(fresh.string, 0) is None


def test_patterns_with_the_same_lead_share_its_ends() -> None:
    first = parse_pattern(
        "parties:PARTIES ...{0,2} trigger:@sign_verb DET? agreement:@agreement_noun"
    )
    second = parse_pattern("parties:PARTIES ...{0,2} trigger:@sign_verb (with PARTY)?")
    leads = Leads()
    for tree in (first, second):
        leads.note(tree, LEXICON_ENTRIES)
    one, two = (compile_pattern(t, LEXICON_ENTRIES, CLASSES, leads=leads) for t in (first, second))
    text = "Japan and France on Friday signed a pact with Canada"
    tokens = Tokens.of(text, sentence_spans(text)[0])
    with match_budget() as budget:
        matched = one.run(tokens.string, 0)
        spent = budget.steps - budget.left
        also = two.run(tokens.string, 0)
        spent_again = budget.steps - budget.left - spent
    assert matched is not None
    assert also is not None
    assert [(n, tokens.string[a:b].strip()) for n, a, b in matched.captures][:2] == [
        ("parties", "Japan and France"),
        ("trigger", "signed"),
    ]
    assert also.get("parties") == matched.get("parties")
    # the second pattern found the lead's ends remembered: it only tried its own rest
    assert spent_again < spent
    # a lead only one pattern holds is compiled with its pattern, as before
    alone = Leads()
    alone.note(first, LEXICON_ENTRIES)
    single = compile_pattern(first, LEXICON_ENTRIES, CLASSES, leads=alone)
    assert single.run(tokens.string, 0) == matched


_DEFAULT = load_rules()


def _shares_a_lead(step: Step) -> bool:
    return isinstance(step, SharedLead) or (
        isinstance(step, Choice) and any(_shares_a_lead(a) for a in step.alternatives)
    )


_LED = [c for c in _DEFAULT.rules if _shares_a_lead(c.pattern.step)]


def test_most_default_rules_share_their_lead() -> None:
    # "%subject %verb_gap" opens most rules: the rule set compiles it once for them all
    assert len(_LED) > len(_DEFAULT.rules) // 2


def _same_at_every_start(compiled: CompiledRule, text: str) -> int:
    """Check the rule as the rule set compiles it (its lead shared) against the rule
    compiled on its own, at every start of the text's first sentence; the matches found."""
    whole = compile_pattern(
        compiled.rule.tree, _DEFAULT.lexicons, CLASSES, frozenset(compiled.rule.captures)
    )
    tokens = Tokens.of(text, sentence_spans(text)[0])
    found = 0
    for pos in tokens.positions:
        with match_budget(10**6):
            expected = whole.run(tokens.string, pos)
        with match_budget(10**6):
            assert compiled.pattern.run(tokens.string, pos) == expected
        found += expected is not None
    _trigger_where_allowed(compiled.pattern, tokens)
    return found


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_the_default_rules_with_shared_leads_match_as_compiled_whole(data: st.DataObject) -> None:
    # Sentences written from a rule (its subject a list of states, a gap, its trigger):
    # the same match, captures and all, from every start.
    compiled = data.draw(st.sampled_from(_LED))
    generated = data.draw(sentences(compiled, _DEFAULT))
    _same_at_every_start(
        compiled, data.draw(st.sampled_from(["", "Officials said "])) + generated.text
    )


def test_the_default_rules_read_their_examples_alike_with_shared_leads() -> None:
    read = 0
    for compiled in _LED:
        for example in compiled.rule.examples:
            read += _same_at_every_start(compiled, example.text) > 0
    examples = sum(len(c.rule.examples) for c in _LED)
    assert read >= examples * 0.9  # (a few examples are read from a later sentence)


def test_a_branch_tail_is_what_follows_its_trigger_whatever_precedes_it() -> None:
    pattern = compiled(
        "parties:PARTIES ...{0,3} trigger:signed (a | the) @agreement_noun"
        " | @agreement_noun was trigger:signed"
        " | (trigger:inked){1,2} a deal"
    )
    led, passive, repeated = pattern.branches
    assert repeated.tail is None  # (a trigger inside a repeat is not an item of its own)

    def fits(tail: Step, text: str) -> bool:
        tokens = Tokens.of(text, sentence_spans(text)[0])
        at = tokens.positions[[w.lower() for w in tokens.words].index("signed")]
        with match_budget():
            return tail_fits(tail, tokens.string, at)

    assert led.tail is not None
    assert passive.tail is not None
    # from "signed" on, whatever stands before it (no party here, a noun there)
    assert fits(led.tail, "Officials said the ministers signed the memorandum of understanding.")
    assert not fits(led.tail, "Japan and France signed a letter of intent on Friday.")
    assert fits(passive.tail, "Yesterday it was signed.")


def test_each_branch_knows_how_far_before_its_trigger_a_match_can_start() -> None:
    # "(PARTY 's)? offer ..." starts at most nine tokens (a party and "'s") before its
    # trigger; "@agreement_noun ...{0,3} was proposed" at most four plus its noun's tokens:
    # the engine tries no start further back for either.
    pattern = compiled(
        '(parties:PARTY "\'s")? trigger:offer (for | of) @agreement_noun'
        " | @agreement_noun ...{0,3} was trigger:proposed"
    )
    prefixes = sorted(b.prefix for b in pattern.branches if b.prefix is not None)
    assert prefixes == [3 + 3 + 1, 8 + 1]  # "memorandum of understanding" is three tokens
    assert pattern.prefix_tokens == max(prefixes)
