"""Words by the way their text runs: what does not read left to right is read apart.

A PDF's text layer says how each of its lines runs (:func:`docparse.io.pdf.text_layer_words`
gives the words of lines that do not run left to right a quad from the top left of their
text); OCR's words of a line read on its side carry quads too (``ppocr.lines``). Reading
order groups words into rows by their height on the page, so text that runs up or down the
page — a table set sideways on a portrait page, a margin note printed upwards ("jbell on
DSKJLSW7X2PROD with PROPOSALS" down the edge of every Federal Register page, arXiv's stamp)
— came out one word per line, or its words were joined to the body's rows.

A text-layer page is read on the page turned so that most of its characters read left to
right (:func:`main_quarter`; the page's ``rotation_applied``). On the page so read, the
words of every other way (:func:`across_blocks`) are read on the page turned for them, after
the level text, as blocks of their own; words that a table of the page took stay in it,
placed by their cell (a sideways column heading).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from docparse.geometry.transform import PageTransform, corners
from docparse.io.pdf import quarter_of
from docparse.io.pdf_tables import VectorTable
from docparse.model import Block, Word
from docparse.reading_order import build_blocks


def quarter_turn(word: Word) -> int:
    """The clockwise quarter turn (0, 90, 180, 270) of the text of ``word``: along its quad
    from the first corner to the second, 0 when it has none."""
    if word.quad is None:
        return 0
    (x0, y0), (x1, y1) = word.quad[0], word.quad[1]
    return quarter_of((x1 - x0, y1 - y0))


def main_quarter(words: Sequence[Word]) -> int:
    """The :func:`quarter_turn` holding most of the words' characters (ties: the least turn);
    0 for no words."""
    weight: dict[int, int] = defaultdict(int)
    for word in words:
        weight[quarter_turn(word)] += len(word.text)
    return min(weight, key=lambda q: (-weight[q], q)) if weight else 0


def across_blocks(
    words: Sequence[Word], width: int, height: int, page_index: int
) -> tuple[list[Word], list[Block]]:
    """The words that read left to right on a ``width`` × ``height`` page, and blocks of the
    others: those of each way read on the page turned for it (the way with most characters
    first), their boxes back in this page's pixels, ids still to be given."""
    level: list[Word] = []
    others: dict[int, list[Word]] = defaultdict(list)
    for word in words:
        quarter = quarter_turn(word)
        (others[quarter] if quarter else level).append(word)
    blocks: list[Block] = []
    for quarter in sorted(others, key=lambda q: (-sum(len(w.text) for w in others[q]), q)):
        turn = PageTransform(width, height).turned(quarter)
        blocks += turn.blocks_to_original(build_blocks(into(turn, others[quarter]), page_index))
    return level, blocks


def into(transform: PageTransform, words: Sequence[Word]) -> list[Word]:
    """``words`` (in the original page's pixels) on the page as ``transform`` turns it: boxes
    around their mapped corners, and quads (their corners, or their boxes' from the top left)
    where the text does not read left to right there."""
    if transform.is_identity:
        return list(words)  # a text layer's page read as it lies: nothing to map
    out = []
    for word in words:
        mapped = tuple(transform.from_original(corners(word)))
        xs, ys = [x for x, _ in mapped], [y for _, y in mapped]
        box = (min(xs), min(ys), max(xs), max(ys))
        (x0, y0), (x1, y1) = mapped[0], mapped[1]
        quad = mapped if quarter_of((x1 - x0, y1 - y0)) else None
        out.append(word.model_copy(update={"box": box, "quad": quad}))
    return out


def turned_tables(transform: PageTransform, tables: Sequence[VectorTable]) -> list[VectorTable]:
    """``tables`` on the page as ``transform`` (a quarter turn) turns it; their heading rows
    are no longer known there (a row of the turned table was a column)."""
    if transform.quarter_turns == 0:
        return list(tables)
    x_from_x = abs(transform.matrix[0, 0]) > 0.5  # a half turn keeps the axes, a quarter swaps them
    out = []
    for table in tables:
        cells = []
        for x0, y0, x1, y1 in table.cells:
            (ax, ay), (bx, by) = transform.from_original([(x0, y0), (x1, y1)])
            cells.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        along_x = transform.from_original([(e, 0.0) for e in table.col_edges])
        along_y = transform.from_original([(0.0, e) for e in table.row_edges])
        if x_from_x:
            cols, rows = [x for x, _ in along_x], [y for _, y in along_y]
        else:
            cols, rows = [x for x, _ in along_y], [y for _, y in along_x]
        out.append(VectorTable(sorted(rows), sorted(cols), cells, header_rows=0))
    return out
