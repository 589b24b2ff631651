"""Word spaces of a PP-OCR line reading, checked against the ink of the line.

The tiny recogniser often emits no space after punctuation ("TOTAL:RM12.00", "No.2024-17")
and none between the cells of a tight table row ("0 9 6" read as "096"), although the
printed line shows a gap there. The recogniser's characters carry their positions (CTC
columns), so the blank stretch of ink columns between two characters it read can be
measured and compared with the line's own gaps: the gaps inside its words and the gaps at
the spaces it did emit. A gap clearly wider than the line's letter gaps, and comparable to
its word spaces, is a space the recogniser dropped.

Only two kinds of boundaries are split, since a letter-spaced or monospaced word has wide
gaps between its letters too (splitting at every wide blank cut words apart on real pages):
a boundary at punctuation (after ``:;,.!?)`` before a letter or digit, but not inside a
number such as "39.80" or "15:28", whose point a monospaced receipt font surrounds with as
much blank as a space; or before ``(``), and any boundary whose gap is wider than a word
space can be (cells of a table row).

Tried and not kept (2026-11-26): splitting letters where the recogniser weighed a space
(:attr:`ReadWord.spaces` ≥ 0.05) over a blank of 0.2 line heights. On SROIE dev receipts it
restored 22 dropped spaces ("TAXINVOICE", "THANKYOU") for 3 spurious ones, but on the test
split it removed 26 and added 26 ("INVOI CE", "ONL INE", "SALE SPERSON", a spaced GST number
cut into 10 pieces): beside a narrow letter of a monospaced receipt font (I, L, 1) the blank
is that wide, and the tiny recogniser's space probability there reaches 0.05 too
(``benchmarks/sroie_spacing.py``).

Also here: fullwidth forms (U+FF01-FF5E), which PP-OCR's Chinese dictionary emits for some
Latin punctuation ("TOTAL：", "（RM）"), become their ASCII letters; every line read by
PP-OCR is a Latin line (:mod:`docparse.engines.ppocr.routing`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from docparse.engines.ppocr.recognizer import ReadLine, ReadWord

AFTER = frozenset(":;,.!?)")
"""Characters after which a dropped space is looked for."""
BEFORE = frozenset("(")
"""Characters before which a dropped space is looked for."""
MIN_SPACE = 0.12
"""No gap narrower than this share of the line's height is a space. The line height is
the detected box's (about 1.4 em, DB boxes being unclipped): a word space of a proportional
font is about 0.25 em = 0.18 of it, letter gaps 0.05-0.1 em = 0.04-0.07 (realdocs dev
pages at 200 dpi, SROIE dev receipts)."""
NO_SPACES_MARGIN = 0.2
"""On a line with no emitted space to compare with, a dropped space is a gap wider than
the line's median letter gap by this share of the line height (about 0.28 em)."""
WORD_SPACE_MAX = 1.0
"""Gaps wider than this many line heights are column gaps, not word spaces: they are left
out of the line's typical word space."""
CELL_GAP = 0.6
"""A gap wider than this share of the line height (about 0.85 em) between two letters or
digits splits a word wherever it is: no letter or digit gap of a word is so wide, while the
cells of a table row read as one word ("096" for "0 9 6", realdocs dev) leave such gaps.
Letter-spaced receipt fonts leave at most about 0.3 em (SROIE dev). Not beside other
characters: a thin em dash (1 px at 200 dpi) is no ink column, so "paper—hidden" shows a
blank that wide (realdocs test split)."""


def widest_blank(ink: np.ndarray, start: float, end: float) -> int:
    """The longest run of columns without ink (``ink``: one bool per strip column) in
    ``[start, end)``."""
    return int(widest_blanks(ink, [start], [end])[0])


def widest_blanks(ink: np.ndarray, starts: Sequence[float], ends: Sequence[float]) -> np.ndarray:
    """:func:`widest_blank` of every ``[start, end)`` at once (a line asks for one per pair
    of characters read; one numpy pass instead of one per pair). The blank run ending at a
    column, clipped to a range's start, is measured at every column of the range."""
    lo = np.maximum(0, np.trunc(np.asarray(starts, dtype=float))).astype(np.int64)
    hi = np.minimum(len(ink), np.ceil(np.asarray(ends, dtype=float))).astype(np.int64)
    span = int((hi - lo).max(initial=0))
    if span <= 0 or len(ink) == 0:
        return np.zeros(len(lo), dtype=np.int64)
    columns = np.arange(len(ink))
    last_ink = np.maximum.accumulate(np.where(ink, columns, -1))
    run = columns - last_ink  # blank columns ending at each column (0 on ink)
    at = lo[:, None] + np.arange(span)[None, :]
    inside = at < hi[:, None]
    clipped = np.minimum(run[np.minimum(at, len(ink) - 1)], at - lo[:, None] + 1)
    return np.where(inside, clipped, 0).max(axis=1)


