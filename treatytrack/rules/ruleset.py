"""A set of loaded packs compiled for matching: the engine's input.

A :class:`RuleSet` compiles each rule once and indexes rules by their trigger words, so the
engine can run only the rules whose trigger occurs in a sentence. It pickles as its packs
(compiled pyparsing elements hold closures), and unpickling recompiles once per process.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Mapping

import attrs

from ..errors import RulePackError
from .classes import CLASSES
from .compile import CompiledPattern, Leads, compile_pattern
from .pack import Cue, Rule, RulePack, _merge_cues

__all__ = ["CompiledRule", "RuleSet"]


@attrs.frozen(slots=True, eq=False)
class CompiledRule:
    """A rule with its compiled pattern; ``order`` is its position in the set (ties)."""

    rule: Rule
    pattern: CompiledPattern
    order: int

    @property
    def id(self) -> str:
        return self.rule.id


class RuleSet:
    """Compiled rules from one or more packs, indexed by trigger word."""

    def __init__(self, packs: Iterable[RulePack]) -> None:
        self.packs: tuple[RulePack, ...] = tuple(packs)
        seen_packs: dict[str, RulePack] = {}
        for top in self.packs:
            for pack in top.all_packs():
                seen_packs.setdefault(pack.path, pack)
        self.lexicons: dict[str, tuple[str, ...]] = {}
        self.modifiers: dict[str, Cue] = {}
        names: dict[str, str] = {}
        for pack in seen_packs.values():
            if pack.name in names and names[pack.name] != pack.path:
                raise RulePackError(
                    f"two packs are named '{pack.name}': {names[pack.name]} and {pack.path}",
                    None,
                    "duplicate-pack",
                )
            names[pack.name] = pack.path
            self.lexicons.update(pack.lexicons)
            _merge_cues(self.modifiers, pack.modifiers)
        rules: list[CompiledRule] = []
        ids: dict[str, Rule] = {}
        # what rules hold before their trigger, shared where several hold the same
        leads = Leads()
        visible = {path: self._visible_lexicons(pack) for path, pack in seen_packs.items()}
        for path, pack in seen_packs.items():
            for rule in pack.rules:
                leads.note(rule.tree, visible[path], frozenset(rule.captures))
        for path, pack in seen_packs.items():
            lexicons = visible[path]
            for rule in pack.rules:
                if rule.id in ids:
                    raise RulePackError(
                        f"duplicate rule id '{rule.id}' (also in pack '{ids[rule.id].pack}' "
                        f"at {ids[rule.id].location})",
                        rule.location,
                        "duplicate-id",
                    )
                ids[rule.id] = rule
                rules.append(
                    CompiledRule(
                        rule,
                        compile_pattern(
                            rule.tree, lexicons, CLASSES, frozenset(rule.captures), leads
                        ),
                        len(rules),
                    )
                )
        self.rules: tuple[CompiledRule, ...] = tuple(rules)
        self.by_id: dict[str, CompiledRule] = {r.id: r for r in rules}
        index: dict[str, list[CompiledRule]] = {}
        for compiled in rules:
            for word in compiled.pattern.trigger_words:
                index.setdefault(word, []).append(compiled)
        self.trigger_index: Mapping[str, tuple[CompiledRule, ...]] = {
            w: tuple(rs) for w, rs in index.items()
        }

    @staticmethod
    def _visible_lexicons(pack: RulePack) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for p in pack.all_packs():
            out.update(p.lexicons)
        return out

    def __len__(self) -> int:
        return len(self.rules)

    def __repr__(self) -> str:
        names = ", ".join(p.name for p in self.packs)
        return f"<RuleSet of {len(self.rules)} rules from {names}>"

    @property
    def fingerprint(self) -> str:
        """A hash of the packs' content: equal fingerprints compile to equal rule sets."""
        return _fingerprint(self.packs)

    def subset(self, rule_ids: Iterable[str]) -> RuleSet:
        """The same packs with only some rules (for explaining or testing one rule)."""
        keep = set(rule_ids)
        clone = object.__new__(RuleSet)
        clone.__dict__.update(self.__dict__)
        clone.rules = tuple(r for r in self.rules if r.id in keep)
        clone.by_id = {r.id: r for r in clone.rules}
        clone.trigger_index = {
            w: tuple(r for r in rs if r.id in keep) for w, rs in self.trigger_index.items()
        }
        return clone

    def __reduce__(self) -> tuple[object, tuple[tuple[RulePack, ...]]]:
        return _rebuild, (self.packs,)


def _fingerprint(packs: tuple[RulePack, ...]) -> str:
    return hashlib.blake2b(pickle.dumps(packs, protocol=4), digest_size=16).hexdigest()


_COMPILED: dict[str, RuleSet] = {}


def _rebuild(packs: tuple[RulePack, ...]) -> RuleSet:
    """Unpickle: compile once per process per distinct set of packs."""
    key = _fingerprint(packs)
    if key not in _COMPILED:
        if len(_COMPILED) >= 16:
            _COMPILED.clear()
        _COMPILED[key] = RuleSet(packs)
    return _COMPILED[key]
