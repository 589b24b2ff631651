"""The tables a born-digital PDF page draws, as PyMuPDF's ``find_tables`` reads them from its
vector graphics and text: each a grid of edges and cell boxes, in page pixels."""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

Rect = tuple[float, float, float, float]
# Cell edges closer than this many points are one edge (PyMuPDF snaps lines within 3 pt).
_SNAP = 1.0
_MIN_STROKES = 4


@dataclass
class VectorTable:
    """``cells``: each cell's box once (a spanning cell covers several slots between
    ``row_edges`` and ``col_edges``); all in page pixels."""

    row_edges: list[float]
    col_edges: list[float]
    cells: list[Rect]
    header_rows: int


def vector_tables(page: pymupdf.Page, dpi: float, use_layout: bool = False) -> list[VectorTable]:
    """The page's tables; ``use_layout`` gates them by PyMuPDF's layout model when
    ``pymupdf.layout`` is installed (measured by ``docparse bench tables --layout``)."""
    zoom = dpi / 72.0
    ox, oy = page.rect.x0, page.rect.y0
    try:
        if not use_layout and _strokes(page) < _MIN_STROKES:
            return []  # no grid drawn: skips the finder's work (a fifth of realdocs' pages)
        found = page.find_tables(use_layout=use_layout).tables
    except (RuntimeError, ValueError, IndexError, ZeroDivisionError):
        return []  # a table the finder cannot read is text in the page flow
    tables = []
    for table in found:
        cells = [tuple(cell) for cell in table.cells if cell is not None]
        if not cells:
            continue
        rows = _edges([c[1] for c in cells] + [c[3] for c in cells])
        cols = _edges([c[0] for c in cells] + [c[2] for c in cells])
        header = getattr(table, "header", None)
        header_rows = 0 if header is None or header.external else 1
        tables.append(
            VectorTable(
                row_edges=[(y - oy) * zoom for y in rows],
                col_edges=[(x - ox) * zoom for x in cols],
                cells=[
                    ((x0 - ox) * zoom, (y0 - oy) * zoom, (x1 - ox) * zoom, (y1 - oy) * zoom)
                    for x0, y0, x1, y1 in cells
                ],
                header_rows=header_rows,
            )
        )
    return tables


def _strokes(page: pymupdf.Page) -> int:
    """How many lines, rectangles and curves the page draws (a grid needs 4 or more)."""
    return sum(len(path.get("items", ())) for path in page.get_cdrawings())


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SNAP:
            out.append(value)
    return out
