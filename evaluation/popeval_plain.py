"""PopEval's geometry in plain Python for the common case, with GEOS's numbers.

``docparse eval`` of a few hundred prediction files spent more time importing numpy and
shapely and calling GEOS on arrays of a dozen boxes than matching characters. When every
quad of an image has integer coordinates (below 2**24: every product below stays exact) and
a hull of positive area, this module computes what :mod:`docparse.evaluation.popeval_geos`
would, bit for bit:

* hulls, areas and bounding boxes: exact arithmetic (the integers are kept as the floats or
  ints they came as; below 2**24, every product of two differences and every sum of a few
  such products is exact in a float);
* the distance from the origin to GEOS's representative point (``point_on_surface``, which
  orders the ground truth): GEOS's ``InteriorPointArea`` step by step (a horizontal scan
  line halfway between the vertex heights around the centre, its crossings with the hull's
  edges taken clockwise as GEOS's hull lists them, the middle of the widest section) and
  ``sqrt(dx * dx + dy * dy)``; tests check it against GEOS on real and random quads;
* intersection areas where their value is exact: boxes apart or touching (0), one region
  inside the other (its area), two axis-aligned rectangles (an integer).

Other intersections (edges crossing at points that are not integers) are computed in
floating point, which GEOS's own rounding may differ from in the last bits. They are only
used where the decision they take holds with a margin (:data:`NEAR`); otherwise the caller
asks :meth:`PlainRegions.exact_overlaps`, which computes them with GEOS.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]
Bounds = tuple[float, float, float, float]
Ring = list[tuple[float, float]]

_MAX_COORDINATE = float(2**24)
NEAR = 1e-6
"""Two ratios (or a ratio and a threshold) closer than this are compared with GEOS's numbers
when either is inexact. Floating-point intersection areas of boxes below 2**24 px are off by
far less (1e-12 and below relative to the ground-truth area in the tests)."""
MAX_PAIRS = 40_000
"""Ground-truth × prediction pairs up to which the pairs of meeting bounding boxes are found
by testing each; larger pages use GEOS's STRtree."""


class Regions(Protocol):
    """The regions of one image (ground truth and predictions in one list), by index: the
    convex hulls of their quads, their areas and bounding boxes (x0, y0, x1, y1)."""

    areas: list[float]
    bounds: list[Bounds]

    def distances(self, ids: Sequence[int]) -> list[float]:
        """Distance from the origin to each region's representative point (GEOS's
        ``point_on_surface``): the reference's order of the ground truth."""
        ...

    def box_pairs(self, queries: Sequence[int], targets: Sequence[int]) -> list[tuple[int, int]]:
        """(query position, target position) of the pairs whose bounding boxes meet
        (touching included), as an STRtree query finds them."""
        ...

    def overlaps(self, i: int, others: Sequence[int]) -> tuple[list[float], list[bool]]:
        """Intersection areas of region ``i`` with each of ``others``, and whether each is
        exactly GEOS's."""
        ...

    def exact_overlaps(self, i: int, others: Sequence[int]) -> list[float]:
        """Intersection areas of region ``i`` with each of ``others`` as GEOS computes them,
        each ``other ∩ i`` in that order (the last bit can depend on it)."""
        ...


def _hull(points: Ring) -> Ring | None:
    """The convex hull of the points, clockwise, without collinear points (Andrew's
    monotone chain); None when it has no area."""
    points = sorted(set(points))
    if len(points) < 3:
        return None
    lower: Ring = []
    for point in points:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    upper: Ring = []
    for point in reversed(points):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    ring = lower[:-1] + upper[:-1]  # counter-clockwise
    return ring[::-1] if len(ring) >= 3 else None


def _cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _twice_area(ring: Ring) -> float:
    """Twice the (positive) area of a clockwise ring."""
    total = 0
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        total += x1 * y0 - x0 * y1
        x0, y0 = x1, y1
    return total


def _is_axis_aligned_rectangle(ring: Ring) -> bool:
    if len(ring) != 4:
        return False
    previous = ring[-1]
    for point in ring:
        if previous[0] != point[0] and previous[1] != point[1]:
            return False
        previous = point
    return True


