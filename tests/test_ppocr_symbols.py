"""Korean business signs in Hangul lines (docparse/engines/ppocr/symbols.py): the readings
Tesseract's Korean model gives ₩, ㎡ and □ are written as the signs, and nothing else."""

from __future__ import annotations

import pytest

from docparse.engines.ppocr.symbols import korean_signs
from docparse.model import Word


def line(*texts: str) -> list[Word]:
    return [
        Word(text=text, box=(10.0 * i, 0.0, 10.0 * i + 8, 10.0), confidence=0.8, engine="t")
        for i, text in enumerate(texts)
    ]


def signs(*texts: str) -> list[str]:
    return [word.text for word in korean_signs(line(*texts))]


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        (("보증금", "W320,000,000"), ["보증금", "₩320,000,000"]),
        (("보증금\\320,000,000",), ["보증금₩320,000,000"]),
        (("금", "W", "12,500원"), ["금", "₩", "12,500원"]),
        (("(W1,000)",), ["(₩1,000)"]),
        (("면적", "84.97ㅠ"), ["면적", "84.97㎡"]),
        (("면적", "1,532.4", "ㅠ"), ["면적", "1,532.4", "㎡"]),
        (("ㅁ", "국민연금"), ["□", "국민연금"]),
    ],
)
def test_misread_signs_are_written_as_printed(read: tuple[str, ...], printed: list[str]) -> None:
    assert signs(*read) == printed


@pytest.mark.parametrize(
    "read",
    [
        ("모델", "W2024-01"),  # a code, not an amount
        ("W", "12"),  # too short for an amount
        ("WORLD", "컵"),
        ("ㅠ", "ㅠ"),  # no number before the vowel
        ("ㅁ받침",),  # a consonant named in a word, not alone
    ],
)
def test_other_readings_are_left_alone(read: tuple[str, ...]) -> None:
    assert signs(*read) == list(read)
