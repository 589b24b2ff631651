"""Tables benchmark: structure (cell-adjacency F1, ICDAR 2013), adjacency F1 by text and cell
text accuracy (see docparse.evaluation.table_metrics), for each way of finding tables.

    docparse bench tables [--synth 5] [--realdocs 10] [--negatives 20] [--receipts 30]
        [--engine tesseract,ppocr] [--layout] [--markdown benchmarks/results/tables.md]

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
rendered at 200 dpi. Files split by sha256 (docparse.evaluation.splits: first hex digit 0-7
dev, 8-f test). Negatives: synthetic documents (no tables) and SROIE receipts (first N of
each split): pages given a table, each listed with its first row so it can be checked by eye
(a receipt's item list or tax summary is a table; its totals and header fields are not).
The plain `tesseract IMG - -l kor+eng` baseline has no tables: its column is the share of true
non-empty cells whose text appears in its output (whitespace removed), an upper bound on what a
table built from it could read.
"""

from __future__ import annotations

import platform
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from hashlib import sha256
from pathlib import Path

import pymupdf
from PIL import Image

from docparse.evaluation.real_bench import default_pdf_dir
from docparse.evaluation.splits import Split, split_of
from docparse.evaluation.synth.tables import STYLES, TablePage, table_page, table_pdf
from docparse.evaluation.table_metrics import TableScore, score_page
from docparse.formats import pdf_format
from docparse.io.pdf import rasterise, text_layer_words
from docparse.io.pdf_tables import vector_tables
from docparse.model import Document, Table, Word
from docparse.pipeline import ParseOptions, Parser
from docparse.tables import find_tables
from docparse.tables.pdf_tables import pdf_tables

RENDER_DPI = 200.0
SPLITS: tuple[Split, ...] = ("dev", "test")

Progress = Callable[[str], None]


def default_sroie_dir() -> Path:
    """``../shared/datasets/sroie`` beside the repository this package lives in."""
    return default_pdf_dir().parent / "sroie"


@dataclass
class TableBenchSettings:
    engines: list[str] = field(default_factory=lambda: ["tesseract"])
    synth: int = 5  # seeds per style and language
    realdocs: int = 10  # table pages per split
    negatives: int = 20  # synthetic documents without tables
    receipts: int = 30  # SROIE receipts per split
    layout: bool = False  # also PyMuPDF's layout model (slow)
    realdocs_dir: Path = field(default_factory=default_pdf_dir)
    sroie_dir: Path = field(default_factory=default_sroie_dir)


@dataclass
class Tally:
    score: TableScore = field(default_factory=TableScore)
    seconds: float = 0.0
    pages: int = 0

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


@dataclass
class Bench:
    """One run's state: parsers per engine, tallies by (group, method), summary lines."""

    settings: TableBenchSettings
    progress: Progress
    tmp: Path
    parsers: dict[str, Parser] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)

    def words(self, engine: str, image_path: Path) -> tuple[Document, list[Word]]:
        if engine not in self.parsers:
            self.parsers[engine] = Parser(ParseOptions(engine=engine, tables=False))
        document = self.parsers[engine].parse(image_path)
        return document, list(document.pages[0].words())


def run_table_bench(settings: TableBenchSettings, progress: Progress) -> str:
    """The benchmark's Markdown: a summary against the issue's targets, then each case."""
    if settings.layout:
        import pymupdf.layout  # noqa: F401  # activates PyMuPDF's layout model
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    with tempfile.TemporaryDirectory(prefix="tables_bench_") as folder:
        bench = Bench(settings, progress, Path(folder))
        details = ["## Synthetic tables, image"]
        details += synthetic_images(bench)
        details += ["", "## Synthetic tables, born-digital PDF"]
        details += synthetic_pdfs(bench)
        if settings.realdocs and settings.realdocs_dir.is_dir():
            details += ["", "## Realdocs table pages, rendered (reference: their vector tables)"]
            details += realdocs(bench)
            details += born_digital_agreement(bench)
            details += born_digital_borderless(bench)
        details += ["", "## Pages without tables"]
        details += negatives(bench)
    engines = ", ".join(settings.engines)
    head = [
        "# Tables benchmark",
        "",
        f"Run {started} on a 2-core {platform.machine()} CPU, no GPU (shared machine: s/page is "
        "CPU time of the table step alone, not the OCR); engines: "
        f"{engines}. `docparse bench tables --synth {settings.synth} --realdocs "
        f"{settings.realdocs} --negatives {settings.negatives} --receipts {settings.receipts} "
        f"--engine {','.join(settings.engines)}{' --layout' if settings.layout else ''}`.",
        "",
        "## Summary",
        "",
        "| case | target | engine | measured |",
        "|---|---|---|---|",
        *bench.summary,
        "",
    ]
    return "\n".join(head + details) + "\n"


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


