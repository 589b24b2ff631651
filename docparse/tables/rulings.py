"""Ruled tables from the page image: straight lines found by morphological opening (a run of
dark pixels at least a kernel long survives, letters do not), grouped into grids; a grid cell
whose separator is missing is merged with its neighbour.

Kernels scale with the text: horizontal lines must be ``H_KERNEL`` median word heights long
and vertical ones ``V_KERNEL``, longer than any stroke of a letter (a word's box is as tall
as its tallest letter). A vertical line only counts when it meets a horizontal one, which a
letter's stroke never does in a table's padded cell.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

import cv2
import numpy as np
from PIL import Image

from docparse.model import Table, Word
from docparse.preprocess import grey_histogram
from docparse.tables.grid import GridSpec, build_table, center, inside
from docparse.tables.subcells import split_cells, split_rows

H_KERNEL = 3.0
V_KERNEL = 1.3
# A line thicker than this many word heights is a filled area (shading), not a ruling.
MAX_THICKNESS = 0.4
# Thin lines (:func:`_thin`): up to 2 * THIN_REACH - 1 pixels thick, standing out from both
# sides by THIN_CONTRAST grey levels (light grey rules on white are 30-40 levels darker;
# measured on the realdocs dev split's invoices and rate sheets rendered at 200 dpi).
THIN_REACH = 2
THIN_CONTRAST = 24
# Between flat areas (FLAT grey levels or less across 2 pixels on each side: a rendered page's
# fills, never a photo's texture) a line or a step edge needs only STEP_CONTRAST levels: cream
# cells 10 levels darker than the white gaps between them, the edge of a pale section row
# (realdocs dev rate sheets at 200 dpi; at 2 levels of flatness no ruled table appeared on the
# 60 SROIE receipt photos, which 8 levels without the flatness test turned into grids).
STEP_CONTRAST = 8
FLAT = 2
# Grids with the same left and right edges, no more than one row of a line of text apart
# (SECTION_ROW word heights), are one table's sections (:func:`_stacked`); an empty row
# lower than a line of text (STACK_GAP) is the white space between them.
SECTION_ROW = 2.0
STACK_GAP = 1.0
# A segment no longer than this many times a word's extent, lying across the word, is a
# stroke of its letters (:func:`_in_word`).
STROKE = 1.5
# Separator coverage: a slot edge with at least this share under a ruling is a border.
COVERED = 0.5


@dataclass
class Segment:
    """A straight ruling: ``pos`` across it (y of a horizontal one), ``lo``..``hi`` along."""

    pos: float
    lo: float
    hi: float
    thickness: float


def ruled_tables(image: Image.Image, words: Sequence[Word]) -> list[tuple[Table, list[Word]]]:
    """Tables drawn with lines, each with the words it took (words are page pixels; the image
    is in the same space)."""
    height = _word_height(words, image.height)
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    threshold = _otsu(grey)
    # vertical rulings are found as the horizontal ones of the page transposed: every pass
    # then runs along contiguous rows
    horizontal = _rulings(grey, threshold, round(H_KERNEL * height), height)
    vertical = _rulings(cv2.transpose(grey), threshold, round(V_KERNEL * height), height)
    horizontal = _join_collinear(horizontal, height)
    vertical = _join_collinear(vertical, height)
    tol = max(3.0, 0.5 * height)
    horizontal = [seg for seg in horizontal if not _in_word(seg, words, across=1)]
    vertical = [seg for seg in vertical if not _in_word(seg, words, across=0)]
    bars = [word for word in words if _is_ruling(word, vertical, tol)]
    bar_ids = {id(word) for word in bars}
    text = [word for word in words if id(word) not in bar_ids]
    found = []
    for group_h, group_v in _grids(horizontal, vertical, height):
        # a word goes to one table: grids that do not touch can still overlap (one inside
        # another's frame; a levelled realdocs page, pdfplumber pr-138 skewed 5°, read 42
        # rate-table words twice)
        taken_ids = {id(word) for _, words_taken in found for word in words_taken}
        free = [word for word in text if id(word) not in taken_ids]
        spec = _spec(group_h, group_v, height, free)
        if spec is None:
            continue
        spec = split_rows(split_cells(spec, free, height), free)
        built = build_table(spec, free, "rulings")
        if built is not None and _spread(built[0]):
            table, taken = built
            # the rulings an engine read as "|" leave the text with their table
            found.append((table, taken + [word for word in bars if inside(word, spec.box)]))
    return found


def _spread(table: Table) -> bool:
    """Text in two rows and two columns or more: lines around one caption (a receipt's
    "TAX INVOICE" banner between rules, a framed title) are a frame, not a table."""
    filled = [cell for cell in table.cells if cell.text.strip()]
    return len({c.row for c in filled}) >= 2 and len({c.col for c in filled}) >= 2


def _in_word(seg: Segment, words: Sequence[Word], across: int) -> bool:
    """Whether ``seg`` is part of a word's letters (``across`` 0: a vertical segment, its
    ``pos`` an x): it lies across the word's box and is no longer than STROKE times the
    word's extent along it (a letter's stem or edge, blurred a little beyond the box). A
    ruling runs on past the words beside it."""
    along = 1 - across
    middle = (seg.lo + seg.hi) / 2
    for word in words:
        b = word.box
        extent = b[along + 2] - b[along]
        if (
            b[across] < seg.pos < b[across + 2]
            and b[along] <= middle <= b[along + 2]
            and seg.hi - seg.lo <= STROKE * extent
        ):
            return True
    return False


_BAR_CHARACTERS = set("|¦[]!lI1")


def _is_ruling(word: Word, vertical: list[Segment], tol: float) -> bool:
    """A word of bar-like characters lying on a vertical ruling: the engine read the line."""
    if not set(word.text) <= _BAR_CHARACTERS or len(word.text) > 2:
        return False
    x0, y0, x1, y1 = word.box
    return any(x0 - tol <= s.pos <= x1 + tol and s.lo <= (y0 + y1) / 2 <= s.hi for s in vertical)


def _word_height(words: Sequence[Word], page_height: int) -> float:
    if not words:
        return max(8.0, page_height / 80)
    return max(6.0, median(w.box[3] - w.box[1] for w in words))


def _rulings(grey: np.ndarray, threshold: int, length: int, height: float) -> list[Segment]:
    """The rulings lying along the rows of ``grey`` (uint8, C-contiguous) at least ``length``
    pixels long: of its dark pixels (under ``threshold``), its thin lines and its steps."""
    length = max(2, length)
    found = []
    for mask in (np.less(grey, threshold).view(np.uint8), _thin(grey), _steps(grey)):
        thick = _thicken(mask)
        # only a row with ``length`` pixels set can hold a run that long (rows open alone)
        rows = np.flatnonzero(np.count_nonzero(thick, axis=1) >= length)
        if rows.size:
            found += _segments(_open(thick[rows], length, 1), height, rows)
    return found


def _thin(grey: np.ndarray) -> np.ndarray:
    """1 on pixels of thin lines along the rows, of any shade: darker, or lighter, than the
    pixels THIN_REACH rows away on both sides by THIN_CONTRAST grey levels or more
    (STEP_CONTRAST where both sides are flat). Tables drawn with light grey rules, or with
    white gaps between shaded cells, have no dark lines; a shaded area has no such pixels
    inside it, so it never passes for a thick ruling. Saturating uint8 differences (OpenCV)
    decide exactly as signed ones: ``a - b >= c`` with ``c > 0`` holds iff ``a ⊖ b >= c``."""
    rows = grey.shape[0]
    out = np.zeros(grey.shape, dtype=np.uint8)
    d, e = THIN_REACH, THIN_REACH + 2
    if rows > 2 * e:
        middle, before, after = grey[e:-e], grey[e - d : -e - d], grey[e + d : rows - e + d]
        far_before, far_after = grey[: -2 * e], grey[2 * e :]
        flat = cv2.max(cv2.absdiff(before, far_before), cv2.absdiff(after, far_after)) <= FLAT
        lighter = cv2.min(cv2.subtract(middle, before), cv2.subtract(middle, after))
        darker = cv2.min(cv2.subtract(before, middle), cv2.subtract(after, middle))
        contrast = cv2.max(lighter, darker)  # one of the two is 0
        out[e:-e] = (contrast >= THIN_CONTRAST) | (flat & (contrast >= STEP_CONTRAST))
    return out


STEP_CONTRAST = 8
FLAT = 2
STACK_GAP = 1.0
SECTION_ROW = 2.0
STROKE = 1.5


def _steps(grey: np.ndarray) -> np.ndarray:
    """1 on pixels on the edge between two flat areas of different shade along the rows
    (STEP_CONTRAST levels or more): the border of a shaded cell or section row drawn without
    a line."""
    out = np.zeros(grey.shape, dtype=np.uint8)
    if grey.shape[0] > 8:
        before, after = grey[1:-6], grey[4:-3]
        far_before, far_after = grey[:-7], grey[6:-1]
        step = cv2.absdiff(after, before) >= STEP_CONTRAST
        flat = cv2.max(cv2.absdiff(before, far_before), cv2.absdiff(after, far_after)) <= FLAT
        out[2:-5] = step & flat
    return out


def _otsu(grey: np.ndarray) -> int:
    """Otsu's threshold between ink and paper (at most 200: faint paper texture stays paper)."""
    hist = grey_histogram(grey)
    total = hist.sum()
    weights = np.cumsum(hist)
    means = np.cumsum(hist * np.arange(256))
    w0, w1 = weights, total - weights
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (means[-1] * w0 / total - means) ** 2 / (w0 * w1)
    between = np.nan_to_num(between)
    return int(min(200, np.argmax(between) + 1))


