"""Points read where the line's ink shows commas (:mod:`docparse.engines.ppocr.commas`): a
comma's tail reaches below the baseline, a point sits on it. Lines drawn with NanumGothic at
the sizes of a dense table's digits at 200 dpi and of body text."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import commas
from docparse.engines.ppocr.line_reader import spaced as _spaced
from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.recognizer import ReadLine, ReadWord
from docparse.io.fonts import font_path

LINE = "23,022 3.50 BAIN, J. 1,234.56"
PAD = 6


def _strip(text: str, size: int) -> tuple[LineStrip, list[float]]:
    """``text`` drawn ``size`` px, as a strip, and the x of each character's middle."""
    font = ImageFont.truetype(str(font_path("gothic")), size)
    width = int(font.getlength(text)) + 2 * PAD
    height = int(size * 1.4) + 2 * PAD
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).text((PAD, PAD), text, fill="black", font=font)
    middles = [
        PAD + (font.getlength(text[:k]) + font.getlength(text[: k + 1])) / 2
        for k in range(len(text))
    ]
    strip = LineStrip(np.asarray(image), np.eye(3), straight=True, pad=PAD)
    return strip, middles


def _reading(text: str, middles: list[float]) -> ReadLine:
    """The line read as ``text`` (one character per printed one), word by word."""
    words, start = [], 0
    for piece in text.split(" "):
        centres = tuple(middles[start : start + len(piece)])
        words.append(
            ReadWord(piece, centres[0] - 3, centres[-1] + 3, 0.95, centres, (0.95,) * len(piece))
        )
        start += len(piece) + 1
    return ReadLine(text, 0.95, words, tuple(middles))


def _points(text: str) -> str:
    return text.replace(",", ".")


@pytest.mark.parametrize("size", [16, 22, 34])
def test_commas_read_as_points_are_set_right_by_the_ink(size: int) -> None:
    strip, middles = _strip(LINE, size)
    assert commas.checked(_reading(_points(LINE), middles), strip).text == LINE
    right = _reading(LINE, middles)
    assert commas.checked(right, strip) is right
    # a comma read is kept, whatever the ink (its tail can fall apart from its head)
    commas_only = LINE.replace(".", ",")
    assert commas.checked(_reading(commas_only, middles), strip).text == commas_only


def test_the_engine_spaces_a_reading_with_its_marks_checked() -> None:
    strip, middles = _strip(LINE, 16)
    spaced = _spaced(strip, _reading(_points(LINE), middles))
    assert [word.text for word in spaced.words] == LINE.split(" ")


def test_a_mark_under_ink_or_off_the_baseline_is_left_as_read() -> None:
    """A low blob with ink above it is part of a glyph (a dot-matrix digit's lower dot), and
    one below the baseline is a dotted rule under the line: neither is a comma."""
    ink = np.zeros((40, 60), dtype=np.uint8)
    for left in (5, 20, 45):  # three digits, 14 px tall, standing on row 22
        ink[8:22, left : left + 6] = 1
    ink[20:25, 33:35] = 1  # a comma after the second digit: 3 px below its bottom
    found = commas.blobs(ink)
    assert found is not None and commas.comma_at(found, 34)
    above = ink.copy()
    above[10:18, 33:35] = 1  # a stroke right above it: part of a glyph
    assert not commas.comma_at(commas.blobs(above), 34)  # type: ignore[arg-type]
    below = ink.copy()
    below[20:25] = 0
    below[30:35, 33:35] = 1  # a dot of a rule under the line
    assert not commas.comma_at(commas.blobs(below), 34)  # type: ignore[arg-type]


def test_an_amount_with_two_points_gets_commas_for_all_but_the_last() -> None:
    # a statement's "37,499.96" read "37.499.96" where the ink showed no comma's tail
    assert commas.grouped("37.499.96") == "37,499.96"
    assert commas.grouped("(1.234.567.89)") == "(1,234,567.89)"
    assert commas.grouped("RM1.260.00 합계") == "RM1,260.00 합계"
    # a date, a single decimal point, European style, an address: as read
    for text in ("2024.12.31", "3.50", "1.234", "1.234.567,89", "192.168.1.1"):
        assert commas.grouped(text) == text
    # through the line check, with or without ink to judge the marks by
    strip, middles = _strip("37,499.96 12", 16)
    assert commas.checked(_reading("37.499.96 12", middles), strip).text == "37,499.96 12"
    blank = LineStrip(np.full((30, 200, 3), 255, dtype=np.uint8), np.eye(3), True, PAD)
    assert commas.checked(_reading("21.000.00", middles), blank).text == "21,000.00"
