"""The Tesseract engine at its own text size: pages of large text are read shrunk, rows of
text much larger than the page's (a receipt's store name) are read again on their own, and
every word comes back in pixels of the image given."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from docparse.engines.large_text import LARGE, large_rows, row_image, to_page
from docparse.engines.tesseract import ENLARGE_TO, TEXT_HEIGHT, TesseractEngine
from docparse.engines.tesseract_options import TesseractOptions as EngineOptions
from docparse.engines.tesseract_options import find_tessdata
from docparse.engines.tesseract_spec import SPEC
from docparse.evaluation.synth import SynthDoc, synthesize
from docparse.model import Box, Word, union_box
from docparse.preprocess import upscale
from docparse.reading_order import build_blocks


def overlap(a: Box, b: Box) -> float:
    """Intersection over the smaller box's area."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return max(0.0, width) * max(0.0, height) / smaller


def store_box(doc: SynthDoc, factor: float) -> Box:
    """The printed store name's box, scaled by ``factor``."""
    names = doc.facts["store"].split()
    x0, y0, x1, y1 = union_box(w.box for w in doc.words if w.line == 0 and w.text in names)
    return (x0 * factor, y0 * factor, x1 * factor, y1 * factor)


@pytest.fixture(scope="module")
def engine() -> TesseractEngine:
    status = SPEC.status(EngineOptions())
    assert status.available, f"Tesseract is required for the tests: {status.reason}"
    return TesseractEngine(find_tessdata(), "kor+eng")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def receipt() -> SynthDoc:
    """A clean receipt whose bold store name is ~1.4 times its body text."""
    return synthesize("receipt", 1)


def test_the_large_row_of_a_receipt_is_its_store_name(receipt: SynthDoc) -> None:
    (row,) = large_rows(receipt.image)  # the body, the bold total (1.25 times) are not large
    title = store_box(receipt, 1.0)
    assert overlap(row.box, title) == 1.0  # the store name, whole, with a margin
    assert row.box[1] < title[1] and row.box[3] > title[3]
    assert row.height == round(title[3] - title[1])


def test_a_page_of_one_text_size_has_no_large_rows() -> None:
    page = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(page)
    for top in range(20, 380, 40):
        draw.rectangle((20, top, 560, top + 18), fill=0)
    assert large_rows(page) == []
    draw.rectangle((20, 370, 300, 370 + round(18 * LARGE) + 2), fill=0)
    (row,) = large_rows(page)
    assert row.height == round(18 * LARGE) + 3


def test_words_read_on_a_row_image_map_back_to_the_page(receipt: SynthDoc) -> None:
    row = large_rows(receipt.image)[0]
    crop, fx, fy = row_image(receipt.image, row)
    assert crop.mode == "L" and crop.height < receipt.image.height
    whole = Word(text="x", box=(0, 0, crop.width, crop.height), engine="tesseract")
    (mapped,) = to_page([whole], row, fx, fy)
    # the crop's padding maps to just outside the row; its content onto the row
    x0, y0, x1, y1 = mapped.box
    assert x0 < row.box[0] and y0 < row.box[1] and x1 > row.box[2] and y1 > row.box[3]
    inner = Word(text="x", box=(10, 10, crop.width - 10, crop.height - 10), engine="tesseract")
    assert to_page([inner], row, fx, fy)[0].box == pytest.approx(row.box, abs=1.0)


def test_an_upscaled_receipt_is_read_shrunk_and_its_title_is_read(
    engine: TesseractEngine, receipt: SynthDoc, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, scale = upscale(receipt.image.convert("L"), 2304)
    assert engine.word_height(page) > 1.5 * TEXT_HEIGHT  # what the upscaling does to a receipt
    sizes: list[tuple[int, int]] = []
    recognise = engine._recognise
    monkeypatch.setattr(
        engine, "_recognise", lambda image: sizes.append(image.size) or recognise(image)
    )
    words = engine.read(page)
    (size,) = sizes
    assert size[1] < 0.7 * page.height

    first_line = build_blocks(words, 0)[0].text.splitlines()[0]
    assert first_line.replace(" ", "") == receipt.facts["store"].replace(" ", "")
    title = store_box(receipt, scale.y)
    read = [w for w in words if overlap(w.box, title) > 0.5]
    assert "".join(w.text for w in read) == receipt.facts["store"].replace(" ", "")
    assert overlap(union_box(w.box for w in read), title) > 0.8
    for w in words:  # in pixels of the image given, not of the shrunk one
        assert 0 <= w.box[0] <= w.box[2] <= page.width and 0 <= w.box[1] <= w.box[3] <= page.height
    assert max(w.box[3] for w in words) > 0.8 * page.height


def test_text_of_a_comfortable_size_is_read_as_given(
    engine: TesseractEngine, receipt: SynthDoc, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = TesseractEngine(find_tessdata(), "kor+eng", text_height=None)  # type: ignore[arg-type]
    sizes: list[tuple[int, int]] = []
    recognise = plain._recognise
    monkeypatch.setattr(
        plain, "_recognise", lambda image: sizes.append(image.size) or recognise(image)
    )
    page, _ = upscale(receipt.image.convert("L"), 2304)
    plain.read(page)
    assert sizes == [page.size]
    small = receipt.image.convert("L")  # body text ~20 px: enlarged to the target, not beyond
    height = engine.word_height(small)
    assert height is not None and height < TEXT_HEIGHT
    factor = engine.scale_for(small)
    assert 1.0 < factor < ENLARGE_TO / max(small.size)
    assert factor * height == pytest.approx(TEXT_HEIGHT, rel=0.1)


def test_a_small_image_is_sized_once_not_upscaled_and_shrunk(
    engine: TesseractEngine, receipt: SynthDoc
) -> None:
    """Regression (issue 11): images reach Tesseract as they are, and the engine sizes
    them in one step to its text height; the pipeline no longer enlarges every page to the
    VLM's 2304 px for Tesseract to shrink it again."""
    small = receipt.image.convert("L")
    prepared, scale = engine.prepare(small)
    assert max(prepared.size) < ENLARGE_TO
    upscaled, _ = upscale(small, ENLARGE_TO)
    # the same size, in one step, as the old upscale-then-shrink gave
    assert prepared.size == pytest.approx(engine.prepare(upscaled)[0].size, rel=0.1)
    assert scale.x == pytest.approx(prepared.width / small.width)


def test_a_page_of_noise_gives_no_text_height_and_is_not_shrunk(engine: TesseractEngine) -> None:
    """Its layout is one page-sized 'word': shrinking to it would leave a thumbnail."""
    noise = np.random.default_rng(0).random((1200, 1200)) > 0.5
    page = Image.fromarray(noise.astype(np.uint8) * 255)
    assert engine.word_height(page) is None
    assert engine.scale_for(page) >= 1.0
