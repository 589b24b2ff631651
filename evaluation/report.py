"""The evaluation report: per-image and dataset scores (PopEval, CER/WER) as pydantic
models, written as ``report.json``, and overlays of the worst images (GT boxes green,
predicted boxes red) as ``worst/NN_name.png``."""

from __future__ import annotations

import os
import platform
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

import docparse
from docparse.errors import InputError
from docparse.evaluation.loaders import ImageGT
from docparse.evaluation.popeval import DONT_CARE, EvalItem, ImageScore, micro_average, score_image
from docparse.evaluation.text_metrics import Normalization, TextScores, score_text, summed
from docparse.io.atomic import write_text_atomic

REPORT_VERSION = "1"
WORST_COUNT = 10
_GT_COLOUR = (0, 170, 0)
_PRED_COLOUR = (230, 0, 0)

Status = Literal["ok", "failed", "missing_prediction"]
T = TypeVar("T")


@dataclass(frozen=True)
class Sample:
    """One image to score: its GT and prediction (empty when it failed or is missing)."""

    name: str
    gt: ImageGT
    pred: list[EvalItem]
    status: Status
    error: str | None = None
    cached: bool = False
    seconds: float | None = None
    warnings: list[str] = field(default_factory=list)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Deferred(_Model):
    """A model of the report's frame, built on first use, or meanwhile on a thread while
    the files are read and scored (:func:`build_report_models`), not before."""

    model_config = ConfigDict(defer_build=True)


class ImageResult(_Model):
    name: str
    gt_file: str
    image: str | None
    status: Status
    error: str | None = None
    cached: bool = False
    seconds: float | None = None
    gt_items: int
    pred_items: int
    popeval: ImageScore
    popeval_normalized: ImageScore | None = None
    text: TextScores
    warnings: list[str]


class Totals(_Deferred):
    images: int
    failed: int
    missing_predictions: int
    popeval: ImageScore
    """micro-averaged over the images: characters summed, then the ratios"""
    popeval_normalized: ImageScore | None = None
    text: TextScores
    seconds_per_page: float | None = None
    """mean seconds of one image through the pipeline (None without an engine run)"""


class EngineInfo(_Deferred):
    name: str
    options: dict[str, Any]


class Versions(_Deferred):
    docparse: str
    tesseract: str | None
    python: str
    platform: str


class RunSource(_Deferred):
    """What was scored: ``dataset`` (an engine run on --data) or ``predictions`` files."""

    mode: Literal["dataset", "predictions"]
    gt: str
    gt_format: str
    images: str | None = None
    pred: str | None = None
    pred_format: str | None = None
    limit: int | None = None
    granularity: Literal["words", "lines"] = "words"
    """What the engine's predictions were scored as (``dataset`` mode): words or lines."""


class Timings(_Deferred):
    started: datetime
    finished: datetime
    wall_s: float
    predict_s: float
    """wall time of the engine run (0 when every prediction came from the cache)"""
    score_s: float


class Report(_Deferred):
    report_version: str = REPORT_VERSION
    source: RunSource
    engine: EngineInfo | None
    normalize: bool
    versions: Versions
    timings: Timings
    totals: Totals
    images: list[ImageResult]
    warnings: list[str]


def build_report_models() -> None:
    """The report's deferred models built now (by a thread, while no other uses them)."""
    for model in (Totals, EngineInfo, RunSource, Timings, Report):
        model.model_rebuild()


def page_text(items: list[EvalItem]) -> str:
    """The words in the given order, joined by spaces; don't-care regions left out."""
    return " ".join(item.text for item in items if item.text != DONT_CARE)


ImageScores = tuple[ImageScore, ImageScore | None, TextScores]
"""One image's PopEval scores, raw and normalised (None when not asked), and CER/WER."""
SHARED_FROM = 100
"""Images from which ``docparse eval --gt --pred`` reads and scores on every core by
default (:func:`scoring_workers`). Measured with ``--limit N`` on the 500 IC15 files
(2026-11-26, 2-core CPU, user + sys of the whole run, medians of 9): two forked workers
cost ~0.05 s more CPU than one process on 2 images (the forks, the pages they copy, the
pool) and ~0.15 s more on 500, while the work they share takes ~0.84 ms an image (0.42 s
for 500), so on an idle 2-core machine sharing gains from ~80 images on. (Wall times
could not show it there: that machine ran three other sessions, load ~7.)"""
_SHARE_OF_REST = 2
"""Each share of the items to score is 1/(this x workers) of those not yet shared out
(guided scheduling): large shares first, few round trips to this process, then smaller
and smaller ones down to one item, so the workers end together. A page's time varies
tenfold: with 4 equal shares per worker, the two workers of ``docparse eval --gt --pred``
on the 500 IC15 files ran 0.87 and 0.73 billion instructions; 16 equal shares of 16 images
left a last share of ~0.05 billion to wait for, and 32 round trips (each waits for this
process, whose thread holds the interpreter while it prepares the report). Here: 20
shares, the last ones of one image."""


