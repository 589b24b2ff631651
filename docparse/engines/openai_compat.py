"""The ``openai`` engine: VARCO-VISION-2.0-OCR behind an OpenAI-compatible server (vLLM).

Each page is cut into the tiles of :func:`~docparse.engines.vlm_tiling.plan_tiles`, each tile
scaled to 2304 px on its long side (the model's finest view, report §3.1.5) and sent as a
base64 image with the ``<ocr>`` query to ``{base_url}/chat/completions``. The answers are parsed
by :mod:`docparse.varco_markup`, mapped back to the caller's pixels, and words seen by two tiles
merged. Up to ``concurrency`` requests are in flight at once, across all pages of a call.

429, 5xx, timeouts and dropped connections are retried with exponential backoff (a
``Retry-After`` is honoured); what retrying cannot fix (no server, a refused key, a rejected
request) fails at once with a one-line :class:`~docparse.errors.DocparseError`.
"""

from __future__ import annotations

import base64
import email.utils
import io
import random
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

import httpx
from PIL import Image
from pydantic import BaseModel, Field, ValidationError

from docparse.engines.base import EngineOptions, EngineStatus, Recognition, status_of
from docparse.engines.vlm_answers import DEFAULT_MAX_NEW_TOKENS, TileAnswer, plan_jobs, recognitions
from docparse.engines.vlm_prompts import (
    OCR_QUERY,
    grounding_query,
    openai_messages,
    openai_pages_messages,
)
from docparse.engines.vlm_tiling import Tile, tile_view
from docparse.errors import DocparseError, EngineUnavailable
from docparse.model import Word

NAME = "openai"
CAPABILITIES = frozenset({"ocr", "grounding"})
DEFAULT_MODEL = "NCSOFT/VARCO-VISION-2.0-1.7B-OCR"
ATTEMPTS = 5
BACKOFF_S = 1.0  # first wait; doubles each retry
MAX_WAIT_S = 60.0  # longest single wait, Retry-After included
CONNECT_TIMEOUT_S = 10.0
STATUS_TIMEOUT_S = 3.0
JPEG_ABOVE_BYTES = 4 << 20  # a PNG larger than this (a photo, a scan) goes as JPEG
JPEG_QUALITY = 92
PNG_LEVEL = 1  # zlib's fastest: several times quicker than the default, and about as small
SERVE_HINT = f"vllm serve {DEFAULT_MODEL}"
BASE_URL_FIX = f"set --base-url http://HOST:8000/v1 for a server started with: {SERVE_HINT}"


_Schema = TypeVar("_Schema", bound=BaseModel)


class ServerError(DocparseError):
    """A failure of the server, as a one-line reason and, where there is one, its fix."""

    def __init__(self, reason: str, fix: str | None = None) -> None:
        super().__init__(reason if fix is None else f"{reason} ({fix})")
        self.reason = reason
        self.fix = fix


class ServerUnavailable(ServerError, EngineUnavailable):
    """No server at the URL, or it refuses us: nothing to retry."""


class Completion(NamedTuple):
    text: str
    finish_reason: str | None


class _Message(BaseModel):
    content: str | None = None


class _Choice(BaseModel):
    message: _Message
    finish_reason: str | None = None


class _ChatResponse(BaseModel):
    choices: list[_Choice] = Field(min_length=1)


class _ModelCard(BaseModel):
    id: str


class _ModelList(BaseModel):
    data: list[_ModelCard]


