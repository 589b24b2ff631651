"""Joins Korean words that an OCR engine broke apart.

Tesseract's Korean model often reads one word as several, split between syllables
("거 래 명세서" for "거래명세서"): it takes the normal gap between two Hangul syllables for a
space. A real space between Korean words is wider than that gap relative to the text height, so
two neighbouring words on one line are joined when the break falls inside Korean text (the
left word ends with a Hangul syllable or a digit, as in "7일", and the right one starts with a
Hangul syllable; a ring ○ standing for a withheld syllable counts as one: "박○○") and the
gap is at most ``MAX_GAP`` text heights: texts joined, boxes
unioned, the lower confidence kept. Words written in other scripts are never touched.

The fragments' boxes may overlap: Tesseract often gives the first syllable of a broken word a
box that reaches over the next one, so an overlap counts as a gap of zero or less.

``MAX_GAP`` comes from a one-off analysis of the gaps between neighbouring Tesseract words,
labelled by the true word boxes, on the 60 synthetic pages of benchmarks/tesseract_tuning.py
(PSM 3 and 6, with and without upscaling): at 0.25 text heights 80-85 % of the breaks between
two Hangul syllables of one true word are joined and 3-4 % of the spaces between two true
Korean words are (wrongly) joined; 0.3 joins about 5 % more breaks but 2-3 times as many real
spaces. Breaks next to punctuation ("가능 합니다.") and after digits ("7 일") are joined in
93-98 % of cases.
"""

from __future__ import annotations

from collections.abc import Sequence

from docparse.hangul import RING, is_hangul
from docparse.model import Word, union_box

MAX_GAP = 0.25
"""Largest gap between two fragments, as a share of the taller one's height, that is joined."""
MIN_OVERLAP = 0.5
"""Vertical overlap, as a share of the shorter fragment's height, for one line."""


MIDDLE_DOT = "\u00b7"
"""The middle dot that joins Korean words into one ("조사·확인", "미국·유럽"): the engines write it
for the letter ㆍ Tesseract reads (:data:`docparse.engines.tesseract.ARAEA_AS_DOT`), and a
break beside it falls inside Korean text as a break beside that letter did."""


def breaks_korean(left: str, right: str) -> bool:
    """Whether a break between these texts falls inside Korean text."""
    if not (left and right):
        return False
    before = is_hangul(left[-1]) or left[-1].isdigit() or left[-1] in (MIDDLE_DOT, RING)
    return before and (is_hangul(right[0]) or right[0] in (MIDDLE_DOT, RING))


def joins(left: Word, right: Word, max_gap: float = MAX_GAP) -> bool:
    """Whether ``right`` continues ``left``: a break inside Korean text, on one line, close."""
    if not breaks_korean(left.text, right.text):
        return False
    lx0, ly0, lx1, ly1 = left.box
    rx0, ry0, _, ry1 = right.box
    left_height, right_height = ly1 - ly0, ry1 - ry0
    if min(left_height, right_height) <= 0:
        return False
    overlap = min(ly1, ry1) - max(ly0, ry0)
    if overlap < MIN_OVERLAP * min(left_height, right_height):
        return False
    return rx0 > lx0 and rx0 - lx1 <= max_gap * max(left_height, right_height)


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
