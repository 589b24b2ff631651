"""The VARCO-VISION queries, and the one-turn conversations that carry them.

VARCO-VISION is asked for OCR with the bare ``<ocr>`` token and for grounding with ``<gro>``
before the request (VARCO-VISION 1.0 paper, Figures 9–12; 2.0 report §2.2.3). The answers use the
``<char>``/``<obj>`` … ``<bbox>`` markup that :mod:`docparse.engines.varco.markup` parses. The same
queries go to the model through transformers (:mod:`docparse.engines.varco.local`) and through an
OpenAI-compatible server such as vLLM; only the envelope differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PIL import Image

OCR_QUERY = "<ocr>"
GROUNDING_TOKEN = "<gro>"


def grounding_query(phrase: str) -> str:
    """The grounding request for ``phrase`` (what to find, e.g. "the total amount")."""
    phrase = phrase.strip()
    if not phrase:
        raise ValueError("the grounding phrase is empty")
    return f"{GROUNDING_TOKEN}\n{phrase}"


def hf_conversation(image: Image.Image, query: str) -> list[dict[str, Any]]:
    """One user turn, image then query, for ``processor.apply_chat_template``."""
    return hf_pages_conversation([image], query)


def openai_messages(image_url: str, query: str) -> list[dict[str, Any]]:
    """One user turn, image then query, for an OpenAI-compatible ``/chat/completions``
    (``image_url`` is an http(s) or ``data:image/png;base64,…`` URL)."""
    return openai_pages_messages([image_url], query)


def hf_pages_conversation(images: Sequence[Image.Image], query: str) -> list[dict[str, Any]]:
    """One user turn, every page image in order then the query, for a question about a
    multi-page document (``processor.apply_chat_template``)."""
    parts: list[dict[str, Any]] = [{"type": "image", "image": image} for image in images]
    return [{"role": "user", "content": [*parts, {"type": "text", "text": query}]}]


def openai_pages_messages(image_urls: Sequence[str], query: str) -> list[dict[str, Any]]:
    """One user turn, every page's image URL in order then the query, for ``/chat/completions``."""
    parts: list[dict[str, Any]] = [
        {"type": "image_url", "image_url": {"url": url}} for url in image_urls
    ]
    return [{"role": "user", "content": [*parts, {"type": "text", "text": query}]}]