class ChatClient:
    """One OpenAI-compatible server: lists its models, posts chat completions, retries what
    may pass and turns what will not into one-line errors. Safe to share between threads."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        timeout_s: float = 300.0,
        *,
        attempts: int = ATTEMPTS,
        backoff_s: float = BACKOFF_S,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ServerUnavailable(f"--base-url {base_url!r} is not an http(s) URL", BASE_URL_FIX)
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.attempts = attempts
        self.backoff_s = backoff_s
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        timeout = httpx.Timeout(timeout_s, connect=min(CONNECT_TIMEOUT_S, timeout_s))
        self._http = httpx.Client(headers=headers, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def models(self) -> list[str]:
        """The ids of the models the server serves (``GET /models``), asked once."""
        url = f"{self.base_url}/models"
        try:
            response = self._http.get(url)
        except httpx.HTTPError as error:
            raise self._transport_error(url, error, attempts=1) from None
        if response.status_code != 200:
            raise self._status_error(url, response, attempts=1)
        return [card.id for card in self._decode(url, response, _ModelList).data]

    def complete(self, body: dict[str, Any]) -> Completion:
        """Posts one chat completion and returns its first choice."""
        url = f"{self.base_url}/chat/completions"
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                response = self._http.post(url, json=body)
            except httpx.HTTPError as error:
                if last or not _transient(error):
                    raise self._transport_error(url, error, attempt) from None
                time.sleep(self._backoff(attempt))
                continue
            if response.status_code == 200:
                choice = self._decode(url, response, _ChatResponse).choices[0]
                return Completion(choice.message.content or "", choice.finish_reason)
            if last or not _retryable(response.status_code):
                raise self._status_error(url, response, attempt)
            time.sleep(_retry_after(response) or self._backoff(attempt))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _backoff(self, attempt: int) -> float:
        """Exponential, with jitter so that parallel requests do not retry in step."""
        return min(MAX_WAIT_S, self.backoff_s * 2 ** (attempt - 1) * random.uniform(1.0, 1.5))

    def _transport_error(self, url: str, error: httpx.HTTPError, attempts: int) -> ServerError:
        if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
            return ServerUnavailable(
                f"cannot reach {self.base_url}: is the server running?",
                f"start one with: {SERVE_HINT}",
            )
        tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
        if isinstance(error, httpx.TimeoutException):
            return ServerError(
                f"{url} did not answer within {self.timeout_s:g} s ({tries})",
                "lower --concurrency, or raise the request timeout (timeout_s)",
            )
        detail = _one_line(str(error)) or type(error).__name__
        return ServerError(f"{url}: the connection failed ({tries}): {detail}")

    def _status_error(self, url: str, response: httpx.Response, attempts: int) -> ServerError:
        status = response.status_code
        said = f"HTTP {status}: {_server_message(response)}"
        if status in (401, 403):
            return ServerUnavailable(
                f"{self.base_url} refused the request ({said})",
                "pass the server's key with --api-key or DOCPARSE_API_KEY",
            )
        if status == 404:
            return ServerError(
                f"{url} answered {said}", "check --base-url (it usually ends in /v1) and --model"
            )
        if _retryable(status):
            tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
            return ServerError(f"{url} kept failing ({said}, {tries})", "try again later")
        return ServerError(f"{url} rejected the request ({said})")

    def _decode(self, url: str, response: httpx.Response, schema: type[_Schema]) -> _Schema:
        try:
            return schema.model_validate_json(response.content)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "body"
            raise ServerError(
                f"{url} did not answer in the OpenAI format ({where}: {first['msg']})",
                "check --base-url",
            ) from None


def _transient(error: httpx.HTTPError) -> bool:
    """Timeouts and connections dropped midway pass; a connection not made does not."""
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
        return False
    return isinstance(
        error, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError
    )


def _retryable(status: int) -> bool:
    return status in (408, 429) or status >= 500


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asked to wait (``Retry-After``: seconds or an HTTP date), capped."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (email.utils.parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(MAX_WAIT_S, max(0.0, seconds))


def _server_message(response: httpx.Response) -> str:
    """The error text of an OpenAI-style (``{"error": {"message": …}}``), vLLM-style
    (``{"message": …}``) or plain body, on one line."""
    try:
        payload = response.json()
    except ValueError:
        return _one_line(response.text) or response.reason_phrase
    error = payload.get("error", payload) if isinstance(payload, dict) else payload
    message = error.get("message", error) if isinstance(error, dict) else error
    return _one_line(str(message)) or response.reason_phrase


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def image_data_url(image: Image.Image) -> str:
    """``data:image/png;base64,…``, or JPEG when the PNG would be over ``JPEG_ABOVE_BYTES``."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_LEVEL)
    mime = "image/png"
    if buffer.tell() > JPEG_ABOVE_BYTES:
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
        mime = "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(buffer.getvalue()).decode('ascii')}"


