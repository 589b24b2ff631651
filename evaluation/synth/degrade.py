"""Seeded degradations of a rendered page; the geometric ones move the word quads exactly.

Every function returns a new :class:`SynthDoc` with the degradation's name appended to
``degradations``. Geometry is mapped in continuous pixel coordinates, the convention Pillow's
resampling uses, so a quad is as exact after a transform as before it.
"""

from __future__ import annotations

import io
import math
import random

import numpy as np
from PIL import Image, ImageFilter

from docparse.evaluation.synth.model import SizeClass, SynthDoc
from docparse.model import Point

# Long side, in pixels, of each size class: [low, high].
SIZE_CLASSES: dict[SizeClass, tuple[int, int]] = {
    "small": (640, 999),
    "medium": (1000, 1999),
    "large": (2000, 2800),
}
MAX_ROTATION = 2.0


def size_class(width: int, height: int) -> SizeClass:
    long_side = max(width, height)
    if long_side < SIZE_CLASSES["medium"][0]:
        return "small"
    return "medium" if long_side < SIZE_CLASSES["large"][0] else "large"


def pick_long_side(size: SizeClass, rng: random.Random) -> int:
    low, high = SIZE_CLASSES[size]
    return rng.randint(low, high)


def scale(doc: SynthDoc, long_side: int) -> SynthDoc:
    """Resizes so that the longer side is ``long_side`` pixels, keeping the aspect ratio."""
    factor = long_side / max(doc.width, doc.height)
    size = (max(1, round(doc.width * factor)), max(1, round(doc.height * factor)))
    sx, sy = size[0] / doc.width, size[1] / doc.height
    image = doc.image.resize(size, Image.Resampling.LANCZOS)
    return doc.replaced(image, f"scale({long_side})", lambda p: (p[0] * sx, p[1] * sy))


def rotate(doc: SynthDoc, degrees: float, expand: bool = True) -> SynthDoc:
    """Rotates counter-clockwise about the centre; ``expand`` grows the canvas to keep corners."""
    if abs(degrees) > MAX_ROTATION:
        raise ValueError(f"rotation is limited to ±{MAX_ROTATION}°, not {degrees}°")
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    w, h = doc.width, doc.height
    size = (math.ceil(w * abs(cos) + h * abs(sin)), math.ceil(h * abs(cos) + w * abs(sin)))
    if not expand:
        size = (w, h)
    cx, cy, ncx, ncy = w / 2, h / 2, size[0] / 2, size[1] / 2

    def forward(point: Point) -> Point:
        dx, dy = point[0] - cx, point[1] - cy
        return (ncx + dx * cos + dy * sin, ncy - dx * sin + dy * cos)

    # Pillow asks for the inverse map: output point → input point.
    inverse = (cos, -sin, cx - ncx * cos + ncy * sin, sin, cos, cy - ncx * sin - ncy * cos)
    image = doc.image.transform(
        size,
        Image.Transform.AFFINE,
        inverse,
        resample=Image.Resampling.BICUBIC,
        fillcolor=doc.image.getpixel((0, 0)),
    )
    return doc.replaced(image, f"rotate({degrees:.2f})", forward)


def backdrop(doc: SynthDoc, margin: float, surface: int) -> SynthDoc:
    """Lays the page on a flat surface, ``margin`` × its size on each side, like a photo."""
    dx, dy = round(doc.width * margin), round(doc.height * margin)
    image = Image.new("L", (doc.width + 2 * dx, doc.height + 2 * dy), surface)
    image.paste(doc.image, (dx, dy))
    return doc.replaced(image, f"backdrop({margin:.2f})", lambda p: (p[0] + dx, p[1] + dy))


def blur(doc: SynthDoc, radius: float) -> SynthDoc:
    return doc.replaced(doc.image.filter(ImageFilter.GaussianBlur(radius)), f"blur({radius:.1f})")


def noise(doc: SynthDoc, sigma: float, seed: int) -> SynthDoc:
    """Adds Gaussian noise of standard deviation ``sigma`` grey levels."""
    pixels = np.asarray(doc.image, dtype=np.float32)
    pixels = pixels + np.random.default_rng(seed).normal(0.0, sigma, pixels.shape)
    image = Image.fromarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8))
    return doc.replaced(image, f"noise({sigma:.1f})")


def jpeg(doc: SynthDoc, quality: int) -> SynthDoc:
    """Round-trips the page through JPEG at ``quality``."""
    buffer = io.BytesIO()
    doc.image.save(buffer, format="JPEG", quality=quality)
    image = Image.open(io.BytesIO(buffer.getvalue()))
    image.load()
    return doc.replaced(image, f"jpeg({quality})")


def low_contrast(doc: SynthDoc, dark: int, light: int) -> SynthDoc:
    """Maps black to ``dark`` and white to ``light`` (both grey levels)."""
    lut = [round(dark + (light - dark) * value / 255) for value in range(256)]
    return doc.replaced(doc.image.point(lut), f"low_contrast({dark},{light})")


def degrade(doc: SynthDoc, rng: random.Random, long_side: int) -> SynthDoc:
    """A random, seeded mix of degradations, ending at ``long_side`` pixels on the long side."""
    if doc.kind == "receipt" and rng.random() < 0.6:
        doc = backdrop(doc, rng.uniform(0.04, 0.15), rng.randint(60, 170))
    if rng.random() < 0.6:
        doc = rotate(doc, rng.uniform(-MAX_ROTATION, MAX_ROTATION))
    doc = scale(doc, long_side)
    if rng.random() < 0.3:
        doc = blur(doc, rng.uniform(0.4, 1.2))
    if rng.random() < 0.3:
        doc = low_contrast(doc, rng.randint(40, 100), rng.randint(185, 235))
    if rng.random() < 0.4:
        doc = noise(doc, rng.uniform(3.0, 12.0), rng.getrandbits(32))
    if rng.random() < 0.5:
        doc = jpeg(doc, rng.randint(30, 75))
    return doc
