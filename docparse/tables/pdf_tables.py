"""A born-digital page's vector tables (:mod:`docparse.io.pdf_tables`) filled with its
text-layer words."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from docparse.io.pdf_tables import VectorTable
from docparse.model import Table, Word
from docparse.tables.grid import GridSpec, build_table
from docparse.tables.subcells import split_rows


def pdf_tables(
    vector: Sequence[VectorTable], words: Sequence[Word]
) -> list[tuple[Table, list[Word]]]:
    found = []
    left = list(words)
    for table in vector:
        # the header rows as the finder counts them stay whole
        spec = split_rows(_spec(table), left, keep=table.header_rows)
        built = build_table(spec, left, "pdf", header_rows=table.header_rows)
        if built is None:
            continue
        found.append(built)
        taken = {id(word) for word in built[1]}
        left = [word for word in left if id(word) not in taken]
    return found


def _spec(table: VectorTable) -> GridSpec:
    rows, cols = table.row_edges, table.col_edges
    n, m = len(rows) - 1, len(cols) - 1
    joined_right = [[False] * max(0, m - 1) for _ in range(n)]
    joined_down = [[False] * m for _ in range(max(0, n - 1))]
    for x0, y0, x1, y1 in table.cells:
        r0, r1 = _nearest(rows, y0), _nearest(rows, y1)
        c0, c1 = _nearest(cols, x0), _nearest(cols, x1)
        for r in range(r0, r1):
            for c in range(c0, c1):
                if c + 1 < c1:
                    joined_right[r][c] = True
                if r + 1 < r1:
                    joined_down[r][c] = True
    return GridSpec(rows, cols, joined_right, joined_down)


def _nearest(edges: list[float], value: float) -> int:
    i = bisect_left(edges, value)
    if i == len(edges) or (i > 0 and value - edges[i - 1] < edges[i] - value):
        return i - 1
    return i
