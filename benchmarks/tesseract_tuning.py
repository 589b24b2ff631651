"""Tuning docparse's Tesseract path: page segmentation, upscaling, binarisation, Korean merging.

    python benchmarks/tesseract_tuning.py [--cache /tmp/docparse_tesseract_tuning]
        [--receipts 40] [--documents 20] [--seed 2026]
        [--write benchmarks/results/tesseract_tuning.md]

Renders a seeded synthetic set once (receipts, then invoices and documents, every size class
in turn; kept under ``--cache``), runs each configuration over it and scores it: PopEval
precision / recall / H-mean over the whole set, CER of the reading-order text (both sides put
in order by docparse's reading order, then NFC, case-folded, whitespace collapsed), and
seconds per page. Every page's words are cached per configuration, so a rerun only computes
what is missing. Tesseract runs single-threaded (tesserocr's build has no OpenMP; the CLI runs
with OMP_THREAD_LIMIT=1), so CPU seconds are what a page costs whatever else the shared machine
is doing.

Configuration A is the reference: the ``tesseract`` command on the raw image, words from its
TSV (level 5). The others call docparse's TesseractEngine on the image as the pipeline would
give it (upscaled so the long side is 2304 px, or not), and map the words back to the page.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from docparse.engines.tesseract import PHOTO_SHARE, TEXT_HEIGHT, TesseractEngine, image_share
from docparse.engines.tesseract_options import find_tessdata
from docparse.evaluation.loaders import DatasetFormat, load_text_file
from docparse.evaluation.popeval import EvalItem, score_dataset
from docparse.evaluation.synth.dataset import DatasetIndex, write_dataset
from docparse.evaluation.synth.model import Kind
from docparse.evaluation.text_metrics import Normalization, score_texts
from docparse.model import Word
from docparse.preprocess import MAX_UPSCALE, Scale, to_page_space, upscale
from docparse.reading_order import build_blocks

LANG = "kor+eng"
TARGET = 2304
DATE = "2026-11-23"
CACHE_VERSION = 1
SIZES = ("small", "medium", "large")
THRESHOLDS = (0.01, 0.1, 0.25, 0.5, 0.9)


@dataclass(frozen=True)
class Sample:
    name: str
    kind: Kind
    size_class: str
    image: Path
    truth: list[EvalItem]


@dataclass
class PageResult:
    words: list[Word]
    cpu: float


Results = dict[str, PageResult]
Reader = Callable[[Sample], list[Word]]


# ---------------------------------------------------------------- data


def load_set(root: Path, kinds: Sequence[Kind], n: int, seed: int) -> list[Sample]:
    """The pages of one generated folder, rendering it first when it is not there yet."""
    index_path = root / "index.json"
    if index_path.exists():
        index = DatasetIndex.model_validate_json(index_path.read_text(encoding="utf-8"))
    else:
        index = write_dataset(root, n, seed, kinds=kinds)
    if len(index.entries) != n or index.seed != seed:
        raise SystemExit(f"{root} holds another set ({len(index.entries)} pages); remove it")
    return [
        Sample(
            name=f"{root.name}/{entry.name}",
            kind=entry.kind,
            size_class=entry.size_class,
            image=root / "images" / f"{entry.name}.png",
            truth=load_text_file(root / "icdar" / f"{entry.name}.txt", DatasetFormat.ICDAR15).items,
        )
        for entry in index.entries
    ]


# ---------------------------------------------------------------- readers


def tesseract_cli(sample: Sample) -> list[Word]:
    """Baseline A: ``tesseract IMAGE - -l kor+eng tsv``, words of level 5."""
    tsv = subprocess.run(
        ["tesseract", str(sample.image), "-", "-l", LANG, "tsv"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    ).stdout
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row["text"] or "").strip()
        if row["level"] != "5" or not text:
            continue
        left, top, width, height = (int(row[key]) for key in ("left", "top", "width", "height"))
        box = (left, top, left + width, top + height)
        confidence = min(1.0, max(0.0, float(row["conf"]) / 100))
        words.append(Word(text=text, box=box, confidence=confidence, engine="tesseract-cli"))
    return words


def grey(image: Image.Image) -> Image.Image:
    return image.convert("L")


def grey_autocontrast(image: Image.Image) -> Image.Image:
    """Greyscale, levels stretched so that 1 % of pixels clip at each end."""
    return ImageOps.autocontrast(image.convert("L"), cutoff=1)


def sauvola(image: Image.Image, k: float = 0.2, window: float = 0.015) -> Image.Image:
    """Sauvola binarisation (R = 128) over a square window of ``window`` × the long side."""
    grey = np.asarray(image.convert("L"), dtype=np.float64)
    radius = max(8, round(max(grey.shape) * window))
    mean = _box_mean(grey, radius)
    spread = np.sqrt(np.maximum(_box_mean(grey * grey, radius) - mean * mean, 0.0))
    threshold = mean * (1 + k * (spread / 128.0 - 1))
    return Image.fromarray(np.where(grey > threshold, 255, 0).astype(np.uint8))


def _box_mean(values: np.ndarray, radius: int) -> np.ndarray:
    """Mean over a (2 radius + 1)² window clipped at the borders, by an integral image."""
    height, width = values.shape
    integral = np.pad(values.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    y0 = np.clip(np.arange(height) - radius, 0, height)
    y1 = np.clip(np.arange(height) + radius + 1, 0, height)
    x0 = np.clip(np.arange(width) - radius, 0, width)
    x1 = np.clip(np.arange(width) + radius + 1, 0, width)
    total = integral[y1][:, x1] - integral[y0][:, x1] - integral[y1][:, x0] + integral[y0][:, x0]
    return total / ((y1 - y0)[:, None] * (x1 - x0)[None, :])


def bicubic_upscale(image: Image.Image, target: int) -> tuple[Image.Image, Scale]:
    """As docparse.preprocess.upscale, with bicubic instead of Lanczos resampling."""
    factor = min(MAX_UPSCALE, target / max(image.size))
    if factor <= 1:
        return image, Scale()
    size = (round(image.width * factor), round(image.height * factor))
    scale = Scale(size[0] / image.width, size[1] / image.height)
    return image.resize(size, Image.Resampling.BICUBIC), scale


def engine(**settings: object) -> TesseractEngine:
    """docparse's Tesseract engine for LANG with ``settings`` (TesseractEngine's keywords)."""
    return TesseractEngine(find_tessdata(), LANG, **settings)  # type: ignore[arg-type]


class EngineReader:
    """docparse's engine, one setting changed, on the page as the pipeline prepares it (one
    model load in all). Words come as Tesseract gives them: the Korean merge is left off."""

    def __init__(
        self,
        psm: int | None,
        resize: str = "lanczos",
        prepare: Callable[[Image.Image], Image.Image] | None = None,
        text_height: int | None = None,
        reread_large: bool = False,
    ) -> None:
        self.psm, self.resize, self.prepare = psm, resize, prepare
        self.text_height, self.reread_large = text_height, reread_large
        self._engine: TesseractEngine | None = None

    def __call__(self, sample: Sample) -> list[Word]:
        if self._engine is None:
            self._engine = engine(
                psm=self.psm,
                merge=False,
                text_height=self.text_height,
                reread_large=self.reread_large,
            )
        image = Image.open(sample.image).convert("RGB")
        scale = Scale()
        if self.resize == "lanczos":
            image, scale = upscale(image, TARGET)
        elif self.resize == "bicubic":
            image, scale = bicubic_upscale(image, TARGET)
        if self.prepare is not None:
            image = self.prepare(image)
        return to_page_space(self._engine.read(image), scale)


class DocparseReader:
    """docparse's Tesseract path with every default: the engine prepares the page (since
    issue 11 it sizes images itself; ``upscale=True`` first enlarges them to 2304 px, as the
    pipeline did before), ``recognize``, words mapped back.
    ``sized=False`` leaves out the text-size handling (shrinking, large rows)."""

    def __init__(self, upscale: bool = True, sized: bool = True) -> None:
        self.upscale, self.sized = upscale, sized
        self._engine: TesseractEngine | None = None

    def __call__(self, sample: Sample) -> list[Word]:
        if self._engine is None:
            self._engine = engine(
                text_height=TEXT_HEIGHT if self.sized else None, reread_large=self.sized
            )
        image, scale = Image.open(sample.image).convert("RGB"), Scale()
        if self.upscale:
            image, scale = upscale(image, TARGET)
        return to_page_space(self._engine.read(image), scale)


# ---------------------------------------------------------------- running and caching


def run(key: str, reader: Reader, samples: list[Sample], cache: Path) -> Results:
    """Every page through ``reader``; pages already in ``cache/runs/KEY.json`` are reused."""
    path = cache / "runs" / f"{key}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if stored.get("version") != CACHE_VERSION:
        stored = {"version": CACHE_VERSION, "pages": {}}
    pages = stored["pages"]
    for sample in samples:
        if sample.name in pages:
            continue
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time()
        words = reader(sample)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        child_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        pages[sample.name] = {
            "cpu": time.process_time() - cpu + child_cpu,
            "words": [[w.text, *w.box, w.confidence] for w in words],
        }
        path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
        print(f"  {key} {sample.name} {pages[sample.name]['cpu']:.1f} s", flush=True)
    return {
        name: PageResult(
            words=[
                Word(text=text, box=(x0, y0, x1, y1), confidence=conf, engine="tesseract")
                for text, x0, y0, x1, y1, conf in page["words"]
            ],
            cpu=page["cpu"],
        )
        for name, page in pages.items()
    }


def confident_chars(words: list[Word], threshold: float = 0.6) -> int:
    return sum(len(w.text) for w in words if (w.confidence or 0) >= threshold)


def best_of(first: Results, second: Results) -> Results:
    """Per page the result with more characters read with confidence ≥ 0.6 (costs both)."""
    chosen = {}
    for name, a in first.items():
        b = second[name]
        words = a.words if confident_chars(a.words) >= confident_chars(b.words) else b.words
        chosen[name] = PageResult(words, a.cpu + b.cpu)
    return chosen


def picture_shares(samples: list[Sample], cache: Path, upscaled: bool) -> dict[str, float]:
    """Per page, the share that PSM 3's picture regions cover (what the auto rule tests)."""
    path = cache / "runs" / f"picture-shares-{'2304' if upscaled else 'raw'}.json"
    shares = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    missing = [sample for sample in samples if sample.name not in shares]
    if missing:
        layout_engine = engine()
        for sample in missing:
            image = Image.open(sample.image).convert("RGB")
            if upscaled:
                image, _ = upscale(image, TARGET)
            blocks = layout_engine.layout(image)
            shares[sample.name] = image_share(blocks, image.width, image.height)
        path.write_text(json.dumps(shares), encoding="utf-8")
    return shares


