"""Cells a ruled grid draws without their separators: a cell whose words stand in pieces with
wide white space between them in every line (a form's checkbox options, "☐ A    ☐ B    ☑ C",
laid out in cells with invisible borders) is split at those gaps; the new column edges are
joined in every other row."""

from __future__ import annotations

from collections.abc import Sequence

from docparse.model import Word
from docparse.tables.grid import GridSpec, inside, merged_rects

# White space wider than this many word heights across every line of a cell separates two
# cells. Word gaps are under one height; measured on the realdocs dev split's Korean forms
# (checkbox options 1.5 heights apart and more) and the synthetic ruled tables (no cell of
# theirs split).
SPLIT_GAP = 1.2


def split_cells(spec: GridSpec, words: Sequence[Word], height: float) -> GridSpec:
    """``spec`` with its cells split where their words leave a gap of SPLIT_GAP heights."""
    # x of each column edge -> the rows (first, end) where it separates new cells
    cuts: dict[float, list[tuple[int, int]]] = {}
    for r0, c0, r1, c1 in merged_rects(spec):
        box = (spec.col_edges[c0], spec.row_edges[r0], spec.col_edges[c1], spec.row_edges[r1])
        spans = sorted((w.box[0], w.box[2]) for w in words if inside(w, box))
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
