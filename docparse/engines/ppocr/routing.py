"""Which reader gets a line: PP-OCR's recogniser or Tesseract (kor for Hangul lines).

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
from collections.abc import Sequence
from typing import Literal

import numpy as np

from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.options import RouteMode
from docparse.engines.ppocr.recognizer import ReadLine
from docparse.hangul import is_hangul
from docparse.model import Word

Route = Literal["ppocr", "tesseract"]
Decision = Literal["ppocr", "tesseract", "hangul?", "script"]
"""``hangul?``: PP-OCR read the line confidently as Latin but left ink unread: Tesseract
reads it, and its reading is kept only when it holds Hangul (:func:`reads_hangul`).
``script``: PP-OCR read the line mostly as kana or CJK (:func:`other_script`): Tesseract reads
it with the Korean models first on any page."""

HANGUL_MODELS = ("kor", "kor_vert", "script/Hangul", "script/Hangul_vert")
"""Tesseract's models of Korean text (each also reads Latin letters and digits)."""


def hangul_lang(lang: str) -> str:
    """The Korean models of a Tesseract language list (``kor+eng`` → ``kor``), or the list
    itself when it holds none. On a Hangul line, Tesseract's per-word switch to ``eng`` turns
    Hangul words into Latin capitals, so on a Hangul page (``line_reader.HANGUL_PAGE``) the engine
    reads its Tesseract lines with these first and with all the languages only when that
    reading holds no confident Hangul (:func:`reads_hangul`). Realdocs dev split, 200 dpi
    (8 Korean, 11 English pages) and 40 SROIE dev receipts, against kor+eng alone: Korean H
    96.7 vs 95.3 with 9% less CPU per page, English 98.2 and SROIE 96.3 unchanged."""
    codes = [code for code in lang.split("+") if code in HANGUL_MODELS]
    return "+".join(codes) or lang


MIN_CONFIDENCE = 0.8
"""PP-OCR's mean character probability below which its reading of a Latin line is doubted
and Tesseract reads the line (measured on the realdocs dev split, see notes/ppocr.md)."""


CIRCLED = range(0x2460, 0x2474)
"""① to ⑳: PP-OCR's dictionaries hold them (Tesseract's models do not), and Korean
publishers number an English exam's choices with them ("① apple ② pear")."""


def is_latin(char: str) -> bool:
    """Latin letters, digits, ASCII and Latin-1/general punctuation and symbols, circled
    numbers: what PP-OCR reads better than Tesseract. Hangul, CJK ideographs and kana are
    not."""
    if ord(char) < 0x250 or ord(char) in CIRCLED:
        return True
    category = unicodedata.category(char)
    return category[0] in "PSZ" and not (0x3000 <= ord(char) <= 0x30FF)


MAX_UNREAD = 0.5
"""Width of ink, in line heights, that PP-OCR may leave unread before Tesseract reads the
line: less than one Hangul syllable (about 0.7 line heights), more than stray specks."""
MAX_UNREAD_HANGUL_PAGE = 0.2
"""The same on a Hangul page (``line_reader.HANGUL_PAGE``), where a line PP-OCR read as Latin is
more often Hangul it misread. Measured on the dev pages (the outside generator's 36 Korean
receipts and statements, seeds 2-24, and the 19 realdocs dev Korean first pages at 200 dpi):
of the lines PP-OCR kept, 2,128 left under 0.15 line heights unread and none 0.15-0.2; of
the 36 at 0.2-0.5, nearly all were Hangul read as Latin ("세액" as "H", "LED 전구" as "LED7",
"2024년02월28일" as "2024L0228%", "□ AI 기술" as "□AI7"), the rest single digits. Such a line
goes to Tesseract, whose reading is kept only when it holds confident Hangul (``hangul?``),
so a digit stays PP-OCR's."""
REACH = 0.5
"""Ink within this many line heights of a character PP-OCR emitted counts as read by it."""


def route(
    line: ReadLine, mode: RouteMode = "auto", unread: float = 0.0, max_unread: float = MAX_UNREAD
) -> Decision:
    """The reader for a line PP-OCR read as ``line``, leaving ``unread`` line heights of
    its ink unread (:func:`unread_ink`), more than ``max_unread`` a doubt."""
    if mode != "auto":
        return mode
    if not line.text or line.confidence < MIN_CONFIDENCE:
        return "tesseract"
    if not all(is_latin(char) for char in line.text):
        return "tesseract"
    return "hangul?" if unread > max_unread else "ppocr"


CJK = (range(0x3040, 0x3100), range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00))
"""Kana and CJK ideographs: what PP-OCR makes of Hangul, which its dictionaries lack."""


def other_script(line: ReadLine) -> bool:
    """Whether PP-OCR read the line mostly as kana or CJK ideographs (:data:`CJK`): more than
    half of its characters. Any other character that is not Latin is no sign of Hangul (a
    receipt's "Name Badge (H) ω 0.5500", SROIE dev 073, read with the Korean models first,
    became "48016 88096 타"), and a line read mostly as Latin and digits holds words the Korean
    models misread ("생수 500ml", read "坐仝500ml", became "생수 50001" on a generated
    convenience-store receipt)."""
    chars = [char for char in line.text if not char.isspace()]
    foreign = sum(any(ord(char) in block for block in CJK) for char in chars)
    return foreign > len(chars) / 2


MIN_HANGUL_CONFIDENCE = 0.5
"""Tesseract's mean confidence in the Hangul words of its Korean reading of a line, below
which the Hangul is taken as misread Latin: on Latin lines of SROIE dev receipts the Korean
model's invented Hangul words scored 0.00-0.42, on the Hangul lines of three realdocs dev
Korean pages 0.66-0.97 for all but 4 of 166 lines (those go on to be read with all the
languages, as before)."""


def reads_hangul(words: Sequence[Word]) -> bool:
    """Whether Tesseract's reading of a line holds Hangul it is confident of: its words'
    confidence averaged over their Hangul characters, so that a word joined of syllables
    (``TesseractEngine.read_line``) counts as much as the syllables did apart (averaged over
    words, the joined words tipped a test page's line "속눈썹, 눈썹" under 0.5, and kor+eng
    read it "Se, EA")."""
    weighted = [
        (sum(is_hangul(char) for char in word.text), word.confidence or 0.0) for word in words
    ]
    count = sum(n for n, _ in weighted)
    return count > 0 and sum(n * c for n, c in weighted) / count >= MIN_HANGUL_CONFIDENCE


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
