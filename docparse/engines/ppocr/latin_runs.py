"""Latin words inside Hangul lines, read again by PP-OCR.

On a Hangul page Tesseract reads its lines with the Korean model alone (see
:func:`.routing.hangul_lang`), which reads a Latin word among Hangul ones as invented Hangul or
digits it is unsure of: "LED 전구" as "내 0 전구", "볼펜 0.5mm" as "볼펜 0.5000ㅠ". Such a word
comes out with a confidence the Korean model's invented Hangul has on Latin lines
(``MIN_HANGUL_CONFIDENCE``, measured there: 0.00-0.42, against 0.66-0.97 for read Hangul).
A word the Korean model read with digits and without Hangul is doubted whatever its
confidence: that model reads Latin capitals as digits it is sure of ("GS25, CU" as "6525, 00"
at 0.93-0.95, "200nm" as "20000", "DMF" as "1008" on realdocs dev Korean pages). (Doubting
every word of Latin letters as well read the same on the realdocs dev and test pages and the
outside generator's receipts, at up to 7 % more CPU on a page of English words in Hangul
lines.) Any
Tesseract line holding Hangul is looked at so, on any page: off a Hangul page kor+eng read a
receipt's "생수 500ml" as "생수 50001".
A run of doubted words, with the words beside it that hold no Hangul (the "0" of "내 0"), is
cut out of the line and read by PP-OCR's recogniser; its reading replaces the run only when
PP-OCR reads it as Latin, surely (``MIN_CONFIDENCE``), leaves none of its ink unread
(``MAX_UNREAD``: PP-OCR emits nothing for Hangul syllables, so a run that was Hangul after all
keeps Tesseract's reading) and does not read the letters or digits Tesseract read surely
(where both read the same ones, Tesseract's words keep their spaces and punctuation: PP-OCR
read "3, 4, 5, 9," as one word and dropped the dash of "- 14:00"). Circled numbers are read
from their ring first (:mod:`.circled`): "⑤" holds no ASCII digit and is not read again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.recognizer import ReadLine
from docparse.engines.ppocr.routing import (
    MAX_UNREAD,
    MIN_CONFIDENCE,
    MIN_HANGUL_CONFIDENCE,
    is_latin,
    unread_ink,
)
from docparse.hangul import has_hangul, is_syllable
from docparse.model import Word

Reader = Callable[[Sequence[np.ndarray]], list[ReadLine]]


def doubted_runs(words: Sequence[Word]) -> list[tuple[int, int]]:
    """``[start, end)`` word ranges (left to right) to read again: each doubted word (read
    under ``MIN_HANGUL_CONFIDENCE``, or with digits and without Hangul), joined by the
    neighbours a word space away (less than the line's height) that hold no Hangul or are
    doubted too: the pieces Tesseract cut one Latin word into, not the next column of a row."""
    runs: list[tuple[int, int]] = []
    for index, word in enumerate(words):
        if _sure(word) or (runs and runs[-1][1] > index):
            continue
        start, end = index, index + 1
        while start > 0 and _joins(words[start - 1], words[start]):
            start -= 1
        while end < len(words) and _joins(words[end], words[end - 1]):
            end += 1
        if runs and runs[-1][1] > start:
            start = runs.pop()[0]
        runs.append((start, end))
    return runs


def read_latin_runs(strip: LineStrip, words: list[Word], read: Reader, engine: str) -> list[Word]:
    """``words`` (boxes in strip pixels, left to right) with each doubted run replaced by
    ``read``'s reading of its columns (words of ``engine``) where that reading is sure Latin
    covering the run's ink and not the letters and digits Tesseract read confidently."""
    runs = doubted_runs(words)
    if not runs:
        return words
    tight = [_span(strip, words, a, b) for a, b in runs]
    wide = [_widened(strip, words, a, b, span) for (a, b), span in zip(runs, tight, strict=True)]
    cuts = [strip.columns(*span) for span in wide]
    readings = read([cut.image for cut, _ in cuts])
    # a widened cut that took in a touching Hangul syllable ("A4용지" read "A4号") is read
    # again on the run's own boxes
    again = [
        k
        for k, (cut, reading) in enumerate(zip(cuts, readings, strict=True))
        if wide[k] != tight[k] and not _sure_latin(cut[0], reading)
    ]
    if again:
        retried = [strip.columns(*tight[k]) for k in again]
        for k, cut, reading in zip(
            again, retried, read([c.image for c, _ in retried]), strict=True
        ):
            cuts[k], readings[k] = cut, reading
    top, bottom = strip.pad, strip.image.shape[0] - strip.pad
    kept: list[Word] = []
    last = 0
    for (start, end), (cut, left), reading in zip(runs, cuts, readings, strict=True):
        kept.extend(words[last:start])
        last = end
        if (
            not _sure_latin(cut, reading)
            or _agrees(reading.text, words[start:end])
            or _lost_triangle(reading.text, words[start:end])
        ):
            kept.extend(words[start:end])
            continue
        for read_word in reading.words:
            update = {
                "text": read_word.text,
                "box": (left + read_word.x0, top, left + read_word.x1, bottom),
                "confidence": min(1.0, max(0.0, read_word.confidence)),
                "engine": engine,
            }
            kept.append(words[start].model_copy(update=update))
    kept.extend(words[last:])
    return kept


LONE_SURE = 0.99
"""How sure PP-OCR must be of the capitals it reads on a lone syllable
(:func:`read_lone_syllables`)."""
SPACED = 0.5
"""A lone syllable read as capitals stands at most this many line heights from a word beside
it, as words of running text do ("AI 연계": 0.15-0.3 on realdocs dev form-002); a letter-spaced
title leaves about a syllable's width between its syllables ("대 법원": 0.93, a court decision
set in Baekmuk Gulim, whose "대" PP-OCR reads "CH" at 0.99)."""


def read_lone_syllables(
    strip: LineStrip, words: list[Word], read: Reader, engine: str
) -> list[Word]:
    """``words`` with each lone syllable that is a Latin capital word replaced.

    Tesseract's Korean model reads a two-letter capital word as one syllable it is sure of:
    "AI" as "시" at 0.94-0.95 (realdocs dev form-002, three of its four "AI 연계", "AI
    기반"), which :func:`read_latin_runs` never doubts. PP-OCR (no Hangul in its dictionary)
    reads such a word's own columns "AI" at 1.00, and true one-syllable words (및, 수, 등, 형,
    전, …) as ideographs, nothing, or Latin under 0.55; but a letter-spaced title's syllables
    ("대 법 원", "주 문") can read as capitals ("대" → "CH", Baekmuk Gulim). So a word of one
    syllable whose neighbours on the line are no lone syllables is read on its own columns,
    and PP-OCR's reading replaces it only when it is two capitals or more and nothing else,
    read at ``LONE_SURE``, covering the word's ink, a word space from a word beside it
    (``SPACED``: not a letter-spaced title's)."""
    lone = [
        i
        for i, word in enumerate(words)
        if _lone_syllable(word)
        and all(not _lone_syllable(words[j]) for j in (i - 1, i + 1) if 0 <= j < len(words))
    ]
    if not lone:
        return words
    cuts = [strip.columns(*_span(strip, words, i, i + 1)) for i in lone]
    readings = read([cut.image for cut, _ in cuts])
    kept = list(words)
    top, bottom = strip.pad, strip.image.shape[0] - strip.pad
    for i, (cut, left), reading in zip(lone, cuts, readings, strict=True):
        text = reading.text.strip()
        if not (
            reading.words
            and len(text) >= 2
            and text.isascii()
            and text.isalpha()
            and text.isupper()
            and reading.confidence >= LONE_SURE
            and unread_ink(cut, reading) <= MAX_UNREAD
        ):
            continue
        x0 = left + min(w.x0 for w in reading.words)
        x1 = left + max(w.x1 for w in reading.words)
        gaps = [x0 - words[i - 1].box[2]] if i > 0 else []
        gaps += [words[i + 1].box[0] - x1] if i + 1 < len(words) else []
        if gaps and min(gaps) <= SPACED * (bottom - top):
            kept[i] = words[i].model_copy(
                update={
                    "text": text,
                    "box": (x0, top, x1, bottom),
                    "confidence": min(1.0, reading.confidence),
                    "engine": engine,
                }
            )
    return kept


def _lone_syllable(word: Word) -> bool:
    return len(word.text) == 1 and is_syllable(word.text)


LETTER_GAP = 0.3
"""Widest blank, in line heights, taken as the inside of a word. Tesseract's box of a word the
Korean model misread can miss its first or last characters ("215-52-83391" boxed from its
"5", "493-78-90019" to its "1", on outside-generator receipts; the "1" of their tabular
digits stands 0.27 line heights from its neighbours, the word spaces around them 0.46): a run
is cut as far as its ink continues by gaps this narrow on each side that is not Hangul (a
doubted "에" touches "자산" with no gap, and "자산에 80%" read "HI 80%"), never past the
neighbouring words' boxes. A widened cut PP-OCR does not read as sure Latin is read again on
the run's own boxes (the cut of "A4" took in the "용" it touches)."""


def _span(strip: LineStrip, words: Sequence[Word], start: int, end: int) -> tuple[float, float]:
    """The strip columns ``x0, x1`` of the run ``words[start:end]``: its words' boxes held
    between its neighbours' boxes."""
    x0 = min(word.box[0] for word in words[start:end])
    x1 = max(word.box[2] for word in words[start:end])
    low, high = _neighbours(strip, words, start, end)
    if low < x1:
        x0 = max(x0, low)
    if high > x0:
        x1 = min(x1, high)
    return x0, x1


def _neighbours(
    strip: LineStrip, words: Sequence[Word], start: int, end: int
) -> tuple[float, float]:
    """Where the word before the run ends and the word after it starts (the strip's ends)."""
    low = words[start - 1].box[2] if start > 0 else 0.0
    high = words[end].box[0] if end < len(words) else float(strip.image.shape[1])
    return low, high


def _widened(
    strip: LineStrip, words: Sequence[Word], start: int, end: int, span: tuple[float, float]
) -> tuple[float, float]:
    """``span`` widened over the ink that continues it (``LETTER_GAP``) on each side where
    the run's end word holds no Hangul, up to the neighbouring words' boxes."""
    x0, x1 = span
    low, high = _neighbours(strip, words, start, end)
    ink = strip.ink_columns()
    widest = LETTER_GAP * (strip.image.shape[0] - 2 * strip.pad)
    if not has_hangul(words[start].text):
        for column in ink[(ink < x0) & (ink >= low)][::-1]:
            if x0 - column - 1 > widest:
                break
            x0 = float(column)
    if not has_hangul(words[end - 1].text):
        for column in ink[(ink >= x1) & (ink < high)]:
            if column - x1 > widest:
                break
            x1 = float(column + 1)
    return x0, x1


TRIANGLE_MISREAD = re.compile(r"^[(\[]?(?:\^?ㅅ|스|소|ㅜ)(?=\d)")
"""What the Korean model, which has no triangles, makes of one before a number in a Korean
table ("△6.9%" for a decrease, "▲" for an increase): "스6.9%", "ㅅ6.9%", "소6.9%", "ㅜ6.9%"
(▽) on lines drawn in NanumGothic and NanumMyeongjo. No Korean word starts with such a
syllable glued to a digit; PP-OCR has the triangles. A genuine syllable there leaves ink
PP-OCR cannot read, and Tesseract's reading stands."""


TRIANGLES = frozenset("△▲▽▼∆∇")


def _lost_triangle(text: str, words: Sequence[Word]) -> bool:
    """Whether a run doubted for a triangle the Korean model read as Hangul reads again
    without one: the syllable was Hangul after all, and Tesseract's reading stands."""
    doubted = any(TRIANGLE_MISREAD.match(word.text) for word in words)
    return doubted and not any(char in TRIANGLES for char in text)


def _sure(word: Word) -> bool:
    """Whether the Korean model's reading of ``word`` stands without a second reading: read
    with confidence, not digits without Hangul (what it makes of Latin capitals), and no
    triangle it read as Hangul (:data:`TRIANGLE_MISREAD`)."""
    if not has_hangul(word.text) and any(char.isascii() and char.isdigit() for char in word.text):
        return False
    if TRIANGLE_MISREAD.match(word.text):
        return False
    return _confident(word)


def _confident(word: Word) -> bool:
    return (word.confidence or 0.0) >= MIN_HANGUL_CONFIDENCE


def _agrees(text: str, words: Sequence[Word]) -> bool:
    """Whether Tesseract read ``words`` confidently and as the same letters and digits, in
    order, as ``text`` (then its spaces and punctuation stand)."""
    read = _alphanumerics("".join(word.text for word in words))
    return bool(read) and all(map(_confident, words)) and _alphanumerics(text) == read


def _alphanumerics(text: str) -> str:
    return "".join(char for char in text if char.isalnum())


def _joins(word: Word, beside: Word) -> bool:
    """Whether ``word`` belongs to the run that ``beside`` (its neighbour) is in."""
    gap = max(word.box[0], beside.box[0]) - min(word.box[2], beside.box[2])
    height = max(word.box[3] - word.box[1], beside.box[3] - beside.box[1])
    return gap < height and (not has_hangul(word.text) or not _sure(word))


def _sure_latin(cut: LineStrip, reading: ReadLine) -> bool:
    return (
        bool(reading.text.strip())
        and reading.confidence >= MIN_CONFIDENCE
        and all(is_latin(char) for char in reading.text)
        and unread_ink(cut, reading) <= MAX_UNREAD
    )
