"""PopEval: character-level end-to-end OCR scoring (Lee et al., ICDAR 2019).

Implements the metric as stated in ``/work/shared/popeval.md`` and reproduces the scores of
the authors' reference implementation (naver/popeval, ``popEval.py``), including the details
that page leaves implicit and the reference code settles:

* a prediction is a candidate of a GT item when their *bounding boxes* intersect (touching
  included; the reference finds pairs with an STRtree query, which compares envelopes) and
  their texts share a character;
* candidates are kept in prediction order; ties in distance to the origin go to the GT item
  listed first; ties in intersection / GT-area ratio pop from every tied prediction in
  candidate order;
* matching ends when no GT item has any candidate (what the reference computed under the
  numpy of its time; numpy >= 1.24 makes the reference raise on most real pages instead).

Unlike the reference, the matching here is iterative (no recursion limit on large pages),
updates candidates incrementally instead of rebuilding them after every step, and scores a
GT box of zero area with ratio 0 for every candidate (the reference divides by zero there).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial

import numpy as np
import shapely
from pydantic import BaseModel

from docparse.model import Quad

DONT_CARE = "###"
_ORIGIN = shapely.Point(0.0, 0.0)
# A bounding-box overlap this much below a threshold cannot hide an exact intersection area
# above it, whatever the rounding of either.
_BOUND_MARGIN = 1 - 1e-6

Normalizer = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class EvalItem:
    """One ground-truth or predicted text region: a 4-point box and its text.

    A frozen dataclass, not a pydantic model: a dataset holds tens of thousands of them
    (IC15: 14k GT characters) and building a model each took longer than reading its line.
    The loaders check every value they read; pydantic validates items where they cross a
    file boundary inside a model (the prediction cache, reports)."""

    quad: Quad
    text: str


class ImageScore(BaseModel):
    """Character counts and ratios of one image (see :func:`score_image`)."""

    gt_chars: int
    pred_chars: int
    matched: int
    precision: float
    recall: float
    hmean: float


class DatasetScore(BaseModel):
    """Micro-averaged scores over images (what the papers report) and per-image scores."""

    gt_chars: int
    pred_chars: int
    matched: int
    precision: float
    recall: float
    hmean: float
    images: list[ImageScore]


def _divide(numerator: float, denominator: float) -> float:
    return 0.0 if denominator == 0 else numerator / denominator


def _hmean(precision: float, recall: float) -> float:
    return _divide(2 * (precision * recall), precision + recall)


def _polygons(items: Sequence[EvalItem]) -> np.ndarray:
    """Convex hulls of the items' quads.

    The reference takes the hull of a MultiPoint of the 4 points; GEOS gives the identical
    hull for the (possibly self-crossing) polygon through the same points in the same order,
    which is much cheaper to build.
    """
    flat = [value for item in items for point in item.quad for value in point]
    return shapely.convex_hull(shapely.polygons(np.array(flat, dtype=np.float64).reshape(-1, 4, 2)))


def _outside_dont_care(preds: np.ndarray, dont_care: np.ndarray) -> np.ndarray:
    """Mask of the predictions *not* covered more than half by some don't-care box."""
    keep = np.ones(len(preds), dtype=bool)
    if len(preds) == 0 or len(dont_care) == 0:
        return keep
    pred_idx, dc_idx = shapely.STRtree(dont_care).query(preds)
    pred_area = shapely.area(preds)[pred_idx]
    pred_box, dc_box = shapely.bounds(preds)[pred_idx], shapely.bounds(dont_care)[dc_idx]
    sides = np.minimum(pred_box[:, 2:], dc_box[:, 2:]) - np.maximum(pred_box[:, :2], dc_box[:, :2])
    box_overlap = np.prod(np.clip(sides, 0, None), axis=1)
    maybe = (pred_area > 0) & (box_overlap >= 0.5 * pred_area * _BOUND_MARGIN)
    pred_idx, dc_idx, pred_area = pred_idx[maybe], dc_idx[maybe], pred_area[maybe]
    inter = shapely.area(shapely.intersection(dont_care[dc_idx], preds[pred_idx]))
    keep[pred_idx[inter / pred_area > 0.5]] = False
    return keep


def _pop_chars(gt_text: str, pred_text: str) -> tuple[str, str]:
    """Matches GT characters left to right against the left-most equal prediction character.

    Returns the unmatched GT characters and the prediction text without the matched ones.
    """
    left: list[str] = []
    for char in gt_text:
        at = pred_text.find(char)
        if at < 0:
            left.append(char)
        else:
            pred_text = pred_text[:at] + pred_text[at + 1 :]
    return "".join(left), pred_text


