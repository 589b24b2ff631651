"""The VARCO engine through the CLI and the pipeline, with the tiny random checkpoint."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from tiny_vlm import markup, spy_on
from typer.testing import CliRunner

from docparse.cli.app import app
from docparse.engines.registry import resolve_name
from docparse.engines.varco import local_spec as varco
from docparse.engines.varco.local import VarcoEngine
from docparse.engines.varco.local_spec import LocalOptions as EngineOptions
from docparse.formats.json_format import load
from docparse.grounding import find
from docparse.pipeline import ParseOptions, Parser

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
runner = CliRunner()


def test_ocr_invoice_with_varco_runs_end_to_end_on_cpu(tiny_vlm_dir: Path) -> None:
    args = ["ocr", str(SAMPLES / "invoice.pdf"), "--engine", "varco", "--model", str(tiny_vlm_dir)]
    args += ["--device", "cpu", "--max-new-tokens", "8", "--keep-raw", "--out", "json", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = load(result.stdout)
    (page,) = document.pages
    assert document.engine == "varco" and page.source == "ocr"
    assert page.raw_output  # what the (random) model generated is kept for debugging
    if not any("token limit" in w for w in page.warnings):
        pytest.fail("8 new tokens cannot end a random answer: the limit warning is missing")


def _engine(model_dir: Path) -> VarcoEngine:
    return varco.SPEC.create(EngineOptions(model=str(model_dir), device="cpu"))


def test_words_land_on_the_original_receipt_pixels_through_the_pipeline(
    tiny_vlm_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _engine(tiny_vlm_dir)
    spy = spy_on(monkeypatch, engine, [markup("162,820", (0.5, 0.5, 0.75, 0.6))])
    document = Parser(ParseOptions(), engine=engine).parse(SAMPLES / "receipt.png")
    (page,) = document.pages
    assert (page.width, page.height) == (506, 960)  # the receipt's own pixels
    assert max(spy.image_sizes[0]) == 2304  # ...while the model saw it upscaled
    (word,) = page.words()
    assert word.text == "162,820" and word.engine == "varco"
    assert word.box == pytest.approx((253, 480, 379.5, 576), abs=0.01)


def test_find_with_a_grounding_engine_asks_it_and_maps_back(
    tiny_vlm_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _engine(tiny_vlm_dir)
    spy = spy_on(monkeypatch, engine, [markup("총액", (0.1, 0.6, 0.3, 0.65), kind="obj")])
    (match,) = find(Parser(ParseOptions(), engine=engine), str(SAMPLES / "receipt.png"), "총액")
    prompt = engine.processor.tokenizer.decode(spy.calls[0]["input_ids"][0])
    assert "<gro>" in prompt and "총액" in prompt
    assert match.method == "varco" and match.page == 1 and match.text == "총액"
    assert match.box == pytest.approx((50.6, 576, 151.8, 624), abs=0.01)


def test_engines_reports_the_checkpoint(tiny_vlm_dir: Path) -> None:
    result = runner.invoke(app, ["engines", "--model", str(tiny_vlm_dir)])
    row = next(line for line in result.stdout.splitlines() if line.startswith("│ varco"))
    assert "yes" in row
    missing = runner.invoke(app, ["engines", "--model", str(tiny_vlm_dir / "nope")])
    text = missing.stdout
    assert "hf download NCSOFT/VARCO-VISION-2.0-1.7B-OCR" in text or "--model DIR" in text


def test_auto_picks_the_vlm_only_with_weights_and_a_gpu(
    tiny_vlm_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_weights = EngineOptions(model=str(tiny_vlm_dir))
    monkeypatch.setattr(varco.SPEC, "has_accelerator", lambda: False)
    assert resolve_name("auto", with_weights) == "ppocr"
    monkeypatch.setattr(varco.SPEC, "has_accelerator", lambda: True)
    assert resolve_name("auto", with_weights) == "varco"
    assert resolve_name("auto", EngineOptions(model=str(tiny_vlm_dir / "nope"))) == "ppocr"


def test_find_keeps_only_obj_answers_and_falls_back_to_the_words(
    tiny_vlm_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression (issue 11, item 6): a grounding query answered with OCR markup used to make
    every recognised word a match; only <obj> answers count, and the page is then searched in
    its OCR words."""
    engine = _engine(tiny_vlm_dir)
    ocr_answer = markup("합계", (0.1, 0.1, 0.2, 0.15)) + markup("총액", (0.1, 0.6, 0.3, 0.65))
    spy_on(monkeypatch, engine, [ocr_answer] * 3)  # to <gro> (twice), then to <ocr>
    assert engine.find(Image.new("RGB", (506, 960), "white"), "총액") == []
    (match,) = find(Parser(ParseOptions(), engine=engine), str(SAMPLES / "receipt.png"), "총액")
    assert match.method == "words" and match.text == "총액"
    assert match.box == pytest.approx((50.6, 576, 151.8, 624), abs=0.01)


def test_the_ocr_checkpoint_does_not_ground(tiny_vlm_dir: Path, tmp_path: Path) -> None:
    """The -OCR checkpoint documents <ocr> only: find searches the OCR words (item 6)."""
    named = tmp_path / "VARCO-VISION-2.0-1.7B-OCR"
    named.symlink_to(tiny_vlm_dir, target_is_directory=True)
    engine = varco.SPEC.create(EngineOptions(model=str(named), device="cpu"))
    assert engine.capabilities == {"ocr", "qa"}
    forced = varco.SPEC.create(EngineOptions(model=str(named), device="cpu", grounding=True))
    assert "grounding" in forced.capabilities
    listed = runner.invoke(app, ["engines", "--model", str(named)])
    assert "BY-NC" in listed.stdout  # the model licence, shown with the engine
