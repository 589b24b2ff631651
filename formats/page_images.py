"""The source file of a Document, opened again by the formats that redraw its pages
(searchable PDF, overlay images), after checking it is still the file that was parsed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PIL import Image

from docparse.errors import InputError
from docparse.io import images, pdf
from docparse.io.hashing import sha256_of
from docparse.model import Document, Page


def checked_source(doc: Document) -> Path:
    """``doc.source``, refused when it is gone or its bytes are no longer ``doc.sha256``."""
    path = Path(doc.source)
    if not path.is_file():
        raise InputError("source file not found; it is needed to draw the pages")
    if sha256_of(path) != doc.sha256:
        raise InputError("the file has changed since it was parsed (sha256)")
    return path


def is_pdf(path: Path) -> bool:
    with path.open("rb") as handle:
        return b"%PDF-" in handle.read(1024)


def image_frames(
    path: Path, pages: list[Page]
) -> Iterator[tuple[Page, Image.Image, tuple[float, float]]]:
    """Each page of an image source with its frame, upright RGB as it was recognised, and
    the factors (x, y) that make its pixels square (1, 1 but for a fax's)."""
    by_index = {page.index: page for page in pages}
    image = images.open_image(path)
    try:
        for index, frame, factors in images.iter_frames(image, list(by_index)):
            yield by_index[index], frame, factors or (1.0, 1.0)
    finally:
        image.close()


def page_images(doc: Document) -> Iterator[tuple[Page, Image.Image]]:
    """Each page with its picture in page space (``Page.width`` × ``Page.height`` pixels):
    a PDF page rasterised again at ``Page.dpi``, an image's frame as it is."""
    path = checked_source(doc)
    if not is_pdf(path):
        for page, frame, _ in image_frames(path, doc.pages):
            yield page, frame
        return
    source = pdf.open_pdf(path, doc.source_password)
    try:
        for page in doc.pages:
            if page.dpi is None:
                raise InputError(f"page {page.number} has no DPI to render it at")
            image = pdf.rasterise(source.load_page(page.index), page.dpi)
            if image.size != (page.width, page.height):
                image = image.resize((page.width, page.height))
            yield page, image
    finally:
        source.close()
