"""Word spaces on real scanned receipts (SROIE): where our words split differently from the
dataset's line transcriptions.

``docparse eval --dataset sroie`` scores words against whole-line truths; a truth line's
inner spaces are characters that no word matches, so its raw H is capped (spaces are 9.6 %
of SROIE's truth characters: a perfect word-level reading scores R 90.4, H 95.0) and does
not move when words are split differently. This script measures the spacing itself:

- **spaces**: on each truth line whose characters the words read inside its box match
  exactly (spaces ignored), the truth's spaces the reading lacks (*missing*: "TAXINVOICE")
  and the spaces it has that the truth lacks (*spurious*: "DESCR IPT ION");
- **line H**: PopEval with each predicted line (its words joined by single spaces) as one
  item, so that the truth's spaces can be matched; plain Tesseract's TSV lines likewise;
- the word-level H, raw and without spaces, as ``docparse eval`` scores it.

The truth's own spacing around punctuation is inconsistent ("TEL : 03-..." and "TEL: 03-..."
on receipts of one shop): read the missing/spurious lists (``--show``) before tuning.

    nice -n 10 python benchmarks/sroie_spacing.py --split test --cache /tmp/ocr --plain
    python benchmarks/sroie_spacing.py --split dev --limit 20 --show

Split by the image's SHA-256 as ``docparse eval`` does (first hex digit 0-7 dev, 8-f test).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ocr_cache import CACHE, CachedParser

from docparse.evaluation.loaders import ImageGT, load_sroie_dir
from docparse.evaluation.plain_tesseract import tesseract_binary
from docparse.evaluation.popeval import EvalItem, score_image
from docparse.evaluation.splits import in_split
from docparse.io.hashing import sha256_of
from docparse.model import Document

SROIE = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "sroie"

Box = tuple[float, float, float, float]


@dataclass
class ReadLine:
    """A predicted line: its words (upper-cased) with their boxes."""

    words: list[tuple[str, Box]]

    @property
    def box(self) -> Box:
        boxes = [box for _, box in self.words]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


@dataclass
class Tally:
    gt: dict[str, int] = field(default_factory=dict)
    pred: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    truth_spaces: int = 0
    missing: int = 0
    spurious: int = 0
    lines: int = 0
    differences: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, kind: str, truth: list[EvalItem], pred: list[EvalItem], spaceless: bool) -> None:
        score = score_image(truth, pred, normalize=_spaceless if spaceless else None)
        self.gt[kind] = self.gt.get(kind, 0) + score.gt_chars
        self.pred[kind] = self.pred.get(kind, 0) + score.pred_chars
        self.matched[kind] = self.matched.get(kind, 0) + score.matched

    def hmean(self, kind: str) -> float:
        precision = self.matched[kind] / max(1, self.pred[kind])
        recall = self.matched[kind] / max(1, self.gt[kind])
        return 200 * precision * recall / (precision + recall) if precision + recall else 0.0


def _spaceless(text: str) -> str:
    return text.replace(" ", "")


def _quad(box: Box) -> tuple[tuple[float, float], ...]:
    x0, y0, x1, y1 = box
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def document_lines(document: Document) -> list[ReadLine]:
    return [
        ReadLine([(word.text.upper(), word.box) for word in line.words])
        for line in document.pages[0].lines()
        if line.words
    ]


def plain_lines(image: Path) -> list[ReadLine]:
    """``tesseract IMAGE - -l kor+eng tsv``: its words grouped by their TSV line."""
    tsv = subprocess.run(
        [tesseract_binary(), str(image), "-", "-l", "kor+eng", "tsv"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    groups: dict[tuple[str, str, str], list[tuple[str, Box]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top, width, height = (int(row[key]) for key in ("left", "top", "width", "height"))
        key = (row["block_num"], row["par_num"], row["line_num"])
        groups.setdefault(key, []).append((text.upper(), (left, top, left + width, top + height)))
    return [ReadLine(words) for words in groups.values()]


def space_positions(text: str) -> set[int]:
    """Where the spaces of ``text`` fall, counted in its characters other than spaces."""
    positions, count = set(), 0
    for char in text:
        if char == " ":
            positions.add(count)
        else:
            count += 1
    return positions


def compare_spaces(name: str, gt: ImageGT, lines: list[ReadLine], tally: Tally) -> None:
    """Missing and spurious spaces on the truth lines read exactly (spaces ignored): the
    words whose centres lie inside a truth line's box, left to right."""
    words = [word for line in lines for word in line.words]
    for item in gt.items:
        xs, ys = [x for x, _ in item.quad], [y for _, y in item.quad]
        inside = sorted(
            (box[0], text)
            for text, box in words
            if min(ys) <= (box[1] + box[3]) / 2 <= max(ys)
            and min(xs) - 2 <= (box[0] + box[2]) / 2 <= max(xs) + 2
        )
        read = " ".join(text for _, text in inside)
        truth = re.sub(" +", " ", item.text.upper().strip())
        if _spaceless(read) != _spaceless(truth):
            continue
        tally.lines += 1
        want, got = space_positions(truth), space_positions(read)
        tally.truth_spaces += len(want)
        tally.missing += len(want - got)
        tally.spurious += len(got - want)
        if want != got:
            tally.differences.append((name, truth, read))


