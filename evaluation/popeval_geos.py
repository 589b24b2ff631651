"""PopEval's geometry through GEOS (shapely), as the reference computes it.

The regions are the convex hulls of the items' quads. The reference takes the hull of a
MultiPoint of the 4 points; GEOS gives the identical hull for the (possibly self-crossing)
polygon through the same points in the same order, which is much cheaper to build.

This is the general case: any coordinates, degenerate quads, pages of any size (the
candidate pairs come from an STRtree). :mod:`docparse.evaluation.popeval_plain` computes the
same numbers without numpy or shapely in the common case, and asks this module only when it
cannot be sure that its numbers are GEOS's.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]
Bounds = tuple[float, float, float, float]
_ORIGIN = shapely.Point(0.0, 0.0)


class GeosRegions:
    """The regions of one image (ground truth and predictions in one list), by index."""

    def __init__(self, quads: Sequence[Quad]) -> None:
        flat = [value for quad in quads for point in quad for value in point]
        points = np.array(flat, dtype=np.float64).reshape(-1, 4, 2)
        self.polygons = shapely.convex_hull(shapely.polygons(points))
        self.areas: list[float] = shapely.area(self.polygons).tolist()
        self.bounds: list[Bounds] = [tuple(b) for b in shapely.bounds(self.polygons).tolist()]

    def distances(self, ids: Sequence[int]) -> list[float]:
        """Distance from the origin to each region's representative point (GEOS's
        ``point_on_surface``): the reference's order of the ground truth."""
        points = shapely.point_on_surface(self.polygons[list(ids)])
        return shapely.distance(_ORIGIN, points).tolist()

    def box_pairs(self, queries: Sequence[int], targets: Sequence[int]) -> list[tuple[int, int]]:
        """(query position, target position) of the pairs whose bounding boxes meet
        (touching included), as an STRtree query finds them."""
        if not queries or not targets:
            return []
        tree = shapely.STRtree(self.polygons[list(targets)])
        query_at, target_at = tree.query(self.polygons[list(queries)])
        return list(zip(query_at.tolist(), target_at.tolist(), strict=True))

    def overlaps(self, i: int, others: Sequence[int]) -> tuple[list[float], list[bool]]:
        """Intersection areas of region ``i`` with each of ``others``, all exact."""
        areas = self.exact_overlaps(i, others)
        return areas, [True] * len(areas)

    def exact_overlaps(self, i: int, others: Sequence[int]) -> list[float]:
        """Intersection areas of region ``i`` with each of ``others`` as GEOS computes them,
        each ``other ∩ i`` in that order (the last bit can depend on it)."""
        if not others:
            return []
        inter = shapely.intersection(self.polygons[list(others)], self.polygons[i])
        return shapely.area(inter).tolist()
