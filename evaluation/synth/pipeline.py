"""From a seed to a rendered synthetic page: content, layout, rendering, then degradation."""

from __future__ import annotations

import random

from docparse.evaluation.synth.content import Content, make_content
from docparse.evaluation.synth.degrade import degrade, pick_long_side
from docparse.evaluation.synth.layout import Layout, lay_out
from docparse.evaluation.synth.model import Kind, SizeClass, SynthDoc
from docparse.evaluation.synth.render import render

# Thermal printers print at 203 dpi; office scans are commonly 150 dpi.
DEFAULT_DPI: dict[Kind, float] = {"receipt": 203.0, "invoice": 150.0, "document": 150.0}
# Grey levels of paper and ink: thermal paper is greyer and its print fainter than laser print.
_PAPER: dict[Kind, int] = {"receipt": 246, "invoice": 255, "document": 253}
_INK: dict[Kind, int] = {"receipt": 45, "invoice": 15, "document": 20}


def compose(kind: Kind, seed: int) -> tuple[Content, Layout]:
    """The content a seed gives and its layout, before rendering."""
    content = make_content(kind, random.Random(seed))
    return content, lay_out(content.page, content.blocks)


def synthesize(kind: Kind, seed: int, dpi: float | None = None) -> SynthDoc:
    """A clean page: the same ``kind`` and ``seed`` give the same pixels."""
    content, layout = compose(kind, seed)
    return _render(kind, seed, content, layout, dpi or DEFAULT_DPI[kind])


def synthesize_degraded(kind: Kind, seed: int, size: SizeClass) -> SynthDoc:
    """A page of the given size class with random seeded degradations (see ``degrade``)."""
    content, layout = compose(kind, seed)
    rng = random.Random(f"degrade/{seed}")
    long_side = pick_long_side(size, rng)
    # Render at least as fine as the target so that degrading only ever scales down.
    dpi = max(DEFAULT_DPI[kind], long_side * 72 / max(layout.width, layout.height))
    return degrade(_render(kind, seed, content, layout, dpi), rng, long_side)


def _render(kind: Kind, seed: int, content: Content, layout: Layout, dpi: float) -> SynthDoc:
    image, words = render(layout, dpi, paper=_PAPER[kind], ink=_INK[kind])
    return SynthDoc(
        kind=kind,
        seed=seed,
        width=image.width,
        height=image.height,
        dpi=dpi,
        words=words,
        facts=content.facts,
        items=content.items,
        image=image,
    )
