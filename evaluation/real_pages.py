"""Real-document benchmark pages: born-digital PDF pages rendered to images, their own text
layer as the truth, and degraded copies (rotated, skewed, blurred, JPEG, noisy, half
resolution, photographed) whose truth boxes are moved exactly with the pixels.

Every geometric variant is one homography ``H`` (3×3, original pixel → variant pixel, in
continuous coordinates: pixel ``i`` covers ``[i, i + 1)``); the image is resampled through
its inverse and each truth box's four corners through ``H`` itself, so a word's quad lies
on its ink whatever the variant. Randomness (noise, the photo's corners and lighting) is
seeded from the file hash, page, dpi and variant: the same page always gives the same
image.
"""

from __future__ import annotations

import hashlib
import io
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFilter
from pydantic import BaseModel, ConfigDict

from docparse.evaluation.popeval import EvalItem
from docparse.io.fonts import pillow_font
from docparse.io.pdf import rasterise

RECIPE_VERSION = "2"
"""Bumped whenever a variant's recipe or the truth changes, so cached images and truths are
made again (2: words invisible on the rendering left out of the truth)."""

UPRIGHT = "upright"
SKEW_ANGLES = (2, 5, 7)
"""Skew variants, degrees, each both ways: ``skew+2`` turns the page 2° counter-clockwise."""
STEEP_SKEWS = (15, -30)
"""Pages far off level, one way each (a phone photo taken askew, a page fed crooked):
``skew+15``, ``skew-30``; and ``photo+skew-20``, a photo of a page lying 20° clockwise."""
BLUR_SIGMA_AT_200DPI = 1.5
"""Gaussian blur radius (px) at 200 dpi, scaled with the dpi (an out-of-focus scan)."""
JPEG_QUALITY = 30
NOISE_SIGMA = 25.0
"""Gaussian grey noise, standard deviation in 8-bit levels."""
SHADOW_LIGHT = 0.35
"""``shadow``: the light falls from full on the page's right edge to this share on its left
(a hand or a phone over the page)."""
FADED_DARKNESS = 0.08
"""``faded``: every pixel keeps this share of its darkness (black ink at grey 235 on white, a
pale copy or an old thermal receipt at its worst)."""
PHOTO_JITTER = 0.06
"""Each page corner of the photo moves inward by up to this share of the page side."""
PHOTO_MARGIN = 0.06
"""The photo's canvas exceeds the page by this share of each side (the table around it)."""
FAR_PHOTO_MARGIN = 0.4
"""``photo-far``: the page fills 55 % of the frame's sides (a phone held back to fit it with
room to spare); at 200 dpi the frame's long side is ~4,200 px, a 12-MP photo's 4,032."""
SMALL_PHOTO_QUALITY = 50
"""JPEG quality of the small photo: a phone picture shrunk (to ~1000 px at 200 dpi) and
compressed again for sending."""
MIN_CONTRAST = 16
"""Fewest grey levels a truth word's box (grown by 1 px) must span on the rendering to count
as printed. On the realdocs first pages (44 files, 38,961 words at 200 dpi) a word's box
spans either 0-1 levels (83 words: white or near-white text on white, such as a cover's
hidden "Front cover" in 0xFCFCFC and a page's white print marks) or at least 72: no reader
can see the first kind, so they are not truth."""
STAMPS = 3
"""``stamped``: red seals (도장) pressed over the page's text, each centred on an ink pixel
drawn at random, as on signed Korean contracts, invoices and court papers."""
STAMP_INCHES = 0.6
"""A seal's diameter (15 mm: a company seal; a personal one is smaller)."""
STAMP_INK = (205, 35, 45)
"""Seal ink (vermilion), laid over the page as a filter: the text under it stays visible."""
STAMP_COVER = 0.85
"""Share of the light the seal's ink takes where it is pressed fully."""
WATERMARK = "사 본"
"""``watermark``: a copy mark printed across the page in light grey, large, turned
``WATERMARK_ANGLE`` (사본, "copy"; 대외비 and COPY marks are printed the same way)."""
WATERMARK_GREY = 200
WATERMARK_ANGLE = 35.0
PEN_INK = (30, 50, 160)
"""``pen``: a blue ballpoint's marks on a read or signed page — four words underlined by
hand, two ringed, and a signature's scrawl over the print — none of them truth."""
PEN_UNDERLINES = 4
PEN_RINGS = 2
FAX_DPI = (204, 98)
"""``fax``: a fax in standard mode — the page sampled at 204 dpi across and 98 dpi down,
black and white, stored so (the file's header says 204 × 98 dpi: a viewer stretches it)."""
FAX_THRESHOLD = 160
"""Grey level under which the fax's scanner prints black."""
FOLDS = (1 / 3, 2 / 3)
"""``fold``: a letter folded in three to be posted, then scanned flat — a crease across the
page at each third of its height (a little off and slanting), the paper shaded below it."""
CREASE_SHADE = 0.35
"""Share of the light a crease takes at its middle (a Gaussian ``CREASE_INCHES`` wide)."""
CREASE_INCHES = 0.012
CREASE_SHADOW = 0.12
"""Share of the light the paper below a crease loses, fading over ``CREASE_SHADOW_INCHES``."""
CREASE_SHADOW_INCHES = 0.15
WHITE = (255, 255, 255)
TABLE = (96, 84, 72)


