"""Words of a born-digital page's text layer set apart without a space character
(docparse.io.pdf.split_at_wide_gaps): MuPDF joins CJK glyphs however far apart they stand,
so Korean words a word processor placed one by one came out as one word.

The PDFs are written here with NanumGothic; nothing outside the repository is read."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

import docparse
from docparse.io.fonts import font_path

SIZE = 12


def placed(path: Path, lines: list[list[str]], gap: float, spread: float = 0.0) -> Path:
    """A page with each line's words placed one by one, ``gap`` ems apart and no space
    between them, each word's characters ``spread`` ems apart."""
    font = pymupdf.Font(fontfile=str(font_path("gothic")))
    document = pymupdf.open()
    page = document.new_page()
    page.insert_font(fontname="ng", fontfile=str(font_path("gothic")))
    for row, words in enumerate(lines):
        x, y = 72.0, 100.0 + 30 * row
        for word in words:
            for char in word:
                page.insert_text((x, y), char, fontname="ng", fontsize=SIZE)
                x += font.text_length(char, SIZE) + spread * SIZE
            x += (gap - spread) * SIZE
    document.save(path)
    return path


@pytest.mark.parametrize("gap", [0.3, 0.5, 1.0])
def test_korean_words_placed_apart_are_words(tmp_path: Path, gap: float) -> None:
    pdf = placed(tmp_path / "placed.pdf", [["대한민국", "헌법", "제1조"], ["합계", "금액"]], gap)
    doc = docparse.parse(pdf, engine="tesseract")
    assert doc.pages[0].source == "text_layer"
    assert [w.text for w in doc.pages[0].words()] == ["대한민국", "헌법", "제1조", "합계", "금액"]
    first, second = list(doc.pages[0].words())[:2]
    assert first.box[2] < second.box[0]  # each boxed round its own characters


def test_a_letter_spaced_line_splits_at_its_wider_word_gaps(tmp_path: Path) -> None:
    pdf = placed(tmp_path / "spaced.pdf", [["모든", "국민은", "인간으로서의"]], 0.75, spread=0.25)
    words = [w.text for w in docparse.parse(pdf, engine="tesseract").pages[0].words()]
    assert words == ["모든", "국민은", "인간으로서의"]


def test_a_word_spread_evenly_across_its_cell_stays_whole() -> None:
    """배분 정렬: the syllables of one word spread across a table cell, every gap alike (as
    the realdocs dev HWP export sets "부 동 산 업" in one span, 0.5 em apart): no gap stands
    out from the word's own, so it stays whole; a wider gap among them splits."""
    from docparse.io.pdf import _spaced_parts

    def chars(text: str, gaps: list[float]) -> list:
        out, x = [], 0.0
        for char, gap in zip(text, [*gaps, 0.0], strict=True):
            out.append((char, (x, 0.0, x + SIZE, SIZE), float(SIZE)))
            x += SIZE + gap * SIZE
        return out

    assert _spaced_parts(chars("부동산업", [0.5, 0.5, 0.5])) == [(0, 4)]
    assert _spaced_parts(chars("부동산업", [0.5, 1.2, 0.5])) == [(0, 2), (2, 4)]
    assert _spaced_parts(chars("①이벤트", [0.47, 0.0, 0.0])) == [(0, 1), (1, 4)]
    assert _spaced_parts(chars("ABCD", [0.0, 0.9, 0.0])) == [(0, 4)]  # Latin: MuPDF splits it
