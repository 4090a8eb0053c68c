"""The trigger prefilter: one pass over a document finds the sentences worth matching.

The document is lower-cased once and an Aho-Corasick automaton finds every trigger word in
it (in C); only the sentences around those words are split
(:func:`~treatytrack.text.sentences_at`), and not around a word whose rules all need it to
begin a longer head than it does there ("fell" without "apart" or "through"). A sentence
is a candidate when one of its words is a trigger word of some rule *and* the sentence
holds the other words that rule needs, in the order it needs them (one word of each of a
branch's requirement sets: "was proposed" needs an instrument noun besides the
participle). Within a candidate, only the rules indexed under the words present run, only
from the tokens near those words. (A single alternation of all trigger words was tried
first: with hundreds of words, Python's regular expressions try each in turn and were
several times slower.)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

import ahocorasick
import attrs

from ..rules.classes import CLASSES
from ..rules.compile import class_mark
from ..rules.machine import RequirementBits
from ..rules.ruleset import CompiledRule
from ..text import Sentence, normalize_token, sentence_spans, sentences_at, token_words

__all__ = ["Prefilter", "TokenMarks", "TokenTests", "token_marks", "token_tests"]

# (mark, test) of each one-token class with a token test: ACRONYM, YEAR, ...
TokenTests = Sequence[tuple[str, Callable[[str], bool]]]


def token_tests() -> TokenTests:
    """The marks and tests of the registered one-token classes (``<ACRONYM>``, ...)."""
    return [(class_mark(c.name), c.token_test) for c in CLASSES if c.token_test is not None]


def token_marks(word: str, tests: TokenTests) -> set[str]:
    """The marks of the one-token classes ``word`` (as written) fits. Only capitalised
    words and numbers are tested: the classes with token tests take nothing else."""
    if not (word[:1].isupper() or word[:1].isdigit()):
        return set()
    return {mark for mark, test in tests if test(word)}


class TokenMarks:
    """The class marks of tokens as written (see :func:`token_marks`), remembered: the same
    capitalised words come back sentence after sentence."""

    def __init__(self, tests: TokenTests) -> None:
        self.tests = tests
        self._known: dict[str, frozenset[str]] = {}

    def __call__(self, written: str) -> frozenset[str]:
        marks = self._known.get(written)
        if marks is None:
            if len(self._known) > 100_000:  # a bound, however varied the text
                self._known.clear()
            marks = self._known[written] = frozenset(token_marks(written, self.tests))
        return marks


# Words as the tokenizer cuts them, minus its clitic splitting (no trigger is a clitic).
_WORD: Final = re.compile(r"[^\W_]+(?:[-'\u2019&/][^\W_]+)*")
_PLAIN: Final = re.compile(r"[^\W_]+")
_JOINERS: Final = frozenset("-'\u2019&/")  # what joins the parts of a compound in _WORD
# ASCII punctuation but the joiners: what the edges of a word's piece of text may hold
_EDGES: Final = "".join(
    chr(c) for c in range(33, 128) if not chr(c).isalnum() and chr(c) not in _JOINERS
)
# the heads a trigger word may begin, and their proper beginnings ("put", "put pen", ...)
_Heads = tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]
# what a trigger capture holds: within this many tokens of the trigger, a word of each set
_Window = tuple[int, tuple[frozenset[str], ...]]
# the most tokens a window may reach (a capture that spans more is not checked), and the
# characters read for it (where that holds fewer pieces, nothing is told)
_MAX_REACH: Final = 30
_WINDOW_CHARS: Final = 600


# An ASCII letter or digit as it is, every other byte a space (a character beyond ASCII
# comes to it as "?", see _spaced)
_SPACING: Final = bytes(c if chr(c).isalnum() else 32 for c in range(128)) + b" " * 128


def _spaced(low: str) -> str:
    """``low`` with every character but an ASCII letter or digit made a space, between two
    more spaces: a word of ``low`` with no letter or digit beside it stands between spaces,
    one character further on. Every character stays one (``"replace"`` makes each
    character beyond ASCII one "?"), so the places map back by one; done in C."""
    return " " + low.encode("ascii", "replace").translate(_SPACING).decode("ascii") + " "


def _seen_as(need: frozenset[str]) -> frozenset[str] | None:
    """A requirement set as the prefilter's words can show it: a word the regular
    expression cuts ("in-principle", "u.n.") by its parts, a class mark as itself; ``None``
    when some member shows no word at all (punctuation), as then nothing can be checked."""
    out: set[str] = set()
    for word in need:
        if word.startswith("<"):
            out.add(word)
            continue
        parts = _PLAIN.findall(word)
        if not parts:
            return None
        out.update(parts)
    return frozenset(out)


@attrs.frozen(slots=True)
class _Plan:
    """What one branch of a rule needs of a sentence, in the prefilter's words: a word of
    each of ``requires`` anywhere, of each of ``before`` ahead of the trigger word and of
    each of ``after`` from it on; ``marks`` are the class marks among them (``<YEAR>``)."""

    requires: tuple[frozenset[str], ...]
    before: tuple[frozenset[str], ...]
    after: tuple[frozenset[str], ...]
    triggers: frozenset[str] | None
    marks: frozenset[str]
    # the token sequences the trigger can begin with (None: not known)
    heads: frozenset[tuple[str, ...]] | None = None
    # what the trigger capture holds within its reach of tokens (None: nothing checkable)
    window: _Window | None = None

    def heads_for(self, word: str) -> frozenset[tuple[str, ...]] | None:
        """The heads the trigger begins with where it is ``word``, when they are known and
        all plain words (then the words the checks cut there are the tokens); else
        ``None``. Per word: "u.n." in one entry of a lexicon does not keep the check from
        "trade", whose heads are "trade pact" and "trade deal"."""
        if self.heads is None:
            return None
        mine = frozenset(head for head in self.heads if head[0] == word)
        if not mine or not all(w.isalnum() for head in mine for w in head):
            return None
        return mine


def _seen(needs: Iterable[frozenset[str]]) -> tuple[frozenset[str], ...]:
    return tuple(seen for need in needs if (seen := _seen_as(need)) is not None)


def _plans(rule: CompiledRule) -> tuple[_Plan, ...] | None:
    """The rule's branches as the prefilter checks them (``None``: the trigger word is
    enough). Only what is necessary is kept, never more."""
    plans = []
    for branch in rule.pattern.branches:
        requires = _seen(branch.requires)
        if not requires:
            return None
        marks = frozenset(w for need in requires for w in need if w[:1] == "<")
        # (a set a class mark meets is met by a token of any word: not checked)
        held = tuple(n for n in _seen(branch.trigger_needs) if not any(w[:1] == "<" for w in n))
        reach = branch.trigger_reach
        plans.append(
            _Plan(
                requires,
                _seen(branch.before),
                _seen(branch.after),
                branch.triggers,
                marks,
                branch.heads,
                (reach, held) if held and 0 < reach <= _MAX_REACH else None,
            )
        )
    return tuple(plans) or None


# A branch that can take a trigger word, flat for the sentence check: (the word, the heads
# it must begin there (None: any) and their lengths, the bits of the requirement sets the
# branch needs anywhere, ahead of the word and from it on, whether it wants a class mark)
_Entry = tuple[str, frozenset[tuple[str, ...]] | None, tuple[int, ...], int, int, int, bool]


class _Words:
    """The words of a sentence as the checks read them: cut as :data:`_WORD` cuts them,
    the bits of the requirement sets each word (or, for a compound, one of its parts)
    belongs to, kept for the words that have some (``bits_at``: word index and bits, in
    order; most words have none), the trigger words that stand as words of their own
    (``hits``), and where each trigger word stands, alone or as a part of a compound.

    The words are cut mostly in C: the span splits at whitespace, and a piece of letters
    and digits, once stripped of the ASCII punctuation at its edges (:data:`_EDGES`), is a
    word (most are); only a piece that holds a joiner or another character goes to the
    regular expression. A compiled loop over the characters took twice the time, the
    regular expression over every word three times (docs/performance.md)."""

    __slots__ = ("_after", "_before", "bits_at", "found", "held", "hits", "where")

    def __init__(self, low: str, start: int, end: int, known: dict[str, tuple[int, bool]]) -> None:
        self.where: dict[str, list[int]] = {}
        self.found: list[str] = []
        self.bits_at: list[tuple[int, int]] = []
        self.hits: set[str] = set()
        self.held = 0
        found = self.found
        # (no word of _WORD holds whitespace, nor punctuation it can be stripped of)
        for piece in low[start:end].split():
            if not piece.isalnum():
                core = piece.strip(_EDGES)
                if not core.isalnum():
                    self._compounds(piece, known)
                    continue
                piece = core
            entry = known.get(piece)  # (most words are no word the checks know)
            if entry is not None:
                self._take(piece, entry, 0)
            found.append(piece)
        self._before: list[int] = []
        self._after: list[int] = []

    def _compounds(self, piece: str, known: dict[str, tuple[int, bool]]) -> None:
        """Add the words of ``piece`` as :data:`_WORD` cuts it; a compound counts by its
        parts too ("japan's": "japan" and "s")."""
        for word in _WORD.findall(piece):
            b = 0
            if not word.isalnum():
                k = len(self.found)
                for part in _PLAIN.findall(word):
                    entry = known.get(part)
                    if entry is not None:
                        b |= entry[0]
                        if entry[1]:
                            self._at(part, k)
            entry = known.get(word)
            if entry is not None:
                self._take(word, entry, b)
            elif b:
                self._note(b)
            self.found.append(word)

    def _take(self, word: str, entry: tuple[int, bool], b: int) -> None:
        """Note the word about to be added, one the checks know (``b``: its parts' bits)."""
        if entry[1]:
            self.hits.add(word)
            self._at(word, len(self.found))
        bits = entry[0] if not b else b | entry[0]
        if bits:
            self._note(bits)

    def _note(self, bits: int) -> None:
        """The word about to be added belongs to the sets of ``bits``."""
        self.bits_at.append((len(self.found), bits))
        self.held |= bits

    def _at(self, word: str, k: int) -> None:
        places = self.where.get(word)
        if places is None:
            self.where[word] = [k]
        elif places[-1] != k:
            places.append(k)

    def _sides(self) -> tuple[list[int], list[int]]:
        """Per word with bits (in :attr:`bits_at`), the bits of those ahead of it and of
        those from it on; one more entry each for the end."""
        if not self._before:
            bits_at = self.bits_at
            n = len(bits_at)
            before = [0] * (n + 1)
            after = [0] * (n + 1)
            acc = 0
            for i in range(n):
                before[i] = acc
                acc |= bits_at[i][1]
            before[n] = acc
            acc = 0
            for i in range(n - 1, -1, -1):
                acc |= bits_at[i][1]
                after[i] = acc
            self._before = before
            self._after = after
        return self._before, self._after

    def fits(self, candidates: list[_Entry], met: int) -> bool:
        """Whether a trigger word of these branches stands where one of them can take it:
        a word of each of its ``before`` sets ahead of it, of each ``after`` set from it on
        (the sets of ``met`` count as met: those a class mark meets)."""
        before, after = self._sides()
        found = self.found
        where = self.where
        bits_at = self.bits_at
        for word, heads, lengths, _, ahead, behind, _ in candidates:
            for k in where.get(word, ()):
                if heads is not None and not any(tuple(found[k : k + n]) in heads for n in lengths):
                    continue
                i = 0  # the first word with bits from the trigger word's place on
                while i < len(bits_at) and bits_at[i][0] < k:
                    i += 1
                if ahead & ~(before[i] | met) == 0 and behind & ~(after[i] | met) == 0:
                    return True
        return False


def _holds_one(offsets: list[int], sentence: Sentence) -> bool:
    """Whether one of the sorted ``offsets`` lies in the sentence."""
    k = bisect.bisect_left(offsets, sentence.start)
    return k < len(offsets) and offsets[k] < sentence.end


def _in_reach(low: str, spaced: str, start: int, windows: tuple[_Window, ...]) -> bool:
    """Whether the trigger word at ``low[start]`` has, for one of ``windows``, a word of
    each of its sets within its reach: ``reach`` tokens lie within as many pieces of the
    text between whitespace, and a token that is a plain word is a run of letters and
    digits in them, a word of the spaced text (:func:`_spaced`: the sets hold ASCII words
    only). ``True`` when the text read cannot tell."""
    chunk = low[start : start + _WINDOW_CHARS]
    whole = start + len(chunk) >= len(low)
    for reach, sets in windows:
        parts = chunk.split(None, reach)
        if len(parts) > reach:
            end = len(chunk) - len(parts[reach])  # (the first pieces, and the space after)
        elif whole:
            end = len(chunk)
        else:
            return True  # (a piece may be cut)
        words = set(spaced[start + 1 : start + 1 + end].split())
        if all(not words.isdisjoint(need) for need in sets):
            return True
    return False


class Prefilter:
    """Finds candidate sentences for a set of trigger words (and, given the rules indexed
    by them, for the words those rules need besides)."""

    def __init__(
        self,
        words: Iterable[str],
        rules: Mapping[str, Sequence[CompiledRule]] | None = None,
        tests: TokenTests = (),
    ) -> None:
        self.tests = tests
        self._token_marks = TokenMarks(tests)
        self._hints = {
            class_mark(c.name): c.token_hint for c in CLASSES if c.token_hint is not None
        }
        self.words = frozenset(normalize_token(w).lower() for w in words if w)
        # a trigger word may be written with a typographic apostrophe in the text
        self._folded = any("'" in w for w in self.words)
        # trigger word -> the branches of its rules; a word absent here suffices alone
        self._plans: dict[str, tuple[_Plan, ...]] = {}
        for word, indexed in (rules or {}).items():
            plans = [_plans(rule) for rule in indexed]
            if indexed and all(p is not None for p in plans):
                self._plans[normalize_token(word).lower()] = tuple(
                    plan for rule_plans in plans if rule_plans for plan in rule_plans
                )
        # Requirement sets as bits: word -> the sets it belongs to, and per trigger word its
        # branches with the bits they need (anywhere, ahead of the trigger, from it on), so
        # that "does the sentence hold a word of each set" is one AND per branch, not a set
        # intersection per set.
        bits = RequirementBits(
            need
            for plans_ in self._plans.values()
            for plan in plans_
            for need in (*plan.requires, *plan.before, *plan.after)
        )
        self._bits = bits.word_bits
        self._planned = frozenset(self._plans)
        # every word the sentence check looks for: its bits, and whether it is a trigger word
        self._known: dict[str, tuple[int, bool]] = {
            word: (self._bits.get(word, 0), word in self.words)
            for word in self.words.union(self._bits)
        }
        # trigger word -> the branches that can take it there (no other can fit it)
        taking = {
            word: [p for p in plans_ if p.triggers is None or word in p.triggers]
            for word, plans_ in self._plans.items()
        }
        self._entries: dict[str, tuple[_Entry, ...]] = {
            word: tuple(
                (
                    word,
                    heads,
                    tuple(sorted({len(h) for h in heads})) if heads is not None else (),
                    bits.mask(plan.requires),
                    bits.mask(plan.before),
                    bits.mask(plan.after),
                    bool(plan.marks),
                )
                for plan in plans_
                for heads in (plan.heads_for(word),)
            )
            for word, plans_ in taking.items()
        }
        # trigger word -> the heads its occurrences must begin (their first words), when
        # every branch that takes the word says them: "fell" fires only as "fell through"
        # (with the heads' proper beginnings, so that the words after it are read only
        # while they may still make one)
        self._heads: dict[str, _Heads] = {}
        for word, plans_ in taking.items():
            known = [p.heads_for(word) for p in plans_]
            if plans_ and all(h is not None for h in known):
                heads = frozenset(h for mine in known for h in mine or ())
                if (word,) not in heads:  # (the word alone may be one: then it is enough)
                    begun = frozenset(h[:n] for h in heads for n in range(1, len(h)))
                    self._heads[word] = (heads, begun)
        # trigger word -> what its trigger captures hold near it, when every branch that
        # takes the word says it: "held" fires only with a talk noun a few words on
        # (a set that holds the word itself is met where it stands: only a capture that
        # needs more than its first word is worth a look, "held" but not "signed")
        self._windows: dict[str, tuple[_Window, ...]] = {}
        for word, plans_ in taking.items():
            windows: list[_Window] = []
            for plan in plans_:
                if plan.window is None:
                    break
                reach, sets = plan.window
                # (ASCII words only: they are what the spaced text shows)
                beyond = tuple(
                    need
                    for need in sets
                    if word not in need and all(w.isascii() and w.isalnum() for w in need)
                )
                if not beyond:
                    break
                windows.append((reach, beyond))
            else:
                if windows:
                    self._windows[word] = tuple(windows)
        self._word_marks = {
            word: frozenset().union(*(plan.marks for plan in plans_))
            for word, plans_ in taking.items()
        }
        # every trigger word in one automaton, a text's trigger words found in one pass in C:
        # each word as it stands in the spaced text (:func:`_spaced`), with its length and,
        # per word written so, the word itself (when spacing changed it) and its heads
        spelled: dict[str, list[tuple[str | None, _Heads | None, tuple[_Window, ...] | None]]]
        spelled = {}
        for word in sorted(self.words):
            key = _spaced(word)
            same = key[1:-1] == word
            spelled.setdefault(key, []).append(
                (None if same else word, self._heads.get(word), self._windows.get(word))
            )
        self._automaton = ahocorasick.Automaton()
        for key, spellings in spelled.items():
            self._automaton.add_word(key, (len(key) - 2, tuple(spellings)))
        if self.words:
            self._automaton.make_automaton()

    def lower(self, text: str) -> str:
        """``text`` as the prefilter reads it: lower-cased (quotes folded when needed)."""
        low = text.lower()
        return normalize_token(low) if self._folded else low

    def sentences(
        self, text: str, on_cut: Callable[[int, int], None] | None = None
    ) -> list[Sentence]:
        """The candidate sentences of a text, in order: what :meth:`candidates` picks from
        :func:`~treatytrack.text.sentence_spans`, found without splitting the whole text.

        The automaton finds where the trigger words stand; only the sentences around them
        are split (:func:`~treatytrack.text.sentences_at`) and checked; a word that begins
        none of the heads its rules need ("fell" but not "fell apart") splits nothing.
        ``on_cut`` is told of the run-on spans that hold a trigger word split around.
        """
        if not self.words:
            return []
        low = self.lower(text)
        starts = self._starts(low, text) if len(low) == len(text) else None
        if starts == []:
            return []  # (no trigger word: nothing to split)
        around = sentences_at(text, starts, on_cut=on_cut) if starts is not None else None
        if around is None:  # split it all
            sentences = sentence_spans(text, on_cut=on_cut)
            return [sentences[i] for i in self.candidates(text, sentences)]
        return [s for s in around if self._worth(low, s, conjunctive=True)]

    def _starts(self, low: str, text: str) -> list[int] | None:
        """Where a trigger word starts in ``low`` with no letter or digit on either side
        (every place a sentence's words can show one, and a few more: "cease-fire" holds
        "fire"), sorted, but for those that begin none of the word's heads (see
        :meth:`_begins_head`) or lack what their trigger captures hold near them (see
        :func:`_in_reach`); ``None`` if one is at no word character of ``text``.

        The automaton reads the spaced text (:func:`_spaced`), where a word stands between
        spaces: most of the hits a bare word would have inside others ("go" in "ago") are
        not made at all, and those made need no test of their sides (but in a text with
        other than ASCII, where a letter may have been spaced)."""
        spaced = _spaced(low)
        plain = low.isascii()
        n = len(low)
        starts = set()
        for end, (size, spellings) in self._automaton.iter(spaced):
            start = end - size - 1  # (the spaced text is one ahead, and the key ends in a space)
            stop = start + size
            if not plain and (
                (start and low[start - 1].isalnum()) or (stop < n and low[stop].isalnum())
            ):
                continue
            for word, headed, windows in spellings:
                if word is not None and not low.startswith(word, start):
                    continue  # ("in principle" for "in-principle")
                if not text[start].isalnum():
                    return None
                if (headed is None or self._begins_head(low, start, stop, headed)) and (
                    windows is None or _in_reach(low, spaced, start, windows)
                ):
                    starts.add(start)
                    break
        return sorted(starts)

    @staticmethod
    def _begins_head(low: str, start: int, stop: int, headed: _Heads) -> bool:
        """Whether the trigger word at ``low[start:stop]`` may begin one of ``heads`` as the
        sentence check reads it (:meth:`_Words.fits`: the word and the words after it, as
        :data:`_WORD` cuts them). ``False`` only when it certainly does not: the word is the
        first part of a compound there ("fell-through"), or a whole word that neither alone
        nor with the words after it is a head. After a joiner ("co-fell") it is left to the
        sentence check."""
        if start and low[start - 1] in _JOINERS:
            return True  # perhaps the tail of a compound: left to the sentence check
        first = _WORD.match(low, start)
        if first is None or first.end() != stop:
            return False  # a compound's first part ("fell-through"): no head is one word
        heads, begun = headed
        words: tuple[str, ...] = (low[start:stop],)
        at = stop
        while words not in heads:
            if words not in begun:
                return False
            following = _WORD.search(low, at)
            if following is None:
                return False
            words += (following.group(),)
            at = following.end()
        return True

    def _worth(self, low: str, sentence: Sentence, conjunctive: bool) -> bool:
        words = _Words(low, sentence.start, sentence.end, self._known)
        if not words.hits:
            return False
        return not conjunctive or self._worth_reading(words, sentence)

    def candidates(
        self,
        text: str,
        sentences: list[Sentence],
        *,
        conjunctive: bool = True,
    ) -> list[int]:
        """Indices of the sentences that contain a trigger word (and, when
        ``conjunctive``, the other words one of its rules needs), in order."""
        if not self.words or not sentences:
            return []
        low = self.lower(text)
        # where trigger words may fire, as :meth:`sentences` finds them (a sentence without
        # one is split there for no trigger word)
        starts = self._starts(low, text) if conjunctive and len(low) == len(text) else None
        return [
            i
            for i, s in enumerate(sentences)
            if (starts is None or _holds_one(starts, s)) and self._worth(low, s, conjunctive)
        ]

    def _held(self, words: Iterable[str]) -> int:
        """The bits of the requirement sets that hold one of ``words``."""
        bits = self._bits
        held = 0
        for word in words:
            held |= bits.get(word, 0)
        return held

    def _worth_reading(self, words: _Words, sentence: Sentence) -> bool:
        """Whether some branch of a rule of a trigger word here can match: its words are
        in the sentence, those it needs before its trigger before some occurrence of the
        trigger word, and those it needs after from there on."""
        hits = words.hits
        if not hits <= self._planned:  # a trigger word that suffices alone
            return True
        entries = self._entries
        candidates = [entry for word in hits for entry in entries[word]]
        held = words.held
        passing = [c for c in candidates if c[3] & held == c[3]]
        if passing and words.fits(passing, 0):
            return True
        # Some sets may be met only by a token of a class (an acronym, a year): the branches
        # that would fit if every mark they want were there.
        marked = [c for c in candidates if c[6]]
        if not marked:
            return False
        marks: frozenset[str] = frozenset().union(*(self._word_marks[w] for w in hits))
        hoped = self._held(marks)
        hopeful = [c for c in marked if c[3] & (held | hoped) == c[3]]
        if not hopeful or not words.fits(hopeful, hoped):
            return False
        # test the tokens for the marks wanted, then the branches that wanted them
        met = self._held(self._marks(sentence, marks))
        held |= met
        passing = [c for c in hopeful if c[3] & held == c[3]]
        return words.fits(passing, met)

    def _marks(self, sentence: Sentence, wanted: frozenset[str]) -> set[str]:
        """The class marks of ``wanted`` some token of the sentence fits (an acronym, a
        year), each looked for until found."""
        found: set[str] = set()
        # a class whose hint finds nothing in the sentence has no token here
        hints = self._hints
        wanted = frozenset(
            m for m in wanted if m not in hints or hints[m].search(sentence.text) is not None
        )
        if not wanted:
            return found
        marks_of = self._token_marks
        for token in token_words(sentence.text):
            if not (token[:1].isupper() or token[:1].isdigit()):
                continue
            marks = marks_of(token)
            if marks:
                found |= marks & wanted
                if found == wanted:
                    break
        return found