def respaced(reading: ReadLine, ink_columns: np.ndarray, width: int, height: float) -> ReadLine:
    """``reading`` with its words split where the recogniser dropped a space: at a
    punctuation boundary whose blank is as wide as the line's word spaces (midway between
    its letter gaps and its emitted spaces), or at any blank wider than ``CELL_GAP``.
    ``ink_columns``: the strip's ink columns (:meth:`LineStrip.ink_columns`), ``width``
    and ``height``: the strip's width and the line's height (strip pixels)."""
    words = [_halfwidth(word) for word in reading.words]
    if height <= 0 or not any(len(word.centres) > 1 for word in words):
        return _with_words(reading, words)
    ink = np.zeros(width, dtype=bool)
    ink[ink_columns[(ink_columns >= 0) & (ink_columns < width)]] = True
    # the blank between each pair of characters of a word, then between each pair of words
    inner = [
        (word.centres[k], word.centres[k + 1])
        for word in words
        for k in range(len(word.centres) - 1)
    ]
    outer = [
        (left.centres[-1], right.centres[0])
        for left, right in pairwise(words)
        if left.centres and right.centres
    ]
    pairs = inner + outer
    blanks = widest_blanks(ink, [a for a, _ in pairs], [b for _, b in pairs]).tolist()
    gaps: list[list[int]] = []
    for word in words:
        count = max(0, len(word.centres) - 1)
        gaps.append(blanks[:count])
        blanks = blanks[count:]
    letter_gaps = [
        gap
        for word, word_gaps in zip(words, gaps, strict=True)
        for k, gap in enumerate(word_gaps)
        if word.text[k].isalnum() and word.text[k + 1].isalnum()
    ]
    word_gaps = [gap for gap in blanks if gap < WORD_SPACE_MAX * height]
    letter = float(np.median(letter_gaps)) if letter_gaps else 0.0
    if word_gaps:
        space = (letter + float(np.median(word_gaps))) / 2
    else:
        space = letter + NO_SPACES_MARGIN * height
    space = max(space, MIN_SPACE * height)
    cell = max(space, CELL_GAP * height)
    split: list[ReadWord] = []
    for word, word_gaps in zip(words, gaps, strict=True):
        split.extend(_split(word, word_gaps, space, cell))
    return _with_words(reading, split)


def _split(word: ReadWord, gaps: Sequence[int], space: float, cell: float) -> list[ReadWord]:
    """``word`` cut at its dropped spaces; ``gaps``: the widest blank between each of its
    characters and the next."""
    if len(word.centres) != len(word.text) or len(word.text) < 2:
        return [word]
    pieces: list[ReadWord] = []
    start, x0 = 0, word.x0
    for k in range(len(word.text) - 1):
        gap = gaps[k]
        between_cells = gap >= cell and word.text[k].isalnum() and word.text[k + 1].isalnum()
        if between_cells or (gap >= space and _punctuation_boundary(word.text, k)):
            middle = (word.centres[k] + word.centres[k + 1]) / 2
            pieces.append(_piece(word, start, k + 1, x0, middle))
            start, x0 = k + 1, middle
    if not pieces:
        return [word]
    pieces.append(_piece(word, start, len(word.text), x0, word.x1))
    return pieces


def _punctuation_boundary(text: str, k: int) -> bool:
    """Whether a space may follow ``text[k]``: after punctuation before a word (not inside a
    number: "3.50", "1,000", "15:28"; not before more punctuation: "p.a.)"), or before an
    opening bracket."""
    a, b = text[k], text[k + 1]
    if b in BEFORE:
        return True
    if a not in AFTER or not b.isalnum():
        return False
    return not (k > 0 and text[k - 1].isdigit() and b.isdigit())


def _piece(word: ReadWord, start: int, end: int, x0: float, x1: float) -> ReadWord:
    probabilities = word.probabilities[start:end] or (word.confidence,)
    return ReadWord(
        word.text[start:end],
        x0,
        x1,
        float(np.mean(probabilities)),
        word.centres[start:end],
        word.probabilities[start:end],
        word.spaces[start : end - 1],
    )


def _halfwidth(word: ReadWord) -> ReadWord:
    text = "".join(
        chr(ord(char) - 0xFEE0) if 0xFF01 <= ord(char) <= 0xFF5E else char for char in word.text
    )
    if text == word.text:
        return word
    return ReadWord(
        text, word.x0, word.x1, word.confidence, word.centres, word.probabilities, word.spaces
    )


def _with_words(reading: ReadLine, words: list[ReadWord]) -> ReadLine:
    text = " ".join(word.text for word in words)
    return ReadLine(text, reading.confidence, words, reading.centres)
