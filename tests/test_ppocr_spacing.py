"""Word spaces of PP-OCR readings checked against the line's ink
(:mod:`docparse.engines.ppocr.spacing`): the tiny recogniser drops the space after
punctuation ("No.2024-17"); lines drawn here with the Nanum fonts."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import SPEC, PPOCREngine, PPOCROptions
from docparse.engines.ppocr.recognizer import ReadLine, ReadWord, decode
from docparse.engines.ppocr.spacing import CELL_BAND, respaced, widest_blank, widest_blanks
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


def _cells_line(
    text: str, advances: list[float], lag: float = 7.0
) -> tuple[list[ReadWord], np.ndarray, int]:
    """A line drawn as ink runs, character by character at ``advances`` (the x of each
    character's centre, spaces included), a narrow I or L 4 px wide and any other 14 px,
    and what a recogniser reads there with its space after MA: CTC centres that lag the ink
    by ``lag`` px on 8-px columns."""
    width = int(advances[-1]) + 40
    ink = np.zeros(width, dtype=bool)
    for char, x in zip(text, advances, strict=True):
        half = 2 if char in "IL" else 7
        if char != " ":
            ink[int(x) - half : int(x) + half] = True
    words, run = [], []
    for char, x in zip(text.replace("MAL", "MA L"), _with_space_after_ma(advances), strict=True):
        if char == " ":
            words.append(run)
            run = []
        else:
            run.append((char, 8 * round((x + lag) / 8) + 4))
    words.append(run)
    return [_word("".join(c for c, _ in w), [x for _, x in w]) for w in words], ink, width


def _with_space_after_ma(advances: list[float]) -> list[float]:
    k = 8  # "TAMAN MA|LURI": a space the recogniser put before the L
    return [*advances[:k], (advances[k - 1] + advances[k]) / 2, *advances[k:]]


def test_a_monospaced_line_is_spaced_by_its_empty_cells() -> None:
    # every character centred in a 20-px cell: the narrow L leaves as much blank beside it as
    # a space of a proportional font, but the only empty cell is between TAMAN and MALURI
    text = "TAMAN MALURI IPOH"
    words, ink, width = _cells_line(text, [20.0 + 20 * k for k in range(len(text))])
    line = ReadLine(" ".join(w.text for w in words), 0.9, words)
    assert [w.text for w in words] == ["TAMAN", "MA", "LURI", "IPOH"]
    spaced = respaced(line, np.flatnonzero(ink), width, 40, np.flatnonzero(ink))
    assert [w.text for w in spaced.words] == ["TAMAN", "MALURI", "IPOH"]
    assert spaced.pitch == pytest.approx(20, rel=0.03)
    # without cells, or as a proportional font sets it (the narrow letters closer), the
    # reading keeps its space
    assert respaced(line, np.flatnonzero(ink), width, 40).pitch is None
    advances, x = [], 20.0
    for char in text:
        step = 9 if char in "IL" else 20
        advances.append(x + step / 2)
        x += step
    words, ink, width = _cells_line(text, advances)
    line = ReadLine(" ".join(w.text for w in words), 0.9, words)
    spaced = respaced(line, np.flatnonzero(ink), width, 40, np.flatnonzero(ink))
    assert spaced.pitch is None
    assert [w.text for w in spaced.words] == ["TAMAN", "MA", "LURI", "IPOH"]


@pytest.mark.skipif(not SPEC.status(PPOCROptions()).available, reason="ppocr not installed")
def test_rendered_monospaced_lines_are_found_and_keep_their_words() -> None:
    from docparse.engines.ppocr import recognizer
    from docparse.engines.ppocr.lines import LineStrip

    texts = ["TAMAN MALURI, 55100 KUALA LUMPUR", "Lot 11, Jalan Ilmu 1/1, Ipoh"]
    for family, monospaced in (("coding", True), ("gothic", False)):
        font = ImageFont.truetype(str(font_path(family)), 28)
        for text in texts:
            image = Image.new("RGB", (700, 48), "white")
            ImageDraw.Draw(image).text((20, 8), text, fill="black", font=font)
            strip = np.asarray(image)
            (reading,) = recognizer.read([strip], "small")
            line = LineStrip(strip, np.eye(3), True, 8.0)
            middle = line.ink_columns(CELL_BAND)
            spaced = respaced(reading, line.ink_columns(), strip.shape[1], 32, middle)
            assert spaced.text == text
            if monospaced:
                assert spaced.pitch == pytest.approx(font.getlength("M"), rel=0.03)
            else:
                assert spaced.pitch is None
