"""Tests of the VLM tiling plan, tile views, word placement and the merge of repeats."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from PIL import Image

from docparse.engines.varco.tiling import (
    Tile,
    merge_overlaps,
    place_words,
    plan_tiles,
    tile_view,
    upscaled_size,
)
from docparse.model import Word


def _word(text: str, box: tuple[float, float, float, float]) -> Word:
    return Word(text=text, box=box, engine="varco")


def _check_plan(width: int, height: int, tiles: list[Tile], max_aspect: float, overlap: float):
    """The plan's contract: tiles inside the page, covering it, each no longer than
    ``max_aspect`` × its short side, equal, overlapping, with cores partitioning the page."""
    vertical = height > width
    long, short = max(width, height), min(width, height)
    for tile in tiles:
        assert 0 <= tile.x0 < tile.x1 <= width and 0 <= tile.y0 < tile.y1 <= height
    if long <= max_aspect * short:
        assert tiles == [Tile(x0=0, y0=0, x1=width, y1=height, core=(0, 0, width, height))]
        return
    spans = [(t.y0, t.y1) if vertical else (t.x0, t.x1) for t in tiles]
    across = {(t.x0, t.x1) if vertical else (t.y0, t.y1) for t in tiles}
    assert across == {(0, short)}, "every tile spans the whole short side"
    lengths = {end - start for start, end in spans}
    assert len(lengths) == 1, "tiles are equal"
    (length,) = lengths
    assert length == math.floor(max_aspect * short) and length / short <= max_aspect
    assert spans[0][0] == 0 and spans[-1][1] == long, "the page is covered end to end"
    shared = min(math.ceil(overlap * length), length - 1)
    for (_, end), (start, _) in pairwise(spans):
        assert end - start >= shared, "neighbours overlap by at least the asked share"
    cores = [(t.core[1], t.core[3]) if vertical else (t.core[0], t.core[2]) for t in tiles]
    assert cores[0][0] == 0 and cores[-1][1] == long
    for (_, hi), (lo, _) in pairwise(cores):
        assert hi == lo, "cores meet without gap or overlap"
    for (start, end), (lo, hi) in zip(spans, cores, strict=True):
        assert start <= lo < hi <= end
        if lo > 0:
            assert lo - start >= shared / 2
        if hi < long:
            assert end - hi >= shared / 2


@pytest.mark.parametrize(
    ("width", "height"),
    [(2480, 3508), (2304, 2304), (600, 400), (1000, 2000), (2000, 1000), (10, 20)],
)
def test_pages_up_to_two_to_one_are_one_tile(width: int, height: int) -> None:
    assert plan_tiles(width, height) == [
        Tile(x0=0, y0=0, x1=width, y1=height, core=(0.0, 0.0, width, height))
    ]


def test_tall_receipt_is_cut_into_overlapping_two_to_one_tiles() -> None:
    tiles = plan_tiles(1000, 8000)
    assert [(t.x0, t.y0, t.x1, t.y1) for t in tiles] == [
        (0, 0, 1000, 2000),
        (0, 1500, 1000, 3500),
        (0, 3000, 1000, 5000),
        (0, 4500, 1000, 6500),
        (0, 6000, 1000, 8000),
    ]
    assert [t.core[1::2] for t in tiles] == [
        (0, 1750),
        (1750, 3250),
        (3250, 4750),
        (4750, 6250),
        (6250, 8000),
    ]
    # each tile then becomes 1152 × 2304 px: four times the 288 px the whole page would get
    assert {upscaled_size(t.width, t.height, 2304) for t in tiles} == {(1152, 2304)}
    _check_plan(1000, 8000, tiles, 2.0, 0.1)


def test_wide_page_is_cut_left_to_right() -> None:
    tiles = plan_tiles(3000, 500)
    assert [(t.x0, t.y0, t.x1, t.y1) for t in tiles] == [
        (0, 0, 1000, 500),
        (667, 0, 1667, 500),
        (1333, 0, 2333, 500),
        (2000, 0, 3000, 500),
    ]
    _check_plan(3000, 500, tiles, 2.0, 0.1)


@given(
    width=st.integers(1, 20000),
    height=st.integers(1, 20000),
    max_aspect=st.sampled_from([1.0, 1.5, 2.0, 3.0]),
    overlap=st.sampled_from([0.0, 0.1, 0.25, 0.5]),
)
def test_plan_contract_holds_for_any_page(
    width: int, height: int, max_aspect: float, overlap: float
) -> None:
    assume(max(width, height) / min(width, height) <= 400)  # past that: only more tiles
    tiles = plan_tiles(width, height, max_aspect=max_aspect, overlap=overlap)
    _check_plan(width, height, tiles, max_aspect, overlap)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"width": 0, "height": 10}, "positive"),
        ({"width": 10, "height": 10, "max_aspect": 0.5}, "max_aspect"),
        ({"width": 10, "height": 10, "overlap": 1.0}, "overlap"),
    ],
)
def test_plan_rejects_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plan_tiles(**kwargs)


@pytest.mark.parametrize(
    ("size", "expected"),
    [((600, 400), (2304, 1536)), ((1000, 8000), (288, 2304)), ((4960, 7016), (1629, 2304))],
)
def test_upscaled_size_puts_the_long_side_at_the_target(size, expected) -> None:
    assert upscaled_size(*size, 2304) == expected


def test_every_word_centre_is_owned_by_a_tile_and_cut_words_by_one() -> None:
    tiles = plan_tiles(1000, 8000)
    for cy in range(0, 8001, 50):
        box = (100, cy - 20, 300, cy + 20)
        owners = [t for t in tiles if t.owns(box)]
        assert owners, cy
        assert len(owners) == 1 or cy in (1750, 3250, 4750, 6250)
        for tile in owners:  # a 40-px word around an owned centre lies inside the tile
            assert tile.y0 <= max(box[1], 0) and min(box[3], 8000) <= tile.y1


def test_tile_view_crops_the_tile_and_scales_it_to_the_long_side() -> None:
    page = Image.new("L", (500, 3000), 255)
    page.paste(0, (0, 667, 500, 700))  # a black band at the top of the second tile
    second = plan_tiles(500, 3000)[1]
    view = tile_view(page, second)
    assert view.mode == "RGB" and view.size == (1152, 2304)
    assert view.getpixel((576, 10)) == (0, 0, 0) and view.getpixel((576, 200)) == (255, 255, 255)
    whole = tile_view(Image.new("RGB", (4960, 7016), "white"), plan_tiles(4960, 7016)[0])
    assert whole.size == (1629, 2304)  # larger pages are scaled down to the same view


def test_place_words_moves_tile_words_onto_the_page_and_keeps_the_owned() -> None:
    second = plan_tiles(500, 3000)[1]  # rows 667..1667, core 833.5..1500
    words = [
        _word("owned", (10, 300, 90, 340)),  # page rows 967..1007
        _word("above", (10, 100, 90, 140)),  # page 767..807: tile 0 owns it
        _word("below", (10, 900, 90, 940)),  # page 1567..1607: tile 2 owns it
    ]
    assert place_words(words, second) == [_word("owned", (10, 967, 90, 1007))]


def test_merge_drops_a_repeat_and_keeps_the_larger_box() -> None:
    words = [
        _word("합계", (100, 1700, 200, 1740)),
        _word("total", (300, 1700, 400, 1740)),
        _word("합계", (101, 1701, 199, 1739)),  # the same word read by the next tile
    ]
    assert merge_overlaps(words) == words[:2]
    assert merge_overlaps([words[2], words[0]]) == [words[0]]


def test_merge_accepts_near_identical_text_and_rejects_other_text() -> None:
    a = _word("Receipt", (0, 0, 100, 20))
    near = _word("Receipl", (2, 1, 101, 21))
    other = _word("Total", (1, 0, 100, 20))
    assert merge_overlaps([a, near]) == [a]
    assert merge_overlaps([a, other]) == [a, other]


def test_merge_keeps_same_text_at_other_places_and_small_overlaps() -> None:
    a = _word("1", (0, 0, 10, 10))
    elsewhere = _word("1", (50, 0, 60, 10))
    shifted = _word("1", (6, 0, 16, 10))  # IoU 4/16 = 0.25
    assert merge_overlaps([a, elsewhere, shifted]) == [a, elsewhere, shifted]
    assert merge_overlaps([a, shifted], iou=0.2) == [a]


def test_merge_of_few_words_and_identical_point_boxes() -> None:
    assert merge_overlaps([]) == []
    point = _word("x", (5, 5, 5, 5))
    assert merge_overlaps([point]) == [point]
    assert merge_overlaps([point, point.model_copy()]) == [point]


def test_merge_scales_to_a_dense_page() -> None:
    words = [
        _word(f"w{row}-{col}", (col * 50, row * 20, col * 50 + 45, row * 20 + 18))
        for row in range(100)
        for col in range(40)
    ]
    assert merge_overlaps(words + words[:10]) == words
