"""Rule packs: the YAML format, the pattern language, and their compilation to pyparsing.

.. versionadded:: 0.1
"""

from .classes import CLASSES, ClassRegistry, PatternClass, next_token, register_class
from .compile import CAPTURE_FIELDS, CompiledPattern, Match, compile_pattern
from .pack import (
    CaptureSpec,
    Cue,
    Example,
    Rule,
    RulePack,
    default_pack_dir,
    default_pack_paths,
    load_pack,
)
from .pattern import PatternSyntaxError, parse_pattern, pattern_text, to_text
from .ruleset import CompiledRule, RuleSet

__all__ = [
    "CAPTURE_FIELDS",
    "CLASSES",
    "CaptureSpec",
    "ClassRegistry",
    "CompiledPattern",
    "CompiledRule",
    "Cue",
    "Example",
    "Match",
    "PatternClass",
    "PatternSyntaxError",
    "Rule",
    "RulePack",
    "RuleSet",
    "compile_pattern",
    "default_pack_dir",
    "default_pack_paths",
    "load_pack",
    "next_token",
    "parse_pattern",
    "pattern_text",
    "register_class",
    "to_text",
]
