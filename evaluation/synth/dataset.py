"""Writes a folder of varied synthetic pages with ICDAR2015 and CORD ground truth.

Layout of ``out_dir``::

    images/NAME.png   the page
    icdar/NAME.txt    x1,y1,x2,y2,x3,y3,x4,y4,text per word
    cord/NAME.json    CORD-style: meta.image_size and one valid_line per word
    index.json        a DatasetIndex: kind, size class, degradations and facts of each page
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from docparse.evaluation.loaders import write_cord, write_icdar15
from docparse.evaluation.popeval import EvalItem
from docparse.evaluation.synth.degrade import SIZE_CLASSES, size_class
from docparse.evaluation.synth.model import KINDS, Kind, SizeClass, SynthDoc
from docparse.evaluation.synth.pipeline import synthesize_degraded

# Coordinates are written to 1/100 pixel: exact enough, and short.
_DECIMALS = 2

_PAGE_NAME = re.compile(r"[0-9]{5}_[a-z]+")

FOLDERS = {"images": ".png", "icdar": ".txt", "cord": ".json"}
"""The dataset's folders and the suffix of its files in each."""


class DatasetEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: Kind
    size_class: SizeClass
    seed: int = Field(description="synthesize_degraded(kind, seed, size_class) gives the page")
    width: int
    height: int
    words: int
    degradations: list[str]
    facts: dict[str, str]


class DatasetIndex(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seed: int
    entries: list[DatasetEntry]


def write_dataset(
    out_dir: Path | str,
    n: int,
    seed: int,
    kinds: Sequence[Kind] = KINDS,
    workers: int = 1,
) -> DatasetIndex:
    """Renders ``n`` pages, every kind in every size class in turn, on ``workers`` processes."""
    if not kinds:
        raise ValueError("at least one kind is needed")
    out = Path(out_dir)
    for folder in FOLDERS:
        (out / folder).mkdir(parents=True, exist_ok=True)
    sizes = tuple(SIZE_CLASSES)
    jobs = [
        (
            out,
            f"{index:05d}_{kinds[index % len(kinds)]}",
            kinds[index % len(kinds)],
            sizes[(index // len(kinds)) % len(sizes)],
            random.Random(f"{seed}/{index}").getrandbits(31),
        )
        for index in range(n)
    ]
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            entries = list(pool.map(_write_page, *zip(*jobs, strict=True)))
    else:
        entries = [_write_page(*job) for job in jobs]
    index = DatasetIndex(seed=seed, entries=entries)
    (out / "index.json").write_text(index.model_dump_json(indent=2), encoding="utf-8")
    written = {entry.name for entry in index.entries}
    for page in dataset_files(out):  # an earlier dataset's pages this one has not replaced
        if page.stem not in written:  # would be scored with it
            page.unlink()
    return index


def dataset_files(out_dir: Path) -> list[Path]:
    """The page files of a dataset written into ``out_dir`` (``images/00000_receipt.png``,
    ...), sorted."""
    return sorted(
        path
        for folder, suffix in FOLDERS.items()
        for path in (out_dir / folder).glob(f"*{suffix}")
        if _PAGE_NAME.fullmatch(path.stem)
    )


def _write_page(out: Path, name: str, kind: Kind, size: SizeClass, seed: int) -> DatasetEntry:
    doc = synthesize_degraded(kind, seed, size)
    if size_class(doc.width, doc.height) != size:
        raise AssertionError(f"{name}: {doc.width}×{doc.height} px is not {size}")
    doc.image.save(out / "images" / f"{name}.png")
    items = eval_items(doc)
    write_icdar15(out / "icdar" / f"{name}.txt", items)
    write_cord(out / "cord" / f"{name}.json", items, (doc.width, doc.height))
    return DatasetEntry(
        name=name,
        kind=kind,
        size_class=size,
        seed=seed,
        width=doc.width,
        height=doc.height,
        words=len(doc.words),
        degradations=doc.degradations,
        facts=doc.facts,
    )


def eval_items(doc: SynthDoc) -> list[EvalItem]:
    """The page's words as ground-truth items, in reading order."""
    return [
        EvalItem(
            quad=tuple((round(x, _DECIMALS), round(y, _DECIMALS)) for x, y in word.quad),
            text=word.text,
        )
        for word in doc.words
    ]
