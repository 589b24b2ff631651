"""The README's engine × dataset table: PopEval P/R/H, CER and seconds per page on the
synthetic benchmark, per kind of document and per size class.

    python benchmarks/synth_table.py [--n 60] [--seed 1] [--engine tesseract] [--workers 2]

Renders the set with `docparse bench synth` (once, cached in --data), scores it with
`docparse eval --dataset cord`, and groups report.json by the kind and size class that
the set's index.json records."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from docparse.evaluation.report import ImageResult, Report
from docparse.evaluation.synth.dataset import DatasetIndex


def run(command: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "docparse", *command], check=False)


def row(name: str, results: list[ImageResult]) -> str:
    gt = sum(r.popeval.gt_chars for r in results)
    pred = sum(r.popeval.pred_chars for r in results)
    matched = sum(r.popeval.matched for r in results)
    precision = matched / pred if pred else 0.0
    recall = matched / gt if gt else 0.0
    hmean = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    chars = sum(r.text.raw.chars for r in results)
    cer = sum(r.text.raw.char_errors for r in results) / chars if chars else 0.0
    seconds = [r.seconds for r in results if r.seconds is not None]
    per_page = sum(seconds) / len(seconds) if seconds else float("nan")
    return (
        f"| {name} | {len(results)} | {100 * precision:.2f} | {100 * recall:.2f} "
        f"| {100 * hmean:.2f} | {100 * cer:.2f} | {per_page:.2f} |"
    )


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--n", type=int, default=60)
    cli.add_argument("--seed", type=int, default=1)
    cli.add_argument("--engine", default="tesseract")
    cli.add_argument("--workers", type=int, default=2)
    cli.add_argument("--data", type=Path, default=Path("/tmp/docparse-synth-table"))
    args = cli.parse_args()
    data = args.data / f"n{args.n}-seed{args.seed}"
    if not (data / "index.json").exists():
        run(["bench", "synth", "--out", str(data), "--n", str(args.n), "--seed", str(args.seed)])
    report_dir = args.data / f"report-{args.engine}-n{args.n}-seed{args.seed}"
    run(["eval", "--dataset", "cord", "--data", str(data / "cord"), "--engine", args.engine,
         "--workers", str(args.workers), "--report", str(report_dir), "-q"])  # fmt: skip
    report = Report.model_validate_json((report_dir / "report.json").read_text(encoding="utf-8"))
    index = DatasetIndex.model_validate_json((data / "index.json").read_text(encoding="utf-8"))
    entries = {entry.name: entry for entry in index.entries}
    groups: dict[str, list[ImageResult]] = defaultdict(list)
    for result in report.images:
        entry = entries[result.name]
        groups[f"{entry.kind}, {entry.size_class}"].append(result)
        groups[f"{entry.kind}, all sizes"].append(result)
    print(f"engine {args.engine}; {len(report.images)} images, seed {args.seed}")
    print("| synthetic set | images | P | R | H | CER | s/page |")
    print("|---|---|---|---|---|---|---|")
    for name in sorted(groups):
        print(row(name, groups[name]))
    print(row("all", report.images))


if __name__ == "__main__":
    main()
