"""Synthetic documents: the rendered image and the exact words on it, plus the facts behind them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PIL import Image
from pydantic import BaseModel, ConfigDict, Field

from docparse.model import Box, Point, Quad

Kind = Literal["receipt", "invoice", "document"]
KINDS: tuple[Kind, ...] = ("receipt", "invoice", "document")
SizeClass = Literal["small", "medium", "large"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SynthWord(_Model):
    text: str
    quad: Quad = Field(description="corners top-left, top-right, bottom-right, bottom-left")
    box: Box = Field(description="axis-aligned bounds of the quad")
    line: int = Field(ge=0, description="index of its text line, in reading order")
    category: str = Field(description="what the word is, CORD-style: 'menu.price', 'text', ...")
    is_key: bool = Field(default=False, description="a label such as 합계, not a value")

    def mapped(self, transform: Callable[[Point], Point]) -> SynthWord:
        """The word with every corner moved by ``transform`` and the box recomputed."""
        quad = tuple(transform(point) for point in self.quad)
        return self.model_copy(update={"quad": quad, "box": quad_bounds(quad)})


class LineItem(_Model):
    name: str
    qty: int = Field(ge=1)
    unit_price: int = Field(ge=0, description="won")
    amount: int = Field(ge=0, description="won, qty × unit price")


class SynthDoc(_Model):
    """A rendered synthetic page: geometry in pixels of ``image``, which is not serialised."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: Kind
    seed: int
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    dpi: float = Field(gt=0, description="pixels per inch of the page as first rendered")
    words: list[SynthWord]
    facts: dict[str, str] = Field(description="e.g. total, date, store: as printed on the page")
    items: list[LineItem] = Field(default_factory=list)
    degradations: list[str] = Field(default_factory=list, description="applied, in order")
    image: Image.Image = Field(exclude=True, repr=False)

    def replaced(
        self,
        image: Image.Image,
        degradation: str,
        transform: Callable[[Point], Point] | None = None,
    ) -> SynthDoc:
        """The document with a new image, its words moved by ``transform`` when it moves them."""
        words = self.words if transform is None else [w.mapped(transform) for w in self.words]
        return self.model_copy(
            update={
                "image": image,
                "width": image.width,
                "height": image.height,
                "words": words,
                "degradations": [*self.degradations, degradation],
            }
        )


class ExpectedWord(_Model):
    text: str
    box: Box
    quad: Quad


class ExpectedSample(_Model):
    """What ``samples/expected/<name>.json`` says about a committed sample."""

    file: str = Field(description="the sample's file name in samples/")
    description: str
    page_count: int = Field(ge=1)
    has_text_layer: bool
    space: str = Field(description="what the coordinates of ``words`` are")
    width: float = Field(gt=0, description="page width in that space")
    height: float = Field(gt=0, description="page height in that space")
    dpi: float | None = Field(default=None, description="pixels per inch when boxes are pixels")
    words: list[ExpectedWord] = Field(description="in reading order")
    facts: dict[str, str]


def quad_bounds(quad: Quad) -> Box:
    xs = [x for x, _ in quad]
    ys = [y for _, y in quad]
    return (min(xs), min(ys), max(xs), max(ys))


def box_quad(box: Box) -> Quad:
    x0, y0, x1, y1 = box
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
