"""How much of a page's text-like ink the words read cover: the check that catches a page
whose layout analysis silently lost most of its text, and the measure that picks a better
page segmentation for it.

The page is cut into square cells about half a text line high. A cell holds text-like ink
when between ``MIN_INK`` and ``MAX_INK`` of its pixels are dark (below the middle of the
page's 2nd-98th percentile range): strokes of letters, not blank paper and not solid dark
areas. A cell is covered when a word's box (grown by half a cell) touches it. Pictures also
have text-like cells, so coverage is a comparison between readings of the same page, and a
low one is a reason to look again, not proof of lost text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image

from docparse.engines.large_text import ink_mask
from docparse.model import Word

CELL = 16
"""Cell side in pixels of the image read (text there is about 30 px tall)."""
MIN_INK = 0.04
MAX_INK = 0.6
SUSPECT = 0.75
"""Coverage below which a reading is suspected of having lost text and the other
segmentations are tried (see benchmarks/results/page_geometry.md for the coverages measured
on the realdocs dev pages)."""
LOST = 0.5
"""Coverage below which the best reading still gets a warning that text may be missing."""
MIN_CELLS = 20
"""Pages with fewer text-like cells (a blank page, a mark) are never suspected."""
SEGMENTATIONS = {3: "automatic layout", 6: "single block", 11: "sparse text"}
"""Tesseract page segmentation modes tried on a suspected page, with their names, in order of
preference: sparse text finds the most specks, so it wins only by ``BETTER``."""
BETTER = 1.05
"""A mode later in ``SEGMENTATIONS`` replaces an earlier one only with a score this many
times higher (on the generated skewed receipt of tests/test_page_geometry.py sparse text
scores 0.889 against the single block's 0.874 while reading junk around the letters)."""


def text_cells(image: Image.Image, cell: int = CELL) -> np.ndarray:
    """Boolean grid (rows × columns of ``cell`` px) of cells holding text-like ink."""
    ink = ink_mask(image)
    rows, cols = ink.shape[0] // cell, ink.shape[1] // cell
    if rows == 0 or cols == 0:
        return np.zeros((0, 0), dtype=bool)
    share = ink[: rows * cell, : cols * cell].reshape(rows, cell, cols, cell).mean(axis=(1, 3))
    return (share >= MIN_INK) & (share <= MAX_INK)


def coverage(cells: np.ndarray, words: Sequence[Word], cell: int = CELL) -> float:
    """Share of the text-like cells touched by a word's box (1.0 when there are none)."""
    total = int(cells.sum())
    if total == 0:
        return 1.0
    covered = np.zeros_like(cells)
    grow = cell / 2
    for word in words:
        x0, y0, x1, y1 = word.box
        c0, r0 = max(0, int((x0 - grow) // cell)), max(0, int((y0 - grow) // cell))
        c1, r1 = int((x1 + grow) // cell) + 1, int((y1 + grow) // cell) + 1
        covered[r0:r1, c0:c1] = True
    return float((covered & cells).sum()) / total


def reading_score(words: Sequence[Word], cover: float) -> float:
    """Mean word confidence (by characters) × coverage: a reading that covers the ink with
    confident words beats one that covers it with junk or reads confidently but little."""
    chars = sum(len(word.text) for word in words)
    if not chars:
        return 0.0
    confidence = sum(len(w.text) * (w.confidence or 0.0) for w in words) / chars
    return confidence * cover


def best_segmentation(
    image: Image.Image,
    first: tuple[int, list[Word]],
    read: Callable[[int], list[Word]],
) -> tuple[list[Word], list[str]]:
    """The words of ``first`` (the segmentation mode used and its words) unless they cover
    less than ``SUSPECT`` of the page's text-like ink; then the best of every mode in
    ``SEGMENTATIONS`` (``read(mode)`` reads the page in that mode) by :func:`reading_score`,
    with a warning when another mode was taken or when even the best covers less than
    ``LOST``."""
    cells = text_cells(image)
    mode, words = first
    cover = coverage(cells, words)
    if cells.sum() < MIN_CELLS or cover >= SUSPECT:
        return words, []
    readings = {mode: (words, cover)}
    for other in SEGMENTATIONS:
        if other not in readings:
            found = read(other)
            readings[other] = (found, coverage(cells, found))
    best = mode
    for other in SEGMENTATIONS:
        if reading_score(*readings[other]) > BETTER * reading_score(*readings[best]):
            best = other
    best_words, best_cover = readings[best]
    lost = f"the words read cover {cover:.0%} of the page's text-like ink"
    if best == mode:
        if cover >= LOST:
            return words, []
        return words, [f"{lost}; no other page segmentation read more: text may be missing"]
    name = SEGMENTATIONS.get(best, f"mode {best}")
    return best_words, [f"{lost}; read as {name} instead ({best_cover:.0%} covered)"]
