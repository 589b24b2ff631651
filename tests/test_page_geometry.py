"""Page orientation and deskew (issue 12 items 2-3): pages turned 90/180/270 or leaning a few
degrees are read upright and level, with boxes on the pixels of the page as given."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.geometry.skew import estimate_skew
from docparse.geometry.straighten import GeometryOptions, straightener
from docparse.geometry.transform import PageTransform
from docparse.model import Word
from docparse.pipeline import ParseOptions, Parser

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
RECEIPT_LINES = [
    "행복마트 역삼점",
    "서울 강남구 테헤란로 123",
    "2024-03-15 14:22",
    "상품명  수량  금액",
    "우유 1L   2   5,800",
    "식빵   1   3,200",
    "사과 3입  1   9,900",
    "합계      18,900",
    "카드결제  18,900",
    "감사합니다",
]


def korean_receipt() -> Image.Image:
    """A clean 948 × 762 Korean receipt in large type (44 px), like a close phone photo."""
    image = Image.new("L", (948, 762), 250)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 44)
    for row, line in enumerate(RECEIPT_LINES):
        draw.text((60, 40 + row * 68), line, font=font, fill=30)
    return image


def iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union else 0.0


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_quarter_turns_map_points_exactly(degrees: int) -> None:
    image = Image.new("L", (40, 30), 255)
    image.putpixel((5, 7), 0)
    transform = PageTransform(40, 30).turned(degrees)
    turned = transform.apply(image)
    ((x, y),) = transform.to_original([(0, 0)])  # the turned image's corner is a page corner
    assert (x, y) in {(0, 0), (40, 0), (40, 30), (0, 30)}
    dark = [
        (i, j)
        for i in range(turned.width)
        for j in range(turned.height)
        if turned.getpixel((i, j)) == 0
    ]
    assert len(dark) == 1
    ((px, py),) = transform.to_original([(dark[0][0] + 0.5, dark[0][1] + 0.5)])
    assert (px, py) == pytest.approx((5.5, 7.5))


def test_small_rotation_maps_words_back_as_quads() -> None:
    transform = PageTransform(200, 100).turned(90).rotated(-3.0)
    word = Word(text="a", box=(30, 80, 70, 95), engine="t")
    corners = [(30, 80), (70, 80), (70, 95), (30, 95)]
    forward = transform.matrix
    mapped = transform.word_to_original(word)
    for (x, y), (qx, qy) in zip(corners, mapped.quad, strict=True):
        fx, fy, _ = forward @ [qx, qy, 1.0]
        assert (fx, fy) == pytest.approx((x, y))
    assert mapped.box == pytest.approx(
        (
            min(p[0] for p in mapped.quad),
            min(p[1] for p in mapped.quad),
            max(p[0] for p in mapped.quad),
            max(p[1] for p in mapped.quad),
        )
    )


@pytest.mark.parametrize("lean", [-4.0, -1.5, 2.0, 6.0])
def test_skew_of_text_lines_is_measured(lean: float) -> None:
    page = korean_receipt().rotate(lean, expand=True, fillcolor=250)
    assert estimate_skew(page) == pytest.approx(lean, abs=0.3)


def test_level_page_and_blank_page_have_no_skew() -> None:
    assert abs(estimate_skew(korean_receipt())) < 0.3
    assert estimate_skew(Image.new("L", (300, 200), 255)) == 0.0


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(ParseOptions(engine="tesseract"))


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_orientation_of_a_turned_receipt_is_detected(degrees: int) -> None:
    detector = straightener(GeometryOptions(), "kor+eng").detector
    assert detector is not None
    upright = Image.open(SAMPLES / "receipt.png")
    found = detector.detect(upright.rotate(degrees, expand=True))
    assert found.degrees == (360 - degrees) % 360
    assert detector.detect(upright).degrees == 0


def ppocr_available() -> bool:
    from docparse.engines.ppocr import SPEC, PPOCROptions

    return SPEC.status(PPOCROptions()).available


@pytest.mark.parametrize(
    ("engine", "degrees"),
    [
        ("tesseract", 90),
        # ppocr decides the turn from its detected lines (tests/test_ppocr_page_frame.py)
        *[
            pytest.param(
                "ppocr", d, marks=pytest.mark.skipif(not ppocr_available(), reason="no ppocr")
            )
            for d in (90, 180, 270)
        ],
    ],
)
def test_turned_receipt_is_read_upright_with_boxes_on_the_turned_image(
    parser: Parser, tmp_path: Path, engine: str, degrees: int
) -> None:
    upright = Image.open(SAMPLES / "receipt.png")
    path = tmp_path / f"receipt-{degrees}.png"
    upright.rotate(degrees, expand=True).save(path)  # turned counter-clockwise
    if engine != "tesseract":
        with Parser(ParseOptions(engine=engine)) as other:
            page = other.parse(path).pages[0]
    else:
        page = parser.parse(path).pages[0]
    assert page.rotation_applied == (360 - degrees) % 360
    assert (page.width, page.height) == Image.open(path).size
    expected = json.loads((SAMPLES / "expected" / "receipt.json").read_text())["words"]
    transform = PageTransform(upright.width, upright.height).turned(degrees)
    texts = [word.text for word in page.words()]
    found = {word.text: word for word in page.words() if texts.count(word.text) == 1}
    unique = [t for t in expected if [e["text"] for e in expected].count(t["text"]) == 1]
    hits = checked = 0
    for truth in unique:
        word = found.get(truth["text"])
        if word is None:
            continue
        checked += 1
        corners = [tuple(p) for p in truth["quad"]]
        turned = [tuple(transform.matrix @ [x, y, 1.0])[:2] for x, y in corners]
        box = (
            min(x for x, _ in turned),
            min(y for _, y in turned),
            max(x for x, _ in turned),
            max(y for _, y in turned),
        )
        hits += iou(word.box, box) >= 0.5
        assert word.quad is not None
    assert checked >= 0.6 * len(unique)
    assert hits >= 0.9 * checked


def test_skewed_receipt_keeps_its_words(parser: Parser, tmp_path: Path) -> None:
    """The issue's case: a clean large-type Korean receipt turned 4° came back as one word."""
    path = tmp_path / "skewed.png"
    korean_receipt().rotate(4, expand=True, fillcolor=250, resample=Image.Resampling.BICUBIC).save(
        path
    )
    page = parser.parse(path).pages[0]
    assert page.deskew_applied == pytest.approx(-4.0, abs=0.3)
    expected = [word for line in RECEIPT_LINES for word in line.split()]
    read = {word.text for word in page.words()}
    assert sum(word in read for word in expected) >= 0.8 * len(expected)
    # boxes are on the leaning image: a line's words rise to its right end
    line = [word for word in page.words() if word.text in ("서울", "테헤란로")]
    assert len(line) == 2 and line[1].box[1] < line[0].box[1] - 10
    assert all(word.quad is not None for word in page.words())


