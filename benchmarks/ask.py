"""Extractive ``docparse ask`` on seeded synthetic receipts and invoices: exact match.

Receipts and invoices from :mod:`docparse.evaluation.synth` (clean renders) and 3-page
PDFs whose third page is a scanned invoice after two scanned text pages are read once by
Tesseract through the pipeline; then every question of
:func:`docparse.evaluation.ask_cases.cases_for` (total, date, store / supplier / buyer, VAT,
phone, an item's amount; Korean and English by turns) is answered by
:func:`docparse.ask.extractive.answer_extractive` and compared with the fact
printed on the page (:func:`docparse.evaluation.ask_cases.same_answer`).

    python benchmarks/ask.py                       # 24 receipts, 10 invoices, 2 bundles
    python benchmarks/ask.py --write benchmarks/results/ask.md
    python benchmarks/ask.py --tokens              # only the VLM's image tokens per page

The image-token table counts what the LLaVA-OneVision processor of the test checkpoint
(tests/tiny_vlm.py: VARCO's 384-px cells, 6 × 6 grid, ``anyres_max_9``) gives one page
image at each ``--page-size``, and twelve such pages in one prompt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from PIL import Image

from docparse.ask.extractive import answer_extractive
from docparse.ask.generative import MAX_PAGES, page_view
from docparse.ask.pages import ReadPage
from docparse.engines.varco.prompts import hf_pages_conversation
from docparse.evaluation.ask_cases import QACase, cases_for, invoice_bundle, same_answer
from docparse.evaluation.synth import SynthDoc, synthesize

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ocr_cache import CachedParser
from tiny_vlm import build_processor, build_tokenizer  # the shared builder lives with the tests

PAGE_SIZES = (384, 768, 1152)
SHAPES = {"A4 page": (1240, 1754), "receipt": (464, 1400), "square page": (1000, 1000)}


def documents(
    folder: Path, receipts: int, invoices: int, bundles: int
) -> list[tuple[str, Path, SynthDoc]]:
    made = []
    for seed in range(1, receipts + 1):
        made.append(("receipt", *_image(folder, synthesize("receipt", seed))))
    for seed in range(1, invoices + 1):
        made.append(("invoice", *_image(folder, synthesize("invoice", seed))))
    for seed in range(101, 101 + bundles):
        path = folder / f"bundle-{seed}.pdf"
        made.append(("3-page invoice", path, invoice_bundle(seed, path, scanned_filler=True)))
    return made


def _image(folder: Path, doc: SynthDoc) -> tuple[Path, SynthDoc]:
    path = folder / f"{doc.kind}-{doc.seed}.png"
    doc.image.save(path)
    return path, doc


def run(
    receipts: int, invoices: int, bundles: int
) -> tuple[list[tuple[str, QACase, str | None, bool]], dict[str, float]]:
    parser = CachedParser("tesseract")
    results = []
    seconds = {"ocr": 0.0, "answer": 0.0, "pages": 0.0}
    with tempfile.TemporaryDirectory() as folder:
        for kind, path, doc in documents(Path(folder), receipts, invoices, bundles):
            start = time.perf_counter()
            pages = [ReadPage(str(path), page) for page in parser.parse(path).pages]
            seconds["ocr"] += time.perf_counter() - start
            seconds["pages"] += len(pages)
            for case in cases_for(doc):
                start = time.perf_counter()
                answer = answer_extractive(pages, case.question, "tesseract")
                seconds["answer"] += time.perf_counter() - start
                results.append(
                    (kind, case, answer.answer, same_answer(answer.answer, case.expected))
                )
    return results, seconds


def report(results: list[tuple[str, QACase, str | None, bool]], seconds: dict[str, float]) -> str:
    right = sum(ok for *_, ok in results)
    groups: dict[str, list[bool]] = defaultdict(list)
    for kind, case, _, ok in results:
        groups[f"{kind} · {case.field}"].append(ok)
        groups[f"language {case.language}"].append(ok)
    lines = [
        "# `docparse ask`, extractive: exact match on synthetic receipts and invoices",
        "",
        f"Run {dt.date.today().isoformat()} on a {os.cpu_count()}-core CPU (shared, busy):",
        "`python benchmarks/ask.py --write benchmarks/results/ask.md`.",
        "Engine: Tesseract (kor+eng) through the pipeline; answers by `answer_extractive`.",
        "",
        f"**Exact match: {right}/{len(results)} = {right / len(results):.1%}**",
        "",
        f"OCR: {seconds['pages']:.0f} pages in {seconds['ocr']:.1f} s; "
        f"answering: {1000 * seconds['answer'] / len(results):.1f} ms per question.",
        "",
        "| group | right | questions | exact match |",
        "|---|---:|---:|---:|",
    ]
    for name in sorted(groups):
        oks = groups[name]
        lines.append(f"| {name} | {sum(oks)} | {len(oks)} | {sum(oks) / len(oks):.0%} |")
    lines += ["", "Misses:", ""]
    for kind, case, answer, ok in results:
        if not ok:
            lines.append(f"- {kind}: {case.question!r} expected {case.expected!r}, got {answer!r}")
    return "\n".join(lines) + "\n"


def image_tokens() -> str:
    """The table of image tokens per page and per 12 pages, by page size and shape."""
    processor = build_processor(build_tokenizer())
    image_id = processor.tokenizer.convert_tokens_to_ids("<image>")
    lines = [
        "| --page-size | page | image (px) | tokens per page | 12 pages |",
        "|---:|---|---|---:|---:|",
    ]
    for size in PAGE_SIZES:
        for name, (width, height) in SHAPES.items():
            view = page_view(Image.new("RGB", (width, height), "white"), size)
            text = processor.apply_chat_template(hf_pages_conversation([view], "?"))
            ids = processor(text=[text], images=[view], return_tensors="pt")["input_ids"]
            count = int((ids == image_id).sum())
            shape = f"{view.width} × {view.height}"
            lines.append(f"| {size} | {name} | {shape} | {count:,} | {MAX_PAGES * count:,} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--receipts", type=int, default=24)
    parser.add_argument("--invoices", type=int, default=10)
    parser.add_argument("--bundles", type=int, default=2)
    parser.add_argument("--write", type=Path, help="also write the report (Markdown) here")
    parser.add_argument("--tokens", action="store_true", help="only the image-token table")
    args = parser.parse_args()
    tokens = "## VLM image tokens per page (default --page-size 768)\n\n" + image_tokens()
    if args.tokens:
        print(tokens)
        return
    results, seconds = run(args.receipts, args.invoices, args.bundles)
    text = report(results, seconds) + "\n" + tokens
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
