"""㈜ read from its ink (docparse/engines/ppocr/company_mark.py): a word Tesseract began with
주, 쥐 or 줘 where the page prints ㈜ gets ㈜ back; a name typed with real parentheses, or a
word that truly starts with 주, keeps its reading. Lines drawn here with the Nanum fonts."""

from __future__ import annotations

import pytest
from drawn_strips import read_as, strip_of

from docparse.engines.ppocr.company_mark import company_marks


@pytest.mark.parametrize("face", ["gothic", "myeongjo", "barun"])
@pytest.mark.parametrize("misread", ["쥐다온테크", "주다온테크", "줘다온테크"])
def test_the_mark_read_as_a_syllable_is_written_back(face: str, misread: str) -> None:
    strip, words = strip_of(["공급자", "㈜다온테크"], face, size=34)
    found = company_marks(strip, read_as(words, "공급자", misread))
    assert [w.text for w in found] == ["공급자", "㈜다온테크"]


@pytest.mark.parametrize("face", ["gothic", "myeongjo"])
def test_words_that_start_with_ju_or_typed_parentheses_are_left(face: str) -> None:
    for parts in (["주식회사", "다온테크"], ["(주)다온테크"], ["(", "주", ")", "다온"]):
        strip, words = strip_of(parts, face, size=34)
        assert [w.text for w in company_marks(strip, words)] == parts, parts