class _Matcher:
    """The non-controversial / controversial popping loop over one image.

    Candidate relations only ever disappear (texts only lose characters), so each step
    re-checks the pairs of the GT item and predictions it touched, and the heaps of GT items
    with one / several candidates only need entries pushed when a count drops to 1.
    """

    def __init__(
        self,
        gt_polys: np.ndarray,
        gt_texts: list[str],
        pred_polys: np.ndarray,
        pred_texts: list[str],
    ) -> None:
        self.gt_texts = gt_texts
        self.pred_texts = pred_texts
        self.candidates: list[set[int]] = [set() for _ in gt_texts]
        self.holders: list[set[int]] = [set() for _ in pred_texts]
        self.gt_sets = [set(text) for text in gt_texts]
        if len(gt_texts) and len(pred_texts):
            pred_idx, gt_idx = shapely.STRtree(gt_polys).query(pred_polys)
            for p, g in zip(pred_idx.tolist(), gt_idx.tolist(), strict=True):
                if not self.gt_sets[g].isdisjoint(pred_texts[p]):
                    self.candidates[g].add(p)
                    self.holders[p].add(g)
        self.gt_polys, self.pred_polys = gt_polys, pred_polys
        self.gt_areas = shapely.area(gt_polys).tolist()
        self.gt_bounds = shapely.bounds(gt_polys).tolist()
        self.pred_bounds = shapely.bounds(pred_polys).tolist()
        self.ratios: dict[tuple[int, int], float] = {}
        dist = shapely.distance(_ORIGIN, shapely.point_on_surface(gt_polys)).tolist()
        self.keys = [(d, g) for g, d in enumerate(dist)]
        self.single = [self.keys[g] for g, c in enumerate(self.candidates) if len(c) == 1]
        self.multi = [self.keys[g] for g, c in enumerate(self.candidates) if len(c) >= 2]
        heapq.heapify(self.single)
        heapq.heapify(self.multi)

    def _nearest(self, heap: list[tuple[float, int]], several: bool) -> int | None:
        """Nearest GT item to the origin with exactly one (or with several) candidates."""
        while heap:
            g = heap[0][1]
            count = len(self.candidates[g])
            if (count >= 2) if several else (count == 1):
                return g
            heapq.heappop(heap)
        return None

    def _pop(self, g: int, preds: list[int]) -> None:
        """Pops the characters of GT item ``g`` from each of ``preds`` in turn, then drops
        the candidate pairs that no longer share a character.

        Afterwards ``g`` shares no character with any of ``preds``: its remaining characters
        were missing from each of them, and they have only lost characters since.
        """
        candidates, holders, gt_sets, pred_texts = (
            self.candidates,
            self.holders,
            self.gt_sets,
            self.pred_texts,
        )
        text = self.gt_texts[g]
        for p in preds:
            text, pred_texts[p] = _pop_chars(text, pred_texts[p])
        self.gt_texts[g] = text
        chars = gt_sets[g] = set(text)
        mine = candidates[g]
        for p in preds:
            mine.discard(p)
            holders[p].discard(g)
        for p in [p for p in mine if chars.isdisjoint(pred_texts[p])]:
            mine.discard(p)
            holders[p].discard(g)
        if len(mine) == 1:  # only after a controversial step: it had several
            heapq.heappush(self.single, self.keys[g])
        for p in preds:
            held, pred_text = holders[p], pred_texts[p]
            for other in [o for o in held if gt_sets[o].isdisjoint(pred_text)]:
                held.discard(other)
                theirs = candidates[other]
                theirs.discard(p)
                if len(theirs) == 1:
                    heapq.heappush(self.single, self.keys[other])

    def _exact_ratios(self, g: int, preds: list[int]) -> list[float]:
        """Intersection / GT-area ratios of ``preds`` with GT item ``g`` (cached)."""
        missing = [p for p in preds if (g, p) not in self.ratios]
        if missing:
            inter = shapely.area(shapely.intersection(self.pred_polys[missing], self.gt_polys[g]))
            ratios = (inter / self.gt_areas[g]).tolist()
            self.ratios.update(zip([(g, p) for p in missing], ratios, strict=True))
        return [self.ratios[g, p] for p in preds]

    def _best_overlaps(self, g: int) -> list[int]:
        """Candidates of ``g`` with the largest intersection / GT-area ratio, in order.

        Exact intersections are costly, so they are computed only for the candidate with
        the largest bounding-box overlap and for those whose bounding-box overlap could
        still reach its ratio.
        """
        preds = sorted(self.candidates[g])
        area = self.gt_areas[g]
        if area == 0:
            return preds
        x0, y0, x1, y1 = self.gt_bounds[g]
        bounds = []
        for p in preds:
            px0, py0, px1, py1 = self.pred_bounds[p]
            width = max(0.0, min(x1, px1) - max(x0, px0))
            bounds.append(width * max(0.0, min(y1, py1) - max(y0, py0)) / area)
        (best,) = self._exact_ratios(g, [preds[bounds.index(max(bounds))]])
        contenders = [
            p for p, bound in zip(preds, bounds, strict=True) if bound >= best * _BOUND_MARGIN
        ]
        ratios = self._exact_ratios(g, contenders)
        best = max(ratios)
        return [p for p, ratio in zip(contenders, ratios, strict=True) if ratio == best]

    def run(self) -> int:
        """Pops until no GT item has a candidate; returns the GT characters left over."""
        while True:
            g = self._nearest(self.single, several=False)
            if g is not None:
                self._pop(g, list(self.candidates[g]))
                continue
            g = self._nearest(self.multi, several=True)
            if g is None:
                return sum(len(text) for text in self.gt_texts)
            self._pop(g, self._best_overlaps(g))


