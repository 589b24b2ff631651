"""The ppocr engine's page geometry (issue 12): the quarter turn decided from the detector's
own lines (standing lines mean a sideways page), the 0/180 decision (line classifier, then
Tesseract on a few line starts where the classifier cannot tell, as on Hangul), the lean
from the lines' angles, and Tesseract OSD only as the fallback for unclear pages. Pages are
generated here (samples/receipt.png and Nanum-font pages), nothing outside the repository."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Levenshtein

from docparse.engines.base import Recognition
from docparse.engines.ppocr import (
    SPEC,
    PPOCREngine,
    PPOCROptions,
    detector,
    ink_words,
    page_frame,
    read_check,
)
from docparse.engines.ppocr.detector import TextLine
from docparse.geometry.straighten import GeometryOptions, Straightened
from docparse.geometry.transform import PageTransform
from docparse.io.fonts import font_path
from docparse.model import Word
from docparse.pipeline import ParseOptions, Parser

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
KOREAN_LINES = [
    "대법원 제1부 판결",
    "사건 2023다12345 손해배상",
    "원고 주식회사 한빛건설",
    "피고 서울특별시 마포구",
    "원심판결 서울고등법원 선고",
    "주문 상고를 모두 기각한다",
    "상고비용은 피고가 부담한다",
    "이유 상고이유를 판단한다",
]

needs_ppocr = pytest.mark.skipif(
    not SPEC.status(PPOCROptions()).available, reason="ppocr engine not installed"
)


def line(x0: float, y0: float, width: float, height: float, degrees: float = 0.0) -> TextLine:
    """A detected line: a width × height rectangle from (x0, y0), leaning ``degrees``
    counter-clockwise (its corners clockwise from the top left, as the detector gives)."""
    theta = np.radians(degrees)
    along = np.array([np.cos(theta), -np.sin(theta)])  # y points down
    across = np.array([np.sin(theta), np.cos(theta)])
    origin = np.array([x0, y0])
    quad = [origin, origin + width * along, origin + width * along + height * across]
    quad.append(origin + height * across)
    return TextLine(np.array(quad, dtype=np.float32), 0.9)


def test_standing_lines_mean_a_sideways_page() -> None:
    lying = [line(20, 30 + 40 * i, 400, 24) for i in range(6)]
    standing = [line(30 + 40 * i, 20, 24, 400) for i in range(6)]
    assert page_frame.sideways(lying) is False
    assert page_frame.sideways(standing) is True
    assert page_frame.sideways(lying[:3] + standing[:3]) is None  # weak: the fallback decides
    squares = [line(20, 30 + 40 * i, 30, 24) for i in range(6)]
    assert page_frame.sideways(squares) is None  # no line shows which way it runs


@pytest.mark.parametrize("lean", [-4.0, -2.0, 2.0, 4.0])
def test_leaning_standing_lines_still_mean_a_sideways_page(lean: float) -> None:
    """A sideways photo: long standing lines lean a few degrees (more than their width over
    their length), so the detector's corner order starts them on a long side."""
    standing = []
    for i in range(6):
        quad = line(60 + 40 * i, 20, 900, 24, 90 + lean).quad
        standing.append(TextLine(detector.order_corners(quad), 0.9))
    assert page_frame.standing_share(standing) == pytest.approx(1.0)
    assert page_frame.sideways(standing) is True
    lying = [TextLine(detector.order_corners(line(20, 40 * i, 900, 24, lean).quad), 0.9)]
    assert page_frame.sideways(lying * 6) is False


def test_lines_move_exactly_into_the_turned_frame() -> None:
    transform = PageTransform(600, 400).turned(90)
    (moved,) = page_frame.in_frame([line(30, 20, 24, 300)], transform)
    width, height = (
        np.hypot(*(moved.quad[1] - moved.quad[0])),
        np.hypot(*(moved.quad[3] - moved.quad[0])),
    )
    assert (width, height) == pytest.approx((300, 24), abs=1e-3)  # standing → lying
    back = np.array(sorted(transform.to_original([tuple(p) for p in moved.quad])))
    given = np.array(sorted(map(tuple, line(30, 20, 24, 300).quad.tolist())))
    assert np.allclose(back, given)


@pytest.mark.parametrize("lean", [-5.0, -1.0, 2.5, 7.0, 16.0, -30.0, 44.0])
def test_lean_is_the_lines_median_angle(lean: float) -> None:
    lines = [line(40, 60 + 50 * i, 500 - 30 * i, 26, lean) for i in range(8)]
    lines.append(line(60, 700, 300, 24, lean + 25))  # one outlier (a rotated stamp) is outvoted
    assert page_frame.lean(lines) == pytest.approx(lean, abs=0.05)
    assert page_frame.lean(lines[:2]) == 0.0  # too few lines to measure