def score(
    samples: list[Sample], normalize: bool | Normalization, workers: int = 1
) -> tuple[list[ImageResult], Totals]:
    """Raw scores, and scores after ``normalize`` (True: the default normalisation); with
    ``workers`` > 1 on that many processes of the worker pool, forked from this one."""
    normalization = as_normalization(normalize)
    results = scored_each(samples, _as_given, normalization, workers)
    return results, totals_of(results, normalization)


def as_normalization(normalize: bool | Normalization) -> Normalization | None:
    """The normalisation asked for: None (raw scores only), the default one (True), or it."""
    if isinstance(normalize, Normalization):
        return normalize
    return Normalization() if normalize else None


def totals_of(results: list[ImageResult], normalization: Normalization | None) -> Totals:
    """The images' scores summed (PopEval micro-averaged, CER/WER over every character)."""
    seconds = [result.seconds for result in results if result.seconds is not None]
    return Totals(
        images=len(results),
        failed=sum(result.status == "failed" for result in results),
        missing_predictions=sum(result.status == "missing_prediction" for result in results),
        popeval=micro_average([result.popeval for result in results]),
        popeval_normalized=(
            micro_average(
                [r.popeval_normalized for r in results if r.popeval_normalized is not None]
            )
            if normalization
            else None
        ),
        text=TextScores(
            raw=summed(result.text.raw for result in results),
            normalized=(
                summed(r.text.normalized for r in results if r.text.normalized is not None)
                if normalization
                else None
            ),
        ),
        seconds_per_page=sum(seconds) / len(seconds) if seconds else None,
    )


def image_result(sample: Sample, normalization: Normalization | None) -> ImageResult:
    """One image's entry of the report: its sample scored."""
    raw, normalized, text = score_sample(sample, normalization)
    return ImageResult(
        name=sample.name,
        gt_file=str(sample.gt.source),
        image=None if sample.gt.image is None else str(sample.gt.image),
        status=sample.status,
        error=sample.error,
        cached=sample.cached,
        seconds=sample.seconds,
        gt_items=len(sample.gt.items),
        pred_items=len(sample.pred),
        popeval=raw,
        popeval_normalized=normalized,
        text=text,
        warnings=sample.gt.warnings + sample.warnings,
    )


def score_sample(sample: Sample, normalization: Normalization | None) -> ImageScores:
    gt, pred = sample.gt.items, sample.pred
    raw = score_image(gt, pred)
    normalized = score_image(gt, pred, normalize=normalization.apply) if normalization else None
    return raw, normalized, score_text(page_text(gt), page_text(pred), normalization)


def _as_given(sample: Sample) -> Sample:
    return sample


def scored_each(
    items: list[T],
    read: Callable[[T], Sample],
    normalization: Normalization | None,
    workers: int,
    meanwhile: Callable[[], None] = lambda: None,
) -> list[ImageResult]:
    """Each item read (``read``: its sample) and scored, in order. With ``workers`` > 1 on
    the worker pool, each worker a fork of this process that reads and scores shares of
    ``items`` (which it inherits, unpickled) and sends back their results: reading the
    files of ``docparse eval --gt --pred`` is a third of its work, so it is shared too.
    ``meanwhile()`` starts what this process does during that time (a thread: it is called
    once the workers are forked, or before the work when it is done here)."""
    if workers <= 1 or len(items) < 2:
        meanwhile()
        return [image_result(read(item), normalization) for item in items]
    from docparse.workers import WorkerPool, forked

    shares = guided_shares(len(items), workers)
    found: dict[int, list[ImageResult]] = {}
    job = partial(_score_share, items, read, normalization)
    with WorkerPool(forked(min(workers, len(shares))), job, _share_lost) as pool:
        for event in pool.run(shares, meanwhile):
            if isinstance(event, tuple):
                start, results = event
                found[start] = results
    scored = []
    for start, stop in shares:  # a share whose worker died is scored here
        if start not in found:
            found[start] = [image_result(read(item), normalization) for item in items[start:stop]]
        scored += found[start]
    return scored


