"""Lines that stand taller than wide on an upright page: which way each one reads.

PaddleOCR's rule (:data:`.lines.VERTICAL`) turns every such line 90° counter-clockwise to
lie horizontally. That is right for text running top to bottom, wrong for text running
bottom to top (the arXiv stamp in a paper's margin: read upside down, "0073ny [Ds]IA60…"),
and wrong for what is most often taller than wide on a business page: a single glyph (the
"1" of a receipt's quantity column, read "i", "mm" or nothing once turned) or a column of
digits the detector joined. Each standing strip is therefore read three ways (as turned,
turned the other way, and as it stood) and kept the way the recogniser reads it most surely:
upside-down and sideways glyphs read as unsure junk, in any script.

Measured on the standing lines of 40 SROIE receipts (7, all single digits, quad 1.7-1.8×
taller than wide) and of the realdocs dev split at 200 dpi (the arXiv stamp, 12.7×; a
rotated table label, 3.3×; 157 stacked digits of a dense statistics table): the most sure
reading was the right orientation for the digits that read as they stood (5 of 7 "1"s, read
"1" at 0.89-0.99 against 0.21-0.85 turned), the arXiv stamp (turned clockwise, 0.93 against
0.60) and the label (as turned, 0.99 against 0.71)."""

from __future__ import annotations

from docparse.engines.ppocr import recognizer
from docparse.engines.ppocr.lines import LineStrip


def orientations(strip: LineStrip) -> list[LineStrip]:
    """The ways ``strip`` may read: as cut, and for a standing line also turned the other way
    and as it stood."""
    if strip.standing is None:
        return [strip]
    return [strip, strip.turned(), strip.standing]


def oriented(strips: list[LineStrip], size: str) -> list[LineStrip]:
    """``strips`` with each standing one in the orientation the ``size`` recogniser reads
    most surely (the first of :func:`orientations` on a tie)."""
    standing = [i for i, strip in enumerate(strips) if strip.standing is not None]
    if not standing:
        return strips
    candidates = [orientations(strips[i]) for i in standing]
    flat = [c.image for options in candidates for c in options]
    readings = iter(recognizer.read(flat, size))
    chosen = list(strips)
    for i, options in zip(standing, candidates, strict=True):
        sureness = [next(readings).confidence for _ in options]
        chosen[i] = options[sureness.index(max(sureness))]
    return chosen
