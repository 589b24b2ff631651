"""Latin words inside Hangul lines, read again by PP-OCR.

On a Hangul page Tesseract reads its lines with the Korean model alone (see
:func:`.routing.hangul_lang`), which reads a Latin word among Hangul ones as invented Hangul or
digits it is unsure of: "LED 전구" as "내 0 전구", "볼펜 0.5mm" as "볼펜 0.5000ㅠ". Such a word
comes out with a confidence the Korean model's invented Hangul has on Latin lines
(``MIN_HANGUL_CONFIDENCE``, measured there: 0.00-0.42, against 0.66-0.97 for read Hangul).
A run of such words, with the words beside it that hold no Hangul (the "0" of "내 0"), is cut
out of the line and read by PP-OCR's recogniser; its reading replaces the run only when PP-OCR
reads it as Latin, surely (``MIN_CONFIDENCE``) and leaves none of its ink unread
(``MAX_UNREAD``: PP-OCR emits nothing for Hangul syllables, so a run that was Hangul after all
keeps Tesseract's reading).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.recognizer import ReadLine
from docparse.engines.ppocr.routing import (
    MAX_UNREAD,
    MIN_CONFIDENCE,
    MIN_HANGUL_CONFIDENCE,
    has_hangul,
    is_latin,
    unread_ink,
)
from docparse.model import Word

Reader = Callable[[Sequence[np.ndarray]], list[ReadLine]]


def doubted_runs(words: Sequence[Word]) -> list[tuple[int, int]]:
    """``[start, end)`` word ranges (left to right) to read again: each word read under
    ``MIN_HANGUL_CONFIDENCE``, joined by the neighbours a word space away (less than the
    line's height) that hold no Hangul or are doubted too: the pieces Tesseract cut one Latin
    word into, not the next column of a row."""
    runs: list[tuple[int, int]] = []
    for index, word in enumerate(words):
        if _sure(word) or (runs and runs[-1][1] > index):
            continue
        start, end = index, index + 1
        while start > 0 and _joins(words[start - 1], words[start]):
            start -= 1
        while end < len(words) and _joins(words[end], words[end - 1]):
            end += 1
        if runs and runs[-1][1] >= start:
            start = runs.pop()[0]
        runs.append((start, end))
    return runs


def read_latin_runs(strip: LineStrip, words: list[Word], read: Reader, engine: str) -> list[Word]:
    """``words`` (boxes in strip pixels, left to right) with each doubted run replaced by
    ``read``'s reading of its columns (words of ``engine``) where that reading is sure Latin
    covering the run's ink."""
    runs = doubted_runs(words)
    if not runs:
        return words
    cuts = [
        strip.columns(min(w.box[0] for w in words[a:b]), max(w.box[2] for w in words[a:b]))
        for a, b in runs
    ]
    readings = read([cut.image for cut, _ in cuts])
    top, bottom = strip.pad, strip.image.shape[0] - strip.pad
    kept: list[Word] = []
    last = 0
    for (start, end), (cut, left), reading in zip(runs, cuts, readings, strict=True):
        kept.extend(words[last:start])
        last = end
        if not _sure_latin(cut, reading):
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


def _sure(word: Word) -> bool:
    return (word.confidence or 0.0) >= MIN_HANGUL_CONFIDENCE


def _joins(word: Word, beside: Word) -> bool:
    """Whether ``word`` belongs to the run that ``beside`` (its neighbour) is in."""
    gap = max(word.box[0], beside.box[0]) - min(word.box[2], beside.box[2])
    height = max(word.box[3] - word.box[1], beside.box[3] - beside.box[1])
    return gap < height and (not has_hangul([word.text]) or not _sure(word))


def _sure_latin(cut: LineStrip, reading: ReadLine) -> bool:
    return (
        bool(reading.text.strip())
        and reading.confidence >= MIN_CONFIDENCE
        and all(is_latin(char) for char in reading.text)
        and unread_ink(cut, reading) <= MAX_UNREAD
    )
