"""The synthetic document renderer, its degradations, the dataset writer and the samples."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from docparse.evaluation.loaders import DatasetFormat, load_cord, load_text_file
from docparse.evaluation.synth import KINDS, ExpectedSample, FontsMissing, SynthDoc, synthesize
from docparse.evaluation.synth import degrade as dg
from docparse.evaluation.synth.content import korean_amount, won
from docparse.evaluation.synth.dataset import DatasetIndex, write_dataset
from docparse.evaluation.synth.layout import (
    Cell,
    Flow,
    Layout,
    PageSpec,
    Paragraph,
    Row,
    Run,
    lay_out,
)
from docparse.evaluation.synth.pdf import text_layer_words, write_text_pdf
from docparse.evaluation.synth.pipeline import synthesize_degraded
from docparse.evaluation.synth.render import render
from docparse.io import fonts

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DARK = 128
WORD_PAGE_PT = (220, 90)
WORD_DPI = 150
WORD_PAGE_WIDTH_PX = round(WORD_PAGE_PT[0] * WORD_DPI / 72)


def png_bytes(doc: SynthDoc) -> bytes:
    buffer = io.BytesIO()
    doc.image.save(buffer, format="PNG")
    return buffer.getvalue()


def single_word(text: str, family: fonts.Family = "gothic") -> SynthDoc:
    """A black word on a white page."""
    width, height = WORD_PAGE_PT
    layout = lay_out(
        PageSpec(width=width, height=height, margin=20, family=family, size=18),
        [Paragraph(text=text)],
    )
    image, words = render(layout, dpi=WORD_DPI)
    return SynthDoc(
        kind="document",
        seed=0,
        width=image.width,
        height=image.height,
        dpi=WORD_DPI,
        words=words,
        facts={},
        image=image,
    )


def dark_pixels(
    pixels: np.ndarray, origin: tuple[int, int] = (0, 0), below: int = DARK
) -> np.ndarray:
    """Centres of the pixels darker than ``below`` in a crop whose top-left pixel is ``origin``."""
    ys, xs = np.nonzero(pixels < below)
    return np.stack([xs + origin[0] + 0.5, ys + origin[1] + 0.5], axis=1)


def inward(points: np.ndarray, quad) -> np.ndarray:
    """Distance of each point inside each edge of a clockwise quad: one column per edge."""
    corners = np.array(quad)
    columns = []
    for start, end in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        direction = end - start
        normal = np.array([-direction[1], direction[0]]) / np.linalg.norm(direction)
        columns.append((points - start) @ normal)
    return np.stack(columns, axis=1)


@pytest.mark.parametrize("kind", KINDS)
def test_same_seed_gives_identical_png(kind):
    first, again = synthesize(kind, 3), synthesize(kind, 3)
    assert png_bytes(first) == png_bytes(again)
    assert first.model_dump() == again.model_dump()
    assert "image" not in first.model_dump()
    assert png_bytes(synthesize(kind, 4)) != png_bytes(first)


def test_degraded_pages_are_deterministic_too():
    first = synthesize_degraded("receipt", 5, "small")
    again = synthesize_degraded("receipt", 5, "small")
    assert png_bytes(first) == png_bytes(again)
    assert first.degradations == again.degradations


TRANSFORMS: dict[str, tuple[Callable[[SynthDoc], SynthDoc], float]] = {
    # name: (transform, how many pixels a source pixel becomes: the edge tolerance grows with it)
    "none": (lambda d: d, 1.0),
    "rotate +2": (lambda d: dg.rotate(d, 2.0), 1.0),
    "rotate -1.3": (lambda d: dg.rotate(d, -1.3), 1.0),
    "rotate in place": (lambda d: dg.rotate(d, 0.7, expand=False), 1.0),
    "scale down": (lambda d: dg.scale(d, 200), 1.0),
    "scale up": (lambda d: dg.scale(d, 1000), 1000 / WORD_PAGE_WIDTH_PX),
    "photo": (lambda d: dg.scale(dg.rotate(dg.backdrop(d, 0.1, 230), -1.8), 350), 1.0),
}


@pytest.mark.parametrize(
    ("text", "family"), [("아메리카노", "gothic"), ("Total", "myeongjo"), ("9,000", "gothic")]
)
@pytest.mark.parametrize("name", TRANSFORMS)
def test_quad_encloses_the_dark_pixels_tightly(text, family, name):
    transform, magnification = TRANSFORMS[name]
    doc = transform(single_word(text, family))
    distances = inward(dark_pixels(np.asarray(doc.image)), doc.words[0].quad)
    assert distances.min() >= -0.5, "a dark pixel lies outside the quad"
    assert (distances.min(axis=0) <= 2.0 * magnification).all(), "the quad is loose on one side"
    x0, y0, x1, y1 = doc.words[0].box
    assert (x0, y0) == (min(p[0] for p in doc.words[0].quad), min(p[1] for p in doc.words[0].quad))
    assert 0 <= x0 < x1 <= doc.width and 0 <= y0 < y1 <= doc.height


def test_photometric_degradations_keep_the_geometry():
    doc = single_word("결제금액")
    for degraded in (
        dg.blur(doc, 1.0),
        dg.noise(doc, 8.0, seed=1),
        dg.jpeg(doc, 40),
        dg.low_contrast(doc, 60, 200),
    ):
        assert degraded.words == doc.words
        assert degraded.image.size == doc.image.size
        assert len(degraded.degradations) == 1


def test_rotation_is_limited_to_two_degrees():
    with pytest.raises(ValueError, match="limited"):
        dg.rotate(single_word("x"), 2.5)


@pytest.mark.parametrize("size", ["small", "medium", "large"])
@pytest.mark.parametrize("kind", KINDS)
def test_size_classes(kind, size):
    doc = synthesize_degraded(kind, 11, size)
    low, high = dg.SIZE_CLASSES[size]
    assert low <= max(doc.width, doc.height) <= high
    assert dg.size_class(doc.width, doc.height) == size
    assert doc.image.size == (doc.width, doc.height)
    for word in doc.words:
        x0, y0, x1, y1 = word.box
        assert 0 <= x0 < x1 <= doc.width and 0 <= y0 < y1 <= doc.height


def test_small_means_under_1000_pixels():
    assert dg.size_class(999, 640) == "small"
    assert dg.size_class(640, 1000) == "medium"
    assert dg.size_class(2000, 900) == "large"


@pytest.mark.parametrize("seed", range(6))
def test_receipt_facts_match_the_words(seed):
    doc = synthesize("receipt", seed)
    texts = [w.text for w in doc.words]
    total = doc.facts["total"]
    assert total in texts
    assert total == won(sum(item.amount for item in doc.items))
    assert all(item.amount == item.qty * item.unit_price for item in doc.items)
    assert {doc.facts["date_text"], doc.facts["time"], doc.facts["business_number"]} <= set(texts)
    supply, vat = (int(doc.facts[key].replace(",", "")) for key in ("supply", "vat"))
    assert won(supply + vat) == total
    assert total in {w.text for w in doc.words if w.category == "total.total_price"}
    for item in doc.items:
        assert won(item.amount) in texts


@pytest.mark.parametrize("seed", range(6))
def test_invoice_facts_match_the_words(seed):
    doc = synthesize("invoice", seed)
    texts = [w.text for w in doc.words]
    assert {"거래명세서", "INVOICE", doc.facts["total"], doc.facts["date"]} <= set(texts)
    assert doc.facts["total_korean"] in texts
    supply = sum(item.amount for item in doc.items)
    assert doc.facts["supply"] == won(supply)
    assert doc.facts["total"] == won(supply + supply // 10)
    assert Counter(texts)[doc.facts["total"]] >= 2  # the headline amount and the table's total


@pytest.mark.parametrize("seed", range(4))
def test_document_has_title_and_date(seed):
    doc = synthesize("document", seed)
    text = " ".join(w.text for w in doc.words)
    assert doc.facts["title"] in text and doc.facts["date_text"] in text
    assert [w.line for w in doc.words] == sorted(w.line for w in doc.words)
    body = [w for w in doc.words if w.category in {"text", "heading"}]
    if doc.facts["columns"] == "2":
        sides = [int(w.box[0] > doc.width / 2) for w in body]
        assert sides == sorted(sides) and set(sides) == {0, 1}  # the left column is read first
    else:
        line_starts = {w.line: w.box[0] for w in reversed(body)}
        assert all(x0 < doc.width / 4 for x0 in line_starts.values())


def test_korean_amounts():
    assert korean_amount(1_234_000) == "일백이십삼만사천"
    assert korean_amount(10_000) == "일만"
    assert korean_amount(305_000_010) == "삼억오백만일십"
    assert won(1234000) == "1,234,000"


def test_two_column_flow_reads_left_column_first():
    sentences = [
        f"문단 {i}번입니다. Paragraph number {i} has a few words in it." for i in range(12)
    ]
    page = PageSpec(width=595, height=842, margin=50)
    layout = lay_out(page, [Flow(blocks=[Paragraph(text=s) for s in sentences])])
    middle = page.width / 2
    columns = [0 if run.x < middle else 1 for run in layout.runs]
    assert columns == sorted(columns) and set(columns) == {0, 1}
    assert [run.line for run in layout.runs] == sorted(run.line for run in layout.runs)
    bottoms = [
        max(r.baseline for r, c in zip(layout.runs, columns, strict=True) if c == side)
        for side in (0, 1)
    ]
    assert abs(bottoms[0] - bottoms[1]) <= 2 * page.size * page.spacing


def test_row_cells_shrink_instead_of_overlapping():
    row = Row(
        cells=[
            Cell(text="아주 긴 상품 이름이 들어가는 자리"),
            Cell(text="123,456,789", align="right"),
        ],
        at=[0.0, 1.0],
    )
    layout = lay_out(PageSpec(width=160, margin=10), [row])
    name_end = max(r.x + r.width for r in layout.runs[:-1])
    price = layout.runs[-1]
    assert name_end < price.x
    assert layout.runs[0].x >= 10 and price.x + price.width <= 150 + 1e-6


def test_missing_fonts_name_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path,))
    fonts._find.cache_clear()
    try:
        with pytest.raises(FontsMissing, match=r"apt-get install fonts-nanum"):
            fonts.available_families()
    finally:
        monkeypatch.undo()
        fonts._find.cache_clear()


def test_dataset_files_are_written_and_parse(tmp_path):
    index = write_dataset(tmp_path, n=9, seed=2)
    assert DatasetIndex.model_validate_json((tmp_path / "index.json").read_text()) == index
    assert Counter(e.kind for e in index.entries) == Counter({k: 3 for k in KINDS})
    assert {e.size_class for e in index.entries} == {"small", "medium", "large"}
    for entry in index.entries:
        with Image.open(tmp_path / "images" / f"{entry.name}.png") as image:
            assert image.size == (entry.width, entry.height)
        icdar = load_text_file(tmp_path / "icdar" / f"{entry.name}.txt", DatasetFormat.ICDAR15)
        cord = load_cord(tmp_path / "cord" / f"{entry.name}.json")
        assert not icdar.warnings and not cord.warnings
        assert len(icdar.items) == len(cord.items) == entry.words > 0
        assert [i.text for i in icdar.items] == [i.text for i in cord.items]
        meta = json.loads((tmp_path / "cord" / f"{entry.name}.json").read_text())["meta"]
        assert meta["image_size"] == {"width": entry.width, "height": entry.height}
        if entry.kind != "document":
            assert entry.facts["total"] in {i.text for i in icdar.items}


def expected(name: str) -> ExpectedSample:
    return ExpectedSample.model_validate_json((SAMPLES / "expected" / f"{name}.json").read_text())


@pytest.mark.parametrize("name", ["invoice", "receipt", "two_column"])
def test_samples_are_small_and_described(name):
    sample = expected(name)
    assert (SAMPLES / sample.file).stat().st_size < 300_000
    assert sample.words


def test_two_column_text_layer_matches_expected():
    sample = expected("two_column")
    with pymupdf.open(SAMPLES / sample.file) as pdf:
        assert pdf.page_count == 1
        page = pdf[0]
        assert (page.rect.width, page.rect.height) == pytest.approx((sample.width, sample.height))
        layer = sorted(page.get_text("words"), key=lambda w: (round(w[3], 1), w[0]))
    wanted = sorted(sample.words, key=lambda w: (round(w.box[3], 1), w.box[0]))
    assert [w[4] for w in layer] == [w.text for w in wanted]
    for got, want in zip(layer, wanted, strict=True):
        assert got[:4] == pytest.approx(want.box, abs=0.1)
    middle = sample.width / 2
    texts = [w.text for w in sample.words]
    left = [i for i, w in enumerate(sample.words) if "왼쪽" in w.text or w.text == "left"]
    right = [i for i, w in enumerate(sample.words) if "오른쪽" in w.text or w.text == "right"]
    assert left and right and max(left) < min(right)
    assert all(sample.words[i].box[2] < middle for i in left)
    assert all(sample.words[i].box[0] > middle for i in right)
    assert sample.facts["title"].split()[0] == texts[0]


@pytest.mark.parametrize("family", ["coding", "gothic"])
def test_born_digital_words_are_as_wide_as_printed(family, tmp_path):
    """Hangul in Nanum Gothic Coding (fixed pitch, Hangul a full em, Latin half) keeps its
    width in the text layer: MuPDF wrote every glyph of a fixed-pitch font at its Latin
    width, so "공급가액" overlapped itself and was boxed half as wide."""
    runs = [
        Run(
            text=text,
            family=family,
            bold=False,
            size=10,
            x=x,
            baseline=50,
            width=0,
            line=0,
            category="text",
            is_key=False,
        )
        for text, x in (("공급가액", 20), ("AB12", 120))
    ]
    layout = Layout(width=200, height=100, runs=runs, strokes=[])
    write_text_pdf(layout, tmp_path / "page.pdf")
    with pymupdf.open(tmp_path / "page.pdf") as pdf:
        layer = [w[:5] for w in pdf[0].get_text("words")]
    wanted = text_layer_words(layout)
    assert [w[4] for w in layer] == [w.text for w in wanted]
    for got, want in zip(layer, wanted, strict=True):
        assert got[:4] == pytest.approx(want.box, abs=0.1)
    if family == "coding":
        assert wanted[0].box[2] - wanted[0].box[0] == pytest.approx(40, abs=0.5)  # 4 full ems


def test_invoice_pdf_is_an_image_only_scan():
    sample = expected("invoice")
    texts = {w.text for w in sample.words}
    assert {"거래명세서", "INVOICE", sample.facts["total"]} <= texts
    with pymupdf.open(SAMPLES / sample.file) as pdf:
        assert pdf.page_count == sample.page_count == 1
        assert pdf[0].get_text().strip() == ""
        assert len(pdf[0].get_images()) == 1
        pixmap = pdf[0].get_pixmap(dpi=round(sample.dpi or 0), colorspace=pymupdf.csGRAY)
    assert (pixmap.width, pixmap.height) == (sample.width, sample.height)
    pixels = np.frombuffer(pixmap.samples, np.uint8).reshape(pixmap.height, pixmap.width)
    assert_words_are_inked(pixels, sample)


def test_receipt_png_is_a_small_photo():
    sample = expected("receipt")
    with Image.open(SAMPLES / sample.file) as image:
        assert image.size == (sample.width, sample.height)
        assert max(image.size) < 1000
        pixels = np.asarray(image.convert("L"))
    assert sample.facts["total"] in {w.text for w in sample.words}
    assert_words_are_inked(pixels, sample)


def assert_words_are_inked(pixels: np.ndarray, sample: ExpectedSample) -> None:
    """Ink inside every word quad reaches within 2 px of each of its four edges.

    Blur and JPEG soften the glyph edges of the samples, so any pixel clearly darker than the
    paper (grey level < 200) counts as ink here.
    """
    for word in sample.words:
        x0, y0, x1, y1 = (int(v) for v in word.box)
        points = dark_pixels(pixels[y0 : y1 + 1, x0 : x1 + 1], (x0, y0), below=200)
        distances = inward(points, word.quad)
        inside = distances[(distances >= -0.5).all(axis=1)]
        assert len(inside), f"no ink in {word.text!r}"
        assert (inside.min(axis=0) <= 2.0).all(), f"{word.text!r} is not where its box says"


def test_samples_regenerate_the_same(tmp_path):
    subprocess.run(
        [sys.executable, str(SAMPLES / "generate.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ("invoice", "receipt", "two_column"):
        committed = expected(name)
        fresh = ExpectedSample.model_validate_json(
            (tmp_path / "expected" / f"{name}.json").read_text()
        )
        assert fresh.facts == committed.facts
        assert [w.text for w in fresh.words] == [w.text for w in committed.words]
        for new, old in zip(fresh.words, committed.words, strict=True):
            assert new.box == pytest.approx(old.box, abs=1.0)
