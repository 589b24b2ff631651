"""The ``cascade`` recogniser's choices (docparse.engines.ppocr.line_reader ``_readings``): which
lines the small recogniser reads again after the tiny one. The recognisers are replaced by
scripted readings, so what is tested is the choice, not the models."""

from __future__ import annotations

from itertools import pairwise

import cv2
import numpy as np
import pytest

from docparse.engines.ppocr import PPOCROptions, recognizer
from docparse.engines.ppocr.line_reader import PROBE, SAMPLE_LINES, LineReader
from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.recognizer import ReadLine, ReadWord, decode

HEIGHT = 40


def strip(width: int) -> LineStrip:
    """A blank line strip ``width`` px wide (no ink: nothing is left unread)."""
    image = np.full((HEIGHT, width, 3), 255, dtype=np.uint8)
    return LineStrip(image, np.eye(3), straight=True, pad=6.0)


def reading(text: str, probabilities: list[float]) -> ReadLine:
    """A line read as one word with these character probabilities."""
    centres = tuple(10.0 * (i + 1) for i in range(len(text)))
    word = ReadWord(
        text,
        0.0,
        10.0 * len(text) + 10,
        float(np.mean(probabilities)),
        centres,
        tuple(probabilities),
    )
    return ReadLine(text, float(np.mean(probabilities)), [word], centres)


@pytest.fixture
def scripted(monkeypatch):
    """The recognisers (``recognizer._read``) answering from a script {(strip width, size):
    ReadLine}; the calls that read something are recorded as (size, widths)."""
    script: dict[tuple[int, str], ReadLine] = {}
    calls: list[tuple[str, list[int]]] = []

    def read(images, size):
        widths = [image.shape[1] for image in images]
        if widths:
            calls.append((size, widths))
        return [script[(width, size)] for width in widths]

    monkeypatch.setattr(recognizer, "_read", read)
    return script, calls


def readings(strips: list[LineStrip]) -> list[ReadLine | str]:
    return LineReader(PPOCROptions(recognizer="cascade"))._readings(strips)


def test_one_unsure_character_sends_the_line_to_the_small_recogniser(scripted) -> None:
    script, calls = scripted
    sure, unsure = strip(200), strip(240)  # whole lines: their probe is all of them
    script[(200, "tiny")] = reading("TOTAL 9.00", [0.99] * 10)
    # a high mean (0.95) hides the one character misread: "4105O" for 41050
    script[(240, "tiny")] = reading("RAJA, 4105O", [0.99] * 10 + [0.55])
    script[(240, "small")] = reading("RAJA, 41050", [0.99] * 11)
    got = readings([sure, unsure])
    assert [line.text for line in got] == ["TOTAL 9.00", "RAJA, 41050"]
    # the whole line the tiny recogniser doubted is not read by it a second time
    assert calls == [("tiny", [200, 240]), ("small", [240])]


def test_latin_line_the_tiny_recogniser_doubts_is_probed_by_the_small_one(scripted) -> None:
    script, _ = scripted
    latin, hangul, long = strip(220), strip(260), strip(PROBE * HEIGHT + 300)
    head = PROBE * HEIGHT
    # 0.7 is below routing's MIN_CONFIDENCE (measured on the small recogniser): before,
    # these lines went to Tesseract unread by the small one
    script[(220, "tiny")] = reading("GST SUHARY", [0.7] * 10)
    script[(220, "small")] = reading("GST SUMMARY", [0.98] * 11)
    script[(260, "tiny")] = reading("合計", [0.95, 0.95])  # not Latin: Tesseract, no re-probe
    script[(head, "tiny")] = reading("Closed Bil1:", [0.6] * 12)
    script[(head, "small")] = reading("Closed Bill:", [0.97] * 12)
    script[(long.image.shape[1], "small")] = reading("Closed Bill: 20/12/2017", [0.97] * 23)
    got = readings([latin, hangul, long])
    assert isinstance(got[0], ReadLine) and got[0].text == "GST SUMMARY"
    assert got[1] == "script"  # Tesseract, the Korean models first (see routing.Decision)
    assert isinstance(got[2], ReadLine) and got[2].text == "Closed Bill: 20/12/2017"


def test_small_recogniser_unsure_too_leaves_the_line_to_tesseract(scripted) -> None:
    script, _ = scripted
    line = strip(220)
    script[(220, "tiny")] = reading("TOTAL", [0.5] * 5)
    script[(220, "small")] = reading("TOTAL", [0.6] * 5)
    assert readings([line]) == ["tesseract"]


