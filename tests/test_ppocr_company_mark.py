"""㈜ read from its ink (docparse/engines/ppocr/company_mark.py): a word Tesseract began with
주, 쥐 or 줘 where the page prints ㈜ gets ㈜ back; a name typed with real parentheses, or a
word that truly starts with 주, keeps its reading. Lines drawn here with the Nanum fonts."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr.company_mark import company_marks
from docparse.engines.ppocr.lines import LineStrip
from docparse.io.fonts import font_path
from docparse.model import Word

SIZE = 34
PAD = 6


def strip_of(parts: list[str], face: str) -> tuple[LineStrip, list[Word]]:
    """``parts`` drawn left to right on a strip with a ``PAD`` margin; one word per part,
    boxed round its ink, its text the part itself."""
    font = ImageFont.truetype(str(font_path(face)), SIZE)
    image = Image.new("RGB", (60 + 50 * sum(len(p) for p in parts), SIZE + 2 * PAD + 8), "white")
    draw = ImageDraw.Draw(image)
    x, words = 10.0, []
    for part in parts:
        box = draw.textbbox((x, PAD), part, font=font)
        draw.text((x, PAD), part, fill="black", font=font)
        words.append(Word(text=part, box=tuple(float(v) for v in box), confidence=0.6, engine="t"))
        x = box[2] + SIZE / 3
    return LineStrip(np.asarray(image).copy(), np.eye(3), straight=True, pad=PAD), words


def read_as(words: list[Word], *texts: str) -> list[Word]:
    return [word.model_copy(update={"text": t}) for word, t in zip(words, texts, strict=True)]


@pytest.mark.parametrize("face", ["gothic", "myeongjo", "barun"])
@pytest.mark.parametrize("misread", ["쥐다온테크", "주다온테크", "줘다온테크"])
def test_the_mark_read_as_a_syllable_is_written_back(face: str, misread: str) -> None:
    strip, words = strip_of(["공급자", "㈜다온테크"], face)
    found = company_marks(strip, read_as(words, "공급자", misread))
    assert [w.text for w in found] == ["공급자", "㈜다온테크"]


@pytest.mark.parametrize("face", ["gothic", "myeongjo"])
def test_words_that_start_with_ju_or_typed_parentheses_are_left(face: str) -> None:
    for parts in (["주식회사", "다온테크"], ["(주)다온테크"], ["(", "주", ")", "다온"]):
        strip, words = strip_of(parts, face)
        assert [w.text for w in company_marks(strip, words)] == parts, parts
