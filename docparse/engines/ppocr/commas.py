"""Comma or point, by the mark's ink: what the recogniser reads as ``.`` or ``,`` is
checked against the line's baseline.

On small print (a dense table's 7-pt digits at 200 dpi, about 14 px tall) PP-OCR reads many
thousands separators as points ("23.022" for 23,022; realdocs dev, a statistics table) and
now and then a point as a comma. The two marks differ in one thing the strip shows plainly:
a comma's tail reaches below the baseline the line's letters and digits stand on, a point
sits on it. So each low mark the recogniser read is found among the line's ink blobs (the
small blob nearest its CTC column, below the middle of the line), and its bottom is measured
against the baseline (the median bottom of the line's glyph-sized blobs). A mark that
touches a glyph, or a line with too few glyphs to give a baseline, is left as read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.recognizer import ReadLine, ReadWord

MARKS = frozenset(".,")
MIN_GLYPHS = 3
"""Fewest glyph-sized blobs from which a line's baseline and glyph height are taken."""
GLYPH = 0.5
"""Blobs at least this share of the line's tallest blob's height are glyphs (letters and
digits); the x-height letters of a lower-case line reach 0.6-0.7 of its capitals."""
MARK_SIZE = 0.5
"""A point or comma is at most this share of the line's glyph height tall and wide."""
COMMA_DESCENT = 0.06
"""A mark taller than wide whose bottom lies at least this share of the glyph height (and
1 px) below the baseline is a comma; a mark about as tall as wide whose bottom does not go
below it is a point. Measured at 200 dpi on realdocs dev pages (a statistics table's and an
invoice's 10-22 px digits): commas reach 1-5 px (0.08-0.25) below the baseline and stand
3-9 px tall on 1-4 px, points 0 px (-1 with anti-aliasing), 1-4 px either way. A comma
whose tail the page clips at the cell's edge is printed as a point, and reads as one."""


@dataclass(frozen=True)
class Blobs:
    """A strip's ink mask and its blobs (left, top, width, height in strip pixels, one row
    each, none cut by the strip's top or bottom edge), with the line's baseline (the median
    bottom of its glyph-sized blobs) and glyph height (their median height)."""

    ink: np.ndarray
    boxes: np.ndarray
    baseline: float
    glyph: float


def blobs(ink: np.ndarray) -> Blobs | None:
    """The blobs of a strip's ink mask (1 = ink), None when the line shows fewer than
    ``MIN_GLYPHS`` glyphs."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    boxes = stats[1:count, :4].astype(np.float64)
    # blobs cut by the strip's top or bottom edge are the neighbouring lines' descenders
    # and ascenders
    boxes = boxes[(boxes[:, 1] > 0) & (boxes[:, 1] + boxes[:, 3] < ink.shape[0])]
    if len(boxes) == 0:
        return None
    heights = boxes[:, 3]
    glyphs = boxes[heights >= GLYPH * heights.max()]
    if len(glyphs) < MIN_GLYPHS:
        return None
    baseline = float(np.median(glyphs[:, 1] + glyphs[:, 3]))
    return Blobs(ink, boxes, baseline, float(np.median(glyphs[:, 3])))


def mark_near(found: Blobs, x: float) -> np.ndarray | None:
    """The box (left, top, width, height) of the low mark nearest strip column ``x``: a
    small blob below the middle of the line with no ink above it up to the line's top (a
    dot-matrix digit's lower dot has the rest of the digit above it). None when no such mark
    lies within a glyph height of ``x``."""
    left, top, width, height = found.boxes.T
    size = MARK_SIZE * found.glyph
    low = top >= found.baseline - 0.5 * found.glyph
    small = (height <= size) & (width <= size) & low
    distance = np.abs(left + width / 2 - x)
    near = small & (distance <= found.glyph)
    line_top = max(0, round(found.baseline - 1.2 * found.glyph))
    for k in np.argsort(np.where(near, distance, np.inf))[: int(near.sum())]:
        column = int(left[k] + width[k] // 2)
        if not found.ink[line_top : int(top[k]), column].any():
            return found.boxes[k]
        break  # the nearest is part of a glyph: no mark to judge
    return None


def mark_of(box: np.ndarray, found: Blobs) -> str | None:
    """``,`` or ``.`` by the mark's shape and place (``COMMA_DESCENT``); None when unclear."""
    _, top, width, height = box
    descent = top + height - found.baseline
    if descent >= max(1.0, COMMA_DESCENT * found.glyph) and height > width:
        return ","
    if descent <= 0 and height <= width + 1:
        return "."
    return None


def checked(reading: ReadLine, strip: LineStrip) -> ReadLine:
    """``reading`` of ``strip`` with each ``.`` or ``,`` it holds made what its ink shows."""
    if not any(char in MARKS for char in reading.text):
        return reading
    found = blobs(strip.ink_mask())
    if found is None:
        return reading
    words = [_checked(word, found) for word in reading.words]
    if all(new is old for new, old in zip(words, reading.words, strict=True)):
        return reading
    return replace(reading, text=" ".join(word.text for word in words), words=words)


def _checked(word: ReadWord, found: Blobs) -> ReadWord:
    if len(word.centres) != len(word.text) or not any(char in MARKS for char in word.text):
        return word
    chars = list(word.text)
    for k, char in enumerate(chars):
        if char in MARKS:
            box = mark_near(found, word.centres[k])
            chars[k] = (None if box is None else mark_of(box, found)) or char
    text = "".join(chars)
    return word if text == word.text else replace(word, text=text)
