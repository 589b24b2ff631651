"""Faint pages (print faded to a pale grey: an old thermal receipt, a light copy) stretched
to the full grey range before they are detected and read.

PP-OCR's detector takes its input normalised with fixed means and deviations, so ink a few
grey levels darker than the paper makes next to no signal in its map: it finds a heading or
two and nothing else, and the page comes back nearly empty, unwarned. Tesseract binarises
each line by its own histogram and copes. A page whose darkest ink (the ``INK_SHARE``
quantile of its grey) lies within ``FAINT_RANGE`` levels of its paper (the ``PAPER_SHARE``
quantile) has both moved apart linearly, ink to black and paper to white; any other page is
left exactly as it is.
"""

from __future__ import annotations

from itertools import accumulate

from PIL import Image

INK_SHARE = 0.001
"""Share of the page's pixels at or below the grey level taken as its darkest ink."""
PAPER_SHARE = 0.99
"""Share of the page's pixels at or below the grey level taken as its paper."""
FAINT_RANGE = 64
"""Fewest grey levels between ink and paper on a page left as it is. Three pages (a Korean
page and the Kroger press release of the realdocs dev split at 200 dpi, samples/receipt.png)
faded towards white read 0.98-1.00 of their own text down to a 30-level range and collapsed
at 18 (0.59, 0.78, 0.95 in order-sensitive similarity; plain Tesseract 0.90, 0.99, 0.50);
stretched, 0.99-1.00 at 18 and at 10. Of the 505 benchmark images on hand (realdocs dev and
test pages and their variants, the authored legal pages, all 150 SROIE scans) the narrowest
range is 112 (two faded SROIE receipts): none is stretched."""


def stretched(image: Image.Image) -> Image.Image:
    """The image with ink and paper moved apart to black and white where they lie within
    ``FAINT_RANGE`` grey levels of each other; otherwise the image itself."""
    counts = image.convert("L").histogram()
    total = sum(counts)
    if not total:
        return image
    cumulative = list(accumulate(counts))
    ink = next(level for level, seen in enumerate(cumulative) if seen >= INK_SHARE * total)
    paper = next(level for level, seen in enumerate(cumulative) if seen >= PAPER_SHARE * total)
    if paper - ink >= FAINT_RANGE or paper <= ink:
        return image
    scale = 255 / (paper - ink)
    table = [min(255, max(0, round((level - ink) * scale))) for level in range(256)]
    bands = len(image.getbands())
    if image.mode not in ("L", "RGB"):
        image, bands = image.convert("RGB"), 3
    return image.point(table * bands)
