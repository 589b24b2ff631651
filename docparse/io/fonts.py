"""Finds the Nanum font files and hands out Pillow fonts for them, cached."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

from PIL import ImageFont, features

from docparse.errors import DocparseError

Family = Literal["gothic", "myeongjo", "barun", "coding"]

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
_FILES: dict[Family, str] = {
    "gothic": "NanumGothic",
    "myeongjo": "NanumMyeongjo",
    "barun": "NanumBarunGothic",
    "coding": "NanumGothicCoding",
}
REQUIRED: tuple[Family, ...] = ("gothic", "myeongjo")
_MEASURE_SIZE = 1000
# Raqm lays glyphs out at their true (unhinted) advances, so a word drawn at any size is as
# wide as the layout measured it; without kerning or ligatures, as PDF text is drawn. The
# basic engine rounds each advance to whole pixels: words come out a little wider.
_RAQM = features.check_feature("raqm")
LAYOUT_ENGINE = ImageFont.Layout.RAQM if _RAQM else ImageFont.Layout.BASIC
SHAPING: list[str] | None = ["-kern", "-liga"] if _RAQM else None


class FontsMissing(DocparseError):
    """The Nanum fonts the renderer needs are not installed."""


@cache
def _find(file_stem: str) -> Path | None:
    for root in FONT_DIRS:
        if root.is_dir():
            found = sorted(root.rglob(f"{file_stem}.ttf"))
            if found:
                return found[0]
    return None


def font_path(family: Family, bold: bool = False) -> Path:
    """The TTF file of a family; the bold file when asked and installed, else the regular one."""
    stem = _FILES[family]
    path = (_find(stem + "Bold") if bold else None) or _find(stem)
    if path is None:
        raise FontsMissing(
            f"font {stem}.ttf not found under {', '.join(map(str, FONT_DIRS))}: "
            "install the Nanum fonts with `apt-get install fonts-nanum`"
        )
    return path


def available_families() -> tuple[Family, ...]:
    """The installed families; fails with the install command if a required one is missing."""
    for family in REQUIRED:
        font_path(family)
    return tuple(family for family, stem in _FILES.items() if _find(stem) is not None)


@lru_cache(maxsize=512)
def pillow_font(family: Family, bold: bool, size_px: float) -> ImageFont.FreeTypeFont:
    """The font at ``size_px`` pixels; draw and measure it with ``features=SHAPING``."""
    return ImageFont.truetype(str(font_path(family, bold)), size_px, layout_engine=LAYOUT_ENGINE)


@lru_cache(maxsize=1 << 16)
def advance(family: Family, bold: bool, text: str, size_pt: float) -> float:
    """Advance width of ``text`` in points at ``size_pt``."""
    font = pillow_font(family, bold, _MEASURE_SIZE)
    return font.getlength(text, features=SHAPING) * size_pt / _MEASURE_SIZE
