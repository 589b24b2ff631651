"""Rasterises a layout with Pillow and measures every word's ink box exactly.

Each word is drawn into its own mask, and the mask's non-zero bounds become the word's box, so
the box holds every pixel the word inked and nothing more. Coordinates are continuous pixel
coordinates: pixel (i, j) covers [i, i+1) × [j, j+1).
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from docparse.evaluation.synth.layout import DASH, Layout, Run, Stroke
from docparse.evaluation.synth.model import SynthWord, box_quad
from docparse.io.fonts import SHAPING, pillow_font


def render(
    layout: Layout, dpi: float, paper: int = 255, ink: int = 0
) -> tuple[Image.Image, list[SynthWord]]:
    """The page as a greyscale image at ``dpi`` and its words, in layout order."""
    scale = dpi / 72
    image = Image.new("L", (round(layout.width * scale), round(layout.height * scale)), paper)
    draw = ImageDraw.Draw(image)
    for stroke in layout.strokes:
        _stroke(draw, stroke, scale, ink)
    words = [_word(image, run, scale, ink) for run in layout.runs]
    return image, words


def _word(image: Image.Image, run: Run, scale: float, ink: int) -> SynthWord:
    font = pillow_font(run.family, run.bold, run.size * scale)
    left, top, right, bottom = font.getbbox(run.text, anchor="ls", features=SHAPING)
    pad = 2
    mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 0)
    ImageDraw.Draw(mask).text(
        (pad - left, pad - top), run.text, fill=255, font=font, anchor="ls", features=SHAPING
    )
    ink_box = mask.getbbox()
    if ink_box is None:
        raise ValueError(f"word {run.text!r} draws no ink")
    origin_x = round(run.x * scale) + left - pad
    origin_y = round(run.baseline * scale) + top - pad
    image.paste(ink, (origin_x, origin_y), mask)
    x0, y0, x1, y1 = ink_box
    box = (float(origin_x + x0), float(origin_y + y0), float(origin_x + x1), float(origin_y + y1))
    return SynthWord(
        text=run.text,
        quad=box_quad(box),
        box=box,
        line=run.line,
        category=run.category,
        is_key=run.is_key,
    )


def _stroke(draw: ImageDraw.ImageDraw, stroke: Stroke, scale: float, ink: int) -> None:
    width = max(1, round(stroke.weight * scale))
    x0, y0, x1, y1 = (v * scale for v in (stroke.x0, stroke.y0, stroke.x1, stroke.y1))
    if not stroke.dashed:
        draw.line((x0, y0, x1, y1), fill=ink, width=width)
        return
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    on, off = (d * scale for d in DASH)
    start = 0.0
    while start < length:
        end = min(start + on, length)
        draw.line(
            (
                x0 + (x1 - x0) * start / length,
                y0 + (y1 - y0) * start / length,
                x0 + (x1 - x0) * end / length,
                y0 + (y1 - y0) * end / length,
            ),
            fill=ink,
            width=width,
        )
        start += on + off
