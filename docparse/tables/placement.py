"""One page's tables found and placed: a table's words leave the text flow and the table
becomes one block, put in reading order before the first block below its top that shares
its columns."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image

from docparse.io.pdf_tables import VectorTable
from docparse.model import Block, Line, Table, Word
from docparse.reading_order import build_blocks
from docparse.tables.alignment import aligned_tables
from docparse.tables.pdf_tables import pdf_tables
from docparse.tables.rulings import ruled_tables

Found = tuple[Table, list[Word]]


def find_tables(
    words: Sequence[Word],
    image: Image.Image | None = None,
    vector: Sequence[VectorTable] | None = None,
) -> list[Found]:
    """Tables of one page: ruled ones (the PDF's own when ``vector`` is given, on born-digital
    pages; else found in ``image``), then borderless ones from the words left."""
    if vector is not None:
        found = pdf_tables(vector, words)
    else:
        found = ruled_tables(image, words) if image is not None else []
    taken = {id(word) for _, table_words in found for word in table_words}
    found += aligned_tables([word for word in words if id(word) not in taken])
    return found


def place_tables(words: Sequence[Word], page_index: int, found: Sequence[Found]) -> list[Block]:
    """The page's blocks in reading order, each table one block of kind 'table'."""
    taken = {id(word) for _, table_words in found for word in table_words}
    blocks = build_blocks([word for word in words if id(word) not in taken], page_index)
    for block in _side_by_side_left_first([table_block(table) for table, _ in found]):
        blocks.insert(_position(blocks, block), block)
    for number, block in enumerate(blocks, start=1):
        block.id = f"p{page_index + 1}-b{number}"
    return blocks


def table_block(table: Table) -> Block:
    """A block holding ``table``; its lines are the table's rows, cells left to right (a
    cell spanning rows is read in its first row)."""
    rows: list[list[Word]] = [[] for _ in range(table.rows)]
    for cell in sorted(table.cells, key=lambda cell: (cell.row, cell.col)):
        rows[cell.row].extend(cell.words)
    return Block(
        id="",
        lines=[Line.of(row) for row in rows if row],
        box=_box(table),
        kind="table",
        table=table,
    )


def _side_by_side_left_first(tables: list[Block]) -> list[Block]:
    """Tables top to bottom; of tables beside one another, the left one first."""
    ordered = sorted(tables, key=lambda block: block.box[1])
    out: list[Block] = []
    for block in ordered:
        at = len(out)
        while at and _beside(out[at - 1], block) and out[at - 1].box[0] > block.box[0]:
            at -= 1
        out.insert(at, block)
    return out


def _beside(a: Block, b: Block) -> bool:
    overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    return overlap > 0.5 * min(a.box[3] - a.box[1], b.box[3] - b.box[1])


def _box(table: Table) -> tuple[float, float, float, float]:
    boxes = [cell.box for cell in table.cells]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _position(blocks: list[Block], table: Block) -> int:
    x0, top, x1, _ = table.box
    for i, block in enumerate(blocks):
        shares_columns = block.box[0] < x1 and block.box[2] > x0
        if shares_columns and block.box[1] >= top:
            return i
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if block.box[0] < x1 and block.box[2] > x0 and block.box[3] <= top:
            return i + 1
    return len(blocks)
