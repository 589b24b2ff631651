"""From a grid's edges, which neighbouring slots are joined, and the page's words to a
:class:`~docparse.table_model.Table`: joined slots become one spanning cell, each word goes to
the cell holding its centre."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from docparse.model import Box, Table, TableCell, TableMethod, Word
from docparse.reading_order import group_lines


@dataclass
class GridSpec:
    """``row_edges`` (n + 1 y values) and ``col_edges`` (m + 1 x values), sorted;
    ``joined_right[r][c]``: slot (r, c) and (r, c + 1) are one cell (no separator);
    ``joined_down[r][c]``: slot (r, c) and (r + 1, c) are one cell."""

    row_edges: list[float]
    col_edges: list[float]
    joined_right: list[list[bool]] = field(default_factory=list)
    joined_down: list[list[bool]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.row_edges) - 1

    @property
    def cols(self) -> int:
        return len(self.col_edges) - 1

    @property
    def box(self) -> Box:
        return (self.col_edges[0], self.row_edges[0], self.col_edges[-1], self.row_edges[-1])


def center(word: Word) -> tuple[float, float]:
    x0, y0, x1, y1 = word.box
    return (x0 + x1) / 2, (y0 + y1) / 2


def inside(word: Word, box: Sequence[float]) -> bool:
    x, y = center(word)
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def build_table(
    spec: GridSpec, words: Sequence[Word], method: TableMethod, header_rows: int | None = None
) -> tuple[Table, list[Word]] | None:
    """The table and the words it took, or None when it is not a table: fewer than 2 rows
    or 2 columns, or no words at all."""
    if spec.rows < 2 or spec.cols < 2:
        return None
    rects = merged_rects(spec)
    taken = [word for word in words if inside(word, spec.box)]
    if not taken:
        return None
    # each word to the one rectangle holding its slot (the rectangles tile the grid), in the
    # words' order: one pass over the words instead of one per cell
    rect_of = {slot: rect for rect in rects for slot in _slots(*rect)}
    words_of: dict[tuple[int, int, int, int], list[Word]] = {rect: [] for rect in rects}
    for word in taken:
        words_of[rect_of[_slot_of(spec, word)]].append(word)
    cells: list[TableCell] = []
    for r0, c0, r1, c1 in sorted(rects):
        box = (spec.col_edges[c0], spec.row_edges[r0], spec.col_edges[c1], spec.row_edges[r1])
        mine = words_of[(r0, c0, r1, c1)]
        cells.append(
            TableCell(
                row=r0,
                col=c0,
                row_span=r1 - r0,
                col_span=c1 - c0,
                box=box,
                words=[word for line in group_lines(mine) for word in line.words],
            )
        )
    if header_rows is None:
        header_rows = max(cell.row_span for cell in cells if cell.row == 0)
    header_rows = header_rows if header_rows < spec.rows else 0
    for cell in cells:
        cell.header = cell.row < header_rows
    table = Table(
        rows=spec.rows, cols=spec.cols, header_rows=header_rows, cells=cells, method=method
    )
    return table, taken


def _slots(r0: int, c0: int, r1: int, c1: int) -> set[tuple[int, int]]:
    return {(r, c) for r in range(r0, r1) for c in range(c0, c1)}


def _slot_of(spec: GridSpec, word: Word) -> tuple[int, int]:
    x, y = center(word)
    return _index(spec.row_edges, y), _index(spec.col_edges, x)


def _index(edges: Sequence[float], value: float) -> int:
    for i in range(len(edges) - 2, -1, -1):
        if value >= edges[i]:
            return i
    return 0


def merged_rects(spec: GridSpec) -> list[tuple[int, int, int, int]]:
    """Rectangles (r0, c0, r1, c1), ends exclusive, tiling the grid: joined slots grown to
    the smallest rectangle holding them (a non-rectangular merge takes its bounding box)."""
    rows, cols = spec.rows, spec.cols
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for r in range(rows):
        for c in range(cols - 1):
            if spec.joined_right and spec.joined_right[r][c]:
                union(r * cols + c, r * cols + c + 1)
    for r in range(rows - 1):
        for c in range(cols):
            if spec.joined_down and spec.joined_down[r][c]:
                union(r * cols + c, (r + 1) * cols + c)
    while True:
        rects: dict[int, list[int]] = {}
        for i in range(rows * cols):
            r, c = divmod(i, cols)
            rect = rects.setdefault(find(i), [r, c, r + 1, c + 1])
            rect[:] = [min(rect[0], r), min(rect[1], c), max(rect[2], r + 1), max(rect[3], c + 1)]
        grown = False
        for root, (r0, c0, r1, c1) in rects.items():
            for r in range(r0, r1):
                for c in range(c0, c1):
                    if find(r * cols + c) != find(root):
                        union(r * cols + c, root)
                        grown = True
        if not grown:
            return [tuple(rect) for rect in rects.values()]  # type: ignore[misc]
