"""The party letters of Korean legal text (甲, 乙, 丙, 丁), which Tesseract's Korean model
cannot read, read by PP-OCR in Tesseract's Hangul lines (:mod:`docparse.engines.ppocr.stems`)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import SPEC, PPOCREngine, PPOCROptions
from docparse.engines.ppocr.recognizer import ReadLine, ReadWord
from docparse.engines.ppocr.stems import STEMS, suspect, with_stems
from docparse.io.fonts import font_path
from docparse.model import Word

LINES = [
    "[2] 甲이 공인중개사인 乙의 중개로 丙 주식회사와 부동산 임대차계약을",
    "체결하는 과정에서 乙이 위 부동산이 丁 주식회사에 신탁된 사실을",
    "설명하지 않았고, 이후 甲이 丙 회사에 보증금 반환을 청구하였다.",
]


def page(lines: list[str]) -> Image.Image:
    font = ImageFont.truetype(str(font_path("gothic")), 30)
    image = Image.new("RGB", (1100, 60 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for row, text in enumerate(lines):
        draw.text((40, 40 + 70 * row), text, fill="black", font=font)
    return image


def stems_of(words: list[Word]) -> Counter[str]:
    return Counter(char for word in words for char in word.text if char in STEMS)


@pytest.mark.skipif(not SPEC.status(PPOCROptions()).available, reason="ppocr engine not installed")
def test_party_letters_in_hangul_lines_are_read() -> None:
    """Tesseract read 甲 as 뼈 or 뿌, 乙 as "2.", 丙 as a backslash or ㅎ, 丁 as 7 (the Korean
    model holds no Chinese character); a page without them gets none."""
    engine = PPOCREngine()
    try:
        words = engine.recognize([page(LINES)])[0].words
        assert stems_of(words) == Counter("".join(LINES)) & Counter({s: 9 for s in STEMS})
        texts = [word.text for word in words]
        assert "甲이" in texts and "乙이" in texts
        plain = [line.replace("甲", "갑").replace("乙", "을").replace("丙", "병") for line in LINES]
        plain = [line.replace("丁", "정") for line in plain]
        assert not stems_of(engine.recognize([page(plain)])[0].words)
    finally:
        engine.close()


def test_suspect_readings_are_what_the_letters_become() -> None:
    def word(text: str) -> Word:
        return Word(text=text, box=(0, 0, 10, 10), confidence=0.99, engine="t")

    for misread in ("2.이", "2,", "\\", "ㅎ", "『.이"):
        assert suspect([word("부동산이"), word(misread)]), misread
    for reading in ("부동산이", "2025년", "3월", "(주)", "제7조", "2.", "7", "10", "ㅇ", "ㅁ"):
        assert not suspect([word("계약"), word(reading)]), reading


def test_a_letter_takes_the_place_of_its_misreading_and_keeps_its_particle() -> None:
    """A strip drawn with 甲이 and 乙의, Tesseract's words as it gave them on a court decision
    (뼈이; "2," whose box reaches over the particle, which is a word of its own), and a
    recogniser reading 甲 and 乙 over their glyphs."""
    font = ImageFont.truetype(str(font_path("gothic")), 30)
    image = Image.new("RGB", (400, 44), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 6), "甲이 중개로 乙의", fill="black", font=font)
    first = draw.textbbox((10, 6), "甲이", font=font)
    middle = draw.textbbox((10, 6), "甲이 중개로", font=font)
    stem = draw.textbbox((10, 6), "甲이 중개로 乙", font=font)
    end = draw.textbbox((10, 6), "甲이 중개로 乙의", font=font)
    at = middle[2] + (stem[2] - middle[2]) * 0.25  # where 乙 starts, past the space

    def word(text: str, x0: float, x1: float) -> Word:
        return Word(text=text, box=(x0, first[1], x1, first[3]), confidence=0.98, engine="t")

    words = [
        word("뼈이", first[0], first[2]),
        word("중개로", first[2] + 10, middle[2]),
        word("2,", at, end[2] - 2),
        word("의", stem[2] + 1, end[2]),
    ]
    em = (first[2] - first[0]) / 2
    centres = (first[0] + em / 2, (at + stem[2]) / 2)

    def reader(images: list[np.ndarray]) -> list[ReadLine]:
        read = ReadWord("甲乙", 0.0, 400.0, 0.99, centres, (0.99, 0.98))
        return [ReadLine("甲乙", 0.99, [read])]

    placed = with_stems(np.asarray(image), words, reader)
    assert [w.text for w in placed] == ["甲이", "중개로", "乙", "의"]
    unsure = [ReadLine("甲", 0.9, [ReadWord("甲", 0.0, 400.0, 0.9, centres[:1], (0.9,))])]
    assert with_stems(np.asarray(image), words, lambda images: unsure) == words
