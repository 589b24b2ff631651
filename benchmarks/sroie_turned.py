"""Real scanned receipts (SROIE) turned and photographed: the orientation docparse decides
and PopEval H of lines, beside plain Tesseract on the same images.

Each receipt is degraded by ``docparse bench real``'s own variant makers
(:data:`docparse.evaluation.real_pages.VARIANTS`: ``rot90/180/270``, ``photo`` and the
turned photos), its truth lines moved through the same homography. Scored as ``docparse
eval --dataset sroie --uppercase`` scores lines: predictions upper-cased, each predicted
line one item. The receipts are the first ``--limit`` of the split in sha256 order.

    nice -n 10 python benchmarks/sroie_turned.py --split dev --limit 6
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from docparse.evaluation.loaders import load_sroie_dir
from docparse.evaluation.plain_tesseract import run_tesseract
from docparse.evaluation.popeval import EvalItem, micro_average, score_image
from docparse.evaluation.real_bench import default_pdf_dir
from docparse.evaluation.real_pages import VARIANTS, moved, seed_for
from docparse.evaluation.runner import cpu_time, document_lines, eval_options
from docparse.evaluation.splits import in_split
from docparse.io.hashing import sha256_of
from docparse.pipeline import ParseOptions, Parser

VARIANT_NAMES = (
    "upright",
    "rot90",
    "rot180",
    "rot270",
    "photo",
    "photo+rot90",
    "photo+rot180",
    "photo+rot270",
)
EXPECTED_TURN = {"rot90": 270, "rot180": 180, "rot270": 90}
"""The counter-clockwise turn that makes each variant upright (``Page.rotation_applied``)."""
NOMINAL_DPI = 200
"""The photo's defocus scales with dpi; SROIE scans carry none, so 200 as for realdocs."""


def _upper(text: str) -> str:
    return text.upper()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=default_pdf_dir().parent / "sroie")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=6)
    parser.add_argument("--variants", default=",".join(VARIANT_NAMES))
    parser.add_argument("--engine", default="auto")
    args = parser.parse_args()
    gts = [gt for gt in load_sroie_dir(args.data).images if gt.image is not None]
    hashed = sorted(((sha256_of(gt.image), gt) for gt in gts), key=lambda pair: pair[0])  # type: ignore[arg-type]
    chosen = [(sha, gt) for sha, gt in hashed if in_split(sha, args.split)][: args.limit]
    reader = Parser(eval_options(ParseOptions(engine=args.engine)))
    totals: dict[tuple[str, str], list] = {}
    seconds: dict[str, list[tuple[float, float]]] = {}
    header = "receipt | variant | turn (expected) | plain H | docparse H | CPU s plain / ours"
    print(f"| {header} | warnings |\n|---|---|---|---|---|---|---|")
    if chosen:  # the models load on the first page: not counted in any receipt's CPU
        reader.parse(chosen[0][1].image)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as work:
        for sha, gt in chosen:
            assert gt.image is not None
            with Image.open(gt.image) as opened:
                scan = opened.convert("RGB")
            truth = [EvalItem(quad=item.quad, text=item.text) for item in gt.items]
            for variant in args.variants.split(","):
                rng = np.random.default_rng(seed_for(sha, 0, NOMINAL_DPI, variant))
                made = VARIANTS[variant](scan, rng, NOMINAL_DPI)
                path = Path(work) / f"{gt.image.stem}-{variant}.png"
                made.image.save(path)
                lines = moved(truth, made.homography)
                tesseract = run_tesseract(path)
                plain = score_image(lines, tesseract.lines, normalize=_upper)
                started = cpu_time()
                document = reader.parse(path)
                cpu = cpu_time() - started
                ours = score_image(lines, document_lines(document), normalize=_upper)
                page = document.pages[0]
                turn = EXPECTED_TURN.get(variant.removeprefix("photo+"), 0)
                totals.setdefault(("plain", variant), []).append(plain)
                totals.setdefault(("docparse", variant), []).append(ours)
                seconds.setdefault(variant, []).append((tesseract.cpu_seconds, cpu))
                flag = "" if page.rotation_applied == turn else " **wrong**"
                print(
                    f"| {gt.image.stem} | {variant} | {page.rotation_applied} ({turn}){flag} "
                    f"| {100 * plain.hmean:.1f} | {100 * ours.hmean:.1f} "
                    f"| {tesseract.cpu_seconds:.1f} / {cpu:.1f} "
                    f"| {len(page.warnings) + len(document.warnings)} |",
                    flush=True,
                )
    print()
    print("| variant | plain H | docparse H | CPU ratio |")
    print("|---|---|---|---|")
    for variant in args.variants.split(","):
        plain = micro_average(totals[("plain", variant)])
        ours = micro_average(totals[("docparse", variant)])
        spent = seconds[variant]
        ratio = sum(ours for _, ours in spent) / max(sum(plain for plain, _ in spent), 1e-9)
        print(f"| {variant} | {100 * plain.hmean:.1f} | {100 * ours.hmean:.1f} | {ratio:.2f}× |")


if __name__ == "__main__":
    main()
