"""Dev measurements for page geometry, segmentation fallback and precision (issue 12 items
2-5) on real PDF pages: ../shared/datasets/realdocs, first page(s) of each file rendered at
150 dpi, their text layers as truth, PopEval beside plain ``tesseract IMG - -l kor+eng``.

Split by file hash: sha256's first hex digit even = dev (tune here), odd = test (report once).

    nice -n 10 .venv/bin/python benchmarks/page_geometry_dev.py --split dev --variants up
    nice -n 10 .venv/bin/python benchmarks/page_geometry_dev.py --split test \
        --variants up,rot90,rot180,rot270,skew4

Not a test: it reads ../shared, which CI does not have. The full benchmark is
``docparse bench real``; this script is the quick loop used while tuning.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
import unicodedata
from pathlib import Path

import pymupdf
from PIL import Image

from docparse.engines.ink_coverage import coverage, text_cells
from docparse.evaluation.plain_tesseract import run_tesseract
from docparse.evaluation.popeval import EvalItem, score_image
from docparse.evaluation.splits import split_of as project_split
from docparse.io.hashing import sha256_of
from docparse.pipeline import ParseOptions, Parser

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets" / "realdocs"
CACHE = Path("/tmp/page_geometry_dev")
DPI = 150


def split_of(path: Path) -> str:
    """The project's split (docparse.evaluation.splits: sha256 first hex digit 0-7 dev). The
    first runs of this script used even digits as dev; see benchmarks/results/real.md."""
    return project_split(sha256_of(path))


def quad_of(box: tuple[float, float, float, float]) -> tuple:
    x0, y0, x1, y1 = box
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def turn_points(points, degrees: float, w: int, h: int, new_w: int, new_h: int):
    """Points of a w×h image in the image turned ``degrees`` counter-clockwise (expanded)."""
    t = math.radians(degrees)
    c, s = math.cos(t), math.sin(t)
    out = []
    for x, y in points:
        dx, dy = x - w / 2, y - h / 2
        out.append((dx * c + dy * s + new_w / 2, -dx * s + dy * c + new_h / 2))
    return tuple(out)


def variant(image: Image.Image, gt: list[EvalItem], name: str):
    if name == "up":
        return image, gt
    degrees = float(name.removeprefix("rot").removeprefix("skew").replace("m", "-"))
    turned = image.rotate(
        degrees,
        expand=True,
        fillcolor=(255, 255, 255),
        resample=Image.Resampling.BICUBIC if name.startswith("skew") else Image.Resampling.NEAREST,
    )
    w, h = image.size
    items = [
        EvalItem(quad=turn_points(item.quad, degrees, w, h, *turned.size), text=item.text)
        for item in gt
    ]
    return turned, items


def pages(split: str, per_file: int, lang: str | None):
    CACHE.mkdir(exist_ok=True)
    manifest = {}
    for row in (DATA / "MANIFEST.tsv").read_text().splitlines()[1:]:
        cols = row.split("\t")
        manifest[cols[0]] = cols[5]
    for pdf in sorted(DATA.glob("*.pdf")):
        if split != "all" and split_of(pdf) != split:
            continue
        if lang and manifest.get(pdf.name, "en") != lang:
            continue
        doc = pymupdf.open(pdf)
        for index in range(min(per_file, doc.page_count)):
            png = CACHE / f"{pdf.stem}-p{index + 1}.png"
            page = doc[index]
            if not png.exists():
                page.get_pixmap(dpi=DPI).save(png)
            zoom = DPI / 72
            gt = [
                EvalItem(
                    quad=quad_of((x0 * zoom, y0 * zoom, x1 * zoom, y1 * zoom)),
                    text=unicodedata.normalize("NFKC", text),
                )
                for x0, y0, x1, y1, text, *_ in page.get_text("words")
                if text.strip()
            ]
            yield f"{pdf.stem}-p{index + 1}", manifest.get(pdf.name, "?"), png, gt
        doc.close()


def plain_tesseract(png: Path) -> list[EvalItem]:
    return run_tesseract(png).words


def docparse_items(parser: Parser, png: Path) -> tuple[list[EvalItem], list[str], dict]:
    doc = parser.parse(png)
    page = doc.pages[0]
    items = [EvalItem(quad=w.quad or quad_of(w.box), text=w.text) for w in page.words()]
    confidences = [w.confidence for w in page.words()]
    cells = text_cells(Image.open(png).convert("L"))
    info = {
        "rot": page.rotation_applied,
        "skew": page.deskew_applied,
        "cover": round(coverage(cells, list(page.words())), 2),
    }
    return items, page.warnings, info, confidences


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev")
    ap.add_argument("--variants", default="up")
    ap.add_argument("--per-file", type=int, default=1)
    ap.add_argument("--lang", default=None, help="ko, en or mixed (default: all)")
    ap.add_argument("--options", default="{}", help="ParseOptions JSON overrides")
    ap.add_argument("--no-plain", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated substrings of file names")
    ap.add_argument("--out", type=Path, default=None, help="JSON lines of per-page results")
    args = ap.parse_args()
    options = ParseOptions(engine="tesseract", **json.loads(args.options))
    parser = Parser(options)
    totals: dict[str, list[int]] = {}
    out = args.out.open("w") if args.out else None
    silent: list[str] = []
    only = [part for part in args.only.split(",") if part]
    for name, lang, png, gt in pages(args.split, args.per_file, args.lang):
        if only and not any(part in name for part in only):
            continue
        base = Image.open(png).convert("RGB")
        for var in args.variants.split(","):
            image, truth = variant(base, gt, var)
            path = CACHE / f"{name}-{var}.png"
            if not path.exists():
                image.save(path)
            start = time.perf_counter()
            ours, warnings, info, confidences = docparse_items(parser, path)
            seconds = time.perf_counter() - start
            row = {
                "page": name,
                "lang": lang,
                "variant": var,
                **info,
                "s": round(seconds, 1),
                "warn": warnings,
                "words": len(ours),
            }
            scored = {"ours": score_image(truth, ours, nfkc)}
            if not args.no_plain:
                start = time.perf_counter()
                plain = plain_tesseract(path)
                row["plain_s"] = round(time.perf_counter() - start, 1)
                row["plain_words"] = len(plain)
                scored["plain"] = score_image(truth, plain, nfkc)
            for who, score in scored.items():
                row[who] = [
                    round(score.precision, 3),
                    round(score.recall, 3),
                    round(score.hmean, 3),
                    score.matched,
                ]
                acc = totals.setdefault(f"{var}/{lang}/{who}", [0, 0, 0])
                acc[0] += score.gt_chars
                acc[1] += score.pred_chars
                acc[2] += score.matched
            if "plain" in row and row["ours"][3] < 0.5 * row["plain"][3] and not warnings:
                silent.append(f"{name}/{var}")
            print(json.dumps(row, ensure_ascii=False), flush=True)
            if out:
                dump = {
                    **row,
                    "truth": [[item.quad, item.text] for item in truth],
                    "words": [[w.quad, w.text, c] for w, c in zip(ours, confidences, strict=True)],
                }
                out.write(json.dumps(dump, ensure_ascii=False) + "\n")
    print("\nvariant/lang/who        P      R      H   (micro, PopEval characters)")
    for key in sorted(totals):
        gt_chars, pred_chars, matched = totals[key]
        p = matched / pred_chars if pred_chars else 0.0
        r = matched / gt_chars if gt_chars else 0.0
        h = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{key:22s} {100 * p:6.1f} {100 * r:6.1f} {100 * h:6.1f}")
    print(f"pages losing over half of plain Tesseract's matched characters silently: {silent}")


if __name__ == "__main__":
    sys.exit(main())
