"""Pattern classes (``PARTY``, ``DATE``, ``PHRASE`` ...): token recognisers written in Python.

A class is a function ``match(s, loc) -> end | None`` over a *token string* (see
:mod:`treatytrack.text`): given the position of a token, it returns the position just after
the last token it accepts, or ``None``. Classes are registered by name in a
:class:`ClassRegistry`; the default registry, :data:`CLASSES`, holds the built-in ones, and
users add their own::

    from treatytrack.rules import register_class

    @register_class("SHIP", max_tokens=4, examples=("the USS Ronald Reagan",))
    def ship(s: str, loc: int) -> int | None:
        ...

The engine registers ``PARTY``, ``PARTIES``, ``DATE`` and ``PLACE`` (they need the
gazetteers of :mod:`treatytrack.resolve`); this module holds the purely lexical ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Final

import attrs
import pyparsing as pp

__all__ = [
    "CLASSES",
    "ClassRegistry",
    "MatchFn",
    "PatternClass",
    "TokenElement",
    "next_token",
    "phrase_ends",
    "phrase_until",
    "register_class",
]

MatchFn = Callable[[str, int], "int | None"]
EndsFn = Callable[[str, int], "list[int]"]


def next_token(s: str, loc: int) -> tuple[str, int]:
    """The token at ``loc`` of a token string and the position of the token after it."""
    space = s.find(" ", loc)
    if space < 0:
        return "", loc
    return s[loc:space], space + 1


class TokenElement(pp.Token):
    """A pyparsing element over token strings: no whitespace skipping, no result tokens.

    Subclasses (or a wrapped function) say where a match ends; results are left empty so
    that a successful parse returns only the capture markers.
    """

    def __init__(self, name: str, match: MatchFn | None = None) -> None:
        super().__init__()
        self.skipWhitespace = False
        self.mayReturnEmpty = False
        self.mayIndexError = False
        self._match = match
        self.set_name(name)
        self.errmsg = f"expected {name}"
        # the lower-cased words a match can begin with (None: not known, any)
        self.first_words: frozenset[str] | None = None

    def match_at(self, s: str, loc: int) -> int | None:
        assert self._match is not None
        return self._match(s, loc)

    def parseImpl(
        self, instring: str, loc: int, do_actions: bool = True
    ) -> tuple[int, list[object]]:
        end = self.match_at(instring, loc)
        if end is None or end <= loc:
            raise pp.ParseException(instring, loc, self.errmsg, self)
        return end, []


@attrs.frozen(slots=True)
class PatternClass:
    """A named class: its matcher, the most tokens it can take, and sample texts.

    ``examples`` are texts the class accepts; the hypothesis strategies draw from them when
    they generate sentences for a rule that uses the class.
    """

    name: str
    match: MatchFn
    max_tokens: int
    description: str = ""
    examples: tuple[str, ...] = ()
    ends: EndsFn | None = None  # every acceptable end, longest first: the class backtracks
    # For a one-token class: whether a token (as written) can be one. The engine uses it to
    # skip sentences and start positions where the class cannot match at all.
    token_test: Callable[[str], bool] | None = None
    # For a class with a token test: a regular expression that finds something in any text
    # holding a token that passes it (a necessary sign, never a sufficient one). A sentence
    # where it finds nothing is not tokenised to look for the class.
    token_hint: re.Pattern[str] | None = None

    def element(self) -> TokenElement:
        return TokenElement(self.name, self.match)


class ClassRegistry:
    """Classes by name. Names are upper case, as patterns write them."""

    def __init__(self) -> None:
        self._classes: dict[str, PatternClass] = {}

    def register(
        self,
        name: str,
        match: MatchFn,
        *,
        max_tokens: int,
        description: str = "",
        examples: tuple[str, ...] = (),
        ends: EndsFn | None = None,
        token_test: Callable[[str], bool] | None = None,
        token_hint: re.Pattern[str] | None = None,
    ) -> PatternClass:
        """Add (or replace) a class; ``name`` must be an upper-case identifier.

        ``ends``, when given, lists every place the class may end at ``loc`` (longest
        first); the compiled pattern then gives tokens back when the rest needs them, as it
        does for repeats. Without it the class takes its longest match, like a word.
        ``token_hint`` (with ``token_test``) must find something in any text that holds a
        token passing the test; the engine skips the token test where it finds nothing."""
        if token_hint is not None and token_test is None:
            raise ValueError("'token_hint' needs a 'token_test' (it is a sign of one)")
        if not name.isidentifier() or name.upper() != name or not name[0].isalpha():
            raise ValueError(f"'name' must be an upper-case identifier (got {name!r})")
        if max_tokens < 1:
            raise ValueError(f"'max_tokens' must be >= 1 (got {max_tokens!r})")
        cls = PatternClass(
            name, match, max_tokens, description, tuple(examples), ends, token_test, token_hint
        )
        self._classes[name] = cls
        return cls

    def __getitem__(self, name: str) -> PatternClass:
        return self._classes[name]

    def __contains__(self, name: object) -> bool:
        return name in self._classes

    def __iter__(self) -> Iterator[PatternClass]:
        return iter(sorted(self._classes.values(), key=lambda c: c.name))

    def names(self) -> list[str]:
        return sorted(self._classes)


CLASSES: Final = ClassRegistry()


def register_class(
    name: str, *, max_tokens: int, description: str = "", examples: tuple[str, ...] = ()
) -> Callable[[MatchFn], MatchFn]:
    """Decorator: register ``match`` as class ``name`` in the default registry.

    ``match(s, loc)`` gets a token string and a token position and returns where the class
    ends there (or ``None``). Its answer must depend on nothing else: the engine asks once
    per position of a sentence and remembers the answer for every rule.
    """

    def decorate(match: MatchFn) -> MatchFn:
        CLASSES.register(
            name, match, max_tokens=max_tokens, description=description, examples=examples
        )
        return match

    return decorate


_DETERMINERS: Final = frozenset(
    "a an the this that these those its their his her our your another both any such".split()
)


@register_class(
    "DET",
    max_tokens=1,
    description="a determiner or possessive: a, an, the, this, its, their, ...",
    examples=("a", "the", "their", "its", "this"),
)
def _det(s: str, loc: int) -> int | None:
    word, end = next_token(s, loc)
    return end if word.lower() in _DETERMINERS else None


# Words that end a PHRASE: they open a clause, a time or place, or an event of their own.
_PHRASE_STOPS: Final = frozenset(
    """
    that which who whom whose where when while whereas as because after before since until
    unless if although though but or nor so than then thus yet during amid despite between
    at from by with among between involving said says say told tell added announced according
    stated noted is are was
    were be been being has have had will would could should can may might must shall do does
    did not also including include includes to signed agreed pledged ratified concluded
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec last next this week month year
    he she it they we i you him them us me
    """.split()
)
_PHRASE_PUNCT: Final = frozenset(",.;:!?()[]{}\"'-")
PHRASE_MAX: Final = 10


def _phrase(s: str, loc: int) -> int | None:
    return phrase_until(s, loc, None)


def _phrase_ends(s: str, loc: int) -> list[int]:
    return phrase_ends(s, loc, None)


CLASSES.register(
    "PHRASE",
    _phrase,
    max_tokens=PHRASE_MAX,
    description=(
        "a short noun phrase (1-10 tokens): stops before punctuation, a clause or date "
        "word, or a verb of saying; gives words back when the rest of the pattern needs them"
    ),
    examples=("defense equipment transfers", "trade", "climate change", "nuclear cooperation"),
    ends=_phrase_ends,
)


def phrase_until(s: str, loc: int, stop: Callable[[str, int], bool] | None) -> int | None:
    """The longest PHRASE at ``loc``; ``stop(s, pos)`` may end it early (e.g. a venue)."""
    ends = phrase_ends(s, loc, stop)
    return ends[0] if ends else None


def phrase_ends(s: str, loc: int, stop: Callable[[str, int], bool] | None) -> list[int]:
    """Every end of a PHRASE at ``loc``, longest first; never on a dangling function word."""
    end = loc
    count = 0
    while count < PHRASE_MAX:
        word, after = next_token(s, end)
        if not word:
            break
        low = word.lower()
        if low in _PHRASE_STOPS or word in _PHRASE_PUNCT or word in ("'s", "n't"):
            break
        if stop is not None and count and stop(s, end):
            break
        end = after
        count += 1
    # A phrase does not end on a dangling function word ("stability in", "cooperation and").
    ends = []
    while count:
        last_start = s.rfind(" ", loc, end - 1) + 1
        if s[last_start : end - 1].lower() not in _DANGLING:
            ends.append(end)
        end = last_start
        count -= 1
    return ends


_DANGLING: Final = frozenset(
    "in on of for and with the a an its their to over about against".split()
)


@register_class(
    "MOD",
    max_tokens=1,
    description=(
        "a word that can stand before a noun in a name ('defense', 'landmark', '1951'): "
        "not a determiner, pronoun, verb of saying, auxiliary or clause word"
    ),
    examples=("landmark", "defense", "bilateral", "nuclear"),
)
def _mod(s: str, loc: int) -> int | None:
    word, end = next_token(s, loc)
    low = word.lower()
    if word in _CURRENCY:  # "a $240m agreement", "a £1bn deal"
        return end
    if not word[:1].isalnum() or low in _DETERMINERS or low in _PRONOUNS:
        return None
    if low in _PHRASE_STOPS and not word[:1].isupper():  # "Good Friday Agreement" is a name
        return None
    return end


_PRONOUNS: Final = frozenset("he she it they we i you him them us me".split())
_CURRENCY: Final = frozenset("$ £ € ¥".split())


@register_class(
    "WORD",
    max_tokens=1,
    description="any one word (not punctuation)",
    examples=("bilateral", "security"),
)
def _word(s: str, loc: int) -> int | None:
    word, end = next_token(s, loc)
    return end if word[:1].isalnum() else None


@register_class(
    "NUMBER",
    max_tokens=1,
    description="a number in digits or words (one to twenty)",
    examples=("two", "3", "ten"),
)
def _number(s: str, loc: int) -> int | None:
    word, end = next_token(s, loc)
    low = word.lower()
    if low.replace(",", "").replace(".", "").isdigit() or low in _NUMBER_WORDS:
        return end
    return None


_NUMBER_WORDS: Final = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty first second third fourth fifth "
    "sixth seventh eighth ninth tenth".split()
)


_ACRONYM: Final = re.compile(r"[A-Z][A-Za-z0-9&-]{1,9}")


def _is_acronym(word: str) -> bool:
    # the pattern takes ASCII only and a capital first: a second capital is any in the rest
    rest = word[1:]
    return rest.lower() != rest and bool(_ACRONYM.fullmatch(word))


def _is_year(word: str) -> bool:
    return len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")


def _one_token(test: Callable[[str], bool]) -> MatchFn:
    def match(s: str, loc: int) -> int | None:
        word, end = next_token(s, loc)
        return end if test(word) else None

    return match


CLASSES.register(
    "ACRONYM",
    _one_token(_is_acronym),
    max_tokens=1,
    description="an acronym-like word with two or more capitals: ACSA, JCPOA, MoU, START",
    examples=("ACSA", "JCPOA", "START", "RCEP"),
    token_test=_is_acronym,
    # an acronym holds two capitals at most nine characters apart
    token_hint=re.compile(r"[A-Z][A-Za-z0-9&-]{0,8}[A-Z]"),
)
CLASSES.register(
    "YEAR",
    _one_token(_is_year),
    max_tokens=1,
    description="a year from 1900 to 2099 ('1951', '2015')",
    examples=("1951", "2015", "1998"),
    token_test=_is_year,
    # "19" or "20" and two more digits (isdigit takes more than \d: any two word characters)
    token_hint=re.compile(r"(?:19|20)\w\w"),
)


_DATE_WORDS: Final = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan feb mar apr jun jul aug "
    "sep sept oct nov dec".split()
)


@register_class(
    "NAME",
    max_tokens=1,
    description="a capitalised word that is not a date word (a name of someone or something)",
    examples=("Babacan", "Rangers", "BAA"),
)
def _name(s: str, loc: int) -> int | None:
    word, end = next_token(s, loc)
    if word[:1].isupper() and word.lower() not in _DATE_WORDS:
        return end
    return None