class OpenAIEngine:
    """VARCO-VISION OCR and grounding through a chat-completions server."""

    name = NAME
    capabilities = CAPABILITIES

    def __init__(self, options: EngineOptions, *, backoff_s: float = BACKOFF_S) -> None:
        if not options.base_url:
            raise EngineUnavailable(f"openai: no server given; {BASE_URL_FIX}")
        self.client = ChatClient(
            options.base_url, options.api_key, options.timeout_s, backoff_s=backoff_s
        )
        self.concurrency = options.concurrency
        self.pages_per_call = max(options.batch_size, options.concurrency)
        self.max_tokens = options.max_new_tokens or DEFAULT_MAX_NEW_TOKENS
        self.keep_raw = options.keep_raw
        self._model = options.model

    def close(self) -> None:
        self.client.close()

    @property
    def model(self) -> str:
        """``--model``, else the model the server serves (the VARCO one if it serves several)."""
        if self._model is None:
            served = self.client.models()
            if not served:
                raise ServerUnavailable(
                    f"{self.client.base_url} serves no model", f"start one with: {SERVE_HINT}"
                )
            self._model = DEFAULT_MODEL if DEFAULT_MODEL in served else served[0]
        return self._model

    def recognize(self, images: Sequence[Image.Image]) -> list[Recognition]:
        """OCR: the words of each image, in that image's pixels."""
        return self._read([(image, OCR_QUERY) for image in images])

    def find(self, image: Image.Image, phrase: str) -> list[Word]:
        """Grounding: one word per box the model gives for ``phrase`` (its ``<obj>`` text)."""
        return self._read([(image, grounding_query(phrase))])[0].words

    def ask_pages(self, images: Sequence[Image.Image], question: str) -> str:
        """A question about a document: every page image, as given, in one request before the
        question; the answer as the model wrote it."""
        urls = [image_data_url(image.convert("RGB")) for image in images]
        return self._complete(openai_pages_messages(urls, question)).text

    def _read(self, requests: Sequence[tuple[Image.Image, str]]) -> list[Recognition]:
        jobs = plan_jobs([image for image, _ in requests])
        if not jobs:
            return []
        model = self.model
        pool = ThreadPoolExecutor(max_workers=min(self.concurrency, len(jobs)))
        try:
            futures: list[Future[Completion]] = [
                pool.submit(
                    self._ask, model, requests[job.request][0], job.tile, requests[job.request][1]
                )
                for job in jobs
            ]
            answers = [future.result() for future in futures]
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        finished = [TileAnswer(a.text, a.finish_reason != "length") for a in answers]
        return recognitions(
            jobs, finished, len(requests), self.name, self.max_tokens, self.keep_raw
        )

    def _ask(self, model: str, image: Image.Image, tile: Tile, query: str) -> Completion:
        return self._complete(openai_messages(image_data_url(tile_view(image, tile)), query), model)

    def _complete(self, messages: list[dict[str, Any]], model: str | None = None) -> Completion:
        body = {
            "model": model or self.model,
            "messages": messages,
            "temperature": 0.0,
            "max_tokens": self.max_tokens,
            # vLLM's extra sampling parameter: keep <char>, <bbox>... in the answer text
            "skip_special_tokens": False,
        }
        return self.client.complete(body)


class OpenAISpec:
    name = NAME
    description = "VARCO-VISION-2.0-OCR on an OpenAI-compatible server such as vLLM (--base-url)"
    capabilities = CAPABILITIES

    def status(self, options: EngineOptions) -> EngineStatus:
        reason, fix = self._problem(options)
        return status_of(self, reason, fix)

    def _problem(self, options: EngineOptions) -> tuple[str | None, str | None]:
        """(reason, fix) when the server is not set, not reachable or lacks ``--model``."""
        if not options.base_url:
            return "no server given", BASE_URL_FIX
        try:
            client = ChatClient(options.base_url, options.api_key, STATUS_TIMEOUT_S)
            try:
                served = client.models()
            finally:
                client.close()
        except ServerError as error:
            return error.reason, error.fix
        if not served:
            return f"{options.base_url} serves no model", f"start one with: {SERVE_HINT}"
        if options.model and options.model not in served:
            return (
                f"{options.base_url} serves {', '.join(served)}, not {options.model}",
                f"set --model {served[0]}",
            )
        return None, None

    def create(self, options: EngineOptions) -> OpenAIEngine:
        return OpenAIEngine(options)


SPEC = OpenAISpec()
