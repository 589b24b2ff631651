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

The geometry (hulls, areas, representative points, intersections) is GEOS's, computed by
:mod:`.popeval_geos` (shapely) or, for images of integer coordinates, with the same numbers
in plain Python by :mod:`.popeval_plain`, which needs neither numpy nor shapely.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

# Quad: the coordinate type of docparse.model (without its schema description), so that
# scoring prediction files does not import the document model.
from docparse.evaluation.popeval_plain import MAX_PAIRS, NEAR, Quad, Regions, plain_regions

DONT_CARE = "###"
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


def _regions(quads: Sequence[Quad], pairs: int) -> Regions:
    """The image's regions in plain Python when its quads allow it (see
    :mod:`.popeval_plain`), else through GEOS (numpy and shapely imported then)."""
    regions = plain_regions(quads) if pairs <= MAX_PAIRS else None
    if regions is not None:
        return regions
    from docparse.evaluation.popeval_geos import GeosRegions

    return GeosRegions(quads)


def _outside_dont_care(regions: Regions, preds: list[int], dont_care: list[int]) -> list[int]:
    """The predictions *not* covered more than half by some don't-care box."""
    if not preds or not dont_care:
        return preds
    areas, bounds = regions.areas, regions.bounds
    covered = set()
    for p_at, d_at in regions.box_pairs(preds, dont_care):
        p, d = preds[p_at], dont_care[d_at]
        pred_area = areas[p]
        if p in covered or pred_area <= 0:
            continue
        px0, py0, px1, py1 = bounds[p]
        dx0, dy0, dx1, dy1 = bounds[d]
        box_overlap = max(0.0, min(px1, dx1) - max(px0, dx0)) * max(
            0.0, min(py1, dy1) - max(py0, dy0)
        )
        if box_overlap < 0.5 * pred_area * _BOUND_MARGIN:
            continue
        # as the reference: the don't-care box's intersection with the prediction (GEOS's
        # area of an intersection can differ in its last bit with the operands' order, and
        # an exact half is not "more than half")
        (inter,), (exact,) = regions.overlaps(p, [d])
        if not exact and abs(inter / pred_area - 0.5) <= NEAR:
            (inter,) = regions.exact_overlaps(p, [d])
        if inter / pred_area > 0.5:
            covered.add(p)
    return [p for p in preds if p not in covered]


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

    ``gt_ids`` and ``pred_ids`` are the regions of the GT items and predictions; the
    matcher's own indices are positions in those lists. Candidate relations only ever
    disappear (texts only lose characters), so each step re-checks the pairs of the GT item
    and predictions it touched, and the heaps of GT items with one / several candidates only
    need entries pushed when a count drops to 1.
    """

    def __init__(
        self,
        regions: Regions,
        gt_ids: list[int],
        gt_texts: list[str],
        pred_ids: list[int],
        pred_texts: list[str],
    ) -> None:
        self.regions = regions
        self.gt_ids, self.pred_ids = gt_ids, pred_ids
        self.gt_texts = gt_texts
        self.pred_texts = pred_texts
        self.candidates: list[set[int]] = [set() for _ in gt_texts]
        self.holders: list[set[int]] = [set() for _ in pred_texts]
        self.gt_sets = [set(text) for text in gt_texts]
        for p, g in regions.box_pairs(pred_ids, gt_ids):
            if not self.gt_sets[g].isdisjoint(pred_texts[p]):
                self.candidates[g].add(p)
                self.holders[p].add(g)
        self.gt_areas = [regions.areas[i] for i in gt_ids]
        self.gt_bounds = [regions.bounds[i] for i in gt_ids]
        self.pred_bounds = [regions.bounds[i] for i in pred_ids]
        self.ratios: dict[tuple[int, int], tuple[float, bool]] = {}
        # heap keys: only GT items with candidates ever enter a heap (candidates only go)
        held = [g for g, c in enumerate(self.candidates) if c]
        dist = regions.distances([gt_ids[g] for g in held]) if held else []
        self.keys = {g: (d, g) for g, d in zip(held, dist, strict=True)}
        self.single = [self.keys[g] for g in held if len(self.candidates[g]) == 1]
        self.multi = [self.keys[g] for g in held if len(self.candidates[g]) >= 2]
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
        if not text:  # every character matched (the usual case): no candidate is left
            for p in mine:
                holders[p].discard(g)
            mine.clear()
        else:
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

    def _ratios(self, g: int, preds: list[int]) -> list[tuple[float, bool]]:
        """Intersection / GT-area ratios of ``preds`` with GT item ``g``, each with whether
        it is exactly GEOS's (cached)."""
        missing = [p for p in preds if (g, p) not in self.ratios]
        if missing:
            region, area = self.gt_ids[g], self.gt_areas[g]
            inter, exact = self.regions.overlaps(region, [self.pred_ids[p] for p in missing])
            for p, value, is_exact in zip(missing, inter, exact, strict=True):
                self.ratios[g, p] = (value / area, is_exact)
        return [self.ratios[g, p] for p in preds]

    def _most(self, g: int, preds: list[int]) -> list[int]:
        """The predictions of largest ratio among ``preds``, with GEOS's numbers: inexact
        ratios decide alone only when no other ratio comes within :data:`NEAR`."""
        ratios = self._ratios(g, preds)
        top = max(value for value, _ in ratios)
        near = [at for at, (value, _) in enumerate(ratios) if value >= top - NEAR]
        if len(near) > 1 and not all(ratios[at][1] for at in near):
            tied = [preds[at] for at in near]
            exact = [
                value / self.gt_areas[g]
                for value in self.regions.exact_overlaps(
                    self.gt_ids[g], [self.pred_ids[p] for p in tied]
                )
            ]
            for p, value in zip(tied, exact, strict=True):
                self.ratios[g, p] = (value, True)
            best = max(exact)
            return [p for p, value in zip(tied, exact, strict=True) if value == best]
        best = max(ratios[at][0] for at in near)
        return [preds[at] for at in near if ratios[at][0] == best]

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
        ((best, _),) = self._ratios(g, [preds[bounds.index(max(bounds))]])
        contenders = [
            p for p, bound in zip(preds, bounds, strict=True) if bound >= best * _BOUND_MARGIN
        ]
        return self._most(g, contenders)

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
    regions = _regions(
        [*(gt[i].quad for i in kept), *(item.quad for item in pred)], len(kept) * len(pred)
    )
    dont_care = [at for at, i in enumerate(kept) if gt_texts[i] == DONT_CARE]
    gt_ids = [at for at, i in enumerate(kept) if gt_texts[i] != DONT_CARE]
    gt_texts = [gt_texts[kept[at]] for at in gt_ids]
    preds = _outside_dont_care(regions, [len(kept) + j for j in range(len(pred))], dont_care)
    pred_texts = [pred_texts[p - len(kept)] for p in preds]
    gt_chars = sum(len(text) for text in gt_texts)
    pred_chars = sum(len(text) for text in pred_texts)
    left = _Matcher(regions, gt_ids, gt_texts, preds, pred_texts).run()
    return _image_score(gt_chars, pred_chars, gt_chars - left)


def score_dataset(
    pairs: Iterable[tuple[Sequence[EvalItem], Sequence[EvalItem]]],
    normalize: Normalizer | None = None,
) -> DatasetScore:
    """Scores (ground truth, prediction) pairs, one per image; micro-averaged totals.
    (``docparse eval`` scores its images on the worker pool: ``evaluation.report.score``.)"""
    images = [score_image(gt, pred, normalize=normalize) for gt, pred in pairs]
    return DatasetScore(**micro_average(images).model_dump(), images=images)


def micro_average(images: Sequence[ImageScore]) -> ImageScore:
    """The images' characters summed, then the ratios (what the papers report)."""
    gt_chars = sum(image.gt_chars for image in images)
    pred_chars = sum(image.pred_chars for image in images)
    matched = sum(image.matched for image in images)
    precision = _divide(matched, pred_chars)
    recall = _divide(matched, gt_chars)
    return ImageScore(
        gt_chars=gt_chars,
        pred_chars=pred_chars,
        matched=matched,
        precision=precision,
        recall=recall,
        hmean=_hmean(precision, recall),
    )
