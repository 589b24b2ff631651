"""Searchable PDF: the original pages with an invisible text layer, so that search, select
and copy work in Korean and English.

Pages of a PDF source are copied as they are; an image source becomes one page per
image (TIFF frame) of ``pixels × 72 / dpi`` points, at the resolution a scan's file states
(else ``NOMINAL_DPI``). On each OCR page every word is
written in text render mode 3 (invisible) with NanumGothic (subset and embedded; PyMuPDF's
built-in CJK font when Nanum is not installed), sized to span its box's width, on a
baseline shared by its line (the line box's bottom less the font's descender), so that
viewers keep each line together, where the page shows it (a scanned page's ``/Rotate`` and
CropBox honoured); a word read on a page docparse turned runs along its quad. Born-digital
pages (``Page.source == "text_layer"``) already have their text and are left unchanged. A
PDF page that was recognised by OCR loses its old invisible text (another tool's OCR layer,
the one ``--text-layer redo`` replaces) before the new layer is written, and a word the
page shows as text where it was read (a born-digital page read with ``never`` or ``redo``)
is not written again, so that search never finds a word twice; its visible text, images
and drawings stay. Only the pages of the
Document are written, in its order."""

from __future__ import annotations

import contextlib
import functools
import io
import math
import unicodedata
from pathlib import Path

from PIL import Image, ImageChops, ImageSequence

from docparse.errors import InputError
from docparse.formats.page_images import checked_source, image_frames, is_pdf
from docparse.io import images, pdf
from docparse.io.fonts import FontsMissing, font_path
from docparse.io.pymupdf_import import pymupdf
from docparse.model import Document, Page

NOMINAL_DPI = 300.0
"""Pixels per inch assumed for image inputs that state no scanner's resolution: sets their
page size in points."""


def write(doc: Document, path: Path) -> None:
    if not doc.pages:
        raise InputError("no pages to write")
    source = checked_source(doc)
    out = pymupdf.open()
    try:
        scales = _copy_pdf_pages(doc, source, out) if is_pdf(source) else _add_images(doc, out)
        font, advances = _font(), {}
        for pdf_page, page, scale in zip(out, doc.pages, scales, strict=True):
            if page.source == "ocr":
                _remove_invisible_text(pdf_page)
                shown = _shown_text(pdf_page)
                _add_text_layer(pdf_page, page, font, scale, advances, shown)
        out.subset_fonts()
        out.save(path, garbage=3, deflate=True, **_encryption(doc.source_password))
    finally:
        out.close()


def _copy_pdf_pages(
    doc: Document, source: Path, out: pymupdf.Document
) -> list[tuple[float, float]]:
    """Copies the Document's pages; returns points per pixel (x, y) of each."""
    original = pdf.open_pdf(source, doc.source_password)
    try:
        for page in doc.pages:
            out.insert_pdf(original, from_page=page.index, to_page=page.index)
        with contextlib.suppress(*pdf.MUPDF_ERRORS):  # a damaged outline: the pages matter
            _keep_document_parts(original, out, [page.index for page in doc.pages])
    finally:
        original.close()
    return [(72.0 / (page.dpi or NOMINAL_DPI),) * 2 for page in doc.pages]


def _keep_document_parts(
    original: pymupdf.Document, out: pymupdf.Document, indices: list[int]
) -> None:
    """What the source says of itself beside its pages, as OCRmyPDF keeps it: its metadata
    (title, author, dates), its bookmarks (to the pages written, in their new places) and its
    page labels ("iv", "A-3"). Inserting pages copies none of these."""
    out.set_metadata(
        {key: value for key, value in original.metadata.items() if key in _METADATA and value}
    )
    place = {index: number for number, index in reversed(list(enumerate(indices, start=1)))}
    bookmarks: list[list[object]] = []
    for level, title, number, *destination in original.get_toc(simple=False):
        target = place.get(number - 1, -1)
        deeper = min(level, bookmarks[-1][0] + 1 if bookmarks else 1)  # type: ignore[operator]
        if target > 0 and destination:
            bookmarks.append([deeper, title, target, {**destination[0], "page": target - 1}])
        else:  # its page not written: the bookmark stays, to no page
            bookmarks.append([deeper, title, target])
    if bookmarks:
        out.set_toc(bookmarks)
    if original.get_page_labels():
        labels = [original[index].get_label() for index in indices]
        out.set_page_labels(
            [
                {"startpage": n, "prefix": label, "style": "", "firstpagenum": 1}
                for n, label in enumerate(labels)
            ]
        )


