"""The yardstick: the plain ``tesseract IMAGE - -l kor+eng tsv`` command line, as a user
would run it, its level-5 (word) rows as predictions.

It runs with ``OMP_THREAD_LIMIT=1`` (one thread, as OCRmyPDF runs it with ``-j``): the
words are the same as with OpenMP, and its CPU seconds are then what the page costs rather
than threads spinning on a shared machine. CPU time is the child's own (``os.wait4``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docparse.errors import DocparseError, EngineUnavailable
from docparse.evaluation.popeval import EvalItem
from docparse.evaluation.runner import (
    Outcome,
    Prediction,
    PredictionCache,
    line_item,
    split_cached,
    threaded,
)
from docparse.io.hashing import sha256_of

Progress = Callable[[str], None]

YARDSTICK = "tesseract-cli"
INSTALL_FIX = "apt-get install tesseract-ocr tesseract-ocr-kor (Debian/Ubuntu)"


@dataclass(frozen=True)
class CliResult:
    words: list[EvalItem]
    lines: list[EvalItem]
    cpu_seconds: float
    seconds: float


def tesseract_binary() -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise EngineUnavailable(f"the tesseract command is not installed: {INSTALL_FIX}")
    return found


def version() -> str:
    """``tesseract 5.3.0``: the first line of ``tesseract --version``."""
    done = subprocess.run(
        [tesseract_binary(), "--version"], capture_output=True, text=True, check=False
    )
    return (done.stdout or done.stderr).splitlines()[0].strip()


def parse_tsv(tsv: str) -> list[EvalItem]:
    """The non-empty words (level 5) of Tesseract's TSV output, as axis-aligned quads."""
    return [word for line in tsv_lines(tsv) for word in line]


def tsv_lines(tsv: str) -> list[list[EvalItem]]:
    """The non-empty words of Tesseract's TSV output, line by line (its block, paragraph
    and line numbers), as axis-aligned quads."""
    lines: dict[tuple[str, ...], list[EvalItem]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top, width, height = (int(row[key]) for key in ("left", "top", "width", "height"))
        right, bottom = left + width, top + height
        quad = ((left, top), (right, top), (right, bottom), (left, bottom))
        line = tuple(row.get(key) or "" for key in ("page_num", "block_num", "par_num", "line_num"))
        lines.setdefault(line, []).append(EvalItem(quad=quad, text=text))
    return list(lines.values())


def run_tesseract(image: Path, lang: str = "kor+eng") -> CliResult:
    """``tesseract IMAGE - -l LANG tsv``; a failure raises a one-line :class:`DocparseError`."""
    command = [tesseract_binary(), str(image), "-", "-l", lang, "tsv"]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=errors,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
        assert process.stdout is not None
        with process.stdout:
            out = process.stdout.read()
        # wait4 reaps this child and gives its own CPU time, whatever else runs in parallel.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            errors.seek(0)
            lines = errors.read().decode(errors="replace").strip().splitlines()
            raise DocparseError(f"{image}: tesseract failed: {lines[-1] if lines else '?'}")
    cpu = usage.ru_utime + usage.ru_stime
    lines = tsv_lines(out.decode("utf-8"))
    words = [word for line in lines for word in line]
    return CliResult(words, [line_item(line) for line in lines], cpu, seconds)


def _yardstick_outcome(name: str, image: Path, key: str) -> Outcome:
    try:
        result = run_tesseract(image)
    except DocparseError as problem:
        return Outcome(name=name, error=str(problem))
    prediction = Prediction(
        name=name,
        image=str(image),
        image_sha256=sha256_of(image),
        options_key=key,
        engine=YARDSTICK,
        items=result.words,
        lines=result.lines,
        seconds=round(result.seconds, 6),
        cpu_seconds=round(result.cpu_seconds, 6),
        warnings=[],
    )
    return Outcome(name=name, prediction=prediction)


def run_yardstick(
    jobs: list[tuple[str, Path]], out: Path, workers: int, progress: Progress
) -> dict[str, Outcome]:
    """Plain ``tesseract`` on every image, cached like an engine's predictions."""
    key = hashlib.sha256(f"{version()}|kor+eng|tsv".encode()).hexdigest()
    cache = PredictionCache(out / "predictions" / YARDSTICK, key)
    cached, todo = split_cached(jobs, cache)
    outcomes = {outcome.name: outcome for outcome in cached}
    progress(f"{YARDSTICK}: {len(cached)} cached, {len(todo)} to read")
    read = threaded(lambda job: _yardstick_outcome(*job, key), todo, workers)
    for done, (_, outcome) in enumerate(read, start=1):
        outcomes[outcome.name] = cache.record(outcome)
        progress(progress_line(YARDSTICK, done, len(todo), outcome))
    return outcomes


def progress_line(engine: str, done: int, total: int, outcome: Outcome) -> str:
    prediction = outcome.prediction
    if prediction is None:
        return f"{engine} {done}/{total} {outcome.name}: {outcome.error}"
    cpu = prediction.cpu_seconds
    seconds = f"{cpu:.1f} s CPU" if cpu is not None else f"{prediction.seconds:.1f} s"
    return f"{engine} {done}/{total} {outcome.name}: {len(prediction.items)} words, {seconds}"
