"""Words Tesseract invents: read out of rules, borders, pictures and seals rather than text.

Two kinds, each recognisable for a reason and dropped only when Tesseract itself was unsure:

- **Marks**: a "word" with no letter or digit (``|``, ``=``, ``—``, ``_``) read below
  ``MARK_CONFIDENCE``: table borders, underlines, form rules and picture edges. Real
  punctuation sits inside words and is read surely.
- **Latin guesses on a Hangul page**: with ``kor+eng`` the English model also bids on every
  blob; where the page's text is Hangul, low-confidence Latin fragments (``i pal im re mz``)
  are its guesses at strokes of seals, shading and pictures, not English. Latin words read
  surely (names, units, codes) stay.

Thresholds measured on the realdocs dev split, upright pages at 150 dpi
(benchmarks/page_geometry_dev.py; benchmarks/results/page_geometry.md): together they raise
precision on Korean pages by 3.6 points for 0.5 of recall, on English pages by 0.4 for none.
"""

from __future__ import annotations

from collections.abc import Sequence

from docparse.hangul import is_hangul
from docparse.model import Word

MARK_CONFIDENCE = 0.9
LATIN_ON_HANGUL_CONFIDENCE = 0.7
HANGUL_PAGE = 0.5
"""Share of the letters of a page's sure words (read with ``LATIN_ON_HANGUL_CONFIDENCE`` or
more: the guesses must not decide) that are Hangul, from which it is a Hangul page."""


def hangul_page(words: Sequence[Word]) -> bool:
    sure = [w for w in words if w.confidence is None or w.confidence >= LATIN_ON_HANGUL_CONFIDENCE]
    letters = [ch for word in sure for ch in word.text if ch.isalpha()]
    return bool(letters) and sum(map(is_hangul, letters)) >= HANGUL_PAGE * len(letters)


def is_mark(word: Word) -> bool:
    return not any(ch.isalnum() for ch in word.text)


def is_latin(word: Word) -> bool:
    return word.text.isascii() and any(ch.isalpha() for ch in word.text)


def drop_junk(words: list[Word]) -> list[Word]:
    """``words`` without the invented ones (see the module's doc)."""
    hangul = hangul_page(words)

    def junk(word: Word) -> bool:
        confidence = 1.0 if word.confidence is None else word.confidence
        if is_mark(word) and confidence < MARK_CONFIDENCE:
            return True
        return hangul and is_latin(word) and confidence < LATIN_ON_HANGUL_CONFIDENCE

    return [word for word in words if not junk(word)]
