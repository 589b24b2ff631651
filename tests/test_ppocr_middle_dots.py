"""Middle dots told from hyphens and colons by their ink (docparse/engines/ppocr/
middle_dots.py): a "-" or ":" Tesseract read between Hangul words where the page prints "·"
becomes "·"; printed hyphens, colons and times are left. Lines drawn with the Nanum fonts."""

from __future__ import annotations

import pytest
from drawn_strips import read_as, strip_of

from docparse.engines.ppocr.middle_dots import middle_dots


def texts(parts: list[str], face: str, *read: str) -> list[str]:
    strip, words = strip_of(parts, face)  # type: ignore[arg-type]
    return [word.text for word in middle_dots(strip, read_as(words, *read))]


@pytest.mark.parametrize("face", ["gothic", "myeongjo", "barun"])
def test_a_middle_dot_read_as_a_hyphen_or_colon_is_a_middle_dot(face: str) -> None:
    assert texts(["사용·수익할", "수"], face, "사용-수익할", "수") == ["사용·수익할", "수"]
    assert texts(["전대·임차권"], face, "전대:임차권") == ["전대·임차권"]
    # read as a word of its own between two Hangul words
    assert texts(["사용", "·", "수익"], face, "사용", "-", "수익") == ["사용", "·", "수익"]


@pytest.mark.parametrize("face", ["gothic", "myeongjo", "barun"])
def test_printed_hyphens_and_colons_stay(face: str) -> None:
    for parts in (
        ["용량-독성관계"],
        ["서울-부산", "구간"],
        ["시간", "12:30"],
        ["원고", "-", "피고"],
        ["주관기관", ":", "중소기업"],
        ["구분:내용"],
    ):
        assert texts(parts, face, *parts) == parts, parts
