"""``docparse ocr``: files in, documents out; one bad file never stops the others."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from docparse.cli import console
from docparse.cli.format_options import OptionalOutFormats
from docparse.cli.options import EngineFlags, Overwrite, Password, Quiet
from docparse.cli.outputs import (
    OutputPlan,
    format_for_suffix,
    output_folder,
    print_document,
    refuse_unwritable,
)
from docparse.cli.overwrite import refuse_existing, refuse_overwriting_inputs
from docparse.cli.progress import page_progress
from docparse.cli.reading_options import (
    DEFAULTS,
    Deskew,
    MaxImagePixels,
    MinConfidence,
    Pages,
    RotatePages,
    Tables,
    TargetLongSide,
    TextLayer,
    parse_options,
)
from docparse.errors import DocparseError, EngineUnavailable
from docparse.formats.registry import parse_format_list
from docparse.formats.streaming import write_pages
from docparse.io.paths import expand_inputs
from docparse.model import Document, Page
from docparse.page_jobs import default_jobs, page_reader
from docparse.pipeline import PageCallback, PageReader, Parser

EXAMPLES = """
Examples:

  docparse ocr samples/invoice.pdf --out json

  docparse ocr scans/*.png --out md,json -o results/

  docparse ocr report.pdf --pages 1-3,7 --out docx -o report.docx

  docparse ocr receipt.jpg --engine tesseract --lang kor

  docparse ocr scanned.pdf --text-layer redo --out pdf -o searchable.pdf

  docparse ocr photos/ --no-rotate-pages --min-confidence 0.5

  docparse ocr scan.pdf --jobs 2 --out pdf -o scan.ocr.pdf
"""


def ocr(
    files: Annotated[list[str], typer.Argument(help="PDFs, images, globs or directories.")],
    out: OptionalOutFormats = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="File (its suffix picks the format when --out is not given), directory "
            "(existing, or ending with /) for several inputs or formats, or - for stdout.",
        ),
    ] = None,
    pages: Pages = None,
    text_layer: TextLayer = DEFAULTS.text_layer,
    target_long_side: TargetLongSide = DEFAULTS.target_long_side,
    rotate_pages: RotatePages = DEFAULTS.geometry.rotate_pages,
    deskew: Deskew = DEFAULTS.geometry.deskew,
    min_confidence: MinConfidence = DEFAULTS.min_confidence,
    password: Password = None,
    max_image_pixels: MaxImagePixels = DEFAULTS.max_image_pixels,
    tables: Tables = DEFAULTS.tables,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Pages of a file read in parallel processes (default: one per core).",
        ),
    ] = None,
    quiet: Quiet = False,
    overwrite: Overwrite = False,
    flags: EngineFlags = None,  # type: ignore[assignment]  # filled by options.with_engine_flags
) -> None:
    """Recognise text with boxes, lines and blocks in reading order."""
    try:
        formats = parse_format_list(out if out is not None else format_for_suffix(output))
    except ValueError as problem:
        console.error(str(problem))
        raise typer.Exit(2) from None
    inputs = expand_inputs(files, exclude=output_folder(output))
    if not inputs:
        console.error("no input files found")
        raise typer.Exit(2)
    plan = OutputPlan(inputs, formats, output)
    if (problem := plan.usage_problem()) is not None:
        console.error(problem)
        raise typer.Exit(2)
    destinations = plan.destinations(inputs, pages)
    refuse_overwriting_inputs(inputs, destinations)
    refuse_existing(destinations, overwrite)
    refuse_unwritable({destination.parent for destination in destinations})
    options = parse_options(
        flags,
        pages=pages,
        text_layer=text_layer,
        target_long_side=target_long_side,
        rotate_pages=rotate_pages,
        deskew=deskew,
        min_confidence=min_confidence,
        max_image_pixels=max_image_pixels,
        tables=tables,
        password=password,
    )
    try:
        parser = Parser(options)
    except DocparseError as problem:
        console.error(str(problem))
        raise typer.Exit(2) from None
    with parser:  # closes the engine
        failures = _run(parser, inputs, plan, quiet, jobs or default_jobs())
    raise typer.Exit(1 if failures else 0)


def _run(parser: Parser, inputs: list[Path], plan: OutputPlan, quiet: bool, jobs: int) -> int:
    read_pages = page_reader(parser, jobs)
    failures = 0
    progress = page_progress(quiet)
    with progress:
        for path in inputs:
            task = progress.add_task(path.name, total=None)
            try:
                document, warnings, unread = _convert(
                    parser,
                    read_pages,
                    path,
                    plan,
                    on_page=lambda done, total, task=task: progress.update(
                        task, completed=done, total=total
                    ),
                )
            except EngineUnavailable as problem:
                console.error(str(problem))
                raise typer.Exit(2) from None
            except DocparseError as problem:
                console.error(f"{path}: {problem}")
                failures += 1
                continue
            except BrokenPipeError:
                raise  # stdout's reader is gone (| head): the run ends, quietly (click)
            except OSError as problem:  # an output that could not be written
                _unwritten(path, problem)
                failures += 1
                continue
            finally:
                progress.remove_task(task)
            for warning in warnings:  # a page that could not be read is an error, -q or not
                if warning in unread:
                    console.error(f"{path}: {warning}")
                elif not quiet:
                    console.warn(f"{path}: {warning}")
            try:
                if not _write_whole(document, plan, path, several=len(inputs) > 1):
                    failures += 1
                    continue
            except BrokenPipeError:
                raise
            except OSError as problem:
                _unwritten(path, problem)
                failures += 1
                continue
            if unread:  # the other pages are written; the run still reports the failure
                failures += 1
    return failures


def _unwritten(path: Path, problem: OSError) -> None:
    """One line for a file whose reading or writing failed on the file system."""
    if problem.filename is not None and Path(problem.filename) == path:
        console.error(f"{path}: cannot read it: {problem.strerror or problem}")
        return
    where = problem.filename or "its output"
    console.error(f"{path}: cannot write {where}: {problem.strerror or problem}")


def _write_whole(document: Document, plan: OutputPlan, path: Path, several: bool) -> bool:
    """The outputs of ``path`` written from the whole document, or printed; whether all
    were. An output that cannot be made (its source changed since it was read) is one
    line, and the other formats are still written."""
    written = True
    for fmt in plan.whole(path):
        destination = plan.destination(path, fmt)
        if destination is None:
            print_document(document, fmt, several=several)
            continue
        try:
            fmt.write(document, destination)
        except DocparseError as problem:
            console.error(f"{path}: {fmt.name}: {problem}")
            written = False
    return written


def _convert(
    parser: Parser,
    read_pages: PageReader | None,
    path: Path,
    plan: OutputPlan,
    on_page: PageCallback,
) -> tuple[Document, list[str], list[str]]:
    """Reads ``path``, writing its text formats to files page by page as the pages arrive.
    Returns the document, holding its pages only when another output needs them whole, and
    its warnings: the document's, then its pages', and the errors of the pages that could not
    be read (among the document's warnings too)."""
    document = parser.header(path)
    keep = bool(plan.whole(path))
    page_warnings: list[str] = []
    unread: list[str] = []

    def observed(pages: Iterator[Page]) -> Iterator[Page]:
        for page in pages:
            page_warnings.extend(page.numbered_warnings())
            if page.error is not None:
                unread.append(page.error)
            if keep:
                document.pages.append(page)
            yield page

    pages = parser.stream(document, on_page, read_pages)
    write_pages(document, observed(pages), plan.streamed(path))
    return document, document.warnings + page_warnings, unread
