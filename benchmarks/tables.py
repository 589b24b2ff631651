"""Tables benchmark: structure (cell-adjacency F1, ICDAR 2013), adjacency F1 by text and cell
text accuracy (see docparse.evaluation.table_metrics), for each way of finding tables.

    python benchmarks/tables.py [--synth 8] [--realdocs 24] [--negatives 20] [--receipts 30]
        [--no-layout] [--write benchmarks/results/tables.md]

Image case (words from docparse's Tesseract engine on the page image):
  geometry        rulings + column alignment (docparse.tables)
  pymupdf.layout  PyMuPDF 2.0's layout + table-grid models, run on a searchable PDF of the
                  image with the same Tesseract words as its text layer
Born-digital case (synthetic pages written as PDFs: vector rules, a real text layer):
  pymupdf lines   page.find_tables() from the vector graphics (use_layout=False)
  pymupdf.layout  page.find_tables() gated by the layout model (use_layout=True)
  geometry        docparse.tables on the page rendered at 150 dpi with the text-layer words

Synthetic tables (evaluation/synth/tables.py): ruled, borderless and merged-cell, Korean and
English, numbers and dates; exact truth. Realdocs: pages of ../shared/datasets/realdocs where
PyMuPDF finds a vector table of 2 × 2 cells or more with 4 non-empty cells; the reference is
those tables filled with the text layer's words; what is scored is recognised from the page
rendered at 200 dpi. Files split by sha256 (first hex digit even = dev, odd = test).
Negatives: synthetic documents (no tables) and SROIE receipts: pages given a table.
The plain `tesseract IMG - -l kor+eng` baseline has no tables: its column is the share of true
non-empty cells whose text appears in its output (whitespace removed), an upper bound on what a
table built from it could read.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pymupdf
from PIL import Image

from docparse.evaluation.synth.tables import STYLES, TablePage, table_page, table_pdf
from docparse.evaluation.table_metrics import TableScore, score_page
from docparse.formats import pdf_format
from docparse.io.pdf import rasterise, text_layer_words
from docparse.io.pdf_tables import vector_tables
from docparse.model import Document, Table, Word
from docparse.pipeline import ParseOptions, Parser
from docparse.tables import find_tables
from docparse.tables.pdf_tables import pdf_tables

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "datasets" / "realdocs"
SROIE = ROOT.parent / "shared" / "datasets" / "sroie"
RENDER_DPI = 200.0

Method = Callable[[Path, Image.Image, list[Word]], list[Table]]


class Tally:
    def __init__(self) -> None:
        self.score = TableScore()
        self.seconds = 0.0
        self.pages = 0

    def row(self, name: str) -> str:
        s = self.score
        per_page = self.seconds / max(1, self.pages)
        return (
            f"| {name} | {s.structure_f1:.3f} | {s.text_f1:.3f} | {s.cell_accuracy:.3f} | "
            f"{s.paired_tables}/{s.true_tables} | {s.found_tables} | {per_page:.2f} |"
        )


HEADER = (
    "| method | structure F1 | adjacency F1 (text) | cell text exact | tables paired/true | "
    "tables found | s/page |\n|---|---|---|---|---|---|---|"
)


def tesseract_words(parser: Parser, image_path: Path) -> tuple[Document, list[Word]]:
    document = parser.parse(image_path)
    return document, list(document.pages[0].words())


def geometry(_: Document | None, image: Image.Image, words: list[Word]) -> list[Table]:
    return [table for table, _ in find_tables(words, image)]


def layout_on_image(document: Document, image: Image.Image, words: list[Word]) -> list[Table]:
    """PyMuPDF's layout model on a searchable PDF of the page (image + the same words)."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "page.pdf"
        pdf_format.write(document, pdf)
        with pymupdf.open(pdf) as opened:
            vector = vector_tables(opened[0], pdf_format.NOMINAL_DPI, use_layout=True)
    scale = image.width / document.pages[0].width
    if abs(scale - 1) > 1e-6:
        raise ValueError("page and image sizes differ")
    return [table for table, _ in pdf_tables(vector, words)]


def plain_tesseract_cells(image_path: Path, truth: list[Table]) -> tuple[int, int]:
    out = subprocess.run(
        ["tesseract", str(image_path), "-", "-l", "kor+eng"],
        capture_output=True,
        text=True,
        check=False,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
    ).stdout
    text = "".join(out.split()).casefold()
    cells = [cell for table in truth for cell in table.cells if cell.text.strip()]
    return sum("".join(c.text.split()).casefold() in text for c in cells), len(cells)


