"""How long ``docparse --help`` takes as a whole process (the target is under 0.3 s).

Runs ``docparse --help`` (and ``python -c pass`` for scale) N times each, in turn, and prints
the best and median wall times; ``--import-check`` also lists the heavy modules the help
imports (there should be none: PyMuPDF, onnxruntime, numpy, Pillow, pydantic, torch).

    nice -n 10 .venv/bin/python benchmarks/cli_startup.py [-n 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DOCPARSE = Path(sys.executable).with_name("docparse")
HEAVY = ("pymupdf", "fitz", "onnxruntime", "numpy", "PIL", "pydantic", "torch")


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + sys) seconds of one run: on a busy machine the CPU time is the
    steadier of the two."""
    before, start = os.times(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall, after = time.perf_counter() - start, os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def heavy_imports() -> list[str]:
    code = (
        "import sys\nfrom docparse.cli.app import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "import json\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="runs of each command")
    parser.add_argument(
        "--baseline", type=Path, help="another docparse executable to time in turn (before/after)"
    )
    args = parser.parse_args()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "docparse --help": [str(DOCPARSE), "--help"],
    }
    if args.baseline:
        commands[f"{args.baseline} --help"] = [str(args.baseline), "--help"]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.n):
        for name, command in commands.items():
            times[name].append(timed(command))
    for name, values in times.items():
        walls, cpus = [w for w, _ in values], [c for _, c in values]
        print(
            f"{name}: wall best {min(walls):.3f} s, median {statistics.median(walls):.3f} s; "
            f"CPU best {min(cpus):.3f} s, median {statistics.median(cpus):.3f} s"
        )
    print(f"heavy modules imported by --help: {heavy_imports() or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
