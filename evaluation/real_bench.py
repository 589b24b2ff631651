"""``docparse bench real``: OCR accuracy and CPU time on real born-digital PDF pages whose own
text layers are the truth, upright and degraded, for docparse engines beside the plain
``tesseract`` command line run on the same images in the same run.

Work folder (``--out``), everything in it reused by the next run:

* ``images/NAME.png`` + ``truth/NAME.json``: each benchmark image and its truth words
  (made again only when its recipe changes, :mod:`docparse.evaluation.real_pages`);
* ``predictions/ENGINE/NAME.json``: each engine's words on each image, reused for the same
  image bytes, engine options and engine code (a docparse engine's key includes a hash of
  the ``docparse`` package sources, so a changed engine is measured again);
* ``real.json`` (every image's scores, the group totals) and ``real.md`` (the tables).
"""

from __future__ import annotations

import csv
import hashlib
import time
import unicodedata
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

import pymupdf
from pydantic import BaseModel, ConfigDict, Field, ValidationError

import docparse
from docparse.errors import InputError
from docparse.evaluation import plain_tesseract
from docparse.evaluation.plain_tesseract import YARDSTICK, progress_line, run_yardstick
from docparse.evaluation.popeval import EvalItem, score_image
from docparse.evaluation.real_pages import UPRIGHT, VARIANTS, PageTruth, make_page, recipe
from docparse.evaluation.runner import (
    Outcome,
    Prediction,
    PredictionCache,
    eval_options,
    run_engine,
    split_cached,
    threaded,
)
from docparse.evaluation.splits import Split, SplitChoice, in_split, split_of
from docparse.evaluation.text_metrics import score_text
from docparse.hangul import has_syllable
from docparse.io.atomic import replaced_atomically, write_text_atomic
from docparse.io.hashing import sha256_of
from docparse.options_key import options_key
from docparse.pipeline import ParseOptions, Parser

DEFAULT_DPIS = (200, 150, 300)
"""The first dpi gets every variant, the others the upright page only."""
MAX_PAGES = 3


class Document(BaseModel):
    """A PDF of the benchmark: its hash decides its split; MANIFEST.tsv its language."""

    model_config = ConfigDict(extra="forbid")

    path: Path
    sha256: str
    language: str
    split: Split


class PageJob(BaseModel):
    """One benchmark image: a page of a document at a dpi, degraded by a variant."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    document: str
    sha256: str
    page: int = Field(description="0-based page index")
    dpi: int
    variant: str
    language: str
    split: Split


class BenchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pdf_dir: Path
    out: Path
    engines: list[str] = Field(default_factory=lambda: ["auto"])
    dpis: list[int] = Field(default_factory=lambda: list(DEFAULT_DPIS))
    variants: list[str] = Field(default_factory=lambda: list(VARIANTS))
    split: SplitChoice = "test"
    pages: int = Field(default=MAX_PAGES, ge=1, description="first pages of each PDF")
    variant_pages: int = Field(
        default=1, ge=1, description="of those, how many get the degraded variants"
    )
    limit: int | None = Field(default=None, ge=1, description="first N documents")
    variant_docs: int | None = Field(
        default=None,
        ge=1,
        description="degraded variants on only N documents per language (by sha256 order)",
    )
    workers: int = Field(default=1, ge=1)
    reuse_cached: bool = Field(
        default=False,
        description="score predictions cached by other engine code instead of reading again",
    )


class Counts(BaseModel):
    """Sums over images: PopEval characters, edit distances, CPU and wall seconds."""

    model_config = ConfigDict(extra="forbid")

    images: int = 0
    gt_chars: int = 0
    pred_chars: int = 0
    matched: int = 0
    text_chars: int = 0
    text_errors: int = 0
    nospace_chars: int = 0
    nospace_errors: int = 0
    cpu_seconds: float = 0.0
    seconds: float = 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{k: v + getattr(other, k) for k, v in self.model_dump().items()})

    @property
    def precision(self) -> float:
        return self.matched / self.pred_chars if self.pred_chars else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gt_chars if self.gt_chars else 0.0

    @property
    def hmean(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def cer(self) -> float:
        return self.text_errors / self.text_chars if self.text_chars else 0.0

    @property
    def cer_nospace(self) -> float:
        return self.nospace_errors / self.nospace_chars if self.nospace_chars else 0.0

    @property
    def cpu_per_page(self) -> float:
        return self.cpu_seconds / self.images if self.images else 0.0


class ImageScore(BaseModel):
    """One engine on one image."""

    model_config = ConfigDict(extra="forbid")

    engine: str
    job: PageJob
    counts: Counts
    error: str | None = None
    warnings: list[str] = Field(default_factory=list)


class BenchResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    settings: BenchSettings
    engines: list[str] = Field(description="yardstick first, then the docparse engines")
    versions: dict[str, str]
    started: str
    wall_seconds: float
    scores: list[ImageScore]


Progress = Callable[[str], None]


# ---------------------------------------------------------------- documents and jobs


def default_pdf_dir() -> Path:
    """``../shared/datasets/realdocs`` beside the repository this package lives in."""
    return Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "realdocs"


def manifest_languages(pdf_dir: Path) -> dict[str, str]:
    """``file -> language`` from ``MANIFEST.tsv`` (columns ``file`` and ``language``)."""
    path = pdf_dir / "MANIFEST.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["file"]: row["language"] for row in rows if row.get("file")}


def _guess_language(pdf: Path, pages: int) -> str:
    """``ko`` when the first pages' text holds Hangul, else ``en`` (no manifest row)."""
    with pymupdf.open(pdf) as document:
        text = "".join(document[i].get_text() for i in range(min(pages, document.page_count)))
    return "ko" if has_syllable(text) else "en"


