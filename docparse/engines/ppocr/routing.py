"""Which reader gets a line: PP-OCR's recogniser or Tesseract kor+eng.

PP-OCRv6's dictionary holds no Hangul, so a Hangul line comes out of it as other scripts
(Chinese, Japanese) or as Latin letters read with low probability. Tesseract's Korean model
reads a well-cut Hangul line well; PP-OCR reads Latin and digit lines better (real receipts,
SROIE: 94.0 vs 87 H per the issue's measurement). So a line stays with PP-OCR when what PP-OCR
read is Latin/digits/punctuation, it is confident, and it left no ink of the line unread
(PP-OCR often emits nothing for Hangul syllables and reads the digits beside them), and goes
to Tesseract otherwise.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Literal

import numpy as np

from docparse.engines.hangul_merge import is_hangul
from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.options import RouteMode
from docparse.engines.ppocr.recognizer import ReadLine

Route = Literal["ppocr", "tesseract"]
Decision = Literal["ppocr", "tesseract", "hangul?"]
"""``hangul?``: PP-OCR read the line confidently as Latin but left ink unread: Tesseract
reads it, and its reading is kept only when it holds Hangul (:func:`has_hangul`)."""

MIN_CONFIDENCE = 0.8
"""PP-OCR's mean character probability below which its reading of a Latin line is doubted
and Tesseract reads the line (measured on the realdocs dev split, see notes/ppocr.md)."""


def is_latin(char: str) -> bool:
    """Latin letters, digits, ASCII and Latin-1/general punctuation and symbols: what PP-OCR
    reads better than Tesseract. Hangul, CJK ideographs and kana are not."""
    if ord(char) < 0x250:
        return True
    category = unicodedata.category(char)
    return category[0] in "PSZ" and not (0x3000 <= ord(char) <= 0x30FF)


MAX_UNREAD = 0.5
"""Width of ink, in line heights, that PP-OCR may leave unread before Tesseract reads the
line: less than one Hangul syllable (about 0.7 line heights), more than stray specks."""
REACH = 0.5
"""Ink within this many line heights of a character PP-OCR emitted counts as read by it."""


def route(line: ReadLine, mode: RouteMode = "auto", unread: float = 0.0) -> Decision:
    """The reader for a line PP-OCR read as ``line``, leaving ``unread`` line heights of
    its ink unread (:func:`unread_ink`)."""
    if mode != "auto":
        return mode
    if not line.text or line.confidence < MIN_CONFIDENCE:
        return "tesseract"
    if not all(is_latin(char) for char in line.text):
        return "tesseract"
    return "hangul?" if unread > MAX_UNREAD else "ppocr"


def has_hangul(texts: Iterable[str]) -> bool:
    return any(is_hangul(char) for text in texts for char in text)


def unread_ink(strip: LineStrip, line: ReadLine) -> float:
    """Width, in line heights, of the strip's ink columns farther than ``REACH`` line
    heights from every character PP-OCR emitted (:meth:`LineStrip.ink_columns`)."""
    columns = strip.ink_columns()
    if columns.size == 0:
        return 0.0
    height = max(1, round(strip.image.shape[0] - strip.pad) - round(strip.pad))
    if not line.centres:
        return columns.size / height
    distance = np.abs(columns[:, None] + 0.5 - np.array(line.centres)[None, :]).min(axis=1)
    return float((distance > REACH * height).sum()) / height
