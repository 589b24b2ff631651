"""What both VARCO engines (local transformers, OpenAI-compatible server) do around the
model call: plan the tiles of each image, and turn each tile's answer into page words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PIL import Image

from docparse.engines.base import Recognition
from docparse.engines.varco.markup import ANY_KIND, Kind, parse_markup, to_words
from docparse.engines.varco.tiling import Tile, merge_overlaps, place_words, plan_tiles
from docparse.model import Word

# A word costs roughly 30 answer tokens (tags, text, four coordinates; digits are single
# tokens), so a dense A4 page of ~500 words needs about 15k.
DEFAULT_MAX_NEW_TOKENS = 16384


class TileAnswer(NamedTuple):
    text: str
    finished: bool  # False when generation stopped on the token limit


class Job(NamedTuple):
    request: int  # index of the image (and its query) in the call
    tile: Tile


def plan_jobs(images: Sequence[Image.Image]) -> list[Job]:
    """One job per tile of every image, in order."""
    return [
        Job(index, tile) for index, image in enumerate(images) for tile in plan_tiles(*image.size)
    ]


def recognitions(
    jobs: Sequence[Job],
    answers: Sequence[TileAnswer],
    request_count: int,
    engine: str,
    max_tokens: int,
    keep_raw: bool,
    kinds: frozenset[Kind] = ANY_KIND,
) -> list[Recognition]:
    """Each request's words on its own image (tiles placed, overlaps merged), with the
    parser's warnings and a warning when a tile's answer was cut by the token limit. Only
    markup elements of ``kinds`` become words (a grounding answer keeps its ``<obj>``s)."""
    per_request: list[list[tuple[Tile, TileAnswer]]] = [[] for _ in range(request_count)]
    for job, answer in zip(jobs, answers, strict=True):
        per_request[job.request].append((job.tile, answer))
    return [_recognition(tiles, engine, max_tokens, keep_raw, kinds) for tiles in per_request]


def _recognition(
    tiles: list[tuple[Tile, TileAnswer]],
    engine: str,
    max_tokens: int,
    keep_raw: bool,
    kinds: frozenset[Kind],
) -> Recognition:
    tiled = len(tiles) > 1
    words: list[Word] = []
    warnings: list[str] = []
    for tile, answer in tiles:
        where = f"tile {tile.x0},{tile.y0}-{tile.x1},{tile.y1}: " if tiled else ""
        parsed = parse_markup(answer.text)
        parsed.items = [item for item in parsed.items if item.kind in kinds]
        warnings.extend(where + warning for warning in parsed.warnings)
        if not answer.finished:
            warnings.append(
                f"{where}the answer reached the {max_tokens}-token limit before its "
                "end; words past that point are missing (raise --max-new-tokens)"
            )
        words += place_words(to_words(parsed, tile.width, tile.height, engine), tile)
    raw = None
    if keep_raw:
        raw = "\n".join(
            f"[tile {tile.x0},{tile.y0},{tile.x1},{tile.y1}]\n{answer.text}"
            if tiled
            else answer.text
            for tile, answer in tiles
        )
    return Recognition(
        words=merge_overlaps(words) if tiled else words, warnings=warnings, raw_output=raw
    )