def guided_shares(count: int, workers: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of consecutive shares of ``count`` items for ``workers``, each
    ``1/(_SHARE_OF_REST x workers)`` of the items left (at least one): largest first."""
    shares, start = [], 0
    while start < count:
        stop = start + -(-(count - start) // (_SHARE_OF_REST * workers))
        shares.append((start, stop))
        start = stop
    return shares


def scoring_workers(images: int) -> int:
    """Processes to read and score ``images`` on by default: one below
    :data:`SHARED_FROM` images, else every core this process may run on."""
    if images < SHARED_FROM:
        return 1
    return len(os.sched_getaffinity(0))


def _score_share(
    items: list[T],
    read: Callable[[T], Sample],
    normalization: Normalization | None,
    parser: object,
    share: tuple[int, int],
    report: object,
) -> tuple[int, list[ImageResult]]:
    start, stop = share
    return start, [image_result(read(item), normalization) for item in items[start:stop]]


def _share_lost(share: tuple[int, int], error: str, pages: int, seconds: float) -> None:
    return None


def upper_cased(samples: list[Sample]) -> list[Sample]:
    """The samples with every predicted text upper-cased (for upper-case truths: SROIE)."""
    return [upper_cased_sample(sample) for sample in samples]


def upper_cased_sample(sample: Sample) -> Sample:
    return replace(sample, pred=[replace(item, text=item.text.upper()) for item in sample.pred])


def versions() -> Versions:
    return Versions(
        docparse=docparse.__version__,
        tesseract=tesseract_version(),
        python=platform.python_version(),
        platform=platform.platform(),
    )


def versions_soon(also: Callable[[], None] = lambda: None) -> Callable[[], Versions]:
    """:func:`versions`, found on a thread meanwhile (then ``also()`` run there): the
    returned function waits for them. ``platform.platform()``
    runs ``uname -p`` (a child process) and the Tesseract version loads libtesseract,
    ~0.01-0.02 s of ``docparse eval --gt --pred`` on the 500 IC15 files (2026-11-26, 2-core
    CPU) that the command spends reading files instead."""
    found: list[Versions] = []

    def find() -> None:
        with suppress(Exception):  # asked again by the caller, where the error is seen
            found.append(versions())
        also()

    thread = threading.Thread(target=find, name="docparse-versions", daemon=True)
    thread.start()

    def wait() -> Versions:
        thread.join()
        return found[0] if found else versions()

    return wait


def tesseract_version() -> str | None:
    """``tesseract X.Y.Z``: the libtesseract that tesserocr (the Tesseract engine) runs on,
    which its wheel bundles (5.5.4 where the system's is 5.3.0); None without tesserocr.

    Asked of the bundled library itself through ctypes when the wheel has one: importing
    tesserocr (and with it Pillow) took ~0.05 s of the ~1 s CPU of ``docparse eval --gt
    --pred`` on the 500 IC15 files, the library's own ``TessVersion`` ~0.01 s (2026-11-26,
    2-core CPU). The answer is the same: tesserocr's first line is ``tesseract`` and
    ``TessVersion()``."""
    bundled = _bundled_libtesseract()
    if bundled is not None:
        import ctypes

        try:
            library = ctypes.CDLL(str(bundled))
            library.TessVersion.restype = ctypes.c_char_p
            return f"tesseract {library.TessVersion().decode()}"
        except (OSError, AttributeError, UnicodeDecodeError):
            pass  # not loadable here: ask tesserocr
    try:
        import tesserocr
    except ImportError:
        return None
    return str(tesserocr.tesseract_version().splitlines()[0])


def _bundled_libtesseract() -> Path | None:
    """``tesserocr.libs/libtesseract-*.so*`` beside the installed tesserocr (a manylinux
    wheel's copy of the libraries it links), if there is one."""
    from importlib.util import find_spec

    spec = find_spec("tesserocr")
    if spec is None or spec.origin is None:
        return None
    found = sorted(Path(spec.origin).parent.parent.glob("tesserocr.libs/libtesseract*.so*"))
    return found[0] if len(found) == 1 else None


def write_report(report: Report, folder: Path) -> Path:
    path = folder / "report.json"
    write_text_atomic(path, report.model_dump_json(indent=2))
    return path


def write_worst(
    results: list[ImageResult],
    sample_of: Callable[[str], Sample],
    folder: Path,
    count: int = WORST_COUNT,
) -> list[str]:
    """Overlays of the ``count`` lowest H-means among the images that were read (ties by
    name) in ``folder``, replacing earlier ones; ``sample_of(name)`` gives each drawn
    image's sample. Returns why any image was not drawn."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("[0-9][0-9]_*.png"):
        old.unlink()
    ranked = sorted(
        (r for r in results if r.status != "failed" and r.image is not None),
        key=lambda r: (r.popeval.hmean, r.name),
    )
    written = 0
    problems: list[str] = []
    for result in ranked:
        if written == count:
            break
        sample = sample_of(result.name)
        try:
            _draw(sample, folder / f"{written + 1:02d}_{result.name}.png")
        except InputError as problem:
            problems.append(f"{sample.gt.image}: no overlay: {problem}")
            continue
        written += 1
    return problems


def _draw(sample: Sample, path: Path) -> None:
    """The image as the pipeline sees it (first frame, upright per EXIF) with the boxes."""
    from PIL import ImageDraw  # Pillow and numpy only when there are images to draw on

    from docparse.io.images import iter_frames, open_image

    image = open_image(sample.gt.image)  # type: ignore[arg-type]  # callers check it is set
    try:
        _, page, _ = next(iter_frames(image, [0]))
    finally:
        image.close()
    draw = ImageDraw.Draw(page)
    width = max(1, round(max(page.size) / 600))
    for items, colour in ((sample.gt.items, _GT_COLOUR), (sample.pred, _PRED_COLOUR)):
        for item in items:
            draw.polygon([tuple(point) for point in item.quad], outline=colour, width=width)
    page.save(path)
