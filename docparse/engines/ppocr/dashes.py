"""Dashed rules: a receipt's row of dashes ("-------") that parts its header, items and
totals.

PP-OCR's detector finds a piece of such a rule as a line now and then, and it is read as
letters or marks: by Tesseract unsurely ("meee eee eae ae ae" at 0.38, boxed 6 px high on a
receipt whose words are 20 px), by PP-OCR surely ("“ ” “ ” • ”" at 0.94-0.99; both on the
outside generator's English receipts, dev seeds). A word far flatter than the page's words
(``FLAT`` of their median height) whose ink is a level run of dashes (blobs wider than
tall) filling its box is given as those dashes. The detector cuts
such a rule into words of one to four dashes, so a word of one counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

from docparse.engines.ppocr.leaders import CONFIDENCE, FLAT, LEVEL, blobs, flat_height
from docparse.model import Word

RULE_MARKS = frozenset("-‐‑‒–—―_=~─━ー一")
"""What a word read as a rule's piece may hold already: such a word stays as read (an em
dash is no hyphen)."""
WIDE = 1.5
"""A dash is at least this many times as wide as it is tall."""
FILL = 0.7
"""The dashes span at least this share of the word's box."""


def as_dashes(image: Image.Image, words: Sequence[Word]) -> list[Word]:
    """``words`` (boxes in ``image``'s pixels) with each word read from a dashed rule given
    as its dashes (see the module's doc)."""
    if not words:
        return []
    heights, flat = flat_height(words)
    grey: np.ndarray | None = None
    result: list[Word] = []
    for word, height in zip(words, heights, strict=True):
        if height < flat and not set(word.text) <= RULE_MARKS:
            grey = np.asarray(image.convert("L")) if grey is None else grey
            dashes = _dashes(grey, word.box, flat / FLAT)
            if dashes:
                word = word.model_copy(update={"text": "-" * dashes, "confidence": CONFIDENCE})
        result.append(word)
    return result


def _dashes(grey: np.ndarray, box: tuple[float, float, float, float], row: float) -> int:
    """How many dashes the ink of ``box`` is (0: it is not a dashed rule): every blob wider
    than tall, level (within ``LEVEL`` of the page's word height ``row``), together spanning
    ``FILL`` of the box."""
    x0, y0 = max(0, int(np.floor(box[0]))), max(0, int(np.floor(box[1])) - 1)
    x1 = min(grey.shape[1], int(np.ceil(box[2])))
    y1 = min(grey.shape[0], int(np.ceil(box[3])) + 1)
    if x1 - x0 < 4 or y1 - y0 < 2:
        return 0
    stats, centres = blobs(grey[y0:y1, x0:x1])
    if not len(stats):
        return 0
    left, _, width, height, _ = stats.T
    if not (width >= WIDE * height).all():
        return 0  # a letter or a point among them: not a rule
    if np.ptp(centres[:, 1]) > LEVEL * row:
        return 0
    if (left + width).max() - left.min() < FILL * (x1 - x0):
        return 0
    return len(stats)
