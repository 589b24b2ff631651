"""What an evaluation scores: the images of a dataset with their ground truth, and one
prediction per image, either from an engine run through the same pipeline as ``docparse
ocr`` or from prediction files.

Engine predictions are cached in ``predictions/NAME.json`` (keyed by the image's sha256
and the parse options), so an interrupted run resumes where it stopped; ``workers > 1``
runs the engine in that many processes, each with its own Parser (one engine each).
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from docparse.errors import DocparseError, EngineUnavailable
from docparse.evaluation.loaders import (
    IMAGE_SUFFIXES,
    DatasetFormat,
    DatasetGT,
    ImageGT,
    load_cord_dir,
    load_image_folder,
    load_sroie_dir,
    load_text_dir,
    load_text_file,
    text_files,
)
from docparse.evaluation.popeval import EvalItem
from docparse.evaluation.report import Sample, upper_cased_sample
from docparse.evaluation.splits import SplitChoice, in_split
from docparse.io.atomic import write_text_atomic
from docparse.io.hashing import sha256_of

if TYPE_CHECKING:  # the pipeline (PyMuPDF, the engines) is imported when an engine runs
    from docparse.model import Document, Word
    from docparse.pipeline import ParseOptions, Parser
    from docparse.workers import Report

T = TypeVar("T")
R = TypeVar("R")

Granularity = Literal["words", "lines"]
"""What an engine's prediction is scored as: its words, or its lines (each line's words
joined by single spaces, in one box around them)."""

# ICDAR names annotation files gt_<image>.txt and result files res_<image>.txt.
_PREFIXES = ("gt_", "res_")


def sample_name(annotation: Path) -> str:
    """The image name an annotation or prediction file stands for."""
    return name_of_file(annotation.name)


def name_of_file(filename: str) -> str:
    """:func:`sample_name` of a file name (its stem as pathlib takes it, prefix removed)."""
    stem = _stem(filename)
    for prefix in _PREFIXES:
        if stem.startswith(prefix):
            return stem[len(prefix) :]
    return stem


def _stem(filename: str) -> str:
    """``Path(filename).stem``: the name less its last suffix (none for ``.x`` or ``x.``)."""
    dot = filename.rfind(".")
    return filename[:dot] if 0 < dot < len(filename) - 1 else filename


def load_gt(fmt: DatasetFormat, folder: Path, images: Path | None = None) -> DatasetGT:
    """The ground truth of ``folder``, each image located: where the loader found it, else
    as :class:`_ImageFinder` finds it."""
    if fmt is DatasetFormat.CORD:
        dataset = load_cord_dir(folder)
    elif fmt is DatasetFormat.FOLDER:
        dataset = load_image_folder(folder)
    elif fmt is DatasetFormat.SROIE:
        dataset = load_sroie_dir(folder)
    else:
        dataset = load_text_dir(folder, fmt)
    finder = _ImageFinder(images)
    for gt in dataset.images:
        if gt.image is None:
            gt.image = finder.image_of(gt.source)
    return dataset


class _ImageFinder:
    """Each annotation's image: ``NAME.*`` with an image suffix in ``images``, beside the
    annotation, or in ``../images`` (the layout of ``docparse bench synth``) or ``../image``,
    the first folder that has one. The folders are listed once per annotation folder, not
    globbed once per image (or built as paths once per image: ~0.01 s of 500 files)."""

    def __init__(self, images: Path | None) -> None:
        self.images = images
        self._listings: dict[Path, list[dict[str, list[Path]]]] = {}

    def image_of(self, annotation: Path) -> Path | None:
        return self.image_named(annotation.parent, sample_name(annotation))

    def image_named(self, parent: Path, name: str) -> Path | None:
        """The image of sample ``name`` whose annotation is in ``parent``."""
        listings = self._listings.get(parent)
        if listings is None:
            searched = [parent, parent.parent / "images", parent.parent / "image"]
            folders = [self.images, *searched] if self.images else searched
            listings = self._listings[parent] = [_images_by_stem(f) for f in folders]
        for listing in listings:
            found = listing.get(name)
            if found:
                return min(found)
        return None


@dataclass(frozen=True)
class FilePair:
    """One image of ``docparse eval --gt --pred`` with a line-format ground truth: its
    annotation file, its image (where found) and its prediction file (None: missing); the
    files are read where the image is scored (:func:`read_pair`)."""

    name: str
    gt: Path
    image: Path | None
    pred: Path | None


def file_pairs(gt_folder: Path, pred_folder: Path, images: Path | None = None) -> list[FilePair]:
    """The annotation files of ``gt_folder`` as :func:`load_gt` lists a line format, each
    with its image (located as there) and its prediction file, unread."""
    finder = _ImageFinder(images)
    predictions = prediction_files(pred_folder)
    pairs = []
    for path in text_files(gt_folder):
        name = name_of_file(path.name)
        image = finder.image_named(gt_folder, name)
        pairs.append(FilePair(name, path, image, predictions.get(name)))
    return pairs


def read_pair(
    pair: FilePair, gt_format: DatasetFormat, pred_format: DatasetFormat, uppercase: bool
) -> Sample:
    """The pair's files read: its sample (predictions upper-cased when asked)."""
    gt = load_text_file(pair.gt, gt_format, image=pair.image)
    found = None if pair.pred is None else load_text_file(pair.pred, pred_format)
    sample = file_sample(pair.name, gt, found)
    return upper_cased_sample(sample) if uppercase else sample