def band(degrees: float, thickness: int) -> np.ndarray:
    """A detector probability map holding one band 500 px long, leaning ``degrees``."""
    probability = np.zeros((300, 700), np.float32)
    corners = cv2.boxPoints(((350, 150), (500, thickness), -degrees))
    cv2.fillPoly(probability, [np.round(corners).astype(np.int32)], 1.0)
    return probability


@pytest.mark.parametrize("degrees", [0.0, 4.0, -20.0])
def test_a_line_with_a_stroke_across_it_is_kept(degrees: float) -> None:
    """A watermark's letter crossing a line is mapped as a spur on the line's band; the
    rectangle round both was mostly empty and the line was lost whole. The spur is cut
    away and the line found as it is without it."""
    alone = detector.lines_from_map(band(degrees, 12), 1.0, 1.0)
    crossed = band(degrees, 12)
    spur = cv2.boxPoints(((330, 110), (18, 80), -degrees - 30))
    cv2.fillPoly(crossed, [np.round(spur).astype(np.int32)], 1.0)
    (found,) = detector.lines_from_map(crossed, 1.0, 1.0)
    (expected,) = alone
    assert np.abs(found.quad - expected.quad).max() < 3.0
    # a blob that is no line stays out
    blob = np.zeros((300, 700), np.float32)
    cv2.circle(blob, (350, 150), 60, 1.0, thickness=12)
    assert detector.lines_from_map(blob, 1.0, 1.0) == []


def paragraph(degrees: float, joined: bool) -> np.ndarray:
    """A probability map of a paragraph: five bands 500 px long, 12 thick, 16 apart
    (centres), leaning ``degrees``; ``joined``: a signature's stroke drawn across the middle
    two (down into the gap between them, along it, down across the second)."""
    probability = np.zeros((900, 900), np.float32)
    turn = np.deg2rad(-degrees)
    along = np.array([np.cos(turn), np.sin(turn)])
    across = np.array([-np.sin(turn), np.cos(turn)])
    middle = np.array([450.0, 450.0])
    for offset in (-40.0, -24.0, -8.0, 8.0, 24.0):
        centre = middle + offset * across
        corners = cv2.boxPoints((tuple(centre), (500, 12), -degrees))
        cv2.fillPoly(probability, [np.round(corners).astype(np.int32)], 1.0)
    if joined:
        stroke = [(0, -20), (20, 0), (120, 0), (140, 20)]
        path = [middle + a * along + b * across for a, b in stroke]
        cv2.polylines(probability, [np.round(path).astype(np.int32)], False, 1.0, 3)
    return probability


@pytest.mark.parametrize("degrees", [0.0, 4.0, -20.0, 90.0])
def test_two_lines_joined_by_a_stroke_are_two_lines(degrees: float) -> None:
    """A pen's stroke or a signature across two lines joins their bands into one region,
    which passed as one line two lines tall or failed: both lines were lost. The rows
    between them are nearly empty along the region's length, so it is parted into its
    lines, each found as it is without the stroke."""
    alone = detector.lines_from_map(paragraph(degrees, joined=False), 1.0, 1.0)
    joined = detector.lines_from_map(paragraph(degrees, joined=True), 1.0, 1.0)
    assert len(alone) == 5
    assert len(joined) == 5
    for found, expected in zip(joined, alone, strict=True):
        assert np.abs(found.quad - expected.quad).max() < 4.0
    # one thick line stays one line
    (thick,) = detector.lines_from_map(band(degrees, 30), 1.0, 1.0)
    assert min(detector.quad_sides(thick.quad)) > 30


def test_the_detector_input_is_the_normalised_bgr_page() -> None:
    """The in-place normalisation gives exactly the whole-array expression's input."""
    rng = np.random.default_rng(3)
    image = Image.fromarray(rng.integers(0, 256, (70, 90, 3), dtype=np.uint8))
    size = (64, 32)
    rgb = np.asarray(image.resize(size, Image.Resampling.BILINEAR), np.float32)
    expected = ((rgb[:, :, ::-1] / 255.0 - detector.MEAN) / detector.STD).transpose(2, 0, 1)
    assert np.array_equal(detector._tensor(image, size), expected)


@pytest.mark.parametrize("degrees", [1.0, 2.0, 5.0, -5.0])
@pytest.mark.parametrize("thickness", [6, 8, 12])
def test_a_leaning_line_grows_as_thick_as_a_level_one(degrees: float, thickness: int) -> None:
    """The pixel staircase of a leaning band must not make its line much taller than the
    same band level: it was 2.3 px taller (after growing), now about 1.1 (a hard band gains
    a whole pixel of staircase, the detector's soft map about half, which is taken off)."""

    def height(found: list[TextLine]) -> float:
        (one,) = found
        return float(np.hypot(*(one.quad[3] - one.quad[0])))

    level = height(detector.lines_from_map(band(0.0, thickness), 1.0, 1.0))
    leaning = height(detector.lines_from_map(band(degrees, thickness), 1.0, 1.0))
    assert level - 0.3 <= leaning <= level + 1.5


