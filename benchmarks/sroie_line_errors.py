"""Character errors of cached OCR inside SROIE's transcribed line boxes: a measure of the
reading with far more power than the exact-match fields (one wrong character or space loses
a whole address), for comparing OCR variants of the same receipts.

For each line of the dataset's box files, the OCR words whose centres fall inside its box are
joined left to right; the edit distance to the transcription (upper case, spaces ignored)
is summed over the receipts present in every cache given. Reported for all lines and for each
receipt's first ``--header`` lines (where a receipt prints its name and address). The
transcriptions have errors of their own (commas read as periods), the same for every cache.

    python benchmarks/sroie_line_errors.py /tmp/ocr_main /tmp/ocr_variant
    python benchmarks/sroie_line_errors.py --split test --engine ppocr /tmp/ocr_main

Caches are those of benchmarks/ocr_cache.py (``{sha256}-{engine}.json``); receipts split by
SHA-256 as benchmarks/fields_sroie.py does (first hex digit even = dev).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from docparse.model import Box, Document

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fields_sroie import SROIE, split_of, truth_lines


def transcribed(image: Path) -> list[tuple[Box, str]]:
    """(box, upper-case text) of each transcribed line of a receipt, in reading order."""
    return [(word.box, word.text.upper()) for word in truth_lines(image).pages[0].words()]


def errors(document: Document, lines: list[tuple[Box, str]]) -> tuple[int, int]:
    """Edit distance (spaces ignored) of the words inside each line box, and characters."""
    words = list(document.pages[0].words()) if document.pages else []
    wrong = total = 0
    for (x0, y0, x1, y1), text in lines:
        inside = sorted(
            (
                w
                for w in words
                if x0 <= (w.box[0] + w.box[2]) / 2 <= x1 and y0 <= (w.box[1] + w.box[3]) / 2 <= y1
            ),
            key=lambda w: w.box[0],
        )
        read = "".join(w.text for w in inside).upper().replace(" ", "")
        want = text.replace(" ", "")
        wrong += Levenshtein.distance(read, want)
        total += len(want)
    return wrong, total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("caches", type=Path, nargs="+", help="OCR cache folders to compare")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--engine", default="ppocr", help="the engine named in the cache files")
    parser.add_argument("--header", type=int, default=12, help="first lines counted apart")
    args = parser.parse_args()
    receipts = []
    for image in sorted((SROIE / "img").glob("*.jpg")):
        if args.split != "all" and split_of(image) != args.split:
            continue
        digest = hashlib.sha256(image.read_bytes()).hexdigest()
        name = f"{digest}-{args.engine}.json"
        if all((cache / name).exists() for cache in args.caches):
            receipts.append((image, name))
    print(f"SROIE {args.split}: {len(receipts)} receipts in every cache\n")
    print(f"| cache | all lines | first {args.header} lines |\n|---|---:|---:|")
    for cache in args.caches:
        counts = [0, 0, 0, 0]
        for image, name in receipts:
            document = Document.model_validate_json((cache / name).read_text(encoding="utf-8"))
            lines = transcribed(image)
            for at, part in ((0, lines), (2, lines[: args.header])):
                wrong, total = errors(document, part)
                counts[at] += wrong
                counts[at + 1] += total
        shares = [100 * counts[k] / max(1, counts[k + 1]) for k in (0, 2)]
        print(
            f"| {cache} | {counts[0]} / {counts[1]} = {shares[0]:.2f} % "
            f"| {counts[2]} / {counts[3]} = {shares[1]:.2f} % |"
        )


if __name__ == "__main__":
    main()
