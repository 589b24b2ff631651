"""Overlay images: each page redrawn from its source with every word's box outlined in a
colour for its confidence (red → amber → green; grey when the engine gave none) and each
line's number in reading order just left of its start: the quickest check of a result.

One PNG per page: the registry's ``per_page`` formats get one-page Documents, and name the
files ``NAME.png`` for a one-page source, ``NAME-p<page number>.png`` otherwise (also for
one page chosen of several)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from docparse.errors import InputError
from docparse.formats.line_geometry import line_thickness
from docparse.formats.page_images import page_images
from docparse.model import Document, Page

Colour = tuple[int, int, int]
NO_CONFIDENCE: Colour = (128, 128, 128)
LOW: Colour = (220, 0, 0)
MIDDLE: Colour = (235, 160, 0)
HIGH: Colour = (0, 170, 0)
LINE_NUMBER: Colour = (0, 70, 220)


def write(doc: Document, path: Path) -> None:
    """Draws the Document's one page into the PNG ``path``."""
    if len(doc.pages) != 1:
        raise InputError(f"an overlay image shows one page, not {len(doc.pages)}")
    for page, image in page_images(doc):
        draw(page, image).save(path, format="PNG")


def draw(page: Page, image: Image.Image) -> Image.Image:
    """The page image with the word boxes and line numbers drawn on it."""
    canvas = image.convert("RGB")
    pen = ImageDraw.Draw(canvas)
    width = max(1, round(max(page.width, page.height) / 1000))
    for word in page.words():
        pen.rectangle(word.box, outline=confidence_colour(word.confidence), width=width)
    for number, line in enumerate(page.lines(), start=1):
        x0, y0, _, y1 = line.box
        # sized by the text's thickness: a line running down a turned page is as tall as long
        font = ImageFont.load_default(size=max(10.0, line_thickness(line) * 0.8))
        label = str(number)
        left, top, right, bottom = pen.textbbox((0, 0), label, font=font)
        x = max(0.0, x0 - (right - left) - 2 * width - 2)
        y = y0 + ((y1 - y0) - (bottom - top)) / 2 - top
        pen.rectangle((x - 1, y + top - 1, x + right + 1, y + bottom + 1), fill=(255, 255, 255))
        pen.text((x, y), label, font=font, fill=LINE_NUMBER)
    return canvas


def confidence_colour(confidence: float | None) -> Colour:
    """Red at 0, amber at 0.5, green at 1; grey for None."""
    if confidence is None:
        return NO_CONFIDENCE
    low, high, t = (
        (LOW, MIDDLE, confidence * 2) if confidence < 0.5 else (MIDDLE, HIGH, confidence * 2 - 1)
    )
    return tuple(round(a + (b - a) * t) for a, b in zip(low, high, strict=True))  # type: ignore[return-value]
