"""Reading order of :func:`docparse.reading_order.build_blocks`, before and after a change.

Truth is a page's own word order: the synthetic generator's line indices (receipts,
invoices, 1- and 2-column documents, clean and rotated up to 2°, plus 3-column pages made
here) and, on real born-digital pages (``../shared/datasets/realdocs``, first 3 pages of each
file), the line order of the PDF's text layer. Words go in as boxes (no OCR), so the score
measures the ordering alone.

- **order**: share of consecutive truth lines (i, i + 1) whose first words come out in that
  order (a line's position: the median output rank of its words).
- **rows kept**: share of truth lines with two or more words whose words all land on one
  output line (a label and its far right amount stay one line). On real pages a text-layer
  "line" is often one cell, so this is reported for synthetic pages only.

    python benchmarks/reading_order.py                     # this tree vs main, realdocs dev
    python benchmarks/reading_order.py --base HEAD~3 --split test \
        --write benchmarks/results/reading_order.md
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import random
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from statistics import median

import pymupdf

from docparse import reading_order
from docparse.evaluation.splits import split_of
from docparse.evaluation.synth import synthesize
from docparse.evaluation.synth.content import make_content
from docparse.evaluation.synth.degrade import rotate
from docparse.evaluation.synth.layout import Flow, lay_out
from docparse.evaluation.synth.pipeline import _render
from docparse.model import Block, Word

ROOT = Path(__file__).resolve().parents[1]
REALDOCS = ROOT.parent / "shared" / "datasets" / "realdocs"

Builder = Callable[[Sequence[Word], int], list[Block]]
Sample = tuple[str, list[Word], list[int]]  # family, words, truth line of each word


def load_builder(ref: str) -> Builder:
    """``build_blocks`` of docparse/reading_order.py as it is at git ``ref``."""
    source = subprocess.run(
        ["git", "show", f"{ref}:docparse/reading_order.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    folder = Path(tempfile.mkdtemp())
    path = folder / "reading_order_base.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("reading_order_base", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_blocks  # type: ignore[no-any-return]


def _words(doc_words: Sequence[object]) -> tuple[list[Word], list[int]]:
    words = [Word(text=w.text, box=w.box, engine="truth") for w in doc_words]  # type: ignore[attr-defined]
    return words, [w.line for w in doc_words]  # type: ignore[attr-defined]


def three_column(seed: int) -> tuple[list[Word], list[int]]:
    """A synthetic document whose body flows through three columns."""
    content = make_content("document", random.Random(seed))
    blocks = []
    for block in content.blocks:
        if isinstance(block, Flow):
            block = block.model_copy(update={"columns": 3, "gap": 18.0})
        blocks.append(block)
    layout = lay_out(content.page, blocks)
    doc = _render("document", seed, content, layout, 150.0)
    return _words(doc.words)


def synthetic(count: int) -> list[Sample]:
    samples: list[Sample] = []
    for kind in ("receipt", "invoice", "document"):
        for seed in range(1, count + 1):
            doc = synthesize(kind, seed)
            family = kind
            if kind == "document":
                family = f"document {doc.facts['columns']}-col"
            samples.append((family, *_words(doc.words)))
            turned = rotate(doc, random.Random(seed).choice((-1.8, -1.2, 1.2, 1.8)))
            samples.append((f"{family} rotated", *_words(turned.words)))
    for seed in range(1, count // 2 + 1):
        samples.append(("document 3-col", *three_column(seed)))
    return samples


def realdocs(split: str, pages: int = 3) -> list[Sample]:
    """Text-layer lines of the first ``pages`` pages of each realdocs PDF of ``split`` (dev,
    test or all: the sha256 rule of ``docparse bench real``)."""
    samples: list[Sample] = []
    manifest = (REALDOCS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for row in manifest:
        name, *_, kind, _ = row.split("\t")
        digest = hashlib.sha256((REALDOCS / name).read_bytes()).hexdigest()
        if split != "all" and split_of(digest) != split:
            continue
        with pymupdf.open(REALDOCS / name) as pdf:
            for page in list(pdf)[:pages]:
                words, lines, ids = [], [], {}
                for x0, y0, x1, y1, text, block, line, _ in page.get_text("words"):
                    if x1 <= x0 or y1 <= y0:
                        continue
                    words.append(Word(text=text, box=(x0, y0, x1, y1), engine="truth"))
                    lines.append(ids.setdefault((block, line), len(ids)))
                if len(ids) >= 3:
                    samples.append((f"real {kind}", words, lines))
    return samples


def score(build: Builder, words: list[Word], truth: list[int]) -> tuple[int, int, int, int]:
    """(in order, pairs, rows kept, rows) for one page."""
    rank: dict[int, int] = {}
    out_line: dict[int, int] = {}
    index = {id(word): i for i, word in enumerate(words)}
    order = 0
    for number, line in enumerate(line for block in build(words, 0) for line in block.lines):
        for word in line.words:
            at = index[id(word)]
            rank[at], out_line[at] = order, number
            order += 1
    by_line: dict[int, list[int]] = defaultdict(list)
    for at, line in enumerate(truth):
        by_line[line].append(at)
    lines = sorted(by_line)
    position = {line: median(rank[at] for at in by_line[line]) for line in lines}
    pairs = list(pairwise(lines))
    ordered = sum(position[a] < position[b] for a, b in pairs)
    multi = [line for line in lines if len(by_line[line]) > 1]
    kept = sum(len({out_line[at] for at in by_line[line]}) == 1 for line in multi)
    return ordered, len(pairs), kept, len(multi)


def table(samples: list[Sample], builders: dict[str, Builder]) -> str:
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for family, words, truth in samples:
        for name, build in builders.items():
            for group in (family, "all synthetic" if not family.startswith("real") else "all real"):
                row = totals[(group, name)]
                for i, value in enumerate(score(build, words, truth)):
                    row[i] += value
                row[4] += 1
    names = list(builders)
    head = "| family | pages | " + " | ".join(f"order {n} | rows kept {n}" for n in names) + " |"
    lines = [head, "|---|---:|" + "---:|---:|" * len(names)]
    for group in sorted({g for g, _ in totals}):
        cells = []
        for name in names:
            ordered, pairs, kept, multi = totals[(group, name)][:4]
            real = group.startswith(("real", "all real"))
            rows = f"{kept / multi:.1%}" if multi and not real else "–"
            cells.append(f"{ordered / max(pairs, 1):.1%} | {rows}")
        lines.append(f"| {group} | {totals[(group, names[0])][4]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", default="main", help="git ref to compare with (default main)")
    parser.add_argument("--count", type=int, default=12, help="synthetic pages per kind")
    parser.add_argument(
        "--split",
        choices=("dev", "test", "all"),
        default="dev",
        help="realdocs files by sha256 (first hex digit 0-7 dev, 8-f test): tune on dev "
        "(default), report test",
    )
    parser.add_argument("--write", type=Path, help="also write the tables (Markdown) here")
    args = parser.parse_args()
    builders = {args.base: load_builder(args.base), "this tree": reading_order.build_blocks}
    parts = ["## Synthetic pages (generator truth)\n", table(synthetic(args.count), builders)]
    if REALDOCS.is_dir():
        parts += [f"\n## Real born-digital pages (text-layer line order), {args.split} split\n"]
        parts.append(table(realdocs(args.split), builders))
    text = "\n".join(parts)
    print(text)
    if args.write:
        args.write.write_text(
            "# Reading order: share of consecutive truth lines kept in order\n\n"
            + (__doc__ or "").split("\n\n")[1]
            + "\n\n"
            + text,
            encoding="utf-8",
        )


if __name__ == "__main__":
    sys.exit(main())
