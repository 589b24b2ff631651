"""Upscaling to the target long side, and exact mapping of coordinates back."""

from __future__ import annotations

import pytest
from PIL import Image

from docparse.model import Word
from docparse.preprocess import MAX_UPSCALE, Scale, to_page_space, upscale


@pytest.mark.parametrize("size", [(576, 960), (777, 333), (1000, 1000), (123, 457)])
def test_upscale_reaches_the_target_and_maps_back_exactly(size: tuple[int, int]) -> None:
    image = Image.new("RGB", size, "white")
    big, scale = upscale(image, 2304)
    assert max(big.size) == 2304 or scale.x == pytest.approx(MAX_UPSCALE, rel=0.01)
    # A word covering the whole upscaled image maps back to the whole original image.
    word = Word(text="전체", box=(0, 0, big.width, big.height), engine="t")
    (back,) = to_page_space([word], scale)
    assert back.box == pytest.approx((0, 0, size[0], size[1]), abs=1e-9)
    # A word at an arbitrary place lands at the same relative place.
    inner = Word(
        text="a", box=(big.width * 0.25, big.height * 0.5, big.width * 0.75, big.height), engine="t"
    )
    (mapped,) = to_page_space([inner], scale)
    assert mapped.box == pytest.approx(
        (size[0] * 0.25, size[1] * 0.5, size[0] * 0.75, size[1]), abs=1e-9
    )


def test_large_images_are_left_alone() -> None:
    image = Image.new("RGB", (3000, 1000))
    same, scale = upscale(image, 2304)
    assert same is image and scale == Scale()


def test_tiny_images_are_capped() -> None:
    _, scale = upscale(Image.new("RGB", (10, 20)), 2304)
    assert scale.y == pytest.approx(MAX_UPSCALE)


def test_quads_are_mapped_too() -> None:
    word = Word(
        text="q", box=(10, 10, 30, 20), quad=((10, 10), (30, 10), (30, 20), (10, 20)), engine="t"
    )
    (back,) = to_page_space([word], Scale(2.0, 4.0))
    assert back.box == (5, 2.5, 15, 5)
    assert back.quad == ((5, 2.5), (15, 2.5), (15, 5), (5, 5))