class PageTruth(BaseModel):
    """One benchmark image: what it was made from, and its truth words in its pixels."""

    model_config = ConfigDict(extra="forbid")

    recipe: str
    width: int
    height: int
    words: list[EvalItem]


@dataclass(frozen=True)
class Warped:
    image: Image.Image
    homography: np.ndarray


Maker = Callable[[Image.Image, np.random.Generator, int], Warped]


def _identity() -> np.ndarray:
    return np.eye(3)


def _translation(dx: float, dy: float) -> np.ndarray:
    return np.array([[1.0, 0.0, dx], [0.0, 1.0, dy], [0.0, 0.0, 1.0]])


def map_points(homography: np.ndarray, points: np.ndarray) -> np.ndarray:
    """``points`` (N × 2) through ``homography``."""
    ones = np.ones((len(points), 1))
    mapped = np.hstack([points, ones]) @ homography.T
    return mapped[:, :2] / mapped[:, 2:3]


def warp(
    image: Image.Image,
    homography: np.ndarray,
    size: tuple[int, int],
    fill: tuple[int, ...],
    resample: Image.Resampling = Image.Resampling.BICUBIC,
) -> Image.Image:
    """The image seen through ``homography`` on a ``size`` canvas filled with ``fill``."""
    inverse = np.linalg.inv(homography)
    inverse = inverse / inverse[2, 2]
    return image.transform(
        size,
        Image.Transform.PERSPECTIVE,
        data=tuple(inverse.flatten()[:8]),
        resample=resample,
        fillcolor=fill,
    )


def _rotation(angle: float, width: int, height: int) -> tuple[np.ndarray, tuple[int, int]]:
    """Counter-clockwise (as seen) rotation by ``angle`` degrees about the centre, moved so
    the whole page fits, and the canvas size that holds it."""
    theta = math.radians(angle)
    cos, sin = math.cos(theta), math.sin(theta)
    cx, cy = width / 2, height / 2
    # y grows downward: a visual counter-clockwise turn is (x, y) -> (c x + s y, -s x + c y).
    turn = np.array([[cos, sin, 0.0], [-sin, cos, 0.0], [0.0, 0.0, 1.0]])
    centred = _translation(-cx, -cy)
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=float)
    moved = map_points(turn @ centred, corners)
    lo = moved.min(axis=0)
    size = np.ceil(moved.max(axis=0) - lo - 1e-6).astype(int)
    return _translation(-lo[0], -lo[1]) @ turn @ centred, (int(size[0]), int(size[1]))


