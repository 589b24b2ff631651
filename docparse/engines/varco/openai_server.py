"""The ``openai`` engine: an OpenAI-compatible server (vLLM), VARCO-VISION's prompts by default.

Any server speaking the OpenAI chat-completions API and serving a VARCO-VISION-2.0 model
(``vllm serve NCSOFT/VARCO-VISION-2.0-1.7B-OCR``) reads pages the way the local ``varco``
engine does: each page is cut into the tiles of :func:`~docparse.engines.varco.tiling.plan_tiles`,
each tile scaled to 2304 px on its long side (the model's finest view, report §3.1.5) and sent
as a base64 image with the ``<ocr>`` query to ``{base_url}/chat/completions``. The answers are
parsed by :mod:`docparse.engines.varco.markup`, mapped back to the caller's pixels, and words
seen by two tiles merged. Up to ``concurrency`` requests are in flight at once, across all
pages of a call. The HTTP side (retries, one-line errors) is :mod:`.http_client`.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PIL import Image

from docparse.engines.base import Engine, Recognition
from docparse.engines.varco import (
    BASE_URL_FIX,
    DEFAULT_MODEL,
    SERVE_HINT,
    capabilities_of,
)
from docparse.engines.varco.answers import (
    DEFAULT_MAX_NEW_TOKENS,
    TileAnswer,
    plan_jobs,
    recognitions,
)
from docparse.engines.varco.markup import ANY_KIND, GROUNDED, Kind
from docparse.engines.varco.options import SERVER_NAME, ServerOptions
from docparse.engines.varco.prompts import (
    OCR_QUERY,
    grounding_query,
    openai_messages,
    openai_pages_messages,
)
from docparse.engines.varco.tiling import Tile, prepare_page, tile_view
from docparse.errors import EngineUnavailable
from docparse.model import Word
from docparse.preprocess import Scale

if TYPE_CHECKING:
    from docparse.engines.varco.http_client import ChatClient, Completion

BACKOFF_S = 1.0  # first wait between retries; doubles each retry
JPEG_ABOVE_BYTES = 4 << 20  # a PNG larger than this (a photo, a scan) goes as JPEG
JPEG_QUALITY = 92
PNG_LEVEL = 1  # zlib's fastest: several times quicker than the default, and about as small


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


class OpenAIEngine(Engine):
    """VARCO-VISION OCR, grounding (when the checkpoint grounds) and questions through a
    chat-completions server."""

    name = SERVER_NAME

    def __init__(self, options: ServerOptions, *, backoff_s: float = BACKOFF_S) -> None:
        from docparse.engines.varco.http_client import ChatClient

        if not options.base_url:
            raise EngineUnavailable(f"openai: no server given; {BASE_URL_FIX}")
        self.grounding = options.grounding
        self.client: ChatClient = ChatClient(
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
    def capabilities(self) -> frozenset[str]:  # type: ignore[override]
        """Per checkpoint: the -OCR one does not ground (see :mod:`docparse.engines.varco`);
        asks the server which model it serves when ``--model`` is not given."""
        return capabilities_of(self.model, self.grounding)

    def prepare(self, image: Image.Image) -> tuple[Image.Image, Scale]:
        return prepare_page(image)

    @property
    def model(self) -> str:
        """``--model``, else the model the server serves (the VARCO one if it serves several)."""
        if self._model is None:
            from docparse.engines.varco.http_client import ServerUnavailable

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
        """Grounding: one word per box the model gives for ``phrase`` (its ``<obj>`` text);
        none when it answers with something else, such as OCR ``<char>`` markup."""
        return self._read([(image, grounding_query(phrase))], GROUNDED)[0].words

    def ask_pages(self, images: Sequence[Image.Image], question: str) -> str:
        """A question about a document: every page image, as given, in one request before the
        question; the answer as the model wrote it."""
        urls = [image_data_url(image.convert("RGB")) for image in images]
        return self._complete(openai_pages_messages(urls, question)).text

    def _read(
        self, requests: Sequence[tuple[Image.Image, str]], kinds: frozenset[Kind] = ANY_KIND
    ) -> list[Recognition]:
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
            jobs, finished, len(requests), self.name, self.max_tokens, self.keep_raw, kinds
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
