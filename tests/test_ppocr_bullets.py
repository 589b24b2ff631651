"""List bullets found on the page (docparse/engines/ppocr/bullets.py): a solid round dot
standing alone a hanging indent before a line's first word becomes a word "•"; squares,
points, dashes and ink that belongs to the word do not."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr.bullets import with_bullets
from docparse.io.fonts import font_path
from docparse.model import Word

SIZE = 28


def page(mark: str | None, text: str = "Revenue was up 11%") -> tuple[Image.Image, list[Word]]:
    """One line of ``text`` at x = 80, ``mark`` drawn before it at x = 30 ("disc", "square",
    "point", "dash" or None), and the line's words boxed as a recogniser boxes them."""
    font = ImageFont.truetype(str(font_path("gothic")), SIZE)
    image = Image.new("L", (600, 80), 255)
    draw = ImageDraw.Draw(image)
    draw.text((80, 20), text, fill=0, font=font)
    top, bottom = 20, 20 + SIZE + 6  # the line's box: ascenders to descenders
    middle = (top + bottom) / 2
    if mark == "disc":
        draw.ellipse((30, middle - 5, 40, middle + 5), fill=0)
    elif mark == "square":
        draw.rectangle((30, middle - 5, 40, middle + 5), fill=0)
    elif mark == "point":
        draw.ellipse((30, bottom - 10, 33, bottom - 7), fill=0)
    elif mark == "dash":
        draw.rectangle((28, middle - 1, 44, middle + 1), fill=0)
    words = []
    x = 80.0
    for piece in text.split():
        width = draw.textlength(piece, font=font)
        words.append(Word(text=piece, box=(x, top, x + width, bottom), confidence=0.9, engine="t"))
        x += width + draw.textlength(" ", font=font)
    return image, words


def test_a_round_dot_before_a_line_becomes_a_bullet_word_before_it() -> None:
    image, words = page("disc")
    found = with_bullets(image, words, "ppocr")
    assert [w.text for w in found] == ["•", *(w.text for w in words)]
    x0, y0, x1, y1 = found[0].box
    assert 29 <= x0 <= 31 and 39 <= x1 <= 42 and y1 - y0 <= 12


def test_no_bullet_where_there_is_none_or_the_mark_is_another() -> None:
    for mark in (None, "square", "point", "dash"):
        image, words = page(mark)
        assert [w.text for w in with_bullets(image, words, "ppocr")] == [w.text for w in words]


def test_only_a_line_start_gets_a_bullet() -> None:
    """A dot between two words of a line is not looked at: only the space before a line's
    first word is."""
    image, words = page("disc")
    later = [w.shifted(-60, 0) for w in words[:1]] + words[1:]  # "Revenue" over the dot
    assert "•" not in [w.text for w in with_bullets(image, later, "ppocr")]
