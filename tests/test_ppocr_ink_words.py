"""The ppocr engine's early look at a page (issue 12's CPU on turned pages): whether its
ink's words stand, so that a sideways page is turned before PP-OCR's detector runs and is
detected once. Pages are generated here (Nanum and DejaVu fonts, the real-document
benchmark's own photo recipe), nothing outside the repository."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import ink_words
from docparse.io.fonts import Family, font_path

LINES = [
    "대법원 제1부 판결 사건 2023다12345 손해배상",
    "The court of appeal dismissed the claim for damages",
    "원고 주식회사 한빛건설, 피고 서울특별시 마포구",
    "against the construction company on 12 March 2023,",
    "주문 상고를 모두 기각한다. 상고비용은 피고가 부담한다.",
    "holding that the contract had been lawfully ended.",
]


TALL_LETTERS = ["little title, fill it all with lift and tilt"] * 12
"""Latin whose letters are mostly one upright stroke (l, i, t, f)."""


def text_page(size: int = 24, font: Family = "gothic", lines: list[str] = LINES * 2) -> Image.Image:
    """An A4 page at 150 dpi with ``lines`` of ``size``-px text (a dozen lines of Korean
    and English)."""
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(str(font_path(font)), size)
    for row, text in enumerate(lines):
        draw.text((120, 150 + row * round(1.7 * size)), text, fill="black", font=face)
    return image


def table_page(size: int = 22) -> Image.Image:
    """A small ruled table of short cells (names, digits) near the top of an A4 page."""
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(str(font_path("gothic")), size)
    rows = [["번호", "성명", "점수", "등급"]] + [
        [str(k), name, str(60 + 7 * k), "가나다"[k % 3]]
        for k, name in enumerate(["김민준", "이서연", "박지훈", "최하은", "정도윤"], start=1)
    ]
    for r, row in enumerate(rows):
        x, y = 120, 160 + r * 2 * size
        for cell in row:
            draw.rectangle((x, y, x + 140, y + 2 * size), outline="black", width=2)
            draw.text((x + 10, y + size // 3), cell, fill="black", font=face)
            x += 140
    return image


def variant(image: Image.Image, name: str, seed: int = 0) -> Image.Image:
    """The page turned and photographed as the real-document benchmark does it."""
    from docparse.evaluation.real_pages import VARIANTS

    return VARIANTS[name](image, np.random.default_rng(seed), 150).image


@pytest.mark.parametrize(
    "name", ["rot90", "rot270", "photo+rot90", "photo+rot270", "photo-small+rot90"]
)
def test_a_turned_text_page_stands(name: str) -> None:
    assert ink_words.clearly_sideways(variant(text_page(), name))


@pytest.mark.parametrize("name", ["upright", "rot180", "photo", "photo+rot180"])
def test_a_text_page_lying_flat_is_not_turned(name: str) -> None:
    share = ink_words.standing_share(variant(text_page(), name))
    assert share is not None and share < ink_words.CLEAR
    assert not ink_words.clearly_sideways(variant(text_page(), name))


@pytest.mark.parametrize("name", ["upright", "photo", "photo+rot180"])
def test_an_upright_table_page_is_not_turned(name: str) -> None:
    assert not ink_words.clearly_sideways(variant(table_page(), name))


@pytest.mark.parametrize("size", [45, 60, 90])
@pytest.mark.parametrize("font", ["gothic", "myeongjo"])
def test_large_type_lying_flat_is_not_turned(size: int, font: Family) -> None:
    """Large type stays letter by letter on the measured copy, and a lone letter of one
    stroke (a Hangul vowel's bar; l, i, t) stands: only blobs as thick as a line count."""
    assert not ink_words.clearly_sideways(text_page(size, font, LINES[: 900 // size]))


@pytest.mark.parametrize("font", ["gothic", "myeongjo"])
def test_tall_latin_letters_lying_flat_are_not_turned(font: Family) -> None:
    """Without the thickness rule this page read standing 1.0 (its letters apart, each
    l, i, t standing alone). Larger still, such letters can read standing even so: the
    early turn is then undone by the lines (one detection more, as before)."""
    assert not ink_words.clearly_sideways(text_page(45, font, TALL_LETTERS))


def test_a_blank_page_says_nothing() -> None:
    assert ink_words.standing_share(Image.new("RGB", (1240, 1754), "white")) is None


def test_the_stroke_width_is_the_inks_area_over_half_its_edge() -> None:
    ink = np.zeros((60, 60), np.uint8)
    ink[10:50, 20:24] = 1  # a stroke 4 px wide, 40 long
    assert ink_words.stroke_width(ink) == pytest.approx(4.0, rel=0.15)
