"""Rows of text much taller than the page's own: where Tesseract misreads a title.

Tesseract sizes its text lines by the page's dominant text. A row of markedly larger text (the
bold store name at the top of a receipt, a heading) is then cut into an upper and a lower line
of "normal" size, and each half is read as confident nonsense ("다비 연 산 저" for
"달빛다방 역삼점"). Cropped out and read alone as one line, at a normal size, the same row is
read right. The rows are found by the page's ink profile: runs of pixel rows holding ink,
separated by blank rows; a run at least ``LARGE`` times the median run is large text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageOps

from docparse.model import Box, Word
from docparse.preprocess import resized

LARGE = 1.3
"""A row this many times the median row height or more is large text."""
BLOCK = 4.0
"""Rows taller than this many median rows are pictures or merged paragraphs, not a line."""
MIN_ROW = 4
"""Runs of fewer pixel rows are rules and specks, not text."""
MARGIN = 0.15
"""Share of the row's height added around the crop."""
READ_HEIGHT = 24
"""Ink height (px) a large row is scaled to when read alone (Tesseract's comfortable size)."""
PAD = 10
"""White border (px) around the scaled crop: Tesseract misses text touching the edge."""


class LargeRow(NamedTuple):
    box: Box
    """The row's ink with a margin, in pixels of the page."""
    height: int
    """The ink's height."""


def ink_mask(image: Image.Image) -> np.ndarray:
    """Dark pixels of a greyscale image: below the middle of its 2nd-98th percentile range."""
    pixels = np.asarray(image.convert("L"), dtype=np.uint8)
    low, high = np.percentile(pixels, (2, 98))
    return pixels < (low + high) / 2


def ink_rows(ink: np.ndarray) -> list[tuple[int, int]]:
    """[top, bottom) of every run of pixel rows holding ink (more than 0.2 % of the width)."""
    on = ink.sum(axis=1) > max(2, 0.002 * ink.shape[1])
    edges = np.flatnonzero(np.diff(np.concatenate(([False], on, [False])).astype(np.int8)))
    return [(int(top), int(bottom)) for top, bottom in zip(edges[::2], edges[1::2], strict=True)]


def large_rows(image: Image.Image) -> list[LargeRow]:
    """The rows of large text, top to bottom."""
    ink = ink_mask(image)
    rows = [(top, bottom) for top, bottom in ink_rows(ink) if bottom - top >= MIN_ROW]
    if not rows:
        return []
    median = float(np.median([bottom - top for top, bottom in rows]))
    boxes = []
    for top, bottom in rows:
        height = bottom - top
        if not LARGE * median <= height <= BLOCK * median:
            continue
        columns = np.flatnonzero(ink[top:bottom].any(axis=0))
        margin = MARGIN * height
        box = (
            max(0, round(columns[0] - margin)),
            max(0, round(top - margin)),
            min(image.width, round(columns[-1] + 1 + margin)),
            min(image.height, round(bottom + margin)),
        )
        boxes.append(LargeRow(box, height))
    return boxes


def row_image(image: Image.Image, row: LargeRow) -> tuple[Image.Image, float, float]:
    """The row cut out, greyscale, scaled to ``READ_HEIGHT`` and padded; and the x and y
    factors from its pixels back to the page's (see :func:`to_page`)."""
    crop, scale = resized(image.crop(row.box).convert("L"), READ_HEIGHT / row.height)
    return ImageOps.expand(crop, PAD, fill=255), 1 / scale.x, 1 / scale.y


def to_page(words: Sequence[Word], row: LargeRow, fx: float, fy: float) -> list[Word]:
    """Words read on :func:`row_image`'s image, in pixels of the page."""
    return [
        word.shifted(-PAD, -PAD).scaled(fx, fy).shifted(row.box[0], row.box[1]) for word in words
    ]


def in_row(word: Word, row: Box) -> bool:
    """Whether the word's vertical middle lies in the row."""
    return row[1] <= (word.box[1] + word.box[3]) / 2 <= row[3]


def mean_confidence(words: Sequence[Word]) -> float:
    """Confidence averaged over characters."""
    chars = sum(len(word.text) for word in words)
    return sum((word.confidence or 0.0) * len(word.text) for word in words) / max(1, chars)