def synthetic_images(n: int, parser: Parser, layout: bool, tmp: Path) -> list[str]:
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    plain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for style in STYLES:
        for language in ("ko", "en"):
            for seed in range(n):
                page = table_page(style, language, seed)
                path = tmp / f"{style}-{language}-{seed}.png"
                page.image.save(path)
                document, words = tesseract_words(parser, path)
                found_plain, total = plain_tesseract_cells(path, page.tables)
                plain[style][0] += found_plain
                plain[style][1] += total
                methods: dict[str, Callable[[], list[Table]]] = {
                    "geometry (Tesseract words)": partial(geometry, document, page.image, words),
                    "geometry (true words)": partial(geometry, document, page.image, page.words),
                }
                if layout:
                    methods["pymupdf.layout (Tesseract words)"] = partial(
                        layout_on_image, document, page.image, words
                    )
                for name, run in methods.items():
                    _timed(tallies[style, name], page.tables, run)
    lines = []
    for style in STYLES:
        title = f"**{style}** ({2 * n} pages, Korean and English)"
        lines += _section(title, tallies, style, plain[style])
    return lines


def _section(
    title: str, tallies: dict[tuple[str, str], Tally], group: str, plain: list[int] | None
) -> list[str]:
    """A table of the methods' scores for ``group``, with the plain Tesseract line."""
    lines = [f"\n{title}\n", HEADER]
    lines += [tally.row(name) for (g, name), tally in tallies.items() if g == group]
    if plain is not None:
        found, total = plain
        lines.append(
            f"\nplain `tesseract -l kor+eng`: {found}/{total} = {found / max(1, total):.3f} of "
            "true cells' text appear in its output"
        )
    return lines


def synthetic_pdfs(n: int, layout: bool) -> list[str]:
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for style in STYLES:
        for language in ("ko", "en"):
            for seed in range(n):
                page = table_page(style, language, seed)
                with pymupdf.open(stream=table_pdf(page), filetype="pdf") as pdf:
                    pdf_page = pdf[0]
                    words = text_layer_words(pdf_page, page.dpi)
                    image = rasterise(pdf_page, page.dpi)
                    methods = {
                        "pymupdf lines": partial(_vector, pdf_page, words, page, False),
                        "geometry (text layer words)": partial(geometry, None, image, words),
                    }
                    if layout:
                        methods["pymupdf.layout"] = partial(_vector, pdf_page, words, page, True)
                    for name, run in methods.items():
                        _timed(tallies[style, name], page.tables, run)
    lines = []
    for style in STYLES:
        lines += _section(f"**{style}**, born-digital ({2 * n} PDFs)", tallies, style, None)
    return lines


def _vector(
    pdf_page: pymupdf.Page, words: list[Word], page: TablePage, layout: bool
) -> list[Table]:
    return [t for t, _ in pdf_tables(vector_tables(pdf_page, page.dpi, use_layout=layout), words)]


def _timed(tally: Tally, truth: list[Table], run: Callable[[], list[Table]]) -> None:
    start = time.process_time()
    found = run()
    tally.seconds += time.process_time() - start
    tally.pages += 1
    tally.score.add(score_page(truth, found))


def realdocs_pages(limit: int) -> list[tuple[Path, int, str]]:
    """(file, page index, split) of pages with a vector table, at most ``limit`` per split."""
    chosen: dict[str, list[tuple[Path, int, str]]] = {"dev": [], "test": []}
    for path in sorted(REALDOCS.glob("*.pdf")):
        split = (
            "dev" if int(hashlib.sha256(path.read_bytes()).hexdigest()[0], 16) % 2 == 0 else "test"
        )
        with pymupdf.open(path) as pdf:
            for index in range(min(pdf.page_count, 4)):
                if len(chosen[split]) >= limit:
                    break
                words = text_layer_words(pdf[index], RENDER_DPI)
                tables = pdf_tables(vector_tables(pdf[index], RENDER_DPI), words)
                if any(_substantial(t) for t, _ in tables):
                    chosen[split].append((path, index, split))
    return chosen["dev"] + chosen["test"]


def _substantial(table: Table) -> bool:
    return sum(1 for c in table.cells if c.text.strip()) >= 4


def realdocs(limit: int, parser: Parser, layout: bool, tmp: Path) -> list[str]:
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    plain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    listing = []
    for path, index, split in realdocs_pages(limit):
        with pymupdf.open(path) as pdf:
            pdf_page = pdf[index]
            text_words = text_layer_words(pdf_page, RENDER_DPI)
            truth = [t for t, _ in pdf_tables(vector_tables(pdf_page, RENDER_DPI), text_words)]
            truth = [t for t in truth if _substantial(t)]
            image = rasterise(pdf_page, RENDER_DPI)
        png = tmp / f"{path.stem}-{index}.png"
        image.save(png)
        document, words = tesseract_words(parser, png)
        found_plain, total = plain_tesseract_cells(png, truth)
        plain[split][0] += found_plain
        plain[split][1] += total
        methods: dict[str, Callable[[], list[Table]]] = {
            "geometry (Tesseract words)": partial(geometry, document, image, words),
            "geometry (text-layer words)": partial(geometry, document, image, text_words),
        }
        if layout:
            methods["pymupdf.layout (Tesseract words)"] = partial(
                layout_on_image, document, image, words
            )
        for name, run in methods.items():
            _timed(tallies[split, name], truth, run)
        listing.append(f"{path.name} p{index + 1} ({split})")
    lines = [f"\nPages: {', '.join(listing)}\n"]
    for split in ("dev", "test"):
        n = sum(1 for item in listing if f"({split})" in item)
        title = f"**{split}** ({n} pages, rendered at {RENDER_DPI:.0f} dpi)"
        lines += _section(title, tallies, split, plain[split])
    return lines


