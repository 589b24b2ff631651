"""Answers written by a VLM that sees up to 12 pages at once.

Every page goes in as one image scaled to ``page_size`` px on its long side (default 768).
LLaVA-OneVision's anyres processor then picks the smallest grid of 384-px cells holding the
image — at most 2 × 2 cells for 768 px — and spends 576 tokens on the base view plus one per
16-px patch of the unpadded grid and one per patch row. Measured with the processor of the
test checkpoint (``python benchmarks/ask.py --tokens``): an A4 page at 768 px (543 × 768) costs
2,256 image tokens, a receipt (255 × 768) 1,392, a square page the most, 2,928; twelve pages
stay within 35,136 tokens, under Qwen3-1.7B's 40,960 positions. At 1152 px an A4 page would
cost 4,248 and twelve would not fit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from PIL import Image

from docparse.ask.answer import Evidence
from docparse.ask.pages import ReadPage
from docparse.engines.varco.tiling import plan_tiles, tile_view
from docparse.grounding import places

MAX_PAGES = 12
DEFAULT_PAGE_SIZE = 768
MIN_GROUNDING_SCORE = 80.0
_MARKUP = re.compile(r"<bbox>.*?</bbox>|</?(?:char|obj|ocr|gro)>", re.DOTALL)


@runtime_checkable
class PagesQAEngine(Protocol):
    """An engine that answers a question about several page images at once."""

    name: str

    def ask_pages(self, images: Sequence[Image.Image], question: str) -> str: ...


def page_view(image: Image.Image, page_size: int) -> Image.Image:
    """The whole page in RGB, scaled (up or down) so its long side is ``page_size``."""
    (whole,) = plan_tiles(*image.size, max_aspect=math.inf)
    return tile_view(image, whole, page_size)


def clean_answer(text: str) -> str | None:
    """The model's answer as plain text (VARCO's ``<char>``/``<bbox>`` markup removed);
    None when nothing is left."""
    plain = " ".join(_MARKUP.sub(" ", text).split())
    return plain or None


def ground(answer: str, pages: Sequence[ReadPage], limit: int = 3) -> list[Evidence]:
    """Where the answer is written on the pages' OCR text (fuzzy, space-insensitive), best
    first: the evidence of a generative answer."""
    found = []
    for read in pages:
        for match, line in places(read.page, answer, MIN_GROUNDING_SCORE):
            evidence = Evidence(
                source=read.source,
                page=read.page.number,
                box=match.box,
                text=match.text,
                line=line.text,
            )
            found.append((-(match.score or 0.0), evidence))
    found.sort(key=lambda pair: pair[0])
    return [evidence for _, evidence in found[:limit]]