def _image_methods(
    bench: Bench, engine: str, document: Document, image: Image.Image, words: list[Word]
) -> dict[str, Callable[[], list[Table]]]:
    methods: dict[str, Callable[[], list[Table]]] = {
        f"geometry ({engine} words)": partial(geometry, document, image, words)
    }
    if bench.settings.layout:
        methods[f"pymupdf.layout ({engine} words)"] = partial(
            layout_on_image, document, image, words
        )
    return methods


def synthetic_images(bench: Bench) -> list[str]:
    n = bench.settings.synth
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    plain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for style in STYLES:
        bench.progress(f"synthetic {style} tables: {2 * n} pages")
        for language in ("ko", "en"):
            for seed in range(n):
                page = table_page(style, language, seed)
                path = bench.tmp / f"{style}-{language}-{seed}.png"
                page.image.save(path)
                found_plain, total = plain_tesseract_cells(path, page.tables)
                plain[style][0] += found_plain
                plain[style][1] += total
                methods = {"geometry (true words)": partial(geometry, None, page.image, page.words)}
                for engine in bench.settings.engines:
                    document, words = bench.words(engine, path)
                    methods |= _image_methods(bench, engine, document, page.image, words)
                for name, run in methods.items():
                    _timed(tallies[style, name], page.tables, run)
    lines = []
    for style in STYLES:
        title = f"**{style}** ({2 * n} pages, Korean and English)"
        lines += _section(title, tallies, style, plain[style])
        for engine in bench.settings.engines:
            tally = tallies[style, f"geometry ({engine} words)"]
            target = {"ruled": "≥ 0.95", "borderless": "≥ 0.85"}.get(style, "—")
            bench.summary.append(
                f"| synthetic {style}: structure F1 | {target} | {engine} | "
                f"{tally.score.structure_f1:.3f} ({tally.score.paired_tables}/"
                f"{tally.score.true_tables} tables found) |"
            )
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