def _right_angle(quarter_turns: int) -> Maker:
    """Rotation by 90° × ``quarter_turns`` counter-clockwise, pixels moved exactly."""
    methods = {
        1: Image.Transpose.ROTATE_90,
        2: Image.Transpose.ROTATE_180,
        3: Image.Transpose.ROTATE_270,
    }

    def make(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
        homography, _ = _rotation(90.0 * quarter_turns, image.width, image.height)
        return Warped(image.transpose(methods[quarter_turns]), np.round(homography, 12))

    return make


def _skew(angle: float) -> Maker:
    def make(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
        homography, size = _rotation(angle, image.width, image.height)
        return Warped(warp(image, homography, size, WHITE), homography)

    return make


def _blur(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    radius = BLUR_SIGMA_AT_200DPI * dpi / 200
    return Warped(image.filter(ImageFilter.GaussianBlur(radius)), _identity())


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("RGB")


def _jpeg30(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    return Warped(_jpeg(image, JPEG_QUALITY), _identity())


def _noise(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    pixels = np.asarray(image, dtype=np.float32)
    grain = rng.normal(0.0, NOISE_SIGMA, size=pixels.shape[:2])[..., None]
    noisy = np.clip(pixels + grain, 0, 255).astype(np.uint8)
    return Warped(Image.fromarray(noisy), _identity())


def _faded(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    darkness = 255.0 - np.asarray(image, dtype=np.float32)
    pale = np.round(255.0 - FADED_DARKNESS * darkness).astype(np.uint8)
    return Warped(Image.fromarray(pale), _identity())


def _shadow(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    light = np.linspace(SHADOW_LIGHT, 1.0, image.width, dtype=np.float32)[None, :, None]
    shaded = np.asarray(image, dtype=np.float32) * light
    return Warped(Image.fromarray(np.round(shaded).astype(np.uint8)), _identity())


def with_seals(
    image: Image.Image, centres: list[tuple[float, float]], diameter: float
) -> Image.Image:
    """``image`` with a round red seal (a ring round 대표/이사) pressed at each
    of ``centres``, ``diameter`` pixels across: its ink filters the page, so the print
    under it stays visible."""
    ink = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(ink)
    font = pillow_font("myeongjo", True, diameter * 0.3)
    for cx, cy in centres:
        box = (cx - diameter / 2, cy - diameter / 2, cx + diameter / 2, cy + diameter / 2)
        draw.ellipse(box, outline=255, width=max(2, round(diameter * 0.06)))
        for row, pair in enumerate(("대표", "이사")):
            at = (cx, cy + (row - 0.5) * diameter * 0.32)
            draw.text(at, pair, fill=255, font=font, anchor="mm")
    blur = ImageFilter.GaussianBlur(max(0.5, diameter / 200))
    cover = np.asarray(ink.filter(blur), np.float32)[..., None] / 255.0 * STAMP_COVER
    tint = np.array(STAMP_INK, dtype=np.float32) / 255.0
    pixels = np.asarray(image.convert("RGB"), dtype=np.float32)
    return Image.fromarray(np.round(pixels * (1.0 - cover * (1.0 - tint))).astype(np.uint8))


def _stamped(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    ys, xs = np.nonzero(np.asarray(image.convert("L")) < 128)
    if not len(xs):
        return Warped(image, _identity())
    chosen = rng.integers(len(xs), size=STAMPS)
    centres = [(float(xs[k]), float(ys[k])) for k in chosen]
    return Warped(with_seals(image, centres, STAMP_INCHES * dpi), _identity())


def _watermarked(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    mark = Image.new("L", image.size, 0)
    font = pillow_font("gothic", True, image.width * 0.22)
    centre = (image.width / 2, image.height / 2)
    ImageDraw.Draw(mark).text(centre, WATERMARK, fill=255, font=font, anchor="mm")
    cover = np.asarray(mark.rotate(WATERMARK_ANGLE, Image.Resampling.BICUBIC), np.float32)
    cover = cover[..., None] / 255.0
    pixels = np.asarray(image.convert("RGB"), dtype=np.float32)
    printed = np.minimum(pixels, pixels * (1.0 - cover) + WATERMARK_GREY * cover)
    return Warped(Image.fromarray(np.round(printed).astype(np.uint8)), _identity())


def _pen(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    ys, xs = np.nonzero(np.asarray(image.convert("L")) < 128)
    if not len(xs):
        return Warped(image, _identity())
    marked = image.convert("RGB")
    draw = ImageDraw.Draw(marked)
    width = max(2, round(dpi / 100))

    def at_ink() -> tuple[float, float]:
        k = rng.integers(len(xs))
        return float(xs[k]), float(ys[k])

    for _ in range(PEN_UNDERLINES):  # an inch and a half of wavering line under a word
        x, y = at_ink()
        below = y + dpi * 0.08
        points = [(x - dpi * 0.8 + dpi * 0.16 * t, below + rng.normal(0, 1.0)) for t in range(11)]
        draw.line(points, fill=PEN_INK, width=width)
    for _ in range(PEN_RINGS):  # a loose ring round a word
        x, y = at_ink()
        turns = np.linspace(0, 2.1 * math.pi, 40)
        points = [
            (x + dpi * 0.5 * math.cos(a) + rng.normal(0, 1), y + dpi * 0.12 * math.sin(a))
            for a in turns
        ]
        draw.line(points, fill=PEN_INK, width=width)
    x, y = at_ink()  # a signature: loops running right across the lines
    t = np.linspace(0, 6 * math.pi, 120)
    along = x + t / (6 * math.pi) * dpi * 1.2 + dpi * 0.08 * np.sin(3 * t)
    across = y + dpi * 0.15 * np.sin(1.3 * t) * np.cos(0.4 * t)
    draw.line(list(zip(along.tolist(), across.tolist(), strict=True)), fill=PEN_INK, width=width)
    return Warped(marked, _identity())


def _folded(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    pixels = np.asarray(image.convert("RGB"), dtype=np.float32)
    height, width = pixels.shape[:2]
    rows = np.arange(height, dtype=np.float32)[:, None]
    columns = np.arange(width, dtype=np.float32)[None, :] - width / 2
    shade = np.ones((height, width), np.float32)
    for share in FOLDS:
        crease = height * share + rng.normal(0, dpi * 0.05) + rng.normal(0, 0.01) * columns
        below = rows - crease
        shade *= 1 - CREASE_SHADE * np.exp(-((below / (dpi * CREASE_INCHES)) ** 2))
        shadow = np.exp(-np.clip(below, 0, None) / (dpi * CREASE_SHADOW_INCHES)) * (below > 0)
        shade *= 1 - CREASE_SHADOW * shadow
    folded = np.round(pixels * shade[..., None]).astype(np.uint8)
    return Warped(Image.fromarray(folded), _identity())


def _fax(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    size = (round(image.width * FAX_DPI[0] / dpi), round(image.height * FAX_DPI[1] / dpi))
    grey = image.convert("L").resize(size, Image.Resampling.LANCZOS)
    fax = grey.point(lambda level: 255 if level >= FAX_THRESHOLD else 0).convert("RGB")
    fax.info["dpi"] = FAX_DPI
    return Warped(fax, np.diag([size[0] / image.width, size[1] / image.height, 1.0]))


def _half(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    # Image.reduce averages 2×2 blocks: pixel i of the result covers [2i, 2i + 2) of the page.
    half = image.reduce(2)
    return Warped(half, np.diag([half.width / image.width, half.height / image.height, 1.0]))


def homography_from(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The homography taking the four ``source`` points to the four ``target`` points."""
    rows, values = [], []
    for (x, y), (u, v) in zip(source, target, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values.extend([u, v])
    solved = np.linalg.solve(np.array(rows, dtype=float), np.array(values, dtype=float))
    return np.append(solved, 1.0).reshape(3, 3)


def _lighting(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A multiplicative light field: a gradient falling to ~60 % in a random direction, a
    vignette, and a warm cast."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    direction = rng.uniform(0, 2 * math.pi)
    along = (xs / width - 0.5) * math.cos(direction) + (ys / height - 0.5) * math.sin(direction)
    gradient = 1.0 - 0.4 * (along - along.min()) / max(1e-6, float(np.ptp(along)))
    radius = np.hypot(xs / width - 0.5, ys / height - 0.5) / math.hypot(0.5, 0.5)
    vignette = 1.0 - 0.2 * radius**2
    light = (gradient * vignette)[..., None]
    return light * np.array([1.0, 0.96, 0.88], dtype=np.float32)


def _photo_at(margin: float) -> Maker:
    """A phone photo of the page lying on a table, the frame ``margin`` of the page's sides
    larger than the page on each side: perspective, uneven warm light, slight defocus, JPEG."""

    def make(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
        width, height = image.size
        canvas = (round(width * (1 + 2 * margin)), round(height * (1 + 2 * margin)))
        inward = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=float)
        corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=float)
        jitter = rng.uniform(0, PHOTO_JITTER, size=(4, 2)) * np.array([width, height]) * inward
        target = corners + jitter + np.array([width, height]) * margin
        homography = homography_from(corners, target)
        seen = np.asarray(warp(image, homography, canvas, TABLE), dtype=np.float32)
        lit = np.clip(seen * _lighting(canvas[0], canvas[1], rng), 0, 255).astype(np.uint8)
        soft = Image.fromarray(lit).filter(ImageFilter.GaussianBlur(0.8 * dpi / 200))
        return Warped(_jpeg(soft, 85), homography)

    return make


_photo = _photo_at(PHOTO_MARGIN)


def _then(*makers: Maker) -> Maker:
    """The makers one after the other on one page (one random stream): the image is the
    last one's, the homography their product, so the truth follows every step."""

    def make(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
        homography = _identity()
        for maker in makers:
            step = maker(image, rng, dpi)
            image, homography = step.image, step.homography @ homography
        return Warped(image, homography)

    return make


def _recompressed(image: Image.Image, rng: np.random.Generator, dpi: int) -> Warped:
    return Warped(_jpeg(image, SMALL_PHOTO_QUALITY), _identity())


def _variants() -> dict[str, Maker]:
    makers: dict[str, Maker] = {
        UPRIGHT: lambda image, rng, dpi: Warped(image, _identity()),
        "rot90": _right_angle(1),
        "rot180": _right_angle(2),
        "rot270": _right_angle(3),
    }
    for angle in SKEW_ANGLES:
        makers[f"skew+{angle}"] = _skew(angle)
        makers[f"skew-{angle}"] = _skew(-angle)
    for angle in STEEP_SKEWS:
        makers[f"skew{angle:+d}"] = _skew(angle)
    makers.update(blur=_blur, jpeg30=_jpeg30, noise=_noise, halfres=_half, faded=_faded)
    makers["shadow"] = _shadow
    makers["stamped"] = _stamped
    makers["watermark"] = _watermarked
    makers["pen"] = _pen
    makers["fold"] = _folded
    makers["fax"] = _fax
    makers["photo"] = _photo
    # Phone photos as users send them: the page lying sideways or upside down on the table
    # (turned, then photographed), and a photo shrunk to half and compressed again.
    small_photo = _then(_photo, _half, _recompressed)
    makers["photo-small"] = small_photo
    for quarter_turns in (1, 2, 3):
        turn = _right_angle(quarter_turns)
        makers[f"photo+rot{90 * quarter_turns}"] = _then(turn, _photo)
    makers["photo-small+rot90"] = _then(_right_angle(1), small_photo)
    makers["photo+skew-20"] = _then(_skew(-20), _photo)
    makers["photo-far"] = _photo_at(FAR_PHOTO_MARGIN)
    makers["photo+stamped"] = _then(_stamped, _photo)
    return makers


VARIANTS: dict[str, Maker] = _variants()
"""Every variant by name, in report order."""


def truth_words(
    page: pymupdf.Page, width: int, height: int, image: Image.Image | None = None
) -> list[EvalItem]:
    """The page's own words (NFKC, in the text layer's order) as boxes in the pixels of a
    ``width`` × ``height`` rendering; honours ``/Rotate``; words centred off the page and
    words that are only spaces are left out, and, given the rendering ``image``, words
    invisible on it (:func:`printed`)."""
    to_page = page.rotation_matrix
    area = page.rect
    fx, fy = width / area.width, height / area.height
    grey = None if image is None else np.asarray(image.convert("L"))
    words = []
    for x0, y0, x1, y1, text, *_ in page.get_text("words", sort=False):
        text = "".join(unicodedata.normalize("NFKC", text).split())
        rect = pymupdf.Rect(x0, y0, x1, y1) * to_page
        centre = ((rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2)
        if not text or not area.contains(pymupdf.Point(*centre)):
            continue
        bx0, by0 = (rect.x0 - area.x0) * fx, (rect.y0 - area.y0) * fy
        bx1, by1 = (rect.x1 - area.x0) * fx, (rect.y1 - area.y0) * fy
        if grey is not None and not printed(grey, (bx0, by0, bx1, by1)):
            continue
        words.append(EvalItem(quad=((bx0, by0), (bx1, by0), (bx1, by1), (bx0, by1)), text=text))
    return words


def printed(grey: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    """Whether the ``box`` (x0, y0, x1, y1 pixels) of a word on the greyscale rendering
    ``grey`` shows it: its pixels, 1 px around included (a word's box can be a fraction of
    a pixel wide), span at least ``MIN_CONTRAST`` grey levels. White text on white, or
    near-white, spans none; white text on a dark cell spans the most."""
    x0, y0, x1, y1 = box
    rows, columns = grey.shape
    left, top = max(0, math.floor(x0) - 1), max(0, math.floor(y0) - 1)
    right, bottom = min(columns, math.ceil(x1) + 1), min(rows, math.ceil(y1) + 1)
    if right <= left or bottom <= top:
        return False
    seen = grey[top:bottom, left:right]
    return int(seen.max()) - int(seen.min()) >= MIN_CONTRAST


def moved(words: list[EvalItem], homography: np.ndarray) -> list[EvalItem]:
    """The words with their quads' corners through ``homography``."""
    if not words:
        return []
    corners = np.array([point for word in words for point in word.quad], dtype=float)
    mapped = map_points(homography, corners).reshape(-1, 4, 2)
    return [
        EvalItem(quad=tuple((float(x), float(y)) for x, y in quad), text=word.text)  # type: ignore[arg-type]
        for word, quad in zip(words, mapped, strict=True)
    ]


def seed_for(*parts: object) -> int:
    text = ":".join(str(part) for part in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def make_page(
    pdf: Path, sha256: str, index: int, dpi: int, variant: str
) -> tuple[Image.Image, PageTruth]:
    """Page ``index`` (0-based) of ``pdf`` rendered at ``dpi`` and degraded by ``variant``,
    with its truth words in the result's pixels."""
    maker = VARIANTS[variant]
    with pymupdf.open(pdf) as document:
        page = document[index]
        image = rasterise(page, dpi)
        words = truth_words(page, image.width, image.height, image)
    rng = np.random.default_rng(seed_for(sha256, index, dpi, variant))
    result = maker(image, rng, dpi)
    truth = PageTruth(
        recipe=recipe(sha256, index, dpi, variant),
        width=result.image.width,
        height=result.image.height,
        words=moved(words, result.homography),
    )
    return result.image, truth


def recipe(sha256: str, index: int, dpi: int, variant: str) -> str:
    """What makes an image: its cached copy is reused only for the same recipe."""
    return f"v{RECIPE_VERSION}:{sha256}:{index}:{dpi}:{variant}"
