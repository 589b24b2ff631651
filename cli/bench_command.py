"""``docparse bench``: benchmark data; ``bench synth`` writes a synthetic dataset, ``bench
real`` measures engines on real PDF pages beside plain Tesseract, ``bench tables`` the
tables found."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Column, Table

from docparse.cli import console
from docparse.cli.bench_real import REAL_EXAMPLES, real
from docparse.cli.bench_tables import TABLES_EXAMPLES, tables
from docparse.cli.options import Overwrite
from docparse.cli.overwrite import refuse_existing
from docparse.errors import DocparseError
from docparse.evaluation.synth.dataset import DatasetIndex, dataset_files, write_dataset
from docparse.evaluation.synth.degrade import SIZE_CLASSES
from docparse.evaluation.synth.model import KINDS, Kind

SYNTH_EXAMPLES = """
Examples:

  docparse bench synth --out synth --n 200 --seed 1

  docparse bench synth --out synth --n 200 --seed 2 --overwrite   # replace it
"""

bench = typer.Typer(name="bench", help="Benchmark data.", no_args_is_help=True)
bench.command(name="real", epilog=REAL_EXAMPLES)(real)
bench.command(name="tables", epilog=TABLES_EXAMPLES)(tables)


@bench.command(epilog=SYNTH_EXAMPLES)
def synth(
    out: Annotated[Path, typer.Option(help="Folder to write the dataset into.")],
    n: Annotated[int, typer.Option(min=1, help="Number of pages.")] = 200,
    seed: Annotated[int, typer.Option(help="Same seed, same pages.")] = 1,
    kinds: Annotated[
        str, typer.Option(help=f"Comma-separated, taken in turn: {','.join(KINDS)}.")
    ] = ",".join(KINDS),
    workers: Annotated[int, typer.Option(min=1, help="Rendering processes.")] = 1,
    overwrite: Overwrite = False,
) -> None:
    """Render synthetic Korean/English pages with ICDAR2015 and CORD ground truth."""
    chosen = _kinds(kinds)
    # a dataset already there is replaced only when asked, and then whole: the pages of a
    # larger one left beside the new one would be scored with it
    refuse_existing([out / "index.json", *dataset_files(out)], overwrite)
    try:
        with console.stderr.status(f"rendering {n} pages into {out}"):
            index = write_dataset(out, n, seed, kinds=chosen, workers=workers)
    except DocparseError as problem:  # e.g. the fonts are not installed
        console.error(str(problem))
        raise typer.Exit(2) from None
    except OSError as problem:
        console.error(f"{out}: {problem.strerror}")
        raise typer.Exit(2) from None
    console.stdout.print(_summary(index))
    console.stdout.print(
        f"images: {out / 'images'}\nICDAR2015: {out / 'icdar'}\nCORD: {out / 'cord'}\n"
        f"index: {out / 'index.json'}\n"
        f"score with: docparse eval --dataset cord --data {out / 'cord'}\n"
        f"        or: docparse eval --dataset icdar15 --data {out / 'icdar'}"
    )


def _kinds(text: str) -> list[Kind]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [kind for kind in chosen if kind not in KINDS]
    if unknown or not chosen:
        console.error(f"--kinds: unknown {', '.join(unknown) or 'empty list'}; use {KINDS}")
        raise typer.Exit(2)
    return chosen  # type: ignore[return-value]  # each checked against KINDS


def _summary(index: DatasetIndex) -> Table:
    counts = Counter((entry.kind, entry.size_class) for entry in index.entries)
    sizes = list(SIZE_CLASSES)
    table = Table(
        "kind",
        *(Column(header, justify="right") for header in [*sizes, "total", "words"]),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for kind in sorted({entry.kind for entry in index.entries}, key=KINDS.index):
        words = sum(entry.words for entry in index.entries if entry.kind == kind)
        row = [str(counts[kind, size]) for size in sizes]
        table.add_row(kind, *row, str(sum(counts[kind, size] for size in sizes)), str(words))
    return table
