"""Signs of Korean business documents that Tesseract's Korean model has no character for, in
Hangul lines: the won sign, the square bullet and the square metre.

Contracts, invoices and registers print amounts as ₩320,000,000, areas as 84.97㎡, and list
items or checkboxes as □. Tesseract's Korean model reads the won sign as "W" or "\\" glued to
the amount, the square metre as the vowel "ㅠ" after the number (or not at all), and □ as the
consonant "ㅁ" standing alone (NanumGothic, NanumMyeongjo and NanumBarunGothic, a lease and an
employment contract drawn at 200 dpi). In Korean text none of these readings can be what is
printed: a Latin W or a backslash does not lead an amount, and a lone consonant or vowel is
no word. So in a line holding Hangul:

- "W" or "\\" before an amount (digits grouped by commas, or 4 and more digits), glued to it
  (at a word's start or after a Hangul syllable: "보증금\\320,000,000") or standing just
  before it, is written ₩;
- "ㅠ" glued to a number's end, or standing alone after a word ending in a digit, is ㎡;
- a word "ㅁ" alone is □.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docparse.model import Word

WON = "\u20a9"
SQUARE_METRE = "\u33a1"
SQUARE = "\u25a1"
AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d{4,})(?:\.\d+)?(?![\d\-/:.A-Za-z])"
"""An amount: digits grouped by thousands, or four digits and more, not going on as a date,
a time or a code ("W2024-01")."""
WON_GLUED = re.compile(rf"(^|[\uac00-\ud7a3(])[W\\](?={AMOUNT})")
"""W or a backslash leading an amount: at a word's start, after a Hangul syllable or "("."""
AMOUNT_START = re.compile(rf"^{AMOUNT}")
AREA_GLUED = re.compile(r"^(\d[\d,.]*)\u3160$")  # "84.97ㅠ"


def korean_signs(words: Sequence[Word]) -> list[Word]:
    """The words of one Hangul line (in reading order) with these signs written as printed."""
    result = list(words)
    for i, word in enumerate(words):
        text = _sign(word.text, words[i - 1].text if i else "", _next(words, i))
        if text != word.text:
            result[i] = word.model_copy(update={"text": text})
    return result


def _next(words: Sequence[Word], i: int) -> str:
    return words[i + 1].text if i + 1 < len(words) else ""


def _sign(text: str, before: str, after: str) -> str:
    if WON_GLUED.search(text):
        return WON_GLUED.sub(lambda m: m.group(1) + WON, text)
    if text in ("W", "\\") and AMOUNT_START.match(after):
        return WON
    if area := AREA_GLUED.match(text):
        return area.group(1) + SQUARE_METRE
    if text == "\u3160" and before[-1:].isdigit():
        return SQUARE_METRE
    if text == "\u3141":
        return SQUARE
    return text
