"""Whether a page's reading looks like a page read the wrong way up: the last guard against
a silent collapse. Read upside down (or sideways the wrong way), text comes out as
low-confidence junk in any script; read the right way up, a real page reads surely.

Measured with the ``ppocr`` engine on the realdocs **dev** split (19 first pages at 200 dpi,
2026-11-26): read right way up, as given and photographed, a page's mean character
confidence was 0.83-0.998 (and 0.80-0.995 on the SROIE receipts' cached readings); the
same pages turned 180° and read without turning back, 0.30-0.59 (a statistics table of
digits, which read alike both ways, is the 0.59). ``LOW_CONFIDENCE`` sits in that gap; the
degraded variants of the same pages (blur, noise, JPEG 30, half resolution, small phone
photos) read right go down to 0.68 (a small photo of a Korean table): such a page costs a
second look and a warning, and keeps its reading."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from docparse.model import Word

LOW_CONFIDENCE = 0.7
"""Mean character confidence under which a page's reading is doubted (see the module)."""
TURN_GAIN = 0.2
"""How much surer the page read turned 180° must be to be kept: about half the smallest gap
between a dev page's readings the right way and upside down (0.38, the statistics table;
0.48-0.66 on the others), so that two readings of a hard page alike both ways never swap by
chance. A right reading under ``LOW_CONFIDENCE`` (a small phone photo of a Korean table,
0.68) still wins over its upside-down junk (0.33)."""
OTHER_WAYS = (180, 90, 270)
"""The turns, from the way a doubted page was read, that the second look tries in order."""
MIN_CHARACTERS = 20
"""A page with fewer characters read is not judged: its mean is a few words' chance."""


class Sureness(NamedTuple):
    """How surely a page was read: its characters and their mean confidence."""

    characters: int
    confidence: float

    @property
    def doubtful(self) -> bool:
        """Read so unsurely that it may have been read the wrong way up."""
        return self.characters >= MIN_CHARACTERS and self.confidence < LOW_CONFIDENCE

    @property
    def weight(self) -> float:
        """Confidence × coverage: the characters read, each counted by its confidence."""
        return self.characters * self.confidence


def sureness(words: Sequence[Word]) -> Sureness:
    """The characters of ``words`` and their mean confidence (a word's confidence counted
    once per character; a word without one counts 0)."""
    characters = sum(len(word.text) for word in words)
    if not characters:
        return Sureness(0, 0.0)
    weighted = sum(len(word.text) * (word.confidence or 0.0) for word in words)
    return Sureness(characters, weighted / characters)


def takes_over(first: Sureness, other: Sureness) -> bool:
    """Whether the reading ``other`` (the page turned 180° from ``first``'s way) replaces
    ``first``: only a reading surer by ``TURN_GAIN`` that holds more surely read characters
    (confidence × coverage); two readings alike keep the first."""
    return other.confidence >= first.confidence + TURN_GAIN and other.weight > first.weight


def warning(first: Sureness, other: Sureness | None, turned: int | None) -> str:
    """The page's warning after the second look: ``other`` is the surest other reading (None
    when pages are not turned), ``turned`` the page's turn when that reading was kept."""
    said = f"page read with low confidence ({first.confidence:.2f})"
    if other is None:
        return f"{said}: it may lie the wrong way up (page turning is off) or hold little text"
    if turned is not None:
        return (
            f"{said} the way its lines showed; read turned {turned}° counter-clockwise "
            f"instead (confidence {other.confidence:.2f})"
        )
    return f"{said}, and no better turned another way: a hard page, or little printed text"
