"""``docparse bench real``: engines on real PDF pages (upright and degraded) beside plain
Tesseract; the tables go to OUT/real.md and OUT/real.json."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Annotated

import typer

from docparse.cli import console
from docparse.cli.options import Overwrite
from docparse.cli.overwrite import refuse_existing
from docparse.errors import DocparseError, InputError
from docparse.evaluation.real_bench import (
    DEFAULT_DPIS,
    BenchResult,
    BenchSettings,
    default_pdf_dir,
    run_bench,
)
from docparse.evaluation.real_pages import SKEW_ANGLES, STEEP_SKEWS, VARIANTS
from docparse.evaluation.real_report import markdown
from docparse.evaluation.splits import SplitChoice
from docparse.io.atomic import write_text_atomic

REAL_EXAMPLES = """
Examples:

  docparse bench real                       # ../shared/datasets/realdocs, test split

  docparse bench real pdfs/ --engine tesseract,auto --variants upright,rot90,blur

  docparse bench real --split dev --dpi 200 --limit 5 --workers 2

  docparse bench real --markdown real-test.md        # a copy of the tables; kept if there
"""


def _listed(option: str, text: str) -> list[str]:
    values = [part.strip() for part in text.split(",") if part.strip()]
    if not values:
        console.error(f"{option}: empty list")
        raise typer.Exit(2)
    return values


def _dpis(text: str) -> list[int]:
    try:
        dpis = [int(value) for value in _listed("--dpi", text)]
    except ValueError:
        console.error(f"--dpi {text}: give whole numbers, e.g. 200,150,300")
        raise typer.Exit(2) from None
    if any(not 50 <= dpi <= 600 for dpi in dpis):
        console.error(f"--dpi {text}: each between 50 and 600")
        raise typer.Exit(2)
    return list(dict.fromkeys(dpis))


def real(
    pdf_dir: Annotated[
        Path | None,
        typer.Argument(help="Folder of born-digital PDFs (default ../shared/datasets/realdocs)."),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="docparse engines to measure, comma-separated.")
    ] = "auto",
    variants: Annotated[
        str,
        typer.Option(
            help=f"Variants, comma-separated: {','.join(VARIANTS)} (skew+N: N° counter-"
            f"clockwise; N in {SKEW_ANGLES}, both ways, and {STEEP_SKEWS})."
        ),
    ] = ",".join(VARIANTS),
    dpi: Annotated[
        str, typer.Option(help="Render dpis: the first gets every variant, the rest upright.")
    ] = ",".join(str(d) for d in DEFAULT_DPIS),
    split: Annotated[
        SplitChoice,
        typer.Option(help="Files by sha256: first hex digit 0-7 dev, 8-f test."),
    ] = "test",
    pages: Annotated[int, typer.Option(min=1, max=3, help="First pages of each PDF.")] = 3,
    variant_pages: Annotated[
        int, typer.Option(min=1, max=3, help="Of those, how many get the degraded variants.")
    ] = 1,
    limit: Annotated[int | None, typer.Option(min=1, help="First N PDFs of the split.")] = None,
    variant_docs: Annotated[
        int | None,
        typer.Option(min=1, help="Degraded variants on N PDFs per language (sha256 order)."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Pages read in parallel.")] = 1,
    out: Annotated[
        Path, typer.Option(help="Work folder: images, predictions (reused), real.md, real.json.")
    ] = Path("bench-real"),
    markdown_copy: Annotated[
        Path | None, typer.Option("--markdown", help="Also write the tables to this file.")
    ] = None,
    reuse_cached: Annotated[
        bool,
        typer.Option(help="Score predictions cached in --out by earlier engine code (labelled)."),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
    overwrite: Overwrite = False,
) -> None:
    """Accuracy (PopEval, CER) and CPU time on real PDF pages, beside plain Tesseract."""
    if markdown_copy is not None:  # a results file kept by hand: never replaced unasked
        refuse_existing([markdown_copy], overwrite)
    folder = pdf_dir if pdf_dir is not None else default_pdf_dir()
    if not folder.is_dir():
        console.error(f"{folder}: not a directory (give a folder of PDFs)")
        raise typer.Exit(2)
    unknown = [v for v in _listed("--variants", variants) if v not in VARIANTS]
    if unknown:
        console.error(f"--variants: unknown {', '.join(unknown)}; known: {', '.join(VARIANTS)}")
        raise typer.Exit(2)
    settings = BenchSettings(
        pdf_dir=folder,
        out=out,
        engines=list(dict.fromkeys(_listed("--engine", engine))),
        dpis=_dpis(dpi),
        variants=_listed("--variants", variants),
        split=split,
        pages=pages,
        variant_pages=min(variant_pages, pages),
        limit=limit,
        variant_docs=variant_docs,
        workers=workers,
        reuse_cached=reuse_cached,
    )

    def progress(line: str) -> None:
        if not quiet:
            console.stderr.print(line, markup=False)

    try:
        result = run_bench(settings, progress)
    except InputError as problem:
        console.error(str(problem))
        raise typer.Exit(2) from None
    except DocparseError as problem:
        console.error(str(problem))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        console.error(f"interrupted; rerun the same command to resume from {out}")
        raise typer.Exit(130) from None
    text = markdown(result, header(result))
    try:
        write_text_atomic(out / "real.json", result.model_dump_json(indent=1))
        write_text_atomic(out / "real.md", text)
        if markdown_copy is not None:
            write_text_atomic(markdown_copy, text)
    except OSError as problem:
        console.error(f"{problem.filename}: {problem.strerror}")
        raise typer.Exit(2) from None
    console.stdout.print(text, markup=False)
    console.stderr.print(f"tables: {out / 'real.md'}; scores: {out / 'real.json'}")
    failed = sum(score.error is not None for score in result.scores)
    raise typer.Exit(1 if failed else 0)


def header(result: BenchResult) -> str:
    settings = result.settings
    versions = ", ".join(f"{name} {value}" for name, value in result.versions.items())
    return "\n".join(
        [
            f"Run {result.started} on a {os.cpu_count()}-core {platform.machine()} CPU "
            f"({settings.workers} worker(s)); {result.wall_seconds:.0f} s wall; {versions}.",
            f"Documents: {settings.pdf_dir.name}, {settings.split} split (sha256 first hex "
            f"digit 0-7 dev, 8-f test), first {settings.pages} page(s) each; degraded "
            f"variants on the first {settings.variant_pages} page(s) at {settings.dpis[0]} dpi"
            + (
                f" of {settings.variant_docs} PDF(s) per language (sha256 order)."
                if settings.variant_docs
                else "."
            ),
            *(
                [
                    "Predictions reused from the cache whatever engine code made them "
                    "(--reuse-cached): they may predate the current engine code."
                ]
                if settings.reuse_cached
                else []
            ),
            "Truth: each page's own text layer (NFKC); PopEval micro-averaged over images "
            "(characters summed); CER over each page's words joined by spaces, in each side's "
            "own order.",
        ]
    )