def find_documents(settings: BenchSettings) -> list[Document]:
    """The PDFs of ``pdf_dir`` in the chosen split, by name, at most ``limit``."""
    languages = manifest_languages(settings.pdf_dir)
    documents = []
    for path in sorted(settings.pdf_dir.glob("*.pdf")):
        sha = sha256_of(path)
        if not in_split(sha, settings.split):
            continue
        language = languages.get(path.name) or _guess_language(path, settings.pages)
        documents.append(Document(path=path, sha256=sha, language=language, split=split_of(sha)))
    return documents[: settings.limit]


def plan(documents: Iterable[Document], settings: BenchSettings) -> list[PageJob]:
    """The images to read: every variant at the first dpi on the first ``variant_pages``
    pages, the upright page at every dpi on the first ``pages``."""
    jobs = []
    main_dpi = settings.dpis[0]
    degraded = _variant_documents(documents, settings.variant_docs)
    for document in documents:
        with pymupdf.open(document.path) as pdf:
            count = min(settings.pages, pdf.page_count)
        for page in range(count):
            for dpi in settings.dpis:
                for variant in settings.variants:
                    if variant != UPRIGHT and (
                        dpi != main_dpi
                        or page >= settings.variant_pages
                        or document.path not in degraded
                    ):
                        continue
                    name = f"{document.path.stem}-p{page + 1}-{dpi}-{variant}"
                    jobs.append(
                        PageJob(
                            name=name,
                            document=document.path.name,
                            sha256=document.sha256,
                            page=page,
                            dpi=dpi,
                            variant=variant,
                            language=document.language,
                            split=document.split,
                        )
                    )
    return jobs


def _variant_documents(documents: Iterable[Document], per_language: int | None) -> set[Path]:
    """The documents that get degraded variants: all, or the first ``per_language`` of each
    language in sha256 order (a fixed sample unrelated to names or content)."""
    chosen: dict[str, list[Path]] = {}
    for document in sorted(documents, key=lambda d: d.sha256):
        taken = chosen.setdefault(document.language, [])
        if per_language is None or len(taken) < per_language:
            taken.append(document.path)
    return {path for paths in chosen.values() for path in paths}