_METADATA = ("title", "author", "subject", "keywords", "creator", "producer", "creationDate")
_METADATA += ("modDate",)


def _encryption(password: str | None) -> dict[str, object]:
    """An encrypted source's searchable copy is encrypted as well (AES-256), with the
    password it was opened with: reading it must not take its protection off."""
    if password is None:
        return {}
    return {
        "encryption": pymupdf.PDF_ENCRYPT_AES_256,
        "user_pw": password,
        "owner_pw": password,
    }


def _add_images(doc: Document, out: pymupdf.Document) -> list[tuple[float, float]]:
    """A page per image frame, showing it losslessly (a JPEG as it is stored), as large as
    its pixels (made square, a fax's) are at the resolution the file states for a scan
    (``images.stated_dpi``), else at ``NOMINAL_DPI``; returns points per pixel (x, y) of
    each."""
    path = Path(doc.source)
    stated = _stated_dpis(path)
    stored = _stored_jpeg(path)
    scales = []
    for page, frame, (fx, fy) in image_frames(path, doc.pages):
        per_pixel = 72.0 / (stated.get(page.index) or NOMINAL_DPI)
        scale = (per_pixel * fx, per_pixel * fy)
        pdf_page = out.new_page(width=page.width * scale[0], height=page.height * scale[1])
        if stored is None:
            encoded = io.BytesIO()
            _fewest_channels(frame).save(encoded, format="PNG")
            picture = encoded.getvalue()
        else:
            picture = stored
        pdf_page.insert_image(pdf_page.rect, stream=picture, keep_proportion=False)
        scales.append(scale)
    return scales


def _fewest_channels(frame: Image.Image) -> Image.Image:
    """The RGB frame as grey, or black and white, when that is all it holds (a scanner's
    grey or bilevel page, made RGB to be read): the same pixels in a third of the bytes or
    fewer (a 99 kB Group 4 TIFF page made a 407 kB PDF)."""
    red, green, blue = frame.split()
    if ImageChops.difference(red, green).getbbox() or ImageChops.difference(green, blue).getbbox():
        return frame
    colours = red.getcolors(2)
    if colours is not None and {value for _, value in colours} <= {0, 255}:
        return red.convert("1")
    return red


def _stored_jpeg(path: Path) -> bytes | None:
    """The file itself when it is a JPEG that shows the page as it was read (upright as
    stored, square pixels, grey or RGB), to be placed as it is, as OCRmyPDF does: drawn
    again as a lossless PNG, a 1.9 MB phone photo made an 18 MB page. None otherwise."""
    image = images.open_image(path)
    try:
        as_read = (
            image.format == "JPEG"
            and image.mode in ("L", "RGB")
            and image.getexif().get(images.EXIF_ORIENTATION, 1) == 1
            and images.square_factors(image) is None
        )
    finally:
        image.close()
    return path.read_bytes() if as_read else None


def _stated_dpis(path: Path) -> dict[int, float | None]:
    """Frame index → the scan resolution its file states (None: none, or a camera's)."""
    image = images.open_image(path)
    try:
        return {
            n: images.stated_dpi(frame) for n, frame in enumerate(ImageSequence.Iterator(image))
        }
    finally:
        image.close()


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


