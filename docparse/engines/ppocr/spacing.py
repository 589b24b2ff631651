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

**Monospaced lines** (thermal and dot-matrix receipts) are spaced by their character cells
when asked (``cells``; the rows a receipt's fields hang on, read again by
:meth:`~docparse.engines.ppocr.rows_again.read_again`): every character, a narrow I,
L, 1 or point too, sits centred in a cell of one pitch, so a narrow letter leaves a blank as
wide as a proportional font's space beside it, and only a whole empty cell is a space
(:func:`cell_pitch`, :func:`by_cells`). Proportional lines are left as they are.

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


def respaced(
    reading: ReadLine,
    ink_columns: np.ndarray,
    width: int,
    height: float,
    cells: np.ndarray | None = None,
) -> ReadLine:
    """``reading`` with its words split where the recogniser dropped a space: at a
    punctuation boundary whose blank is as wide as the line's word spaces (midway between
    its letter gaps and its emitted spaces), or at any blank wider than ``CELL_GAP``.
    ``ink_columns``: the strip's ink columns (:meth:`LineStrip.ink_columns`), ``width``
    and ``height``: the strip's width and the line's height (strip pixels). With ``cells``,
    the ink columns of the middle of the line's height (``CELL_BAND``), a monospaced line
    (:func:`cell_pitch`) is spaced by its cells instead (:func:`by_cells`), its pitch kept
    on the reading."""
    words = [_halfwidth(word) for word in reading.words]
    if height <= 0 or not any(len(word.centres) > 1 for word in words):
        return _with_words(reading, words)
    ink = np.zeros(width, dtype=bool)
    ink[ink_columns[(ink_columns >= 0) & (ink_columns < width)]] = True
    if cells is not None and all(len(word.centres) == len(word.text) for word in words):
        middle = np.zeros(width, dtype=bool)
        middle[cells[(cells >= 0) & (cells < width)]] = True
        lattice = cell_pitch(words, middle)
        regrouped = None if lattice is None else by_cells(words, middle, *lattice)
        if lattice is not None and regrouped is not None:
            return _with_words(reading, regrouped, lattice[0])
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


def _with_words(reading: ReadLine, words: list[ReadWord], pitch: float | None = None) -> ReadLine:
    text = " ".join(word.text for word in words)
    return ReadLine(text, reading.confidence, words, reading.centres, pitch)


CELL_BAND = 0.85
"""Share of the line's height, about its middle, whose ink shows the cells: a receipt's
lines are set tight, and the band of a row read again holds the descenders and ascenders
of the lines above and below, which fill the blank of an empty cell (SROIE dev)."""
MIN_GLYPHS = 8
"""Fewest separate glyphs (ink runs) a line needs before its pitch is measured."""
PITCH_SEARCH = (0.8, 1.25)
"""Range, as shares of the recogniser's pitch (its words' character spans), searched for
the line's cell pitch. The CTC columns are 8 px of a 48-px strip, about 1.5-2 columns a
character on receipts, so that estimate runs 0-20 % high (SROIE dev)."""
ON_LATTICE = 0.12
"""A glyph centre this many pitches or fewer from the lattice is on it."""
REGULARITY = 0.9
"""Share of a monospaced line's whole glyphs on its lattice (a touching pair is off it)."""
NARROW_ON = 0.5
"""Share of a monospaced line's narrow ink runs on its lattice: the narrow glyphs are, the
halves of a glyph broken in two (an M of a worn thermal print) and specks are not."""
NARROW = 0.6
"""Glyphs narrower than this share of the line's median glyph width (I, L, 1, points) are
the test of a monospaced line: its font centres them in their cells, so they fall on the
lattice of the other glyphs; a proportional font sets them a blank after the glyph before.
(A seriffed l of a thermal receipt font is 0.53 of its letters' width, SROIE dev 087.)"""
CELL_FIT = 0.25
"""Mean distance, in pitches, from the recogniser's characters (shifted by their median lag)
to the inked cells they are put on, above which they do not match one to one. SROIE dev
rows read again: 0.07-0.23 where they do (CTC columns are 8 px of the 48-px strip, about
half a pitch); 0.34 on a row whose space cell a tight neighbouring line's ink filled."""
CELL_CORE = 0.25
"""Half-width, in pitches, of the middle of a cell that holds ink unless the cell is empty:
every glyph of a monospaced font, the narrow I, L, 1 and points too, is centred in its
cell, and a neighbour's side reaches at most a quarter pitch into it."""


