"""Born-digital pages whose text does not all run left to right, read from their text layer
with and without :mod:`docparse.text_directions` (the same code, the grouping by direction
patched out for "before": every word read as if it ran left to right, as before it).

For every page of every PDF given (``--text-layer always``: no OCR), the PDF's own lines
(PyMuPDF's dict) with two or more words are looked up in the output:

- **kept**: the line's words all land on one output line, in the line's own order;
- counted apart for lines that run left to right on the displayed page ("upright") and those
  that do not ("across": up, down or upside down), and how many pages hold the latter;
- **output lines mixing PDF lines**: output lines holding words of more than one upright
  PDF line (a row of a table or form has several; two columns read as one add many);
- **pages changed**: pages whose text output differs between before and after (expected only
  on pages holding text across).

    python benchmarks/text_directions.py ../shared/datasets/realdocs
    python benchmarks/text_directions.py ../shared/datasets/realdocs \
        --write benchmarks/results/text_directions.md
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from unittest import mock

import pymupdf

import docparse
from docparse import pipeline
from docparse.io.pdf import line_directions, text_layer_words


def pdf_lines(page: pymupdf.Page) -> list[tuple[bool, list[str]]]:
    """(runs left to right as displayed, its words) of each text line with two words or
    more, in the text page's order."""
    textpage = page.get_textpage(flags=pymupdf.TEXTFLAGS_WORDS)
    by_line: dict[tuple[int, int], list[str]] = {}
    for *_, text, block, line, _ in textpage.extractWORDS():
        by_line.setdefault((block, line), []).append(text)
    across = line_directions(textpage, page.rotation_matrix)
    return [(key not in across, words) for key, words in by_line.items() if len(words) >= 2]


def line_of_word(page: pymupdf.Page, dpi: float) -> dict[tuple[str, int, int], tuple[int, int]]:
    """(text, x0, y0 rounded) of each text-layer word at ``dpi`` → its PDF line, for the
    upright words (whose boxes the reading leaves as they are)."""
    textpage = page.get_textpage(flags=pymupdf.TEXTFLAGS_WORDS)
    ids = [(b, n) for *_, text, b, n, _ in textpage.extractWORDS() if text.strip()]
    words = text_layer_words(page, dpi)
    return {
        (w.text, round(w.box[0]), round(w.box[1])): line
        for w, line in zip(words, ids, strict=True)
        if w.quad is None
    }


def kept(words: list[str], output_lines: list[list[str]]) -> bool:
    """The words appear, in order and next to each other, on one output line."""
    n = len(words)
    return any(line[i : i + n] == words for line in output_lines for i in range(len(line) - n + 1))


def one_way() -> mock._patch:  # type: ignore[type-arg]
    """The reading before: the page never turned for its text, nothing read apart."""
    return mock.patch.multiple(
        pipeline,
        main_quarter=lambda words: 0,
        across_blocks=lambda words, width, height, index: (list(words), []),
    )


def measure(pdfs: list[Path]) -> dict[str, Counter]:
    counts = {"before": Counter(), "after": Counter()}
    for path in pdfs:
        document = pymupdf.open(path)
        outputs = {}
        for label in ("before", "after"):
            patch = one_way() if label == "before" else None
            if patch:
                patch.start()
            try:
                outputs[label] = docparse.parse(path, engine="tesseract", text_layer="always")
            finally:
                if patch:
                    patch.stop()
        for index, page in enumerate(document):
            lines = pdf_lines(page)
            across = [words for upright, words in lines if not upright]
            texts = {}
            for label, parsed in outputs.items():
                out_page = parsed.pages[index]
                owner = line_of_word(page, out_page.dpi or 72.0)
                for block in out_page.blocks:
                    for line in block.lines:
                        sources = {
                            owner.get((w.text, round(w.box[0]), round(w.box[1])))
                            for w in line.words
                        }
                        sources.discard(None)
                        counts[label]["output lines mixing PDF lines"] += len(sources) > 1
                output_lines = [
                    [word.text for word in line.words]
                    for block in out_page.blocks
                    for line in block.lines
                ]
                texts[label] = output_lines
                c = counts[label]
                for upright, words in lines:
                    kind = "upright" if upright else "across"
                    c[f"{kind} lines"] += 1
                    c[f"{kind} kept"] += kept(words, output_lines)
                c["pages"] += 1
                c["pages with text across"] += bool(across)
            if texts["before"] != texts["after"]:
                counts["after"]["pages changed"] += 1
                counts["after"]["pages changed with text across"] += bool(across)
    return counts


def table(counts: dict[str, Counter]) -> str:
    rows = [
        "| | before | after |",
        "|---|---:|---:|",
    ]
    for kind in ("upright", "across"):
        cells = []
        for label in ("before", "after"):
            c = counts[label]
            total = c[f"{kind} lines"]
            share = 100.0 * c[f"{kind} kept"] / total if total else 0.0
            cells.append(f"{c[f'{kind} kept']} / {total} ({share:.1f}%)")
        rows.append(f"| {kind} lines kept whole, in order | {cells[0]} | {cells[1]} |")
    mixing = [counts[label]["output lines mixing PDF lines"] for label in ("before", "after")]
    rows.append(f"| output lines mixing upright PDF lines | {mixing[0]} | {mixing[1]} |")
    after = counts["after"]
    rows.append(
        f"| pages (holding text across) | {after['pages']} ({after['pages with text across']}) | |"
    )
    rows.append(
        f"| pages whose output changed (of them holding text across) | | "
        f"{after['pages changed']} ({after['pages changed with text across']}) |"
    )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf_dir", type=Path)
    parser.add_argument("--write", type=Path, help="append the table to this Markdown file")
    args = parser.parse_args()
    pdfs = sorted(args.pdf_dir.rglob("*.pdf"))
    result = table(measure(pdfs))
    print(result)
    if args.write:
        with args.write.open("a", encoding="utf-8") as out:
            out.write(result + "\n")


if __name__ == "__main__":
    main()
