"""``docparse eval``: PopEval and CER/WER of an engine on a dataset, or of prediction files."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer

from docparse.cli.options import EngineFlags, Quiet, engine_options
from docparse.errors import DocparseError, EngineUnavailable
from docparse.evaluation.loaders import (
    LINE_FORMATS,
    LINE_TRUTH_FORMATS,
    DatasetFormat,
    ImageGT,
)
from docparse.evaluation.popeval import ImageScore
from docparse.evaluation.report import (
    SHARED_FROM,
    EngineInfo,
    ImageResult,
    Report,
    RunSource,
    Sample,
    Timings,
    Totals,
    Versions,
    build_report_models,
    score,
    scored_each,
    scoring_workers,
    totals_of,
    upper_cased,
    versions_soon,
    write_report,
    write_worst,
)
from docparse.evaluation.runner import (
    Granularity,
    Outcome,
    PredictionCache,
    engine_jobs,
    engine_samples,
    eval_options,
    file_pairs,
    file_samples,
    in_split_images,
    load_gt,
    load_predictions,
    prediction_files,
    read_pair,
    run_engine,
    sample_name,
    split_cached,
    unmatched_predictions,
)
from docparse.evaluation.splits import SplitChoice
from docparse.evaluation.text_metrics import Normalization, TextScore

if TYPE_CHECKING:
    from rich.table import Table

EXAMPLES = """
Examples:

  docparse eval --dataset cord --data synth/cord --engine tesseract

  docparse eval --dataset icdar15 --data ic15/gt --images ic15/images --workers 4

  docparse eval --pred results/ --gt ic15/gt --pred-format icdar15

  docparse eval --dataset sroie --data sroie/ --split test --uppercase --baseline

  docparse eval --dataset sroie --data sroie/ --granularity words --ignore-spaces
