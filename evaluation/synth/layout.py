"""Lays out document content (rows, paragraphs, tables, columns) as words placed in points.

The content generators describe *what* is on a page with the blocks below; :func:`lay_out`
decides *where*: every word becomes a :class:`Run` (font, size, pen position and baseline in
points) and every printed line becomes a :class:`Stroke`. Renderers draw runs and strokes.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from docparse.io.fonts import Family, advance

Align = Literal["left", "center", "right"]
_ANCHOR: dict[Align, float] = {"left": 0.0, "center": 0.5, "right": 1.0}
# Hangul stands about 0.8 em above the baseline and 0.1 em below it: a baseline 0.85 em
# below the top of an em box centred in a line (or table cell) centres the text in it.
_BASELINE_EM = 0.85
# The smallest clearance kept between two cells of a row.
_CELL_GAP_EM = 0.8
# Dashed strokes, in points: ink, then gap.
DASH = (3.0, 2.0)
# NanumBarunGothic's space is 0.224 em: too narrow to tell words apart in a scan.
_MIN_SPACE_EM = 0.27


class Overflow(ValueError):
    """The content does not fit on its page."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cell(_Model):
    text: str
    align: Align = "left"
    category: str = "other"
    is_key: bool = False


class Row(_Model):
    """One line of cells, each anchored at a fraction of the frame width (receipt lines)."""

    type: Literal["row"] = "row"
    cells: list[Cell]
    at: list[float] = Field(description="anchor of each cell, 0..1 of the frame width")
    scale: float = 1.0
    bold: bool = False

    @model_validator(mode="after")
    def _one_anchor_per_cell(self) -> Row:
        if len(self.at) != len(self.cells):
            raise ValueError("a row needs one anchor per cell")
        return self


class Paragraph(_Model):
    """Text wrapped at spaces to the frame width."""

    type: Literal["paragraph"] = "paragraph"
    text: str
    scale: float = 1.0
    bold: bool = False
    align: Align = "left"
    justify: bool = False
    category: str = "text"


class Table(_Model):
    """A ruled grid; the first ``header_rows`` rows are bold."""

    type: Literal["table"] = "table"
    widths: list[float] = Field(description="column widths, fractions of the frame width")
    rows: list[list[Cell]]
    header_rows: int = 1

    @model_validator(mode="after")
    def _rectangular(self) -> Table:
        if any(len(row) != len(self.widths) for row in self.rows):
            raise ValueError("every table row needs one cell per column")
        return self


class Rule(_Model):
    type: Literal["rule"] = "rule"
    dashed: bool = False
    weight: float = Field(default=0.6, description="points")


class Gap(_Model):
    type: Literal["gap"] = "gap"
    lines: float = 1.0


class Columns(_Model):
    """Side-by-side columns of equal width, read one after the other."""

    type: Literal["columns"] = "columns"
    columns: list[list[Block]]
    gap: float = Field(default=24.0, description="points between columns")


class Flow(_Model):
    """Paragraphs flowing through side-by-side columns of equal height, as in a newspaper."""

    type: Literal["flow"] = "flow"
    blocks: list[Paragraph | Gap]
    columns: int = Field(default=2, ge=2)
    gap: float = Field(default=24.0, description="points between columns")


Block = Annotated[
    Row | Paragraph | Table | Rule | Gap | Columns | Flow, Field(discriminator="type")
]


class PageSpec(_Model):
    width: float = Field(gt=0, description="points")
    height: float | None = Field(default=None, description="points; None: as tall as the content")
    margin: float = Field(default=36.0, description="points")
    family: Family = "gothic"
    size: float = Field(default=10.0, description="base font size in points")
    spacing: float = Field(default=1.45, description="line height as a multiple of the size")


class Run(_Model):
    """One word placed on the page, in points."""

    text: str
    family: Family
    bold: bool
    size: float
    x: float = Field(description="pen position at the start of the word")
    baseline: float
    width: float = Field(description="advance width")
    line: int
    category: str
    is_key: bool


class Stroke(_Model):
    x0: float
    y0: float
    x1: float
    y1: float
    weight: float
    dashed: bool = False


class Layout(_Model):
    width: float
    height: float
    runs: list[Run]
    strokes: list[Stroke]


