"""The ``openai`` engine against an in-process chat-completions server (tests/openai_server.py)
that reads the dark rectangles of the image it receives and answers in VARCO markup."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest
from openai_server import MODEL_ID, FakeVarcoServer
from PIL import Image, ImageDraw

from docparse.engines.varco import openai_server as openai_compat
from docparse.engines.varco.answers import DEFAULT_MAX_NEW_TOKENS
from docparse.engines.varco.openai_server import OpenAIEngine
from docparse.engines.varco.openai_server import ServerOptions as EngineOptions
from docparse.engines.varco.openai_spec import SPEC
from docparse.errors import DocparseError, EngineUnavailable
from docparse.model import Word

FAST = 0.01  # backoff for tests: retries without waiting for real
TOLERANCE = 1.5  # pixels: Lanczos edges and 4-decimal coordinates


def page(size: tuple[int, int], rects: dict[int, tuple[int, int, int, int]]) -> Image.Image:
    """A white page with a filled rectangle per grey level (0, 40, 80: words g0, g40, g80)."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for level, (x0, y0, x1, y1) in rects.items():
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=(level, level, level))
    return image


def engine_for(server: FakeVarcoServer, **options: Any) -> OpenAIEngine:
    return OpenAIEngine(EngineOptions(base_url=server.base_url, **options), backoff_s=FAST)


def assert_words(words: list[Word], expected: dict[int, tuple[int, int, int, int]]) -> None:
    assert sorted(w.text for w in words) == sorted(f"g{level}" for level in expected)
    for word in words:
        box = expected[int(word.text[1:])]
        assert word.box == pytest.approx(box, abs=TOLERANCE), word.text
        assert word.engine == "openai"


SIZE = (400, 200)  # 2:1, the smallest area at 2304 px long: quick to scale, send and read
RECTS = {0: (40, 30, 140, 60), 40: (200, 30, 330, 70), 80: (60, 120, 300, 170)}


def test_words_land_on_the_original_pixels_and_the_request_is_right() -> None:
    with FakeVarcoServer() as server:
        engine = engine_for(server)
        (result,) = engine.recognize([page(SIZE, RECTS)])
    assert_words(result.words, RECTS)
    assert result.warnings == []
    assert result.raw_output is None
    (request,) = server.requests
    assert request.image_size == (2304, 1152)  # upscaled so the long side is 2304 px
    assert request.prompt == "<ocr>"
    body = request.body
    assert body["model"] == MODEL_ID
    assert body["temperature"] == 0
    assert body["skip_special_tokens"] is False
    assert body["max_tokens"] == DEFAULT_MAX_NEW_TOKENS
    content = body["messages"][0]["content"]
    assert [part["type"] for part in content] == ["image_url", "text"]
    assert content[0]["image_url"]["url"].startswith("data:image/png;base64,")


def test_large_images_go_as_jpeg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openai_compat, "JPEG_ABOVE_BYTES", 1000)  # any PNG is "large" now
    with FakeVarcoServer() as server:
        (result,) = engine_for(server).recognize([page(SIZE, RECTS)])
    url = server.requests[0].body["messages"][0]["content"][0]["image_url"]["url"]
    assert url.startswith("data:image/jpeg;base64,")
    assert_words(result.words, RECTS)


def test_options_reach_the_request_and_raw_output_is_kept() -> None:
    with FakeVarcoServer(models=["served-name"]) as server:
        engine = engine_for(server, model="my-model", max_new_tokens=123, keep_raw=True)
        (result,) = engine.recognize([page((200, 400), {0: (10, 10, 50, 30)})])
    body = server.requests[0].body
    assert (body["model"], body["max_tokens"]) == ("my-model", 123)
    assert result.raw_output is not None and result.raw_output.startswith("<char>g0</char><bbox>")


def test_without_model_the_served_one_is_used() -> None:
    with FakeVarcoServer(models=["local/varco"]) as server:
        engine_for(server).recognize([page((100, 200), {0: (10, 10, 50, 30)})])
    assert server.requests[0].body["model"] == "local/varco"


def test_tall_page_is_read_in_tiles_and_merged() -> None:
    # 300 × 1500 → three 300 × 600 tiles at y 0, 450, 900 (cores cut at 525 and 975).
    rects = {
        0: (20, 100, 200, 140),
        40: (30, 505, 250, 545),  # centred on the first cut: seen by two tiles, kept once
        80: (40, 700, 260, 760),
        120: (20, 1400, 150, 1450),
    }
    with FakeVarcoServer() as server:
        (result,) = engine_for(server, keep_raw=True).recognize([page((300, 1500), rects)])
    assert len(server.requests) == 3
    assert all(request.image_size == (1152, 2304) for request in server.requests)
    assert result.raw_output is not None and result.raw_output.count("<char>g40</char>") == 2
    assert_words(result.words, rects)


