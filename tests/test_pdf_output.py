"""The searchable PDF: original pages, an invisible text layer on each word's box."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from handmade import INVOICE, TWO_COLUMN, block, document, line, page, receipt_document

import docparse
from docparse.errors import InputError
from docparse.formats.pdf_format import NOMINAL_DPI
from docparse.formats.registry import FORMATS
from docparse.model import Document

PDF = FORMATS["pdf"]


def _written(doc: Document, tmp_path: Path) -> pymupdf.Document:
    path = tmp_path / "out.pdf"
    PDF.write(doc, path)
    return pymupdf.open(path)


def _assert_words_on_boxes(pdf_page: pymupdf.Page, doc_page, pixels_per_point: float) -> None:
    """Each word comes back, in order, across its box's width and within its line."""
    found = pdf_page.get_text("words", sort=False)
    assert [w[4] for w in found] == [word.text for word in doc_page.words()]
    for (x0, y0, x1, y1, *_), word in zip(found, doc_page.words(), strict=True):
        assert x0 * pixels_per_point == pytest.approx(word.box[0], abs=1.0)
        assert x1 * pixels_per_point == pytest.approx(word.box[2], abs=1.0)
        middle = (y0 + y1) / 2 * pixels_per_point
        assert word.box[1] < middle < word.box[3]


def test_image_input_becomes_a_page_with_its_words_searchable(tmp_path: Path) -> None:
    doc = receipt_document()
    out = _written(doc, tmp_path)
    assert out.page_count == 1
    pdf_page = out[0]
    scale = 72.0 / NOMINAL_DPI
    assert pdf_page.rect.width == pytest.approx(506 * scale)
    assert pdf_page.rect.height == pytest.approx(960 * scale)
    assert len(pdf_page.get_images()) == 1
    _assert_words_on_boxes(pdf_page, doc.pages[0], 1 / scale)
    hits = pdf_page.search_for("합계")
    assert len(hits) == 1
    assert hits[0].x0 / scale == pytest.approx(60, abs=1.0)
    assert pdf_page.get_text().split() == doc.text.split()
    assert any("NanumGothic" in font[3] for font in pdf_page.get_fonts())


def test_text_layer_is_invisible(tmp_path: Path) -> None:
    doc = receipt_document()
    bare = doc.model_copy(update={"pages": [doc.pages[0].model_copy(update={"blocks": []})]})
    with_text = _written(doc, tmp_path)[0]
    (tmp_path / "bare").mkdir()
    without_text = _written(bare, tmp_path / "bare")[0]
    assert with_text.get_text().strip() and not without_text.get_text().strip()
    assert with_text.get_pixmap().samples == without_text.get_pixmap().samples


def test_pdf_scan_keeps_its_page_and_gets_words_at_its_dpi(tmp_path: Path) -> None:
    dpi = 150.0
    doc = document(
        INVOICE,
        page(
            0,
            1240,
            1754,
            block("p1-b1", line(("거래명세서", (400, 100, 700, 160), 0.9))),
            block("p1-b2", line(("INVOICE", (420, 180, 680, 220), 0.8))),
            dpi=dpi,
        ),
    )
    out = _written(doc, tmp_path)
    original = pymupdf.open(INVOICE)
    assert out[0].rect == original[0].rect
    assert out[0].get_images()[0][2:4] == original[0].get_images()[0][2:4]  # same picture
    _assert_words_on_boxes(out[0], doc.pages[0], dpi / 72.0)
    assert out[0].search_for("거래명세서")


def test_born_digital_page_passes_through_unchanged(tmp_path: Path) -> None:
    doc = docparse.parse(TWO_COLUMN, engine="tesseract")
    assert doc.pages[0].source == "text_layer"
    out = _written(doc, tmp_path)
    original = pymupdf.open(TWO_COLUMN)
    assert out[0].get_text("words") == original[0].get_text("words")
    assert out[0].search_for("오른쪽")


def test_refuses_a_source_that_changed(tmp_path: Path) -> None:
    copy = tmp_path / "receipt.png"
    copy.write_bytes(Path(receipt_document().source).read_bytes())
    doc = receipt_document().model_copy(update={"source": str(copy)})
    copy.write_bytes(copy.read_bytes() + b"\0")
    with pytest.raises(InputError, match="changed since it was parsed"):
        PDF.write(doc, tmp_path / "out.pdf")


def test_text_is_written_as_textwriter_append_writes_it() -> None:
    """The text layer's fast path (no bounding box after each word) writes the same page
    content as ``TextWriter.append``, and measures words as ``Font.text_length`` does."""
    from docparse.formats.pdf_format import _font, _natural_width, _show, _space_font

    font, advances = _font(), {}
    texts = ["합계", "12,000원", "TOTAL", "가나다라 abc", "₩"]
    for text in texts:
        assert _natural_width(font, text, advances) == font.text_length(text, fontsize=1)
    contents = []
    for fast in (False, True):
        out = pymupdf.open()
        pdf_page = out.new_page(width=300, height=200)
        writer = pymupdf.TextWriter(pdf_page.rect)
        flip = pymupdf.mupdf.FzMatrix(*writer.ictm)
        for k, text in enumerate(texts):
            at, size = (10.5 + 37.25 * k, 20.125 + 31.5 * k), 7.3 + k
            for shown, pen in ((text, font), (" ", _space_font())):
                if fast:
                    _show(writer, flip, *at, shown, pen, size)
                else:
                    writer.append(at, shown, font=pen, fontsize=size)
        writer.write_text(pdf_page, render_mode=3)
        contents.append(pdf_page.read_contents())
    assert contents[0] == contents[1]
    assert b" Tj" in contents[0] or b"TJ" in contents[0]
