"""Word documents: a paragraph per block, a page break between pages, Hangul in a Korean font;
on a form or receipt, key–value rows and item tables as Word tables (:mod:`structure`)."""

import io
import re
from os import PathLike
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.shared import Inches

from docparse.formats.structure import segments
from docparse.model import Document, Table

EAST_ASIAN_FONT = "Malgun Gothic"
EAST_ASIAN_LANGUAGE = "ko-KR"

# Control characters XML 1.0 cannot hold (PDF text layers sometimes carry them).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write(doc: Document, path: str | PathLike[str]) -> None:
    _build(doc).save(str(path))


def render_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    _build(doc).save(buffer)
    return buffer.getvalue()


def _build(doc: Document) -> WordDocument:
    out = docx.Document()
    _use_east_asian_font(out)
    _size_pages(out, doc)
    out.core_properties.title = Path(doc.source).name
    for index, page in enumerate(doc.pages):
        if index:
            out.add_page_break()
        for part in segments(page):
            if part.table is not None:
                _add_table(out, part.table)
                continue
            if not part.is_table:
                out.add_paragraph(_NOT_XML.sub("", part.text))
                continue
            table = out.add_table(rows=len(part.rows), cols=len(part.rows[0]))
            table.style = "Table Grid"
            for row, cells in zip(table.rows, part.rows, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = _NOT_XML.sub("", text)
    return out


def _add_table(out: WordDocument, table: Table) -> None:
    """A Word table with the same grid: spanning cells merged, header cells bold."""
    grid = out.add_table(rows=table.rows, cols=table.cols)
    grid.style = "Table Grid"
    for cell in table.cells:
        target = grid.cell(cell.row, cell.col)
        if cell.row_span > 1 or cell.col_span > 1:
            target = target.merge(
                grid.cell(cell.row + cell.row_span - 1, cell.col + cell.col_span - 1)
            )
        run = target.paragraphs[0].add_run(_NOT_XML.sub("", cell.text))
        run.bold = cell.header or None


A4 = (8.27, 11.69)
"""Inches: the paper of Korean (and most) documents, for pages whose size is not known (the
python-docx template's own is US Letter)."""


def _size_pages(out: WordDocument, doc: Document) -> None:
    """The section's paper as large as the first page (its pixels at its DPI, a PDF's), A4
    where the page's DPI is not known (an image); its margins as the template's."""
    section = out.sections[0]
    first = doc.pages[0] if doc.pages else None
    if first is not None and first.dpi:
        width, height = first.width / first.dpi, first.height / first.dpi
    else:
        width, height = A4
    section.page_width, section.page_height = Inches(width), Inches(height)


def _use_east_asian_font(out: WordDocument) -> None:
    """Sets the document-wide East Asian font and language, replacing the theme's."""
    defaults = out.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = defaults.get_or_add_rFonts()
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    defaults.find(qn("w:lang")).set(qn("w:eastAsia"), EAST_ASIAN_LANGUAGE)
    # the theme's language for East Asian text (the template says ja-JP)
    theme_language = out.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:eastAsia"), EAST_ASIAN_LANGUAGE)