class Located(Protocol):
    @property
    def image(self) -> Path | None: ...


L = TypeVar("L", bound=Located)


def in_split_images(gts: list[L], split: SplitChoice) -> list[L]:
    """The GTs whose image file falls in ``split`` (by its sha256; see
    :mod:`docparse.evaluation.splits`); ``all`` keeps every GT, with or without image."""
    if split == "all":
        return gts
    return [gt for gt in gts if gt.image is not None and in_split(sha256_of(gt.image), split)]


def _images_by_stem(folder: Path) -> dict[str, list[Path]]:
    by_stem: dict[str, list[Path]] = {}
    try:
        names = os.listdir(folder)
    except OSError:  # absent or unreadable: no images there
        return by_stem
    for name in names:  # as paths' suffix and stem; a path built only for an image
        stem = _stem(name)
        if name[len(stem) :].lower() in IMAGE_SUFFIXES:
            by_stem.setdefault(stem, []).append(folder / name)
    return by_stem


def prediction_files(folder: Path) -> dict[str, Path]:
    """The ``*.txt`` files of ``folder`` by :func:`sample_name` (of two with one name, the
    last in name order)."""
    return {name_of_file(path.name): path for path in text_files(folder)}


def unmatched_predictions(predicted: Iterable[str], truths: Iterable[str]) -> list[str]:
    """A warning naming the prediction files that no ground truth has (not scored: a
    misnamed file would otherwise go unnoticed); none when every one has."""
    extra = sorted(set(predicted) - set(truths))
    if not extra:
        return []
    shown = ", ".join(extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
    files = "prediction file has" if len(extra) == 1 else "prediction files have"
    return [f"{len(extra)} {files} no ground truth (not scored): {shown}"]


def load_predictions(folder: Path, fmt: DatasetFormat) -> dict[str, ImageGT]:
    """Prediction files of ``folder`` by :func:`sample_name`."""
    return {name: load_text_file(path, fmt) for name, path in prediction_files(folder).items()}


class Prediction(BaseModel):
    """What the engine found on one image: the cache file ``predictions/NAME.json``.
    (Built on first use: scoring prediction files needs none.)"""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str
    image: str
    image_sha256: str
    options_key: str
    engine: str
    items: list[EvalItem]
    """The words, in reading order."""
    lines: list[EvalItem] | None = None
    """The lines, in reading order (see :func:`line_item`); None in caches written before
    lines were kept, which are read again."""
    seconds: float
    cpu_seconds: float | None = None
    """CPU seconds of the process (all its threads) and of its children meanwhile."""
    warnings: list[str]


class Outcome(BaseModel):
    """One image's prediction, or the one-line reason there is none."""

    model_config = ConfigDict(defer_build=True)

    name: str
    prediction: Prediction | None = None
    error: str | None = None
    cached: bool = False


def eval_options(options: ParseOptions) -> ParseOptions:
    """The options for scoring: only an image's first page is compared with its GT."""
    return options.model_copy(update={"pages": "1"})


def word_item(word: Word) -> EvalItem:
    if word.quad is not None:
        return EvalItem(quad=word.quad, text=word.text)
    x0, y0, x1, y1 = word.box
    return EvalItem(quad=((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text=word.text)


def document_items(document: Document) -> list[EvalItem]:
    """The words of the first page, in reading order."""
    return [word_item(word) for word in document.pages[0].words()]


def line_item(words: list[EvalItem]) -> EvalItem:
    """One line of ``words``: their texts joined by single spaces, in the upright box
    around every corner of theirs."""
    xs = [x for word in words for x, _ in word.quad]
    ys = [y for word in words for _, y in word.quad]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    text = " ".join(word.text for word in words)
    return EvalItem(quad=((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text=text)


def document_lines(document: Document) -> list[EvalItem]:
    """The lines of the first page, in reading order."""
    lines = (line.words for line in document.pages[0].lines())
    return [line_item([word_item(word) for word in words]) for words in lines if words]


class PredictionCache:
    """``folder/NAME.json`` files; one is reused only for the same image bytes and key."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def load(self, name: str, image: Path) -> Prediction | None:
        path = self.path(name)
        try:
            cached = Prediction.model_validate_json(path.read_bytes())
            if cached.lines is None:
                return None
            if cached.options_key == self.key and cached.image_sha256 == sha256_of(image):
                return cached
        except (OSError, ValidationError):
            pass
        return None

    def record(self, outcome: Outcome) -> Outcome:
        """Saves the outcome's prediction, when it has one; returns the outcome."""
        if outcome.prediction is not None:
            self._save(outcome.prediction)
        return outcome

    def _save(self, prediction: Prediction) -> None:
        write_text_atomic(self.path(prediction.name), prediction.model_dump_json())


def cpu_time() -> float:
    """CPU seconds used so far by this process (every thread) and its reaped children."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def predict(parser: Parser, name: str, image: Path, key: str) -> Outcome:
    """Runs the pipeline on one image; an unreadable image is an error outcome, an engine
    that cannot run raises :class:`EngineUnavailable`."""
    start, cpu = time.perf_counter(), cpu_time()
    try:
        document = parser.parse(image)
    except EngineUnavailable:
        raise
    except DocparseError as problem:
        return Outcome(name=name, error=f"{image}: {problem}")
    page = document.pages[0]
    prediction = Prediction(
        name=name,
        image=str(image),
        image_sha256=document.sha256,
        options_key=key,
        engine=document.engine,
        items=document_items(document),
        lines=document_lines(document),
        seconds=round(time.perf_counter() - start, 6),
        cpu_seconds=round(cpu_time() - cpu, 6),
        warnings=document.warnings + page.warnings,
    )
    return Outcome(name=name, prediction=prediction)


def engine_jobs(gts: list[ImageGT]) -> tuple[list[tuple[str, Path]], list[Outcome]]:
    """The (name, image) jobs to run, and the outcomes of the GT files with no image."""
    jobs, missing = [], []
    for gt in gts:
        name = sample_name(gt.source)
        if gt.image is None:
            problem = f"no image {name}.* beside it, in --images, ../images or ../image"
            missing.append(Outcome(name=name, error=f"{gt.source}: {problem}"))
        else:
            jobs.append((name, gt.image))
    return jobs, missing


def split_cached(
    jobs: list[tuple[str, Path]], cache: PredictionCache
) -> tuple[list[Outcome], list[tuple[str, Path]]]:
    """The cached outcomes, and the (name, image) jobs left to run."""
    done, todo = [], []
    for name, image in jobs:
        cached = cache.load(name, image)
        if cached is None:
            todo.append((name, image))
        else:
            done.append(Outcome(name=name, prediction=cached, cached=True))
    return done, todo


def run_engine(
    jobs: list[tuple[str, Path]], parser: Parser, cache: PredictionCache, workers: int
) -> Iterator[Outcome]:
    """Outcomes of ``jobs`` as they finish, each prediction saved in ``cache`` first; with
    ``workers`` > 1 in the worker pool (``docparse.workers``), where an image whose worker
    dies fails alone."""
    if workers > 1 and len(jobs) > 1:
        from docparse.workers import WorkerPool, plan_workers

        plan = plan_workers(parser.options, parser.engine_name, workers)
        tasks = [(name, image, cache.key) for name, image in jobs]
        with WorkerPool(plan, _predict_job, _lost) as pool:
            for event in pool.run(tasks):
                if isinstance(event, Outcome):
                    yield cache.record(event)
    else:
        for name, image in jobs:
            yield cache.record(predict(parser, name, image, cache.key))


def _predict_job(parser: Parser, task: tuple[str, Path, str], report: Report) -> Outcome:
    return predict(parser, *task)


def _lost(task: tuple[str, Path, str], error: str, pages: int, seconds: float) -> Outcome:
    name, image, _ = task
    return Outcome(name=name, error=f"{image}: {error}")


def threaded(work: Callable[[T], R], items: list[T], workers: int) -> Iterator[tuple[T, R]]:
    """``(item, work(item))`` in the items' order, run on ``workers`` threads: for work
    that waits on a child process or on C code that releases the GIL."""
    if workers <= 1:
        for item in items:
            yield item, work(item)
        return
    from concurrent.futures import ThreadPoolExecutor  # not imported by a one-worker run

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(work, item): item for item in items}
        for future in futures:
            yield futures[future], future.result()


def engine_samples(
    gts: list[ImageGT], outcomes: dict[str, Outcome], granularity: Granularity = "words"
) -> list[Sample]:
    """Each GT with its engine outcome (by :func:`sample_name`), as its words or its
    lines; a failed image scores as an empty prediction."""
    samples = []
    for gt in gts:
        name = sample_name(gt.source)
        outcome = outcomes[name]
        prediction = outcome.prediction
        if prediction is None:
            samples.append(Sample(name, gt, [], "failed", error=outcome.error))
        else:
            samples.append(
                Sample(
                    name,
                    gt,
                    prediction.lines if granularity == "lines" else prediction.items,
                    "ok",
                    cached=outcome.cached,
                    seconds=prediction.seconds,
                    warnings=[f"{prediction.image}: {w}" for w in prediction.warnings],
                )
            )
    return samples


def file_samples(gts: list[ImageGT], predictions: dict[str, ImageGT]) -> list[Sample]:
    """Each GT with its prediction file; a missing file is an empty prediction."""
    names = [sample_name(gt.source) for gt in gts]
    return [
        file_sample(name, gt, predictions.get(name)) for name, gt in zip(names, gts, strict=True)
    ]


def file_sample(name: str, gt: ImageGT, found: ImageGT | None) -> Sample:
    """The GT with its prediction file's items (``found``; None: an empty prediction)."""
    if found is None:
        return Sample(name, gt, [], "missing_prediction", error=f"no prediction file for {name}")
    return Sample(name, gt, found.items, "ok", warnings=found.warnings)
