"""Key fields on real scanned receipts: ``docparse extract`` on ../shared/datasets/sroie.

Scored the SROIE way: for each of ``company``, ``date``, ``address`` and ``total``, a
prediction is right when it equals the truth as printed after upper-casing and collapsing
spaces; precision = right / predicted, recall = right / truth, F1 of the two. Also
``ask "What is the total?"`` exact match (same normalisation). The dataset's README warns
that its transcriptions space lines their own way ("27,JALAN" / "27, JALAN"): an F1 with
all spaces removed is reported beside the plain one.

Files split by SHA-256 of the image: first hex digit even = dev (tune there), odd = test
(report). Three readings of each receipt, the same extraction on each:

- ``docparse``: the pipeline with the Tesseract engine (cached: benchmarks/ocr_cache.py);
- ``plain tesseract``: the words of ``tesseract IMG - -l kor+eng tsv`` (the plain CLI, no
  tuning), put through our reading order;
- ``truth lines``: the dataset's own line transcriptions and boxes (each line one word), the
  extraction alone without OCR errors.

Dev repeats shops (84 receipts from about 45 shops, 13 of them one shop), so a rule that
reads one shop's header right scores many times over; ``--first-per-shop`` keeps only the
first receipt of each shop (shops grouped by their key's name without legal forms and
bracketed branches, names one letter apart as one shop: :func:`shop_of`), an estimate of how
the extraction does on shops it has not seen.

    nice -n 10 python benchmarks/fields_sroie.py --split test --write benchmarks/results/fields.md
    python benchmarks/fields_sroie.py --split dev --readings truth --show-misses
    python benchmarks/fields_sroie.py --split dev --first-per-shop --readings docparse,plain
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from docparse.ask.extractive import answer_extractive
from docparse.ask.pages import ReadPage
from docparse.keyfields import Extraction, extract_document
from docparse.keyfields.reread import reread_amounts
from docparse.model import Document, Page, Word
from docparse.pipeline import ParseOptions, Parser
from docparse.reading_order import build_blocks

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ocr_cache import CACHE, CachedParser


def _dataset() -> Path:
    """../shared/datasets/sroie of the checkout, or of the folder above it (a worktree in a
    folder of worktrees: /work/wt/NAME beside /work/shared)."""
    paths = [up / "shared" / "datasets" / "sroie" for up in Path(__file__).resolve().parents[1:4]]
    return next((path for path in paths if path.is_dir()), paths[1])


SROIE = _dataset()
FIELDS = ("company", "date", "address", "total")
QUESTION = "What is the total?"


def split_of(path: Path) -> str:
    return "dev" if int(_first_hex(path), 16) % 2 == 0 else "test"


def _first_hex(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[0]


def normal(text: str | None) -> str:
    return " ".join((text or "").upper().split())


_LEGAL = re.compile(r"\([^)]*\)|\b(?:SDN|BHD|S/B|SB|CO|TRADING|ENTERPRISE)\b|[^A-Z0-9]")


def shop_of(company: str) -> str:
    """A shop's name as a grouping key: letters and digits, without its legal form and a
    bracketed branch ("MR. D.I.Y. (KUCHAI) SDN BHD" and "MR D.I.Y. (M) SDN BHD" → MRDIY)."""
    return _LEGAL.sub("", normal(company))


def _one_apart(a: str, b: str) -> bool:
    """Equal but for one letter changed (a key's typo: "TEO HENG" / "TED HENG")."""
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) <= 1


def first_per_shop(images: list[Path]) -> list[Path]:
    """The first receipt (by file name) of each shop among ``images``."""
    seen: list[str] = []
    kept = []
    for image in images:
        truth = json.loads((SROIE / "key" / f"{image.stem}.json").read_text(encoding="utf-8"))
        shop = shop_of(truth.get("company", ""))
        if not any(_one_apart(shop, other) for other in seen):
            seen.append(shop)
            kept.append(image)
    return kept


def predicted(fields: Extraction) -> dict[str, str]:
    supplier = fields.supplier
    return {
        "company": supplier.name.text if supplier.name else "",
        "date": fields.issue_date.text if fields.issue_date else "",
        "address": supplier.address.text if supplier.address else "",
        "total": fields.total.text if fields.total else "",
    }


def _document(path: Path, words: list[Word], width: int, height: int, engine: str) -> Document:
    page = Page(index=0, width=width, height=height, source="ocr", blocks=build_blocks(words, 0))
    return Document(source=str(path), sha256="", page_count=1, engine=engine, pages=[page])