def _shown_text(pdf_page: pymupdf.Page) -> list[tuple[pymupdf.Rect, str]]:
    """The words the page shows as text (its invisible text gone), where a viewer shows them
    (text extraction gives the unturned page's points), each as :func:`_plain` text."""
    turn = pdf_page.rotation_matrix
    return [
        (pymupdf.Rect(word[:4]) * turn, _plain(word[4]))
        for word in pdf_page.get_text("words", sort=False)
    ]


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _shown_already(box: pymupdf.Rect, text: str, shown: list[tuple[pymupdf.Rect, str]]) -> bool:
    """Whether the page shows ``text`` as text where the word is already (a born-digital page
    read again with ``--text-layer never`` or ``redo``, a line of text stamped on a scan):
    written again, every search would find it twice. A layer that reads otherwise there (a
    font whose characters map wrong) does not count: the word read from the print is kept."""
    middle = (box.y0 + box.y1) / 2
    row = sorted(
        (rect.x0, plain)
        for rect, plain in shown
        if rect.y0 <= middle <= rect.y1 and rect.x0 < box.x1 and box.x0 < rect.x1
    )
    wanted = _plain(text)
    return bool(wanted) and wanted in "".join(plain for _, plain in row)


def _font() -> pymupdf.Font:
    try:
        return pymupdf.Font(fontfile=str(font_path("gothic")))
    except FontsMissing:
        return pymupdf.Font("cjk")


def _add_text_layer(
    pdf_page: pymupdf.Page,
    page: Page,
    font: pymupdf.Font,
    scale: tuple[float, float],
    advances: dict[str, float],
    shown: list[tuple[pymupdf.Rect, str]],
) -> None:
    """The page's words written invisibly, each sized to span its box (``advances``: the
    font's advance of each character met so far, see :func:`_natural_width`; ``scale``:
    points per pixel across and down), but for those the page ``shown`` as text already.
    Words are placed on the page as it is shown: through
    the page's own transformation (its ``/Rotate``, a CropBox away from the MediaBox's
    corner) into the PDF's space, and a word read on a turned page (one with a ``quad``)
    runs along its quad, so that a viewer selects and highlights the text over the print."""
    sx, sy = scale
    writer = pymupdf.TextWriter(pdf_page.rect)
    place = _Placement(pdf_page)
    height_per_size = font.ascender - font.descender
    for line in page.lines():
        top, bottom = line.box[1] * sy, line.box[3] * sy
        line_size = (bottom - top) / height_per_size
        words = [
            word
            for word in line.words
            if word.text.strip()
            and not _shown_already(
                pymupdf.Rect(word.box[0] * sx, top, word.box[2] * sx, bottom), word.text, shown
            )
        ]
        for i, word in enumerate(words):
            natural = _natural_width(font, word.text, advances)
            if word.quad is not None:  # a turned word: its own baseline, along its quad
                (x0, y0), (x1, y1), _, (x3, y3) = ((x * sx, y * sy) for x, y in word.quad)
                width, height = math.hypot(x1 - x0, y1 - y0), math.hypot(x3 - x0, y3 - y0)
                word_size = height / height_per_size
                along = ((x1 - x0) / width, (y1 - y0) / width) if width > 0 else (1.0, 0.0)
                rise = -font.descender * word_size / max(height, 1e-9)  # bottom to baseline
                start = (x3 + rise * (x0 - x3), y3 + rise * (y0 - y3))
                end = (start[0] + along[0] * width, start[1] + along[1] * width)
            else:
                width, word_size = (word.box[2] - word.box[0]) * sx, line_size
                along = (1.0, 0.0)
                baseline = bottom + font.descender * line_size
                start = (word.box[0] * sx, baseline)
                end = (word.box[2] * sx, baseline)
            size = width / natural if natural > 0 and width > 0 else word_size
            if size <= 0:
                continue
            _show(writer, place, start, along, word.text, font, size)
            if i < len(words) - 1 and word_size > 0:  # a real space, so copied text has one
                _show(writer, place, end, along, " ", _space_font(), word_size)
    writer.write_text(pdf_page, render_mode=3, matrix=place.undo_writer_shift)