def _groups(jobs: list[PageJob]) -> list[list[PageJob]]:
    """The jobs by (dpi, variant), in plan order."""
    groups: dict[tuple[int, str], list[PageJob]] = {}
    for job in jobs:
        groups.setdefault((job.dpi, job.variant), []).append(job)
    return list(groups.values())


# ---------------------------------------------------------------- images and truth


def image_path(out: Path, job: PageJob) -> Path:
    return out / "images" / f"{job.name}.png"


def truth_path(out: Path, job: PageJob) -> Path:
    return out / "truth" / f"{job.name}.json"


def _cached_truth(out: Path, job: PageJob) -> PageTruth | None:
    wanted = recipe(job.sha256, job.page, job.dpi, job.variant)
    try:
        truth = PageTruth.model_validate_json(truth_path(out, job).read_bytes())
    except (OSError, ValidationError):
        return None
    return truth if truth.recipe == wanted and image_path(out, job).is_file() else None


def prepare(job: PageJob, pdf_dir: Path, out: Path) -> PageTruth | str:
    """The job's image and truth on disk (made unless cached), and the truth; or why the
    page cannot be rendered."""
    cached = _cached_truth(out, job)
    if cached is not None:
        return cached
    try:
        page = make_page(pdf_dir / job.document, job.sha256, job.page, job.dpi, job.variant)
    except (RuntimeError, ValueError, OSError) as problem:  # pymupdf raises RuntimeErrors
        return f"{type(problem).__name__}: {problem}"
    image, truth = page
    with replaced_atomically(image_path(out, job)) as temporary:
        # a variant's own resolution (a fax's unequal one) is part of the file it makes
        resolution = {"dpi": image.info["dpi"]} if "dpi" in image.info else {}
        image.save(temporary, "PNG", compress_level=1, **resolution)
    write_text_atomic(truth_path(out, job), truth.model_dump_json())
    return truth


# ---------------------------------------------------------------- engines


APP_SOURCES = frozenset(
    {"ask", "batch", "integrations", "keyfields", "chunking.py", "grounding.py", "__main__.py"}
)
"""Parts of the ``docparse`` package that work on finished documents, not on how a page
becomes words: left out of the engine fingerprint so that changing them keeps the cache."""


