"""``treatytrack explain``: why each rule did or did not read a sentence."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import click
from rich.console import Console
from rich.markup import escape

from ..engine import load_rules
from ..explain import Explanation, explain
from ..serialize import event_to_json
from .main import cli, published_option, rules_option

__all__ = ["explain_command"]

_STYLE = {
    "event": "green",
    "overridden": "yellow",
    "dropped": "yellow",
    "no-match": "red",
    "no-trigger": "red",
}


def _caret(record: Explanation) -> str:
    """The sentence with a caret under the token where the pattern stopped."""
    if record.stopped_offset is None:
        return ""
    column = record.stopped_offset - record.sentence_start
    return f"    {record.sentence}\n    {' ' * column}^"


def _modifiers(record: Explanation) -> str:
    parts = [f"modality {record.modality}"]
    if record.modality_cue:
        parts[-1] += f" (cue {record.modality_cue!r})"
    parts.append(f"polarity {record.polarity}")
    if record.negation:
        parts[-1] += f", {record.negation}"
    if record.negation_cue:
        parts[-1] += f" (cue {record.negation_cue!r})"
    if record.speaker:
        parts.append(f"speaker {record.speaker!r}")
    if record.fixed:
        parts.append(f"fixed by the rule: {', '.join(record.fixed)}")
    return "; ".join(parts)


def _print(console: Console, record: Explanation) -> None:
    style = _STYLE[record.outcome]
    where = f" at {record.trigger!r}" if record.trigger else ""
    console.print(
        f"[bold]{escape(record.rule)}[/]{escape(where)}: [{style}]{record.outcome}[/]: "
        f"{escape(record.detail)}",
        highlight=False,
    )
    caret = _caret(record)
    if caret:
        console.print(escape(caret), highlight=False)
    if record.captures:
        label = "captures" if record.matched else "captured on the way"
        shown = ", ".join(f"{c.name}={c.text!r}" for c in record.captures)
        console.print(f"    {label}: {escape(shown)}", highlight=False)
    if record.matched and record.modality is not None:
        console.print(f"    modifiers: {escape(_modifiers(record))}", highlight=False)


def _json(record: Explanation) -> dict[str, object]:
    data = attrs.asdict(record, recurse=True, filter=lambda a, _: a.name != "event")
    data["matched"] = record.matched
    data["event"] = event_to_json(record.event) if record.event else None
    return data


@cli.command("explain")
@click.argument("sentence")
@click.option("--rule", "rule_id", default=None, help="Explain only this rule.")
@published_option("Publication date (YYYY-MM-DD) that relative dates are read against.")
@rules_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text")
def explain_command(
    sentence: str,
    rule_id: str | None,
    published: dt.datetime | None,
    rule_packs: tuple[str, ...],
    fmt: str,
) -> None:
    """Explain how each rule whose trigger is in SENTENCE read it, or why it did not.

    For every such rule: how far its pattern got, the token where it stopped and what it
    expected there; for a match, its captures and the modifiers applied.
    """
    ruleset = load_rules(*rule_packs)
    if rule_id is not None and rule_id not in ruleset.by_id:
        raise click.BadParameter(f"no rule {rule_id!r} in these packs", param_hint="--rule")
    records = explain(
        sentence, rules=ruleset, rule=rule_id, published=published.date() if published else None
    )
    if fmt == "json":
        click.echo(json.dumps([_json(r) for r in records], indent=2, ensure_ascii=False))
        return
    console = Console(soft_wrap=True)
    if not records:
        console.print("no rule's trigger word occurs in the sentence", highlight=False)
    for record in records:
        _print(console, record)