def test_retries_503_then_succeeds() -> None:
    with FakeVarcoServer(fail_first=2, fail_status=503) as server:
        (result,) = engine_for(server).recognize([page(SIZE, RECTS)])
    assert server.failed == 2
    assert_words(result.words, RECTS)


def test_429_waits_as_long_as_retry_after_says() -> None:
    with FakeVarcoServer(fail_first=1, fail_status=429, retry_after="1") as server:
        start = time.monotonic()
        (result,) = engine_for(server).recognize([page(SIZE, RECTS)])
        elapsed = time.monotonic() - start
    assert elapsed >= 1.0
    assert_words(result.words, RECTS)


def test_a_server_that_keeps_failing_gives_one_line() -> None:
    with (
        FakeVarcoServer(fail_first=100, fail_status=500) as server,
        pytest.raises(DocparseError) as caught,
    ):
        engine_for(server).recognize([page(SIZE, RECTS)])
    message = str(caught.value)
    assert "HTTP 500: busy, try later" in message and "5 attempts" in message
    assert "\n" not in message
    assert server.failed == 5


def test_timeouts_are_retried_then_reported() -> None:
    with FakeVarcoServer(delay_s=0.5) as server:
        engine = engine_for(server, model=MODEL_ID, timeout_s=0.1)
        with pytest.raises(DocparseError, match=r"did not answer within 0.1 s \(5 attempts\)"):
            engine.recognize([page((100, 200), {0: (10, 10, 50, 30)})])


def test_wrong_api_key_is_one_line() -> None:
    with FakeVarcoServer(api_key="right") as server:
        engine = engine_for(server, model=MODEL_ID, api_key="wrong")
        with pytest.raises(EngineUnavailable) as caught:
            engine.recognize([page(SIZE, RECTS)])
        status = SPEC.status(EngineOptions(base_url=server.base_url, api_key="wrong"))
        assert engine_for(server, api_key="right").recognize([page(SIZE, RECTS)])
    message = str(caught.value)
    assert "HTTP 401: Invalid API key" in message and "--api-key" in message
    assert "\n" not in message
    assert not status.available and "401" in (status.reason or "")
    assert server.requests[0].authorization == "Bearer right"


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_connection_refused_is_one_line() -> None:
    url = closed_port_url()
    engine = OpenAIEngine(EngineOptions(base_url=url), backoff_s=FAST)
    with pytest.raises(EngineUnavailable) as caught:
        engine.recognize([page((100, 200), {})])
    message = str(caught.value)
    assert message.startswith(f"cannot reach {url}: is the server running?")
    assert "\n" not in message
    status = SPEC.status(EngineOptions(base_url=url))
    assert not status.available
    assert status.reason == f"cannot reach {url}: is the server running?"
    assert status.fix is not None and "vllm serve" in status.fix


def test_finish_reason_length_warns_and_keeps_the_words_read() -> None:
    with FakeVarcoServer(truncate_after=2) as server:
        (result,) = engine_for(server).recognize([page(SIZE, RECTS)])
    assert_words(result.words, {0: RECTS[0], 40: RECTS[40]})
    assert any(
        f"{DEFAULT_MAX_NEW_TOKENS}-token limit" in w and "--max-new-tokens" in w
        for w in result.warnings
    )
    assert any("truncated" in w for w in result.warnings)


def test_pages_are_read_concurrently_up_to_the_limit() -> None:
    levels = (0, 40, 80, 0)
    pages = [page(SIZE, {level: RECTS[level]}) for level in levels]
    with FakeVarcoServer(gather=3, delay_s=0.2) as server:
        results = engine_for(server, concurrency=3).recognize(pages)
    assert server.max_in_flight == 3
    for result, level in zip(results, levels, strict=True):  # each page got its own answer
        assert_words(result.words, {level: RECTS[level]})


def test_find_grounds_a_phrase_through_the_same_api() -> None:
    with FakeVarcoServer() as server:
        words = engine_for(server).find(page(SIZE, RECTS), "g40")
    (word,) = words
    assert word.text == "g40"
    assert word.box == pytest.approx(RECTS[40], abs=TOLERANCE)
    assert server.requests[0].prompt == "<gro>\ng40"


def test_status_and_create() -> None:
    missing = SPEC.status(EngineOptions())
    assert not missing.available and missing.fix is not None and "--base-url" in missing.fix
    with pytest.raises(EngineUnavailable, match="--base-url"):
        SPEC.create(EngineOptions())
    with FakeVarcoServer() as server:
        assert SPEC.status(EngineOptions(base_url=server.base_url)).available
        wrong = SPEC.status(EngineOptions(base_url=server.base_url, model="other"))
        assert not wrong.available and wrong.fix == f"set --model {MODEL_ID}"
        assert isinstance(SPEC.create(EngineOptions(base_url=server.base_url)), OpenAIEngine)
    bad = SPEC.status(EngineOptions(base_url="localhost:8000"))
    assert not bad.available and "not an http(s) URL" in (bad.reason or "")
