"""A stroke running through a line's letters (a crease of a page folded to be posted, a
strike-through) taken out before Tesseract reads the line
(:mod:`docparse.engines.ppocr.strikes`); underlines, rules beside the text and clean lines
left as they are."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import SPEC, PPOCREngine, PPOCROptions
from docparse.engines.ppocr.strikes import unstruck
from docparse.io.fonts import font_path

TEXT = "액과 실제 피담보채무액은 고지설명하였으나, 다른 임차인의 임대차보증금 액수"
SIZE = 32


def line(text: str = TEXT) -> tuple[Image.Image, ImageDraw.ImageDraw, int, int, int]:
    """``text`` drawn on a strip as tight as the detector's; the strip, a pen on it, the
    text's top and bottom rows and its right end."""
    font = ImageFont.truetype(str(font_path("gothic")), SIZE)
    image = Image.new("L", (30 + round(font.getlength(text)), SIZE + 16), 255)
    draw = ImageDraw.Draw(image)
    _, top, right, bottom = draw.textbbox((10, 6), text, font=font)
    draw.text((10, 6), text, fill=0, font=font)
    return image, draw, top, bottom, right


def test_a_clean_line_an_underline_and_a_rule_above_are_left_as_they_are() -> None:
    clean, _, _, _, _ = line()
    grey = np.asarray(clean)
    assert unstruck(grey) is grey
    underlined, draw, _, bottom, right = line()
    draw.line([(10, bottom + 2), (right, bottom + 2)], fill=0, width=2)
    grey = np.asarray(underlined)
    assert unstruck(grey) is grey
    ruled, draw, top, _, right = line()
    draw.line([(0, top - 3), (right + 10, top - 3)], fill=0, width=2)
    grey = np.asarray(ruled)
    assert unstruck(grey) is grey


def test_a_strike_through_the_letters_is_taken_out() -> None:
    """A black stroke slanting a few pixels along the line: between the letters its rows are
    paper again (filled from round it)."""
    struck, draw, top, bottom, right = line()
    middle = (top + bottom) // 2
    draw.line([(0, middle), (right + 10, middle + 3)], fill=0, width=3)
    grey = np.asarray(struck)
    clean = np.asarray(line()[0])
    out = unstruck(grey)
    stroke = (grey < 200) & (clean > 240)  # the stroke's pixels on the paper
    assert stroke.sum() > right
    assert (out[stroke] > 200).mean() > 0.6  # next to a letter the fill takes its grey


def test_a_crease_through_the_letters_is_lifted_and_the_letters_kept() -> None:
    """A crease shades the paper and the letters under it alike (to 65 % at its middle):
    lifted, the line is as printed again, the letters' strokes along it included."""
    clean = np.asarray(line()[0]).astype(np.float32)
    height, width = clean.shape
    rows = np.arange(height, dtype=np.float32)[:, None]
    across = rows - (height / 2 + 0.004 * np.arange(width, dtype=np.float32)[None, :])
    grey = np.round(clean * (1 - 0.35 * np.exp(-((across / 2.4) ** 2)))).astype(np.uint8)
    out = unstruck(grey).astype(np.float32)
    shaded = np.abs(grey - clean) > 20
    assert shaded.sum() > width
    assert np.abs(out - clean)[shaded].mean() < 0.15 * np.abs(grey - clean)[shaded].mean()


def creased_page() -> tuple[Image.Image, Image.Image]:
    """A Korean page at 200 dpi, clean and as a letter folded to be posted and scanned: a
    crease (a soft grey line, the paper shaded below it) slanting through the middle of two
    of its lines."""
    font = ImageFont.truetype(str(font_path("gothic")), 30)
    texts = [TEXT, "임대차의 시기와 종기 등에 관한 사항을 구체적으로 확인하여 설명하거나", TEXT]
    page = Image.new("RGB", (1300, 320), "white")
    draw = ImageDraw.Draw(page)
    for row, text in enumerate(texts):
        draw.text((40, 40 + 90 * row), text, fill="black", font=font)
    rows = np.arange(page.height, dtype=np.float32)[:, None]
    columns = np.arange(page.width, dtype=np.float32)[None, :]
    shade = np.ones((page.height, page.width), np.float32)
    for row in (0, 2):
        below = rows - (40 + 90 * row + 20 + 0.004 * columns)
        shade *= 1 - 0.35 * np.exp(-((below / 2.4) ** 2))
        shade *= 1 - 0.12 * np.exp(-np.clip(below, 0, None) / 30) * (below > 0)
    creased = np.asarray(page, np.float32) * shade[..., None]
    return page, Image.fromarray(np.round(creased).astype(np.uint8))


@pytest.mark.skipif(not SPEC.status(PPOCROptions()).available, reason="ppocr engine not installed")
def test_a_creased_page_is_read_as_the_clean_one() -> None:
    """Tesseract binarised the crease with the letters and read dashes and points into the
    lines through it, or other letters ("구저" for 고지 on a court decision)."""
    engine = PPOCREngine()
    try:
        page, creased = creased_page()
        truth = Counter("".join(w.text for w in engine.recognize([page])[0].words))
        read = Counter("".join(w.text for w in engine.recognize([creased])[0].words))
        matched = sum((truth & read).values())
        assert sum(truth.values()) > 80
        assert matched >= 0.97 * sum(truth.values())
        assert matched >= 0.97 * sum(read.values())  # no dashes read in the crease
    finally:
        engine.close()