def truth_lines(path: Path) -> Document:
    """The dataset's transcription: each text line one word with its box."""
    words = []
    box_file = SROIE / "box" / f"{path.stem}.csv"
    for row in box_file.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = row.split(",", 8)
        if len(parts) < 9 or not parts[8].strip():
            continue
        xs = [float(v) for v in parts[0:8:2]]
        ys = [float(v) for v in parts[1:8:2]]
        box = (min(xs), min(ys), max(xs), max(ys))
        if box[2] > box[0] and box[3] > box[1]:
            words.append(Word(text=parts[8].strip(), box=box, engine="truth"))
    width = int(max(w.box[2] for w in words)) + 1
    height = int(max(w.box[3] for w in words)) + 1
    return _document(path, words, width, height, "truth")


def plain_tesseract(path: Path) -> Document:
    """Words and boxes of the plain tesseract CLI (TSV), cached like the pipeline's."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    stored = CACHE / f"{digest}-plain-tesseract.json"
    if stored.exists():  # the words as read, laid out again by today's reading order
        cached = Document.model_validate_json(stored.read_text(encoding="utf-8"))
        page = cached.pages[0]
        return _document(path, list(cached.words()), page.width, page.height, "tesseract-cli")
    tsv = subprocess.run(
        ["tesseract", str(path), "-", "-l", "kor+eng", "tsv"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words, width, height = [], 1, 1
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        left, top, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        if row["level"] == "1":
            width, height = max(w, 1), max(h, 1)
        text = (row.get("text") or "").strip()
        if row["level"] == "5" and text and w > 0 and h > 0:
            conf = float(row["conf"])
            confidence = None if conf < 0 else min(conf / 100, 1.0)
            words.append(
                Word(
                    text=text,
                    box=(left, top, left + w, top + h),
                    confidence=confidence,
                    engine="tesseract-cli",
                )
            )
    document = _document(path, words, width, height, "tesseract-cli")
    CACHE.mkdir(parents=True, exist_ok=True)
    stored.write_text(document.to_json(indent=None), encoding="utf-8")
    return document


def docparse_reading(
    engine: str, cache: Path, engine_options: dict | None = None
) -> Callable[[Path], Document]:
    """The pipeline's reading with ``engine`` as ``docparse extract`` reads a file: the OCR
    (cached), then the amounts the first reading lost read again (not cached: cheap)."""
    cached = CachedParser(engine, cache, engine_options)
    live: list[Parser] = []

    def read(image: Path) -> Document:
        if not live:
            live.append(Parser(ParseOptions(engine=engine, engine_options=engine_options or {})))
        return reread_amounts(cached.parse(image), live[0], image)

    return read


def run(
    images: list[Path], readings: dict[str, Callable[[Path], Document]], show: bool
) -> dict[str, dict[str, list[int]]]:
    """Per reading and field: [right, predicted, truth, right without spaces] counts (field
    "ask total" too)."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    for number, image in enumerate(images, start=1):
        truth = json.loads((SROIE / "key" / f"{image.stem}.json").read_text(encoding="utf-8"))
        for name, read in readings.items():
            document = read(image)
            guess = predicted(extract_document(document))
            answer = answer_extractive(
                [ReadPage(str(image), page) for page in document.pages], QUESTION, name
            )
            guess["ask total"] = answer.answer or ""
            for field in (*FIELDS, "ask total"):
                want = normal(truth.get(field.removeprefix("ask "), ""))
                got = normal(guess[field])
                row = counts[name][field]
                row[0] += bool(got) and got == want
                row[1] += bool(got)
                row[2] += bool(want)
                row[3] += bool(got) and got.replace(" ", "") == want.replace(" ", "")
                if show and got != want and field in FIELDS:
                    print(f"{image.stem} {name} {field}: want {want!r} got {got!r}")
        print(f"[{number}/{len(images)}] {image.name}", file=sys.stderr)
    return counts


def table(counts: dict[str, dict[str, list[int]]]) -> str:
    lines = [
        "| reading | field | right | predicted | truth | precision | recall | F1 "
        "| F1 without spaces |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, fields in counts.items():
        for field in (*FIELDS, "ask total"):
            right, made, want, loose = fields[field]
            lines.append(
                f"| {name} | {field} | {right} | {made} | {want} | {_prf(right, made, want)} "
                f"| {_prf(loose, made, want).split(' | ')[-1]} |"
            )
    return "\n".join(lines) + "\n"


def _prf(right: int, made: int, want: int) -> str:
    p = right / made if made else 0.0
    r = right / want if want else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:.3f} | {r:.3f} | {f1:.3f}"


