"""Peak memory of ``docparse ocr`` on long scanned PDFs: does it stay flat in the page count?

    python benchmarks/memory.py                   # 30 and 300 pages (300 take a while)
    python benchmarks/memory.py --pages 5 30      # quicker

Generates (once, cached under --cache) an image-only PDF of N A4 pages, each a 150 dpi
greyscale JPEG of Korean and English text in NanumGothic, like a scanner writes. Then runs
``docparse ocr FILE --engine tesseract --out json -o out.json`` in a child process and
reports that child's peak resident set size (``ru_maxrss`` from ``wait4``), wall time and
seconds per page, as a Markdown table. Target: under 1.5 GB, and the same at 30 and 300 pages.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw

from docparse.io.fonts import pillow_font

DPI = 150
A4_PX = (1240, 1754)  # A4 at 150 dpi
LINES = (
    "분기별 운영 보고서 — Quarterly operations report",
    "본 문서는 대용량 스캔 처리의 메모리 사용량을 측정하기 위한 시험 페이지입니다.",
    "Each page is a JPEG image with no text layer, so every page goes through OCR.",
    "매출 합계 2,044,900원 / Total revenue KRW 2,044,900 (VAT included)",
    "담당자: 김민준, 이서연 — Contacts: Minjun Kim, Seoyeon Lee",
    "다음 회의는 2025년 4월 11일 오전 10시 본사 3층 회의실에서 열립니다.",
    "The next meeting is on 11 April 2025 at 10:00 in the third-floor room.",
)


def page_image(number: int) -> Image.Image:
    image = Image.new("L", A4_PX, 255)
    draw = ImageDraw.Draw(image)
    draw.text((120, 110), f"페이지 {number} / Page {number}", font=pillow_font("gothic", True, 40))
    body = pillow_font("gothic", False, 26)
    for row in range(5):
        draw.text((120, 220 + row * 60), LINES[(row + number) % len(LINES)], font=body)
    return image


def scanned_pdf(pages: int, cache: Path) -> Path:
    """The N-page scan, generated on first use."""
    path = cache / f"scan-{pages}.pdf"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    document = pymupdf.open()
    width, height = (side * 72 / DPI for side in A4_PX)
    for number in range(1, pages + 1):
        buffer = io.BytesIO()
        page_image(number).save(buffer, format="JPEG", quality=60)
        document.new_page(width=width, height=height).insert_image(
            pymupdf.Rect(0, 0, width, height), stream=buffer.getvalue()
        )
    partial = path.with_suffix(".partial")
    document.save(partial, garbage=3, deflate=True)
    os.replace(partial, path)
    return path


def measure(pdf: Path, pages: int) -> dict[str, float]:
    """Peak RSS (MiB), wall seconds and seconds per page of one ``docparse ocr`` run."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.json"
        command = [sys.executable, "-m", "docparse", "ocr", str(pdf)]
        command += ["--engine", "tesseract", "--out", "json", "-o", str(out), "-q"]
        start = time.perf_counter()
        child = subprocess.Popen(command)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"docparse ocr failed on {pdf}")
        written = json.loads(out.read_text(encoding="utf-8"))
        if len(written["pages"]) != pages:
            raise SystemExit(f"expected {pages} pages in the JSON, found {len(written['pages'])}")
        size_mib = out.stat().st_size / 2**20
    return {
        "peak_mib": usage.ru_maxrss / 1024,  # Linux reports KiB
        "seconds": seconds,
        "per_page": seconds / pages,
        "json_mib": size_mib,
    }


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--pages", type=int, nargs="+", default=[30, 300])
    cli.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "docparse-memory")
    args = cli.parse_args()
    print("| pages | peak RSS (MiB) | wall (s) | s/page | JSON written (MiB) |")
    print("|---|---|---|---|---|")
    for pages in args.pages:
        result = measure(scanned_pdf(pages, args.cache), pages)
        print(
            f"| {pages} | {result['peak_mib']:.0f} | {result['seconds']:.0f} "
            f"| {result['per_page']:.2f} | {result['json_mib']:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