class _Placement:
    """Points of the page as shown (``pdf_page.rect``, y down) to the PDF's own space, where
    the text is written: ``derotation_matrix`` undoes the page's ``/Rotate``, then the
    inverse of the unturned page's ``transformation_matrix`` its CropBox's offset and the
    turn of the y axis. ``TextWriter.write_text`` moves all it writes by the CropBox's
    position itself (without the rotation, and measured from the top), so that move is
    undone (``undo_writer_shift``) and every point given here is the final one."""

    def __init__(self, pdf_page: pymupdf.Page) -> None:
        rotation = pdf_page.rotation
        pdf_page.set_rotation(0)  # PyMuPDF leaves the CropBox out of a turned page's matrix
        unturned = ~pdf_page.transformation_matrix
        pdf_page.set_rotation(rotation)
        self.to_pdf = pdf_page.derotation_matrix * unturned
        box = pdf_page.cropbox_position
        media = pdf_page.mediabox
        turned = pdf_page.rotation in (90, 270)
        delta = pdf_page.rect.height - pdf_page.rect.width if turned else 0
        shift = (box.x, box.y + media.y0 - delta)
        self.undo_writer_shift = (
            pymupdf.Matrix(1, 0, 0, 1, -shift[0], -shift[1]) if any(shift) else None
        )

    def point(self, x: float, y: float) -> pymupdf.Point:
        return pymupdf.Point(x, y) * self.to_pdf

    def direction(self, dx: float, dy: float) -> tuple[float, float]:
        """A direction on the page as shown, as a unit vector in the PDF's space."""
        m = self.to_pdf
        vx, vy = dx * m.a + dy * m.c, dx * m.b + dy * m.d
        norm = math.hypot(vx, vy) or 1.0
        return vx / norm, vy / norm


def _natural_width(font: pymupdf.Font, text: str, advances: dict[str, float]) -> float:
    """``font.text_length(text, fontsize=1)``: the same sum of the characters' advances, in
    the same order, each advance measured once per document rather than once per word."""
    total = 0.0
    for char in text:
        if char not in advances:
            advances[char] = font.text_length(char, fontsize=1)
        total += advances[char]
    return total


def _show(
    writer: pymupdf.TextWriter,
    place: _Placement,
    start: tuple[float, float],
    along: tuple[float, float],
    text: str,
    font: pymupdf.Font,
    size: float,
) -> None:
    """``text`` added to the writer at ``start`` (page points as shown), running along
    ``along`` — what ``writer.append`` would add, placed in the PDF's own space and turned
    with the page, without what ``append`` computes for its return value: the bounding box
    of all the text written so far, measured again after every word, which makes a page's
    text layer quadratic in its words (11 scanned Korean pages, 6125 words: 2.1 s of CPU,
    almost all of the searchable PDF's writing)."""
    at = place.point(*start)
    dx, dy = place.direction(*along)
    ux, uy = place.direction(along[1], -along[0])  # up from the baseline, as shown
    matrix = pymupdf.mupdf.fz_make_matrix(size * dx, size * dy, size * ux, size * uy, at.x, at.y)
    pymupdf.mupdf.fz_show_string(writer.this, font.this, matrix, text, 0, 0, 0, _NO_LANGUAGE)


_NO_LANGUAGE = 0
"""MuPDF's ``FZ_LANG_UNSET``: what ``TextWriter.append`` passes without a ``language``."""


@functools.cache
def _space_font() -> pymupdf.Font:
    """Helvetica, for the spaces between words: the embedded CJK font's space glyph comes
    back as U+00A0 from text extraction (65 of 89 spaces on a receipt), Helvetica's as U+0020."""
    return pymupdf.Font("helv")