def _surface_distance(ring: Ring, low: float, high: float) -> float:
    """GEOS's ``InteriorPointArea`` of a polygon of positive area whose least and greatest y
    are ``low`` and ``high``, and its distance from the origin, with GEOS's floating-point
    operations in GEOS's order. (Called for most ground-truth items of every image: written
    for speed.)"""
    centre = (low + high) / 2.0
    for _, y in ring:  # the vertex heights closest to the centre, below (or at) and above it
        if y <= centre:
            if y > low:
                low = y
        elif y < high:
            high = y
    scan_y = (high + low) / 2.0  # strictly between two vertex heights: no vertex lies on it
    # The hull is convex: the scan line crosses exactly two of its edges, and GEOS's
    # widest section between sorted crossings is the one between these two.
    crossings = []
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        if (y0 < scan_y) != (y1 < scan_y):
            if x0 == x1:
                crossings.append(x0)
            else:
                slope = (y1 - y0) / (x1 - x0)
                crossings.append(x0 + ((scan_y - y0) / slope))
        x0, y0 = x1, y1
    left, right = crossings
    if right < left:
        left, right = right, left
    point_x = (left + right) / 2.0 if right - left > 0.0 else left
    return math.sqrt(point_x * point_x + scan_y * scan_y)


def _inside(point: tuple[float, float], ring: Ring) -> bool:
    """Whether the point lies inside or on the clockwise convex ring."""
    px, py = point
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        if (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0) > 0:
            return False
        x0, y0 = x1, y1
    return True


def _separates(ring: Ring, other: Ring) -> bool:
    """Whether an edge of the clockwise convex ring has all of ``other`` on its outer side
    or on it (the interiors do not meet)."""
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        dx, dy = x1 - x0, y1 - y0
        if all(dx * (py - y0) - dy * (px - x0) >= 0 for px, py in other):
            return True
        x0, y0 = x1, y1
    return False


def _clipped_area(subject: Ring, clip: Ring) -> float:
    """Area of the intersection of two clockwise convex rings (Sutherland-Hodgman), in
    floating point, around the subject's first corner to keep the numbers small."""
    ox, oy = subject[0]
    points = [(float(x - ox), float(y - oy)) for x, y in subject]
    edges = [(float(x - ox), float(y - oy)) for x, y in clip]
    ax, ay = edges[-1]
    for bx, by in edges:
        if not points:
            return 0.0
        dx, dy = bx - ax, by - ay
        kept: list[Point] = []
        px, py = points[-1]
        p_side = dx * (py - ay) - dy * (px - ax)
        for qx, qy in points:
            q_side = dx * (qy - ay) - dy * (qx - ax)
            if q_side <= 0:
                if p_side > 0:
                    t = p_side / (p_side - q_side)
                    kept.append((px + t * (qx - px), py + t * (qy - py)))
                kept.append((qx, qy))
            elif p_side <= 0:
                t = p_side / (p_side - q_side)
                kept.append((px + t * (qx - px), py + t * (qy - py)))
            px, py, p_side = qx, qy, q_side
        points = kept
        ax, ay = bx, by
    if len(points) < 3:
        return 0.0
    total = 0.0
    x0, y0 = points[-1]
    for x1, y1 in points:
        total += x1 * y0 - x0 * y1
        x0, y0 = x1, y1
    return abs(total) / 2.0


class PlainRegions:
    """The regions of one image (ground truth and predictions in one list), by index; the
    same interface as :class:`docparse.evaluation.popeval_geos.GeosRegions`."""

    def __init__(
        self,
        quads: Sequence[Quad],
        rings: list[Ring],
        areas: list[float],
        bounds: list[Bounds],
        rectangles: list[bool],
    ) -> None:
        self._quads = quads
        self._rings = rings
        self.areas = areas
        self.bounds = bounds
        self._rectangles = rectangles
        self._geos: Regions | None = None

    def distances(self, ids: Sequence[int]) -> list[float]:
        found = []
        for i in ids:
            x0, y0, x1, y1 = self.bounds[i]
            if self._rectangles[i]:  # what _surface_distance gives a rectangle, sooner
                x, y = (x0 + x1) / 2.0, (y0 + y1) / 2.0
                found.append(math.sqrt(x * x + y * y))
            else:
                found.append(_surface_distance(self._rings[i], y0, y1))
        return found

    def box_pairs(self, queries: Sequence[int], targets: Sequence[int]) -> list[tuple[int, int]]:
        bounds = self.bounds
        target_bounds = [bounds[t] for t in targets]
        pairs: list[tuple[int, int]] = []
        for q_at, q in enumerate(queries):
            x0, y0, x1, y1 = bounds[q]
            pairs += [
                (q_at, t_at)
                for t_at, (tx0, ty0, tx1, ty1) in enumerate(target_bounds)
                if tx0 <= x1 and x0 <= tx1 and ty0 <= y1 and y0 <= ty1
            ]
        return pairs

    def overlaps(self, i: int, others: Sequence[int]) -> tuple[list[float], list[bool]]:
        """Intersection areas of region ``i`` with each of ``others``, and whether each is
        exactly GEOS's."""
        areas, exact = [], []
        for j in others:
            area, is_exact = self._overlap(i, j)
            areas.append(area)
            exact.append(is_exact)
        return areas, exact

    def _overlap(self, i: int, j: int) -> tuple[float, bool]:
        ax0, ay0, ax1, ay1 = self.bounds[i]
        bx0, by0, bx1, by1 = self.bounds[j]
        width = min(ax1, bx1) - max(ax0, bx0)
        height = min(ay1, by1) - max(ay0, by0)
        if width <= 0 or height <= 0:
            return 0.0, True
        if self._rectangles[i] and self._rectangles[j]:
            return width * height, True
        a, b = self._rings[i], self._rings[j]
        if all(_inside(point, b) for point in a):
            return self.areas[i], True
        if all(_inside(point, a) for point in b):
            return self.areas[j], True
        if _separates(a, b) or _separates(b, a):
            return 0.0, True
        return _clipped_area(a, b), False

    def exact_overlaps(self, i: int, others: Sequence[int]) -> list[float]:
        """Intersection areas as GEOS computes them (numpy and shapely imported now)."""
        if self._geos is None:
            from docparse.evaluation.popeval_geos import GeosRegions

            self._geos = GeosRegions(self._quads)
        return self._geos.exact_overlaps(i, others)