def glyph_runs(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends (exclusive) of the runs of ink columns (``ink``: one bool a column)."""
    edges = np.diff(np.concatenate([[0], ink.astype(np.int8), [0]]))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def cell_pitch(words: Sequence[ReadWord], ink: np.ndarray) -> tuple[float, float] | None:
    """The cell pitch and the x of a cell's centre (strip pixels) of a monospaced line, or
    None when the line is not one. Every character of a monospaced (thermal, dot-matrix)
    print sits centred in a cell of one width, so the centres of its glyphs (runs of ink
    columns) fall on a lattice, the narrow ones (``NARROW``: I, L, 1, points) too; a
    proportional font sets a narrow glyph a blank after the one before, off the lattice of
    the others. The pitch is searched near the recogniser's own (``PITCH_SEARCH``), whose
    CTC positions (8-px columns of the 48-px strip, 1.5-2 a character on receipts) are too
    coarse to settle it or to tell a monospaced line alone."""
    spans = [
        ((word.centres[-1] - word.centres[0]) / (len(word.centres) - 1), len(word.centres) - 1)
        for word in words
        if len(word.centres) >= 3
    ]
    if not spans:
        return None
    rough = _weighted_median(spans)
    # the CTC columns lag the ink by up to a pitch
    first, last = words[0].centres[0] - 2 * rough, words[-1].centres[-1] + rough
    starts, ends = glyph_runs(ink)
    middles, widths = (starts + ends) / 2, ends - starts
    inside = (middles > first) & (middles < last) & (widths >= 2) & (widths <= 1.2 * rough)
    if not inside.any():
        return None
    typical = float(np.median(widths[inside]))
    whole = middles[inside & (widths >= NARROW * typical)]
    narrow = middles[inside & (widths < NARROW * typical)]
    if len(whole) < MIN_GLYPHS or len(narrow) == 0:
        return None
    pitches = np.linspace(PITCH_SEARCH[0] * rough, PITCH_SEARCH[1] * rough, 91)
    turns = whole[None, :] / pitches[:, None]
    phases = np.angle(np.exp(2j * np.pi * turns).mean(axis=1)) / (2 * np.pi)
    on_lattice = (_off(turns, phases) <= ON_LATTICE).mean(axis=1)
    best = int(on_lattice.argmax())
    pitch, phase = float(pitches[best]), float(phases[best])
    narrow_on = (_off(narrow[None, :] / pitch, np.array([phase])) <= ON_LATTICE).mean()
    if on_lattice[best] < REGULARITY or narrow_on < NARROW_ON:
        return None
    return pitch, phase % 1 * pitch


def _off(turns: np.ndarray, phases: np.ndarray) -> np.ndarray:
    """Distance (in pitches) of positions ``turns`` (in pitches, one row per pitch) from
    the lattice of each row's phase."""
    return np.abs((turns - phases[:, None] + 0.5) % 1 - 0.5)


def by_cells(
    words: Sequence[ReadWord], ink: np.ndarray, pitch: float, phase: float
) -> list[ReadWord] | None:
    """The characters of ``words`` (one monospaced line, left to right; cells ``pitch``
    wide, one centred at x ``phase``) regrouped into words where an empty cell lies between
    two of them, and only there: spaces the recogniser emitted beside a narrow letter
    ("MA LURI") or after a point centred in its cell ("NO. 32") go, spaces it dropped
    ("TAXINVOICE") come back. A cell is empty when no ink column is within ``CELL_CORE``
    pitches of its centre (a narrow I, L or 1 is centred in its cell). The characters are
    put one to one on the inked cells; None when they do not fit them (``CELL_FIT``) or
    when most spaces the recogniser read fall on no empty cell (a proportional line that
    looked monospaced)."""
    chars = [
        (char, centre, probability, space)
        for word in words
        for char, centre, probability, space in zip(
            word.text,
            word.centres,
            word.probabilities or (word.confidence,) * len(word.text),
            (*(word.spaces or (0.0,) * (len(word.text) - 1)), 1.0),
            strict=True,
        )
    ]
    centres = np.array([centre for _, centre, _, _ in chars])
    middles = phase + pitch * np.arange(np.ceil(-phase / pitch), (len(ink) - phase) / pitch)
    core = CELL_CORE * pitch
    count = np.concatenate([[0], np.cumsum(ink)])  # ink columns left of each column
    low = np.clip(np.ceil(middles - core), 0, len(ink)).astype(np.int64)
    high = np.clip(np.floor(middles + core) + 1, 0, len(ink)).astype(np.int64)
    cells = middles[count[high] > count[low]]  # the inked cells
    n = len(chars)
    if len(cells) < n:
        return None
    # the characters on consecutive inked cells: the window of cells whose centres, shifted
    # by one amount (the CTC columns lag the ink by up to a pitch), lie nearest theirs
    windows = np.lib.stride_tricks.sliding_window_view(cells, n)
    shifts = np.median(centres[None, :] - windows, axis=1)
    costs = np.abs(centres[None, :] - windows - shifts[:, None]).mean(axis=1)
    best = int(costs.argmin())
    if costs[best] > CELL_FIT * pitch:
        return None  # a character read twice or lost, a glyph in two
    placed = windows[best]
    spaced = np.diff(placed) > 1.5 * pitch  # an empty cell between
    ends = np.cumsum([len(word.text) for word in words])[:-1] - 1  # the spaces read
    if np.count_nonzero(~spaced[ends]) > np.count_nonzero(spaced[ends]):
        return None  # most spaces read are narrower than a cell: not monospaced
    regrouped: list[ReadWord] = []
    start = 0
    for end in [*(k + 1 for k in np.flatnonzero(spaced).tolist()), len(chars)]:
        run = chars[start:end]
        regrouped.append(
            ReadWord(
                "".join(char for char, _, _, _ in run),
                run[0][1] - pitch / 2,
                run[-1][1] + pitch / 2,
                float(np.mean([p for _, _, p, _ in run])),
                tuple(centre for _, centre, _, _ in run),
                tuple(p for _, _, p, _ in run),
                tuple(space for _, _, _, space in run[:-1]),
            )
        )
        start = end
    return regrouped


def _weighted_median(values: Sequence[tuple[float, int]]) -> float:
    ordered = sorted(values)
    half = sum(weight for _, weight in ordered) / 2
    total = 0
    for value, weight in ordered:
        total += weight
        if total >= half:
            return value
    return ordered[-1][0]
