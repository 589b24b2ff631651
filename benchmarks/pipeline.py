"""Where a page's time goes: load/rasterise, preprocess, engine, reading order, write.

    python benchmarks/pipeline.py [--engine tesseract] [--repeat 3]

Runs the pipeline on each sample and prints seconds per stage and the share of the page's
time spent outside the engine (target: < 5% of a Tesseract page). Since issue 11 each engine
prepares its own pages (stage "preprocess": for Tesseract, the layout pass that measures the
text height and the one resize to 30-px text, which used to be inside its "engine" time): that
is engine work, so "outside engine" is loading/rasterising, reading order and writing."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from docparse.formats.registry import FORMATS
from docparse.pipeline import ParseOptions, Parser

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
STAGES = ("load", "preprocess", "engine", "reading_order", "write")
ENGINE_STAGES = ("preprocess", "engine")


def measure(parser: Parser, path: Path, repeat: int) -> dict[str, float]:
    """Best of ``repeat`` runs, per stage, in seconds."""
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            document = parser.parse(path)
            start = time.perf_counter()
            FORMATS["json"].write(document, Path(folder) / "out.json")  # the default --out
            timings = dict(document.timings, write=time.perf_counter() - start)
            for stage in STAGES:
                best[stage] = min(best.get(stage, float("inf")), timings.get(stage, 0.0))
    return best


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--engine", default="tesseract")
    cli.add_argument("--repeat", type=int, default=3)
    args = cli.parse_args()
    parser = Parser(ParseOptions(engine=args.engine))
    columns = ("load", "engine: prepare", "engine: recognise", "reading order", "write")
    print("| sample | " + " | ".join(columns) + " | outside engine |")
    print("|---" * (len(STAGES) + 2) + "|")
    for name in ("invoice.pdf", "receipt.png", "two_column.pdf"):
        best = measure(parser, SAMPLES / name, args.repeat)
        total = sum(best.values())
        outside = (total - sum(best[stage] for stage in ENGINE_STAGES)) / total
        cells = " | ".join(f"{best[stage]:.3f}" for stage in STAGES)
        print(f"| {name} | {cells} | {outside:.1%} |")


if __name__ == "__main__":
    main()
