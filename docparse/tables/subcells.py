"""Cells a ruled grid draws without their separators.

Columns: a cell whose words stand in pieces with wide white space between them in every line
(a form's checkbox options, "☐ A    ☐ B    ☑ C", laid out in cells with invisible borders) is
split at those gaps; the new column edges are joined in every other row.

Rows: a grid row whose cells hold their lines level with each other, line for line (a
statistics table ruled every five rows, a ledger with column rules only), is split between
those lines; a cell that spans more grid rows stays one cell across the new ones."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from math import inf
from statistics import median

import numpy as np

from docparse.model import Word
from docparse.reading_order import group_lines
from docparse.tables.grid import GridSpec, inside, merged_rects

# White space wider than this many word heights across every line of a cell separates two
# cells. Word gaps are under one height; measured on the realdocs dev split's Korean forms
# (checkbox options 1.5 heights apart and more) and the synthetic ruled tables (no cell of
# theirs split).
SPLIT_GAP = 1.2
# A grid row is split into its rows of text when they number at least MIN_ROWS and each of
# them holds a line in more than half of the row's cells that hold text. Two-line labels in
# every cell of a header ("Unit / Price") stay whole at 3; a wrapped description beside
# one-line amounts holds its continuation lines alone and stays one cell.
MIN_ROWS = 3


def split_cells(spec: GridSpec, words: Sequence[Word], height: float) -> GridSpec:
    """``spec`` with its cells split where their words leave a gap of SPLIT_GAP heights."""
    # x of each column edge -> the rows (first, end) where it separates new cells
    cuts: dict[float, list[tuple[int, int]]] = {}
    # the words' centres and x extents once, as arrays: a cell's words are those whose
    # centre lies in its box, ends included (as :func:`~docparse.tables.grid.inside`)
    boxes = np.array([w.box for w in words], dtype=np.float64).reshape(-1, 4)
    cx = (boxes[:, 0] + boxes[:, 2]) / 2
    cy = (boxes[:, 1] + boxes[:, 3]) / 2
    for r0, c0, r1, c1 in merged_rects(spec):
        x0, y0 = spec.col_edges[c0], spec.row_edges[r0]
        x1, y1 = spec.col_edges[c1], spec.row_edges[r1]
        mine = (x0 <= cx) & (cx <= x1) & (y0 <= cy) & (cy <= y1)
        spans = sorted(zip(boxes[mine, 0].tolist(), boxes[mine, 2].tolist(), strict=True))
        right = None
        for lo, hi in spans:
            if right is not None and lo - right >= SPLIT_GAP * height:
                inner = [x for x in spec.col_edges[c0 + 1 : c1] if right < x < lo]
                cuts.setdefault(inner[0] if inner else (right + lo) / 2, []).append((r0, r1))
            right = hi if right is None else max(right, hi)
    if not cuts:
        return spec
    old = spec.col_edges
    col_edges = sorted(set(old) | set(cuts))
    # the old column each new column lies in
    within = [sum(x >= edge for edge in old[1:-1]) for x in col_edges[:-1]]
    joined_right = []
    for r in range(spec.rows):
        row = []
        for k, x in enumerate(col_edges[1:-1], start=1):
            cut = any(first <= r < end for first, end in cuts.get(x, []))
            row.append(False if cut else x not in old or spec.joined_right[r][within[k] - 1])
        joined_right.append(row)
    joined_down = [
        [spec.joined_down[r][within[j]] for j in range(len(col_edges) - 1)]
        for r in range(spec.rows - 1)
    ]
    return GridSpec(spec.row_edges, col_edges, joined_right, joined_down)


def split_rows(spec: GridSpec, words: Sequence[Word], keep: int = 0) -> GridSpec:
    """``spec`` with each grid row after the first ``keep`` split between its rows of text
    (module docstring)."""
    rects = merged_rects(spec)
    cuts: dict[int, list[float]] = {}
    for r in range(keep, spec.rows):
        cells = []
        for r0, c0, r1, c1 in rects:
            if r0 != r or r1 != r + 1:
                continue
            box = (spec.col_edges[c0], spec.row_edges[r], spec.col_edges[c1], spec.row_edges[r1])
            lines = group_lines([word for word in words if inside(word, box)])
            if lines:
                cells.append([(line.box[1], line.box[3]) for line in lines])
        inner = _text_rows(cells)
        if inner:
            cuts[r] = inner
    if not cuts:
        return spec
    row_edges: list[float] = []
    within: list[int] = []  # the old grid row of each new one
    for r in range(spec.rows):
        for y in [spec.row_edges[r], *cuts.get(r, [])]:
            row_edges.append(y)
            within.append(r)
    row_edges.append(spec.row_edges[-1])
    tall = {
        (r, c)
        for r0, c0, r1, c1 in rects
        if r1 - r0 > 1
        for r in range(r0, r1)
        for c in range(c0, c1)
    }
    joined_down = [
        [(within[j], c) in tall for c in range(spec.cols)]
        if within[j] == within[j + 1]
        else spec.joined_down[within[j]]
        for j in range(len(within) - 1)
    ]
    joined_right = [spec.joined_right[r] for r in within] if spec.joined_right else []
    return GridSpec(row_edges, spec.col_edges, joined_right, joined_down)


def _text_rows(cells: list[list[tuple[float, float]]]) -> list[float]:
    """The y between consecutive rows of text of one grid row, given the y extent of each
    line of each of its cells that hold text; [] when it is one row (module docstring).

    Lines overlapping by half the shorter height or more are one row of text (an engine's
    boxes of tightly set rows reach into each other by a few pixels); a cut lies halfway
    between the centres of two rows' lines. A line twice the median height or more is no row
    of text: it stays in the row of its centre (an engine read a column of digits stacked
    five rows high as one standing word on realdocs' NICS table at 200 dpi)."""
    typical = median(y1 - y0 for lines in cells for y0, y1 in lines) if cells else 0.0
    cells = [kept for lines in cells if (kept := [e for e in lines if e[1] - e[0] < 2 * typical])]
    if len(cells) < 2:
        return []
    rows: list[list[tuple[float, float]]] = []
    for y0, y1 in sorted(cells_lines := [extent for lines in cells for extent in lines]):
        if rows:
            t0, t1 = rows[-1][0]
            if min(y1, t1) - max(y0, t0) >= 0.5 * min(y1 - y0, t1 - t0):
                rows[-1].append((y0, y1))
                continue
        rows.append([(y0, y1)])
    if len(rows) < MIN_ROWS or len(rows) == len(cells_lines):
        return []
    centres = [[(a + b) / 2 for a, b in row] for row in rows]
    cuts = []
    for above, below in pairwise(centres):
        if max(above) >= min(below):
            return []
        cuts.append((max(above) + min(below)) / 2)
    for lo, hi in pairwise([-inf, *cuts, inf]):
        holding = sum(any(lo < (a + b) / 2 < hi for a, b in lines) for lines in cells)
        if 2 * holding <= len(cells):
            return []
    return cuts