"""
_SHOWN_WARNINGS = 5


def evaluate(
    dataset: Annotated[
        DatasetFormat | None,
        typer.Option(help="Layout of --data; the engine runs on its images."),
    ] = None,
    data: Annotated[Path | None, typer.Option(help="Dataset folder (ground truth).")] = None,
    images: Annotated[
        Path | None,
        typer.Option(help="Folder of the images, when not beside the GT or in ../images."),
    ] = None,
    pred: Annotated[
        Path | None, typer.Option(help="Folder of prediction files to score (no engine).")
    ] = None,
    gt: Annotated[Path | None, typer.Option(help="Ground-truth folder for --pred.")] = None,
    pred_format: Annotated[
        DatasetFormat, typer.Option(help="Format of --pred files (a line format).")
    ] = DatasetFormat.ICDAR15,
    gt_format: Annotated[
        DatasetFormat, typer.Option(help="Layout of --gt.")
    ] = DatasetFormat.ICDAR15,
    limit: Annotated[int | None, typer.Option(min=1, help="Score the first N images.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Engine processes (default 1), also reading and scoring the files "
            f"(default with --pred: every core from {SHARED_FROM} images on, else 1).",
        ),
    ] = None,
    report: Annotated[
        Path, typer.Option(help="Folder for report.json, worst/ and predictions/.")
    ] = Path("eval-report"),
    normalize: Annotated[
        bool, typer.Option(help="Also score after NFC, case folding and space collapsing.")
    ] = False,
    ignore_spaces: Annotated[
        bool, typer.Option(help="Normalise (--normalize) and also drop every space.")
    ] = False,
    uppercase: Annotated[
        bool, typer.Option(help="Upper-case predictions (for upper-case truths: SROIE).")
    ] = False,
    split: Annotated[
        SplitChoice, typer.Option(help="Images by sha256: first hex digit 0-7 dev, 8-f test.")
    ] = "all",
    baseline: Annotated[
        bool, typer.Option(help="Also run plain `tesseract IMG - -l kor+eng` on the images.")
    ] = False,
    granularity: Annotated[
        Literal["auto", "words", "lines"],
        typer.Option(
            help="Score the engine's words, or its lines (words joined by spaces); auto: "
            "lines where the truths are whole lines (sroie), else words.",
        ),
    ] = "auto",
    quiet: Quiet = False,
    flags: EngineFlags = None,  # type: ignore[assignment]  # filled by options.with_engine_flags
) -> None:
    """Score OCR with PopEval and CER/WER: an engine on a dataset, or prediction files."""
    started, clock = datetime.now(UTC), time.perf_counter()
    gt_dir, fmt, pred = _inputs(dataset, data, pred, gt, gt_format)
    on_dataset = pred is None
    if not on_dataset and pred_format not in LINE_FORMATS:
        _usage(f"--pred-format {pred_format.value}: choose from {', '.join(LINE_FORMATS)}")
    if images is not None:
        _folder("--images", images)
    try:
        report.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        _usage(f"--report {report}: {problem.strerror}")
    scored_as = _granularity(granularity, fmt)
    normalization = Normalization(remove_spaces=ignore_spaces)
    normalize = normalize or ignore_spaces
    asked = normalization if normalize else None
    engine, predict_s, score_s = None, 0.0, 0.0
    on_files = pred is not None and fmt in LINE_FORMATS
    meanwhile = _Meanwhile(frame=on_files)
    if on_files:  # files read where they are scored
        every_pair = file_pairs(gt_dir, pred, images)
        pairs = in_split_images(every_pair, split)[:limit]
        if not pairs:
            _usage(f"{gt_dir}: no {fmt.value} ground truth found")
        read = partial(read_pair, gt_format=fmt, pred_format=pred_format, uppercase=uppercase)
        scored = time.perf_counter()
        with _collector_paused():
            results = scored_each(
                pairs, read, asked, workers or scoring_workers(len(pairs)), meanwhile.start
            )
        score_s = time.perf_counter() - scored
        versions = meanwhile.versions()  # its thread is done: this process works alone again
        summed = totals_of(results, asked)
        by_name = {pair.name: pair for pair in pairs}
        folder_warnings = unmatched_predictions(
            prediction_files(pred), (pair.name for pair in every_pair)
        )
        sample_of: Callable[[str], Sample] = lambda name: read(by_name[name])  # noqa: E731
    else:
        meanwhile.start()
        with _collector_paused():
            ground_truth = load_gt(fmt, gt_dir, images)
        gts = in_split_images(ground_truth.images, split)[:limit]
        if not gts:
            _usage(f"{gt_dir}: no {fmt.value} ground truth found")
        if pred is None:
            engine, samples, predict_s = _run_engine(
                gts, flags, report, workers or 1, quiet, scored_as
            )
        else:
            with _collector_paused():
                predictions = load_predictions(pred, pred_format)
                samples = file_samples(gts, predictions)
            truths = (sample_name(gt.source) for gt in ground_truth.images)
            ground_truth.warnings.extend(unmatched_predictions(predictions, truths))
        if uppercase:
            samples = upper_cased(samples)
        versions = meanwhile.versions()  # before scoring: forked scorers need no thread
        scored = time.perf_counter()
        with _collector_paused():
            results, summed = score(samples, asked or False, workers or 1)
        score_s = time.perf_counter() - scored
        folder_warnings = ground_truth.warnings
        sample_of = {sample.name: sample for sample in samples}.__getitem__
    source = RunSource(
        mode="dataset" if on_dataset else "predictions",
        granularity=scored_as if on_dataset else "words",
        gt=str(gt_dir),
        gt_format=fmt.value,
        images=None if images is None else str(images),
        pred=None if pred is None else str(pred),
        pred_format=None if on_dataset else pred_format.value,
        limit=limit,
    )
    overlay_problems = write_worst(results, sample_of, report / "worst")
    warnings = _warnings(folder_warnings, results) + overlay_problems
    result = Report(
        source=source,
        engine=engine,
        normalize=normalize,
        versions=versions,
        timings=Timings(
            started=started,
            finished=datetime.now(UTC),
            wall_s=round(time.perf_counter() - clock, 3),
            predict_s=round(predict_s, 3),
            score_s=round(score_s, 3),
        ),
        totals=summed,
        images=results,
        warnings=warnings,
    )
    path = write_report(result, report)
    if not quiet:
        _show_warnings(warnings)
    label = "no spaces" if ignore_spaces else "normalized"
    _console().stdout.print(_table(summed, on_dataset, label, source.granularity))
    _console().stderr.print(f"report: {path}")
    if baseline and on_dataset:
        _baseline(gts, report, workers or 1, uppercase, asked or False, scored_as)
    raise typer.Exit(1 if summed.failed else 0)


class _Meanwhile:
    """What this process does while the files are read and scored, on a thread started once
    (:meth:`start`): the report's versions (:func:`versions_soon`) and, with ``frame``, the
    report's models, the console and the results table's module, for a run that uses none
    of them before it is done. With the files read and scored in forked workers, it starts once
    they are forked (a fork copies no thread) and runs while this process waits."""

    def __init__(self, frame: bool) -> None:
        self._versions: Callable[[], Versions] | None = None
        self.frame = frame

    def start(self) -> None:
        if self._versions is None:
            self._versions = versions_soon(also=_prepare_frame if self.frame else lambda: None)

    def versions(self) -> Versions:
        self.start()
        assert self._versions is not None
        return self._versions()


def _prepare_frame() -> None:
    import rich.table  # noqa: F401  # the module _table needs, imported meanwhile

    _console()
    build_report_models()


def _console() -> ModuleType:
    """docparse.cli.console, imported when first needed: with rich.console it is ~0.08
    billion instructions, which ``eval --gt --pred`` spends meanwhile (:class:`_Meanwhile`),
    not before its workers start (2026-11-26, valgrind)."""
    from docparse.cli import console

    return console


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the GT and predictions are read and scored, and
    what they built handed to its oldest generation afterwards. That work builds ~0.5
    million objects (boxes, texts, scores) that live until the report is written and makes
    no cyclic garbage (reference counting frees what it drops), yet the collector scanned
    them again and again: ~0.04-0.05 s of the ~0.9 s CPU of ``docparse eval --gt --pred`` on
    the 500 IC15 files (2026-11-26, 2-core CPU; gc callbacks), and re-enabling it alone left
    one collection scanning them all at the next allocation. ``gc.freeze`` then
    ``gc.unfreeze`` (both O(1)) moves them to the oldest generation, for the next full
    collection, as if they had survived the young ones (which they would have). The engine
    runs with the collector on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():  # no one else's objects are frozen: ours go old
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _granularity(choice: str, fmt: DatasetFormat) -> Granularity:
    """``words`` or ``lines``: ``auto`` follows the truth's granularity."""
    if choice == "auto":
        return "lines" if fmt in LINE_TRUTH_FORMATS else "words"
    return "lines" if choice == "lines" else "words"


