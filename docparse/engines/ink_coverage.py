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
BETTER = 1.05
"""A reading replaces the best so far only with a score this many times higher (on the
generated skewed receipt of tests/test_page_geometry.py sparse text scores 0.889 against the
single block's 0.874 while reading junk around the letters)."""


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


def best_reading(
    image: Image.Image,
    first: list[Word],
    others: dict[str, Callable[[], list[Word]]],
) -> tuple[list[Word], list[str]]:
    """The words ``first`` read on ``image`` unless they cover less than ``SUSPECT`` of its
    text-like ink; then the best of them and of every other reading (``others``: name → a
    reader giving words in ``image``'s pixels, in order of preference) by
    :func:`reading_score`, a later one replacing an earlier only when ``BETTER``; with a
    warning when another reading was taken or when even the best covers less than ``LOST``."""
    cells = text_cells(image)
    cover = coverage(cells, first)
    if cells.sum() < MIN_CELLS or cover >= SUSPECT:
        return first, []
    best_name, best_words, best_cover = "", first, cover
    best_score = reading_score(first, cover)
    for name, read in others.items():
        words = read()
        covered = coverage(cells, words)
        score = reading_score(words, covered)
        if score > BETTER * best_score:
            best_name, best_words, best_cover, best_score = name, words, covered, score
    lost = f"the words read cover {cover:.0%} of the page's text-like ink"
    if not best_name:
        if cover >= LOST:
            return first, []
        return first, [f"{lost}; no other page segmentation read more: text may be missing"]
    return best_words, [f"{lost}; read as {best_name} instead ({best_cover:.0%} covered)"]
