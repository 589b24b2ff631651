r"""A client for one server speaking the OpenAI chat-completions API: lists its models,
posts completions, retries what may pass (429, 5xx, timeouts, dropped connections, with
exponential backoff; a ``Retry-After`` is honoured) and turns what will not into one-line
:class:`~docparse.errors.DocparseError`\ s. Imported only when such a server is used."""

from __future__ import annotations

import email.utils
import random
import time
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

import httpx
from pydantic import BaseModel, Field, ValidationError

from docparse.engines.varco import BASE_URL_FIX, SERVE_HINT
from docparse.errors import DocparseError, EngineUnavailable

ATTEMPTS = 5
BACKOFF_S = 1.0  # first wait; doubles each retry
MAX_WAIT_S = 60.0  # longest single wait, Retry-After included
CONNECT_TIMEOUT_S = 10.0

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
