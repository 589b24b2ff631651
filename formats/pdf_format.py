"""Searchable PDF: the original pages with an invisible text layer, so that search, select
and copy work in Korean and English.

Pages of a PDF source are copied as they are; an image source becomes one page per
image (TIFF frame) of ``pixels × 72 / NOMINAL_DPI`` points. On each OCR page every word is
written in text render mode 3 (invisible) with NanumGothic (subset and embedded; PyMuPDF's
built-in CJK font when Nanum is not installed), sized to span its box's width, on a
baseline shared by its line (the line box's bottom less the font's descender), so that
viewers keep each line together. Born-digital pages (``Page.source == "text_layer"``)
already have their text and are left unchanged. A PDF page that was recognised by OCR loses
its old invisible text (another tool's OCR layer, the one ``--text-layer redo`` replaces)
before the new layer is written, so that search never finds a word twice; its visible text,
images and drawings stay. Only the pages of the Document are written, in its order."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from docparse.errors import InputError
from docparse.formats.page_images import checked_source, image_frames, is_pdf
from docparse.io.fonts import FontsMissing, font_path
from docparse.io.pymupdf_import import pymupdf
from docparse.model import Document, Page

NOMINAL_DPI = 300.0
"""Pixels per inch assumed for image inputs: sets their page size in points."""


def write(doc: Document, path: Path) -> None:
    if not doc.pages:
        raise InputError(f"{doc.source}: no pages to write")
    source = checked_source(doc)
    out = pymupdf.open()
    try:
        scales = _copy_pdf_pages(doc, source, out) if is_pdf(source) else _add_images(doc, out)
        font = _font()
        for pdf_page, page, scale in zip(out, doc.pages, scales, strict=True):
            if page.source == "ocr":
                _remove_invisible_text(pdf_page)
                _add_text_layer(pdf_page, page, font, scale)
        out.subset_fonts()
        out.save(path, garbage=3, deflate=True)
    finally:
        out.close()


def _copy_pdf_pages(doc: Document, source: Path, out: pymupdf.Document) -> list[float]:
    """Copies the Document's pages; returns points per pixel of each."""
    original = pymupdf.open(source, filetype="pdf")
    try:
        for page in doc.pages:
            out.insert_pdf(original, from_page=page.index, to_page=page.index)
    finally:
        original.close()
    return [72.0 / (page.dpi or NOMINAL_DPI) for page in doc.pages]


def _add_images(doc: Document, out: pymupdf.Document) -> list[float]:
    """A page per image frame, showing it losslessly; returns points per pixel of each."""
    scale = 72.0 / NOMINAL_DPI
    for page, frame in image_frames(Path(doc.source), doc.pages):
        pdf_page = out.new_page(width=page.width * scale, height=page.height * scale)
        encoded = io.BytesIO()
        frame.save(encoded, format="PNG")
        pdf_page.insert_image(pdf_page.rect, stream=encoded.getvalue())
    return [scale] * len(doc.pages)


def _remove_invisible_text(pdf_page: pymupdf.Page) -> None:
    """Deletes the text drawn invisibly (render mode 3 or fully transparent) on the page."""
    boxes = [
        span["bbox"]
        for span in pdf_page.get_texttrace()
        if span.get("type") == 3 or span.get("opacity", 1.0) == 0
    ]
    if not boxes:
        return
    rotation = pdf_page.rotation
    pdf_page.set_rotation(0)  # spans and redactions then share the unrotated page space
    for box in boxes:
        pdf_page.add_redact_annot(pymupdf.Rect(box))
    pdf_page.apply_redactions(
        images=pymupdf.PDF_REDACT_IMAGE_NONE, graphics=pymupdf.PDF_REDACT_LINE_ART_NONE
    )
    pdf_page.set_rotation(rotation)


def _font() -> pymupdf.Font:
    try:
        return pymupdf.Font(fontfile=str(font_path("gothic")))
    except FontsMissing:
        return pymupdf.Font("cjk")


def _add_text_layer(pdf_page: pymupdf.Page, page: Page, font: pymupdf.Font, scale: float) -> None:
    writer = pymupdf.TextWriter(pdf_page.rect)
    origin_x, origin_y = pdf_page.rect.x0, pdf_page.rect.y0
    height_per_size = font.ascender - font.descender
    for line in page.lines():
        _, top, _, bottom = (value * scale for value in line.box)
        line_size = (bottom - top) / height_per_size
        baseline = origin_y + bottom + font.descender * line_size
        words = [word for word in line.words if word.text.strip()]
        for i, word in enumerate(words):
            box = word.box
            natural = font.text_length(word.text, fontsize=1)
            width = (box[2] - box[0]) * scale
            size = width / natural if natural > 0 and width > 0 else line_size
            if size <= 0:
                continue
            position = (origin_x + box[0] * scale, baseline)
            writer.append(position, word.text, font=font, fontsize=size)
            if i < len(words) - 1 and line_size > 0:  # a real space, so copied text has one
                space_at = (origin_x + box[2] * scale, baseline)
                writer.append(space_at, " ", font=_space_font(), fontsize=line_size)
    writer.write_text(pdf_page, render_mode=3)


@functools.cache
def _space_font() -> pymupdf.Font:
    """Helvetica, for the spaces between words: the embedded CJK font's space glyph comes
    back as U+00A0 from text extraction (65 of 89 spaces on a receipt), Helvetica's as U+0020."""
    return pymupdf.Font("helv")
