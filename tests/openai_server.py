"""An in-process stand-in for a vLLM server answering like VARCO-VISION-2.0-OCR.

It speaks the OpenAI chat-completions protocol on 127.0.0.1 only. For every request it
decodes the image from the data URL and "reads" it: each dark rectangle (found by cutting
the image along blank rows and columns) is one word, named after its grey level
(``g0``, ``g40``, ...), with a box normalised to the received image, exactly as the model
writes ``<char>WORD</char><bbox>x1, y1, x2, y2</bbox>``. Tests can therefore check that the
image arrived intact and that the boxes map back to the caller's pixels.
"""

from __future__ import annotations

import base64
import io
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

import numpy as np
import numpy.typing as npt
from PIL import Image

INK_THRESHOLD = 128
GATHER_TIMEOUT_S = 5.0
MODEL_ID = "NCSOFT/VARCO-VISION-2.0-1.7B-OCR"


@dataclass(frozen=True)
class Ink:
    """One dark rectangle the fake model read: its name and box in received pixels."""

    text: str
    box: tuple[int, int, int, int]


@dataclass
class Recorded:
    """What one chat-completions request carried."""

    body: dict[str, Any]
    prompt: str
    image_size: tuple[int, int]
    authorization: str | None


def _runs(mask: npt.ArrayLike) -> list[tuple[int, int]]:
    """[start, end) of each run of True values in a 1-D mask."""
    padded = np.concatenate(([False], np.asarray(mask, dtype=bool), [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True))


def find_ink(image: Image.Image) -> list[Ink]:
    """Dark rectangles in reading order: rows of ink, then columns within each row."""
    grey = np.asarray(image.convert("L"))
    dark = grey < INK_THRESHOLD
    found: list[Ink] = []
    for y0, y1 in _runs(dark.any(axis=1)):
        band = dark[y0:y1]
        for x0, x1 in _runs(band.any(axis=0)):
            rows = np.flatnonzero(band[:, x0:x1].any(axis=1))
            top, bottom = y0 + int(rows[0]), y0 + int(rows[-1]) + 1
            level = int(np.median(grey[top:bottom, x0:x1][dark[top:bottom, x0:x1]]))
            found.append(Ink(f"g{round(level / 40) * 40}", (x0, top, x1, bottom)))
    return found


def _bbox(box: tuple[int, int, int, int], width: int, height: int) -> str:
    x0, y0, x1, y1 = box
    return f"<bbox>{x0 / width:.4f}, {y0 / height:.4f}, {x1 / width:.4f}, {y1 / height:.4f}</bbox>"


def _decode_data_url(url: str) -> Image.Image:
    header, _, payload = url.partition(",")
    if not header.startswith("data:image/") or not header.endswith(";base64"):
        raise ValueError(f"not a base64 image data URL: {header[:40]}")
    image = Image.open(io.BytesIO(base64.b64decode(payload, validate=True)))
    image.load()
    return image


@dataclass
class FakeVarcoServer:
    """A loopback chat-completions server; use it as a context manager.

    ``fail_first`` requests get ``fail_status`` (with ``Retry-After: retry_after`` when set);
    a set ``api_key`` answers 401 to any other bearer token; ``truncate_after`` answers only
    that many words plus half of the next, with ``finish_reason: "length"``; ``delay_s``
    holds each answer; ``gather`` holds the first requests until that many are in flight
    together (or ``GATHER_TIMEOUT_S`` passed), so that a client's concurrency shows whatever
    the machine's load.
    """

    fail_first: int = 0
    fail_status: int = 503
    retry_after: str | None = None
    api_key: str | None = None
    truncate_after: int | None = None
    delay_s: float = 0.0
    gather: int = 0
    models: list[str] = field(default_factory=lambda: [MODEL_ID])
    requests: list[Recorded] = field(default_factory=list)
    failed: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _httpd: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> Self:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._httpd is not None and self._thread is not None
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def authorized(self, authorization: str | None) -> bool:
        return self.api_key is None or authorization == f"Bearer {self.api_key}"

    def answer(self, body: dict[str, Any], authorization: str | None) -> tuple[int, dict, dict]:
        """(status, headers, JSON body) for one chat-completions request."""
        with self._lock:
            if self.failed < self.fail_first:
                self.failed += 1
                headers = {"Retry-After": self.retry_after} if self.retry_after else {}
                return self.fail_status, headers, {"error": {"message": "busy, try later"}}
        parts = body["messages"][0]["content"]
        url = next(p for p in parts if p["type"] == "image_url")["image_url"]["url"]
        image = _decode_data_url(url)
        prompt = next(p for p in parts if p["type"] == "text")["text"]
        with self._lock:
            self.requests.append(Recorded(body, prompt, image.size, authorization))
        text, finish = self._read(image, prompt)
        reply = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": finish,
                }
            ],
        }
        return 200, {}, reply

    def _read(self, image: Image.Image, prompt: str) -> tuple[str, str]:
        width, height = image.size
        inks = find_ink(image)
        if prompt.startswith("<gro>"):
            phrase = prompt.removeprefix("<gro>").strip()
            boxes = [_bbox(ink.box, width, height) for ink in inks if ink.text == phrase]
            return "".join(f"<obj>{phrase}</obj>{box}" for box in boxes), "stop"
        items = [f"<char>{ink.text}</char>{_bbox(ink.box, width, height)}" for ink in inks]
        if self.truncate_after is not None and len(items) > self.truncate_after:
            cut = items[self.truncate_after]
            return "".join(items[: self.truncate_after]) + cut[: len(cut) // 2], "length"
        return "".join(items), "stop"

    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self._lock.notify_all()
            self._lock.wait_for(lambda: self.max_in_flight >= self.gather, GATHER_TIMEOUT_S)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1


def _handler_for(server: FakeVarcoServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Silent: tests read the recorded requests instead."""

        def _send(self, status: int, headers: dict[str, str], payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _refused(self) -> bool:
            if server.authorized(self.headers.get("Authorization")):
                return False
            self._send(401, {}, {"error": {"message": "Invalid API key", "code": 401}})
            return True

        def do_GET(self) -> None:
            if self._refused():
                return
            if self.path != "/v1/models":
                self._send(404, {}, {"error": {"message": f"no route {self.path}"}})
                return
            data = [{"id": model, "object": "model"} for model in server.models]
            self._send(200, {}, {"object": "list", "data": data})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            if self._refused():
                return
            if self.path != "/v1/chat/completions":
                self._send(404, {}, {"error": {"message": f"no route {self.path}"}})
                return
            server.enter()
            try:
                time.sleep(server.delay_s)
                status, headers, payload = server.answer(body, self.headers.get("Authorization"))
            finally:
                server.leave()
            self._send(status, headers, payload)

    return Handler
