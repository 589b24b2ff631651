"""The evaluation report: per-image and dataset scores (PopEval, CER/WER) as pydantic
models, written as ``report.json``, and overlays of the worst images (GT boxes green,
predicted boxes red) as ``worst/NN_name.png``."""

from __future__ import annotations

import platform
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

import docparse
from docparse.errors import InputError
from docparse.evaluation.loaders import ImageGT
from docparse.evaluation.popeval import DONT_CARE, EvalItem, ImageScore, score_dataset
from docparse.evaluation.text_metrics import Normalization, TextScores, score_text, score_texts
from docparse.io.atomic import write_text_atomic

REPORT_VERSION = "1"
WORST_COUNT = 10
_GT_COLOUR = (0, 170, 0)
_PRED_COLOUR = (230, 0, 0)

Status = Literal["ok", "failed", "missing_prediction"]


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


class Totals(_Model):
    images: int
    failed: int
    missing_predictions: int
    popeval: ImageScore
    """micro-averaged over the images: characters summed, then the ratios"""
    popeval_normalized: ImageScore | None = None
    text: TextScores
    seconds_per_page: float | None = None
    """mean seconds of one image through the pipeline (None without an engine run)"""


class EngineInfo(_Model):
    name: str
    options: dict[str, Any]


class Versions(_Model):
    docparse: str
    tesseract: str | None
    python: str
    platform: str


class RunSource(_Model):
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


class Timings(_Model):
    started: datetime
    finished: datetime
    wall_s: float
    predict_s: float
    """wall time of the engine run (0 when every prediction came from the cache)"""
    score_s: float


class Report(_Model):
    report_version: str = REPORT_VERSION
    source: RunSource
    engine: EngineInfo | None
    normalize: bool
    versions: Versions
    timings: Timings
    totals: Totals
    images: list[ImageResult]
    warnings: list[str]


def page_text(items: list[EvalItem]) -> str:
    """The words in the given order, joined by spaces; don't-care regions left out."""
    return " ".join(item.text for item in items if item.text != DONT_CARE)


def score(
    samples: list[Sample], normalize: bool | Normalization, workers: int = 1
) -> tuple[list[ImageResult], Totals]:
    """Raw scores, and scores after ``normalize`` (True: the default normalisation)."""
    if isinstance(normalize, Normalization):
        normalization: Normalization | None = normalize
    else:
        normalization = Normalization() if normalize else None
    pairs = [(sample.gt.items, sample.pred) for sample in samples]
    raw = score_dataset(pairs, workers=workers)
    normalized = (
        score_dataset(pairs, workers=workers, normalize=normalization.apply)
        if normalization
        else None
    )
    texts = [(page_text(sample.gt.items), page_text(sample.pred)) for sample in samples]
    results = [
        ImageResult(
            name=sample.name,
            gt_file=str(sample.gt.source),
            image=None if sample.gt.image is None else str(sample.gt.image),
            status=sample.status,
            error=sample.error,
            cached=sample.cached,
            seconds=sample.seconds,
            gt_items=len(sample.gt.items),
            pred_items=len(sample.pred),
            popeval=raw.images[i],
            popeval_normalized=normalized.images[i] if normalized else None,
            text=score_text(*texts[i], normalization),
            warnings=sample.gt.warnings + sample.warnings,
        )
        for i, sample in enumerate(samples)
    ]
    seconds = [sample.seconds for sample in samples if sample.seconds is not None]
    totals = Totals(
        images=len(samples),
        failed=sum(sample.status == "failed" for sample in samples),
        missing_predictions=sum(sample.status == "missing_prediction" for sample in samples),
        popeval=_totals(raw.model_dump()),
        popeval_normalized=_totals(normalized.model_dump()) if normalized else None,
        text=score_texts(texts, normalization),
        seconds_per_page=sum(seconds) / len(seconds) if seconds else None,
    )
    return results, totals


def upper_cased(samples: list[Sample]) -> list[Sample]:
    """The samples with every predicted text upper-cased (for upper-case truths: SROIE)."""
    return [
        replace(sample, pred=[replace(item, text=item.text.upper()) for item in sample.pred])
        for sample in samples
    ]


def _totals(dataset_score: dict[str, Any]) -> ImageScore:
    return ImageScore.model_validate({k: v for k, v in dataset_score.items() if k != "images"})


def versions() -> Versions:
    try:
        import tesserocr

        tesseract: str | None = tesserocr.tesseract_version().splitlines()[0]
    except ImportError:
        tesseract = None
    return Versions(
        docparse=docparse.__version__,
        tesseract=tesseract,
        python=platform.python_version(),
        platform=platform.platform(),
    )


def write_report(report: Report, folder: Path) -> Path:
    path = folder / "report.json"
    write_text_atomic(path, report.model_dump_json(indent=2))
    return path


def write_worst(
    results: list[ImageResult], samples: list[Sample], folder: Path, count: int = WORST_COUNT
) -> list[str]:
    """Overlays of the ``count`` lowest H-means among the images that were read (ties by
    name) in ``folder``, replacing earlier ones; returns why any image was not drawn."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("[0-9][0-9]_*.png"):
        old.unlink()
    by_name = {sample.name: sample for sample in samples}
    ranked = sorted(
        (r for r in results if r.status != "failed" and r.image is not None),
        key=lambda r: (r.popeval.hmean, r.name),
    )
    written = 0
    problems: list[str] = []
    for result in ranked:
        if written == count:
            break
        sample = by_name[result.name]
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
        _, page = next(iter_frames(image, [0]))
    finally:
        image.close()
    draw = ImageDraw.Draw(page)
    width = max(1, round(max(page.size) / 600))
    for items, colour in ((sample.gt.items, _GT_COLOUR), (sample.pred, _PRED_COLOUR)):
        for item in items:
            draw.polygon([tuple(point) for point in item.quad], outline=colour, width=width)
    page.save(path)
