"""Deliberately naive PopEval, the comparison baseline for ``docparse.evaluation.popeval``.

A direct, step-by-step transcription of /work/shared/popeval.md plus the details that the
authors' reference implementation (naver/popeval, ``popEval.py``, Apache-2.0) settles and the
page leaves implicit (see README.md next to this file). It is written for obviousness, not
speed: every step rebuilds the candidate lists from scratch, as the reference does. It is not
a copy of the reference code; unlike the reference it loops instead of recursing.
"""

from __future__ import annotations

from collections.abc import Sequence

from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

DONT_CARE = "###"

Quad = Sequence[Sequence[float]]
Item = tuple[Quad, str]


def _box(quad: Quad) -> BaseGeometry:
    return MultiPoint([tuple(point) for point in quad]).convex_hull


def _mostly_inside(pred_box: BaseGeometry, dont_care_box: BaseGeometry) -> bool:
    """More than half of the prediction's own area lies in the don't-care box."""
    inter = dont_care_box.intersection(pred_box).area
    return inter > 0 and pred_box.area > 0 and inter / pred_box.area > 0.5


def _pop(gt_text: str, pred_text: str) -> tuple[str, str]:
    """Unmatched GT characters, and the prediction text without the matched ones."""
    pred_chars = list(pred_text)
    unmatched = ""
    for char in gt_text:
        if char in pred_chars:
            pred_chars.remove(char)  # removes the left-most occurrence
        else:
            unmatched += char
    return unmatched, "".join(pred_chars)


def _candidates(
    gt_boxes: list[BaseGeometry],
    gt_texts: list[str],
    pred_boxes: list[BaseGeometry],
    pred_texts: list[str],
) -> list[list[int]]:
    """Per GT item, in prediction order, the predictions whose bounding box meets the GT
    item's bounding box (the reference's STRtree query) and that share a character."""
    candidates: list[list[int]] = [[] for _ in gt_boxes]
    tree = STRtree(gt_boxes)
    for p, pred_box in enumerate(pred_boxes):
        for g in tree.query(pred_box).tolist():
            if set(gt_texts[g]) & set(pred_texts[p]):
                candidates[g].append(p)
    return candidates


def _nearest_to_origin(indices: list[int], gt_boxes: list[BaseGeometry]) -> int:
    origin = Point(0, 0)
    return min(indices, key=lambda g: origin.distance(gt_boxes[g].representative_point()))


def score_counts(gt: Sequence[Item], pred: Sequence[Item]) -> tuple[int, int, int]:
    """(GT characters, predicted characters, matched characters) of one image."""
    boxed_gt = [(_box(quad), text) for quad, text in gt if text]
    dont_care = [box for box, text in boxed_gt if text == DONT_CARE]
    gt_boxes = [box for box, text in boxed_gt if text != DONT_CARE]
    gt_texts = [text for _, text in boxed_gt if text != DONT_CARE]
    boxed_pred = [(_box(quad), text) for quad, text in pred]
    boxed_pred = [
        (box, text)
        for box, text in boxed_pred
        if not any(_mostly_inside(box, region) for region in dont_care)
    ]
    pred_boxes = [box for box, _ in boxed_pred]
    pred_texts = [text for _, text in boxed_pred]
    gt_chars = sum(len(text) for text in gt_texts)
    pred_chars = sum(len(text) for text in pred_texts)

    while True:
        candidates = _candidates(gt_boxes, gt_texts, pred_boxes, pred_texts)
        single = [g for g, preds in enumerate(candidates) if len(preds) == 1]
        several = [g for g, preds in enumerate(candidates) if len(preds) >= 2]
        if single:
            g = _nearest_to_origin(single, gt_boxes)
            p = candidates[g][0]
            gt_texts[g], pred_texts[p] = _pop(gt_texts[g], pred_texts[p])
        elif several:
            g = _nearest_to_origin(several, gt_boxes)
            gt_area = gt_boxes[g].area
            ratios = [
                pred_boxes[p].intersection(gt_boxes[g]).area / gt_area if gt_area else 0.0
                for p in candidates[g]
            ]
            for p, ratio in zip(candidates[g], ratios, strict=True):
                if ratio == max(ratios):
                    gt_texts[g], pred_texts[p] = _pop(gt_texts[g], pred_texts[p])
        else:
            break
        if not gt_texts[g]:
            del gt_boxes[g], gt_texts[g]

    return gt_chars, pred_chars, gt_chars - sum(len(text) for text in gt_texts)