def test_long_line_probed_surely_is_read_whole_by_the_cascade(scripted) -> None:
    script, calls = scripted
    long = strip(PROBE * HEIGHT + 400)
    width = long.image.shape[1]
    script[(PROBE * HEIGHT, "tiny")] = reading("BANDAR BUKIT", [0.99] * 12)
    script[(width, "tiny")] = reading("BANDAR BUKIT RAJA, 4105O", [0.99] * 23 + [0.5])
    script[(width, "small")] = reading("BANDAR BUKIT RAJA, 41050", [0.99] * 24)
    got = readings([long])
    assert isinstance(got[0], ReadLine) and got[0].text == "BANDAR BUKIT RAJA, 41050"
    assert calls == [("tiny", [PROBE * HEIGHT]), ("tiny", [width]), ("small", [width])]


def words_line(words: list[tuple[str, float, list[float]]]) -> ReadLine:
    """A line of words, each (text, x of its first character, character probabilities),
    its characters 10 px apart."""
    read = []
    for text, x, probabilities in words:
        centres = tuple(x + 10.0 * k for k in range(len(text)))
        read.append(
            ReadWord(
                text,
                x - 5,
                centres[-1] + 5,
                float(np.mean(probabilities)),
                centres,
                tuple(probabilities),
            )
        )
    probabilities = [p for word in read for p in word.probabilities]
    return ReadLine(
        " ".join(w.text for w in read),
        float(np.mean(probabilities)),
        read,
        tuple(c for word in read for c in word.centres),
    )


def test_only_the_doubted_word_is_read_again(scripted) -> None:
    script, calls = scripted
    line = strip(300)
    script[(300, "tiny")] = words_line(
        [
            ("NO", 20, [0.99] * 2),
            ("290,", 60, [0.99] * 4),
            ("JALANAIR", 120, [0.99] * 7 + [0.5]),  # a space missed, a letter unsure
            ("PANAS", 220, [0.99] * 5),
        ]
    )
    # the words between the middles of the spaces around it, (90 + 120) / 2 to (190 + 220) / 2,
    # are read with a strip height (40 px) of context on each side: 65 to 245
    script[(245 - 65, "small")] = words_line(
        [
            ("0,", 15, [0.9] * 2),  # the end of "290,": dropped
            ("JALAN", 60, [0.98] * 5),
            ("AIR", 115, [0.97] * 3),
            ("PAN", 160, [0.9] * 3),  # the start of "PANAS": dropped
        ]
    )
    got = readings([line])[0]
    assert isinstance(got, ReadLine) and got.text == "NO 290, JALAN AIR PANAS"
    assert calls == [("tiny", [300]), ("small", [180])]
    # the words read again sit where they are on the strip
    assert [round(word.centres[0]) for word in got.words] == [20, 60, 125, 180, 220]


def test_a_space_nearly_read_inside_a_word_makes_it_unsure() -> None:
    alphabet = ("", "A", "B", " ")
    columns = np.array(
        [
            [0.05, 0.9, 0.0, 0.05],  # A
            [0.55, 0.0, 0.0, 0.45],  # blank, a space nearly read
            [0.05, 0.0, 0.9, 0.05],  # B
        ]
    )
    line = decode(columns, 8.0, 24.0, alphabet)
    assert line.text == "AB" and line.words[0].missed_space == pytest.approx(0.45)
    assert line.unsure and recognizer.settled(line, "small")  # the small reading is final
    assert not recognizer.settled(line, "cascade")  # high probabilities, yet doubted
    columns[1] = [0.95, 0.0, 0.0, 0.05]
    assert not decode(columns, 8.0, 24.0, alphabet).unsure


