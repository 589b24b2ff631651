"""Joins Korean words that an OCR engine broke apart.

Tesseract's Korean model often reads one word as several, split between syllables
("거 래 명세서" for "거래명세서"): it takes the normal gap between two Hangul syllables for a
space. A real space between Korean words is wider than that gap relative to the text height, so
two neighbouring all-Hangul words on one line with a gap of at most ``MAX_GAP`` text heights
become one word: texts joined, boxes unioned, the lower confidence kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from docparse.model import Word, union_box

MAX_GAP = 0.25
"""Largest gap between two fragments, as a share of the taller one's height, that is joined."""
MIN_OVERLAP = 0.5
"""Vertical overlap, as a share of the shorter fragment's height, for one line."""
MAX_OVERLAP = 0.2
"""Horizontal overlap allowed, as a share of the height (touching glyphs may overlap a little)."""


def is_hangul(text: str) -> bool:
    """True when every character is a Hangul syllable or jamo."""
    return bool(text) and all(_hangul_char(char) for char in text)


def _hangul_char(char: str) -> bool:
    code = ord(char)
    return (
        0xAC00 <= code <= 0xD7A3  # syllables
        or 0x1100 <= code <= 0x11FF  # jamo
        or 0x3130 <= code <= 0x318F  # compatibility jamo
    )


def joins(left: Word, right: Word, max_gap: float = MAX_GAP) -> bool:
    """Whether ``right`` continues ``left``: both Hangul, on one line, close enough."""
    if not (is_hangul(left.text) and is_hangul(right.text)):
        return False
    lx0, ly0, lx1, ly1 = left.box
    rx0, ry0, rx1, ry1 = right.box
    left_height, right_height = ly1 - ly0, ry1 - ry0
    if min(left_height, right_height) <= 0:
        return False
    overlap = min(ly1, ry1) - max(ly0, ry0)
    if overlap < MIN_OVERLAP * min(left_height, right_height):
        return False
    gap = rx0 - lx1
    height = max(left_height, right_height)
    return -MAX_OVERLAP * height <= gap <= max_gap * height and rx1 > lx1


def merge_hangul(words: Sequence[Word], max_gap: float = MAX_GAP) -> list[Word]:
    """``words`` in the engine's reading order (line by line, left to right), with each run of
    Korean fragments that :func:`joins` links joined into one word."""
    merged: list[Word] = []
    for word in words:
        if merged and joins(merged[-1], word, max_gap):
            merged[-1] = _join(merged[-1], word)
        else:
            merged.append(word)
    return merged


def _join(left: Word, right: Word) -> Word:
    confidences = [c for c in (left.confidence, right.confidence) if c is not None]
    return left.model_copy(
        update={
            "text": left.text + right.text,
            "box": union_box((left.box, right.box)),
            "quad": None,
            "confidence": min(confidences) if confidences else None,
        }
    )
