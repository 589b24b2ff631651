"""Points that are commas, by the mark's ink: a ``.`` the recogniser read is checked
against the baseline of the glyph before it.

On small print (a dense table's 7-pt digits at 200 dpi, about 12 px tall) PP-OCR reads many
thousands separators as points ("23.022" for 23,022; realdocs dev, a statistics table). The
two marks differ in one thing the strip shows plainly: a comma's tail reaches below the
baseline the glyph before it stands on, a point sits on it. So each point the recogniser
read is found among the line's ink blobs (the small blob nearest its CTC column whose head
is on the baseline), and turned into a comma when its tail reaches clearly below the bottom
of the glyph before it and it stands clearly taller than wide. Only points are checked: a comma
read is kept, since a comma's thin tail can fall apart from its head on the strip's
threshold and leave a head that looks like a point (a paper's "(p, s)" at 200 dpi); and a
mark beside nothing glyph-sized, or touching a glyph, is left as read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import cv2
import numpy as np

from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.recognizer import ReadLine, ReadWord

MIN_GLYPHS = 3
"""Fewest glyph-sized blobs a line needs before its marks are judged."""
GLYPH = 0.5
"""Blobs at least this share of the line's tallest blob's height are glyphs (letters and
digits); the x-height letters of a lower-case line reach 0.6-0.7 of its capitals."""
MARK_SIZE = 0.5
"""A point or comma is at most this share of the line's glyph height tall and wide."""
COMMA_DESCENT = 0.12
"""A mark whose bottom lies at least this share of the glyph height, and ``MIN_DESCENT``,
below the bottom of the glyph before it (and the line's median bottom), and that stands at
least ``COMMA_SHAPE`` times as tall as wide, is a comma. Measured at 200 dpi on realdocs dev
pages: a statistics table's commas
(11-12 px digits) reach 2 px (0.17-0.18) below the digits and stand 3-4 px tall on 1-2 px;
points reach 0-2 px below them (up to 0.08 of the glyph height: a Korean report's 25-px
digits, a paper's 13-px text, a report's 14-px "$22.61") and stand 3-5 px tall on 3-4 px.
A comma whose tail the page clips at a table cell's edge is printed as a point, and stays
one."""
COMMA_SHAPE = 1.25
"""(The statistics table's commas stand 1.5-4 times as tall as wide, NanumGothic's 1.33-1.75;
the descent is the sharper test.)"""
MIN_DESCENT = 2
"""Pixels a comma reaches below the baseline at least: a point of a receipt's 8-px print
sits 1 px low beside a worn digit (SROIE dev)."""
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+\.\d{2}(?![\d.,])")
"""An amount with two or more points: 1-3 digits, groups of three, two decimals."""


@dataclass(frozen=True)
class Blobs:
    """A strip's ink mask and its blobs (left, top, width, height in strip pixels, one row
    each, none cut by the strip's top or bottom edge), with the line's glyph height (the
    median height of its glyph-sized blobs) and which blobs are glyph-sized."""

    ink: np.ndarray
    boxes: np.ndarray
    glyph: float
    glyphs: np.ndarray
    baseline: float
    """The median bottom of the glyph-sized blobs."""


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
    glyphs = boxes[:, 3] >= GLYPH * boxes[:, 3].max()
    if glyphs.sum() < MIN_GLYPHS:
        return None
    bottoms = boxes[glyphs, 1] + boxes[glyphs, 3]
    return Blobs(ink, boxes, float(np.median(boxes[glyphs, 3])), glyphs, float(np.median(bottoms)))


def comma_at(found: Blobs, x: float) -> bool:
    """Whether the mark read at strip column ``x`` is a comma by its ink: the small blob
    nearest ``x`` (within a glyph height) whose head is on the baseline of the glyph before
    it, with no ink above it (a dot-matrix digit's lower dot has the rest of the digit
    above it), reaches ``COMMA_DESCENT`` below that baseline and stands ``COMMA_SHAPE``
    times as tall as wide."""
    left, top, width, height = found.boxes.T
    right, bottom = left + width, top + height
    size = MARK_SIZE * found.glyph
    small = (height <= size) & (width <= size) & ~found.glyphs
    distance = np.abs(left + width / 2 - x)
    near = np.flatnonzero(small & (distance <= found.glyph))
    for k in near[np.argsort(distance[near])]:
        before = found.glyphs & (right <= left[k] + 1) & (left[k] - right <= found.glyph)
        if not before.any():
            continue
        j = int(np.flatnonzero(before)[np.argmax(right[before])])
        # the lower of the glyph's bottom and the line's: a glyph broken in pieces (a worn
        # thermal print) or set a pixel higher than its neighbours gives no lower baseline
        baseline = max(bottom[j], found.baseline)
        if not top[k] < baseline <= bottom[k] + 0.5 * found.glyph:
            continue  # no mark on this glyph's baseline (a dotted rule below the line)
        column = int(left[k] + width[k] // 2)
        if found.ink[max(0, int(top[j])) : int(top[k]), column].any():
            return False  # ink above: part of a glyph
        descent = bottom[k] - baseline
        deep = descent >= max(MIN_DESCENT, COMMA_DESCENT * found.glyph)
        return bool(deep and height[k] >= COMMA_SHAPE * width[k])
    return False


def checked(reading: ReadLine, strip: LineStrip) -> ReadLine:
    """``reading`` of ``strip`` with each point it holds that the ink shows to be a comma
    made one, and the points of an amount that can only be thousands separators
    (:func:`grouped`) too."""
    if "." not in reading.text:
        return reading
    found = blobs(strip.ink_mask())
    words = [_checked(word, found) for word in reading.words]
    if all(new is old for new, old in zip(words, reading.words, strict=True)):
        return reading
    return replace(reading, text=" ".join(word.text for word in words), words=words)


def grouped(text: str) -> str:
    """``text`` with the points of each amount holding two or more ("37.499.96") made commas
    but the last: a number has one decimal point, so the groups of three digits before it
    are thousands ("37,499.96"). Realdocs dev, a statement of expenditures at 200 dpi under
    nine degradations: 84 amounts read so, every one printed with commas; a date (2024.12.31)
    or a number in European style (1.234.567,89) does not match."""
    return _GROUPED.sub(
        lambda found: found.group().replace(".", ",", found.group().count(".") - 1), text
    )


def _checked(word: ReadWord, found: Blobs | None) -> ReadWord:
    if "." not in word.text:
        return word
    text = word.text
    if found is not None and len(word.centres) == len(word.text):
        text = "".join(
            "," if char == "." and comma_at(found, word.centres[k]) else char
            for k, char in enumerate(word.text)
        )
    text = grouped(text)
    return word if text == word.text else replace(word, text=text)
