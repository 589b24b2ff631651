"""The VARCO engine end to end on a tiny random checkpoint (tests/tiny_vlm.py), on the CPU.

The checkpoint is loaded through ``SPEC.create`` like a real download and every test runs the
model's real ``generate``. Where a test needs a known answer, a logits processor added to that
``generate`` call masks every token but the next one of the chosen answer, so the answer comes
out of the model's own greedy decoding loop, through the engine's decoding and parsing.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import torch
from PIL import Image
from tiny_vlm import markup, spy_on
from transformers import AutoTokenizer

from docparse.engines.varco import local as varco
from docparse.engines.varco.local import VarcoEngine
from docparse.engines.varco.local_spec import MODEL_FIX, SPEC
from docparse.engines.varco.local_spec import LocalOptions as EngineOptions
from docparse.engines.varco.prompts import OCR_QUERY, grounding_query, openai_messages
from docparse.engines.varco.tiling import plan_tiles
from docparse.errors import EngineUnavailable
from docparse.model import Box

CELL_TOKENS = 24 * 24  # a 384-px cell in 16-px patches


def _engine(model_dir: Path, **options: Any) -> VarcoEngine:
    return SPEC.create(EngineOptions(model=str(model_dir), device="cpu", **options))


def _page(width: int, height: int) -> Image.Image:
    return Image.new("RGB", (width, height), "white")


def _expected_image_tokens(rows: int, cols: int) -> int:
    """LLaVA-OneVision's count for a view that fills a rows × cols grid of 384-px cells
    exactly (no padding): the base cell, then the grid's 24-patch-per-cell feature map —
    shrunk by ``anyres_max_9`` when it holds over 1.1² × 9 cells' worth — with one newline
    token per feature row."""
    height, width = rows * 24, cols * 24
    ratio = math.sqrt(height * width / (9 * CELL_TOKENS))
    if ratio > 1.1:
        height, width = int(height // ratio), int(width // ratio)
    return CELL_TOKENS + height * width + height


# --- availability ---------------------------------------------------------------------------


def test_status_for_a_missing_directory_gives_the_one_line_fix(tmp_path: Path) -> None:
    status = SPEC.status(EngineOptions(model=str(tmp_path / "missing")))
    assert not status.available
    assert "missing" in status.reason and "\n" not in status.reason
    assert (
        status.fix
        == MODEL_FIX
        == ("hf download NCSOFT/VARCO-VISION-2.0-1.7B-OCR, or pass --model DIR")
    )
    assert status.capabilities == ["grounding", "ocr", "qa"]  # a family checkpoint's name
    # the default checkpoint, -OCR, documents <ocr> only: no grounding (issue 11, item 6)
    assert SPEC.status(EngineOptions()).capabilities == ["ocr", "qa"]


def test_create_for_a_missing_directory_raises_engine_unavailable(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable) as caught:
        SPEC.create(EngineOptions(model=str(tmp_path / "missing")))
    assert "\n" not in str(caught.value) and MODEL_FIX in str(caught.value)


def test_a_directory_without_config_is_no_model(tmp_path: Path) -> None:
    status = SPEC.status(EngineOptions(model=str(tmp_path)))
    assert not status.available and "config.json" in status.reason


def test_a_broken_checkpoint_fails_to_load_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{not json")
    assert SPEC.status(EngineOptions(model=str(tmp_path))).available
    with pytest.raises(EngineUnavailable, match=r"^varco: cannot load") as caught:
        SPEC.create(EngineOptions(model=str(tmp_path), device="cpu"))
    assert "\n" not in str(caught.value)


def test_a_checkpoint_of_another_architecture_is_refused(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(EngineUnavailable, match="'bert' model, not LLaVA-OneVision"):
        SPEC.create(EngineOptions(model=str(tmp_path), device="cpu"))


def test_hub_ids_are_looked_up_in_the_local_cache_only(tmp_path: Path, monkeypatch) -> None:
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path))
    assert not SPEC.status(EngineOptions()).available
    repo = tmp_path / "models--NCSOFT--VARCO-VISION-2.0-1.7B-OCR"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("0123abc")
    (repo / "snapshots" / "0123abc").mkdir(parents=True)
    (repo / "snapshots" / "0123abc" / "config.json").write_text("{}")
    status = SPEC.status(EngineOptions())
    assert status.available and status.reason is None


def test_status_for_the_tiny_checkpoint_and_accelerator_probe(tiny_vlm_dir: Path) -> None:
    assert SPEC.status(EngineOptions(model=str(tiny_vlm_dir))).available
    assert SPEC.has_accelerator() is torch.cuda.is_available()


# --- the processor's grid and batching --------------------------------------------------------


def test_views_are_scaled_to_2304_and_cost_the_grid_s_image_tokens(
    tiny_vlm_dir: Path, monkeypatch
) -> None:
    engine = _engine(tiny_vlm_dir, max_new_tokens=1)
    spy = spy_on(monkeypatch, engine)
    results = engine.recognize([_page(2304, 2304), _page(600, 400), _page(1000, 3000)])
    assert len(results) == 3
    # 2304² is the 6×6 grid; 600×400 becomes 2304×1536, a 4×6 grid; the 1:3 page is cut into
    # two 1000×2000 tiles, each shown at 1152×2304, a 6×3 grid.
    assert spy.image_sizes == [[2304, 2304], [1536, 2304], [2304, 1152], [2304, 1152]]
    grids = [(6, 6), (4, 6), (6, 3), (6, 3)]
    assert [call["pixel_values"].shape[1] for call in spy.calls] == [37, 25, 19, 19]
    assert spy.image_token_counts() == [_expected_image_tokens(*grid) for grid in grids]
    assert spy.image_token_counts() == [5832, 5738, 5727, 5727]


def test_batched_pages_of_different_sizes_equal_one_by_one(tiny_vlm_dir: Path) -> None:
    pages = [_page(600, 400), _page(300, 500), _page(700, 700)]
    batched = _engine(tiny_vlm_dir, batch_size=3, max_new_tokens=6, keep_raw=True)
    single = _engine(tiny_vlm_dir, batch_size=1, max_new_tokens=6, keep_raw=True)
    together = batched.recognize(pages)
    alone = single.recognize(pages)
    assert len(together) == len(alone) == 3
    assert [r.raw_output for r in together] == [r.raw_output for r in alone]
    for result in together:
        assert result.raw_output  # the random model's text went through the parser
        assert any("token limit" in warning for warning in result.warnings)


# --- answers at the model boundary mapped to the caller's pixels ------------------------------


def test_forced_words_land_on_the_pixels_of_a_small_page_asked_with_ocr(
    tiny_vlm_dir: Path, monkeypatch
) -> None:
    engine = _engine(tiny_vlm_dir)
    answer = markup("HELLO", (0.25, 0.5, 0.5, 0.75)) + "\n" + markup("세계", (0.6, 0.1, 0.9, 0.2))
    spy = spy_on(monkeypatch, engine, [answer])
    (result,) = engine.recognize([_page(600, 400)])
    assert spy.image_sizes == [[1536, 2304]]  # upscaled 3.84× before the model saw it
    assert [(w.text, w.engine) for w in result.words] == [("HELLO", "varco"), ("세계", "varco")]
    assert result.words[0].box == pytest.approx((150, 200, 300, 300), abs=0.01)
    assert result.words[1].box == pytest.approx((360, 40, 540, 80), abs=0.01)
    assert result.warnings == [] and result.raw_output is None
    prompt = engine.processor.tokenizer.decode(spy.calls[0]["input_ids"][0])
    assert prompt.startswith("<|im_start|>user\n<image>")
    assert prompt.endswith(f"<image>\n{OCR_QUERY}<|im_end|>\n<|im_start|>assistant\n")


def test_forced_words_on_a_tall_page_map_through_the_tiles(tiny_vlm_dir: Path, monkeypatch) -> None:
    width, height = 500, 3000
    tiles = plan_tiles(width, height)
    assert [(t.y0, t.y1) for t in tiles] == [(0, 1000), (667, 1667), (1333, 2333), (2000, 3000)]
    page_words: dict[str, Box] = {
        "top": (50, 100, 200, 140),
        "second": (300, 1200, 450, 1240),
        "third": (40, 2000, 160, 2030),
        "bottom": (100, 2900, 400, 2950),
        "shared": (200, 800, 300, 830),  # inside tiles 0 and 1, owned by tile 0
        "later": (20, 900, 120, 930),  # inside tiles 0 and 1, owned by tile 1
    }

    def seen_by(tile) -> str:
        parts = []
        for text, (x0, y0, x1, y1) in page_words.items():
            if tile.y0 <= y0 and y1 <= tile.y1:
                jitter = 1.5 if tile is tiles[0] and text == "later" else 0.0  # reads differ
                norm = (
                    x0 / tile.width,
                    (y0 - tile.y0 + jitter) / tile.height,
                    x1 / tile.width,
                    (y1 - tile.y0 + jitter) / tile.height,
                )
                parts.append(markup(text, norm))
        return "".join(parts)

    engine = _engine(tiny_vlm_dir, batch_size=4, keep_raw=True)
    spy = spy_on(monkeypatch, engine, [seen_by(tile) for tile in tiles])
    (result,) = engine.recognize([_page(width, height)])
    assert len(spy.calls) == 1 and spy.image_sizes == [[2304, 1152]] * 4
    found = {word.text: word.box for word in result.words}
    assert sorted(found) == sorted(page_words)
    assert len(result.words) == len(page_words)
    for text, box in page_words.items():
        assert found[text] == pytest.approx(box, abs=0.01), text
    assert result.warnings == []
    assert result.raw_output.startswith("[tile 0,0,500,1000]\n<char>top</char>")


def test_an_answer_cut_by_the_token_limit_keeps_its_words_and_warns(
    tiny_vlm_dir: Path, monkeypatch
) -> None:
    answer = markup("A", (0.1, 0.1, 0.2, 0.2)) + "<char>B</char><bbox>0.3, 0."
    tokenizer = AutoTokenizer.from_pretrained(tiny_vlm_dir, local_files_only=True)
    limit = len(tokenizer.encode(answer, add_special_tokens=False))
    engine = _engine(tiny_vlm_dir, max_new_tokens=limit, keep_raw=True)
    spy_on(monkeypatch, engine, [answer], end=False)
    (result,) = engine.recognize([_page(400, 400)])
    assert [w.text for w in result.words] == ["A"]
    assert result.words[0].box == pytest.approx((40, 40, 80, 80), abs=0.01)
    assert result.raw_output == answer
    assert any(f"{limit}-token limit" in warning for warning in result.warnings)
    assert any("truncated" in warning for warning in result.warnings)


def test_find_asks_with_gro_and_returns_the_object_boxes(tiny_vlm_dir: Path, monkeypatch) -> None:
    engine = _engine(tiny_vlm_dir)
    answer = markup("total", (0.5, 0.25, 0.75, 0.5), kind="obj")
    spy = spy_on(monkeypatch, engine, [answer])
    words = engine.find(_page(800, 600), "the total amount")
    prompt = engine.processor.tokenizer.decode(spy.calls[0]["input_ids"][0])
    assert prompt.endswith("<gro>\nthe total amount<|im_end|>\n<|im_start|>assistant\n")
    assert [(w.text, w.box) for w in words] == [("total", pytest.approx((400, 150, 600, 300)))]


def test_ask_returns_the_answer_text(tiny_vlm_dir: Path, monkeypatch) -> None:
    engine = _engine(tiny_vlm_dir)
    spy_on(monkeypatch, engine, ["Seoul 2025"])
    assert engine.ask(_page(500, 3000), "Where and when?") == "Seoul 2025"


def test_grid_policy_overrides_only_the_pinpoints(tiny_vlm_dir: Path) -> None:
    engine = _engine(tiny_vlm_dir)
    grid = [[384 * i, 384 * j] for i in range(1, 7) for j in range(1, 7)]
    assert engine.processor.image_processor.image_grid_pinpoints == grid
    assert engine.model.config.image_grid_pinpoints == grid
    assert engine.long_side == 2304 and engine.max_new_tokens == varco.DEFAULT_MAX_NEW_TOKENS
    assert engine.processor.tokenizer.padding_side == "left"
    assert engine.model.dtype == torch.float32


# --- prompts shared with the OpenAI-compatible engine ---------------------------------------


def test_prompts() -> None:
    assert grounding_query("  the stamp ") == "<gro>\nthe stamp"
    with pytest.raises(ValueError):
        grounding_query(" ")
    assert openai_messages("data:image/png;base64,AAAA", OCR_QUERY) == [
        {
            "role": "user",
            "content": [
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
                {"type": "text", "text": "<ocr>"},
            ],
        }
    ]
