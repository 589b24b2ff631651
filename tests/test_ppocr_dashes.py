"""Dashed rules read as letters (docparse/engines/ppocr/dashes.py): a flat word whose ink is
a level run of dashes is given as the dashes; pages drawn here."""

from __future__ import annotations

from PIL import Image, ImageDraw

from docparse.engines.ppocr.dashes import as_dashes
from docparse.model import Word


def receipt() -> tuple[Image.Image, list[Word]]:
    """Two rows of 20-px words, and a dashed rule between them (four dashes 8 × 2 px)."""
    image = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(image)
    for k in range(4):
        draw.rectangle((100 + 12 * k, 79, 107 + 12 * k, 80), fill=0)
    draw.rectangle((100, 120, 102, 139), fill=0)  # a letter's stem under a flat box
    draw.rectangle((200, 79, 229, 80), fill=0)  # an em dash
    words = [
        Word(text="SUBTOTAL", box=(20, 40, 120, 60), confidence=0.99, engine="t"),
        Word(text="12.49", box=(300, 40, 350, 60), confidence=0.99, engine="t"),
        Word(text="meee", box=(100, 77, 146, 83), confidence=0.38, engine="t"),
        Word(text="l", box=(99, 128, 104, 134), confidence=0.4, engine="t"),
        Word(text="—", box=(200, 77, 230, 83), confidence=0.9, engine="t"),
        Word(text="TOTAL", box=(20, 160, 80, 180), confidence=0.99, engine="t"),
    ]
    return image, words


def test_a_flat_word_of_dashes_is_given_as_its_dashes() -> None:
    image, words = receipt()
    assert [w.text for w in as_dashes(image, words)] == [
        "SUBTOTAL",
        "12.49",
        "----",
        "l",  # its ink is a letter's stem
        "—",  # read as a rule's mark already: an em dash stays
        "TOTAL",
    ]
