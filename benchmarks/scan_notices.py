"""Scanned pages with a line of real text added (a court portal's notice on a scanned
decision, a date stamped by a PDF tool): read from the one line, or from the scan.

- **as they are**: every page of the PDFs given, read with ``--text-layer auto``; the pages
  now read by OCR because one image covers most of the page and its OCR reading holds over
  twice the layer's characters (each a false alarm unless the page is such a scan), and the
  pages that were looked at twice (an image covering half the page or more);
- **scans with a notice**: the first page of each PDF rendered at ``--dpi`` and put back as
  a page that is that image alone, with the judiciary portal's one-line notice drawn over
  its foot as real text. Character error rate (spaces ignored) of docparse's page text
  against the original layer's, before (the notice alone was the page's text: the check
  patched out) and after, per split.

    python benchmarks/scan_notices.py ../shared/datasets/realdocs \\
        --write benchmarks/results/scan_notices.md
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

import pymupdf
from layer_fonts import (  # the sibling benchmark (benchmarks/ is on the path)
    arguments,
    cer,
    reported,
    squeezed,
)

from docparse.evaluation.splits import split_of
from docparse.io import sources
from docparse.io.hashing import sha256_of
from docparse.pipeline import ParseOptions, Parser

NOTICE = "본 판결서는 판결서 인터넷열람 사이트에서 열람/출력되었습니다."
FONT = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"


def scanned_with_notice(source: Path, target: Path, dpi: int) -> str:
    """Writes ``target``: the first page of ``source`` as one image with the notice over its
    foot; returns the page's own text."""
    with pymupdf.open(source) as original:
        page = original[0]
        text = page.get_text()
        picture = page.get_pixmap(dpi=dpi).tobytes("png")
        rect = page.rect
    with pymupdf.open() as document:
        scan = document.new_page(width=rect.width, height=rect.height)
        scan.insert_image(scan.rect, stream=picture)
        scan.insert_text((20, rect.height - 8), NOTICE, fontsize=7, fontfile=FONT, fontname="F0")
        document.save(target)
    return text


def main() -> None:
    args = arguments(__doc__ or "", dpi=200)
    files = sorted(args.pdf_dir.glob("*.pdf"))
    lines: list[str] = []
    with Parser(ParseOptions()) as reader:
        pages = looked = 0
        taken: list[str] = []
        for path in files:
            document = reader.parse(path)
            for page in document.pages:
                pages += 1
                if any("a scan with a few lines" in warning for warning in page.warnings):
                    taken.append(f"{path.name} page {page.index + 1}")
            with pymupdf.open(path) as pdf:
                for page in pdf:
                    log = page.get_bboxlog()
                    looked += sources.largest_image_share(log, page.rect) >= sources.SCAN_SHARE
        lines.append(
            f"As they are: {pages} pages; {looked} with an image covering half of it or more "
            f"(looked at twice); {len(taken)} read by OCR as scans with text added"
            + (": " + ", ".join(taken) if taken else ".")
        )
        lines.append("")
        lines.append("| split | pages | CER before (the notice alone) | after | read by OCR |")
        lines.append("|---|---:|---:|---:|---:|")
        scores: dict[str, list[tuple[float, float, bool]]] = {"dev": [], "test": []}
        with tempfile.TemporaryDirectory() as scratch:
            for path in files:
                target = Path(scratch) / path.name
                truth = scanned_with_notice(path, target, args.dpi)
                if not squeezed(truth):
                    continue
                with mock.patch.object(sources, "SCAN_SHARE", 2.0):  # the check patched out
                    before = reader.parse(target).pages[0]
                after = reader.parse(target).pages[0]
                scores[split_of(sha256_of(path))].append(
                    (cer(truth, before.text), cer(truth, after.text), after.source == "ocr")
                )
        for split, rows in scores.items():
            count = max(1, len(rows))
            lines.append(
                f"| {split} | {len(rows)} | {100 * sum(r[0] for r in rows) / count:.1f} % | "
                f"{100 * sum(r[1] for r in rows) / count:.1f} % | "
                f"{sum(r[2] for r in rows)} |"
            )
    reported(lines, args.write)


if __name__ == "__main__":
    main()
