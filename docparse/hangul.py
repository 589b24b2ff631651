"""Which characters are Korean: the one test of Hangul that every layer uses (the engines'
routing and clean-up, the PDF text layer's word splitting, ``ask`` and ``extract``'s
wording, the benchmark's language of a page)."""

from __future__ import annotations

import re

SYLLABLES = re.compile("[\uac00-\ud7a3]")
"""A precomposed Hangul syllable (가-힣): what Korean text is written in."""


RING = "\u25cb"
"""WHITE CIRCLE: what Korean documents type for each syllable of a name they withhold
("피고 박○○"); it stands in a Korean word as a syllable does."""


def is_syllable(char: str) -> bool:
    """True for a Hangul syllable (가-힣), not a lone jamo."""
    return "\uac00" <= char <= "\ud7a3"


def is_hangul(char: str) -> bool:
    """True for a Hangul syllable or a jamo (conjoining, U+1100-11FF, or compatibility,
    ㄱ-ㆎ: what OCR reads a lone letter or a misread mark as)."""
    return (
        "\uac00" <= char <= "\ud7a3" or "\u3131" <= char <= "\u318e" or "\u1100" <= char <= "\u11ff"
    )


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds a syllable or a jamo."""
    return any(map(is_hangul, text))


def has_syllable(text: str) -> bool:
    """Whether ``text`` holds a syllable."""
    return SYLLABLES.search(text) is not None