def test_only_a_near_unanimous_classifier_vote_decides() -> None:
    assert page_frame.clear_vote(0.05) is False
    assert page_frame.clear_vote(0.97) is True
    assert page_frame.clear_vote(0.6) is None  # Hangul pages vote anywhere: Tesseract checks
    assert page_frame.clear_vote(None) is None
    # one or two lines are no vote: the classifier read single upright Korean lines as
    # upside down with 0.996-0.9995
    assert page_frame.clear_vote(0.999, lines=1) is None
    assert page_frame.clear_vote(0.999, lines=page_frame.VOTE_QUORUM) is True


@pytest.mark.parametrize("text", ["씨엠와이케이 CMYK", "위키백과 한국어판", "웨이브 WAVVE 이용권"])
@pytest.mark.parametrize("turned", [False, True])
def test_an_image_of_one_line_is_read_the_right_way_up(text: str, turned: bool) -> None:
    """An image cut to one line of text (a label, a crop) is read the right way up, either
    way it is given, without a warning: the line classifier read these upright lines as
    upside down with 0.996-0.9995, and they came back as junk ("MAWD lolkélotately")."""
    image = Image.new("RGB", (900, 200), "white")
    font = ImageFont.truetype(str(font_path("gothic")), 40)
    ImageDraw.Draw(image).text((20, 60), text, font=font, fill="black")
    if turned:
        image = image.rotate(180)
    engine = PPOCREngine()
    try:
        result = engine.recognize([image])[0]
    finally:
        engine.close()
    assert [word.text for word in result.words] == text.split()
    assert result.warnings == []


def test_the_180_check_stops_once_the_lines_read_decide() -> None:
    """Tesseract's evidence (confidence-weighted characters) on line starts read as they are
    and turned 180°: before the last line, the lines read decide only beyond the whole
    check's margin taken over all its lines (TURN_MARGIN ** (CHECK_LINES / lines read)),
    holding the whole check's evidence floor, and where the classifier's unclear vote leans
    the same way; the last line read decides by the whole check's rule, as before."""
    check, verdict = page_frame.CHECK_LINES, page_frame.turn_verdict
    assert check == 3
    # one line: a clear long line decides, where the vote leans its way
    assert verdict(23.0, 5.0, 1, check, 0.2) is False
    assert verdict(5.0, 23.0, 1, check, 0.8) is True
    assert verdict(5.0, 23.0, 1, check, 0.2) is None
    assert verdict(5.0, 23.0, 1, check, None) is None
    # a margin's vertical arXiv stamp read first on an upright dev page (23.8 turned
    # against 7.0, vote 0.11) and a Korean page's line read better the wrong way (6.9
    # against 3.3 on ih_1 turned 180°, whose vote 0.34 leans upright) read on
    assert verdict(7.0, 23.8, 1, check, 0.11) is None
    assert verdict(6.9, 3.3, 1, check, 0.34) is None
    # the first look's boundary: 1.2 ** 3 = 1.728 times the other way, and MIN_EVIDENCE
    assert verdict(12.0, 20.6, 1, check, 0.8) is None
    assert verdict(12.0, 20.8, 1, check, 0.8) is True
    assert verdict(0.0, 20.6, 1, check, 0.8) is None  # 1.728 × 12 = 20.7
    # two lines: 1.2 ** 1.5 = 1.31
    assert verdict(15.5, 9.0, 2, check, 0.3) is None
    assert verdict(16.0, 9.0, 2, check, 0.3) is False
    # all lines read: the whole check's rule, whatever the vote (a turned receipt,
    # samples/receipt.png, stays unclear for the fallback; a clear page decides)
    assert verdict(17.8, 16.3, check, check, 0.2) is None
    assert verdict(11.0, 3.0, check, check, 0.2) is None  # too little read
    assert verdict(24.6, 7.8, check, check, 0.2) is False
    assert verdict(24.6, 7.8, check, check, 0.8) is False
    # a page with fewer lines than CHECK_LINES ends its check by the whole rule, holding
    # its share of the floor (an image of one Korean line: 9.4 against 2.9 right way up)
    assert verdict(15.0, 2.0, 1, 1, 0.6) is False
    assert verdict(9.2, 2.3, 1, 1, 0.4) is False
    assert verdict(2.3, 9.2, 1, 1, 0.4) is True
    assert verdict(4.7, 1.0, 1, 1, 0.4) is None  # 1.2 × 12 / 3 = 4.8
    assert verdict(9.2, 2.3, 2, 2, 0.4) is None  # two lines: 1.2 × 8 = 9.6


