"""A short label in a ruled cell (docparse/engines/ppocr/lines.py, ``unframed``): its strip
is cut with the cell's borders in its margins, and Tesseract read nothing from it (the sample
invoice's 상호 and 주소 were lost). Labels drawn here with the Nanum fonts."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from drawn_strips import PAD, strip_of
from PIL import Image, ImageDraw

from docparse.engines.ppocr.line_reader import LineReader
from docparse.engines.ppocr.lines import LineStrip, unframed
from docparse.engines.ppocr.options import PPOCROptions


def in_cell(text: str, face: str = "gothic", size: int = 30, rule: int = 2) -> LineStrip:
    """``text`` on a strip as tight as the detector's, the cell's border drawn in its margin."""
    strip, words = strip_of([text], face, size)  # type: ignore[arg-type]
    x0, _, x1, _ = words[0].box
    image = Image.fromarray(strip.image).crop(
        (int(x0) - PAD, 0, int(x1) + PAD, strip.image.shape[0])
    )
    ImageDraw.Draw(image).rectangle(
        (0, 0, image.width - 1, image.height - 1), outline=(60, 60, 60), width=rule
    )
    return LineStrip(np.asarray(image).copy(), np.eye(3), straight=True, pad=PAD)


@pytest.mark.parametrize("face", ["gothic", "myeongjo"])
@pytest.mark.parametrize("text", ["주소", "상호"])
def test_a_label_boxed_by_its_cells_rules_is_read(face: str, text: str) -> None:
    reader = LineReader(PPOCROptions())
    try:
        assert [w.text for w in reader.tesseract_words(in_cell(text, face), hangul=True)] == [text]
    finally:
        reader.close()


def test_the_rules_in_the_margins_are_painted_out_and_the_letters_kept() -> None:
    strip = in_cell("주소", rule=3)
    grey = cv2.cvtColor(strip.image, cv2.COLOR_RGB2GRAY)
    clean = unframed(grey, strip.pad)
    edges = np.concatenate([clean[:PAD].ravel(), clean[-PAD:].ravel()])
    assert edges.min() > 200 and clean[:, :3].min() > 200 and clean[:, -3:].min() > 200
    inside = (slice(PAD, -PAD), slice(PAD, -PAD))
    assert np.array_equal(clean[inside], grey[inside])


def test_a_strip_without_rules_is_left_as_it_is() -> None:
    strip, _ = strip_of(["주소", "서울특별시"])
    grey = cv2.cvtColor(strip.image, cv2.COLOR_RGB2GRAY)
    assert unframed(grey, strip.pad) is grey
