"""Which Tesseract binding: tesserocr (one persistent API, the Korean model loaded once)
or pytesseract (a `tesseract` process per page, the model loaded every time)?

    python benchmarks/tesseract_bindings.py [--pages 6]

Runs both on the same upscaled sample pages (kor+eng) and prints seconds per page and
the words each found."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pytesseract
from PIL import Image

from docparse.engines.tesseract import TesseractEngine
from docparse.engines.tesseract_options import find_tessdata
from docparse.io.pdf import dpi_for, open_pdf, rasterise
from docparse.preprocess import upscale

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def sample_pages() -> list[Image.Image]:
    document = open_pdf(SAMPLES / "invoice.pdf", None)
    page = document.load_page(0)
    invoice = rasterise(page, dpi_for(page, 2304))
    receipt, _ = upscale(Image.open(SAMPLES / "receipt.png").convert("RGB"), 2304)
    return [invoice, receipt]


def with_tesserocr(pages: list[Image.Image], lang: str) -> tuple[float, int]:
    start = time.perf_counter()
    engine = TesseractEngine(find_tessdata(), lang)  # type: ignore[arg-type]
    words = sum(len(engine.read(page)) for page in pages)
    return time.perf_counter() - start, words


def with_pytesseract(pages: list[Image.Image], lang: str) -> tuple[float, int]:
    start = time.perf_counter()
    words = 0
    for page in pages:
        data = pytesseract.image_to_data(page, lang=lang, output_type=pytesseract.Output.DICT)
        words += sum(1 for text in data["text"] if text.strip())
    return time.perf_counter() - start, words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6, help="pages in all (the samples repeated)")
    parser.add_argument("--lang", default="kor+eng")
    args = parser.parse_args()
    base = sample_pages()
    pages = [base[i % len(base)] for i in range(args.pages)]
    print(f"{len(pages)} pages, lang={args.lang}")
    for name, run in (("tesserocr", with_tesserocr), ("pytesseract", with_pytesseract)):
        seconds, words = run(pages, args.lang)
        print(f"{name:12s} {seconds / len(pages):6.2f} s/page  {words} words")


if __name__ == "__main__":
    main()
