"""Points and commas as the line's ink shows them (:mod:`docparse.engines.ppocr.commas`): a
comma's tail reaches below the baseline, a point sits on it. Lines drawn with NanumGothic at
the sizes of a dense table's digits at 200 dpi and of body text."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import commas
from docparse.engines.ppocr.engine import _spaced
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


def _swapped(text: str) -> str:
    return text.translate(str.maketrans(".,", ",."))


@pytest.mark.parametrize("size", [16, 22, 34])
def test_points_and_commas_read_wrong_are_set_right_by_the_ink(size: int) -> None:
    strip, middles = _strip(LINE, size)
    wrong = _reading(_swapped(LINE), middles)
    assert commas.checked(wrong, strip).text == LINE
    right = _reading(LINE, middles)
    assert commas.checked(right, strip) is right


def test_the_engine_spaces_a_reading_with_its_marks_checked() -> None:
    strip, middles = _strip(LINE, 16)
    spaced = _spaced(strip, _reading(_swapped(LINE), middles))
    assert [word.text for word in spaced.words] == LINE.split(" ")


def test_a_mark_under_ink_is_left_as_read() -> None:
    """A low blob with ink above it is part of a glyph (a dot-matrix digit's lower dot), not
    a mark: nothing is changed."""
    ink = np.zeros((30, 60), dtype=np.uint8)
    for left in (5, 20, 45):  # three digits, 14 px tall, standing on row 22
        ink[8:22, left : left + 6] = 1
    ink[23:26, 33:35] = 1  # a comma-like blob below the line, alone
    found = commas.blobs(ink)
    assert found is not None and found.baseline == 22
    box = commas.mark_near(found, 34)
    assert box is not None and commas.mark_of(box, found) == ","
    ink[10:21, 33:35] = 1  # a stroke right above it: part of a glyph
    assert commas.mark_near(commas.blobs(ink), 34) is None  # type: ignore[arg-type]
