"""Tables in the document model: a grid of rows × columns whose cells hold words.

A cell sits at ``row``/``col`` (0-based, its top-left grid slot) and covers ``row_span`` ×
``col_span`` slots; every slot of the grid belongs to exactly one cell. The first
``header_rows`` rows are the table's header. Boxes are page pixels, as everywhere in the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:  # docparse.model imports this module and resolves these names (rebuild)
    from docparse.model import Box, Word

TableMethod = Literal["pdf", "rulings", "alignment"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TableCell(_Model):
    row: int = Field(ge=0, description="0-based index of the cell's first row")
    col: int = Field(ge=0, description="0-based index of the cell's first column")
    row_span: int = Field(default=1, ge=1)
    col_span: int = Field(default=1, ge=1)
    box: Box
    words: list[Word] = Field(default_factory=list, description="its words in reading order")
    header: bool = Field(default=False, description="the cell lies in the header rows")

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


class Table(_Model):
    rows: int = Field(ge=1)
    cols: int = Field(ge=1)
    header_rows: int = Field(default=0, ge=0, description="how many first rows are header")
    cells: list[TableCell] = Field(description="row by row, left to right")
    method: TableMethod = Field(
        description="how it was found: 'pdf' (the PDF's own graphics and text), 'rulings' "
        "(lines drawn on the page image), 'alignment' (words aligned in columns)"
    )

    @model_validator(mode="after")
    def _tiles_the_grid(self) -> Table:
        self.slots()
        return self

    def slots(self) -> list[list[TableCell]]:
        """The grid: ``slots()[r][c]`` is the cell covering row ``r``, column ``c``."""
        grid: list[list[TableCell | None]] = [[None] * self.cols for _ in range(self.rows)]
        for cell in self.cells:
            if cell.row + cell.row_span > self.rows or cell.col + cell.col_span > self.cols:
                raise ValueError(f"cell at row {cell.row}, column {cell.col} leaves the grid")
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    if grid[r][c] is not None:
                        raise ValueError(f"two cells cover row {r}, column {c}")
                    grid[r][c] = cell
        if any(slot is None for row in grid for slot in row):
            raise ValueError("some grid slots belong to no cell")
        return grid  # type: ignore[return-value]

    def text_grid(self) -> list[list[str]]:
        """Each slot's text; a spanning cell's text in its first slot, the others empty."""
        return [
            [cell.text if (cell.row, cell.col) == (r, c) else "" for c, cell in enumerate(row)]
            for r, row in enumerate(self.slots())
        ]

    @property
    def has_spans(self) -> bool:
        return any(cell.row_span > 1 or cell.col_span > 1 for cell in self.cells)
