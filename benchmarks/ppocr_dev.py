"""Dev measurements of the detector-first engine (``ppocr``) beside plain Tesseract.

    nice -n 10 python benchmarks/ppocr_dev.py realdocs [--split dev] [--dpi 150] [--configs ...]
    nice -n 10 python benchmarks/ppocr_dev.py sroie [--split dev] [--limit 30]

A quick tuning aid for the engine, not the project's benchmark (``docparse bench real``):
files of ../shared/datasets are split by the sha256 of the file (first hex digit even: dev,
odd: test); realdocs pages are the first <= 3 of each PDF, rendered at ``--dpi``, truth
``page.get_text("words")`` (NFKC); SROIE truth is its line boxes, predictions upper-cased.
Configurations: ``cli`` = ``tesseract IMG - -l kor+eng tsv`` (the yardstick); ``ppocr`` =
the engine as the pipeline runs it (page upscaled to a 2304-px long side, words mapped back);
``ppocr-P``/``ppocr-T`` = every line read by PP-OCR / by Tesseract. Each page's words are
cached under ``--cache`` per configuration, so reruns only compute what is new.
Scores: PopEval P/R/H, per language, precision of the words of each route, line shares per
route, and CPU seconds per page (onnxruntime and Tesseract single-threaded).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from PIL import Image

from docparse.engines.ppocr import PPOCREngine, PPOCROptions
from docparse.evaluation.plain_tesseract import run_tesseract
from docparse.evaluation.popeval import EvalItem, score_dataset
from docparse.evaluation.splits import split_of as project_split
from docparse.io.hashing import sha256_of
from docparse.model import Word
from docparse.preprocess import to_page_space, upscale

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "datasets"
TARGET = 2304


def split_of(path: Path) -> str:
    """The project's split (docparse.evaluation.splits: sha256 first hex digit 0-7 dev). The
    first runs of this script used even digits as dev; see benchmarks/results/real.md."""
    return project_split(sha256_of(path))


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def upper_nospace(text: str) -> str:
    return nfkc(text).upper().replace(" ", "")


def items(words: list[dict]) -> list[EvalItem]:
    return [
        EvalItem(quad=((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text=w["text"])
        for w in words
        for x0, y0, x1, y1 in [w["box"]]
    ]


def realdocs_pages(split: str, dpi: int, cache: Path) -> list[tuple[str, str, Path, list[dict]]]:
    """(page id, language, image path, truth words) of the split's first <= 3 pages."""
    import fitz

    root = SHARED / "realdocs"
    languages = {}
    with (root / "MANIFEST.tsv").open() as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            languages[row["file"]] = "ko" if row["language"] in ("ko", "mixed") else "en"
    pages = []
    for pdf in sorted(root.glob("*.pdf")):
        if split_of(pdf) != split:
            continue
        with fitz.open(pdf) as document:
            for index in range(min(3, document.page_count)):
                page = document[index]
                key = f"{pdf.stem}-p{index + 1}-{dpi}"
                image = cache / "images" / f"{key}.png"
                if not image.exists():
                    image.parent.mkdir(parents=True, exist_ok=True)
                    page.get_pixmap(dpi=dpi).save(image)
                f = dpi / 72
                truth = [
                    {"text": nfkc(w[4]), "box": [w[0] * f, w[1] * f, w[2] * f, w[3] * f]}
                    for w in page.get_text("words")
                    if nfkc(w[4]).strip()
                ]
                pages.append((key, languages[pdf.name], image, truth))
    return pages


def sroie_pages(split: str, limit: int) -> list[tuple[str, str, Path, list[dict]]]:
    root = SHARED / "sroie"
    pages = []
    for image in sorted((root / "img").glob("*.jpg")):
        if split_of(image) != split:
            continue
        truth = []
        for line in (root / "box" / f"{image.stem}.csv").read_text(errors="replace").splitlines():
            parts = line.split(",", 8)
            if len(parts) < 9 or not parts[8].strip():
                continue
            xs, ys = [float(v) for v in parts[0:8:2]], [float(v) for v in parts[1:8:2]]
            truth.append({"text": parts[8], "box": [min(xs), min(ys), max(xs), max(ys)]})
        pages.append((f"sroie-{image.stem}", "en", image, truth))
    return pages[:limit]


def tesseract_cli(image: Path) -> list[dict]:
    words = []
    for item in run_tesseract(image).words:
        (x0, y0), _, (x1, y1), _ = item.quad
        words.append({"text": item.text, "box": [x0, y0, x1, y1], "engine": "cli"})
    return words