def test_the_180_check_reads_on_only_where_too_little_was_read() -> None:
    """Past CHECK_LINES the check reads more line starts only while neither way holds
    TURN_MARGIN × MIN_EVIDENCE (the floor alone keeps the whole rule from deciding), and
    never past MORE_LINES; a page that reads alike both ways stops for the fallback."""
    read_on, check = page_frame.read_on, page_frame.CHECK_LINES
    assert 2 * check == page_frame.MORE_LINES
    assert read_on(0.0, 0.0, 1) and read_on(30.0, 1.0, check - 1)  # the first lines, always
    # a dense table photographed small (realdocs dev senate-expenditures photo-small):
    # 9.0 against 4.4 after its 3 longest starts, short of the floor: read on
    assert read_on(9.03, 4.35, check)
    assert read_on(14.3, 2.0, check)  # 1.2 × 12 = 14.4
    assert not read_on(14.5, 2.0, check)  # enough read: the ratio alone is short
    # a Korean page turned 180° that reads alike both ways (AutoRAG korean_texts, dev)
    assert not read_on(19.1, 19.2, check)
    assert not read_on(0.0, 0.0, page_frame.MORE_LINES)  # nothing read anywhere: fallback


def test_all_the_longest_lines_decide_by_the_whole_checks_rule() -> None:
    """Read where the first lines left it unclear: TURN_MARGIN over MIN_EVIDENCE, whatever
    the count (a generated baseball table turned 270°: 81 against 56 in its 32 longest
    cells, after 18.8 against 18.6 in its 6 longest)."""
    assert page_frame.all_lines_verdict(81.0, 56.0) is False
    assert page_frame.all_lines_verdict(56.0, 81.0) is True
    assert page_frame.all_lines_verdict(36.8, 34.7) is None  # alike: the fallback
    assert page_frame.all_lines_verdict(11.0, 2.0) is None  # too little read


def test_a_turn_in_doubt_warns() -> None:
    assert page_frame.Turn(90).warnings == []
    (warning,) = page_frame.Turn(270, page_frame.UNSURE_UPSIDE_DOWN).warnings
    assert "orientation unsure" in warning and "270°" in warning


def test_the_fallback_looks_at_the_text() -> None:
    """A small table in a corner of a large page: the fallback's orientation tests get the
    lines' box with a margin, not the blank page around it."""
    table = [line(700, 100 + 40 * i, 200, 24) for i in range(5)]
    left, top, right, bottom = page_frame.text_region(table, 1000, 1400)
    assert (left, top, right, bottom) == (650, 30, 950, 354)
    assert page_frame.text_region([], 1000, 1400) == (0, 0, 1000, 1400)


def evidence_strips(count: int) -> list:
    """``count`` blank line strips, each wider than the one after it (the check reads the
    longest first)."""
    from docparse.engines.ppocr import lines

    page = np.full((60 * count + 40, 1200, 3), 255, np.uint8)
    quads = [
        np.array([[10, y], [1000 - 40 * k, y], [1000 - 40 * k, y + 30], [10, y + 30]], np.float32)
        for k, y in enumerate(range(20, 60 * count, 60))
    ]
    return [lines.cut(page, quad) for quad in quads]


@pytest.mark.parametrize(
    ("evidence", "reads", "flip"),
    [
        # small print: 3 starts hold 9 against 4.5 (short of the floor); 2 more decide
        ([(3.0, 1.5)] * 6, 5, False),
        ([(1.5, 3.0)] * 6, 5, True),
        # clear at the third line, as before: no more lines read
        ([(6.0, 1.0)] * 6, 3, False),
        # enough read, alike both ways: the starts of the rest are read too (here 3 more),
        # still alike: the fallback
        ([(6.0, 6.0)] * 6, 6, None),
        # nothing legible anywhere: every line read, then the fallback
        ([(0.0, 0.0)] * 8, 8, None),
        # short table cells: alike in the first MORE_LINES (digits read alike turned),
        # clear once the rest are read
        ([(3.0, 3.0)] * 6 + [(4.0, 1.0)] * 10, 16, False),
        ([(3.0, 3.0)] * 6 + [(1.0, 4.0)] * 10, 16, True),
        # never past the VOTE_LINES longest
        ([(1.0, 1.0)] * 40, 32, None),
    ],
)
def test_the_180_check_reads_more_starts_of_small_print(
    monkeypatch: pytest.MonkeyPatch,
    evidence: list[tuple[float, float]],
    reads: int,
    flip: bool | None,
) -> None:
    """The engine's check loop: each line start read both ways (here Tesseract's evidence
    is given per line) until the lines read decide or :func:`page_frame.read_on` stops it;
    then, still unclear, the starts of the rest of the longest lines, which decide by
    :func:`page_frame.all_lines_verdict`."""
    from docparse.engines.ppocr import engine as engine_module
    from docparse.engines.ppocr.line_reader import LineReader
    from docparse.model import Word

    strips = evidence_strips(len(evidence))
    asked: list[bool] = []

    def words(self, strip, hangul: bool = False) -> list[Word]:
        upright, turned = evidence[len(asked) // 2]
        value = turned if len(asked) % 2 else upright
        asked.append(True)
        return (
            [Word(text="x" * 10, box=(0, 0, 1, 1), confidence=value / 10, engine="t")]
            if value
            else []
        )

    monkeypatch.setattr(LineReader, "tesseract_words", words)
    reader = engine_module.PPOCREngine()
    assert reader._upside_down(0.4, strips) is flip
    assert len(asked) == 2 * reads


def character_recall(words) -> float:
    """Share of the page's characters (spaces aside) found in the words read."""
    truth = Counter("".join(KOREAN_LINES).replace(" ", ""))
    read = Counter("".join(word.text for word in words))
    return sum((truth & read).values()) / sum(truth.values())


def korean_page(
    size: int = 38,
    page: tuple[int, int] = (1000, 760),
    at: tuple[int, int] = (60, 50),
    pitch: int = 86,
) -> Image.Image:
    """The Korean lines in ``size``-px type on a ``page``-sized image, from ``at``."""
    image = Image.new("RGB", page, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("gothic")), size)
    for row, text in enumerate(KOREAN_LINES):
        draw.text((at[0], at[1] + row * pitch), text, fill="black", font=font)
    return image


