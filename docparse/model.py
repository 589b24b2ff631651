"""The typed document model: Document → pages → blocks → lines → words.

Coordinates are pixels in the page's own space (``Page.width`` × ``Page.height``): the
original image for image inputs, the page rasterised at ``Page.dpi`` for PDFs. Boxes are
``[x0, y0, x1, y1]`` with x0 ≤ x1 and y0 ≤ y1.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_serializer,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = "1.2"
"""1.1: pages record ``rotation_applied``, ``deskew_applied`` and ``error``; words on turned pages
carry quads. 1.2: blocks have a ``kind``; table blocks carry a ``table`` (older JSON reads as
text blocks)."""

Box = Annotated[tuple[float, float, float, float], Field(description="[x0, y0, x1, y1] in pixels")]
Point = tuple[float, float]
Quad = Annotated[tuple[Point, Point, Point, Point], Field(description="4 corner points")]
WordSource = Literal["text_layer", "ocr", "none"]  # none: the page could not be read
BlockKind = Literal["text", "table"]


def union_box(boxes: Iterable[Sequence[float]]) -> Box:
    """The smallest box holding every box given (at least one)."""
    xs0, ys0, xs1, ys1 = zip(*boxes, strict=True)
    return (min(xs0), min(ys0), max(xs1), max(ys1))


def normalize_box(box: Sequence[float]) -> Box:
    """Orders the corners so that x0 ≤ x1 and y0 ≤ y1."""
    x0, y0, x1, y1 = (float(v) for v in box)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def scale_box(box: Sequence[float], fx: float, fy: float | None = None) -> Box:
    """Multiplies x by ``fx`` and y by ``fy`` (default: ``fx``)."""
    fy = fx if fy is None else fy
    x0, y0, x1, y1 = box
    return (x0 * fx, y0 * fy, x1 * fx, y1 * fy)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Word(_Model):
    text: str = Field(description="Unicode NFC text of the word")
    box: Box
    quad: Quad | None = Field(default=None, description="4-point polygon when the engine gives one")
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    engine: str = Field(description="name of the engine (or 'text_layer') that produced it")

    @field_validator("text")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return unicodedata.normalize("NFC", value)

    @field_validator("box")
    @classmethod
    def _ordered(cls, value: Box) -> Box:
        return normalize_box(value)

    def scaled(self, fx: float, fy: float | None = None) -> Word:
        """The same word with x multiplied by ``fx`` and y by ``fy`` (default: ``fx``)."""
        fy = fx if fy is None else fy
        quad = None
        if self.quad is not None:
            quad = tuple((x * fx, y * fy) for x, y in self.quad)
        return self.model_copy(update={"box": scale_box(self.box, fx, fy), "quad": quad})

    def shifted(self, dx: float, dy: float) -> Word:
        """The same word moved by (``dx``, ``dy``)."""
        x0, y0, x1, y1 = self.box
        quad = None
        if self.quad is not None:
            quad = tuple((x + dx, y + dy) for x, y in self.quad)
        return self.model_copy(update={"box": (x0 + dx, y0 + dy, x1 + dx, y1 + dy), "quad": quad})


class Line(_Model):
    words: list[Word]
    box: Box

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @classmethod
    def of(cls, words: list[Word]) -> Line:
        return cls(words=words, box=union_box(w.box for w in words))


# Tables: a grid of rows × columns whose cells hold words. A cell sits at ``row``/``col``
# (0-based, its top-left grid slot) and covers ``row_span`` × ``col_span`` slots; every slot
# belongs to exactly one cell. The first ``header_rows`` rows are the table's header.

TableMethod = Literal["pdf", "rulings", "alignment"]


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


class Block(_Model):
    id: str = Field(description="stable id within the document, e.g. 'p1-b3'")
    lines: list[Line] = Field(description="its lines; a table's rows, one line per row")
    box: Box
    column: int = Field(default=0, description="0-based column index on its page")
    kind: BlockKind = Field(default="text", description="'table' blocks carry ``table``")
    table: Table | None = Field(default=None, description="the grid of a 'table' block")

    @model_validator(mode="after")
    def _table_iff_kind(self) -> Block:
        if (self.kind == "table") != (self.table is not None):
            raise ValueError("a block has a table exactly when its kind is 'table'")
        return self

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def words(self) -> Iterator[Word]:
        for line in self.lines:
            yield from line.words


class Page(_Model):
    index: int = Field(ge=0, description="0-based page index in the source")
    width: int = Field(gt=0, description="width in pixels of the page space the boxes refer to")
    height: int = Field(gt=0, description="height in pixels of the page space")
    dpi: float | None = Field(default=None, description="pixels per inch when from a PDF")
    source: WordSource
    blocks: list[Block] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    raw_output: str | None = Field(default=None, description="the engine's raw text (--keep-raw)")
    rotation_applied: Literal[0, 90, 180, 270] = Field(
        default=0,
        description="degrees the page image was turned counter-clockwise to read it upright "
        "(boxes stay in the page as given; words then carry quads)",
    )
    deskew_applied: float = Field(
        default=0.0,
        description="further degrees the upright image was turned counter-clockwise to level "
        "its text lines (0: not turned)",
    )
    error: str | None = Field(
        default=None,
        description="why this page could not be read (then source is 'none' and it has no "
        "blocks); the document's other pages are still there",
    )

    @property
    def number(self) -> int:
        """1-based page number, as people count."""
        return self.index + 1

    def numbered_warnings(self) -> list[str]:
        """Its warnings, each beginning ``page N: `` once: the loader's name their page, an
        engine's do not (told alone, the page was lost; prefixed again, it was said twice)."""
        head = f"page {self.number}: "
        return [
            warning if warning.startswith(head) else head + warning for warning in self.warnings
        ]

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)

    def words(self) -> Iterator[Word]:
        for block in self.blocks:
            yield from block.words()

    def lines(self) -> Iterator[Line]:
        for block in self.blocks:
            yield from block.lines

    def tables(self) -> list[Table]:
        """The page's tables in reading order."""
        return [block.table for block in self.blocks if block.table is not None]

    def box_to_pdf_points(self, box: Sequence[float]) -> Box:
        """Converts a pixel box to PDF points (1/72 inch); needs ``dpi``."""
        if self.dpi is None:
            raise ValueError("this page did not come from a PDF: it has no DPI")
        return scale_box(box, 72.0 / self.dpi)


