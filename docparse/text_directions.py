"""The words of a born-digital page by the way their text runs.

A PDF's text layer says how each of its lines runs (:func:`docparse.io.pdf.text_layer_words`
gives the words of lines that do not run left to right a quad from the top left of their
text). Reading order groups words into rows by their height on the page, so text that runs
up or down the page — a table set sideways on a portrait page, a margin note printed upwards
("jbell on DSKJLSW7X2PROD with PROPOSALS" down the edge of every Federal Register page) —
came out one word per line, or was scattered word by word through the body text.

Here the words that run one way are read together, on the page turned so that they read
left to right, and mapped back (their quads then run along the text, as OCR's words on a
turned page do): the way most of the page's characters run first (the page's reading and
its ``rotation_applied``), every other way after it as blocks of their own. A word that lies
in one of the page's drawn tables stays with the main reading, where the table places it by
its cell (a sideways column heading).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from docparse.geometry.transform import PageTransform
from docparse.io.pdf import quarter_of
from docparse.io.pdf_tables import VectorTable
from docparse.model import Word


def quarter_turn(word: Word) -> int:
    """The clockwise quarter turn (0, 90, 180, 270) of the text of ``word``: along its quad
    from the first corner to the second, 0 when it has none."""
    if word.quad is None:
        return 0
    (x0, y0), (x1, y1) = word.quad[0], word.quad[1]
    return quarter_of((x1 - x0, y1 - y0))


def by_direction(
    words: Sequence[Word], tables: Sequence[VectorTable] = ()
) -> list[tuple[int, list[Word]]]:
    """``words`` grouped by :func:`quarter_turn`, the way holding most characters first
    (ties: the upright one), each group in the words' order; words inside a table's box go
    with the first group."""
    if not words:
        return [(0, [])]
    turns = [quarter_turn(word) for word in words]
    weight: dict[int, int] = defaultdict(int)
    for word, q in zip(words, turns, strict=True):
        weight[q] += len(word.text)
    main = min(weight, key=lambda q: (-weight[q], q))
    boxes = [_table_box(table) for table in tables]
    groups: dict[int, list[Word]] = defaultdict(list)
    for word, q in zip(words, turns, strict=True):
        if q != main and any(_inside(word.box, box) for box in boxes):
            q = main
        groups[q].append(word)
    return [(q, groups[q]) for q in sorted(groups, key=lambda q: (q != main, -weight[q], q))]


def into(transform: PageTransform, words: Sequence[Word]) -> list[Word]:
    """``words`` (in the original page's pixels) on the page as ``transform`` turns it:
    boxes around their mapped corners, no quads (each reads left to right there)."""
    m = transform.matrix
    out = []
    for word in words:
        x0, y0, x1, y1 = word.box
        xs, ys = [], []
        for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1)):
            xs.append(m[0, 0] * x + m[0, 1] * y + m[0, 2])
            ys.append(m[1, 0] * x + m[1, 1] * y + m[1, 2])
        box = (min(xs), min(ys), max(xs), max(ys))
        out.append(word.model_copy(update={"box": box, "quad": None}))
    return out


def turned_tables(transform: PageTransform, tables: Sequence[VectorTable]) -> list[VectorTable]:
    """``tables`` on the page as ``transform`` (a quarter turn) turns it; their heading rows
    are no longer known there (a row of the turned table was a column)."""
    if transform.quarter_turns == 0:
        return list(tables)
    m = transform.matrix
    x_from_x = abs(m[0, 0]) > 0.5  # a half turn keeps the axes, a quarter swaps them

    def mapped(x: float, y: float) -> tuple[float, float]:
        return m[0, 0] * x + m[0, 1] * y + m[0, 2], m[1, 0] * x + m[1, 1] * y + m[1, 2]

    out = []
    for table in tables:
        cells = []
        for x0, y0, x1, y1 in table.cells:
            (ax, ay), (bx, by) = mapped(x0, y0), mapped(x1, y1)
            cells.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        if x_from_x:
            cols = [mapped(e, 0.0)[0] for e in table.col_edges]
            rows = [mapped(0.0, e)[1] for e in table.row_edges]
        else:
            cols = [mapped(0.0, e)[0] for e in table.row_edges]
            rows = [mapped(e, 0.0)[1] for e in table.col_edges]
        out.append(VectorTable(sorted(rows), sorted(cols), cells, header_rows=0))
    return out


def _table_box(table: VectorTable) -> tuple[float, float, float, float]:
    return (table.col_edges[0], table.row_edges[0], table.col_edges[-1], table.row_edges[-1])


def _inside(box: tuple[float, float, float, float], area: tuple[float, ...]) -> bool:
    """The centre of ``box`` lies in ``area``."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return area[0] <= cx <= area[2] and area[1] <= cy <= area[3]
