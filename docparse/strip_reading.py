"""Reading a few small images (runs of text cut from a page) with any engine, in one call:
they are stacked as the lines of one white strip, the engine reads the strip as it reads a
page, and each read word goes to the image its middle lies in. Used to check a text layer
against what its page shows (:mod:`docparse.io.layer_fonts`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PIL import Image

from docparse.engines.base import Engine
from docparse.geometry.straighten import GeometryOptions, UprightReader
from docparse.model import Word
from docparse.preprocess import to_page_space

MARGIN = 16
"""White pixels round each image, so that no word's box reaches into its neighbour's."""
GAP = 40
"""White pixels between two images: wider than a line's spacing, so each reads as its own
line (a text line's spacing is about half its height; the pieces of
:mod:`docparse.io.layer_fonts` are 32 px high)."""


class Reading(NamedTuple):
    """What was read in one image: its words left to right joined by spaces ("" for
    nothing), and their mean confidence per character (1.0 from an engine that gives none;
    0.0 for nothing read)."""

    text: str
    confidence: float


AS_GIVEN = GeometryOptions(rotate_pages=False, deskew=False)


def read_strip(engine: Engine, images: Sequence[Image.Image]) -> list[Reading]:
    """What the engine reads in each image."""
    if not images:
        return []
    width = max(image.width for image in images) + 2 * MARGIN
    height = sum(image.height + 2 * MARGIN for image in images) + GAP * (len(images) - 1)
    strip = Image.new("RGB", (width, height), "white")
    slots = []
    top = 0
    for image in images:
        strip.paste(image.convert("RGB"), (MARGIN, top + MARGIN))
        bottom = top + image.height + 2 * MARGIN
        slots.append((top, bottom))
        top = bottom + GAP
    if isinstance(engine, UprightReader):  # the strip is upright and level: no need to look
        read, _ = engine.recognize_upright([strip], AS_GIVEN)[0]
        words = read.words
    else:
        prepared, scale = engine.prepare(strip)
        words = to_page_space(engine.recognize([prepared])[0].words, scale)
    found: list[list[Word]] = [[] for _ in images]
    for word in words:
        middle = (word.box[1] + word.box[3]) / 2
        for slot, (slot_top, slot_bottom) in enumerate(slots):
            if slot_top <= middle < slot_bottom + GAP / 2:
                found[slot].append(word)
                break
    return [_reading(sorted(slot_words, key=lambda word: word.box[0])) for slot_words in found]


def _reading(words: list[Word]) -> Reading:
    characters = sum(len(word.text) for word in words)
    if not characters:
        return Reading("", 0.0)
    sure = sum(
        len(word.text) * (1.0 if word.confidence is None else word.confidence) for word in words
    )
    return Reading(" ".join(word.text for word in words), sure / characters)
