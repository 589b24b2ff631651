"""``ask`` through a VLM: the tiny random VARCO checkpoint on the CPU (its answer forced at the
model boundary while ``generate`` really runs), and the OpenAI-compatible path against the
loopback server of tests/openai_server.py."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from openai_server import MODEL_ID, FakeVarcoServer
from PIL import Image
from pydantic import ValidationError
from tiny_vlm import build_processor, build_tokenizer, spy_on

from docparse.ask import Asker, AskOptions
from docparse.ask.generative import DEFAULT_PAGE_SIZE, MAX_PAGES, clean_answer, page_view
from docparse.engines.varco import local_spec as varco
from docparse.engines.varco.local import VarcoEngine
from docparse.engines.varco.local_spec import LocalOptions
from docparse.engines.varco.openai_server import OpenAIEngine, ServerOptions
from docparse.engines.varco.prompts import hf_pages_conversation
from docparse.io.fonts import font_path

TOTAL_LINE = "합계 금액 45,000원"
QUESTION = "총 금액은?"
SMALL = 384  # one 384-px cell per page keeps the tiny model's prompt short on the CPU


def _pdf(path: Path, texts: list[str]) -> Path:
    """Born-digital pages (a text layer: no OCR needed), page k is 300 + 20k points wide, so
    the size of each image the model receives tells which page it is."""
    doc = pymupdf.open()
    font = str(font_path("gothic"))
    for number, text in enumerate(texts):
        page = doc.new_page(width=300 + 20 * number, height=600)
        page.insert_font(fontname="nanum", fontfile=font)
        for row, line in enumerate(text.split("\n")):
            page.insert_text((30, 60 + 30 * row), line, fontname="nanum", fontsize=12)
    doc.save(str(path))
    doc.close()
    return path


def _filler(number: int) -> str:
    return f"회의록 제{number}장\n참석자 명단과 안건 {number}"


def _widths(sizes: list[list[int]]) -> list[int]:
    """Page numbers (1-based) from the received image sizes [height, width] (long side 384)."""
    pages = []
    for height, width in sizes:
        assert height == SMALL
        pages.append(round((width * 600 / SMALL - 300) / 20) + 1)
    return pages


@pytest.fixture(scope="module")
def engine(tiny_vlm_dir: Path) -> VarcoEngine:
    return varco.SPEC.create(LocalOptions(model=str(tiny_vlm_dir), device="cpu"))


def test_more_pages_than_allowed_go_by_relevance_in_document_order(
    engine: VarcoEngine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    texts = [_filler(n) for n in range(1, 15)]
    for number in (3, 7, 11):
        texts[number - 1] += f"\n{TOTAL_LINE}"
    pdf = _pdf(tmp_path / "minutes.pdf", texts)
    spy = spy_on(monkeypatch, engine, ["<char>45,000원</char><bbox>0.1, 0.2, 0.3, 0.25</bbox>"])
    options = AskOptions(max_pages=3, page_size=SMALL)
    answer = Asker(options, engine=engine).ask([pdf], QUESTION)

    (call,) = spy.calls  # one turn, one generate
    assert _widths(call["image_sizes"].tolist()) == [3, 7, 11]
    prompt = engine.processor.tokenizer.decode(call["input_ids"][0])
    assert prompt.rstrip().endswith(f"{QUESTION}<|im_end|>\n<|im_start|>assistant")
    assert [page.page for page in answer.pages] == [3, 7, 11]
    assert answer.warnings == ["14 pages: the VLM read the 3 most relevant to the question"]
    assert answer.kind == "generative" and answer.engine == "varco"
    assert answer.answer == "45,000원"  # the markup is taken off
    assert {e.page for e in answer.evidence} == {3, 7, 11}  # boxed in the text layer
    assert all(e.text == "45,000원" and e.line == TOTAL_LINE for e in answer.evidence)
    assert set(answer.timings) == {"ocr", "select", "render", "engine"}


def test_twelve_pages_at_most_with_the_processors_image_token_count(
    engine: VarcoEngine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    texts = [f"{_filler(n)}\n{TOTAL_LINE}" for n in range(1, 14)]
    texts[4] = _filler(5)  # the one page without the question's words is left out
    pdf = _pdf(tmp_path / "thirteen.pdf", texts)
    spy = spy_on(monkeypatch, engine, ["45,000원"])
    answer = Asker(AskOptions(page_size=SMALL, ground=False), engine=engine).ask([pdf], QUESTION)

    (call,) = spy.calls
    sizes = call["image_sizes"].tolist()
    assert _widths(sizes) == [n for n in range(1, 14) if n != 5] == [p.page for p in answer.pages]
    assert len(sizes) == MAX_PAGES and answer.evidence == []
    # each page costs what the processor gives it alone, and all sit in the one prompt
    processor = engine.processor
    images = [Image.new("RGB", (width, height), "white") for height, width in sizes]
    texts = [
        processor.apply_chat_template(
            hf_pages_conversation([image], QUESTION), add_generation_prompt=True
        )
        for image in images
    ]
    ids = processor(text=texts, images=images, padding=True, return_tensors="pt")["input_ids"]
    alone = (ids == engine.model.config.image_token_id).sum(1).tolist()
    assert spy.image_token_counts() == [sum(alone)]
    assert all(576 < n <= 576 + 24 * 24 + 24 for n in alone)  # base cell + one cell's patches


def test_the_default_page_size_keeps_twelve_pages_within_the_context() -> None:
    processor = build_processor(build_tokenizer())
    image_id = processor.tokenizer.convert_tokens_to_ids("<image>")
    counts = {}
    for name, (width, height) in {"a4": (1240, 1754), "square": (900, 900)}.items():
        view = page_view(Image.new("L", (width, height), 255), DEFAULT_PAGE_SIZE)
        assert max(view.size) == DEFAULT_PAGE_SIZE and view.mode == "RGB"
        text = processor.apply_chat_template(hf_pages_conversation([view], "q"))
        ids = processor(text=[text], images=[view], return_tensors="pt")["input_ids"]
        counts[name] = int((ids == image_id).sum())
    assert counts == {"a4": 2256, "square": 2928}  # the figures in docparse.ask.generative
    assert MAX_PAGES * counts["square"] == 35_136 < 40_960  # Qwen3-1.7B's positions


def test_max_pages_is_capped_at_twelve() -> None:
    with pytest.raises(ValidationError):
        AskOptions(max_pages=13)


def test_clean_answer() -> None:
    assert (
        clean_answer("<obj>총액</obj><bbox>0.1, 0.2, 0.3, 0.4</bbox> 45,000원 ") == "총액 45,000원"
    )
    assert clean_answer(" <char></char> ") is None


class PagesServer(FakeVarcoServer):
    """Answers every request with ``reply`` and records all the images of each."""

    def __init__(self, reply: str) -> None:
        super().__init__()
        self.reply = reply
        self.bodies: list[dict[str, Any]] = []

    def answer(self, body: dict[str, Any], authorization: str | None) -> tuple[int, dict, dict]:
        self.bodies.append(body)
        message = {"role": "assistant", "content": self.reply}
        choice = {"index": 0, "message": message, "finish_reason": "stop"}
        return (
            200,
            {},
            {"id": "x", "object": "chat.completion", "model": MODEL_ID, "choices": [choice]},
        )


def _decoded(url: str) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(url.partition(",")[2])))


def test_the_openai_path_sends_every_page_in_one_request(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "three.pdf", [_filler(1), _filler(2), f"{_filler(3)}\n{TOTAL_LINE}"])
    with PagesServer("45,000원") as server:
        engine = OpenAIEngine(ServerOptions(base_url=server.base_url))
        options = AskOptions(page_size=SMALL)
        answer = Asker(options, engine=engine).ask([str(pdf)], "What is the total amount?")
        engine.close()
    (body,) = server.bodies
    (message,) = body["messages"]
    parts = message["content"]
    assert [part["type"] for part in parts] == ["image_url"] * 3 + ["text"]
    assert parts[-1]["text"] == "What is the total amount?" and body["model"] == MODEL_ID
    sizes = [_decoded(part["image_url"]["url"]).size for part in parts[:3]]
    assert _widths([[h, w] for w, h in sizes]) == [1, 2, 3]
    assert answer.answer == "45,000원" and answer.engine == "openai"
    (evidence,) = answer.evidence
    assert evidence.page == 3 and evidence.source == str(pdf)
