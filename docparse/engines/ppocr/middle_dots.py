"""The middle dot between Hangul words (가운뎃점: "도·소매업", "사용·수익", "서명·날인"), told
from a hyphen or a colon by its ink, in Hangul lines.

Tesseract's Korean model reads a middle dot joining two Hangul words as "-" or ":" in some
faces (a realdocs dev report: "도·소매업" as "도-소매업"; NanumGothic and NanumMyeongjo
contracts: "사용-수익할", "전대:임차권"), while a hyphen between Hangul words is also printed
("용량-독성관계" on a dev form). The ink tells them apart: a middle dot is one small blob about
as wide as tall at the line's middle height with nothing above or below it, a hyphen a flat
stroke, a colon two dots one above the other. So a word holding exactly one "-" or ":"
between two Hangul syllables is looked at on its strip, and so is a lone "-" or ":" between
two Hangul words: when the small marks at its middle height are one dot standing alone and
no dash, the character is written "·".
"""

from __future__ import annotations

import re

from docparse.engines.hangul_merge import MIDDLE_DOT
from docparse.engines.ppocr.lines import LineStrip
from docparse.hangul import is_syllable
from docparse.model import Word

JOINER = re.compile(r"(?<=[\uac00-\ud7a3])[-:](?=[\uac00-\ud7a3])")
"""A hyphen or colon between two Hangul syllables."""
LONE = ("-", ":")
SMALL = 0.22
"""A mark is at most this share of the line's height (the strip less its margin) wide and
tall: a middle dot is about 0.1, a hyphen 0.05-0.1 tall and 0.25-0.35 wide."""
SPECK = 0.08
"""Marks less than this share of the line's height across are specks (a serif's end), not
looked at: a middle dot is 0.12-0.13 of it in the Nanum faces."""
DOT = (0.5, 2.0)
"""Width over height of a dot (a hyphen is 3 and more)."""
MIDDLE = (0.3, 0.7)
"""A mark's centre lies this far down the line's height (a colon's dots lie above and below
the middle, a full stop at the foot)."""


def middle_dots(strip: LineStrip, words: list[Word]) -> list[Word]:
    """``words`` (boxes in strip pixels) with a middle dot read as "-" or ":" written "·"."""
    candidates = [
        i
        for i, word in enumerate(words)
        if len(JOINER.findall(word.text)) == 1 or _standing_between(words, i)
    ]
    band = strip.image.shape[0] - 2 * strip.pad
    if not candidates or band <= 0:
        return words
    _, stats = strip.blobs
    small = [  # (left, right, centre x, centre y down the line, width / height)
        (
            left,
            left + width,
            left + width / 2,
            (top + height / 2 - strip.pad) / band,
            width / height,
        )
        for left, top, width, height in stats[1:, :4]
        if SPECK * band <= max(width, height) <= SMALL * band
    ]
    # a dot at the middle height with no other mark above or below it (a colon's two dots)
    dots = [
        (centre_x, shape)
        for left, right, centre_x, centre_y, shape in small
        if MIDDLE[0] <= centre_y <= MIDDLE[1]
        and not any(
            other_left < right and left < other_right and other_y != centre_y
            for other_left, other_right, _, other_y, _ in small
        )
    ]
    middle = [  # every small mark at the middle height: a dash among them is a hyphen
        (centre_x, shape)
        for _, _, centre_x, centre_y, shape in small
        if MIDDLE[0] <= centre_y <= MIDDLE[1]
    ]
    result = list(words)
    for i in candidates:
        x0, _, x1, _ = words[i].box
        inside = [shape for x, shape in middle if x0 < x < x1]
        lone_dots = [shape for x, shape in dots if x0 < x < x1]
        if len(inside) == 1 and len(lone_dots) == 1 and DOT[0] <= lone_dots[0] <= DOT[1]:
            text = MIDDLE_DOT if words[i].text in LONE else JOINER.sub(MIDDLE_DOT, words[i].text)
            result[i] = words[i].model_copy(update={"text": text})
    return result


def _standing_between(words: list[Word], i: int) -> bool:
    """Whether word ``i`` is a lone "-" or ":" between a word ending in a Hangul syllable and
    one starting with one ("사용 - 수익할")."""
    return (
        words[i].text in LONE
        and 0 < i < len(words) - 1
        and is_syllable(words[i - 1].text[-1:])
        and is_syllable(words[i + 1].text[:1])
    )