def test_no_rotate_pages_keeps_the_page_as_given(tmp_path: Path) -> None:
    path = tmp_path / "r180.png"
    Image.open(SAMPLES / "receipt.png").rotate(180).save(path)
    options = ParseOptions(engine="tesseract")
    options.geometry.rotate_pages = False
    options.geometry.deskew = False
    page = Parser(options).parse(path).pages[0]
    assert page.rotation_applied == 0 and page.deskew_applied == 0.0


@pytest.mark.parametrize(
    ("scores", "answer"),
    [
        # a numeric table: its words read alike both ways, so OSD's reading of the
        # characters' shapes stands (a generated baseball table turned 270°, photographed)
        ({0: 11.0, 90: 17.0, 270: 17.6}, 90),
        # OSD sure and wrong on an ordinary page: its opposite reads far better
        ({0: 5.0, 90: 8.0, 270: 30.0}, 270),
    ],
)
def test_the_word_test_overrules_osd_only_by_a_margin(
    monkeypatch: pytest.MonkeyPatch, scores: dict[int, float], answer: int
) -> None:
    from docparse.geometry import orientation

    detector = orientation.OrientationDetector(Path("/nowhere"), "kor+eng")
    monkeypatch.setattr(orientation, "turn", lambda image, degrees: degrees)
    monkeypatch.setattr(orientation.OrientationDetector, "word_score", lambda self, d: scores[d])
    found = detector.word_test(Image.new("L", (400, 300), 255), (0, 90, 270), proposed=90)
    assert found.degrees == answer


def test_a_transform_built_on_a_resized_page_maps_to_the_page_as_given() -> None:
    """A fax's page is read stretched to square pixels (x1, y2), turned and levelled there:
    the composed transform maps the words back into the image's own pixels and, applied to
    that image, gives the image that was read."""
    page = Image.new("L", (300, 100), 255)
    stretched = page.resize((300, 200))
    on_stretched = PageTransform(300, 200).turned(90).rotated(3.0)
    transform = on_stretched.of_scaled(300, 100)
    assert transform.scale == (1.0, 2.0) and not transform.is_identity
    assert transform.apply(page).size == on_stretched.apply(stretched).size
    for x, y in [(0.0, 0.0), (120.0, 37.5), (300.0, 100.0)]:
        read = on_stretched.matrix @ np.array([x, 2 * y, 1.0])
        ((back_x, back_y),) = transform.to_original([(read[0], read[1])])
        assert (back_x, back_y) == pytest.approx((x, y), abs=1e-9)
    # a resize that rounded away (a page one pixel tall) leaves the transform as it is
    unchanged = PageTransform(40, 1)
    assert unchanged.of_scaled(40, 1) is unchanged
