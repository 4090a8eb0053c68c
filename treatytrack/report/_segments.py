"""Cutting a text into non-overlapping pieces for highlighting.

Events give spans (a trigger, an evidence sentence) that may nest or overlap: two events
read from one sentence share it, and two rules may claim overlapping trigger words. HTML
needs a flat sequence of pieces instead, each covered by a fixed set of spans. Cutting the
text at every span's start and end gives exactly that; a trigger that another overlaps
becomes several consecutive pieces that carry the same event id, so its words stay marked
and the text in the page stays the document's text, character for character.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

__all__ = ["Mark", "Piece", "cut"]


@attrs.frozen(slots=True)
class Mark:
    """A labelled stretch ``[start, end)`` in document offsets (``label``: an event or
    sentence id)."""

    start: int
    end: int
    label: str


@attrs.frozen(slots=True)
class Piece:
    """One piece of a passage: its text, where it starts in the document, the labels of the
    triggers and sentences that cover it, and the sentences that begin at it."""

    text: str
    start: int
    triggers: tuple[str, ...] = ()
    sentences: tuple[str, ...] = ()
    opens: tuple[str, ...] = ()


def _clip(marks: Sequence[Mark], low: int, high: int) -> list[Mark]:
    """The marks that overlap ``[low, high)``, cut to it; empty marks are dropped."""
    out = []
    for mark in marks:
        start, end = max(mark.start, low), min(mark.end, high)
        if start < end:
            out.append(Mark(start, end, mark.label))
    return out


def _covering(marks: Sequence[Mark], start: int, end: int) -> tuple[str, ...]:
    """Labels of the marks that contain ``[start, end)``, in order of their start."""
    found = [m for m in marks if m.start <= start and end <= m.end]
    found.sort(key=lambda m: (m.start, -m.end, m.label))
    return tuple(dict.fromkeys(m.label for m in found))


def cut(text: str, offset: int, triggers: Sequence[Mark], sentences: Sequence[Mark]) -> list[Piece]:
    """Cut ``text`` (a passage starting at document offset ``offset``) into pieces.

    Pieces are in order, do not overlap and together give back ``text`` exactly. Marks
    are in document offsets and are clipped to the passage; every piece is either wholly
    inside a mark or wholly outside it.
    """
    end = offset + len(text)
    trig = _clip(triggers, offset, end)
    sent = _clip(sentences, offset, end)
    cuts = sorted({offset, end} | {m.start for m in trig + sent} | {m.end for m in trig + sent})
    pieces = []
    for low, high in itertools.pairwise(cuts):
        # Both lists are a document's events: small enough that a scan per piece is cheap.
        opens = tuple(dict.fromkeys(m.label for m in sent if m.start == low))
        pieces.append(
            Piece(
                text[low - offset : high - offset],
                low,
                _covering(trig, low, high),
                _covering(sent, low, high),
                opens,
            )
        )
    return pieces
