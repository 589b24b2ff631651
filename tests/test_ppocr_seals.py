"""Red seals (도장) pressed over print lifted off the page before the ppocr engine detects and
reads it (:mod:`docparse.engines.ppocr.seals`); red print, red frames and pages without a
seal left as they are."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docparse.engines.ppocr import SPEC, PPOCREngine, PPOCROptions
from docparse.engines.ppocr.seals import lifted
from docparse.evaluation.real_pages import with_seals
from docparse.io.fonts import font_path

CONTRACT = [
    "제1조 (목적) 이 계약은 갑과 을 사이의 물품 공급 조건을 정한다",
    "제2조 (대금) 을은 납품일로부터 30일 이내에 대금을 지급한다",
    "제3조 (해지) 어느 한쪽이 계약을 위반하면 상대방은 해지할 수 있다",
    "제4조 (관할) 이 계약에 관한 분쟁은 서울중앙지방법원이 관할한다",
    "공급자 주식회사 한빛상사 대표이사 김민준",
    "공급받는자 주식회사 새봄유통 대표이사 이서연",
]


def contract(size: int = 30) -> Image.Image:
    """A page of contract lines in ``size``-px black Korean print."""
    image = Image.new("RGB", (1400, 120 + 2 * size * len(CONTRACT)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path("gothic")), size)
    for row, text in enumerate(CONTRACT):
        draw.text((60, 60 + 2 * size * row), text, fill="black", font=font)
    return image


SEALS = [(520.0, 75.0), (900.0, 255.0), (1020.0, 375.0)]
"""Seal centres on the contract page: over the first article's words, over the fourth's,
and over the last signatory's name, as a company seals a contract."""


def test_a_page_without_a_seal_is_left_as_it_is() -> None:
    page = contract()
    assert lifted(page) is page
    grey = page.convert("L")
    assert lifted(grey) is grey
    # red print: a heading set large in red, and a red frame drawn round black figures
    marked = contract()
    draw = ImageDraw.Draw(marked)
    heading = ImageFont.truetype(str(font_path("gothic")), 64)
    draw.text((700, 250), "긴급 공지 回", fill=(210, 20, 30), font=heading)
    draw.rectangle((1150, 40, 1290, 180), outline=(230, 0, 0), width=6)
    draw.text(
        (1175, 95), "2분기", fill="black", font=ImageFont.truetype(str(font_path("gothic")), 30)
    )
    assert lifted(marked) is marked


def test_a_seal_is_lifted_and_the_print_under_it_kept() -> None:
    page = contract()
    sealed = with_seals(page, SEALS, 150)
    out = np.asarray(lifted(sealed).convert("RGB")).astype(int)
    clean = np.asarray(page.convert("L")).astype(int)
    seal_ink = np.asarray(sealed).astype(int)
    red = (seal_ink[..., 0] - np.maximum(seal_ink[..., 1], seal_ink[..., 2])) > 60
    paper = red & (clean > 250)
    assert paper.sum() > 2000
    # where the seal lay on paper, paper again (grey, nearly white)
    assert np.percentile(out[paper].min(axis=1), 5) > 200
    # the print under the seals as dark as it was
    x0, y0 = int(SEALS[0][0] - 75), int(SEALS[0][1] - 75)
    under = clean[y0 : y0 + 150, x0 : x0 + 150] < 80
    assert under.sum() > 300
    assert np.percentile(out[y0 : y0 + 150, x0 : x0 + 150].max(axis=2)[under], 95) < 110


@pytest.mark.skipif(not SPEC.status(PPOCROptions()).available, reason="ppocr engine not installed")
def test_a_sealed_contract_is_read_as_well_as_a_clean_one() -> None:
    """Seals over an article and a signatory's name: before the seals were lifted, the lines
    they cross lost words and came back garbled (0.77 of the clean page's characters, 12 more)."""
    engine = PPOCREngine()
    try:
        page = contract()
        truth = Counter("".join(w.text for w in engine.recognize([page])[0].words))
        sealed = with_seals(page, SEALS, 150)
        read = Counter("".join(w.text for w in engine.recognize([sealed])[0].words))
        assert sum(truth.values()) > 150
        assert sum((truth & read).values()) >= 0.97 * sum(truth.values())
        assert sum((read - truth).values()) <= 0.03 * sum(truth.values())
    finally:
        engine.close()
