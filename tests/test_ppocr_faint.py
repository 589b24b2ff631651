"""Faint pages stretched to the full grey range before the ppocr engine detects and reads
them (:mod:`docparse.engines.ppocr.faint`); pages with ordinary contrast left as they are."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import SPEC, PPOCREngine, PPOCROptions
from docparse.engines.ppocr.faint import FAINT_RANGE, stretched
from docparse.io.fonts import font_path

LINES = ["영수증 번호 2024-0815", "아메리카노 2잔 9,000원", "합계 금액 13,500원", "카드 승인 완료"]


def page() -> Image.Image:
    image = Image.new("RGB", (900, 420), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("gothic")), 40)
    for row, text in enumerate(LINES):
        draw.text((50, 40 + 90 * row), text, fill="black", font=font)
    return image


def faded(image: Image.Image, darkness: float) -> Image.Image:
    """Every pixel keeps ``darkness`` of its darkness (black ink goes pale grey)."""
    pixels = 255.0 - darkness * (255.0 - np.asarray(image, dtype=np.float32))
    return Image.fromarray(np.round(pixels).astype(np.uint8))


def test_a_page_with_ordinary_contrast_is_left_as_it_is() -> None:
    image = page()
    assert stretched(image) is image
    half = faded(image, 0.5)
    assert stretched(half) is half
    blank = Image.new("RGB", (50, 50), "white")
    assert stretched(blank) is blank


def test_a_faint_page_is_stretched_ink_to_black_and_paper_to_white() -> None:
    pale = faded(page(), 0.07)  # ink at grey 237
    grey = np.asarray(pale.convert("L"))
    assert int(grey.max()) - int(grey.min()) < FAINT_RANGE
    out = np.asarray(stretched(pale).convert("L"))
    assert out.min() == 0 and np.percentile(out, 50) == 255
    # the pixels keep their order: darker stays darker
    assert np.all(np.diff(out.ravel()[np.argsort(grey.ravel(), kind="stable")].astype(int)) >= 0)


def a4_page(lines: int = 12) -> Image.Image:
    """An A4 page at 200 dpi holding ``lines`` lines of 24-px Korean body text."""
    image = Image.new("RGB", (1654, 2339), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("gothic")), 24)
    for row in range(lines):
        draw.text(
            (150, 150 + 36 * row), LINES[row % len(LINES)] + " " + BODY, font=font, fill="black"
        )
    return image


BODY = "이 계약은 피보험자의 상해에 대한 위험을 보장합니다"


@pytest.mark.skipif(not SPEC.status(PPOCROptions()).available, reason="ppocr engine not installed")
def test_a_faint_page_is_read_as_well_as_a_dark_one() -> None:
    """Ink 13 grey levels darker than the paper: the detector, seeing the page shrunk,
    found none of its lines or one, and the page came back nearly empty, unwarned."""
    engine = PPOCREngine()
    try:
        dark = a4_page()
        truth = Counter("".join(w.text for w in engine.recognize([dark])[0].words))
        read = Counter("".join(w.text for w in engine.recognize([faded(dark, 0.05)])[0].words))
        assert sum(truth.values()) > 300
        assert sum((truth & read).values()) >= 0.95 * sum(truth.values())
    finally:
        engine.close()
