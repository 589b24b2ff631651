"""The structure a form or receipt shows: key–value rows and item tables, from the wide gaps
on its lines.

A line's cells are its runs of words split by a gap as wide as a gutter (the tab of
:func:`docparse.formats.text.line_text`). A page is laid out as a form when a good share of
its lines hold two cells or more (a label and its value, an item's name and its amounts);
then consecutive lines of two cells become a key–value table and lines
of three cells or more a grid (an item table: its heading row first), across blocks. Other
pages, and the single-cell lines of a form, stay paragraphs.

Table blocks (issue 14: ruled, borderless and born-digital tables with cells and spans) are
segments of their own, rendered from their grid; this module only groups the text blocks'
rows that reading order keeps. Pipe tables of both come from ``tables.markdown_grid``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docparse.formats import tables
from docparse.formats.text import line_text
from docparse.model import Line, Page, Table

FORM_SHARE = 0.3
"""A page is a form when at least this share of its lines of two words or more hold two
cells or more. Prose lines never hold a gutter-wide gap; receipts and invoices printed by
the synthetic generator hold them on 60–90% of such lines, real prose pages on none."""
MIN_TABLE_ROWS = 2
"""Fewer rows of one shape stay text."""


@dataclass(frozen=True)
class Segment:
    """A paragraph (its text), a table (its rows of cells, the first row a heading when
    ``heading``) or a table block's grid (``table``)."""

    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    heading: bool = False
    table: Table | None = None

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


def cells(line: Line) -> list[str]:
    return [cell.strip() for cell in line_text(line).split("\t") if cell.strip()]


def is_form(page: Page) -> bool:
    lines = [
        line
        for block in page.blocks
        if block.table is None
        for line in block.lines
        if len(line.words) > 1
    ]
    if not lines:
        return False
    split = sum(len(cells(line)) > 1 for line in lines)
    return split >= FORM_SHARE * len(lines)


def segments(page: Page) -> list[Segment]:
    """A page as paragraphs (one per block) and, on a form page, tables: runs of lines of
    the same shape (two cells; three or more) across blocks, a heading row included."""
    if not is_form(page):
        return [
            Segment(table=block.table)
            if block.table is not None
            else Segment(text=" ".join(line.text for line in block.lines))
            for block in page.blocks
        ]
    out: list[Segment] = []
    run: list[list[str]] = []
    text: list[str] = []

    def flush_run() -> None:
        if len(run) >= MIN_TABLE_ROWS:
            width = max(len(row) for row in run)
            rows = tuple(tuple(row + [""] * (width - len(row))) for row in run)
            out.append(Segment(rows=rows, heading=width > 2))
        else:
            text.extend(" ".join(row) for row in run)
        run.clear()

    def flush_text() -> None:
        if text:
            out.append(Segment(text=" ".join(text)))
            text.clear()

    for block in page.blocks:
        flush_text()  # a paragraph never runs over two blocks
        if block.table is not None:
            flush_run()
            flush_text()
            out.append(Segment(table=block.table))
            continue
        for line in block.lines:
            row = cells(line)
            shape = min(len(row), 3)
            if run and (shape < 2 or min(len(run[-1]), 3) != shape):
                flush_run()
                flush_text()
            if shape >= 2:
                flush_text()
                run.append(row)
            else:
                text.append(" ".join(row))
    flush_run()
    flush_text()
    return out


def markdown_grid(segment: Segment, escape: Callable[[str], str]) -> str:
    """A table segment as a Markdown pipe table; a key–value table gets an empty heading
    row (Markdown tables need one)."""
    return tables.markdown_grid(segment.rows, 1 if segment.heading else 0, escape)
