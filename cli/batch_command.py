"""``docparse batch``: a folder in, the same tree of outputs out, with a manifest that lets
an interrupted run resume where it stopped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn

from docparse.batch import manifest
from docparse.batch.jobs import Batch, prepare
from docparse.batch.layout import remove_partials
from docparse.batch.summary import failures_table, summary_table
from docparse.batch.walk import walk
from docparse.batch.worker import Result, convert, lost
from docparse.cli import console
from docparse.cli.format_options import OutFormats
from docparse.cli.options import EngineFlags, Password, Quiet
from docparse.cli.overwrite import refuse_overwriting_inputs
from docparse.cli.progress import progress as long_run_progress
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
from docparse.engines.registry import get_spec
from docparse.errors import DocparseError
from docparse.formats.registry import parse_format_list
from docparse.options_key import options_key
from docparse.pipeline import Parser
from docparse.workers import PoolAborted, WorkerPlan, WorkerPool, on_ray, plan_workers

EXAMPLES = """
Examples:

  docparse batch scans/ -o results/

  docparse batch archive/ -o out/ --out json,md --workers 2 --max-pages 200

  docparse batch receipts/ -o out/ --page-timeout 60 --engine tesseract --lang kor

  docparse batch archive/ -o searchable/ --out pdf --text-layer redo

Run the same command again after an interruption: inputs already done with the same
content and options are skipped. Every input gets a line in OUT/manifest.jsonl.
"""

INTERRUPTED_EXIT = 130


def batch(
    in_dir: Annotated[Path, typer.Argument(help="Folder of PDFs and images, read recursively.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the outputs and manifest.jsonl.")
    ],
    out: OutFormats = "json",
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Parallel workers (default: one per core; varco: per GPU)."),
    ] = None,
    max_pages: Annotated[
        int | None,
        typer.Option(min=1, help="Read at most this many pages of a file; warn about the rest."),
    ] = None,
    page_timeout: Annotated[
        float | None,
        typer.Option(min=0.1, help="Seconds one page may take; past it the file fails."),
    ] = None,
    password: Password = None,
    pages: Pages = None,
    text_layer: TextLayer = DEFAULTS.text_layer,
    target_long_side: TargetLongSide = DEFAULTS.target_long_side,
    rotate_pages: RotatePages = DEFAULTS.geometry.rotate_pages,
    deskew: Deskew = DEFAULTS.geometry.deskew,
    min_confidence: MinConfidence = DEFAULTS.min_confidence,
    max_image_pixels: MaxImagePixels = DEFAULTS.max_image_pixels,
    tables: Tables = DEFAULTS.tables,
    ray: Annotated[
        bool,
        typer.Option(
            help="Workers as Ray actors: the cluster named by RAY_ADDRESS, else a local Ray "
            "(inputs and outputs on a filesystem every node sees)."
        ),
    ] = False,
    gpus_per_worker: Annotated[
        float, typer.Option(min=0, help="With --ray: GPUs per worker (1 for --engine varco).")
    ] = 0.0,
    quiet: Quiet = False,
    flags: EngineFlags = None,  # type: ignore[assignment]  # filled by options.with_engine_flags
) -> None:
    """Read every file under a folder, in parallel, into a mirrored tree of outputs."""
    try:
        formats = parse_format_list(out)
    except ValueError as problem:
        _usage(str(problem))
    if not in_dir.is_dir():
        _usage(f"{in_dir}: not a folder")
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
        max_pages=max_pages,
    )
    try:
        engine = Parser(options).engine_name
    except DocparseError as problem:
        _usage(str(problem))
    status = get_spec(engine).status(options.options_of(engine))
    if not status.available:
        _usage(f"{engine}: {status.reason}; fix: {status.fix}")
    digest = options_key(options, engine)
    manifest_path = output / manifest.MANIFEST_NAME
    found = walk(in_dir, exclude=output)
    work = prepare(found, formats, output, digest, manifest.finished(manifest_path))
    refuse_overwriting_inputs(
        [item.root / item.relative for item in found],
        [path for task in work.tasks for path in task.outputs.values()],
    )
    remove_partials(output)
    entries = list(work.unsupported)
    with manifest.ManifestWriter(manifest_path) as writer:  # SIGTERM: cli.interrupts
        for entry in work.unsupported:
            writer.write(entry)
            if not quiet:
                console.warn(f"{entry.path}: skipped: {entry.error}")
        try:
            plan = plan_workers(options, engine, workers)
            if ray:
                plan = on_ray(options, engine, len(plan.options), gpus_per_worker)
            _run(work, _pool_events(work, plan, page_timeout), quiet, writer, entries)
        except PoolAborted as problem:
            console.error(str(problem))
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            _summarise(entries)
            console.error(
                f"interrupted after {len(entries) - len(work.unsupported)} of "
                f"{len(work.tasks)} files; run the same command again to resume"
            )
            raise typer.Exit(INTERRUPTED_EXIT) from None
        finally:
            remove_partials(output)
    _summarise(entries)
    raise typer.Exit(1 if any(entry.status == "failed" for entry in entries) else 0)


def _pool_events(work: Batch, plan: WorkerPlan, page_timeout: float | None) -> Iterator[object]:
    with WorkerPool(plan, convert, lost, page_timeout) as pool:
        yield from pool.run(work.tasks)


def _run(
    work: Batch,
    events: Iterator[object],
    quiet: bool,
    writer: manifest.ManifestWriter,
    entries: list[manifest.ManifestEntry],
) -> None:
    progress = long_run_progress(
        "file",
        TextColumn("files"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[pages]} pages, {task.fields[failed]} failed"),
        TimeRemainingColumn(),
        quiet=quiet,
    )
    pages = failed = 0
    with progress:
        bar = progress.add_task("batch", total=len(work.tasks), pages=0, failed=0)
        for event in events:
            if not isinstance(event, Result):
                pages += 1
                progress.update(bar, pages=pages)
                continue
            entry = work.entry(event)
            writer.write(entry)
            entries.append(entry)
            failed += entry.status == "failed"
            progress.update(bar, advance=1, failed=failed)
            _report(entry, quiet)


def _report(entry: manifest.ManifestEntry, quiet: bool) -> None:
    if entry.status == "failed":
        console.error(f"{entry.path}: {entry.error}")
    elif not quiet:
        for warning in entry.warnings:
            console.warn(f"{entry.path}: {warning}")


def _summarise(entries: list[manifest.ManifestEntry]) -> None:
    console.stdout.print(summary_table(entries))
    if (failures := failures_table(entries)) is not None:
        console.stdout.print(failures)


def _usage(message: str) -> NoReturn:
    console.error(message)
    raise typer.Exit(2)