def _usage(message: str) -> NoReturn:
    _console().error(message)
    raise typer.Exit(2)


def _inputs(
    dataset: DatasetFormat | None,
    data: Path | None,
    pred: Path | None,
    gt: Path | None,
    gt_format: DatasetFormat,
) -> tuple[Path, DatasetFormat, Path | None]:
    """The GT folder and its format, and the predictions folder (None: run the engine)."""
    on_dataset = dataset is not None or data is not None
    if on_dataset == (pred is not None or gt is not None):
        _usage("give either --dataset and --data, or --pred and --gt")
    if on_dataset:
        if dataset is None or data is None:
            _usage("--dataset and --data go together")
        return _folder("--data", data), dataset, None
    if pred is None or gt is None:
        _usage("--pred and --gt go together")
    return _folder("--gt", gt), gt_format, _folder("--pred", pred)


def _folder(option: str, folder: Path) -> Path:
    if not folder.is_dir():
        _usage(f"{option} {folder}: not a directory")
    return folder


def _run_engine(
    gts: list[ImageGT],
    flags: EngineFlags,
    report: Path,
    workers: int,
    quiet: bool,
    granularity: Granularity,
) -> tuple[EngineInfo, list[Sample], float]:
    """Predictions for every GT (cached ones reused), as samples to score."""
    # PyMuPDF and the engines, imported when an engine runs (not for --pred)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from docparse.cli.progress import progress as long_run_progress
    from docparse.options_key import options_key, public_options
    from docparse.pipeline import ParseOptions, Parser
    from docparse.workers import PoolAborted

    options = eval_options(ParseOptions(engine=flags.engine, engine_options=engine_options(flags)))
    try:
        parser = Parser(options)
    except DocparseError as problem:
        _usage(str(problem))
    cache = PredictionCache(report / "predictions", options_key(options, parser.engine_name))
    jobs, failed = engine_jobs(gts)
    if not jobs:
        _usage(
            f"no image found for any of the {len(gts)} GT files: give their folder with --images"
        )
    cached, todo = split_cached(jobs, cache)
    outcomes: dict[str, Outcome] = {o.name: o for o in failed + cached}
    for outcome in failed:
        _console().error(str(outcome.error))
    if cached and not quiet:
        _console().stderr.print(f"reusing {len(cached)} cached predictions in {cache.folder}")
    start = time.perf_counter()
    progress = long_run_progress(
        "image",
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("images"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        quiet=quiet or not todo,
    )
    try:
        with progress:
            task = progress.add_task(parser.engine_name, total=len(todo))
            for outcome in run_engine(todo, parser, cache, workers):
                outcomes[outcome.name] = outcome
                if outcome.error is not None:
                    _console().error(outcome.error)
                progress.advance(task)
    except (EngineUnavailable, PoolAborted) as problem:
        _usage(str(problem))
    except KeyboardInterrupt:
        _console().error(f"interrupted; rerun the same command to resume from {cache.folder}")
        raise typer.Exit(130) from None
    name = parser.engine_name
    engine = EngineInfo(name=name, options=public_options(options, name))
    samples = engine_samples(gts, outcomes, granularity)
    return engine, samples, time.perf_counter() - start


def _baseline(
    gts: list[ImageGT],
    report: Path,
    workers: int,
    uppercase: bool,
    normalization: Normalization | bool,
    granularity: Granularity,
) -> None:
    """Plain tesseract on the same images, scored the same way: its table, and its
    predictions cached in ``REPORT/predictions/tesseract-cli``."""
    from docparse.evaluation.plain_tesseract import YARDSTICK, run_yardstick

    jobs, _ = engine_jobs(gts)
    try:
        outcomes = run_yardstick(jobs, report, workers, lambda line: None)
    except EngineUnavailable as problem:
        _usage(str(problem))
    samples = engine_samples(gts, {**outcomes, **_missing(gts, outcomes)}, granularity)
    if uppercase:
        samples = upper_cased(samples)
    _, totals = score(samples, normalization, workers)
    spaceless = isinstance(normalization, Normalization) and normalization.remove_spaces
    table = _table(totals, True, "no spaces" if spaceless else "normalized", granularity)
    table.title = f"{YARDSTICK} (plain `tesseract IMG - -l kor+eng`): {table.title}"
    _console().stdout.print(table)


def _missing(gts: list[ImageGT], outcomes: dict[str, Outcome]) -> dict[str, Outcome]:
    names = (sample_name(gt.source) for gt in gts)
    return {name: Outcome(name=name, error="no image") for name in names if name not in outcomes}


def _warnings(folder_warnings: list[str], results: list[ImageResult]) -> list[str]:
    """Folder-level GT problems, then each image's (bad GT or prediction lines, missing
    prediction files, engine warnings)."""
    missing = [str(r.error) for r in results if r.status == "missing_prediction"]
    return folder_warnings + [w for r in results for w in r.warnings] + missing


def _show_warnings(warnings: list[str]) -> None:
    for warning in warnings[:_SHOWN_WARNINGS]:
        _console().warn(warning)
    if len(warnings) > _SHOWN_WARNINGS:
        _console().warn(f"... and {len(warnings) - _SHOWN_WARNINGS} more in report.json")


def _table(
    totals: Totals, on_dataset: bool, label: str = "normalized", granularity: str = "words"
) -> Table:
    """One row of totals, and one after normalisation when asked for."""
    from rich import box
    from rich.table import Column, Table

    headers = ["images", "failed" if on_dataset else "missing"]
    headers += ["precision", "recall", "H-mean", "CER", "WER", "s/page"]
    table = Table(
        "",
        *(Column(header, justify="right") for header in headers),
        title="PopEval precision, recall, H-mean; CER, WER: in %"
        + ("; predicted lines scored" if granularity == "lines" else ""),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    seconds = "-" if totals.seconds_per_page is None else f"{totals.seconds_per_page:.2f}"
    failed = totals.failed + totals.missing_predictions
    rows = [("raw", totals.popeval, totals.text.raw)]
    if totals.popeval_normalized is not None and totals.text.normalized is not None:
        rows.append((label, totals.popeval_normalized, totals.text.normalized))
    for label, popeval, text in rows:
        table.add_row(label, str(totals.images), str(failed), *_percentages(popeval, text), seconds)
    return table


def _percentages(popeval: ImageScore, text: TextScore) -> list[str]:
    values = (popeval.precision, popeval.recall, popeval.hmean, text.cer, text.wer)
    return [f"{100 * value:.2f}" for value in values]