def _image_score(gt_chars: int, pred_chars: int, matched: int) -> ImageScore:
    if gt_chars == 0:
        recall = 1.0
        precision = 0.0 if pred_chars > 0 else 1.0
    else:
        precision = _divide(matched, pred_chars)
        recall = matched / gt_chars
    return ImageScore(
        gt_chars=gt_chars,
        pred_chars=pred_chars,
        matched=matched,
        precision=precision,
        recall=recall,
        hmean=_hmean(precision, recall),
    )


def score_image(
    gt: Sequence[EvalItem],
    pred: Sequence[EvalItem],
    normalize: Normalizer | None = None,
) -> ImageScore:
    """PopEval counts and ratios of one image.

    ``normalize`` (e.g. NFC, case folding) is applied to every text first; GT items whose
    text is then empty are dropped, and GT items whose text is ``###`` are don't-care regions.
    """
    norm = normalize or (lambda text: text)
    gt_texts = [norm(item.text) for item in gt]
    pred_texts = [norm(item.text) for item in pred]
    kept = [i for i, text in enumerate(gt_texts) if text]
    polys = _polygons([*(gt[i] for i in kept), *pred])
    gt_polys, pred_polys = polys[: len(kept)], polys[len(kept) :]
    dont_care = np.array([gt_texts[i] == DONT_CARE for i in kept], dtype=bool)
    gt_texts = [gt_texts[i] for i in kept if gt_texts[i] != DONT_CARE]
    keep = _outside_dont_care(pred_polys, gt_polys[dont_care])
    pred_texts = [text for text, k in zip(pred_texts, keep, strict=True) if k]
    gt_chars = sum(len(text) for text in gt_texts)
    pred_chars = sum(len(text) for text in pred_texts)
    left = _Matcher(gt_polys[~dont_care], gt_texts, pred_polys[keep], pred_texts).run()
    return _image_score(gt_chars, pred_chars, gt_chars - left)


def score_dataset(
    pairs: Iterable[tuple[Sequence[EvalItem], Sequence[EvalItem]]],
    workers: int = 1,
    normalize: Normalizer | None = None,
) -> DatasetScore:
    """Scores (ground truth, prediction) pairs, one per image; micro-averaged totals.

    With ``workers > 1`` the images are scored in a process pool (``normalize`` must then
    be picklable: a module-level function or a bound method of a picklable object).
    """
    gts, preds = [], []
    for gt, pred in pairs:
        gts.append(gt)
        preds.append(pred)
    score = partial(score_image, normalize=normalize)
    if workers > 1 and len(gts) > 1:
        chunk = max(1, len(gts) // (workers * 8))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            images = list(pool.map(score, gts, preds, chunksize=chunk))
    else:
        images = list(map(score, gts, preds))
    gt_chars = sum(image.gt_chars for image in images)
    pred_chars = sum(image.pred_chars for image in images)
    matched = sum(image.matched for image in images)
    precision = _divide(matched, pred_chars)
    recall = _divide(matched, gt_chars)
    return DatasetScore(
        gt_chars=gt_chars,
        pred_chars=pred_chars,
        matched=matched,
        precision=precision,
        recall=recall,
        hmean=_hmean(precision, recall),
        images=images,
    )
