"""Agreement identity: which mentions, across documents, speak of one real agreement.

A mention (one event) gets *keys*: its normalised name (``n:``), each alias (``a:``), the
topic of a pledge (``p:``) or of talks that name no instrument (``n:``), or, for an
unnamed instrument ("the pact"), its bare type (``t:``). Two mentions are one agreement when
they share a key and their parties are compatible (one set contains the other). Mentions
are clustered in a fixed order (largest party set first, then history order), so the
clusters depend on the set of mentions only, never on the order documents arrived in.
When a mention fits several agreements whose parties disagree, it is kept apart and
:func:`candidate_link` records the doubt. See ``docs/tracker.md``.

.. versionadded:: 0.1
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ..records import Kind
from ..resolve.places import country_names, country_of_place
from .records import CandidateLink, LinkReason

__all__ = [
    "Mention",
    "Naming",
    "Profile",
    "agreement_id",
    "alias_key",
    "candidate_link",
    "cluster",
    "compatible",
    "document_keys",
    "keys_of",
    "name_tokens",
    "naming",
    "normalise_name",
    "strip_venue",
]

_STOP = frozenset(
    """a an the this that these those its their his her our your another any such both each
    of on in for to and with between among over against about regarding concerning covering
    by at from into toward towards as so called new two way bilateral joint s""".split()
)
_INSTRUMENT = frozenset(
    """agreement pact accord deal treaty framework arrangement memorandum understanding mou
    memoranda""".split()
)
_GENERIC = frozenset(
    """cooperation collaboration coordination effort work commitment close closer further
    greater""".split()
)
_VAGUE = frozenset(
    """several various many some other number point issue area matter field regard aspect
    front thing way topic question subject this that these those""".split()
)
"""Words that do not say what a pledge is about ("collaborate on several points")."""
_SPELLING = {
    "defence": "defense",
    "programme": "program",
    "organisation": "organization",
    "memoranda": "memorandum",
    "initialed": "initialled",
}
_WORD = re.compile(r"[^\W_]+")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9]*[A-Z0-9]$")


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=65536)
def _is_acronym(word: str) -> bool:
    capitals = sum(c.isupper() for c in word)
    return 2 <= len(word) <= 10 and capitals >= 2 and bool(_ACRONYM.match(word))


@functools.lru_cache(maxsize=65536)
def name_tokens(text: str) -> frozenset[str]:
    """The content words of a name or topic, normalised.

    Lower case; determiners, prepositions and punctuation dropped; plurals singularised
    (acronyms excepted); generic instrument nouns (agreement, pact, deal ...) and generic
    words (cooperation, efforts ...) dropped; a few spelling variants unified.
    """
    text = re.sub(r"(?i)\bco-?operat", "cooperat", text)
    out: set[str] = set()
    for raw in _WORD.findall(text):
        word = raw.lower() if _is_acronym(raw) else _singular(raw.lower())
        word = _SPELLING.get(word, word)
        if word in _STOP or word in _INSTRUMENT or word in _GENERIC:
            continue
        out.add(word)
    return frozenset(out)


def normalise_name(text: str) -> str:
    """The identity key of a name: its content words, sorted ("" for a bare "the pact")."""
    return " ".join(sorted(name_tokens(text)))


def alias_key(alias: str) -> str:
    """An alias compared without case or punctuation: "A.C.S.A." and "ACSA" agree."""
    return "".join(_WORD.findall(alias)).lower()


_VENUE = re.compile(r"\s+(?:in|at)\s+((?:the\s+)?[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3})\s*$")


def strip_venue(name: str) -> str:
    """An instrument's name without a trailing venue: "memorandum ... in Jakarta" ->
    "memorandum ...". Only a known place that is not a country is taken for a venue ("a
    treaty on peace in Ukraine" keeps its country)."""
    found = _VENUE.search(name)
    if found is None:
        return name
    place = found.group(1)
    if place in _countries() or country_of_place(place) is None:
        return name
    return name[: found.start()]


@functools.cache
def _countries() -> frozenset[str]:
    return frozenset(country_names())


def _bare_type(name: str, kind: str | None) -> str:
    if kind:
        return " ".join(kind.lower().split())
    words = [w.lower() for w in _WORD.findall(name)]
    nouns = [_singular(w) for w in words if _singular(w) in _INSTRUMENT]
    return nouns[-1] if nouns else "agreement"


def keys_of(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The identity keys of one event, from its JSON (``serialize.event_to_json``'s shape)."""
    agreement = data.get("agreement")
    keys: set[str] = set()
    if agreement:
        name = strip_venue(str(agreement.get("name") or ""))
        key = normalise_name(name)
        keys.add(f"n:{key}" if key else f"t:{_bare_type(name, agreement.get('type'))}")
        for alias in agreement.get("aliases") or ():
            if alias_key(alias):
                keys.add(f"a:{alias_key(alias)}")
        words = name.split()
        if len(words) == 1 and _is_acronym(words[0]):
            keys.add(f"a:{alias_key(words[0])}")
    elif data.get("topic") and normalise_name(str(data["topic"])):
        prefix = "p" if data.get("kind") == Kind.PLEDGE.value else "n"
        keys.add(f"{prefix}:{normalise_name(str(data['topic']))}")
    if not keys:
        keys.add(f"e:{data['id']}")  # nothing to match by: an agreement of its own
    return tuple(sorted(keys))


def _vague(keys: tuple[str, ...]) -> bool:
    """Keys that identify nothing: a bare type ("the pact"), a vague topic ("several
    points") or no name at all ("agreed to negotiate"); the mention then refers back, as a
    reader takes it."""
    if any(k.startswith("a:") for k in keys):
        return False
    for key in keys:
        if key.startswith(("t:", "e:")):
            continue
        if key.startswith(("n:", "p:")) and set(key[2:].split()) <= _VAGUE:
            continue
        return False
    return True


def document_keys(events: Sequence[Mapping[str, Any]]) -> list[tuple[str, ...]]:
    """The identity keys of one document's events (JSON, in document order).

    A mention that names nothing identifying (see :func:`_vague`) takes the keys of the
    closest earlier event of the same document of the same class (pledge or not) with
    compatible parties: "Kishida said both countries will collaborate on several points in
    this regard" belongs to the pledge before it. With no such event it is an agreement of
    its own: a vague name never matches across documents.
    """
    out: list[tuple[str, ...]] = []
    for index, data in enumerate(events):
        keys = keys_of(data)
        pledge = data.get("kind") == Kind.PLEDGE.value
        if _vague(keys):
            keys = (f"e:{data['id']}",)
            for earlier in range(index - 1, -1, -1):
                other = events[earlier]
                same_class = (other.get("kind") == Kind.PLEDGE.value) == pledge
                parties = other.get("parties") or ()
                if (
                    same_class
                    and not _vague(out[earlier])
                    and compatible(parties, data.get("parties") or ())
                ):
                    keys = out[earlier]
                    break
        out.append(keys)
    return out


def compatible(a: Iterable[str], b: Iterable[str]) -> bool:
    """Party sets of one agreement: equal, or one contains the other (a party-level step)."""
    first, second = frozenset(a), frozenset(b)
    return first <= second or second <= first


@attrs.frozen(slots=True)
class Mention:
    """One event as identity sees it: its keys, its parties, and its place in history."""

    event_id: str
    keys: frozenset[str]
    parties: frozenset[str]
    order: tuple[Any, ...]


class _Group:
    def __init__(self, first: Mention, number: int) -> None:
        self.number = number  # creation order: a deterministic tie-break
        self.members = [first]
        self.keys = set(first.keys)
        self.parties = set(first.parties)
        self.alive = True

    def absorb(self, other: _Group) -> None:
        self.members.extend(other.members)
        self.keys |= other.keys
        self.parties |= other.parties
        other.alive = False


def cluster(mentions: Iterable[Mention]) -> list[tuple[Mention, ...]]:
    """Group mentions into agreements; a pure function of the set of mentions.

    Mentions are taken largest party set first, then in history order. A mention joins the
    agreements it shares a key with and whose parties are compatible with its own; if
    those agreements' parties are compatible with one another they become one, else it
    joins the one with exactly its parties, else it stays apart (the doubt shows up as a
    candidate link).
    """
    ordered = sorted(mentions, key=lambda m: (-len(m.parties), m.order))
    index: dict[str, dict[int, _Group]] = {}
    groups: list[_Group] = []
    for mention in ordered:
        seen: dict[int, _Group] = {}
        for key in sorted(mention.keys):
            for number, group in index.get(key, {}).items():
                if group.alive and compatible(group.parties, mention.parties):
                    seen.setdefault(number, group)
        found = [seen[number] for number in sorted(seen)]
        target: _Group | None = None
        if found and all(compatible(a.parties, b.parties) for a in found for b in found):
            target = found[0]
            for other in found[1:]:
                target.absorb(other)
                for key in other.keys:
                    index.setdefault(key, {})[target.number] = target
        else:
            exact = [g for g in found if g.parties == set(mention.parties)]
            target = exact[0] if len(exact) == 1 else None
        if target is None:
            target = _Group(mention, len(groups))
            groups.append(target)
        else:
            target.members.append(mention)
            target.keys |= mention.keys
            target.parties |= mention.parties
        for key in mention.keys:
            index.setdefault(key, {})[target.number] = target
    result = [tuple(sorted(g.members, key=lambda m: m.order)) for g in groups if g.alive]
    return sorted(result, key=lambda members: members[0].order)


def agreement_id(first_event_id: str) -> str:
    """A stable id for the agreement whose history starts with ``first_event_id``."""
    return "ag-" + hashlib.blake2b(first_event_id.encode("utf-8"), digest_size=5).hexdigest()


@attrs.frozen(slots=True)
class Profile:
    """What :func:`candidate_link` compares: an agreement's id, parties and keys."""

    id: str
    parties: frozenset[str]
    keys: frozenset[str]

    def names(self) -> list[tuple[str, frozenset[str]]]:
        """The normalised names and topics, as (namespace, words)."""
        return [(k[0], frozenset(k[2:].split())) for k in self.keys if k[0] in "np"]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def candidate_link(a: Profile, b: Profile, threshold: float = 0.5) -> CandidateLink | None:
    """Why ``a`` and ``b``, kept apart, might still be one agreement; ``None`` if they can't.

    Disjoint party sets never link. A shared key with party sets that overlap without one
    containing the other is ``parties_differ``; a shared key with compatible parties
    (kept apart because some mention fitted several agreements) is ``ambiguous``; names
    sharing at least ``threshold`` of their words (Jaccard) are ``similar_name``.
    """
    if a.id == b.id or (a.parties and b.parties and not a.parties & b.parties):
        return None
    first, second = sorted((a, b), key=lambda p: p.id)
    if a.keys & b.keys:
        if compatible(a.parties, b.parties):
            return CandidateLink(first.id, second.id, LinkReason.AMBIGUOUS, 0.5)
        score = _jaccard(a.parties, b.parties)
        return CandidateLink(first.id, second.id, LinkReason.PARTIES_DIFFER, score)
    if not compatible(a.parties, b.parties):
        return None
    best = max(
        (_jaccard(x, y) for ns, x in a.names() for ns2, y in b.names() if ns == ns2),
        default=0.0,
    )
    if best >= threshold:
        return CandidateLink(first.id, second.id, LinkReason.SIMILAR_NAME, round(best, 3))
    return None


@attrs.frozen(slots=True)
class Naming:
    """How an agreement is called: canonical name, instrument type, topic, other names."""

    name: str
    type: str | None
    topic: str | None
    aliases: tuple[str, ...]


def naming(events: Sequence[Mapping[str, Any]]) -> Naming:
    """Name an agreement from its events' JSON, given in history order.

    The canonical name is a full name (not built on an acronym, not a bare "the pact"),
    preferably one an acronym abbreviates ("acquisition and cross-servicing agreement
    (ACSA)"), then a proper name (capitalised), then the most frequent, the longest, the
    earliest. Aliases are the acronyms, then the other names as written
    (case-insensitively distinct), in order of appearance. Venues are dropped.
    """
    acronyms: dict[str, str] = {}
    names: list[tuple[str, Mapping[str, Any]]] = []
    for data in events:
        agreement = data.get("agreement")
        if agreement:
            for alias in agreement.get("aliases") or ():
                acronyms.setdefault(alias_key(alias), alias)
            topic = agreement.get("topic")
            topic = strip_venue(str(topic)) if topic else None
            names.append((strip_venue(str(agreement["name"])), {**agreement, "topic": topic}))
        elif data.get("topic"):
            names.append((str(data["topic"]), {"name": data["topic"], "topic": data["topic"]}))
    if not names:
        first = events[0] if events else {}
        return Naming(f"unnamed {first.get('kind') or 'agreement'}", None, None, ())
    counts = Counter(n.lower() for n, _ in names)
    short = set(acronyms)

    def rank(item: tuple[int, tuple[str, Mapping[str, Any]]]) -> tuple[int, ...]:
        position, (name, ref) = item
        tokens = name_tokens(name) - _VAGUE
        weak = not tokens or bool(tokens & short) or _is_acronym(name.strip())
        official = bool(ref.get("aliases")) and not weak
        proper = name[:1].isupper()
        return (weak, not official, not proper, -counts[name.lower()], -len(tokens), position)

    _, (name, ref) = min(enumerate(names), key=rank)
    kinds = Counter(str(r.get("type")) for _, r in names if r.get("type"))
    kind = ref.get("type") or (kinds.most_common(1)[0][0] if kinds else None)
    topics = [r.get("topic") for _, r in names if r.get("topic")]
    topic = ref.get("topic") or (topics[0] if topics else None)
    others: dict[str, str] = {}
    for alias in acronyms.values():
        others.setdefault(alias.lower(), alias)
    for other, _ in names:
        low = other.lower()
        if low != name.lower() and name_tokens(other) - _VAGUE:
            others.setdefault(low, other)
    others.pop(name.lower(), None)
    return Naming(name, kind, topic, tuple(others.values()))
