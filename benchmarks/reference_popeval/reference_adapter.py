"""Runs an unmodified copy of the authors' ``popEval.py`` (naver/popeval) on one image.

The reference code is not part of this repository: point ``POPEVAL_REFERENCE`` (tests) or
``--reference`` (benchmark) at a local copy of ``popEval.py`` from
https://github.com/naver/popeval (Apache-2.0). This adapter only supplies the environment
that code was written for, without editing it:

* ``profile``: the file decorates ``papagoEval`` with line_profiler's ``@profile``;
* shapely 1 ``STRtree.query`` returned the geometries whose envelopes meet the query's,
  shapely 2 returns their indices: the module gets a tree that returns geometries;
* numpy < 1.24 made an object array of a ragged list of lists and ``np.unique`` then
  compared the lists; numpy >= 1.24 raises instead (so the reference, run as is, fails on
  most real pages): the module gets an ``np`` whose ``unique`` does the former;
* the recursion limit is raised so that the reference's recursion (one level per matching
  step) does not end pages of more than ~1,000 steps.

``score_counts`` then does what ``papagoEval`` does for one image, minus the file reading.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import shapely

Item = tuple[Sequence[Sequence[float]], str]
_RECURSION_LIMIT = 100_000


class _Shapely1STRtree:
    """An STRtree whose ``query`` returns geometries, as in shapely 1."""

    def __init__(self, geoms: Sequence[Any]) -> None:
        self._geoms = list(geoms)
        self._tree = shapely.STRtree(self._geoms)

    def query(self, geom: Any) -> list[Any]:
        return [self._geoms[i] for i in self._tree.query(geom).tolist()]


class _OldNumpy:
    """numpy, except that ``unique`` of a ragged list of lists returns the distinct lists."""

    def __getattr__(self, name: str) -> Any:
        return getattr(np, name)

    @staticmethod
    def unique(values: list[list[int]]) -> Any:
        try:
            return np.unique(values)
        except ValueError:
            distinct: list[list[int]] = []
            for value in sorted(values):
                if not distinct or distinct[-1] != value:
                    distinct.append(value)
            return distinct


def load_reference(path: Path | str) -> ModuleType:
    """Imports the reference ``popEval.py`` at ``path`` with the environment above."""
    spec = importlib.util.spec_from_file_location("naver_popeval_reference", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    module.profile = lambda function: function  # type: ignore[attr-defined]
    spec.loader.exec_module(module)
    module.STRtree = _Shapely1STRtree  # type: ignore[attr-defined]
    module.np = _OldNumpy()  # type: ignore[attr-defined]
    sys.setrecursionlimit(max(sys.getrecursionlimit(), _RECURSION_LIMIT))
    return module


def score_counts(
    reference: ModuleType, gt: Sequence[Item], pred: Sequence[Item], dont_care: str = "###"
) -> tuple[int, int, int]:
    """(GT characters, predicted characters, matched characters), as ``papagoEval`` counts."""
    gt_boxes = [reference.getPolygon([tuple(p) for p in quad]) for quad, text in gt if text]
    gt_texts = [text for _, text in gt if text]
    pred_boxes = [reference.getPolygon([tuple(p) for p in quad]) for quad, _ in pred]
    pred_texts = [text for _, text in pred]
    gt_boxes, gt_texts, pred_boxes, pred_texts = reference.removeDoncareBox(
        gt_boxes, gt_texts, pred_boxes, pred_texts, dont_care
    )
    step1 = reference.removeNoncontroversialBox(gt_boxes, gt_texts, pred_boxes, pred_texts)
    step2 = reference.removeControversialBox(*step1)
    gt_chars = len("".join(gt_texts))
    return gt_chars, len("".join(pred_texts)), gt_chars - len("".join(step2[1]))