class _Cursor:
    """Mutable state while laying out: the next line index and the runs and strokes so far."""

    def __init__(self, page: PageSpec) -> None:
        self.page = page
        self.line = 0
        self.runs: list[Run] = []
        self.strokes: list[Stroke] = []
        self.extents: list[tuple[float, float]] = []
        self._line_start = 0

    def end_line(self, top: float, bottom: float) -> None:
        """Records the line's vertical extent and starts the next, unless this one is empty."""
        if len(self.runs) > self._line_start:
            self.extents.append((top, bottom))
            self.line += 1
            self._line_start = len(self.runs)

    def measure(self, text: str, bold: bool, size: float) -> float:
        return advance(self.page.family, bold, text, size)

    def space(self, bold: bool, size: float) -> float:
        """The gap between words: the font's space, widened where it would look like none."""
        return max(self.measure(" ", bold, size), _MIN_SPACE_EM * size)

    def place(
        self,
        text: str,
        bold: bool,
        size: float,
        x: float,
        baseline: float,
        category: str,
        is_key: bool = False,
    ) -> None:
        """Places each space-separated word of ``text`` from pen position ``x``."""
        space = self.space(bold, size)
        for word in text.split():
            width = self.measure(word, bold, size)
            self.runs.append(
                Run(
                    text=word,
                    family=self.page.family,
                    bold=bold,
                    size=size,
                    x=x,
                    baseline=baseline,
                    width=width,
                    line=self.line,
                    category=category,
                    is_key=is_key,
                )
            )
            x += width + space


def lay_out(page: PageSpec, blocks: list[Block]) -> Layout:
    cursor = _Cursor(page)
    inner = page.width - 2 * page.margin
    bottom = _blocks(cursor, blocks, page.margin, inner, page.margin)
    height = page.height if page.height is not None else bottom + page.margin
    if bottom > height - page.margin / 2:
        raise Overflow(f"content is {bottom:.0f} pt tall and overflows a {height:.0f} pt page")
    return Layout(
        width=page.width,
        height=height,
        runs=cursor.runs,
        strokes=cursor.strokes,
    )


def _blocks(cursor: _Cursor, blocks: Sequence[Block], x: float, width: float, y: float) -> float:
    for block in blocks:
        match block:
            case Row():
                y = _row(cursor, block, x, width, y)
            case Paragraph():
                y = _paragraph(cursor, block, x, width, y)
            case Table():
                y = _table(cursor, block, x, width, y)
            case Rule():
                y = _rule(cursor, block, x, width, y)
            case Gap():
                y += block.lines * cursor.page.size * cursor.page.spacing
            case Columns():
                y = _columns(cursor, block, x, width, y)
            case Flow():
                y = _flow(cursor, block, x, width, y)
    return y


def _row(cursor: _Cursor, row: Row, x: float, width: float, y: float) -> float:
    size = cursor.page.size * row.scale
    widths = [cursor.measure(cell.text, row.bold, size) for cell in row.cells]
    size *= _fit(row, widths, width, cursor.page.size * _CELL_GAP_EM)
    height = size * cursor.page.spacing
    for cell, at in zip(row.cells, row.at, strict=True):
        pen = x + at * width - _ANCHOR[cell.align] * cursor.measure(cell.text, row.bold, size)
        baseline = _baseline(y, height, size)
        cursor.place(cell.text, row.bold, size, pen, baseline, cell.category, cell.is_key)
    cursor.end_line(y, y + height)
    return y + height


def _baseline(top: float, height: float, size: float) -> float:
    """The baseline that centres text of ``size`` in a box ``height`` tall from ``top``."""
    return top + (height - size) / 2 + size * _BASELINE_EM


def _fit(row: Row, widths: list[float], frame: float, gap: float) -> float:
    """The largest scale ≤ 1 at which the row's cells stay inside the frame and apart."""
    scale = 1.0
    spans = [
        (at * frame, _ANCHOR[cell.align] * w, (1 - _ANCHOR[cell.align]) * w)
        for cell, at, w in zip(row.cells, row.at, widths, strict=True)
    ]
    for anchor, before, after in spans:
        if before > 0:
            scale = min(scale, anchor / before)
        if after > 0:
            scale = min(scale, (frame - anchor) / after)
    for (left, _, reach), (right, back, _) in pairwise(spans):
        if reach + back > 0:
            scale = min(scale, (right - left - gap) / (reach + back))
    if scale <= 0:
        raise ValueError(f"row cells are out of order: {[c.text for c in row.cells]}")
    return scale


