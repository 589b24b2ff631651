"""PopEval: hand-computed cases, tie rules, equivalence with the baselines, real GT, big pages."""

from __future__ import annotations

import importlib.util
import os
import random
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docparse.evaluation.loaders import DatasetFormat, ImageGT, load_text_dir
from docparse.evaluation.popeval import (
    EvalItem,
    ImageScore,
    _Matcher,
    _pop_chars,
    _regions,
    score_dataset,
    score_image,
)
from docparse.evaluation.report import Sample, guided_shares, score, scored_each
from docparse.evaluation.text_metrics import Normalization

REPO = Path(__file__).resolve().parents[1]
POPEVAL_GT = Path(__file__).parent / "fixtures" / "popeval_gt"  # Apache-2.0, see its NOTICE


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


naive = _module(REPO / "benchmarks" / "reference_popeval" / "naive_popeval.py")
speed = _module(REPO / "benchmarks" / "popeval_speed.py")


def box(text: str, x0: float, y0: float, x1: float, y1: float) -> EvalItem:
    return EvalItem(quad=((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text=text)


def counts(score: ImageScore) -> tuple[int, int, int]:
    return score.gt_chars, score.pred_chars, score.matched


def plain(items: Sequence[EvalItem]) -> list[tuple[tuple, str]]:
    return [(item.quad, item.text) for item in items]


def naive_counts(gt: Sequence[EvalItem], pred: Sequence[EvalItem]) -> tuple[int, int, int]:
    return naive.score_counts(plain(gt), plain(pred))


# --- hand-computed cases -------------------------------------------------------------


def test_exact_match() -> None:
    gt = [box("Hello", 0, 0, 50, 10), box("세계", 60, 0, 80, 10)]
    score = score_image(gt, list(reversed(gt)))
    assert counts(score) == (7, 7, 7)
    assert (score.precision, score.recall, score.hmean) == (1.0, 1.0, 1.0)


def test_word_split_into_two_boxes() -> None:
    # both halves are candidates (controversial); "hel" covers 0.6 of the GT box, "lo" 0.4:
    # "hel" pops h, e, l, then "lo" is the only candidate of what is left
    gt = [box("hello", 0, 0, 50, 10)]
    pred = [box("lo", 30, 0, 50, 10), box("hel", 0, 0, 30, 10)]
    assert counts(score_image(gt, pred)) == (5, 5, 5)


def test_two_words_merged_into_one_box() -> None:
    gt = [box("new", 0, 0, 30, 10), box("york", 35, 0, 75, 10)]
    pred = [box("newyork", 0, 0, 75, 10)]
    score = score_image(gt, pred)
    assert counts(score) == (7, 7, 7)
    assert score.hmean == 1.0


def test_wrong_and_missing_characters() -> None:
    gt = [box("hello", 0, 0, 50, 10), box("world", 0, 20, 50, 30)]
    pred = [box("hallo", 1, 1, 49, 9)]
    score = score_image(gt, pred)
    assert counts(score) == (10, 5, 4)  # h, l, l, o
    assert score.precision == pytest.approx(0.8)
    assert score.recall == pytest.approx(0.4)
    assert score.hmean == pytest.approx(2 * 0.8 * 0.4 / 1.2)


def test_prediction_without_shared_character_matches_nothing() -> None:
    score = score_image([box("abc", 0, 0, 30, 10)], [box("xyz", 0, 0, 30, 10)])
    assert counts(score) == (3, 3, 0)


def test_distant_prediction_matches_nothing() -> None:
    # bounding boxes apart by one pixel: no candidate, even with the same text
    score = score_image([box("abc", 0, 0, 30, 10)], [box("abc", 31, 0, 60, 10)])
    assert counts(score) == (3, 3, 0)


def test_touching_bounding_boxes_are_candidates() -> None:
    score = score_image([box("abc", 0, 0, 30, 10)], [box("abc", 30, 0, 60, 10)])
    assert counts(score) == (3, 3, 3)


def test_bounding_boxes_that_meet_are_candidates_even_if_the_quads_do_not() -> None:
    # two thin diagonal quads whose bounding boxes overlap but which do not intersect:
    # the reference finds candidates with an STRtree (envelope) query
    gt = [EvalItem(quad=((0, 0), (2, 0), (12, 10), (10, 10)), text="ab")]
    pred = [EvalItem(quad=((8, 0), (10, 0), (20, 10), (18, 10)), text="ab")]
    assert counts(score_image(gt, pred)) == (2, 2, 2)


def test_dont_care_removes_predictions_mostly_inside() -> None:
    gt = [box("###", 0, 0, 100, 20), box("abc", 200, 0, 230, 10)]
    pred = [
        box("xyz", 10, 0, 50, 10),  # inside: removed, not counted
        box("qq", 90, 0, 130, 10),  # a quarter inside: kept
        box("hh", 80, 0, 120, 10),  # exactly half inside: kept (needs more than half)
        box("abc", 200, 0, 230, 10),
    ]
    score = score_image(gt, pred)
    assert counts(score) == (3, 7, 3)


def test_dont_care_region_is_not_ground_truth() -> None:
    score = score_image([box("###", 0, 0, 10, 10)], [box("###", 50, 50, 60, 60)])
    assert counts(score) == (0, 3, 0)


def test_empty_prediction() -> None:
    score = score_image([box("abc", 0, 0, 30, 10)], [])
    assert counts(score) == (3, 0, 0)
    assert (score.precision, score.recall, score.hmean) == (0.0, 0.0, 0.0)


def test_empty_ground_truth() -> None:
    spurious = score_image([], [box("ab", 0, 0, 10, 10)])
    assert counts(spurious) == (0, 2, 0)
    assert (spurious.precision, spurious.recall) == (0.0, 1.0)
    nothing = score_image([box("", 0, 0, 10, 10)], [])
    assert counts(nothing) == (0, 0, 0)
    assert (nothing.precision, nothing.recall, nothing.hmean) == (1.0, 1.0, 1.0)


def test_normalisation_is_off_by_default() -> None:
    gt = [box("한글", 0, 0, 20, 10)]
    pred = [box(unicodedata.normalize("NFD", "한글"), 0, 0, 20, 10)]
    assert counts(score_image(gt, pred)) == (2, 6, 0)
    assert counts(score_image(gt, pred, normalize=Normalization().apply)) == (2, 2, 2)


def test_pop_chars_takes_left_most_occurrence() -> None:
    assert _pop_chars("ab", "xaya") == ("b", "xya")
    assert _pop_chars("aab", "ba") == ("a", "")


def _matcher(gt: Sequence[EvalItem], pred: Sequence[EvalItem]) -> _Matcher:
    regions = _regions([item.quad for item in [*gt, *pred]], len(gt) * len(pred))
    gt_ids, pred_ids = list(range(len(gt))), list(range(len(gt), len(gt) + len(pred)))
    matcher = _Matcher(
        regions, gt_ids, [item.text for item in gt], pred_ids, [item.text for item in pred]
    )
    matcher.run()
    return matcher


def test_tie_in_distance_goes_to_first_listed_ground_truth() -> None:
    # representative points (15, 5) and (5, 15): both at sqrt(250) from the origin
    right, below = box("a", 10, 0, 20, 10), box("a", 0, 10, 10, 20)
    pred = [box("a", 0, 0, 20, 20)]
    assert _matcher([right, below], pred).gt_texts == ["", "a"]
    assert _matcher([below, right], pred).gt_texts == ["", "a"]


def test_tie_in_overlap_pops_from_each_tied_prediction_in_prediction_order() -> None:
    gt = [box("a", 0, 0, 10, 10)]
    first, second = box("ab", 0, 0, 10, 10), box("ac", 0, 0, 10, 10)
    assert _matcher(gt, [first, second]).pred_texts == ["b", "ac"]
    assert _matcher(gt, [second, first]).pred_texts == ["c", "ab"]


def test_tie_in_overlap_pops_from_all_tied_predictions_before_anything_else() -> None:
    # "aa" ties between two predictions covering it whole: it takes one "a" from each, so
    # the farther GT "a" (which both predictions also cover) is left without a candidate,
    # and the half-covering prediction stays unused. Popping only the first tied prediction
    # would let the farther GT take the second one and "aa" the half-covering one: 3 matched.
    gt = [box("aa", 0, 0, 10, 10), box("a", 12, 0, 20, 10)]
    pred = [box("a", 0, 0, 20, 10), box("a", 0, 0, 20, 10), box("a", 5, 0, 10, 10)]
    assert counts(score_image(gt, pred)) == (3, 3, 2)


def test_controversial_pass_prefers_largest_overlap_ratio() -> None:
    gt = [box("ab", 0, 0, 20, 10)]
    pred = [box("a", 0, 0, 8, 10), box("ab", 5, 0, 20, 10)]  # ratios 0.4 and 0.75
    assert _matcher(gt, pred).pred_texts == ["a", ""]


def test_zero_area_ground_truth_with_several_candidates_does_not_fail() -> None:
    # the reference divides by the GT area here; docparse ties all candidates at ratio 0
    gt = [EvalItem(quad=((0, 0), (10, 0), (20, 0), (5, 0)), text="ab")]
    pred = [box("a", 0, -5, 10, 5), box("b", 5, -5, 20, 5)]
    assert counts(score_image(gt, pred)) == (2, 2, 2)
    assert naive_counts(gt, pred) == (2, 2, 2)


def test_a_prediction_exactly_half_in_a_dont_care_box_is_kept_as_the_reference_keeps_it() -> None:
    # found by hypothesis: GEOS gives pred ∩ box 2.5000000000000004 of 5 but box ∩ pred 2.5,
    # the reference's order; an exact half is not "more than half"
    gt = [EvalItem(quad=((7, 0), (16, -3), (16, 5), (7, 8)), text="###")]
    pred = [EvalItem(quad=((9, 5), (14, 7), (14, 8), (9, 6)), text="###")]
    assert counts(score_image(gt, pred)) == naive_counts(gt, pred) == (0, 3, 0)


# --- equivalence with the baselines ----------------------------------------------------

TEXTS = st.one_of(st.just("###"), st.text(alphabet="ab가나#1 ", max_size=5))


@st.composite
def items(draw: st.DrawFn, max_size: int = 12) -> list[EvalItem]:
    """Boxes on a small integer grid (many overlaps, touching edges and distance ties),
    some skewed, some degenerate, corners in any order."""
    result = []
    for _ in range(draw(st.integers(0, max_size))):
        x, y = draw(st.integers(0, 40)), draw(st.integers(0, 40))
        w, h, skew = draw(st.integers(0, 25)), draw(st.integers(0, 15)), draw(st.integers(-5, 5))
        corners = ((x, y), (x + w, y + skew), (x + w, y + h + skew), (x, y + h))
        order = draw(st.permutations(range(4)))
        result.append(EvalItem(quad=tuple(corners[i] for i in order), text=draw(TEXTS)))
    return result


@st.composite
def scenes(draw: st.DrawFn) -> tuple[list[EvalItem], list[EvalItem]]:
    """Ground truth and predictions made from it: jittered, with texts edited, plus noise."""
    gt = draw(items())
    pred = draw(items(max_size=4))
    for item in gt:
        if draw(st.booleans()):
            dx, dy = draw(st.integers(-3, 3)), draw(st.integers(-3, 3))
            quad = tuple((x + dx, y + dy) for x, y in item.quad)
            text = item.text if draw(st.booleans()) else draw(TEXTS)
            pred.append(EvalItem(quad=quad, text=text))
    return gt, draw(st.permutations(pred))


@settings(max_examples=100, deadline=None)
@given(items(), items())
def test_same_counts_as_naive_baseline_on_random_boxes(
    gt: list[EvalItem], pred: list[EvalItem]
) -> None:
    assert counts(score_image(gt, pred)) == naive_counts(gt, pred)


@settings(max_examples=100, deadline=None)
@given(scenes())
def test_same_counts_as_naive_baseline_on_perturbed_ground_truth(
    scene: tuple[list[EvalItem], list[EvalItem]],
) -> None:
    gt, pred = scene
    assert counts(score_image(gt, pred)) == naive_counts(gt, pred)


def _random_scene(rng: random.Random) -> tuple[list[EvalItem], list[EvalItem]]:
    alphabet = "aab cdeé한국어가나다1"

    def item() -> EvalItem:
        x, y, w, h = (
            rng.randint(0, 200),
            rng.randint(0, 200),
            rng.randint(1, 60),
            rng.randint(1, 30),
        )
        text = "###" if rng.random() < 0.1 else "".join(rng.choices(alphabet, k=rng.randint(0, 5)))
        return box(text, x, y, x + w, y + h)

    gt = [item() for _ in range(rng.randint(0, 25))]
    pred = [item() for _ in range(rng.randint(0, 25))]
    for g in gt:
        if rng.random() < 0.5 and g.text != "###":
            quad = tuple((x + rng.randint(-4, 4), y + rng.randint(-4, 4)) for x, y in g.quad)
            pred.append(EvalItem(quad=quad, text=g.text))
    rng.shuffle(pred)
    return gt, pred


# --- real ground truth -----------------------------------------------------------------


def _popeval_gt(name: str) -> list[list[EvalItem]]:
    dataset = load_text_dir(POPEVAL_GT / name / "Test", DatasetFormat.POPEVAL)
    assert dataset.all_warnings() == []
    return [image.items for image in dataset.images]


def test_ic15_ground_truth_against_itself_matches_the_reference() -> None:
    # some real characters lie mostly inside ### boxes and are removed as predictions
    images = _popeval_gt("IC15_incidental_scene")
    score = score_dataset([(gt, gt) for gt in images])
    assert (score.gt_chars, score.pred_chars, score.matched) == (10976, 10946, 10946)
    assert round(100 * score.recall, 2) == 99.73
    assert score.precision == 1.0
    assert len(score.images) == 500


def test_ic13_ground_truth_against_itself_is_perfect() -> None:
    images = _popeval_gt("IC13_focused_scene")
    score = score_dataset([(gt, gt) for gt in images])
    assert (score.gt_chars, score.matched, score.hmean) == (5851, 5851, 1.0)


def test_ic15_perturbed_predictions_match_naive_baseline() -> None:
    rng = random.Random(11)
    pairs = [(gt, speed.perturb(gt, rng)) for gt in _popeval_gt("IC15_incidental_scene")[:80]]
    score = score_dataset(pairs)
    assert 0 < score.matched < score.gt_chars
    for (gt, pred), image in zip(pairs, score.images, strict=True):
        assert counts(image) == naive_counts(gt, pred)


@pytest.mark.parametrize(("count", "workers"), [(0, 2), (1, 2), (3, 2), (500, 2), (977, 16)])
def test_guided_shares_cover_the_items_in_order_largest_first(count: int, workers: int) -> None:
    # the forked scorers' shares: every item once, in order; each share a fraction of what
    # is left, so sizes never grow and the last shares are single items (workers end
    # together); few shares (round trips) for many items
    shares = guided_shares(count, workers)
    assert [i for start, stop in shares for i in range(start, stop)] == list(range(count))
    sizes = [stop - start for start, stop in shares]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1:] == ([1] if count else [])
    assert len(shares) <= max(count, 4 * workers * max(1, count).bit_length())
    if count == 500:
        assert sizes[0] == 125 and len(shares) == 20


def test_scoring_on_forked_workers_gives_the_serial_scores() -> None:
    # report.score with workers > 1 scores shares of the images in processes forked from
    # this one (the worker pool's "fork" kind): the same per-image scores, in order, and
    # the same totals, raw and normalised
    rng = random.Random(5)
    gts = load_text_dir(POPEVAL_GT / "IC15_incidental_scene" / "Test", DatasetFormat.POPEVAL)
    samples = [
        Sample(image.source.stem, image, speed.perturb(image.items, rng), "ok")
        for image in gts.images[:24]
    ]
    serial = score(samples, Normalization(), workers=1)
    assert score(samples, Normalization(), workers=3) == serial
    assert serial[1].popeval_normalized is not None and serial[1].popeval.matched > 0


# --- a 3,000-word page -------------------------------------------------------------------

SYLLABLES = "가나다라마바사아자차카타파하국어문서abcdefghij0123"


def _block(rng: random.Random, left: int, top: int) -> tuple[list[EvalItem], list[EvalItem]]:
    """100 words in 10 rows; predictions jittered, edited, merged and dropped."""
    gt = []
    for i in range(100):
        x, y = left + (i % 10) * 60, top + (i // 10) * 30
        text = "".join(rng.choices(SYLLABLES, k=rng.randint(1, 6)))
        gt.append(box(text, x, y, x + 50, y + 20))
    pred, i = [], 0
    while i < len(gt):
        roll = rng.random()
        words = gt[i : i + 2] if roll < 0.1 else gt[i : i + 1]
        i += len(words)
        if roll > 0.95:
            continue
        x0, y0 = words[0].quad[0]
        x1, y1 = words[-1].quad[2]
        text = "".join(w.text for w in words)
        if rng.random() < 0.3:
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(SYLLABLES) + text[at + 1 :]
        j = [rng.randint(-6, 6) for _ in range(4)]
        pred.append(box(text, x0 + j[0], y0 + j[1], x1 + j[2], y1 + j[3]))
    rng.shuffle(pred)
    return gt, pred


def test_three_thousand_word_page_equals_its_parts() -> None:
    # far more matching steps than the reference's recursion allows (it loses such pages)
    rng = random.Random(3000)
    blocks = [_block(rng, (b % 6) * 1000, (b // 6) * 1000) for b in range(30)]
    gt = [item for block_gt, _ in blocks for item in block_gt]
    pred = [item for _, block_pred in blocks for item in block_pred]
    assert len(gt) == 3000

    perfect = score_image(gt, list(reversed(gt)))
    assert perfect.matched == perfect.gt_chars == perfect.pred_chars
    assert perfect.hmean == 1.0

    whole = score_image(gt, pred)
    parts = [score_image(block_gt, block_pred) for block_gt, block_pred in blocks]
    assert counts(whole) == tuple(sum(c) for c in zip(*map(counts, parts), strict=True))
    assert 0 < whole.matched < whole.gt_chars
    for (block_gt, block_pred), part in list(zip(blocks, parts, strict=True))[:2]:
        assert counts(part) == naive_counts(block_gt, block_pred)


def test_scored_each_reads_every_item_in_a_forked_worker_and_keeps_their_order() -> None:
    # the worker pool's forks read (not only score) their shares; this process only waits,
    # and starts its own work (meanwhile) once they are forked
    def read(n: int) -> Sample:
        item = EvalItem(((0, 0), (10, 0), (10, 10), (0, 10)), "AB")
        gt = ImageGT.model_construct(source=Path(f"{n}.txt"), image=None, items=[item], warnings=[])
        return Sample(f"{n}:{os.getpid()}", gt, [item] if n % 2 else [], "ok")

    started: list[int] = []
    results = scored_each(list(range(9)), read, None, 2, lambda: started.append(os.getpid()))
    names = [result.name.split(":") for result in results]
    assert [int(n) for n, _ in names] == list(range(9))
    assert str(os.getpid()) not in {pid for _, pid in names}
    assert started == [os.getpid()]
    assert [result.popeval.matched for result in results] == [0, 2] * 4 + [0]