class Document(_Model):
    schema_version: str = SCHEMA_VERSION
    source: str = Field(description="path of the input file")
    sha256: str
    page_count: int = Field(ge=0, description="pages in the source, not only those processed")
    engine: str
    pages: list[Page] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")
    warnings: list[str] = Field(default_factory=list)
    _source_password: str | None = PrivateAttr(default=None)

    @property
    def source_password(self) -> str | None:
        """The password the source was opened with (an encrypted PDF's), kept in memory only
        (never written out, copied with the Document) so that the outputs that read the
        source again (searchable PDF, page images) can open it."""
        return self._source_password

    def opened_with(self, password: str | None) -> Document:
        """This Document, remembering the password its source was opened with."""
        self._source_password = password
        return self

    @field_serializer("source")
    def _printable_source(self, source: str) -> str:
        """File names that are not UTF-8 (undecodable bytes kept by Python as surrogate
        escapes) are written with their bytes as ``\\xNN``, so the JSON stays valid."""
        return source.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)

    def words(self) -> Iterator[Word]:
        for page in self.pages:
            yield from page.words()

    def to_json(self, indent: int | None = 2) -> str:
        """The whole model as JSON, non-ASCII text left readable; ``indent=None`` gives one
        compact line. Markdown, DOCX and the other formats: ``docparse.formats``."""
        return self.model_dump_json(indent=indent)

    def to_text(self) -> str:
        """Plain text: each line on its own line, a blank line between blocks, a form feed
        between pages."""
        return "\f".join(f"{page.text}\n" if page.text else "" for page in self.pages)


def json_schema() -> dict:
    """The JSON Schema of :class:`Document`."""
    return Document.model_json_schema()
