"""The reference tool's command line, end to end: ``popEval.py --gtpath GT --dtpath DT``.

Does what the ``__main__`` block and ``papagoEval`` of naver/popeval ``popEval.py`` do (sorted
``*.txt`` of both folders, paired by name, each file read and scored, characters summed,
precision / recall / H printed), with the scoring functions of an unmodified local copy run
through ``reference_adapter``. One change: the text is read as the 9th space-separated field
of the PopEval character-level format (the published script's "temp" parsing takes
``split(' ')[-8]``, a coordinate). Used by ``benchmarks/eval_end_to_end.py``.

    python run_reference.py --reference popEval.py --gtpath GT --dtpath DT
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import reference_adapter


def _read(path: str) -> list[tuple[list[tuple[int, int]], str]]:
    with open(path, encoding="utf-8") as f:
        lines = [x for x in f.read().split("\n") if x]
    items = []
    for line in lines:
        tokens = line.split(" ", 8)
        values = [int(float(v)) for v in tokens[:8]]
        items.append(([(values[i], values[i + 1]) for i in range(0, 8, 2)], tokens[8]))
    return items


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True, help="a local copy of popEval.py")
    parser.add_argument("--gtpath", required=True)
    parser.add_argument("--dtpath", required=True)
    args = parser.parse_args()
    module = reference_adapter.load_reference(args.reference)
    gt_files = sorted(glob.glob(f"{args.gtpath}/*.txt"))
    pred_files = {os.path.basename(p): p for p in glob.glob(f"{args.dtpath}/*.txt")}
    totals = [0, 0, 0]
    for gt_file in gt_files:
        pred_file = pred_files.get(os.path.basename(gt_file))
        if pred_file is None:
            continue
        gt_chars, pred_chars, matched = reference_adapter.score_counts(
            module, _read(gt_file), _read(pred_file)
        )
        totals = [totals[0] + gt_chars, totals[1] + pred_chars, totals[2] + matched]
    gt_chars, pred_chars, matched = totals
    precision = matched / pred_chars if pred_chars else 0.0
    recall = matched / gt_chars if gt_chars else 0.0
    hmean = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print("precision, recall, H:")
    print(f"{100 * precision:0.2f}, {100 * recall:0.2f}, {100 * hmean:0.2f}")


if __name__ == "__main__":
    main()
