"""Lines that stand taller than wide on an upright page: which way each one reads.

PaddleOCR's rule (:data:`.lines.VERTICAL`) turns every such line 90° counter-clockwise to
lie horizontally. That is right for text running top to bottom, wrong for text running
bottom to top (the arXiv stamp in a paper's margin: read upside down, "0073ny [Ds]IA60…"),
and wrong for what is most often taller than wide on a business page: a single glyph (the
"1" of a receipt's quantity column, read "i", "mm" or nothing once turned) or a column of
digits from table rows that the detector joined (read sideways as one number).

- **A stack** (:func:`stacked`): blank rows part the strip into lines that each lie down
  (none taller than the strip is wide): each is read as its own line.
- **Otherwise** the strip is read three ways (as turned, turned the other way, as it stood)
  and kept the way the recogniser reads it most surely: upside-down and sideways glyphs read
  as unsure junk, in any script.

Measured on the standing lines of 40 SROIE receipts (7, all single digits, quad 1.7-1.8×
taller than wide) and of the realdocs dev split at 200 dpi (the arXiv stamp, 12.7×; a
rotated table label, 3.3×; 157 strips of a dense statistics table, most of them stacks of
2-5 digits): the most sure reading was the right orientation for 5 of the 7 receipt digits
(read "1" at 0.89-0.99 as they stood, against 0.21-0.85 turned), the arXiv stamp (turned
clockwise, 0.99 against 0.53) and the label (as turned, 1.00 against 0.78); the table's
stacks read confidently *sideways* too ("0980" at 1.00), which is why a stack is decided by
its geometry, not by the recogniser."""

from __future__ import annotations

import numpy as np

from docparse.engines.ppocr import recognizer
from docparse.engines.ppocr.lines import LineStrip

STACK_GAP = 0.15
"""Blank pixel rows, as a share of a standing strip's width, that part two lines of a stack.
Realdocs dev statistics table at 200 dpi: 8-9 blank rows between stacked digits on strips
24-39 px wide (0.2-0.37), and 2-4 inside what belongs together (a digit and a rule below
it). Text on its side does not split into lines that lie down: its words stand taller than
the strip is wide (the arXiv stamp: gaps of 17-38 rows between words hundreds of rows long)."""


RULE = 0.4
"""A band of a stack less tall than this share of its tallest band is a table rule, not a line."""

PAD_SHARE = 0.3
"""Margin kept above and below each line of a stack, as a share of its height."""


def orientations(strip: LineStrip) -> list[list[LineStrip]]:
    """The ways ``strip`` may read, each as its lines: as cut, and for a standing line also
    turned the other way, as it stood, and as the stack of short lines it may be."""
    if strip.standing is None:
        return [[strip]]
    stack = stacked(strip.standing)
    if len(stack) > 1:
        return [stack]
    return [[strip], [strip.turned()], [strip.standing]]


def stacked(strip: LineStrip) -> list[LineStrip]:
    """The lines of a standing ``strip`` that blank rows (:data:`STACK_GAP`) part, top to
    bottom, each with its margin, when each is a line lying down (no taller than the strip
    is wide); otherwise the strip itself."""
    ink = strip.ink_rows()
    height, width = strip.image.shape[:2]
    gap = max(2, round(STACK_GAP * width))
    bands: list[list[int]] = []
    for y in np.flatnonzero(ink).tolist():
        if bands and y - bands[-1][1] <= gap:
            bands[-1][1] = y
        else:
            bands.append([y, y])
    if len(bands) < 2 or any(bottom - top + 1 > width for top, bottom in bands):
        return [strip]  # one line, or text on its side (a word of it stands taller than wide)
    tallest = max(bottom - top + 1 for top, bottom in bands)
    bands = [band for band in bands if band[1] - band[0] + 1 >= RULE * tallest]
    lines = []
    for top, bottom in bands:
        pad = min(strip.pad, PAD_SHARE * (bottom - top + 1))
        start, end = max(0, round(top - pad)), min(height, round(bottom + 1 + pad))
        lines.append(strip.rows(start, end, min(top - start, end - bottom - 1)))
    return lines


def oriented(strips: list[LineStrip], size: str) -> list[LineStrip]:
    """``strips`` with each standing one in the orientation the ``size`` recogniser reads
    most surely (the first of :func:`orientations` on a tie); a stack becomes its lines.
    A way's sureness is its lines' mean confidence, weighted by the characters read."""
    chosen: list[LineStrip] = []
    standing = [strip for strip in strips if strip.standing is not None]
    if not standing:
        return strips
    candidates = {id(strip): orientations(strip) for strip in standing}
    best = {key: ways[0] for key, ways in candidates.items() if len(ways) == 1}  # stacks
    undecided = {key: ways for key, ways in candidates.items() if len(ways) > 1}
    flat = [line.image for ways in undecided.values() for way in ways for line in way]
    readings = iter(recognizer.read(flat, size))
    for key, ways in undecided.items():
        sureness = [_sureness([next(readings) for _ in way]) for way in ways]
        best[key] = ways[sureness.index(max(sureness))]
    for strip in strips:
        chosen.extend(best.get(id(strip), [strip]))
    return chosen


def _sureness(readings: list[recognizer.ReadLine]) -> float:
    """The readings' mean confidence per character; a line read as nothing counts as one
    character read at confidence 0."""
    chars = sum(max(1, len(reading.text)) for reading in readings)
    sure = sum(reading.confidence * len(reading.text) for reading in readings)
    return sure / chars
