"""Cells a ruled grid draws without their separators: a cell whose words stand in pieces with
wide white space between them in every line (a form's checkbox options, "☐ A    ☐ B    ☑ C",
laid out in cells with invisible borders) is split at those gaps; the new column edges are
joined in every other row."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from docparse.model import Word
from docparse.tables.grid import GridSpec, merged_rects

# White space wider than this many word heights across every line of a cell separates two
# cells. Word gaps are under one height; measured on the realdocs dev split's Korean forms
# (checkbox options 1.5 heights apart and more) and the synthetic ruled tables (no cell of
# theirs split).
SPLIT_GAP = 1.2


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
