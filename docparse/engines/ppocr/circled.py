"""Circled numbers (① to ⑳, U+2460-U+2473), read from their ring.

Korean contracts, statutes and court decisions number the paragraphs of an article with them
("제3조 ① 임대인은 …"), exams their choices. Tesseract's models have no such character: on
the realdocs dev pages the Korean model read ① as "(0)", ② as "(2)", ③ as "(@)" or "()" (an
exam, an insurance contract, a fund's terms), and a text layer holds ② as "2" once NFKC
is applied, so "(2)" is one character right and two too many. A short word Tesseract read
without Hangul, about as wide as tall, is looked at on its line strip: when its ink is a
ring (one blob as wide and tall as the word, closed round a hole) with a mark inside, PP-OCR's
recogniser reads the inside alone, and a number from 1 to 20 read surely makes the word
that circled number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import cv2
import numpy as np

from docparse.engines.ppocr.lines import LineStrip, ink_of
from docparse.engines.ppocr.recognizer import ReadLine
from docparse.engines.ppocr.routing import CIRCLED, MIN_CONFIDENCE
from docparse.hangul import has_hangul
from docparse.model import Word

Reader = Callable[[Sequence[np.ndarray]], list[ReadLine]]

MAX_CHARS = 4
"""Longest reading of a circled number looked at ("(10)")."""
SQUARE = (0.7, 1.4)
"""Width over height of the word's box: a ring is round ("(1)" in a paper's type is
about as square, which is why the ring itself decides)."""
SPAN = 0.8
"""The ring spans at least this share of the word's box, across and down."""
ROUND = (0.8, 1.25)
"""Width over height of the ring itself."""
HOLE = 0.4
"""The hole inside the ring spans at least this share of its width (a "0" or "@" drawn
thick has a hole too, but a ring is thin: its hole is most of it)."""
LARGEST = len(CIRCLED)
"""Circled numbers Unicode has in one run (① to ⑳, :data:`.routing.CIRCLED`)."""


def circled_numbers(strip: LineStrip, words: list[Word], read: Reader) -> list[Word]:
    """``words`` (boxes in strip pixels) with each that is a circled number on the strip
    made that number (its confidence the recogniser's)."""
    candidates = [i for i, word in enumerate(words) if _may_be_circled(word)]
    insides: list[tuple[int, np.ndarray]] = []
    for i in candidates:
        inside = _inside_ring(strip.image, words[i].box)
        if inside is not None:
            insides.append((i, inside))
    if not insides:
        return words
    readings = read([inside for _, inside in insides])
    result = list(words)
    for (i, _), reading in zip(insides, readings, strict=True):
        number = _number(reading)
        if number is not None:
            result[i] = words[i].model_copy(
                update={"text": chr(CIRCLED[number - 1]), "confidence": reading.confidence}
            )
    return result


def _may_be_circled(word: Word) -> bool:
    x0, y0, x1, y1 = word.box
    height = y1 - y0
    return (
        0 < len(word.text) <= MAX_CHARS
        and not has_hangul(word.text)
        and height > 0
        and SQUARE[0] <= (x1 - x0) / height <= SQUARE[1]
    )


def _inside_ring(image: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray | None:
    """What the ring boxed by ``box`` (strip pixels) encloses, ring left out, on white with
    a margin (RGB), or None when the box holds no ring."""
    x0, y0 = max(0, int(np.floor(box[0])) - 1), max(0, int(np.floor(box[1])) - 1)
    x1 = min(image.shape[1], int(np.ceil(box[2])) + 1)
    y1 = min(image.shape[0], int(np.ceil(box[3])) + 1)
    region = image[y0:y1, x0:x1]
    if region.shape[0] < 8 or region.shape[1] < 8:
        return None
    ink = ink_of(region)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 2:
        return None
    ring = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    left, top, width, height = stats[ring, :4]
    if (
        width < SPAN * (box[2] - box[0])
        or height < SPAN * (box[3] - box[1])
        or not ROUND[0] <= width / max(height, 1) <= ROUND[1]
    ):
        return None
    hole = largest_hole(labels[top : top + height, left : left + width] == ring)
    if hole is None or hole[2] - hole[0] < HOLE * width:
        return None
    hx0, hy0, hx1, hy1 = (hole[0] + left, hole[1] + top, hole[2] + left, hole[3] + top)
    inside = region[hy0:hy1, hx0:hx1].copy()
    inside[labels[hy0:hy1, hx0:hx1] == ring] = 255  # the ring's own pixels, whitened
    margin = max(2, (hy1 - hy0) // 3)
    return cv2.copyMakeBorder(
        inside, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=(255, 255, 255)
    )


class Hole(NamedTuple):
    """The box (x0, y0, x1, y1) of a region a ring mask closes off, and its pixels."""

    x0: int
    y0: int
    x1: int
    y1: int
    area: int


def largest_hole(ring: np.ndarray) -> Hole | None:
    """The largest region the ``ring`` mask closes off from its border, or None when it
    closes none."""
    count, _, stats, _ = cv2.connectedComponentsWithStats((~ring).astype(np.uint8), connectivity=4)
    height, width = ring.shape
    best = None
    for k in range(1, count):
        left, top, w, h, area = stats[k]
        if left == 0 or top == 0 or left + w == width or top + h == height:
            continue  # open to the border: outside the ring
        if best is None or area > stats[best, cv2.CC_STAT_AREA]:
            best = k
    if best is None:
        return None
    left, top, w, h, area = (int(v) for v in stats[best, :5])
    return Hole(left, top, left + w, top + h, area)


def _number(reading: ReadLine) -> int | None:
    """The number 1-``LARGEST`` the recogniser read surely, else None."""
    text = reading.text.strip()
    # ASCII digits only: str.isdigit() holds for "①" itself, which int() refuses
    if not (text.isascii() and text.isdigit()) or reading.confidence < MIN_CONFIDENCE:
        return None
    number = int(text)
    return number if 1 <= number <= LARGEST else None
