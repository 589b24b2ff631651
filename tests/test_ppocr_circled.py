"""Circled numbers read from their ring (docparse/engines/ppocr/circled.py): a short word
Tesseract read without Hangul, whose ink is a ring round a number, becomes ① … ⑳; lines
drawn here with the Nanum fonts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import SPEC, PPOCREngine, PPOCROptions
from docparse.engines.ppocr.circled import circled_numbers
from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.recognizer import ReadLine, ReadWord
from docparse.io.fonts import font_path
from docparse.model import Word

SIZE = 30


def strip_of(text: str) -> tuple[LineStrip, tuple[float, float, float, float]]:
    """``text`` drawn in NanumGothic on a white strip, and its ink box."""
    font = ImageFont.truetype(str(font_path("gothic")), SIZE)
    image = Image.new("RGB", (200, 60), "white")
    draw = ImageDraw.Draw(image)
    draw.text((20, 12), text, fill="black", font=font)
    box = draw.textbbox((20, 12), text, font=font)
    strip = LineStrip(np.asarray(image).copy(), np.eye(3), straight=True, pad=8)
    return strip, tuple(float(v) for v in box)  # type: ignore[return-value]


def reader(text: str, confidence: float = 0.95):
    """A recogniser that reads ``text`` on every image, and the images it was given."""
    seen: list[np.ndarray] = []

    def read(images: Sequence[np.ndarray]) -> list[ReadLine]:
        seen.extend(images)
        word = ReadWord(text, 0.0, 10.0, confidence)
        return [ReadLine(text, confidence, [word]) for _ in images]

    return read, seen


def word(text: str, box: tuple[float, float, float, float]) -> Word:
    return Word(text=text, box=box, confidence=0.4, engine="t")


def test_a_ring_round_a_number_becomes_the_circled_number() -> None:
    strip, box = strip_of("②")
    read, seen = reader("2")
    found = circled_numbers(strip, [word("(2)", box)], read)
    assert [w.text for w in found] == ["②"] and found[0].confidence == 0.95
    # the recogniser saw the inside alone: the ring whitened away, the "2" narrower than it
    assert len(seen) == 1
    dark = np.argwhere(seen[0].min(axis=2) < 128)
    assert 0 < np.ptp(dark[:, 1]) + 1 < 0.6 * (box[2] - box[0])
    # ⑩ to ⑳ too; a reading that is no number from 1 to 20, or unsure, changes nothing
    assert circled_numbers(strip, [word("(@)", box)], reader("12")[0])[0].text == "⑫"
    for text, confidence in (("21", 0.95), ("a", 0.95), ("①", 0.95), ("2", 0.5)):
        assert (
            circled_numbers(strip, [word("(2)", box)], reader(text, confidence)[0])[0].text == "(2)"
        )


def test_parentheses_a_thick_zero_an_at_sign_and_hangul_are_left_as_read() -> None:
    # "(2)" in parentheses is about as square as ②, but its ink is no ring; a "0" has a
    # hole, but no ring round it
    for text in ("(2)", "0"):
        strip, box = strip_of(text)
        read, seen = reader("2")
        assert circled_numbers(strip, [word(text, box)], read)[0].text == text
        assert seen == [], text
    # "@" is a ring round an "a": what is inside is read, and is no number
    strip, box = strip_of("@")
    assert circled_numbers(strip, [word("@", box)], reader("a")[0])[0].text == "@"
    # a Hangul reading is never looked at
    strip, box = strip_of("②")
    read, seen = reader("2")
    assert circled_numbers(strip, [word("이", box)], read)[0].text == "이" and seen == []


def engine_reads(
    family: str, size: int, canvas: tuple[int, int], rows: Sequence[tuple[int, str]]
) -> list[str]:
    """The words the ppocr engine reads on ``rows`` ((y, text), x = 30) drawn in ``family``."""
    font = ImageFont.truetype(str(font_path(family)), size)
    image = Image.new("RGB", canvas, "white")
    draw = ImageDraw.Draw(image)
    for y, text in rows:
        draw.text((30, y), text, fill="black", font=font)
    engine = PPOCREngine()
    try:
        return [w.text for w in engine.recognize([image])[0].words]
    finally:
        engine.close()


@pytest.mark.skipif(not SPEC.status(PPOCROptions()).available, reason="ppocr not installed")
def test_a_contract_clause_keeps_its_circled_number() -> None:
    rows = [(20, "② 임차인은 계약이 종료된 때"), (75, "③ 임대인은 보증금을 반환한다")]
    texts = engine_reads("myeongjo", 32, (760, 140), rows)
    assert "②" in texts and "③" in texts, texts


@pytest.mark.skipif(not SPEC.status(PPOCROptions()).available, reason="ppocr not installed")
def test_an_english_exams_choices_keep_their_circled_numbers_and_words() -> None:
    # Korean publishers number an English exam's choices with circled numbers: such a line
    # has no Hangul and stays with PP-OCR, which reads ① itself (sent to Tesseract, the
    # page read as Korean turned "apple" into digits and ① into "(1)")
    rows = [
        (30, "① apple    ② banana    ③ cherry    ④ grape"),
        (130, "① He has been working here since 2010."),
        (230, "② The report was released yesterday."),
    ]
    texts = engine_reads("gothic", 34, (1300, 330), rows)
    assert texts.count("①") == 2 and texts.count("②") == 2, texts
    assert {"③", "④", "apple", "banana", "cherry", "working", "report"} <= set(texts), texts