def source_fingerprint() -> str:
    """A hash of the ``docparse`` sources a page's words depend on (engines, pipeline, io,
    model, ...): when they change, cached predictions are stale and made again."""
    digest = hashlib.sha256()
    root = Path(docparse.__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in APP_SOURCES:
            continue
        digest.update(str(relative).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class AnyCodeCache(PredictionCache):
    """A cache that takes a prediction made by any engine code, for the same image bytes
    and engine (``--reuse-cached``: a report from an interrupted run across code changes;
    the report says so)."""

    def load(self, name: str, image: Path) -> Prediction | None:
        try:
            cached = Prediction.model_validate_json(self.path(name).read_bytes())
        except (OSError, ValidationError):
            return None
        return cached if cached.image_sha256 == sha256_of(image) else None


def run_docparse(
    engine: str,
    jobs: list[tuple[str, Path]],
    out: Path,
    workers: int,
    progress: Progress,
    reuse_cached: bool = False,
) -> tuple[str, dict[str, Outcome]]:
    """A docparse engine through the same pipeline as ``docparse ocr``; returns its
    resolved name (``auto`` becomes the engine it chose) and the outcomes."""
    parser = Parser(eval_options(ParseOptions(engine=engine)))
    name = parser.engine_name
    key = hashlib.sha256(
        f"{options_key(parser.options, name)}|{source_fingerprint()}".encode()
    ).hexdigest()
    folder = out / "predictions" / name
    cache = AnyCodeCache(folder, key) if reuse_cached else PredictionCache(folder, key)
    cached, todo = split_cached(jobs, cache)
    outcomes = {outcome.name: outcome for outcome in cached}
    progress(f"{name}: {len(cached)} cached, {len(todo)} to read")
    for done, outcome in enumerate(run_engine(todo, parser, cache, workers), start=1):
        outcomes[outcome.name] = outcome
        progress(progress_line(name, done, len(todo), outcome))
    return name, outcomes


# ---------------------------------------------------------------- scoring


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _text(items: list[EvalItem]) -> str:
    return " ".join(item.text for item in items)


def score_prediction(truth: list[EvalItem], predicted: list[EvalItem]) -> Counts:
    """PopEval (both sides NFKC) and CER over the page texts (words in each side's own
    order joined by spaces), also with every space removed."""
    popeval = score_image(truth, predicted, normalize=_nfkc)
    reference, hypothesis = _nfkc(_text(truth)), _nfkc(_text(predicted))
    text = score_text(reference, hypothesis).raw
    nospace = score_text("".join(reference.split()), "".join(hypothesis.split())).raw
    return Counts(
        images=1,
        gt_chars=popeval.gt_chars,
        pred_chars=popeval.pred_chars,
        matched=popeval.matched,
        text_chars=text.chars,
        text_errors=text.char_errors,
        nospace_chars=nospace.chars,
        nospace_errors=nospace.char_errors,
    )


def score_outcome(engine: str, job: PageJob, truth: PageTruth, outcome: Outcome) -> ImageScore:
    """A failed image scores as an empty prediction (it counts against the engine)."""
    prediction = outcome.prediction
    items = [] if prediction is None else prediction.items
    counts = score_prediction(truth.words, items)
    if prediction is not None:
        counts.seconds = prediction.seconds
        counts.cpu_seconds = prediction.cpu_seconds or 0.0
    return ImageScore(
        engine=engine,
        job=job,
        counts=counts,
        error=outcome.error,
        warnings=[] if prediction is None else prediction.warnings,
    )


# ---------------------------------------------------------------- the run


def versions() -> dict[str, str]:
    return {
        "docparse": docparse.__version__,
        "tesseract": plain_tesseract.version(),
        "pymupdf": pymupdf.VersionBind,
    }


def run_bench(settings: BenchSettings, progress: Progress) -> BenchResult:
    """Prepares the images, runs the yardstick and each engine, scores everything."""
    started, clock = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), time.perf_counter()
    unknown = [variant for variant in settings.variants if variant not in VARIANTS]
    if unknown:
        raise InputError(f"unknown variant {', '.join(unknown)}; known: {', '.join(VARIANTS)}")
    documents = find_documents(settings)
    if not documents:
        raise InputError(f"{settings.pdf_dir}: no PDF in the {settings.split} split")
    jobs = plan(documents, settings)
    progress(f"{len(documents)} documents, {len(jobs)} images ({settings.split} split)")
    truths: dict[str, PageTruth] = {}
    outcomes: dict[str, dict[str, Outcome]] = {}
    # One (dpi, variant) group after the other, each read by every engine before the next
    # starts: an interrupted run leaves whole groups cached, and the next run resumes.
    for group in _groups(jobs):
        label = f"{group[0].dpi} dpi {group[0].variant}"
        prepare_one = partial(prepare, pdf_dir=settings.pdf_dir, out=settings.out)
        for job, truth in threaded(prepare_one, group, settings.workers):
            if isinstance(truth, str):
                progress(f"{job.name}: skipped: {truth}")
            else:
                truths[job.name] = truth
        group = [job for job in group if job.name in truths]
        progress(f"{label}: {len(group)} images ready")
        images = [(job.name, image_path(settings.out, job)) for job in group]
        found = run_yardstick(images, settings.out, settings.workers, progress)
        outcomes.setdefault(YARDSTICK, {}).update(found)
        for engine in settings.engines:
            name, found = run_docparse(
                engine, images, settings.out, settings.workers, progress, settings.reuse_cached
            )
            outcomes.setdefault(name, {}).update(found)
    scores = [
        score_outcome(engine, job, truths[job.name], found[job.name])
        for engine, found in outcomes.items()
        for job in jobs
        if job.name in truths
    ]
    return BenchResult(
        settings=settings,
        engines=list(outcomes),
        versions=versions(),
        started=started,
        wall_seconds=round(time.perf_counter() - clock, 1),
        scores=scores,
    )
