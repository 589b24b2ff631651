"""Quotation marks in Hangul lines (docparse/engines/ppocr/quotes.py): Tesseract's straight
quotes and backticks come back curly, opening or closing by where they stand."""

from __future__ import annotations

from docparse.engines.ppocr.quotes import curly_quotes
from docparse.model import Word


def line(*pieces: tuple[str, float, float]) -> list[Word]:
    return [Word(text=t, box=(x0, 0, x1, 20), confidence=0.9, engine="t") for t, x0, x1 in pieces]


def texts(words: list[Word]) -> list[str]:
    return [word.text for word in curly_quotes(words)]


def test_quotes_open_at_a_word_start_and_close_after_it() -> None:
    words = line(
        ("'풍경", 0, 40), ("불안'이", 50, 100), ('"문학이란', 110, 170), ('무엇인가"라는', 180, 260)
    )
    assert texts(words) == ["‘풍경", "불안’이", "“문학이란", "무엇인가”라는"]


def test_a_backtick_and_a_quote_after_a_bracket_open() -> None:
    assert texts(line(("`내적", 0, 40), ("('전도된", 50, 110))) == ["‘내적", "(‘전도된"]


def test_a_mark_alone_goes_with_the_nearer_word() -> None:
    closing = line(("시선", 0, 40), ("'", 42, 46), ("을", 60, 80))
    opening = line(("그", 0, 20), ("'", 40, 44), ("낯설게", 46, 90))
    assert texts(closing)[1] == "’" and texts(opening)[1] == "‘"


def test_words_without_quotes_are_left_as_they_are() -> None:
    words = line(("보험계약자는", 0, 90), ("10%", 100, 130))
    assert curly_quotes(words) == words


def test_corner_brackets_close_with_their_own_mark() -> None:
    """「상법』 and "개]" after "「날" close as 」; a single and a double corner bracket paired
    are both single; square brackets of their own and lone closers stay."""
    from docparse.engines.ppocr.quotes import paired_corners

    def closed(*texts: str) -> list[str]:
        words = line(*((text, 10.0 * i, 10.0 * i + 8) for i, text in enumerate(texts)))
        return [word.text for word in paired_corners(words)]

    assert closed("「상법』", "제24조") == ["「상법」", "제24조"]
    assert closed("「날", "개]", "에는") == ["「날", "개」", "에는"]
    assert closed("『민사소송법」에") == ["「민사소송법」에"]
    assert closed("『책』") == ["『책』"]
    assert closed("[별표]", "1") == ["[별표]", "1"]
    assert closed("그]") == ["그]"]