def _line_texts(path: Path) -> list[str]:
    rows = (SROIE / "box" / f"{path.stem}.csv").read_text(encoding="utf-8", errors="replace")
    parts = (row.split(",", 8) for row in rows.splitlines())
    return [part[8].strip() for part in parts if len(part) == 9 and part[8].strip()]


_KEEPS = {
    "as written": normal,
    "spaces ignored": lambda text: normal(text).replace(" ", ""),
    "spaces and punctuation ignored": lambda text: re.sub(r"[^A-Z0-9]", "", normal(text)),
}


def key_in_transcription(images: list[Path], longest: int = 8) -> str:
    """How often each text key equals a run of consecutive transcribed lines joined by
    spaces: what picking lines of the dataset's own transcription can reach. Key and
    transcription were typed apart and differ both ways (a final period printed and keyed but
    not transcribed; a typo in the key), so this measures how much exact match depends on
    punctuation and typing, not a ceiling on reading the print."""
    rows = ["| field | " + " | ".join(_KEEPS) + " |", "|---|" + "---:|" * len(_KEEPS)]
    for field in ("company", "address"):
        found = dict.fromkeys(_KEEPS, 0)
        for image in images:
            lines = _line_texts(image)
            truth = json.loads((SROIE / "key" / f"{image.stem}.json").read_text("utf-8"))
            runs = [
                " ".join(lines[start:end])
                for start in range(len(lines))
                for end in range(start + 1, min(len(lines), start + longest) + 1)
            ]
            for name, keep in _KEEPS.items():
                found[name] += keep(truth.get(field, "")) in {keep(run) for run in runs}
        shares = (f"{found[name] / max(1, len(images)):.3f}" for name in _KEEPS)
        rows.append(f"| {field} | " + " | ".join(shares) + " |")
    return "\n".join(rows)


def main() -> None:
    global CACHE
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument(
        "--readings",
        default="docparse,plain,truth",
        help="comma-separated: docparse, plain, truth (default all three)",
    )
    parser.add_argument(
        "--engines",
        default="ppocr,tesseract",
        help="comma-separated engines of the docparse reading (default ppocr,tesseract)",
    )
    parser.add_argument(
        "--cache", type=Path, default=CACHE, help=f"OCR cache folder (default {CACHE})"
    )
    parser.add_argument("--limit", type=int, help="only the first N receipts of the split")
    parser.add_argument(
        "--hex-digits",
        help="only receipts whose image SHA-256 starts with one of these hex digits (e.g. "
        "0246: dev here and in eval/bench, which takes 0-7 as dev)",
    )
    parser.add_argument(
        "--recognizer", help="the ppocr engine's recogniser (default: the engine's default)"
    )
    parser.add_argument(
        "--first-per-shop",
        action="store_true",
        help="only each shop's first receipt (an estimate for shops not seen)",
    )
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--key-in-transcription",
        action="store_true",
        help="only how often company/address keys equal runs of the transcribed lines",
    )
    parser.add_argument("--write", type=Path, help="also write the table (Markdown) here")
    args = parser.parse_args()
    images = sorted((SROIE / "img").glob("*.jpg"))
    if args.split != "all":
        images = [image for image in images if split_of(image) == args.split]
    if args.hex_digits:
        images = [image for image in images if _first_hex(image) in args.hex_digits.lower()]
    if args.first_per_shop:
        images = first_per_shop(images)
    images = images[: args.limit] if args.limit else images
    if args.key_in_transcription:
        print(f"SROIE {args.split}: {len(images)} receipts, key = run of transcribed lines\n")
        print(key_in_transcription(images))
        return
    CACHE = args.cache
    readings: dict[str, Callable[[Path], Document]] = {}
    for reading in args.readings.split(","):
        if reading == "docparse":
            for engine in args.engines.split(","):
                options = {"ppocr": {"recognizer": args.recognizer}} if args.recognizer else None
                readings[f"docparse ({engine})"] = docparse_reading(engine, args.cache, options)
        elif reading == "plain":
            readings["plain tesseract"] = plain_tesseract
        elif reading == "truth":
            readings["truth lines"] = truth_lines
    shops = " (first of each shop)" if args.first_per_shop else ""
    text = f"SROIE {args.split} split{shops}: {len(images)} receipts\n\n" + table(
        run(images, readings, args.show_misses)
    )
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