def plain_regions(quads: Sequence[Quad]) -> PlainRegions | None:
    """The regions in plain Python, or None when a quad is outside its exact case (a
    coordinate that is not an integer below 2**24, a hull without area).

    Each region is the convex hull of the quad's corners, clockwise (as GEOS lists it) and
    without collinear corners, with its area, its bounding box and whether it is an
    axis-aligned rectangle. Run for every item of every image, so written as one loop with
    no call per item for a convex quad (the usual case): a call per item and two per
    bounding box were ~15% of scoring the 500 IC15 files."""
    rings: list[Ring] = []
    areas: list[float] = []
    bounds: list[Bounds] = []
    rectangles: list[bool] = []
    for quad in quads:
        p0, p1, p2, p3 = quad
        x0, y0 = p0
        x1, y1 = p1
        x2, y2 = p2
        x3, y3 = p3
        if x0 % 1 or y0 % 1 or x1 % 1 or y1 % 1 or x2 % 1 or y2 % 1 or x3 % 1 or y3 % 1:
            return None  # not integers (NaN and infinities included: their remainder is NaN)
        # the least and the greatest x and y (quicker than min and max)
        left, right = (x0, x1) if x0 < x1 else (x1, x0)
        top, bottom = (y0, y1) if y0 < y1 else (y1, y0)
        low, high = (x2, x3) if x2 < x3 else (x3, x2)
        left, right = left if left < low else low, right if right > high else high
        low, high = (y2, y3) if y2 < y3 else (y3, y2)
        top, bottom = top if top < low else low, bottom if bottom > high else high
        if (
            left <= -_MAX_COORDINATE
            or top <= -_MAX_COORDINATE
            or right >= _MAX_COORDINATE
            or bottom >= _MAX_COORDINATE
        ):
            return None
        t0 = (x1 - x0) * (y2 - y1) - (y1 - y0) * (x2 - x1)
        t1 = (x2 - x1) * (y3 - y2) - (y2 - y1) * (x3 - x2)
        t2 = (x3 - x2) * (y0 - y3) - (y3 - y2) * (x0 - x3)
        t3 = (x0 - x3) * (y1 - y0) - (y0 - y3) * (x1 - x0)
        if (t0 < 0 and t1 < 0 and t2 < 0 and t3 < 0) or (t0 > 0 and t1 > 0 and t2 > 0 and t3 > 0):
            # a convex quad: its own hull (the usual case)
            twice = x0 * y1 - x1 * y0 + x1 * y2 - x2 * y1 + x2 * y3 - x3 * y2 + x3 * y0 - x0 * y3
            if twice < 0:
                ring = [p0, p1, p2, p3]
                twice = -twice
            else:
                ring = [p3, p2, p1, p0]
            rectangle = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
        else:
            hull = _hull([(x0, y0), (x1, y1), (x2, y2), (x3, y3)])
            if hull is None:
                return None
            ring, twice, rectangle = hull, _twice_area(hull), _is_axis_aligned_rectangle(hull)
        rings.append(ring)
        areas.append(twice / 2)
        bounds.append((float(left), float(top), float(right), float(bottom)))
        rectangles.append(rectangle)
    return PlainRegions(quads, rings, areas, bounds, rectangles)
