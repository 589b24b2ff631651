"""Word spaces of PP-OCR readings checked against the line's ink
(:mod:`docparse.engines.ppocr.spacing`): the tiny recogniser drops the space after
punctuation ("No.2024-17"); lines drawn here with the Nanum fonts."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import SPEC, PPOCREngine, PPOCROptions
from docparse.engines.ppocr.recognizer import ReadLine, ReadWord, decode
from docparse.engines.ppocr.spacing import respaced, widest_blank, widest_blanks
from docparse.io.fonts import font_path


def _word(text: str, centres: list[float], spaces: tuple[float, ...] = ()) -> ReadWord:
    return ReadWord(
        text, centres[0] - 5, centres[-1] + 5, 0.9, tuple(centres), (0.9,) * len(text), spaces
    )


def _ink(width: int, centres: list[float], half: int = 4) -> np.ndarray:
    """Ink columns: ``half`` px either side of each character centre."""
    ink = np.zeros(width, dtype=bool)
    for centre in centres:
        ink[int(centre) - half : int(centre) + half + 1] = True
    return np.flatnonzero(ink)


def test_widest_blank() -> None:
    ink = np.zeros(20, dtype=bool)
    ink[[0, 1, 5, 12, 13]] = True
    assert widest_blank(ink, 0, 20) == 6  # columns 6-11
    assert widest_blank(ink, 0, 5) == 3
    assert widest_blank(ink, 12, 14) == 0


def _widest_blank_by_runs(ink: np.ndarray, start: float, end: float) -> int:
    """The longest blank run in [start, end), found run by run (the definition)."""
    lo, hi = max(0, int(start)), min(len(ink), int(np.ceil(end)))
    best = run = 0
    for blank in ~ink[lo:hi] if hi > lo else []:
        run = run + 1 if blank else 0
        best = max(best, run)
    return best


def test_widest_blanks_measures_every_range_at_once_as_one_by_one() -> None:
    rng = np.random.default_rng(12)
    for _ in range(300):
        ink = rng.random(int(rng.integers(0, 80))) < rng.random()
        starts = rng.uniform(-5, len(ink) + 5, 9)
        ends = starts + rng.uniform(-3, 40, 9)
        expected = [_widest_blank_by_runs(ink, a, b) for a, b in zip(starts, ends, strict=True)]
        assert widest_blanks(ink, starts, ends).tolist() == expected


def test_a_dropped_space_after_punctuation_is_restored_from_the_ink() -> None:
    # "No.2024" read as one word, a 20-px blank after "." (letter blanks 6 px); the line's
    # emitted space before "ok" is 20 px wide as well
    centres = [10.0, 24, 38, 66, 80, 94, 108]
    read = [_word("No.2024", centres), _word("ok", [140.0, 154])]
    line = ReadLine("No.2024 ok", 0.9, read)
    ink = _ink(170, [*centres, 140, 154])
    words = respaced(line, ink, 170, height=40).words
    assert [w.text for w in words] == ["No.", "2024", "ok"]
    assert words[0].x1 <= words[1].x0 and words[0].centres == (10.0, 24, 38)


def test_tight_punctuation_and_wide_letters_are_not_split() -> None:
    # "3.50": the "." as close to its neighbours as the letters are; "A B" in a letter-spaced
    # word (12 px blanks) is below a cell gap (0.6 of the line height)
    centres = [10.0, 24, 38, 52]
    line = ReadLine("3.50", 0.9, [_word("3.50", centres)])
    assert [w.text for w in respaced(line, _ink(70, centres), 70, 40).words] == ["3.50"]
    spaced = [10.0, 30, 50]
    line = ReadLine("ABC", 0.9, [_word("ABC", spaced)])
    assert [w.text for w in respaced(line, _ink(70, spaced), 70, 40).words] == ["ABC"]


def test_a_number_is_not_split_at_its_point() -> None:
    # "39.80" in a monospaced receipt font: as much blank after the point as a space
    centres = [10.0, 24, 52, 66, 80]
    read = [_word("39.80", centres), _word("ok", [120.0, 134])]
    line = ReadLine("39.80 ok", 0.9, read)
    ink = _ink(150, [*centres, 120, 134])
    assert [w.text for w in respaced(line, ink, 150, 40).words] == ["39.80", "ok"]


def test_a_wide_blank_splits_letters_and_digits_only() -> None:
    # "100 9": two table cells read as "1009"; "a—b": a thin dash leaves no ink columns
    centres = [10.0, 22, 34, 84]
    line = ReadLine("1009", 0.9, [_word("1009", centres)])
    assert [w.text for w in respaced(line, _ink(100, centres), 100, 40).words] == ["100", "9"]
    line = ReadLine("a—b", 0.9, [_word("a—b", [10.0, 40, 70])])
    assert [w.text for w in respaced(line, _ink(90, [10.0, 70]), 90, 40).words] == ["a—b"]


def test_the_recogniser_gives_the_space_probability_between_each_pair() -> None:
    alphabet = ("", "A", "B", " ")
    columns = np.array(
        [
            [0.05, 0.9, 0.0, 0.05],  # A
            [0.75, 0.0, 0.0, 0.25],  # blank, a space weighed
            [0.05, 0.0, 0.9, 0.05],  # B
            [0.0, 0.0, 0.99, 0.01],  # B again: the same character, no boundary
            [0.9, 0.0, 0.0, 0.1],  # blank
            [0.1, 0.9, 0.0, 0.0],  # A
        ]
    )
    (word,) = decode(columns, 8.0, 48.0, alphabet).words
    assert word.text == "ABA" and word.spaces == pytest.approx((0.25, 0.1))
    assert word.missed_space == pytest.approx(0.25)


def test_fullwidth_punctuation_becomes_ascii() -> None:
    line = ReadLine("TOTAL：", 0.9, [_word("TOTAL：", [10.0, 20, 30, 40, 50, 60])])
    ink = _ink(80, [10.0, 20, 30, 40, 50, 60])
    assert [w.text for w in respaced(line, ink, 80, 40).words] == ["TOTAL:"]


@pytest.mark.skipif(not SPEC.status(PPOCROptions()).available, reason="ppocr not installed")
def test_rendered_lines_keep_their_spaces_after_punctuation() -> None:
    texts = ["TOTAL: RM 12.00", "No. 2024-17", "Email: desk@example.com", "TOTAL:RM12.00"]
    image = Image.new("RGB", (900, 80 * len(texts) + 40), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("gothic")), 36)
    for i, text in enumerate(texts):
        draw.text((40, 30 + 80 * i), text, fill="black", font=font)
    engine = PPOCREngine()
    try:
        words = [word.text for word in engine.recognize([image])[0].words]
    finally:
        engine.close()
    assert words[:7] == ["TOTAL:", "RM", "12.00", "No.", "2024-17", "Email:", "desk@example.com"]
    assert words[7:] == ["TOTAL:RM12.00"]  # printed without spaces: none invented