def receipts(folder: Path, split: str, limit: int | None) -> Iterator[ImageGT]:
    chosen = [
        gt
        for gt in load_sroie_dir(folder).images
        if gt.image is not None and (split == "all" or in_split(sha256_of(gt.image), split))
    ]
    yield from sorted(chosen, key=lambda gt: str(gt.image))[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=SROIE)
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--cache", type=Path, default=CACHE, help="OCR cache (ocr_cache.py)")
    parser.add_argument("--plain", action="store_true", help="also plain tesseract's lines")
    parser.add_argument("--show", action="store_true", help="list the lines spaced otherwise")
    args = parser.parse_args()
    readers = {"docparse (ppocr)": CachedParser("ppocr", args.cache)}
    tallies = {name: Tally() for name in readers}
    if args.plain:
        tallies["plain tesseract"] = Tally()
    count = 0
    for gt in receipts(args.data, args.split, args.limit):
        assert gt.image is not None
        count += 1
        truth = [EvalItem(quad=item.quad, text=item.text.upper()) for item in gt.items]
        for name, tally in tallies.items():
            if name in readers:
                lines = document_lines(readers[name].parse(gt.image))
            else:
                lines = plain_lines(gt.image)
            words = [
                EvalItem(quad=_quad(box), text=text) for line in lines for text, box in line.words
            ]
            joined = [
                EvalItem(quad=_quad(line.box), text=" ".join(text for text, _ in line.words))
                for line in lines
            ]
            tally.add("words", truth, words, spaceless=False)
            tally.add("words, no spaces", truth, words, spaceless=True)
            tally.add("lines", truth, joined, spaceless=False)
            compare_spaces(gt.image.stem, gt, lines, tally)
        print(f"[{count}] {gt.image.name}", file=sys.stderr)
    print(f"SROIE {args.split} split: {count} receipts, predictions upper-cased\n")
    print(
        "| reading | H words | H words, no spaces | H lines | truth lines read exactly "
        "| their spaces | missing | spurious |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, tally in tallies.items():
        print(
            f"| {name} | {tally.hmean('words'):.2f} | {tally.hmean('words, no spaces'):.2f} "
            f"| {tally.hmean('lines'):.2f} | {tally.lines} | {tally.truth_spaces} "
            f"| {tally.missing} | {tally.spurious} |"
        )
    if args.show:
        for name, tally in tallies.items():
            print(f"\n{name}:")
            for receipt, truth, read in tally.differences:
                print(f"  {receipt} {truth!r} read {read!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