def a4_korean_page() -> Image.Image:
    """The Korean lines in 24-px type on an A4 page at 150 dpi (body text's size)."""
    return korean_page(24, (1240, 1754), (120, 150), 42)


def counted_detections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of images of each call to the detector, from now on."""
    calls: list[int] = []
    detect = detector.detect

    def counted(images, max_side):
        calls.append(len(images))
        return detect(images, max_side)

    monkeypatch.setattr(detector, "detect", counted)
    return calls


@pytest.fixture(scope="module")
def engine():
    engine = PPOCREngine()
    yield engine
    engine.close()


def no_fallback(image: Image.Image) -> int:
    raise AssertionError("the detector's lines were clear: no OSD needed")


@needs_ppocr
@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_turned_korean_page_is_decided_from_its_lines(engine, degrees: int) -> None:
    """PP-OCR's line classifier cannot tell upright Hangul from upside-down Hangul; the
    turn must still be right, and without Tesseract OSD."""
    page = korean_page().rotate(degrees, expand=True)  # turned counter-clockwise
    ((result, straight),) = engine.recognize_upright([page], GeometryOptions(), no_fallback)
    assert straight.transform.quarter_turns == (360 - degrees) % 360
    assert straight.image.size == (1000, 760)
    assert character_recall(result.words) >= 0.9


@needs_ppocr
@pytest.mark.parametrize("degrees", [0, 180])
def test_a_clear_first_line_ends_the_180_check(
    engine, monkeypatch: pytest.MonkeyPatch, degrees: int
) -> None:
    """The line classifier cannot tell on Hangul, so Tesseract reads line starts both ways;
    the first two lines of this clean page read clearly one way (about 24 against 7-10,
    the vote leaning the same way), so the check stops before its third line, and decides
    right."""
    looks: list[tuple[int, bool | None]] = []
    verdict = page_frame.turn_verdict

    def recorded(
        upright: float, turned: float, read: int, lines: int, vote: float | None
    ) -> bool | None:
        looks.append((read, verdict(upright, turned, read, lines, vote)))
        return looks[-1][1]

    monkeypatch.setattr(page_frame, "turn_verdict", recorded)
    page = korean_page().rotate(degrees, expand=True)
    ((_, straight),) = engine.recognize_upright([page], GeometryOptions(), no_fallback)
    assert looks == [(1, None), (2, degrees == 180)]
    assert straight.transform.quarter_turns == degrees


@needs_ppocr
def test_unclear_page_asks_the_fallback(engine) -> None:
    """Half the text standing, half lying: the lines do not say, so the fallback decides."""
    image = Image.new("RGB", (900, 900), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("gothic")), 34)
    for row in range(3):
        draw.text((300, 60 + row * 70), f"INVOICE TOTAL {row + 1},250.00", fill="black", font=font)
    standing = Image.new("RGB", (560, 220), "white")
    sdraw = ImageDraw.Draw(standing)
    for row in range(3):
        sdraw.text((10, 10 + row * 70), f"PAYMENT DUE {row + 4},800.00", fill="black", font=font)
    image.paste(standing.rotate(90, expand=True), (40, 300))
    asked = []

    def fallback(page: Image.Image) -> int:
        asked.append(page.size)
        return 0

    ((result, straight),) = engine.recognize_upright([image], GeometryOptions(), fallback)
    ((width, height),) = asked  # the text's box, without the page's blank margins
    assert 400 < width < 900 and 400 < height < 900
    assert straight.transform.quarter_turns == 0
    (warning,) = result.warnings  # the lines did not decide: the page says so
    assert "orientation unsure" in warning


@needs_ppocr
@pytest.mark.parametrize("answer", [0, 180, 90])
def test_a_fallback_answer_across_the_lines_shape_is_no_answer(
    engine, monkeypatch: pytest.MonkeyPatch, answer: int
) -> None:
    """A page whose lines stand (sideways) but read alike both ways: the fallback's
    answer counts only where it is one of the two sideways turns (0 is also what Tesseract
    answers when it cannot tell); otherwise the classifier's lean decides. Either way the
    page warns that its orientation is unsure."""
    monkeypatch.setattr(PPOCREngine, "_upside_down", lambda self, vote, strips: None)
    monkeypatch.setattr(page_frame, "upside_down_vote", lambda strips: 0.3)  # leans upright
    page = korean_page().rotate(270, expand=True)
    ((result, straight),) = engine.recognize_upright(
        [page], GeometryOptions(), lambda image: answer
    )
    assert straight.transform.quarter_turns == 90
    (warning,) = result.warnings
    assert "orientation unsure" in warning


@needs_ppocr
@pytest.mark.parametrize(("degrees", "detections"), [(4.0, 1), (90.0, 2)])
def test_a_leaning_page_keeps_its_lines_a_turned_one_is_detected_again(
    engine, monkeypatch: pytest.MonkeyPatch, degrees: float, detections: int
) -> None:
    """A page only levelled is read from the lines found on it as given, moved into the
    levelled image's pixels; a page turned a quarter is detected again upright."""
    calls = counted_detections(monkeypatch)
    page = korean_page().rotate(
        degrees, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC
    )
    ((result, straight),) = engine.recognize_upright([page], GeometryOptions(), no_fallback)
    assert len(calls) == detections
    if degrees == 4.0:
        assert straight.transform.skew == pytest.approx(-4.0, abs=0.3)
        # read from the page as given: the levelled image is only for the table finder
        assert straight.image.mode == "L"
    assert character_recall(result.words) >= 0.9
    # the words are in the straightened image's pixels: the first line lies level there
    first = [
        min((word for word in result.words if word.text == text), key=lambda word: word.box[1])
        for text in ("대법원", "판결")
    ]
    assert abs(first[0].box[1] - first[1].box[1]) < 4


