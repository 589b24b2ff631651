"""PopEval's plain-Python geometry gives GEOS's numbers, and scores as the GEOS path does."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from docparse.evaluation import popeval
from docparse.evaluation.loaders import DatasetFormat, load_text_dir
from docparse.evaluation.popeval import EvalItem, score_image
from docparse.evaluation.popeval_geos import GeosRegions
from docparse.evaluation.popeval_plain import NEAR, PlainRegions, plain_regions

IC15 = Path(__file__).parent / "fixtures" / "popeval_gt" / "IC15_incidental_scene" / "Test"


def _ic15() -> list[list[EvalItem]]:
    return [image.items for image in load_text_dir(IC15, DatasetFormat.POPEVAL).images]


def _quad(rng: random.Random) -> tuple[tuple[float, float], ...]:
    """Axis-aligned boxes, jittered (convex, concave or self-crossing) quads in any corner
    order, and four random points."""
    x, y, w, h = rng.randint(0, 200), rng.randint(0, 200), rng.randint(1, 50), rng.randint(1, 30)
    corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    kind = rng.random()
    if kind < 0.3:
        points = corners
    elif kind < 0.8:
        points = [(cx + rng.randint(-6, 6), cy + rng.randint(-6, 6)) for cx, cy in corners]
        if rng.random() < 0.3:
            rng.shuffle(points)
    else:
        points = [(rng.randint(0, 200), rng.randint(0, 200)) for _ in range(4)]
    return tuple((float(px), float(py)) for px, py in points)


def _random_images(seed: int, count: int) -> list[list[tuple[tuple[float, float], ...]]]:
    rng = random.Random(seed)
    return [[_quad(rng) for _ in range(rng.randint(2, 25))] for _ in range(count)]


def _both(quads: list) -> tuple[PlainRegions, GeosRegions]:
    plain = plain_regions(quads)
    assert plain is not None
    return plain, GeosRegions(quads)


def test_areas_bounds_and_representative_points_are_geos_on_real_quads() -> None:
    images = [[item.quad for item in items] for items in _ic15()]
    for quads in images:
        plain, geos = _both(quads)
        everything = list(range(len(quads)))
        assert plain.areas == geos.areas
        assert plain.bounds == geos.bounds
        assert plain.distances(everything) == geos.distances(everything)  # bit for bit


def test_plain_geometry_is_geos_on_random_quads() -> None:
    exact = inexact = 0
    for quads in _random_images(seed=3, count=300):
        plain = plain_regions(quads)
        if plain is None:  # a hull without area: the GEOS path's case
            continue
        geos = GeosRegions(quads)
        everything = list(range(len(quads)))
        assert plain.areas == geos.areas
        assert plain.distances(everything) == geos.distances(everything)
        half = len(quads) // 2
        queries, targets = everything[:half], everything[half:]
        assert sorted(plain.box_pairs(queries, targets)) == sorted(geos.box_pairs(queries, targets))
        for i in everything:
            areas, exactly = plain.overlaps(i, everything)
            reference = geos.exact_overlaps(i, everything)
            for area, is_exact, expected in zip(areas, exactly, reference, strict=True):
                if is_exact:
                    exact += 1
                    assert area == expected
                else:
                    inexact += 1
                    assert abs(area - expected) <= 1e-9 * plain.areas[i]
    assert exact > 1000 and inexact > 100  # both kinds were exercised


def test_quads_outside_the_exact_case_are_left_to_geos() -> None:
    square = ((0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0))
    assert plain_regions([square]) is not None
    assert plain_regions([square, ((0.5, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0))]) is None
    assert plain_regions([square, ((0.0, 0.0), (4.0, 0.0), (8.0, 0.0), (2.0, 0.0))]) is None
    assert plain_regions([square, ((0.0, 0.0), (2.0**24, 0.0), (0.0, 4.0), (0.0, 4.0))]) is None
    assert plain_regions([((0.0, 0.0), (float("nan"), 0.0), (4.0, 4.0), (0.0, 4.0))]) is None


def _scores(pairs: list[tuple[list[EvalItem], list[EvalItem]]]) -> list[popeval.ImageScore]:
    return [score_image(gt, pred) for gt, pred in pairs]


def _jittered(items: list[EvalItem], rng: random.Random) -> list[EvalItem]:
    """Predictions: each GT item's quad shifted, some rotated a little, texts edited."""
    pred = []
    for item in items:
        quad = tuple((x + rng.randint(-3, 3), y + rng.randint(-3, 3)) for x, y in item.quad)
        text = item.text if rng.random() < 0.7 else item.text[:1] + "x"
        pred.append(EvalItem(quad=quad, text=text))
    rng.shuffle(pred)
    return pred


def test_scores_equal_the_geos_path_on_real_ground_truth(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(17)
    pairs = [(gt, _jittered(gt, rng)) for gt in _ic15()[:120]]
    assert all(plain_regions([i.quad for i in gt + pred]) is not None for gt, pred in pairs)
    plain = _scores(pairs)
    monkeypatch.setattr(popeval, "plain_regions", lambda quads: None)
    assert _scores(pairs) == plain


def test_near_tie_of_inexact_ratios_is_settled_by_geos(monkeypatch: pytest.MonkeyPatch) -> None:
    # two predictions cut the same tilted GT box along edges that cross it at points that
    # are not integers: equal floating-point ratios that only GEOS can order
    gt = [EvalItem(quad=((0, 0), (10, 3), (7, 13), (-3, 10)), text="ab")]
    pred = [
        EvalItem(quad=((2, -5), (20, -5), (20, 20), (2, 20)), text="ab"),
        EvalItem(quad=((2, -5), (20, -5), (20, 20), (2, 20)), text="a"),
    ]
    asked = []
    exact = PlainRegions.exact_overlaps

    def spy(self: PlainRegions, i: int, others: list[int]) -> list[float]:
        asked.append(list(others))
        return exact(self, i, others)

    monkeypatch.setattr(PlainRegions, "exact_overlaps", spy)
    plain = score_image(gt, pred)
    assert asked  # the tie went to GEOS
    areas, exactly = plain_regions([item.quad for item in gt + pred]).overlaps(0, [1, 2])
    assert not any(exactly) and abs(areas[0] - areas[1]) <= NEAR
    monkeypatch.setattr(popeval, "plain_regions", lambda quads: None)
    assert score_image(gt, pred) == plain


def test_scoring_integer_boxes_imports_neither_numpy_nor_shapely() -> None:
    code = (
        "import sys\n"
        "from docparse.evaluation.popeval import EvalItem, score_image\n"
        "box = EvalItem(quad=((0, 0), (9, 0), (9, 5), (0, 5)), text='ab')\n"
        "tilted = EvalItem(quad=((1, 0), (9, 1), (8, 6), (0, 5)), text='ab')\n"
        "assert score_image([box, tilted], [tilted, box]).hmean == 1.0\n"
        "print(sorted({'numpy', 'shapely'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