def switched(shares: dict[str, float], threshold: float, psm3: Results, psm6: Results) -> Results:
    """The auto rule with another threshold, from the PSM 3 and PSM 6 runs."""
    return {name: (psm6 if share >= threshold else psm3)[name] for name, share in shares.items()}


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    hmean: float
    cer: float
    cpu: float


def _items(words: list[Word]) -> list[EvalItem]:
    return [
        EvalItem(quad=((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text=w.text)
        for w in words
        for x0, y0, x1, y1 in [w.box]
    ]


def _text(words: list[Word]) -> str:
    return "\n".join(block.text for block in build_blocks(words, 0)) if words else ""


def _truth_words(sample: Sample) -> list[Word]:
    words = []
    for item in sample.truth:
        xs, ys = [p[0] for p in item.quad], [p[1] for p in item.quad]
        words.append(Word(text=item.text, box=(min(xs), min(ys), max(xs), max(ys)), engine="gt"))
    return words


def score(samples: list[Sample], results: Results) -> Score:
    popeval = score_dataset((s.truth, _items(results[s.name].words)) for s in samples)
    texts = score_texts(
        ((_text(_truth_words(s)), _text(results[s.name].words)) for s in samples),
        Normalization(),
    )
    assert texts.normalized is not None
    return Score(
        precision=popeval.precision,
        recall=popeval.recall,
        hmean=popeval.hmean,
        cer=texts.normalized.cer,
        cpu=sum(results[s.name].cpu for s in samples) / len(samples),
    )


# ---------------------------------------------------------------- report


def _percent(value: float) -> str:
    return f"{100 * value:.1f}"


def main_table(rows: list[tuple[str, Results]], receipts: list[Sample], docs: list[Sample]) -> str:
    lines = [
        "| configuration | receipts P / R / **H** | CER | CPU s/page "
        "| invoices+documents P / R / **H** | CER | CPU s/page |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, results in rows:
        cells = []
        for group in (receipts, docs):
            if not group:
                cells += ["–"] * 3
                continue
            s = score(group, results)
            cells += [
                f"{_percent(s.precision)} / {_percent(s.recall)} / **{_percent(s.hmean)}**",
                _percent(s.cer),
                f"{s.cpu:.2f}",
            ]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return "\n".join(lines)


def size_table(rows: list[tuple[str, Results]], samples: list[Sample]) -> str:
    header = " | ".join(f"{kind} {size}" for kind in ("receipts", "docs") for size in SIZES)
    lines = [f"| configuration | {header} |", "|---|" + "---|" * 6]
    for label, results in rows:
        cells = []
        for receipt in (True, False):
            for size in SIZES:
                group = [
                    s for s in samples if (s.kind == "receipt") == receipt and s.size_class == size
                ]
                if not group:
                    cells.append("–")
                    continue
                s = score(group, results)
                cells.append(f"{_percent(s.hmean)} ({s.cpu:.1f} s)")
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return "\n".join(lines)


def threshold_table(
    sweeps: dict[str, tuple[dict[str, float], Results, Results]],
    receipts: list[Sample],
    docs: list[Sample],
) -> str:
    """H-mean of the auto rule per picture-share threshold, for each image size."""
    lines = [
        "| threshold | "
        + " | ".join(f"{size}: photos (receipts / docs), H receipts, H docs" for size in sweeps)
        + " |",
        "|---|" + "---|" * len(sweeps),
    ]
    for threshold in THRESHOLDS:
        cells = []
        for shares, psm3, psm6 in sweeps.values():
            results = switched(shares, threshold, psm3, psm6)
            photos = [sum(shares[s.name] >= threshold for s in group) for group in (receipts, docs)]
            cells.append(
                f"{photos[0]} / {photos[1]}, {_percent(score(receipts, results).hmean)}, "
                f"{_percent(score(docs, results).hmean)}"
            )
        label = f"**{threshold}** (default)" if threshold == PHOTO_SHARE else str(threshold)
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return "\n".join(lines)


def text_heights(samples: list[Sample]) -> tuple[float, float]:
    """Lowest and highest, over pages, of the median height of the true words (pixels)."""
    medians = [
        statistics.median(max(y for _, y in i.quad) - min(y for _, y in i.quad) for i in s.truth)
        for s in samples
    ]
    return (min(medians), max(medians)) if medians else (0.0, 0.0)


def resize_seconds(samples: list[Sample], method: Image.Resampling) -> float:
    """CPU seconds per page of upscaling alone."""
    images = [Image.open(s.image).convert("RGB") for s in samples]
    start = time.process_time()
    for image in images:
        factor = min(MAX_UPSCALE, TARGET / max(image.size))
        if factor > 1:
            image.resize((round(image.width * factor), round(image.height * factor)), method)
    return (time.process_time() - start) / len(images)


def versions() -> str:
    import tesserocr

    cli = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout
    return (
        f"CLI {cli.split()[1]}, tesserocr {tesserocr.tesseract_version().split()[1]}, "
        f"models from {find_tessdata()}"
    )


def composition(samples: list[Sample]) -> str:
    parts = []
    for kind in ("receipt", "invoice", "document"):
        group = [s for s in samples if s.kind == kind]
        if group:
            sizes = ", ".join(f"{sum(s.size_class == z for s in group)} {z}" for z in SIZES)
            parts.append(f"{len(group)} {kind}s ({sizes})")
    return "; ".join(parts)


# ---------------------------------------------------------------- main


def findings(rows: dict[str, Results], receipts: list[Sample], docs: list[Sample]) -> str:
    """What the tables say, with the numbers that back each choice."""

    def h(key: str, pages: list[Sample]) -> float:
        return 100 * score(pages, rows[key]).hmean

    def cpu(key: str, pages: list[Sample]) -> float:
        return score(pages, rows[key]).cpu

    def cer(key: str, pages: list[Sample]) -> float:
        return 100 * score(pages, rows[key]).cer

    grey_saving = [1 - cpu("grey", pages) / cpu("auto", pages) for pages in (receipts, docs)]
    small_receipts = text_heights([s for s in receipts if s.size_class == "small"])
    small_docs = text_heights([s for s in docs if s.size_class == "small"])
    psm3_recall = 100 * score(receipts, rows["psm3"]).recall
    return f"""## Findings

- **Page segmentation.** PSM 3 (automatic layout) reads {psm3_recall:.0f} % of the receipts'
  characters: its layout analysis files a receipt photographed on a table as a
  picture and never reads it. PSM 6 (one block) reads receipts best but reads the two-column
  invoices and documents across the gutter ({h("psm6", docs) - h("psm3", docs):+.1f} H); PSM 4
  only half fixes receipts; PSM 11 (sparse) reads noise on receipts. The rule taken costs no
  second recognition: PSM 3's layout is analysed, a page whose picture regions cover
  {PHOTO_SHARE:.0%} of it or more is read with PSM 6, any other page recognised on that layout
  (threshold table above: at 2304 px every threshold from 0.01 to 0.9 switches the same
  receipts; lower thresholds also switch degraded invoices with small picture regions, higher
  ones miss receipts read at their own size). Taking per page whichever of PSM 3 and PSM 6 has more
  confident characters scores {h("best", receipts) - h("auto", receipts):+.1f} H on receipts
  over the rule but runs Tesseract twice ({cpu("best", receipts):.2f} vs
  {cpu("auto", receipts):.2f} CPU s on receipts, {cpu("best", docs):.2f} vs
  {cpu("auto", docs):.2f} on documents): not taken.
- **Greyscale.** Tesseract given the greyscale page finds the same words as from the RGB page
  here (a grey-rendered set) for {grey_saving[0]:.0%} (receipts) and {grey_saving[1]:.0%}
  (documents) less CPU: the engine now converts. Grey + autocontrast:
  {h("contrast", receipts) - h("grey", receipts):+.1f} H on receipts,
  {h("contrast", docs) - h("grey", docs):+.1f} on documents: not taken. Sauvola binarisation
  before Tesseract: {h("sauvola", receipts) - h("auto", receipts):+.1f} /
  {h("sauvola", docs) - h("auto", docs):+.1f} H: not taken.
- **Korean merge.** PopEval counts characters, so the merge leaves H as it is; CER (spaces
  inside words) drops from {cer("grey", receipts):.1f} to {cer("merge", receipts):.1f} on
  receipts and from {cer("grey", docs):.1f} to {cer("merge", docs):.1f} on documents.
- **Text size.** Upscaled to 2304 px, a receipt's words are 40-76 px high (documents' 22-29):
  far above Tesseract's sweet spot (capitals about 30 px high, willus.org's measurements).
  Shrinking each page so the median word (from a layout pass on a copy of at most 1152 px) is
  {TEXT_HEIGHT} px high scores {h("words30", receipts) - h("grey", receipts):+.1f} H on
  receipts and {h("words30", docs) - h("grey", docs):+.1f} on documents, for
  {cpu("words30", receipts):.2f} vs {cpu("grey", receipts):.2f} CPU s on receipts; 24 px
  words give {h("words24", receipts) - h("grey", receipts):+.1f} /
  {h("words24", docs) - h("grey", docs):+.1f} but wreck a few large receipts. Taken: {TEXT_HEIGHT}.
- **Large rows.** A row of text 1.3 times the page's median row or more (a receipt's bold
  store name) is cut in two by Tesseract's line finder and read as confident nonsense; found
  by the ink profile and read again alone (PSM 7, 24-px ink), its words replace the page's
  when more confident: {h("large", receipts) - h("words30", receipts):+.1f} /
  {h("large", docs) - h("words30", docs):+.1f} H here (titles are few characters), and the
  store names of `benchmarks/ask.py` go from 11 (14 with the shrinking alone) to 24 of 24.
- **Upscaling to 2304 px** (the VARCO preprocessing, done by the pipeline): see the size-class
  table. For Tesseract it helps small invoices and documents, whose words are
  {small_docs[0]:.0f}-{small_docs[1]:.0f} px high, and hurts small receipts, whose words are
  already {small_receipts[0]:.0f}-{small_receipts[1]:.0f} px high, while nearly doubling their
  CPU (page medians of the true word boxes' heights).
  Bicubic instead of Lanczos: {h("bicubic", receipts) - h("auto", receipts):+.1f} /
  {h("bicubic", docs) - h("auto", docs):+.1f} H, and resizing is a few hundredths of a second
  either way.
- Ink coverage (share of the page's dark pixels inside PSM 3's words) was tried during this
  work as the PSM 6 trigger and dropped: table rules and the dark band round a photographed
  page put good invoices and failed receipts in the same 0.3-0.6 range.
"""


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/docparse_tesseract_tuning"))
    parser.add_argument("--receipts", type=int, default=40)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--write", type=Path, help="also write the report (markdown) here")
    args = parser.parse_args()

    receipts = load_set(args.cache / "receipts", ("receipt",), args.receipts, args.seed)
    docs = load_set(args.cache / "documents", ("invoice", "document"), args.documents, args.seed)
    samples = receipts + docs

    def ocr(key: str, reader: Reader) -> Results:
        return run(key, reader, samples, args.cache)

    psm3_raw = ocr("psm3-raw", EngineReader(3, resize="none"))
    psm3 = ocr("psm3-2304", EngineReader(3))
    psm6_raw = ocr("psm6-raw", EngineReader(6, resize="none"))
    psm6 = ocr("psm6-2304", EngineReader(6))
    runs: dict[str, tuple[str, Results]] = {
        "cli": ("A: `tesseract` CLI, raw image (reference)", ocr("cli", tesseract_cli)),
        "psm3-raw": ("PSM 3, raw image", psm3_raw),
        "psm3": ("PSM 3, 2304 px (docparse before)", psm3),
        "psm4": ("PSM 4, 2304 px", ocr("psm4-2304", EngineReader(4))),
        "psm6": ("PSM 6, 2304 px", psm6),
        "psm11": ("PSM 11, 2304 px", ocr("psm11-2304", EngineReader(11))),
        "psm6-raw": ("PSM 6, raw image", psm6_raw),
        "best": ("best of PSM 3 / PSM 6 by confident chars, 2304 px", best_of(psm3, psm6)),
        "auto-raw": (
            "auto (PSM 3; photo → PSM 6), raw image",
            ocr("auto-raw", EngineReader(None, resize="none")),
        ),
        "auto": ("auto, 2304 px", ocr("auto-2304", EngineReader(None))),
        "bicubic": (
            "auto, 2304 px bicubic",
            ocr("auto-2304-bicubic", EngineReader(None, resize="bicubic")),
        ),
        "grey": ("auto, 2304 px, grey", ocr("auto-2304-grey", EngineReader(None, prepare=grey))),
        "contrast": (
            "auto, 2304 px, grey + autocontrast",
            ocr("auto-2304-autocontrast", EngineReader(None, prepare=grey_autocontrast)),
        ),
        "sauvola": (
            "auto, 2304 px, Sauvola binarised",
            ocr("auto-2304-sauvola", EngineReader(None, prepare=sauvola)),
        ),
        "merge": (
            "auto, 2304 px, grey + Hangul merge (docparse before text size)",
            ocr("docparse-2304", DocparseReader(sized=False)),
        ),
        "words24": (
            "auto, 2304 px, grey, shrunk to 24-px words",
            ocr("word-24", EngineReader(None, prepare=grey, text_height=24)),
        ),
        "words30": (
            f"auto, 2304 px, grey, shrunk to {TEXT_HEIGHT}-px words",
            ocr(f"word-{TEXT_HEIGHT}", EngineReader(None, prepare=grey, text_height=TEXT_HEIGHT)),
        ),
        "large": (
            f"auto, 2304 px, grey, shrunk to {TEXT_HEIGHT}-px words, large rows re-read",
            ocr(
                f"word-{TEXT_HEIGHT}-large",
                EngineReader(None, prepare=grey, text_height=TEXT_HEIGHT, reread_large=True),
            ),
        ),
        "now-raw": (
            "docparse now, raw image",
            ocr("docparse-now-raw", DocparseReader(upscale=False)),
        ),
        "now": (
            "**auto, 2304 px, grey, text size, Hangul merge (docparse now)**",
            ocr("docparse-now-2304", DocparseReader()),
        ),
    }
    results = {key: result for key, (_, result) in runs.items()}
    sweeps = {
        "raw image": (picture_shares(samples, args.cache, False), psm3_raw, psm6_raw),
        "2304 px": (picture_shares(samples, args.cache, True), psm3, psm6),
    }
    size_rows = [
        ("PSM 3, raw image", psm3_raw),
        ("PSM 3, 2304 px (before)", psm3),
        ("docparse before text size, 2304 px", results["merge"]),
        ("docparse now, raw image", results["now-raw"]),
        ("docparse now, 2304 px", results["now"]),
    ]
    summary = [  # A, before (PSM 3 at 2304 px), now
        f"{group}: H-mean A {_percent(a.hmean)}, docparse before {_percent(b.hmean)}, "
        f"docparse now {_percent(c.hmean)} ({100 * (c.hmean - a.hmean):+.1f} points over A); "
        f"CER {_percent(a.cer)} / {_percent(b.cer)} / {_percent(c.cer)}; "
        f"CPU s/page {a.cpu:.2f} / {b.cpu:.2f} / {c.cpu:.2f}."
        for group, pages in (("Receipts", receipts), ("Invoices and documents", docs))
        for a, b, c in [tuple(score(pages, results[key]) for key in ("cli", "psm3", "now"))]
    ]
    report = "\n\n".join(
        [
            "# Tesseract tuning (benchmarks/tesseract_tuning.py)",
            f"Date {DATE}; machine: {os.cpu_count()}-core CPU ({platform.machine()}), shared, "
            f"Tesseract single-threaded; Tesseract {versions()}, lang {LANG}; "
            f"seed {args.seed}; set: {composition(samples)}.",
            "PopEval P / R / H over the set (characters, boxes); CER of the reading-order "
            "text (normalised); CPU seconds per page, upscaling and binarisation included "
            "(the CLI's include loading the model for every page). Rows without 'merge' give "
            "Tesseract's words as they come.",
            main_table(list(runs.values()), receipts, docs),
            "## Before / after",
            "\n\n".join(summary),
            "## Per size class (H-mean, CPU s/page)",
            size_table(size_rows, samples),
            "## Photo threshold (auto rule from the PSM 3 and PSM 6 runs)",
            threshold_table(sweeps, receipts, docs),
            "## Upscaling cost",
            f"Upscaling to {TARGET} px alone: Lanczos "
            f"{resize_seconds(samples, Image.Resampling.LANCZOS):.3f} s/page, bicubic "
            f"{resize_seconds(samples, Image.Resampling.BICUBIC):.3f} s/page (CPU).",
            findings(results, receipts, docs),
        ]
    )
    print(report)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
