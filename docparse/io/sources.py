"""One interface over PDFs and image files: a source yields pages, each either an image to
recognise or the words of its text layer, with the pixel space its coordinates refer to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from PIL import Image

from docparse.errors import InputError
from docparse.io import images, pdf
from docparse.io.layer_fonts import FontVerdicts
from docparse.io.paths import IMAGE_SUFFIXES
from docparse.io.pdf_tables import VectorTable, vector_tables
from docparse.io.pymupdf_import import pymupdf
from docparse.io.text_layer_trust import SCAN_SHARE, distrust, largest_image_share
from docparse.model import Word

TextLayerMode = Literal["auto", "always", "never", "redo"]
"""auto: a PDF page's own text when it has real, visible text (else OCR, with a warning when a
layer was there but lied; see :mod:`docparse.io.text_layer_trust`); always: its text whenever
it has any; never and redo: OCR every page (redo is the name that says what ``--out pdf`` then
does: each page's old invisible layer is replaced by the new one)."""


@dataclass
class SourcePage:
    """One page as loaded: ``image`` to recognise, or ``text_words`` from the text layer."""

    index: int
    width: int
    height: int
    dpi: float | None
    image: Image.Image | None = None
    """the page to recognise; with ``text_words`` too, a page that may be a scan with a few
    lines of text added (one image covers most of it): read both ways, the fuller kept"""
    text_words: list[Word] | None = None
    vector_tables: list[VectorTable] | None = None  # a text-layer page's own tables
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    """why the page could not be loaded; the file's other pages still are"""
    square_factors: tuple[float, float] | None = None
    """for an image whose pixels are not square (a fax): the factors (x, y) it is resized
    by before it is read (boxes still come in its own pixels)"""


class DocumentSource(Protocol):
    path: Path
    page_count: int
    warnings: list[str]

    def pages(self, indices: list[int]) -> Iterator[SourcePage]: ...

    def close(self) -> None: ...


@dataclass
class LoadSettings:
    target_long_side: int = 2304
    text_layer: TextLayerMode = "auto"
    colour: Literal["RGB", "L"] = "RGB"
    """mode of rasterised PDF pages: what the engine reads (images keep their own)"""
    password: str | None = None
    max_image_pixels: int = images.DEFAULT_MAX_IMAGE_PIXELS
    tables: bool = True
    font_verdicts: FontVerdicts | None = None
    """in ``auto`` mode, whether each font of the file reads as the page shows (judged by
    OCR on the first page that uses it; see :mod:`docparse.io.layer_fonts`); None: unchecked"""


class PdfSource:
    def __init__(self, path: Path, settings: LoadSettings) -> None:
        self.path = path
        self.settings = settings
        self._document = pdf.open_pdf(path, settings.password)
        self.page_count = self._document.page_count
        self.warnings: list[str] = []
        if self._document.is_repaired:
            self.warnings.append("the PDF was damaged and has been repaired; check its pages")

    def pages(self, indices: list[int]) -> Iterator[SourcePage]:
        """Each page, or its error: a damaged page never stops the pages after it."""
        for index in indices:
            try:
                yield self._load(index)
            except InputError as error:
                width, height = self._size_or_unit(index)
                yield SourcePage(index, width, height, None, error=str(error))

    def _size_or_unit(self, index: int) -> tuple[int, int]:
        """The page's pixel size at the target resolution, (1, 1) when even that is unknown."""
        try:
            page = self._document.load_page(index)
            return pdf.page_pixel_size(page, pdf.dpi_for(page, self.settings.target_long_side))
        except (*pdf.MUPDF_ERRORS, InputError):
            return 1, 1

    def _load(self, index: int) -> SourcePage:
        try:
            page = self._document.load_page(index)
            dpi = pdf.dpi_for(page, self.settings.target_long_side)
            width, height = pdf.page_pixel_size(page, dpi)
            warnings: list[str] = []
            loaded = None
            if self.settings.text_layer in ("auto", "always"):
                loaded = self._from_text_layer(page, dpi, width, height, warnings)
            if loaded is None:
                image = self._rasterised(page, dpi, width, height)
                loaded = SourcePage(index, width, height, dpi, image=image, warnings=warnings)
        except pdf.MUPDF_ERRORS as error:
            raise InputError(f"page {index + 1} is damaged ({error})") from None
        damage = pdf.damage_reports()
        if damage.lost:
            raise InputError(f"page {index + 1} is damaged ({damage.lost[0]})")
        if damage.cut_short:  # what could be read is kept, and said to be short
            loaded.warnings.append(
                f"page {index + 1}: part of its content could not be read "
                f"({damage.cut_short[0]}); the page may be blank or incomplete"
            )
        return loaded

    def _from_text_layer(
        self, page: pymupdf.Page, dpi: float, width: int, height: int, warnings: list[str]
    ) -> SourcePage | None:
        """The page from its text layer, None when it has none to use (why, in ``warnings``,
        when it has one that lies). A page mostly one image is rasterised too: it may be a
        scan with a few lines of text added (the pipeline keeps the fuller reading)."""
        index = page.number
        words = pdf.text_layer_words(page, dpi)
        if self.settings.text_layer == "always":  # its text whenever it has any; else OCR
            return self._layer_page(page, dpi, width, height, words) if words else None
        if not pdf.has_real_text(words):
            return None
        log = page.get_bboxlog()
        problem = distrust(page, " ".join(word.text for word in words), log)
        if problem is None and self.settings.font_verdicts is not None:
            problem = self.settings.font_verdicts.problem(page)
        if problem is not None:
            warnings.append(f"page {index + 1}: {problem}; read by OCR instead")
            return None
        loaded = self._layer_page(page, dpi, width, height, words)
        if largest_image_share(log, page.rect) >= SCAN_SHARE:
            loaded.image = self._rasterised(page, dpi, width, height)
        return loaded

    def _layer_page(
        self, page: pymupdf.Page, dpi: float, width: int, height: int, words: list[Word]
    ) -> SourcePage:
        tables = vector_tables(page, dpi) if self.settings.tables else None
        return SourcePage(page.number, width, height, dpi, text_words=words, vector_tables=tables)

    def _rasterised(self, page: pymupdf.Page, dpi: float, width: int, height: int) -> Image.Image:
        images.check_pixels(
            f"page {page.number + 1}", width, height, self.settings.max_image_pixels
        )
        return pdf.rasterise(page, dpi, self.settings.colour)

    def close(self) -> None:
        self._document.close()


class ImageSource:
    def __init__(self, path: Path, settings: LoadSettings) -> None:
        self.path = path
        self._image = images.open_image(path, settings.max_image_pixels)
        self.page_count = images.frame_count(self._image)
        self.warnings: list[str] = []

    def pages(self, indices: list[int]) -> Iterator[SourcePage]:
        """Each frame, or its error: a damaged frame never stops the frames after it."""
        for index, frame, factors, error in images.frames_or_errors(self._image, indices):
            if frame is None:
                yield SourcePage(index, 1, 1, None, error=error)
            else:
                yield SourcePage(
                    index, frame.width, frame.height, None, image=frame, square_factors=factors
                )

    def close(self) -> None:
        self._image.close()


def open_source(path: Path, settings: LoadSettings) -> DocumentSource:
    """Opens a PDF or image by its content (not its name); one-line InputError otherwise."""
    if not path.exists():
        raise InputError("no such file")
    if path.is_dir():
        raise InputError(
            "is a directory (give files, a glob, or use the directory itself as input)"
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror}") from None
    if not head:
        raise InputError("empty file (0 bytes)")
    if b"%PDF-" in head:
        return PdfSource(path, settings)
    if path.suffix.lower() == ".pdf":
        raise InputError("not a PDF (no %PDF header): corrupt or mislabelled file")
    try:
        return ImageSource(path, settings)
    except InputError as error:
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise InputError(
                f"unsupported file type {path.suffix or '(no extension)'}: docparse reads "
                "PDF, PNG, JPEG, TIFF, WebP, BMP and HEIC"
            ) from None
        raise error