def _paragraph(cursor: _Cursor, para: Paragraph, x: float, width: float, y: float) -> float:
    size = cursor.page.size * para.scale
    space = cursor.space(para.bold, size)
    lines: list[list[tuple[str, float]]] = [[]]
    used = 0.0
    for word in para.text.split():
        w = cursor.measure(word, para.bold, size)
        if lines[-1] and used + space + w > width:
            lines.append([])
            used = 0.0
        used += (space if lines[-1] else 0.0) + w
        lines[-1].append((word, w))
    height = size * cursor.page.spacing
    for index, line in enumerate(lines):
        natural = sum(w for _, w in line) + space * (len(line) - 1)
        gap = space
        if para.justify and index < len(lines) - 1 and len(line) > 1:
            gap = (width - natural + space * (len(line) - 1)) / (len(line) - 1)
            natural = width
        pen = x + _ANCHOR[para.align] * (width - natural)
        for word, w in line:
            cursor.place(word, para.bold, size, pen, _baseline(y, height, size), para.category)
            pen += w + gap
        cursor.end_line(y, y + height)
        y += height
    return y


def _table(cursor: _Cursor, table: Table, x: float, width: float, y: float) -> float:
    page = cursor.page
    pad = page.size * 0.5
    height = page.size * page.spacing * 1.3
    edges = [x]
    for fraction in table.widths:
        edges.append(edges[-1] + fraction * width)
    top = y
    for index, row in enumerate(table.rows):
        bold = index < table.header_rows
        for cell, (left, right) in zip(row, pairwise(edges), strict=True):
            size = page.size
            room = right - left - 2 * pad
            text_width = cursor.measure(cell.text, bold, size)
            if text_width > room:
                size *= room / text_width
                text_width = room
            pen = left + pad + _ANCHOR[cell.align] * (room - text_width)
            baseline = _baseline(y, height, size)
            cursor.place(cell.text, bold, size, pen, baseline, cell.category, cell.is_key)
        cursor.end_line(y, y + height)
        y += height
        weight = 1.0 if index + 1 == table.header_rows else 0.5
        cursor.strokes.append(Stroke(x0=x, y0=y, x1=x + width, y1=y, weight=weight))
    cursor.strokes.append(Stroke(x0=x, y0=top, x1=x + width, y1=top, weight=1.0))
    cursor.strokes.extend(Stroke(x0=e, y0=top, x1=e, y1=y, weight=0.5) for e in edges)
    return y


def _rule(cursor: _Cursor, rule: Rule, x: float, width: float, y: float) -> float:
    step = cursor.page.size * 0.8
    middle = y + step / 2
    cursor.strokes.append(
        Stroke(x0=x, y0=middle, x1=x + width, y1=middle, weight=rule.weight, dashed=rule.dashed)
    )
    return y + step


def _columns(cursor: _Cursor, columns: Columns, x: float, width: float, y: float) -> float:
    count = len(columns.columns)
    column_width = (width - columns.gap * (count - 1)) / count
    bottoms = [
        _blocks(cursor, blocks, x + i * (column_width + columns.gap), column_width, y)
        for i, blocks in enumerate(columns.columns)
    ]
    return max(bottoms)


def _flow(cursor: _Cursor, flow: Flow, x: float, width: float, y: float) -> float:
    """Lays the blocks out in one column, then moves whole lines up into the next columns."""
    column_width = (width - flow.gap * (flow.columns - 1)) / flow.columns
    first_run, first_line = len(cursor.runs), cursor.line
    target = (_blocks(cursor, flow.blocks, x, column_width, y) - y) / flow.columns
    placements: list[tuple[int, float]] = []  # per line: its column, how far it moves up
    column, column_top = 0, y
    for top, bottom in cursor.extents[first_line:]:
        if placements and column < flow.columns - 1 and bottom - column_top > target:
            column, column_top = column + 1, top
        placements.append((column, column_top - y))
    heights = [0.0] * flow.columns
    for line, (column, lift) in enumerate(placements, start=first_line):
        top, bottom = cursor.extents[line]
        cursor.extents[line] = (top - lift, bottom - lift)
        heights[column] = max(heights[column], bottom - lift - y)
    for index in range(first_run, len(cursor.runs)):
        run = cursor.runs[index]
        column, lift = placements[run.line - first_line]
        shift = column * (column_width + flow.gap)
        cursor.runs[index] = run.model_copy(
            update={"x": run.x + shift, "baseline": run.baseline - lift}
        )
    return y + max(heights)


Columns.model_rebuild()
