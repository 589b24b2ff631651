"""㈜ (U+321C, "(주)", 주식회사: a joint-stock company) read from its ink, in Hangul lines.

Korean receipts, invoices and contracts print a company's name after ㈜ ("㈜다온테크"), a
single character: 주 drawn small between two parentheses a full syllable tall. Tesseract's
Korean model has no such character and reads it as a syllable like 주, 쥐 or 줘, glued to the
name or standing alone (NanumGothic, NanumMyeongjo, NanumBarunGothic at 200 dpi). So when a
word of a Hangul line starts with such a syllable, its first syllable's place is looked at:
when the ink there is an opening and a closing parenthesis (thin strokes about as tall as
the line) round marks that stand well inside them, the syllable is written ㈜. A name typed
with real parentheses, "(주)다온테크", is read with them and not looked at.
"""

from __future__ import annotations

import numpy as np

from docparse.engines.ppocr.lines import LineStrip
from docparse.model import Word

MARK = "\u321c"
READ_AS_JU = frozenset({0x0C, 0x0D, 0x04})
"""Initial consonants (Unicode's order: ㅈ, ㅉ, ㄸ) of the syllables Tesseract reads ㈜ as."""
U_VOWELS = frozenset({13, 14, 15, 16, 17})
"""Their vowels (ㅜ, ㅝ, ㅞ, ㅟ, ㅠ), with no final consonant: 주, 쥐, 줘, 쥬, 뛰."""
PAREN_HEIGHT = 0.6
"""A parenthesis is at least this share of the line's height (the strip less its margin):
drawn in the three Nanum faces it is 0.9-1.0 of a syllable's height, 0.76-0.95 of the lines
the detector found."""
PAREN_WIDTH = 0.3
"""...and at most this share of its own height wide (5-7 px for 29-32 px)."""
SPAN = (0.6, 1.1)
"""The closing parenthesis starts this many of the opening one's heights after it (0.78-0.84
in the three faces)."""
INSIDE = 0.6
"""The marks between them reach at most this share of the parentheses' height (주 is drawn
at 0.3-0.4 of it per part)."""
START = 0.3
"""The opening parenthesis starts within this many of its heights of the word's box."""


def company_marks(strip: LineStrip, words: list[Word]) -> list[Word]:
    """``words`` (boxes in strip pixels) with each ㈜ read as a syllable written ㈜."""
    band = strip.image.shape[0] - 2 * strip.pad
    candidates = [
        i
        for i, word in enumerate(words)
        if word.text
        and _read_as_ju(word.text[0])
        and not word.text[1:].startswith(")")  # "(주)" typed: its parentheses were read
        and not (i and words[i - 1].text.endswith("("))
    ]
    if band <= 0 or not candidates:
        return words
    _, stats = strip.blobs
    blobs = stats[1:, :4].astype(int)
    result = list(words)
    for i in candidates:
        if _parenthesised(blobs, words[i].box[0], band):
            result[i] = words[i].model_copy(update={"text": MARK + words[i].text[1:]})
    return result


def _read_as_ju(char: str) -> bool:
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return False
    return code // 588 in READ_AS_JU and (code % 588) // 28 in U_VOWELS and code % 28 == 0


def _parenthesised(blobs: np.ndarray, x0: float, band: float) -> bool:
    """Whether the ink blobs (left, top, width, height) hold a parenthesis starting near
    ``x0``, its closing one a syllable on, and only smaller marks between them."""
    heights, widths = blobs[:, 3], blobs[:, 2]
    thin = (heights >= PAREN_HEIGHT * band) & (widths <= PAREN_WIDTH * heights)
    tall = [tuple(int(v) for v in blob) for blob in blobs[thin]]
    for opening in tall:
        left, _, width, height = opening
        if abs(left - x0) > START * height:
            continue
        for closing in tall:
            right, _, right_width, right_height = closing
            if not SPAN[0] * height <= right - left <= SPAN[1] * height:
                continue
            # 주's strokes reach under the parentheses' curves: placed by their centres
            centres = (left + width / 2, right + right_width / 2)
            between = [
                blob[3]
                for blob in blobs
                if centres[0] < blob[0] + blob[2] / 2 < centres[1]
                and tuple(blob) not in (opening, closing)
            ]
            if between and max(between) <= INSIDE * min(height, right_height):
                return True
    return False