def test_a_character_nearly_read_between_two_makes_the_word_unsure() -> None:
    # the tiny recogniser read "(△32.2)" as "(32.2)": the "△" reached 0.26 under the blank
    alphabet = ("", "(", "3", "^", " ")
    columns = np.array(
        [
            [0.05, 0.9, 0.0, 0.0, 0.05],  # (
            [0.70, 0.0, 0.0, 0.26, 0.04],  # blank, a "^" nearly read
            [0.60, 0.35, 0.0, 0.0, 0.05],  # blank, the "(" again: no character missed
            [0.05, 0.0, 0.95, 0.0, 0.0],  # 3
        ]
    )
    line = decode(columns, 8.0, 32.0, alphabet)
    assert line.text == "(3" and line.words[0].missed == pytest.approx(0.26)
    assert line.unsure and not recognizer.settled(line, "cascade")
    columns[1] = [0.95, 0.0, 0.0, 0.01, 0.04]
    line = decode(columns, 8.0, 32.0, alphabet)
    assert line.words[0].missed == pytest.approx(0.01) and not line.unsure


def test_a_reading_again_that_keeps_a_dropped_character_wins_over_a_surer_first() -> None:
    # first "(32.2)" at 0.97 a character, the "△" it dropped at 0.26; again "(△32.2)" at 0.93
    first = ReadWord("(32.2)", 0.0, 60.0, 0.97, (5, 15, 25, 35, 45, 55), (0.97,) * 6, (), 0.26)
    line = ReadLine("(32.2)", 0.97, [first], first.centres)
    again = ReadWord("(△32.2)", 0.0, 60.0, 0.93, (5, 12, 19, 26, 33, 40, 47), (0.93,) * 7)
    span = ((0.0, 60.0, range(0, 1)), 0, 60)
    spliced = recognizer._spliced(line, [(span, ReadLine("(△32.2)", 0.93, [again], ()))])
    assert spliced.text == "(△32.2)"
    # without the dropped character the surer first reading stands
    first = ReadWord("(32.2)", 0.0, 60.0, 0.97, first.centres, (0.97,) * 6, (), 0.0)
    line = ReadLine("(32.2)", 0.97, [first], first.centres)
    spliced = recognizer._spliced(line, [(span, ReadLine("(△32.2)", 0.93, [again], ()))])
    assert spliced.text == "(32.2)"


def test_gap_peaks_and_batches_are_their_plain_definitions() -> None:
    """The word's space peaks (one reduction) and the recogniser's batch (written in place)
    equal the per-pair maximum and the per-strip tensors stacked."""
    rng = np.random.default_rng(5)
    for _ in range(300):
        space = rng.random(int(rng.integers(1, 60))).astype(np.float32)
        size = int(rng.integers(1, len(space) + 1))
        columns = sorted(rng.choice(len(space), size=size, replace=False).tolist())
        expected = tuple(float(space[a : b + 1].max()) for a, b in pairwise(columns))
        assert recognizer._gap_peaks(space, columns) == expected
    strips = [rng.integers(0, 256, (h, w, 3), dtype=np.uint8) for h, w in [(30, 400), (44, 90)]]
    batch = recognizer.batch_of(strips, 48, 500)
    for tensor, strip in zip(batch, strips, strict=True):
        width = min(500, int(np.ceil(48 * strip.shape[1] / strip.shape[0])))
        resized = cv2.resize(strip[:, :, ::-1], (width, 48)).astype(np.float32)
        expected = np.zeros((3, 48, 500), np.float32)
        expected[:, :, :width] = (resized.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
        assert np.array_equal(tensor, expected)


def test_long_lines_of_a_latin_page_are_read_whole_once(scripted) -> None:
    """Beyond the sampled line starts, a Latin page's long lines are read whole by the tiny
    recogniser at once (not by their start, then whole again); a Hangul page's lines are
    all probed by their starts."""
    script, calls = scripted
    head = PROBE * HEIGHT
    widths = [head + 100 + k for k in range(SAMPLE_LINES + 6)]
    script[(head, "tiny")] = reading("Section 1", [0.99] * 9)
    for width in widths:
        script[(width, "tiny")] = reading("Section 1 of the agreement", [0.99] * 26)
    got = readings([strip(width) for width in widths])
    assert all(isinstance(line, ReadLine) for line in got)
    read_by_tiny = [w for size, ws in calls if size == "tiny" for w in ws]
    assert read_by_tiny.count(head) == SAMPLE_LINES  # only the sample's starts
    assert sorted(w for w in read_by_tiny if w != head) == widths  # each line whole, once

    calls.clear()
    script[(head, "tiny")] = reading("合同", [0.95, 0.95])  # not Latin: a Hangul page's lines
    assert readings([strip(width) for width in widths]) == ["script"] * len(widths)
    assert calls == [("tiny", [head] * SAMPLE_LINES), ("tiny", [head] * 6)]
