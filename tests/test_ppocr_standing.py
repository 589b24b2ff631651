"""Lines standing taller than wide on an upright page (:mod:`docparse.engines.ppocr.standing`):
text running bottom to top in a margin, and single digits of a quantity column, each read
the way it reads; pages drawn here with the Nanum fonts."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import SPEC, PPOCREngine, PPOCROptions
from docparse.engines.ppocr import lines as line_strips
from docparse.engines.ppocr.standing import orientations, oriented
from docparse.io.fonts import font_path

pytestmark = pytest.mark.skipif(
    not SPEC.status(PPOCROptions()).available, reason="ppocr engine not installed"
)


def _font(points: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path("gothic")), points)


def _margin_stamp() -> tuple[Image.Image, np.ndarray]:
    """A page whose only line runs bottom to top (as arXiv stamps its papers' margins), and
    the line's quad (top-left, top-right, bottom-right, bottom-left of the standing box)."""
    text = Image.new("RGB", (560, 60), "white")
    ImageDraw.Draw(text).text((10, 8), "arXiv 2408 2024", fill="black", font=_font(36))
    standing = text.rotate(90, expand=True)  # counter-clockwise: reads bottom to top
    page = Image.new("RGB", (300, 700), "white")
    page.paste(standing, (100, 60))
    quad = np.array([[100, 60], [160, 60], [160, 620], [100, 620]], dtype=np.float32)
    return page, quad


def test_text_running_bottom_to_top_is_read_turned_clockwise() -> None:
    page, quad = _margin_stamp()
    strip = line_strips.cut(np.asarray(page), quad)
    assert strip.standing is not None and len(orientations(strip)) == 3
    chosen = oriented([strip], "small")[0]
    from docparse.engines.ppocr.recognizer import read

    assert read([chosen.image], "small")[0].text.replace(" ", "") == "arXiv24082024"
    assert read([strip.image], "small")[0].text.replace(" ", "") != "arXiv24082024"


def test_a_standing_single_digit_is_read_as_it_stands() -> None:
    page = Image.new("RGB", (200, 200), "white")
    ImageDraw.Draw(page).text((90, 70), "1", fill="black", font=_font(40))
    quad = np.array([[84, 72], [108, 72], [108, 118], [84, 118]], dtype=np.float32)
    strip = line_strips.cut(np.asarray(page), quad)
    assert strip.standing is not None  # taller than wide: PaddleOCR's rule turns it
    chosen = oriented([strip], "small")[0]
    assert chosen is strip.standing


def test_the_engine_reads_a_margin_stamp_and_a_lone_quantity() -> None:
    stamp, _ = _margin_stamp()
    page = Image.new("RGB", (900, 700), "white")
    page.paste(stamp, (0, 0))
    draw = ImageDraw.Draw(page)
    for row, text in enumerate(["Kimchi fried rice", "Green tea latte", "Sparkling water"]):
        draw.text((300, 100 + 60 * row), text, fill="black", font=_font(30))
        draw.text((800, 100 + 60 * row), "1", fill="black", font=_font(30))
    draw.text((300, 300), "Total quantity", fill="black", font=_font(30))
    engine = PPOCREngine()
    try:
        words = engine.recognize([page])[0].words
    finally:
        engine.close()
    texts = [word.text for word in words]
    assert "arXiv" in texts and "2024" in texts
    assert texts.count("1") == 3  # each quantity, read as it stands
    stamp = next(word for word in words if word.text == "arXiv")
    x0, y0, x1, y1 = stamp.box
    assert x0 >= 95 and x1 <= 165 and y1 - y0 > x1 - x0  # on the standing ink, still standing


def test_a_column_of_digits_the_detector_joined_is_read_row_by_row() -> None:
    page = Image.new("RGB", (200, 240), "white")
    draw = ImageDraw.Draw(page)
    for row, digit in enumerate("703"):
        draw.text((90, 40 + 50 * row), digit, fill="black", font=_font(30))
        if row < 2:  # the table's rule between two rows: no line of its own
            draw.line((84, 82 + 50 * row, 112, 82 + 50 * row), fill="black", width=1)
    quad = np.array([[84, 40], [112, 40], [112, 190], [84, 190]], dtype=np.float32)
    strip = line_strips.cut(np.asarray(page), quad)
    assert strip.standing is not None
    rows = oriented([strip], "small")
    assert len(rows) == 3
    from docparse.engines.ppocr.recognizer import read

    assert [read([row.image], "small")[0].text for row in rows] == ["7", "0", "3"]
    tops = [row.map_box((0, 0, row.image.shape[1], row.image.shape[0]))[0][1] for row in rows]
    assert tops == sorted(tops) and 30 <= tops[0] <= 50  # mapped back onto the page, in order
