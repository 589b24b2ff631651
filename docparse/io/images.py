"""Reading image files into RGB pages: every TIFF frame, EXIF orientation applied,
alpha/CMYK/16-bit/palette converted, and a pixel limit against decompression bombs."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from docparse.errors import InputError

DEFAULT_MAX_IMAGE_PIXELS = 180_000_000
SQUARE_TOLERANCE = 0.05
"""Resolutions (x, y) within this share of each other are square pixels (rounding in a
file's header); further apart, as a fax's 204 × 98 dpi, they are not."""
EXIF_ORIENTATION = 0x0112
SIDEWAYS_ORIENTATIONS = frozenset({5, 6, 7, 8})


@cache
def _heif_opener() -> None:
    """HEIC/HEIF (an iPhone's photos) read through pillow-heif, registered with Pillow the
    first time an image is opened (its import costs ~70 ms, which PDFs need not pay)."""
    from pillow_heif import register_heif_opener

    register_heif_opener()


@contextmanager
def quiet_pillow() -> Iterator[None]:
    """Pillow's warnings about a file ("Corrupt EXIF data") not printed: the image is read
    without what they name, and a page that cannot be read says so itself."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="PIL")
        yield


def open_image(path: Path, max_pixels: int = DEFAULT_MAX_IMAGE_PIXELS) -> Image.Image:
    """Opens an image lazily, refusing unknown formats and images over ``max_pixels``."""
    _heif_opener()
    try:
        with quiet_pillow():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError:
        raise InputError("image is too large (decompression bomb?)") from None
    except UnidentifiedImageError:
        raise InputError("not a readable image (unknown format or corrupt file)") from None
    except (OSError, ValueError) as error:  # ValueError: a PNG chunk cut short
        raise InputError(f"cannot read image: {error}") from None
    width, height = image.size
    try:
        check_pixels("image", width, height, max_pixels)
    except InputError:
        image.close()
        raise
    return image


def check_pixels(what: str, width: int, height: int, max_pixels: int) -> None:
    """Refuses ``what`` (an image, a rasterised page) of more than ``max_pixels`` pixels."""
    if width * height > max_pixels:
        raise InputError(
            f"{what} is {width}×{height} = {width * height:,} pixels, over the limit of "
            f"{max_pixels:,} (--max-image-pixels)"
        )


DECODE_ERRORS = (OSError, ValueError, SyntaxError, TypeError)
"""What Pillow raises on a damaged frame (a truncated TIFF: "Missing dimensions", a TypeError)."""


def frame_count(image: Image.Image) -> int:
    """The frames of ``image``; of a file cut short, those that begin in it (the last one,
    damaged, is counted: reading it gives its page's error)."""
    with quiet_pillow():
        try:
            return getattr(image, "n_frames", 1)
        except DECODE_ERRORS:
            count = 0
            while True:
                try:
                    image.seek(count)
                except EOFError:
                    return max(count, 1)
                except DECODE_ERRORS:
                    return count + 1
                count += 1


FrameOrError = tuple[int, Image.Image | None, tuple[float, float] | None, str | None]


def frames_or_errors(image: Image.Image, indices: list[int]) -> Iterator[FrameOrError]:
    """(frame index, RGB frame, :func:`square_factors`, None) for each chosen frame, decoded
    one at a time, or (index, None, None, why) for one that cannot be: a damaged frame never
    stops the frames after it."""
    for index in sorted(set(indices)):
        try:
            with quiet_pillow():
                image.seek(index)
                decoded: FrameOrError = (index, to_rgb(image), square_factors(image), None)
        except EOFError:
            decoded = (index, None, None, f"frame {index + 1} is missing: the file ends before it")
        except DECODE_ERRORS as error:
            decoded = (index, None, None, f"cannot decode frame {index + 1}: {error}")
        yield decoded


def iter_frames(
    image: Image.Image, indices: list[int]
) -> Iterator[tuple[int, Image.Image, tuple[float, float] | None]]:
    """Yields (frame index, RGB frame, :func:`square_factors`) for the chosen frames,
    decoded one at a time; InputError for a frame that cannot be."""
    for index, frame, factors, error in frames_or_errors(image, indices):
        if frame is None:
            raise InputError(error or f"cannot decode frame {index + 1}")
        yield index, frame, factors


def square_factors(frame: Image.Image) -> tuple[float, float] | None:
    """The factors (x, y) that make the pixels of ``frame`` (upright per EXIF) square when
    its file gives unequal resolutions — a fax of 204 × 98 dpi (standard mode) is stored
    half as tall as the page, and its Hangul squashed so is unreadable — by stretching the
    coarser axis; None for square pixels or no resolution given."""
    dpi = frame.info.get("dpi")
    if not isinstance(dpi, tuple) or len(dpi) != 2:
        return None
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError):
        return None
    if not (x > 0 and y > 0) or max(x, y) <= (1 + SQUARE_TOLERANCE) * min(x, y):
        return None
    if frame.getexif().get(EXIF_ORIENTATION) in SIDEWAYS_ORIENTATIONS:
        x, y = y, x
    return (1.0, x / y) if y < x else (y / x, 1.0)


MIN_SCAN_DPI = 100.0
"""Least resolution a file may state for it to be taken as the scan's: 72 and 96 dpi are
what cameras, phones and screenshots write whatever the picture shows (a phone photo of an
A4 page at 72 dpi would be a page a metre tall), while scanners write 100-1200."""
MAX_SCAN_DPI = 2400.0
"""More is no page scan's resolution (a slide or film scanner's, or a wrong header)."""


def stated_dpi(frame: Image.Image) -> float | None:
    """The resolution the file states for ``frame`` (the finer axis of a fax's), when it is
    a scanner's (``MIN_SCAN_DPI`` or more); None otherwise."""
    dpi = frame.info.get("dpi")
    if not isinstance(dpi, tuple) or len(dpi) != 2:
        return None
    try:
        finest = max(float(dpi[0]), float(dpi[1]))
    except (TypeError, ValueError):
        return None
    return finest if MIN_SCAN_DPI <= finest <= MAX_SCAN_DPI else None


def to_rgb(frame: Image.Image) -> Image.Image:
    """An RGB copy, upright per EXIF, transparent areas on white, 16-bit scaled to 8-bit."""
    frame.load()
    upright = ImageOps.exif_transpose(frame) or frame
    mode = upright.mode
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        array = np.asarray(upright, dtype=np.float64)
        high = array.max() if array.size else 0.0
        scale = 255.0 / high if high > 255 else 1.0
        return Image.fromarray(np.clip(array * scale, 0, 255).astype(np.uint8)).convert("RGB")
    if mode == "P":
        upright = upright.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "PA") or (mode in ("RGB", "L") and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return upright.convert("RGB")