@needs_ppocr
@pytest.mark.parametrize(("degrees", "detections"), [(0, 1), (270, 1), (90, 2)])
def test_a_page_whose_words_stand_is_detected_turned(
    engine, monkeypatch: pytest.MonkeyPatch, degrees: int, detections: int
) -> None:
    """A page whose ink words clearly stand is turned 90° before it is detected
    (:mod:`.ink_words`), so its lines are found upright at once: one detection where that
    turn was right, a second only where the 180° check turns it on to 270°."""
    calls = counted_detections(monkeypatch)
    page = a4_korean_page().rotate(degrees, expand=True)  # turned counter-clockwise
    ((result, straight),) = engine.recognize_upright([page], GeometryOptions(), no_fallback)
    assert straight.transform.quarter_turns == (360 - degrees) % 360
    assert calls == [1] * detections
    assert character_recall(result.words) >= 0.9
    assert result.warnings == []


@needs_ppocr
def test_an_early_turn_the_lines_contradict_is_undone(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lines found on a page turned early are checked as always: an upright page
    turned by mistake has standing lines, is turned back and detected again, upright."""
    monkeypatch.setattr(ink_words, "clearly_sideways", lambda image: True)
    calls = counted_detections(monkeypatch)
    ((result, straight),) = engine.recognize_upright(
        [a4_korean_page()], GeometryOptions(), no_fallback
    )
    assert straight.transform.quarter_turns == 0
    assert calls == [1, 1]
    assert character_recall(result.words) >= 0.9


@pytest.fixture(scope="module")
def parser():
    parser = Parser(ParseOptions(engine="ppocr"))
    yield parser
    parser.close()


@needs_ppocr
def test_skewed_korean_page_is_levelled_from_its_lines(parser, tmp_path: Path) -> None:
    path = tmp_path / "skewed.png"
    korean_page().rotate(4, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC).save(
        path
    )
    page = parser.parse(path).pages[0]
    assert page.rotation_applied == 0
    assert page.deskew_applied == pytest.approx(-4.0, abs=0.3)
    assert character_recall(page.words()) >= 0.9
    # boxes on the leaning page: the first line rises to its right end (the topmost of
    # each word: "원심판결" further down is sometimes read as two words)
    first = [
        min((word for word in page.words() if word.text == text), key=lambda word: word.box[1])
        for text in ("대법원", "판결")
    ]
    assert first[1].box[1] < first[0].box[1] - 5
    assert all(word.quad is not None for word in page.words())


@needs_ppocr
@pytest.mark.parametrize(
    ("degrees", "turn", "level"), [(25, 0, -25), (-38, 0, 38), (120, 270, -30)]
)
def test_a_page_photographed_at_any_angle_is_read_level(
    parser, tmp_path: Path, degrees: float, turn: int, level: float
) -> None:
    """A phone photo is rarely level: a page turned any angle lies within 45° of one of its
    quarter turns, which its lines decide, and is levelled from there (until 2026-11-27 a
    page more than 10° off level read as junk, without a warning)."""
    path = tmp_path / "turned.png"
    turned = korean_page().rotate(
        degrees, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC
    )
    turned.save(path)
    page = parser.parse(path).pages[0]
    assert page.rotation_applied == turn
    assert page.deskew_applied == pytest.approx(level, abs=1.5)
    assert character_recall(page.words()) >= 0.9
    assert not page.warnings
    # boxes on the page as given: every word inside the turned image
    assert all(word.box[0] >= 0 and word.box[2] <= turned.width for word in page.words())


@needs_ppocr
def test_a_turned_receipt_photo_is_read(tmp_path: Path, parser) -> None:
    """samples/receipt.png turned 30°: its totals still read (was 0.34 of its text)."""
    path = tmp_path / "receipt30.png"
    with Image.open(SAMPLES / "receipt.png") as receipt:
        receipt.convert("RGB").rotate(
            30, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC
        ).save(path)
    text = "".join(word.text for word in parser.parse(path).pages[0].words())
    upright = "".join(word.text for word in parser.parse(SAMPLES / "receipt.png").pages[0].words())
    assert Levenshtein.normalized_distance(upright, text) < 0.05


@needs_ppocr
def test_no_rotate_pages_keeps_a_turned_page_for_ppocr(tmp_path: Path) -> None:
    path = tmp_path / "r180.png"
    korean_page().rotate(180).save(path)
    options = ParseOptions(engine="ppocr")
    options.geometry.rotate_pages = False
    options.geometry.deskew = False
    with Parser(options) as parser:
        page = parser.parse(path).pages[0]
    assert page.rotation_applied == 0 and page.deskew_applied == 0.0
    # read upside down, the page is junk: said, since it may not be turned
    assert any("page turning is off" in warning for warning in page.warnings)


TABLE_ROWS = [
    ["번호", "성명", "학년", "점수", "등급", "비고"],
    ["1", "김민준", "1학년", "87", "가", "우수"],
    ["2", "이서연", "2학년", "64", "다", ""],
    ["3", "박지훈", "3학년", "92", "가", "우수"],
    ["4", "최하은", "1학년", "71", "나", "보통"],
    ["5", "정도윤", "2학년", "58", "다", ""],
    ["6", "강수아", "3학년", "83", "나", "보통"],
    ["7", "조예준", "1학년", "95", "가", ""],
    ["8", "윤지우", "2학년", "76", "나", "보통"],
]


def short_table_page(size: int) -> Image.Image:
    """An A4 page at 150 dpi holding only a small ruled table of short Korean cells (a few
    syllables or digits each) near its top-left corner: little text, short lines, most of
    the page blank."""
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("gothic")), size)
    widths, height = [110, 160, 150, 120, 110, 130], 2 * size
    for r, row in enumerate(TABLE_ROWS):
        x, y = 120, 160 + r * height
        for width, cell in zip(widths, row, strict=True):
            draw.rectangle((x, y, x + width, y + height), outline="black", width=2)
            draw.text((x + 10, y + size // 3), cell, fill="black", font=font)
            x += width
    return image


def photographed(image: Image.Image, variant: str, seed: int) -> Image.Image:
    """The page photographed as the real-document benchmark does it (turned, then a phone
    photo: perspective, uneven light, blur, JPEG)."""
    from docparse.evaluation.real_pages import VARIANTS

    return VARIANTS[variant](image, np.random.default_rng(seed), 200).image


@needs_ppocr
@pytest.mark.parametrize(("variant", "upright"), [("photo+rot270", 90), ("photo+rot90", 270)])
def test_a_short_sideways_korean_table_is_read_the_right_way_up(
    tmp_path: Path, variant: str, upright: int
) -> None:
    """Its longest cells are numbers, which read alike both ways, so its six longest line
    starts leave the 180° question open; the starts of more cells decide it. Before, the
    fallback (Tesseract OSD and the word test, on a central crop that holds little of the
    table) answered 0 ("cannot tell") and the page was read as it lay, without a word."""
    path = tmp_path / "table.png"
    photographed(short_table_page(28), variant, 0).save(path)
    with Parser(ParseOptions(engine="ppocr")) as parser:
        page = parser.parse(path).pages[0]
    assert page.rotation_applied == upright
    text = "".join(word.text for word in page.words())
    assert sum(cell in text for cell in ("번호", "점수", "비고", "우수", "보통")) >= 4


@needs_ppocr
@pytest.mark.parametrize("seed", [0, 1])
def test_a_turned_table_is_read_upright_or_warned(tmp_path: Path, seed: int) -> None:
    """Smaller type, turned 180° and photographed: its cells hold so little evidence either
    way that neither the lines nor Tesseract's orientation tests may tell. Whatever turn is
    taken, a page read the wrong way up is never silent."""
    path = tmp_path / "table.png"
    photographed(short_table_page(22), "photo+rot180", seed).save(path)
    with Parser(ParseOptions(engine="ppocr")) as parser:
        page = parser.parse(path).pages[0]
    warned = any("orientation unsure" in warning for warning in page.warnings)
    assert page.rotation_applied == 180 or warned


def sure_words(characters: int, confidence: float) -> list[Word]:
    return [Word(text="가" * characters, box=(0, 0, 10, 10), confidence=confidence, engine="test")]


def test_a_page_read_unsurely_is_doubted_only_with_enough_text() -> None:
    """A page's sureness is its characters' mean confidence; a reading under
    LOW_CONFIDENCE is doubted, unless it holds too few characters to judge."""
    words = sure_words(30, 0.4) + sure_words(10, 0.9)
    sure = read_check.sureness(words)
    assert sure.characters == 40 and sure.confidence == pytest.approx(0.525)
    assert sure.doubtful
    assert not read_check.sureness(sure_words(30, 0.9)).doubtful
    assert not read_check.sureness(sure_words(read_check.MIN_CHARACTERS - 1, 0.3)).doubtful
    assert not read_check.sureness([]).doubtful


def test_only_a_sure_reading_with_more_sure_text_takes_over() -> None:
    first = read_check.Sureness(400, 0.4)
    assert read_check.takes_over(first, read_check.Sureness(380, 0.93))
    # a right reading of a hard page, under LOW_CONFIDENCE, still beats the junk
    assert read_check.takes_over(first, read_check.Sureness(400, 0.65))
    # alike both ways: the first reading stays
    assert not read_check.takes_over(first, read_check.Sureness(400, 0.55))
    # sure, but it found far less of the page
    assert not read_check.takes_over(first, read_check.Sureness(100, 0.95))


@needs_ppocr
@pytest.mark.parametrize(("degrees", "forced"), [(180, 0), (90, 90), (270, 270)])
def test_a_page_read_the_wrong_way_is_read_again_turned_and_warned(
    engine, monkeypatch: pytest.MonkeyPatch, degrees: int, forced: int
) -> None:
    """Whatever decides the turn wrongly (here: forced to ``forced`` on a page turned
    ``degrees``: upside down, or sideways turned the wrong way), the reading comes out as
    low-confidence junk; the page is read again turned, the surer reading is kept,
    and the page is warned."""
    monkeypatch.setattr(engine, "_quarter_turn", lambda *args: page_frame.Turn(forced))
    page = korean_page().rotate(degrees, expand=True)
    ((result, straight),) = engine.recognize_upright([page], GeometryOptions(), no_fallback)
    assert straight.transform.quarter_turns == (360 - degrees) % 360
    assert character_recall(result.words) >= 0.9
    assert len(result.warnings) == 1 and "counter-clockwise instead" in result.warnings[0]


@needs_ppocr
def test_a_page_read_surely_gets_no_second_look(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    detect = detector.detect

    def counted(images, side):
        calls.append(len(images))
        return detect(images, side)

    monkeypatch.setattr(detector, "detect", counted)
    ((result, _),) = engine.recognize_upright([korean_page()], GeometryOptions(), no_fallback)
    assert calls == [1] and result.warnings == []
    assert character_recall(result.words) >= 0.9


def test_the_second_look_tries_quarter_turns_only_where_lines_may_stand(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the half turn, a quarter either way is tried while no reading is sure, unless
    the half turn's lines clearly lie; the surest reading that takes over is kept."""
    page = Image.new("RGB", (400, 300), "white")
    first = Recognition(words=sure_words(100, 0.35))
    s = Straightened(page, PageTransform(400, 300))
    standing_lines = [line(10 + 20 * i, 10, 8, 120) for i in range(5)]
    lying_lines = [line(10, 10 + 20 * i, 120, 8) for i in range(5)]
    sure_by_offset = {180: 0.4, 90: 0.85, 270: 0.5}
    tried: list[int] = []

    def read_turned(image, pixels, transform, offset, found=standing_lines):
        tried.append(offset)
        turned = PageTransform(400, 300).turned(offset)
        return sure_words(100, sure_by_offset[offset]), Straightened(page, turned), found

    monkeypatch.setattr(engine, "_read_turned", read_turned)
    result, straight = engine._second_look(page, np.asarray(page), first, s, GeometryOptions())
    assert tried == [180, 90] and straight.transform.quarter_turns == 90
    assert "turned 90° counter-clockwise instead" in result.warnings[0]

    tried.clear()
    monkeypatch.setattr(
        engine,
        "_read_turned",
        lambda *args: read_turned(*args, found=lying_lines),
    )
    result, straight = engine._second_look(page, np.asarray(page), first, s, GeometryOptions())
    assert tried == [180] and straight is s
    assert "no better turned another way" in result.warnings[0]
