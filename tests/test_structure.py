"""Markdown and DOCX of forms and receipts: key–value rows and item tables as tables."""

from __future__ import annotations

import io

import docx

from docparse.evaluation.synth import synthesize
from docparse.formats import docx_format, markdown
from docparse.formats.structure import is_form
from docparse.model import Document, Page, Word
from docparse.reading_order import build_blocks


def _document(words: list[Word], width: int, height: int) -> Document:
    page = Page(index=0, width=width, height=height, source="ocr", blocks=build_blocks(words, 0))
    return Document(source="r.png", sha256="0", page_count=1, engine="test", pages=[page])


def _receipt() -> tuple[Document, dict[str, str]]:
    doc = synthesize("receipt", 3)
    words = [Word(text=w.text, box=w.box, engine="truth") for w in doc.words]
    return _document(words, doc.width, doc.height), doc.facts


def test_a_receipt_in_markdown_shows_its_totals_and_items_as_tables() -> None:
    document, facts = _receipt()
    assert is_form(document.pages[0])
    text = markdown.render(document)
    assert f"| {facts['total']} |" in text  # the total is a table cell beside its label
    rows = [line for line in text.splitlines() if line.startswith("| 부가세 |")]
    assert rows == [f"| 부가세 | {facts['vat']} |"]
    heading = next(line for line in text.splitlines() if line.startswith("| 상품명 |"))
    assert heading.count("|") >= 4  # item name, quantity, amount (and unit price)


def test_prose_stays_paragraphs() -> None:
    doc = synthesize("document", 2)
    words = [Word(text=w.text, box=w.box, engine="truth") for w in doc.words]
    document = _document(words, doc.width, doc.height)
    assert not is_form(document.pages[0])
    assert "|---" not in markdown.render(document)


def test_a_receipt_in_docx_has_tables() -> None:
    document, facts = _receipt()
    word = docx.Document(io.BytesIO(docx_format.render_bytes(document)))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert word.tables and facts["total"] in cells and "부가세" in cells
