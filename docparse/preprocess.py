"""Preprocessing as the VARCO papers prescribe: upscale so the long side reaches the
target (2304 px), and map coordinates found on the upscaled image back to the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PIL import Image

from docparse.model import Word

if TYPE_CHECKING:
    import numpy as np

# Never enlarge more than this, so a thumbnail does not become a memory blow-up.
MAX_UPSCALE = 8.0


@dataclass(frozen=True)
class Scale:
    """Per-axis factors from page pixels to the processed image's pixels."""

    x: float = 1.0
    y: float = 1.0

    @property
    def is_identity(self) -> bool:
        return self.x == 1.0 and self.y == 1.0


def upscale(image: Image.Image, target_long_side: int) -> tuple[Image.Image, Scale]:
    """The image enlarged (Lanczos) so its long side is at least ``target_long_side``
    (capped at ×MAX_UPSCALE), with the exact per-axis factors applied. Images already that
    large come back unchanged with the identity scale."""
    long_side = max(image.size)
    if long_side >= target_long_side or long_side == 0:
        return image, Scale()
    return resized(image, min(MAX_UPSCALE, target_long_side / long_side))


def resized(image: Image.Image, factor: float) -> tuple[Image.Image, Scale]:
    """The image scaled by ``factor`` (Lanczos), with the exact per-axis factors applied."""
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    scale = Scale(size[0] / image.width, size[1] / image.height)
    return image.resize(size, Image.Resampling.LANCZOS), scale


def to_page_space(words: list[Word], scale: Scale) -> list[Word]:
    """Maps words found on the processed image back to the original page's pixels."""
    if scale.is_identity:
        return words
    return [word.scaled(1.0 / scale.x, 1.0 / scale.y) for word in words]


EXACT_COUNT = 1 << 24
"""OpenCV counts a histogram in float32, exact below this: an image is counted in chunks of
rows holding fewer pixels."""


def grey_histogram(grey: np.ndarray) -> np.ndarray:
    """The count of each level (0-255) of a uint8 greyscale image, as float64: OpenCV's
    count, about 4× faster than ``np.bincount`` on a page, and equal to it."""
    import cv2
    import numpy as np

    step = max(1, (EXACT_COUNT - 1) // max(1, grey.shape[1]))
    hist = np.zeros(256)
    for start in range(0, grey.shape[0], step):
        chunk = np.ascontiguousarray(grey[start : start + step])
        hist += cv2.calcHist([chunk], [0], None, [256], [0, 256]).ravel()
    return hist