class PPOCRRunner:
    def __init__(self, route: str, args: argparse.Namespace) -> None:
        options = PPOCROptions(
            route=route,  # type: ignore[arg-type]
            detect_side=args.detect_side,
            line_height=args.line_height,
            recognizer=args.recognizer,
        )
        self.engine = PPOCREngine(options)

    def __call__(self, image_path: Path) -> tuple[list[dict], dict]:
        image = Image.open(image_path).convert("RGB")
        before = Counter(self.engine.routes)
        upscaled, scale = upscale(image, TARGET)
        words: list[Word] = to_page_space(self.engine.recognize([upscaled])[0].words, scale)
        routes = {k: self.engine.routes[k] - before[k] for k in self.engine.routes}
        return [{"text": w.text, "box": list(w.box), "engine": w.engine} for w in words], routes


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(config: str, pages, cache: Path, args) -> dict[str, dict]:
    folder = cache / "pred" / config
    folder.mkdir(parents=True, exist_ok=True)
    runner = None
    results = {}
    for key, _, image, _ in pages:
        file = folder / f"{key}.json"
        if file.exists():
            results[key] = json.loads(file.read_text())
            continue
        if runner is None and config != "cli":
            route = {"ppocr": "auto", "ppocr-P": "ppocr", "ppocr-T": "tesseract"}[
                config.split("@")[0]
            ]
            runner = PPOCRRunner(route, args)
            runner(image)  # warm-up: sessions and the Tesseract model load once per process
        start = cpu_seconds()
        if config == "cli":
            words, routes = tesseract_cli(image), {}
        else:
            words, routes = runner(image)  # type: ignore[misc]
        result = {"words": words, "routes": routes, "cpu": cpu_seconds() - start}
        file.write_text(json.dumps(result, ensure_ascii=False))
        results[key] = result
        print(config, key, f"{result['cpu']:.2f}s", flush=True)
    return results


def report(config: str, pages, results, normalize) -> str:
    rows = []
    for language in [*sorted({lang for _, lang, _, _ in pages}), "all"]:
        chosen = [p for p in pages if language in ("all", p[1])]
        score = score_dataset(
            ((items(truth), items(results[key]["words"])) for key, _, _, truth in chosen),
            normalize=normalize,
        )
        cpu = sum(results[key]["cpu"] for key, *_ in chosen) / len(chosen)
        routes: Counter = Counter()
        for key, *_ in chosen:
            routes.update(results[key]["routes"])
        share = ""
        if routes:
            total = sum(routes.values())
            share = " ".join(f"{k}={v / total:.0%}" for k, v in sorted(routes.items()))
        by_route = defaultdict(list)
        for key, *_ in chosen:
            for word in results[key]["words"]:
                by_route[word["engine"]].append(word)
        route_precision = ""
        if len(by_route) > 1:
            parts = []
            for engine in sorted(by_route):
                s = score_dataset(
                    (
                        (
                            items(truth),
                            items([w for w in results[key]["words"] if w["engine"] == engine]),
                        )
                        for key, _, _, truth in chosen
                    ),
                    normalize=normalize,
                )
                parts.append(f"P[{engine}]={s.precision * 100:.1f}")
            route_precision = " ".join(parts)
        rows.append(
            f"| {config} | {language} | {len(chosen)} | {score.precision * 100:.1f} | "
            f"{score.recall * 100:.1f} | {score.hmean * 100:.1f} | {cpu:.2f} | "
            f"{share} {route_precision} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=["realdocs", "sroie"])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--configs", default="cli,ppocr")
    parser.add_argument("--detect-side", type=int, default=PPOCROptions().detect_side)
    parser.add_argument("--line-height", type=int, default=PPOCROptions().line_height)
    parser.add_argument("--recognizer", default=PPOCROptions().recognizer)
    parser.add_argument("--tag", default="", help="suffix of the cache folder of ppocr configs")
    parser.add_argument("--cached-only", action="store_true")
    parser.add_argument("--lang", choices=["ko", "en"], help="only the pages of this language")
    parser.add_argument(
        "--per-lang", type=int, help="realdocs: only the first N pages of each language"
    )
    parser.add_argument("--cache", type=Path, default=Path("/tmp/ppocr_dev"))
    args = parser.parse_args()
    if args.dataset == "realdocs":
        pages = realdocs_pages(args.split, args.dpi, args.cache)
        normalize = nfkc
    else:
        pages = sroie_pages(args.split, args.limit)
        normalize = upper_nospace
    if args.lang:
        pages = [p for p in pages if p[1] == args.lang]
    if args.per_lang:
        seen: Counter = Counter()
        kept = []
        for page in pages:
            seen[page[1]] += 1
            if seen[page[1]] <= args.per_lang:
                kept.append(page)
        pages = kept
    if args.cached_only:  # report on the pages every configuration has already read
        root = args.cache / f"{args.dataset}-{args.split}-{args.dpi}" / "pred"
        names = [
            c if c == "cli" or not args.tag else f"{c}@{args.tag}" for c in args.configs.split(",")
        ]
        pages = [p for p in pages if all((root / n / f"{p[0]}.json").exists() for n in names)]
    print(f"{len(pages)} pages, {args.dataset} {args.split}", flush=True)
    table = [
        "| config | lang | pages | P | R | H | CPU s/page | routes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for config in args.configs.split(","):
        name = config if config == "cli" or not args.tag else f"{config}@{args.tag}"
        started = time.time()
        results = run(name, pages, args.cache / f"{args.dataset}-{args.split}-{args.dpi}", args)
        table.append(report(name, pages, results, normalize))
        print(f"{name}: {time.time() - started:.0f}s", flush=True)
    print("\n".join(table))


if __name__ == "__main__":
    main()