def _thicken(mask: np.ndarray) -> np.ndarray:
    """A uint8 mask's pixels spread by one row up and down, across the lines along the rows:
    a line turned a little steps one pixel every so often, which this joins into one run."""
    out = mask.copy()
    np.maximum(out[1:], mask[:-1], out=out[1:])
    np.maximum(out[:-1], mask[1:], out=out[:-1])
    return out


def _open(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Morphological opening with a ``length``-pixel line along ``axis`` (rows: 1): only runs
    of dark pixels at least that long remain, as 1s of a uint8 mask (outside the image counts
    as paper). Erosion anchored at the line's first pixel, dilation at its last, so even
    lengths do not shift."""
    length = max(2, length)
    if mask.shape[axis] < length:
        return np.zeros(mask.shape, dtype=np.uint8)
    kernel = np.ones((length, 1) if axis == 0 else (1, length), np.uint8)
    last = (0, length - 1) if axis == 0 else (length - 1, 0)  # OpenCV anchors are (x, y)
    paper = {"borderType": cv2.BORDER_CONSTANT, "borderValue": 0}
    eroded = cv2.erode(np.ascontiguousarray(mask, np.uint8), kernel, anchor=(0, 0), **paper)
    return cv2.dilate(eroded, kernel, anchor=last, **paper)


def _segments(mask: np.ndarray, height: float, rows: np.ndarray | None = None) -> list[Segment]:
    """Runs along axis 1 of ``mask`` (rows), grouped over neighbouring rows into segments;
    ``rows``: the row of the page each row of ``mask`` is (default: the same)."""
    inked = np.flatnonzero(mask.any(axis=1))  # after the opening, most rows are empty
    padded = np.pad(mask[inked], ((0, 0), (1, 1))).astype(np.int8)
    edges = np.diff(padded, axis=1)
    at, xs = np.nonzero(edges)
    kinds = edges[at, xs]
    ys = (inked if rows is None else rows[inked])[at]
    open_runs: list[list[float]] = []  # [first row, last row, lo, hi, dark pixels]
    closed: list[list[float]] = []
    starts = {}
    runs_by_row: dict[int, list[tuple[int, int]]] = {}
    for y, x, kind in zip(ys.tolist(), xs.tolist(), kinds.tolist(), strict=True):
        if kind == 1:
            starts[y] = x
        else:
            runs_by_row.setdefault(y, []).append((starts[y], x))
    for y in sorted(runs_by_row):
        still_open = []
        for run in open_runs:
            if run[1] < y - 1:
                closed.append(run)
            else:
                still_open.append(run)
        open_runs = still_open
        for lo, hi in runs_by_row[y]:
            for run in open_runs:
                if run[1] >= y - 1 and lo < run[3] and hi > run[2]:
                    run[1], run[2], run[3] = y, min(run[2], lo), max(run[3], hi)
                    run[4] += hi - lo
                    break
            else:
                open_runs.append([y, y, lo, hi, hi - lo])
    closed.extend(open_runs)
    # a turned line steps across rows: its thickness is its area over its length
    segments = [
        Segment(pos=(first + last + 1) / 2, lo=lo, hi=hi, thickness=area / (hi - lo))
        for first, last, lo, hi, area in closed
        if area / (hi - lo) <= max(4.0, MAX_THICKNESS * height) + 2
    ]
    return _join_collinear(segments, height)


def _join_collinear(segments: list[Segment], height: float) -> list[Segment]:
    """Pieces of one broken line (a scan's dropouts, a crossing's gap) joined."""
    gap = 0.5 * height
    segments.sort(key=lambda s: (s.pos, s.lo))
    out: list[Segment] = []
    for seg in segments:
        for other in out:
            if (
                abs(other.pos - seg.pos) <= 2 + seg.thickness
                and seg.lo <= other.hi + gap
                and (seg.hi >= other.lo - gap)
            ):
                other.lo, other.hi = min(other.lo, seg.lo), max(other.hi, seg.hi)
                break
        else:
            out.append(seg)
    return out


def _meets(h: Segment, v: Segment, tol: float) -> bool:
    return h.lo - tol <= v.pos <= h.hi + tol and v.lo - tol <= h.pos <= v.hi + tol


def _grids(
    horizontal: list[Segment], vertical: list[Segment], height: float
) -> list[tuple[list[Segment], list[Segment]]]:
    """Groups of rulings that touch one another, each with 2 or more of either direction."""
    tol = max(3.0, 0.5 * height)
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    touched = set()
    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if _meets(h, v, tol):
                parent[find(i)] = find(len(horizontal) + j)
                touched.update((i, len(horizontal) + j))
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i in touched:
        group = groups.setdefault(find(i), ([], []))
        if i < len(horizontal):
            group[0].append(horizontal[i])
        else:
            group[1].append(vertical[i - len(horizontal)])
    grids = [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]
    return _stacked(grids, horizontal, height)


Grid = tuple[list[Segment], list[Segment]]


def _stacked(grids: list[Grid], horizontal: list[Segment], height: float) -> list[Grid]:
    """Grids one below another with the same left and right edges, and between them only
    white space or rows of one line of text (SECTION_ROW: a section's title) ruled across the
    whole width, joined: one table's sections drawn as separate blocks
    (shaded section rows, white space between them). The rules across become its rows."""
    tol = max(3.0, 0.5 * height)
    out: list[Grid] = []
    for grid in sorted(grids, key=lambda g: _extent(g)[1]):
        top, left, right = _extent(grid)[1:]
        for other in out:
            bottom, other_left, other_right = _extent(other)[0], *_extent(other)[2:]
            if abs(left - other_left) > tol or abs(right - other_right) > tol:
                continue
            across = sorted(
                (h for h in horizontal if abs(h.lo - left) <= tol and abs(h.hi - right) <= tol),
                key=lambda h: h.pos,
            )
            between = [h for h in across if bottom + tol < h.pos < top - tol]
            edges = [bottom, *(h.pos for h in between), top]
            steps = [b - a for a, b in itertools.pairwise(edges)]
            if steps[0] >= -tol and all(step <= SECTION_ROW * height for step in steps):
                other[0].extend(grid[0] + between)
                other[1].extend(grid[1])
                break
        else:
            out.append(grid)
    return out


def _extent(grid: Grid) -> tuple[float, float, float, float]:
    """(bottom, top, left, right) of a grid's horizontal rulings."""
    horizontal = grid[0]
    return (
        max(h.pos for h in horizontal),
        min(h.pos for h in horizontal),
        min(h.lo for h in horizontal),
        max(h.hi for h in horizontal),
    )


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for value in sorted(values):
        if out and value - out[-1][-1] <= tol:
            out[-1].append(value)
        else:
            out.append([value])
    return [sum(c) / len(c) for c in out]


def _spec(
    horizontal: list[Segment], vertical: list[Segment], height: float, words: Sequence[Word]
) -> GridSpec | None:
    tol = max(3.0, 0.5 * height)
    rows = _cluster([h.pos for h in horizontal], tol)
    cols = _cluster([v.pos for v in vertical], tol)
    left, right = min(h.lo for h in horizontal), max(h.hi for h in horizontal)
    top, bottom = min(v.lo for v in vertical), max(v.hi for v in vertical)
    # Tables open at the sides (no outer verticals) or at the top: the lines' ends are edges.
    if left < cols[0] - height:
        cols.insert(0, left)
    if right > cols[-1] + height:
        cols.append(right)
    if top < rows[0] - height:
        rows.insert(0, top)
    if bottom > rows[-1] + height:
        rows.append(bottom)
    middles = [center(word)[1] for word in words if left <= center(word)[0] <= right]
    rows = _without_gaps(rows, height, middles)
    if len(rows) < 3 or len(cols) < 3:
        return None
    joined_right = [
        [
            not _covered(vertical, cols[c + 1], rows[r], rows[r + 1], tol)
            for c in range(len(cols) - 2)
        ]
        for r in range(len(rows) - 1)
    ]
    joined_down = [
        [
            not _covered(horizontal, rows[r + 1], cols[c], cols[c + 1], tol)
            for c in range(len(cols) - 1)
        ]
        for r in range(len(rows) - 2)
    ]
    return GridSpec(rows, cols, joined_right, joined_down)


def _without_gaps(rows: list[float], height: float, middles: list[float]) -> list[float]:
    """Row edges with the empty rows too low for a line of text (the white space between
    stacked sections) closed: their two edges become one, at their middle."""
    out = rows[:1]
    for y in rows[1:]:
        low = y - out[-1] < STACK_GAP * height
        if low and len(out) > 1 and not any(out[-1] < m < y for m in middles):
            out[-1] = (out[-1] + y) / 2
        else:
            out.append(y)
    return out


def _covered(segments: list[Segment], pos: float, lo: float, hi: float, tol: float) -> bool:
    """Whether rulings at ``pos`` cover at least COVERED of ``lo``..``hi``."""
    span = hi - lo
    if span <= 0:
        return True
    covered = sum(
        max(0.0, min(hi, s.hi) - max(lo, s.lo)) for s in segments if abs(s.pos - pos) <= tol
    )
    return covered >= COVERED * span
