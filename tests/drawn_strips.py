"""Line strips drawn with the Nanum fonts for the tests of the marks read from a strip's ink
(rings, ㈜, middle dots): one word per part, boxed round its ink, on a strip as tight round
the text as the detector's lines are."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr.lines import LineStrip
from docparse.io.fonts import Family, font_path
from docparse.model import Word

PAD = 6


def strip_of(
    parts: list[str], face: Family = "myeongjo", size: int = 30
) -> tuple[LineStrip, list[Word]]:
    """``parts`` drawn left to right, a third of ``size`` apart, on a strip whose margin is
    ``PAD``; one word per part, its text the part itself."""
    font = ImageFont.truetype(str(font_path(face)), size)
    width = 60 + 2 * size * sum(len(part) for part in parts)
    image = Image.new("RGB", (width, size + 2 * PAD + 2), "white")
    draw = ImageDraw.Draw(image)
    x, words = 10.0, []
    for part in parts:
        box = draw.textbbox((x, PAD), part, font=font)
        draw.text((x, PAD), part, fill="black", font=font)
        words.append(Word(text=part, box=tuple(float(v) for v in box), confidence=0.5, engine="t"))
        x = box[2] + size / 3
    return LineStrip(np.asarray(image).copy(), np.eye(3), straight=True, pad=PAD), words


def read_as(words: list[Word], *texts: str) -> list[Word]:
    """The words with the texts Tesseract gave them."""
    return [word.model_copy(update={"text": text}) for word, text in zip(words, texts, strict=True)]