def synthetic_pdfs(bench: Bench) -> list[str]:
    n, layout = bench.settings.synth, bench.settings.layout
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    bench.progress(f"synthetic born-digital PDFs: {2 * n * len(STYLES)}")
    for style in STYLES:
        for language in ("ko", "en"):
            for seed in range(n):
                page = table_page(style, language, seed)
                with pymupdf.open(stream=table_pdf(page), filetype="pdf") as pdf:
                    pdf_page = pdf[0]
                    words = text_layer_words(pdf_page, page.dpi)
                    image = rasterise(pdf_page, page.dpi)
                    methods = {
                        "docparse (pymupdf lines + alignment)": partial(
                            _born_digital, pdf_page, words, page
                        ),
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
        score = tallies[style, "docparse (pymupdf lines + alignment)"].score
        bench.summary.append(
            f"| born-digital synthetic {style}: structure F1 (PDF lines + text-layer "
            f"alignment) | as PyMuPDF | text layer | {score.structure_f1:.3f} |"
        )
    return lines


def _born_digital(pdf_page: pymupdf.Page, words: list[Word], page: TablePage) -> list[Table]:
    """What docparse does on a born-digital page: the PDF's ruled tables, then borderless
    ones aligned in the text layer's words they did not take."""
    return [t for t, _ in find_tables(words, vector=vector_tables(pdf_page, page.dpi))]


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


def _split(path: Path) -> Split:
    return split_of(sha256(path.read_bytes()).hexdigest())


def realdocs_pages(folder: Path, limit: int) -> list[tuple[Path, int, Split]]:
    """(file, page index, split) of pages with a vector table, at most ``limit`` per split."""
    chosen: dict[str, list[tuple[Path, int, Split]]] = {"dev": [], "test": []}
    for path in sorted(folder.glob("*.pdf")):
        split = _split(path)
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


def realdocs(bench: Bench) -> list[str]:
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    plain: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    listing = []
    pages = realdocs_pages(bench.settings.realdocs_dir, bench.settings.realdocs)
    for number, (path, index, split) in enumerate(pages, start=1):
        bench.progress(f"realdocs {number}/{len(pages)}: {path.name} p{index + 1} ({split})")
        with pymupdf.open(path) as pdf:
            pdf_page = pdf[index]
            text_words = text_layer_words(pdf_page, RENDER_DPI)
            truth = [t for t, _ in pdf_tables(vector_tables(pdf_page, RENDER_DPI), text_words)]
            truth = [t for t in truth if _substantial(t)]
            image = rasterise(pdf_page, RENDER_DPI)
        png = bench.tmp / f"{path.stem}-{index}.png"
        image.save(png)
        found_plain, total = plain_tesseract_cells(png, truth)
        plain[split][0] += found_plain
        plain[split][1] += total
        methods = {"geometry (text-layer words)": partial(geometry, None, image, text_words)}
        for engine in bench.settings.engines:
            document, words = bench.words(engine, png)
            methods |= _image_methods(bench, engine, document, image, words)
        for name, run in methods.items():
            _timed(tallies[split, name], truth, run)
        listing.append(f"{path.name} p{index + 1} ({split})")
    lines = [f"\nPages: {', '.join(listing)}\n"]
    for split in SPLITS:
        n = sum(1 for item in listing if f"({split})" in item)
        title = f"**{split}** ({n} pages, rendered at {RENDER_DPI:.0f} dpi)"
        lines += _section(title, tallies, split, plain[split])
        for engine in bench.settings.engines:
            score = tallies[split, f"geometry ({engine} words)"].score
            bench.summary.append(
                f"| realdocs {split} split ({n} pages, 200 dpi): structure F1 vs vector tables "
                f"| ≥ 0.85 | {engine} | {score.structure_f1:.3f} |"
            )
    return lines


def negatives(bench: Bench) -> list[str]:
    from docparse.evaluation.synth.pipeline import synthesize

    settings = bench.settings
    lines = []
    for engine in settings.engines:
        with_tables = 0
        bench.progress(f"{engine}: {settings.negatives} synthetic documents without tables")
        for seed in range(settings.negatives):
            doc = synthesize("document", 1000 + seed)
            path = bench.tmp / f"doc-{seed}.png"
            doc.image.save(path)
            _, words = bench.words(engine, path)
            with_tables += bool(find_tables(words, doc.image))
        lines.append(
            f"\n{engine}: synthetic documents (no tables): {with_tables}/{settings.negatives} "
            f"pages given a table ({with_tables / max(1, settings.negatives):.1%})."
        )
        bench.summary.append(
            f"| false tables, synthetic documents | ≤ 2% | {engine} | "
            f"{with_tables}/{settings.negatives} |"
        )
        if settings.receipts and (settings.sroie_dir / "img").is_dir():
            lines += _receipts(bench, engine)
    return lines


def _receipts(bench: Bench, engine: str) -> list[str]:
    """Receipts given a table, per split, each table listed with its first row."""
    by_split: dict[str, list[Path]] = {"dev": [], "test": []}
    for path in sorted((bench.settings.sroie_dir / "img").glob("*.jpg")):
        by_split[_split(path)].append(path)
    lines = []
    for split in SPLITS:
        receipts = by_split[split][: bench.settings.receipts]
        listed = []
        for number, path in enumerate(receipts, start=1):
            bench.progress(f"{engine}: receipt {number}/{len(receipts)} ({split}) {path.name}")
            image = Image.open(path).convert("RGB")
            _, words = bench.words(engine, path)
            found = find_tables(words, image)
            if found:
                listed.append(f"- {path.name}: " + "; ".join(_describe(t) for t, _ in found))
        share = f"{len(listed)}/{len(receipts)}"
        lines += [
            f"\n{engine}, SROIE receipts, {split} split: {share} given a table "
            f"({len(listed) / max(1, len(receipts)):.1%}):\n",
            *listed,
        ]
        bench.summary.append(
            f"| SROIE receipts ({split}) given a table (item lists and tax summaries are "
            f"tables; check the list) | — | {engine} | {share} |"
        )
    return lines


def _describe(table: Table) -> str:
    first = " | ".join(text.strip()[:20] for text in table.text_grid()[0])
    return f"{table.rows}×{table.cols} {table.method} `{first}`"


def born_digital_agreement(bench: Bench) -> list[str]:
    """On every realdocs page: tables PyMuPDF finds by lines vs. gated by its layout model."""
    if not bench.settings.layout:
        return []
    lines_only = gated = same = pages = 0
    seconds = {"lines": 0.0, "layout": 0.0}
    for path in sorted(bench.settings.realdocs_dir.glob("*.pdf")):
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


def born_digital_borderless(bench: Bench) -> list[str]:
    """Borderless tables docparse adds on realdocs' born-digital pages (first 4 pages of each
    file), each listed with its first row: the check that aligned text-layer words are not
    taken for tables where there are none."""
    pages = 0
    listed = []
    for path in sorted(bench.settings.realdocs_dir.glob("*.pdf")):
        with pymupdf.open(path) as pdf:
            for index in range(min(pdf.page_count, 4)):
                pages += 1
                words = text_layer_words(pdf[index], 72.0)
                found = find_tables(words, vector=vector_tables(pdf[index], 72.0))
                aligned = [t for t, _ in found if t.method == "alignment"]
                if aligned:
                    described = "; ".join(_describe(t) for t in aligned)
                    listed.append(f"- {path.name} p{index + 1}: {described}")
    bench.summary.append(
        f"| realdocs born-digital pages given a borderless table (check the list) | — | "
        f"text layer | {len(listed)}/{pages} |"
    )
    return [
        f"\nRealdocs born-digital pages given a borderless table (text-layer alignment, beside "
        f"the PDF's ruled tables): {len(listed)}/{pages}:\n",
        *listed,
    ]
