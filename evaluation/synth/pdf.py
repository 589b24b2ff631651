"""Writes synthetic pages as PDFs: born-digital (a real text layer) or image-only, like a scan.

Both are reproducible: fixed metadata and no random file identifier, so the same input gives
the same bytes.
"""

from __future__ import annotations

import io
import struct
from functools import cache
from pathlib import Path

import pymupdf
from PIL import Image

from docparse.evaluation.synth.layout import DASH, Layout, Run
from docparse.evaluation.synth.model import ExpectedWord, box_quad
from docparse.io.fonts import Family, font_path

_METADATA = {
    "producer": "docparse.evaluation.synth",
    "creator": "docparse.evaluation.synth",
    "creationDate": "D:20240101000000Z",
    "modDate": "D:20240101000000Z",
}
# Two runs are one stretch of text when the second starts one space after the first ends.
_JOIN_TOLERANCE = 0.05


def write_text_pdf(layout: Layout, path: Path | str) -> None:
    """One page with the layout's words as text in embedded (subset) Nanum fonts."""
    doc = pymupdf.open()
    page = doc.new_page(width=layout.width, height=layout.height)
    for stroke in layout.strokes:
        page.draw_line(
            (stroke.x0, stroke.y0),
            (stroke.x1, stroke.y1),
            width=stroke.weight,
            dashes=f"[{DASH[0]:g} {DASH[1]:g}] 0" if stroke.dashed else None,
        )
    writer = pymupdf.TextWriter(page.rect)
    for stretch in _stretches(layout.runs):
        first = stretch[0]
        writer.append(
            (first.x, first.baseline),
            " ".join(run.text for run in stretch),
            font=_font(first.family, first.bold),
            fontsize=first.size,
        )
    writer.write_text(page)
    _save(doc, path)


def text_layer_words(layout: Layout) -> list[ExpectedWord]:
    """The words as a PDF text extractor reports them: advance width by ascender–descender."""
    words = []
    for run in layout.runs:
        font = _font(run.family, run.bold)
        box = (
            run.x,
            run.baseline - font.ascender * run.size,
            run.x + font.text_length(run.text, fontsize=run.size),
            run.baseline - font.descender * run.size,
        )
        words.append(ExpectedWord(text=run.text, box=box, quad=box_quad(box)))
    return words


def write_image_pdf(image: Image.Image, dpi: float, path: Path | str, quality: int = 60) -> None:
    """One page holding only ``image`` as a JPEG, sized so that ``dpi`` maps it pixel for pixel."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    doc = pymupdf.open()
    page = doc.new_page(width=image.width * 72 / dpi, height=image.height * 72 / dpi)
    page.insert_image(page.rect, stream=buffer.getvalue())
    _save(doc, path)


def _stretches(runs: list[Run]) -> list[list[Run]]:
    stretches: list[list[Run]] = []
    for run in runs:
        if stretches and _continues(stretches[-1][-1], run):
            stretches[-1].append(run)
        else:
            stretches.append([run])
    return stretches


def _continues(before: Run, run: Run) -> bool:
    space = _font(before.family, before.bold).text_length(" ", fontsize=before.size)
    same_style = (before.line, before.family, before.bold, before.size, before.baseline) == (
        run.line,
        run.family,
        run.bold,
        run.size,
        run.baseline,
    )
    return same_style and abs(before.x + before.width + space - run.x) < _JOIN_TOLERANCE


@cache
def _font(family: Family, bold: bool) -> pymupdf.Font:
    return pymupdf.Font(fontbuffer=_not_fixed_pitch(font_path(family, bold).read_bytes()))


def _not_fixed_pitch(font: bytes) -> bytes:
    """The TrueType font with its ``post`` table's isFixedPitch flag cleared. MuPDF writes
    every glyph of a fixed-pitch font at the one width: Nanum Gothic Coding's Hangul (a full
    em) came out at its Latin half em, so the PDF drew "공급가액" as overlapping glyphs and a
    text extractor boxed it half as wide as printed (a born-digital 세금계산서's headings
    stood left of the values under them)."""
    if font[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        return font  # a font collection or another format: left as it is
    data = bytearray(font)
    (tables,) = struct.unpack(">H", data[4:6])
    for index in range(tables):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * index : 28 + 16 * index])
        if tag == b"post":
            data[offset + 12 : offset + 16] = bytes(4)
    return bytes(data)


def _save(doc: pymupdf.Document, path: Path | str) -> None:
    doc.subset_fonts()
    doc.set_metadata(_METADATA)
    doc.save(str(path), garbage=4, deflate=True, no_new_id=True)
    doc.close()
