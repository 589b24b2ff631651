"""``docparse eval --gt --pred`` against the reference PopEval tool, whole processes.

Writes seeded perturbed predictions for the 500 IC15 files of the PopEval re-annotation
(``popeval_speed.perturb``) into a temporary folder, then times, as separate processes and in
turn, the reference tool's command line (``reference_popeval/run_reference.py`` with a local
copy of naver/popeval ``popEval.py``) and ``docparse eval --gt GT --pred DT``, which also
computes CER/WER and writes report.json and the worst pages. Prints both scores, the median
and best wall and CPU (user + sys) time of each over ``--repeat`` runs (taken in turn), the
ratios of the medians, and Python's own start (``python -c pass``) for scale. ``--floors``
also times both tools on the first file alone (what a run costs whatever its size; the
difference to the whole run is what the other 499 files cost), ``eval --help`` and the
imports every docparse command stands on (typer, pydantic, rich).

Every command runs once untimed first, with byte-code caching on (PYTHONDONTWRITEBYTECODE is
removed from the children's environment), so each is timed as an installed program runs: with
its modules' compiled byte code, as pip writes it at install (otherwise each run of a source
checkout compiles its own modules again, ~0.15 s of docparse's time and a little of the
reference's).

``docparse eval`` is timed as a user runs it (by default it reads and scores the 500 files on
every core: ``evaluation.report.SHARED_FROM``) and with ``--workers 1`` (one process).

``--instructions`` also counts the CPU instructions of one run of each docparse command under
valgrind (cachegrind, no cache simulation; PYTHONHASHSEED=0), per process: unlike times, the
count does not depend on what else the machine runs, so a change can be judged on a shared
machine (the reference is left out: under valgrind it would take minutes). A forked worker's
count starts from its parent's at the fork, so the count before the fork is taken from the
same command with ``--limit 2`` (each worker then scores one image), and the instructions on
the critical path estimated from the counts after it.

    .venv/bin/python benchmarks/eval_end_to_end.py --reference popEval.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from popeval_speed import IC15, perturb

from docparse.evaluation.loaders import DatasetFormat, load_text_dir

HERE = Path(__file__).parent
DOCPARSE = Path(sys.executable).with_name("docparse")
FLOORS = {  # the libraries every docparse command stands on (typer, pydantic, rich), and others
    "import typer": "import typer",
    "import pydantic, one model": "from pydantic import BaseModel\nclass M(BaseModel):\n    x: int",
    "import rich console, table": "import rich.console, rich.table",
    "typer + pydantic + rich": (
        "import typer, rich.console, rich.table\nfrom pydantic import BaseModel\n"
        "class M(BaseModel):\n    x: int"
    ),
    "import numpy, shapely": "import numpy, shapely",
    "import cv2": "import cv2",
}


def write_predictions(folder: Path, seed: int) -> None:
    rng = random.Random(seed)
    for image in load_text_dir(IC15, DatasetFormat.POPEVAL).images:
        lines = [
            " ".join(str(round(v)) for point in item.quad for v in point) + " " + item.text
            for item in perturb(image.items, rng)
        ]
        (folder / image.source.name).write_text("\n".join(lines) + "\n", encoding="utf-8")


ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall and CPU (user + sys of the child) seconds of one run, and its stdout."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=ENVIRONMENT)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, done.stdout


def instructions(command: list[str]) -> list[int]:
    """CPU instructions of one run of ``command`` (valgrind's cachegrind), per process: the
    command's own first, then its forks (each counted from its parent's count at the
    fork); child processes started with exec are not followed."""
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
    valgrind.append("--cachegrind-out-file=/dev/null")
    done = subprocess.run(
        [*valgrind, *command],
        capture_output=True,
        text=True,
        check=True,
        env={**ENVIRONMENT, "PYTHONHASHSEED": "0"},
    )
    found = re.findall(r"==(\d+)== I\s+refs:\s+([\d,]+)", done.stderr)
    if not found:
        raise SystemExit(f"no instruction count from valgrind: {done.stderr[-300:]}")
    counts = {int(pid): int(count.replace(",", "")) for pid, count in found}
    return [counts[pid] for pid in sorted(counts)]  # the parent's pid is the lowest here


def critical_path(processes: list[int], before_fork: int) -> tuple[float, float]:
    """Billions of instructions one waits for (best, worst) in a run of ``processes``
    counts whose forks started at ``before_fork``: the count before the fork, then the
    workers' own share (balanced: the work after the fork, the main process's included,
    spread over the workers; worst: the busiest worker), then the main process's own count
    after the fork (its thread's work meanwhile included in the worst case only)."""
    parent, children = processes[0], [count - before_fork for count in processes[1:]]
    own = parent - before_fork
    balanced = before_fork + (sum(children) + own) / len(children)
    return balanced / 1e9, (before_fork + max(children) + own) / 1e9


REPORTS = ("report", "serial-report", "baseline-report", "workers-report")
"""The report folders of the runs on the 500 files."""


def same_reports(folders: list[Path]) -> bool:
    """Whether the report.json files in ``folders`` are the same, bytes apart from their
    ``timings`` block."""
    texts = {
        re.sub(r'"timings": \{[^}]*\}', "", (folder / "report.json").read_text(encoding="utf-8"))
        for folder in folders
        if (folder / "report.json").is_file()
    }
    return len(texts) == 1


def until_fork(workers: int) -> list[str]:
    """Arguments that make a run fork its ``workers`` as on the 500 files, then score one
    image each: its count before the fork is then its forks' least, less ~0.004 billion."""
    return ["--limit", "2", "--workers", str(workers)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True, help="local popEval.py")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--baseline", type=Path, help="another docparse executable to time as well (before/after)"
    )
    parser.add_argument(
        "--workers", type=int, help="also time `docparse eval --workers N` (forked scorers)"
    )
    parser.add_argument(
        "--floors",
        action="store_true",
        help="also time `eval --help`, single imports, and both tools on one file",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each docparse command's CPU instructions once (valgrind)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pred, report = Path(tmp) / "pred", Path(tmp) / "report"
        pred.mkdir()
        write_predictions(pred, args.seed)
        commands = {
            "reference popEval.py": [
                sys.executable,
                str(HERE / "reference_popeval/run_reference.py"),
                "--reference",
                str(args.reference),
                "--gtpath",
                str(IC15),
                "--dtpath",
                str(pred),
            ],
            "docparse eval": [
                str(DOCPARSE), "eval", "--gt", str(IC15), "--pred", str(pred),
                "--gt-format", "popeval", "--pred-format", "popeval",
                "--report", str(report), "--quiet",
            ],
        }  # fmt: skip
        commands["docparse eval --workers 1"] = [
            *commands["docparse eval"][:-3], "--workers", "1",
            "--report", str(Path(tmp) / "serial-report"), "--quiet",
        ]  # fmt: skip
        if args.baseline:
            commands[f"{args.baseline} eval"] = [
                str(args.baseline), *commands["docparse eval"][1:-3],
                "--report", str(Path(tmp) / "baseline-report"), "--quiet",
            ]  # fmt: skip
        if args.workers:
            commands[f"docparse eval --workers {args.workers}"] = [
                *commands["docparse eval"][:-3], "--workers", str(args.workers),
                "--report", str(Path(tmp) / "workers-report"), "--quiet",
            ]  # fmt: skip
        compared = [name for name in commands if name.endswith("eval") or "--workers" in name]
        commands["python -c pass"] = [sys.executable, "-c", "pass"]
        if args.floors:  # what a run costs before it reads a file, and with one file
            one_gt, one_pred = Path(tmp) / "one-gt", Path(tmp) / "one-pred"
            first = min(IC15.glob("*.txt"))
            for folder, source in ((one_gt, first), (one_pred, pred / first.name)):
                folder.mkdir()
                shutil.copy(source, folder)
            commands["reference popEval.py, 1 file"] = [
                *commands["reference popEval.py"][:-4],
                "--gtpath", str(one_gt), "--dtpath", str(one_pred),
            ]  # fmt: skip
            swap = {str(IC15): str(one_gt), str(pred): str(one_pred)}
            swap[str(report)] = str(Path(tmp) / "one-report")
            commands["docparse eval, 1 file"] = [swap.get(a, a) for a in commands["docparse eval"]]
            commands["docparse eval --help"] = [str(DOCPARSE), "eval", "--help"]
            for name, code in FLOORS.items():
                commands[name] = [sys.executable, "-c", code]
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for command in commands.values():  # untimed: writes the byte-code caches
            timed(command)
        for turn in range(args.repeat):
            for name, command in commands.items():
                wall, cpu, out = timed(command)
                runs[name].append((wall, cpu))
                quiet = (
                    name in FLOORS
                    or name.startswith("python -c")
                    or name.endswith(("--help", "1 file"))
                )
                if turn == 0 and not quiet and command[0] != str(args.baseline):
                    print(f"{name}:\n{out.strip()}")
        counted = {
            name: instructions(command)
            for name, command in commands.items()
            if args.instructions and command[0] in (str(DOCPARSE), str(args.baseline))
        }
        same = same_reports([Path(tmp) / name for name in REPORTS])
        before_fork = {
            name: min(instructions([*commands[name], *until_fork(len(processes) - 1)])[1:])
            for name, processes in counted.items()
            if len(processes) > 1
        }
    print(f"{args.repeat} runs each, whole process, wall / CPU (user + sys), median (best):")
    medians = {}
    for name, times in runs.items():
        walls, cpus = [t[0] for t in times], [t[1] for t in times]
        medians[name] = (statistics.median(walls), statistics.median(cpus))
        print(
            f"  {name}: {medians[name][0]:.2f} s ({min(walls):.2f}) / "
            f"{medians[name][1]:.2f} s ({min(cpus):.2f})"
        )
    for name, processes in counted.items():
        each = " + ".join(f"{count / 1e9:.3f}" for count in processes)
        print(f"  {name}: {each} billion instructions (one run, valgrind; per process)")
        if name in before_fork:
            best, worst = critical_path(processes, before_fork[name])
            print(
                f"    before the fork {before_fork[name] / 1e9:.3f} (from --limit 2); "
                f"critical path {best:.3f} (balanced) to {worst:.3f} (worst) billion"
            )
    print(f"report.json the same apart from timings in every docparse run: {same}")
    ref = medians["reference popEval.py"]
    for name, (wall, cpu) in medians.items():
        if name in compared:
            print(f"{name} is {ref[0] / wall:.1f}x (wall) / {ref[1] / cpu:.1f}x (CPU) faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
