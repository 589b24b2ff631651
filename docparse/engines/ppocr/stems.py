"""The party letters of Korean legal text (甲, 乙, 丙, 丁, 戊) read by PP-OCR in Tesseract's
Hangul lines.

Court decisions and their summaries name the parties by the first of the ten heavenly stems
("甲이 공인중개사인 乙의 중개로 丙 주식회사와 …"). Tesseract's Korean model holds no Chinese
character at all, so it reads each as something else, as surely as it reads the Hangul round
it (98-99): 甲 as 뼈, 뿌, 투 or 태, 乙 as "2." or "2,", 丙 as "\\", ㅎ or ㅋ, 丁 as 7 — two
court-decision pages of the realdocs benchmark hold 41 of them. PP-OCR's tiny recogniser knows
them: on those pages it read every one as the right letter, 39 at 0.98-1.00 and two 丙 at 0.65,
and on the seven other Korean dev pages and four Korean test pages, thousands of Hangul
syllables, never read one of these five as any of them (it reads Hangul as other characters, 卫
for 고, and 己 for some 리, so 己 is left out).

A line is read by the tiny recogniser when Tesseract's reading shows what these letters become
(a lone jamo or backslash, "2,"; a digit and a point, 『 or backslash run into a Hangul
syllable: "2.이"), and every Tesseract line after a page's first letter found. Each letter it
reads surely takes the place of what Tesseract read over its glyph (one syllable wide), the
syllables beside it kept ("뼈이" → "甲이").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from docparse.engines.ppocr.lines import ink_of
from docparse.engines.ppocr.recognizer import ReadLine
from docparse.hangul import is_hangul
from docparse.model import Word

STEMS = frozenset("甲乙丙丁戊")
"""The letters looked for (the first five stems: the parties of a case rarely run further)."""
GAP = 0.12
"""Blank columns, as a share of a syllable's width, that a glyph's ink may have inside it
(the strokes of 丙 and 丁 stand apart; two syllables stand further apart)."""
WIDEST = 1.1
"""A glyph is at most this many syllables wide."""
SURE = 0.95
"""The recogniser's probability from which a letter is taken (see the module's text)."""
_SUSPECT = re.compile(
    r"^(?:[\u3131-\u3135\u3137-\u3140\u3142-\u3146\u3148-\u3162\u3164-\u318e\\]|[0-9],|(?:[0-9][.,]|[\\『][.,]?)[\uac00-\ud7a3].*)$"
)
"""A Tesseract word that may be a letter misread: a lone jamo (but ㅁ, ㅇ and ㅣ, which are
boxes, rings and bars) or backslash, a digit and a comma, or a digit with a point or comma,
or a backslash or 『, run into a Hangul syllable. (A digit and a point alone is a list's
number, "2. 계약기간"; a digit run into a syllable a date or a count, "3월"; a lone digit,
which 丁 becomes, a receipt's quantity: 丁 follows 甲 and 乙 in a text, whose misreadings
have had every line read by then.)"""

_NOT_SYLLABLE = "".join(chr(code) for code in range(0x21, 0x7F)) + "『』「」"
"""Characters a misread letter leaves beside it: ASCII letters, digits and signs, corners."""

Reader = Callable[[Sequence[np.ndarray]], list[ReadLine]]


def suspect(words: Sequence[Word]) -> bool:
    """Whether Tesseract's reading of a line holds a word such a letter becomes."""
    return any(_SUSPECT.match(word.text) for word in words)


def with_stems(image: np.ndarray, words: list[Word], read: Reader) -> list[Word]:
    """``words`` (Tesseract's, boxes in the pixels of the strip ``image``, left to right)
    with each letter ``read`` finds surely on the strip put in place of what lay over its
    glyph."""
    found = [
        (char, centre)
        for word in read([image])[0].words
        for char, centre, sure in zip(word.text, word.centres, word.probabilities, strict=False)
        if char in STEMS and sure >= SURE
    ]
    if not found:
        return words
    em = _syllable_width(words, image.shape[0])
    inked = ink_of(image).any(axis=0)
    for char, centre in found:
        words = _placed(words, char, _glyph(inked, centre, em), em)
    return words


def _glyph(inked: np.ndarray, centre: float, em: float) -> tuple[float, float]:
    """The columns of the glyph the recogniser read at ``centre`` (its emission lies only
    roughly over the glyph): the inked columns round the one nearest ``centre``, across gaps
    narrower than ``GAP`` of a syllable, at most ``WIDEST`` syllables wide; ``em`` wide round
    ``centre`` where no ink is near."""
    columns = np.flatnonzero(inked)
    if not len(columns) or abs(columns - centre).min() > em / 2:
        return centre - em / 2, centre + em / 2
    start = end = int(columns[np.argmin(abs(columns - centre))])
    gap, widest = max(1, round(GAP * em)), WIDEST * em
    while True:
        ahead = [c for c in range(end + 1, min(len(inked), end + 1 + gap)) if inked[c]]
        behind = [c for c in range(max(0, start - gap), start) if inked[c]]
        grown = False
        if ahead and ahead[0] - start <= widest:
            end, grown = ahead[0], True
        if behind and end - behind[-1] <= widest:
            start, grown = behind[-1], True
        if not grown:
            return float(start), float(end + 1)


def _syllable_width(words: Sequence[Word], height: int) -> float:
    """The median width of a Hangul syllable in the line (its all-Hangul words' widths over
    their lengths); 0.8 of the strip's height where there is none."""
    widths = [
        (word.box[2] - word.box[0]) / len(word.text)
        for word in words
        if word.text and all(is_hangul(char) for char in word.text)
    ]
    return float(np.median(widths)) if widths else 0.8 * height


def _placed(words: list[Word], char: str, glyph: tuple[float, float], em: float) -> list[Word]:
    """``words`` with ``char`` over the columns ``glyph``: in the word most over it, in place
    of its characters there (the others one syllable, ``em``, each); a word of its own where
    none is."""
    left, right = glyph
    overlaps = [min(right, word.box[2]) - max(left, word.box[0]) for word in words]
    if not overlaps or max(overlaps) <= 0:
        top = min((word.box[1] for word in words), default=0.0)
        bottom = max((word.box[3] for word in words), default=em)
        engine = words[0].engine if words else "ppocr"
        alone = Word(text=char, box=(left, top, right, bottom), confidence=SURE, engine=engine)
        return sorted([*words, alone], key=lambda word: word.box[0])
    index = int(np.argmax(overlaps))
    word = words[index]
    before = max(0, round((left - word.box[0]) / em))
    after = max(0, round((word.box[2] - right) / em))
    text = word.text
    if before + after >= len(text):  # Tesseract read nothing over the glyph
        head, tail = text[:before], text[before:]
    else:
        head, tail = text[:before], text[len(text) - after :]
    # what Tesseract read beside the glyph that is no syllable is the glyph's ink misread
    # ("2," and "2." for 乙, whose box reaches over the particle after it)
    head, tail = head.rstrip(_NOT_SYLLABLE), tail.lstrip(_NOT_SYLLABLE)
    placed = word.model_copy(update={"text": head + char + tail})
    return [*words[:index], placed, *words[index + 1 :]]
