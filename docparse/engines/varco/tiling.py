"""Where a VLM looks on a page: the tiling plan, and the merge of words seen twice.

VARCO-VISION-2.0 reads an image through a grid of at most 6×6 SigLIP cells of 384 px, so the
finest view it has of any image is 2304 px on the long side; the report (§3.1.5) upscales every
page to that long side, and (§3.3) finds that grids beyond 6×6 ruin localisation. A page is
therefore never shown through a bigger grid: what varies is how much of the page one image is.

The rule: a page whose aspect ratio (long side / short side) is at most ``max_aspect`` (2.0 by
default: A4 is 1.41, US Letter 1.29, Legal 1.65) is one tile, the whole page. A longer page
(a receipt, a long web capture) would keep less than 2304 / 2 = 1152 px across its short side
at 2304 px long — a 1000 × 8000 receipt would be 288 px wide, its text a few pixels high — so
it is cut along its long side into equal tiles that each span the whole short side, are
``max_aspect`` times as long as that side, and overlap their neighbours by at least
``overlap`` of their length. Each tile is then scaled to 2304 px long on its own.

Every tile answers for the words whose centre lies in its *core*: the tile less half of each
overlap it shares. The cores partition the page, and any word no taller than half the overlap
(100 px for a 1000-px-wide receipt) lies wholly inside the tile owning its centre, so no word
is read cut in two. Words seen by two tiles near a core boundary are then merged by
:func:`merge_overlaps`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from PIL import Image
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from docparse.engines.varco import LONG_SIDE
from docparse.model import Box, Word
from docparse.preprocess import Scale, upscale

if TYPE_CHECKING:
    import shapely

DEFAULT_MAX_ASPECT = 2.0
DEFAULT_OVERLAP = 0.1


def prepare_page(image: Image.Image) -> tuple[Image.Image, Scale]:
    """The VLM's view of a page (report §3.1.5): enlarged so its long side is ``LONG_SIDE``."""
    return upscale(image, LONG_SIDE)


class Tile(BaseModel):
    """A rectangle of the page, in the page's pixels, that the VLM sees as one image."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    x0: int = Field(ge=0)
    y0: int = Field(ge=0)
    x1: int
    y1: int
    core: Box = Field(description="the region whose word centres this tile answers for")

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    def owns(self, box: Sequence[float]) -> bool:
        """Whether the centre of ``box`` (page pixels) lies in this tile's core (edges
        included: a centre exactly on a cut belongs to both tiles, and the merge keeps one)."""
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        x0, y0, x1, y1 = self.core
        return x0 <= cx <= x1 and y0 <= cy <= y1


def plan_tiles(
    width: int,
    height: int,
    *,
    max_aspect: float = DEFAULT_MAX_ASPECT,
    overlap: float = DEFAULT_OVERLAP,
) -> list[Tile]:
    """The tiles covering a ``width`` × ``height`` page, top to bottom or left to right."""
    if width < 1 or height < 1:
        raise ValueError(f"page size must be positive, got {width}×{height}")
    if max_aspect < 1:
        raise ValueError(f"max_aspect must be at least 1, got {max_aspect}")
    if not 0 <= overlap < 1:
        raise ValueError(f"overlap must be in [0, 1), got {overlap}")
    long, short = max(width, height), min(width, height)
    if long <= max_aspect * short:
        return [Tile(x0=0, y0=0, x1=width, y1=height, core=(0.0, 0.0, width, height))]
    spans = _spans(long, length=math.floor(max_aspect * short), overlap=overlap)
    cuts = [0.0, *((end + start) / 2 for (_, end), (start, _) in pairwise(spans)), long]
    if width >= height:
        return [
            Tile(x0=a, y0=0, x1=b, y1=height, core=(lo, 0.0, hi, height))
            for (a, b), (lo, hi) in zip(spans, pairwise(cuts), strict=True)
        ]
    return [
        Tile(x0=0, y0=a, x1=width, y1=b, core=(0.0, lo, width, hi))
        for (a, b), (lo, hi) in zip(spans, pairwise(cuts), strict=True)
    ]


def _spans(total: int, length: int, overlap: float) -> list[tuple[int, int]]:
    """Equal spans of ``length`` covering ``0..total``, consecutive ones sharing at least
    ``overlap × length``, spread evenly."""
    shared = min(math.ceil(overlap * length), length - 1)
    count = math.ceil((total - shared) / (length - shared))
    step = (total - length) / (count - 1)
    starts = [round(index * step) for index in range(count)]
    return [(start, start + length) for start in starts]


def upscaled_size(width: int, height: int, long_side: int) -> tuple[int, int]:
    """The size of a ``width`` × ``height`` image scaled so its long side is ``long_side``."""
    factor = long_side / max(width, height)
    return max(1, round(width * factor)), max(1, round(height * factor))


def tile_view(image: Image.Image, tile: Tile, long_side: int = LONG_SIDE) -> Image.Image:
    """What the model is shown for ``tile``: that part of the page, in RGB, scaled (up or
    down) so its long side is ``long_side``."""
    whole = (tile.width, tile.height) == image.size
    view = (image if whole else image.crop((tile.x0, tile.y0, tile.x1, tile.y1))).convert("RGB")
    size = upscaled_size(tile.width, tile.height, long_side)
    return view if view.size == size else view.resize(size, Image.Resampling.LANCZOS)


def place_words(words: Iterable[Word], tile: Tile) -> list[Word]:
    """Words in the tile's own pixels moved onto the page, keeping those the tile owns.

    The model's boxes are normalised to the scaled view, which has the tile's proportions, so
    words made at the tile's own size (``to_words(parsed, tile.width, tile.height, ...)``)
    have already undone the upscale; only the offset remains."""
    placed: list[Word] = []
    for word in words:
        x0, y0, x1, y1 = word.box
        box = (x0 + tile.x0, y0 + tile.y0, x1 + tile.x0, y1 + tile.y0)
        if tile.owns(box):
            placed.append(word.model_copy(update={"box": box}))
    return placed


def merge_overlaps(words: Sequence[Word], iou: float = 0.5, text_sim: float = 0.8) -> list[Word]:
    """Drops words that repeat another: boxes with IoU ≥ ``iou`` and texts whose similarity
    (rapidfuzz ratio, 0..1) is ≥ ``text_sim``. Of such a pair the larger box (the more
    complete reading) stays; ties keep the earlier word. Order is otherwise kept."""
    if len(words) < 2:
        return list(words)
    import shapely  # numpy with it: when pages are read, not when the spec loads

    boxes = shapely.box(*zip(*(word.box for word in words), strict=True))
    areas = shapely.area(boxes)
    pairs = shapely.STRtree(boxes).query(boxes, predicate="intersects")
    neighbours: dict[int, list[int]] = {}
    for i, j in zip(*pairs.tolist(), strict=True):
        if i != j:
            neighbours.setdefault(i, []).append(j)
    kept: set[int] = set()
    for i in sorted(range(len(words)), key=lambda k: (-areas[k], k)):
        if not any(
            j in kept and _same(words[i], words[j], boxes[i], boxes[j], iou, text_sim)
            for j in neighbours.get(i, ())
        ):
            kept.add(i)
    return [word for index, word in enumerate(words) if index in kept]


def _same(
    a: Word, b: Word, box_a: shapely.Polygon, box_b: shapely.Polygon, iou: float, text_sim: float
) -> bool:
    import shapely

    union = shapely.union(box_a, box_b).area
    overlap = shapely.intersection(box_a, box_b).area / union if union else float(a.box == b.box)
    return overlap >= iou and fuzz.ratio(a.text, b.text) / 100 >= text_sim
