"""The searchable PDF: original pages, an invisible text layer on each word's box."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest
from handmade import INVOICE, TWO_COLUMN, block, document, line, page, receipt_document
from PIL import Image

import docparse
from docparse.errors import InputError
from docparse.formats.pdf_format import NOMINAL_DPI
from docparse.formats.registry import FORMATS
from docparse.model import Document, Line, Page

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


def test_text_the_page_shows_already_is_not_written_again(tmp_path: Path) -> None:
    # a born-digital page read with --text-layer never or redo got its words again,
    # invisibly: every search found each word twice
    source = pymupdf.open()
    pdf_page = source.new_page(width=400, height=200)
    pdf_page.insert_text((20, 50), "Total 100", fontsize=20)
    pdf_page.insert_text((20, 150), "]üìÜ", fontsize=20)  # a font mapping its glyphs wrong
    source.save(tmp_path / "digital.pdf")
    shown = {w[4]: w[:4] for w in pdf_page.get_text("words")}
    read = [("Total", shown["Total"], 0.9), ("100", shown["100"], 0.9)]
    read_below = [("Enhance", shown["]üìÜ"], 0.9)]  # what the print says there
    read_beside = [("Extra", (250, 30, 320, 55), 0.9)]  # printed as a picture, say
    ocr = page(0, 400, 200, block("p1-b1", line(*read, *read_beside), line(*read_below)))
    out = _written(
        document(tmp_path / "digital.pdf", ocr.model_copy(update={"dpi": 72.0})), tmp_path
    )
    assert len(out[0].search_for("Total")) == 1 and len(out[0].search_for("100")) == 1
    assert len(out[0].search_for("Extra")) == 1 and len(out[0].search_for("Enhance")) == 1


def test_the_sources_metadata_bookmarks_and_page_labels_are_kept(tmp_path: Path) -> None:
    # OCRmyPDF keeps them; the searchable copy had none: no title or author, no outline
    source = pymupdf.open()
    for number in range(1, 4):
        source.new_page().insert_text((72, 72), f"page {number}")
    source.set_metadata(
        {"title": "보고서", "author": "홍길동", "creationDate": "D:20200101000000Z"}
    )
    source.set_toc([[1, "Intro", 1], [1, "Body", 2], [2, "Detail", 3]])
    source.set_page_labels([{"startpage": 0, "prefix": "A-", "style": "D", "firstpagenum": 1}])
    source.save(tmp_path / "report.pdf")
    pages = [Page(index=i, width=595, height=842, dpi=72.0, source="text_layer") for i in (1, 2)]
    out = _written(document(tmp_path / "report.pdf", *pages), tmp_path)  # pages 2 and 3
    assert out.metadata["title"] == "보고서" and out.metadata["author"] == "홍길동"
    assert out.metadata["creationDate"] == "D:20200101000000Z"
    assert out.get_toc() == [[1, "Intro", -1], [1, "Body", 1], [2, "Detail", 2]]
    assert [pdf_page.get_label() for pdf_page in out] == ["A-2", "A-3"]


def test_refuses_a_source_that_changed(tmp_path: Path) -> None:
    copy = tmp_path / "receipt.png"
    copy.write_bytes(Path(receipt_document().source).read_bytes())
    doc = receipt_document().model_copy(update={"source": str(copy)})
    copy.write_bytes(copy.read_bytes() + b"\0")
    with pytest.raises(InputError, match="changed since it was parsed"):
        PDF.write(doc, tmp_path / "out.pdf")


def test_a_jpeg_photo_is_placed_as_it_is_stored(tmp_path: Path) -> None:
    # drawn again as a lossless PNG, a 1.9 MB phone photo made an 18 MB page (OCRmyPDF
    # keeps the JPEG); one turned by its EXIF tag is still drawn upright
    pixels = np.random.default_rng(0).integers(0, 256, (300, 400, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(tmp_path / "photo.jpg", quality=85)
    words = block("p1-b1", line(("합계", (10, 10, 60, 30), 0.9)))
    out = _written(document(tmp_path / "photo.jpg", page(0, 400, 300, words)), tmp_path)
    (image,) = out[0].get_images(full=True)
    assert out.extract_image(image[0])["image"] == (tmp_path / "photo.jpg").read_bytes()
    assert out[0].search_for("합계")
    exif = Image.Exif()
    exif[0x0112] = 6  # turned: the page is the picture turned upright
    Image.fromarray(pixels).save(tmp_path / "turned.jpg", quality=85, exif=exif.tobytes())
    turned = _written(document(tmp_path / "turned.jpg", page(0, 300, 400, words)), tmp_path)
    assert turned[0].rect == pymupdf.Rect(0, 0, 300 * 72 / NOMINAL_DPI, 400 * 72 / NOMINAL_DPI)
    assert turned.extract_image(turned[0].get_images()[0][0])["ext"] == "png"


def test_a_grey_or_bilevel_scan_keeps_its_few_channels(tmp_path: Path) -> None:
    # made RGB to be read, a 99 kB Group 4 TIFF page was placed as RGB: a 407 kB PDF
    ink = np.full((200, 300), 255, dtype=np.uint8)
    ink[50:60, 20:280] = 0
    Image.fromarray(ink).convert("1").save(tmp_path / "fax.tif", compression="group4")
    ink[100:110, 20:280] = 128
    Image.fromarray(ink).save(tmp_path / "grey.png")
    for name, bits in (("fax.tif", 1), ("grey.png", 8)):
        out = _written(document(tmp_path / name, page(0, 300, 200)), tmp_path)
        (image,) = out[0].get_images(full=True)
        components = out.extract_image(image[0])["colorspace"]
        assert (image[4], components) == (bits, 1), name  # bits per component, one channel


def test_text_is_written_as_textwriter_append_writes_it() -> None:
    """The text layer's fast path (no bounding box after each word) writes the same page
    content as ``TextWriter.append``, and measures words as ``Font.text_length`` does."""
    from docparse.formats.pdf_format import _font, _natural_width, _Placement, _show, _space_font

    font, advances = _font(), {}
    texts = ["합계", "12,000원", "TOTAL", "가나다라 abc", "₩"]
    for text in texts:
        assert _natural_width(font, text, advances) == font.text_length(text, fontsize=1)
    contents = []
    for fast in (False, True):
        out = pymupdf.open()
        pdf_page = out.new_page(width=300, height=200)
        writer = pymupdf.TextWriter(pdf_page.rect)
        place = _Placement(pdf_page)
        assert place.undo_writer_shift is None  # an upright page at the origin
        for k, text in enumerate(texts):
            at, size = (10.5 + 37.25 * k, 20.125 + 31.5 * k), 7.3 + k
            for shown, pen in ((text, font), (" ", _space_font())):
                if fast:
                    _show(writer, place, at, (1.0, 0.0), shown, pen, size)
                else:
                    writer.append(at, shown, font=pen, fontsize=size)
        writer.write_text(pdf_page, render_mode=3)
        contents.append(pdf_page.read_contents())
    assert contents[0] == contents[1]
    assert b" Tj" in contents[0] or b"TJ" in contents[0]


def _scan(tmp_path: Path, media: tuple[int, int], rotate: int, crop=None) -> tuple[Path, Page]:
    """A one-page image-only PDF whose MediaBox is ``media`` points, turned by ``/Rotate``
    ``rotate`` and cropped to ``crop`` (PyMuPDF's top-down points), and a page of the
    Document read from it at 144 dpi: two words on one line, in the pixels of the page as
    shown (what docparse renders and reads)."""
    out = pymupdf.open()
    pdf_page = out.new_page(width=media[0], height=media[1])
    if crop is not None:
        pdf_page.set_cropbox(pymupdf.Rect(crop))
    pdf_page.set_rotation(rotate)
    pdf_page.draw_rect(pdf_page.rect * pdf_page.derotation_matrix, color=(0, 0, 0))
    path = tmp_path / f"scan-{media[0]}-{rotate}-{bool(crop)}.pdf"
    out.save(path)
    width, height = round(pdf_page.rect.width * 2), round(pdf_page.rect.height * 2)
    shown = page(
        0,
        width,
        height,
        block(
            "p1-b1",
            line(("계약서", (100, 200, 220, 240), 0.9), ("CONTRACT", (240, 200, 420, 240), 0.9)),
        ),
        dpi=144.0,
    )
    return path, shown


def _shown_words(pdf_page: pymupdf.Page) -> list[tuple[str, pymupdf.Rect]]:
    """The page's words where a viewer shows them (text extraction gives the unturned
    page's points)."""
    turn = pdf_page.rotation_matrix
    return [(w[4], pymupdf.Rect(w[:4]) * turn) for w in pdf_page.get_text("words", sort=False)]


@pytest.mark.parametrize(
    ("media", "rotate", "crop"),
    [
        ((792, 612), 90, None),  # a landscape scan turned to show upright
        ((612, 792), 90, None),  # a portrait page shown sideways
        ((612, 792), 180, None),
        ((612, 792), 270, None),
        ((612, 792), 0, (30, 40, 580, 700)),  # a CropBox away from the MediaBox's corner
        ((612, 792), 90, (30, 40, 580, 700)),
    ],
)
def test_words_sit_where_the_turned_or_cropped_page_shows_them(
    tmp_path: Path, media, rotate: int, crop
) -> None:
    """A scanned PDF page with ``/Rotate`` or a CropBox gets its text where the page is
    shown: before, a turned page's words were written off the page (nothing found) or
    standing across it, a cropped page's a line too low."""
    path, shown = _scan(tmp_path, media, rotate, crop)
    out = _written(document(path, shown), tmp_path)
    words = _shown_words(out[0])
    assert [text for text, _ in words] == ["계약서", "CONTRACT"]
    for (_, rect), word in zip(words, shown.words(), strict=True):
        x0, y0, x1, y1 = (v * 2 for v in rect)  # points to the page's 144-dpi pixels
        assert x0 == pytest.approx(word.box[0], abs=2) and x1 == pytest.approx(word.box[2], abs=2)
        assert word.box[1] - 4 < (y0 + y1) / 2 < word.box[3] + 4
    assert out[0].search_for("계약서 CONTRACT") or out[0].search_for("계약서")
    assert out[0].get_text().split() == ["계약서", "CONTRACT"]


def test_a_word_read_on_a_turned_page_runs_along_its_quad(tmp_path: Path) -> None:
    """A page docparse turned to read (``rotation_applied``) keeps its words in the page's
    pixels as given, each with its quad: the text runs along the quad (down the page for
    a page lying on its side), not squeezed upright into its box."""
    from docparse.model import Word

    path, shown = _scan(tmp_path, (612, 792), 0)
    # a word running down the page: quad corners top-left, top-right, bottom-right, bottom-left
    standing = Word(
        text="CONTRACT",
        box=(300, 100, 340, 400),
        quad=((340, 100), (340, 400), (300, 400), (300, 100)),
        confidence=0.9,
        engine="test",
    )
    turned = shown.model_copy(
        update={"blocks": [block("p1-b1", Line.of([standing]))], "rotation_applied": 90}
    )
    out = _written(document(path, turned), tmp_path)
    ((text, rect),) = _shown_words(out[0])
    assert text == "CONTRACT"
    x0, y0, x1, y1 = (v * 2 for v in rect)
    assert y0 == pytest.approx(100, abs=4) and y1 == pytest.approx(400, abs=4)  # along it
    assert 300 < (x0 + x1) / 2 < 340  # across it: its middle inside the word's box


@pytest.mark.parametrize(("stated", "points_per_pixel"), [(150, 72 / 150), (72, 72 / NOMINAL_DPI)])
def test_an_image_page_is_as_large_as_its_scan_states(
    tmp_path: Path, stated: int, points_per_pixel: float
) -> None:
    """A scan saved at 150 dpi becomes an A4 page (it became one a quarter the size); a
    camera's 72 dpi says nothing of the page, which keeps NOMINAL_DPI."""
    from PIL import Image

    scan = tmp_path / f"scan{stated}.png"
    Image.new("RGB", (1240, 1754), "white").save(scan, dpi=(stated, stated))
    doc = document(
        scan, page(0, 1240, 1754, block("p1-b1", line(("합계", (100, 100, 200, 140), 0.9))))
    )
    out = _written(doc, tmp_path)
    assert out[0].rect.width == pytest.approx(1240 * points_per_pixel, abs=0.5)
    assert out[0].rect.height == pytest.approx(1754 * points_per_pixel, abs=0.5)
    (hit,) = out[0].search_for("합계")
    assert hit.x0 / points_per_pixel == pytest.approx(100, abs=2)