def negatives(n_docs: int, n_receipts: int, parser: Parser, tmp: Path) -> list[str]:
    from docparse.evaluation.synth.pipeline import synthesize

    with_tables = 0
    for seed in range(n_docs):
        doc = synthesize("document", 1000 + seed)
        path = tmp / f"doc-{seed}.png"
        doc.image.save(path)
        _, words = tesseract_words(parser, path)
        with_tables += bool(find_tables(words, doc.image))
    receipts = sorted((SROIE / "img").glob("*.jpg"))[:n_receipts]
    receipt_tables = []
    for path in receipts:
        image = Image.open(path).convert("RGB")
        _, words = tesseract_words(parser, path)
        found = find_tables(words, image)
        if found:
            receipt_tables.append(
                f"{path.name}: " + ", ".join(f"{t.rows}×{t.cols} {t.method}" for t, _ in found)
            )
    return [
        f"\nSynthetic documents (no tables): {with_tables}/{n_docs} pages given a table "
        f"({with_tables / max(1, n_docs):.1%}).",
        f"\nSROIE receipts: {len(receipt_tables)}/{len(receipts)} given a table "
        f"({len(receipt_tables) / max(1, len(receipts)):.1%}): "
        + ("; ".join(receipt_tables) or "none"),
    ]


def born_digital_agreement(layout: bool) -> list[str]:
    """On every realdocs page: tables PyMuPDF finds by lines vs. gated by its layout model."""
    if not layout:
        return []
    lines_only = gated = same = pages = 0
    seconds = {"lines": 0.0, "layout": 0.0}
    for path in sorted(REALDOCS.glob("*.pdf")):
        with pymupdf.open(path) as pdf:
            for index in range(min(pdf.page_count, 4)):
                pages += 1
                t0 = time.process_time()
                a = vector_tables(pdf[index], 72.0, use_layout=False)
                t1 = time.process_time()
                b = vector_tables(pdf[index], 72.0, use_layout=True)
                t2 = time.process_time()
                seconds["lines"] += t1 - t0
                seconds["layout"] += t2 - t1
                lines_only += len(a)
                gated += len(b)
                same += sum(
                    1
                    for x in b
                    if any(x.row_edges == y.row_edges and x.col_edges == y.col_edges for y in a)
                )
    return [
        f"\nRealdocs born-digital pages (first 4 pages of each file, {pages} pages): "
        f"find_tables by lines {lines_only} tables ({seconds['lines'] / pages:.2f} s/page); "
        f"gated by pymupdf.layout {gated} ({seconds['layout'] / pages:.2f} s/page), "
        f"{same} of them identical to a lines table."
    ]


def main() -> None:
    parser_ = argparse.ArgumentParser()
    parser_.add_argument("--synth", type=int, default=8)
    parser_.add_argument("--realdocs", type=int, default=12, help="pages per split")
    parser_.add_argument("--negatives", type=int, default=20)
    parser_.add_argument("--receipts", type=int, default=30)
    parser_.add_argument("--no-layout", action="store_true")
    parser_.add_argument("--write", type=Path)
    args = parser_.parse_args()
    layout = not args.no_layout
    if layout:
        import pymupdf.layout  # noqa: F401  # activates PyMuPDF's layout model
    parser = Parser(ParseOptions(engine="tesseract", tables=False))
    tmp = Path(tempfile.mkdtemp(prefix="tables_bench_"))
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        "# Tables benchmark",
        "",
        f"Run {started} on {platform.machine()} 2-core CPU, no GPU (shared with other jobs: "
        "s/page is CPU time of the table step alone, not the OCR). "
        f"`python benchmarks/tables.py {' '.join(sys.argv[1:])}`.",
        "",
        "## Synthetic tables, image (Tesseract engine)",
    ]
    out += synthetic_images(args.synth, parser, layout, tmp)
    out += ["", "## Synthetic tables, born-digital PDF"]
    out += synthetic_pdfs(args.synth, layout)
    if REALDOCS.is_dir():
        out += ["", "## Realdocs table pages, rendered (reference: their vector tables)"]
        out += realdocs(args.realdocs, parser, layout, tmp)
        out += born_digital_agreement(layout)
    out += ["", "## Pages without tables"]
    out += negatives(args.negatives, args.receipts if SROIE.is_dir() else 0, parser, tmp)
    text = "\n".join(out) + "\n"
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
