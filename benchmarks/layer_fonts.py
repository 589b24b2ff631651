"""Text layers whose fonts map glyphs to the wrong characters: found by reading pieces of each
font (:mod:`docparse.io.layer_fonts`), or not.

For each PDF given (its first ``--pages`` pages):

- **as it is**: the pages ``--text-layer auto`` now reads by OCR because a font's pieces do
  not read as the layer says (on born-digital PDFs whose layers are right, each is a false
  alarm unless the layer is really wrong there: the fonts and their texts are listed);
- **mismapped copies**: the PDF with every font's /ToUnicode CMap rewritten, as broken maps
  are: ``shift`` moves every character three code points on (letters stay letters, Hangul
  syllables stay syllables); ``hanja`` maps Hangul syllables into CJK ideographs (a Korean
  word processor's font extracting as Chinese characters). Pages whose layer text changed
  in ``BROKEN`` of its characters or more are the broken ones; for each, whether the check
  read it by OCR, and the character error rate (spaces ignored) of the page's text against
  the original layer's, with and without the check (without: what the layer gives);
- **cost**: seconds to parse the PDFs as they are with the check and with it patched out,
  in turn in this process (the engine loaded first, outside the timing).

    python benchmarks/layer_fonts.py ../shared/datasets/realdocs \
        --write benchmarks/results/layer_fonts.md
"""

from __future__ import annotations

import argparse
import contextlib
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pymupdf
from PIL import Image
from rapidfuzz.distance import Levenshtein

from docparse.evaluation.splits import split_of
from docparse.io import layer_fonts
from docparse.io.hashing import sha256_of
from docparse.pipeline import ParseOptions, Parser

HANGUL = range(0xAC00, 0xD7A4)
BROKEN = 0.1
"""Share of a page's characters (CER against the original layer) from which a copy's page
counts as broken: fonts without a ToUnicode CMap keep their text, and a page whose few
broken words are a heading's is read from its layer (``layer_fonts.MISMAPPED_SHARE``)."""
CodeMap = Callable[[int], int]
MAPS: dict[str, CodeMap] = {
    "shift": lambda code: code + 3,
    "hanja": lambda code: code - 0xAC00 + 0x4E00 if code in HANGUL else code,
}


def remapped(source: Path, target: Path, code_map: CodeMap) -> None:
    """``source`` with each destination of its ToUnicode CMaps (bfchar pairs, bfrange
    starts and arrays) through ``code_map``."""

    def one(hex_code: str) -> str:
        return f"{code_map(int(hex_code, 16)):04x}" if len(hex_code) == 4 else hex_code

    def pair(match: re.Match[str]) -> str:
        return f"<{match.group(1)}> <{one(match.group(2))}>"

    def triple(match: re.Match[str]) -> str:
        start, end, destination = match.groups()
        if destination.startswith("["):
            mapped = re.sub(r"<([0-9a-fA-F]+)>", lambda m: f"<{one(m.group(1))}>", destination)
        else:
            mapped = f"<{one(destination[1:-1])}>"
        return f"<{start}> <{end}> {mapped}"

    def chars_block(block: re.Match[str]) -> str:
        return re.sub(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", pair, block.group(0))

    def ranges_block(block: re.Match[str]) -> str:
        entry = r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])"
        return re.sub(entry, triple, block.group(0))

    with pymupdf.open(source) as document:
        for xref in range(1, document.xref_length()):
            found = re.search(r"/ToUnicode (\d+) 0 R", document.xref_object(xref))
            if not found:
                continue
            cmap_xref = int(found.group(1))
            try:
                cmap = document.xref_stream(cmap_xref).decode("latin-1")
            except (RuntimeError, ValueError):
                continue
            cmap = re.sub(r"beginbfchar.*?endbfchar", chars_block, cmap, flags=re.S)
            cmap = re.sub(r"beginbfrange.*?endbfrange", ranges_block, cmap, flags=re.S)
            document.update_stream(cmap_xref, cmap.encode("latin-1"))
        document.save(target)


def page_texts(path: Path, pages: int) -> list[str]:
    with pymupdf.open(path) as document:
        return [document[i].get_text() for i in range(min(pages, document.page_count))]


def squeezed(text: str) -> str:
    return "".join(text.split())


def cer(reference: str, hypothesis: str) -> float:
    reference, hypothesis = squeezed(reference), squeezed(hypothesis)
    return Levenshtein.distance(reference, hypothesis) / max(1, len(reference))


def parse_pages(parser: Parser, path: Path) -> list[tuple[str, str, list[str]]]:
    """(source, text, warnings) of each page."""
    document = parser.parse(path)
    return [(page.source, page.text, page.warnings) for page in document.pages]


def arguments(doc: str, **numbers: int) -> argparse.Namespace:
    """A text-layer benchmark's arguments: the PDF folder, ``--write``, and an int option
    per ``numbers`` entry (name: default)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("pdf_dir", type=Path)
    for name, default in numbers.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--write", type=Path)
    return parser.parse_args()


def reported(lines: list[str], write: Path | None) -> None:
    """Prints the report, and writes it to ``write`` when given."""
    report = "\n".join(lines)
    print(report)
    if write:
        write.write_text(report + "\n")


def main() -> None:
    args = arguments(__doc__ or "", pages=3)
    files = sorted(args.pdf_dir.glob("*.pdf"))
    lines: list[str] = []
    options = ParseOptions(pages=f"1-{args.pages}")
    with Parser(options) as reader:
        reader.engine.recognize([Image.new("RGB", (64, 32), "white")])  # load it outside timing
        # cost: as they are, with the check and without, twice in turn
        seconds = {"on": 0.0, "off": 0.0}
        for _ in range(2):
            for mode in ("off", "on"):
                patch = (
                    mock.patch.object(layer_fonts.FontVerdicts, "problem", return_value=None)
                    if mode == "off"
                    else contextlib.nullcontext()
                )
                with patch:
                    start = time.process_time()
                    for path in files:
                        reader.parse(path)
                    seconds[mode] += time.process_time() - start
        pages_read = sum(len(page_texts(path, args.pages)) for path in files)
        lines.append(
            f"Cost, {len(files)} PDFs, {pages_read} pages as they are, CPU seconds of two runs "
            f"each in turn: without the check {seconds['off']:.1f}, with it {seconds['on']:.1f} "
            f"(**{seconds['on'] / seconds['off']:.2f}×**, "
            f"+{(seconds['on'] - seconds['off']) / 2 / len(files) * 1000:.0f} ms a PDF)."
        )
        lines.append("")
        # as they are
        flagged = []
        for path in files:
            for number, (_, _, warnings) in enumerate(parse_pages(reader, path), start=1):
                for warning in warnings:
                    if "does not read as the page shows" in warning:
                        flagged.append(
                            f"{path.name} ({split_of(sha256_of(path))}) page {number}: {warning}"
                        )
        lines.append(f"As they are: {len(flagged)} of {pages_read} pages read by OCR for a font:")
        lines.extend(f"- {item}" for item in flagged)
        lines.append("")
        # mismapped copies
        lines.append(
            "| copy | split | pages broken | read by OCR | CER without the check | with it |"
        )
        lines.append("|---|---|---:|---:|---:|---:|")
        missed: list[str] = []
        with tempfile.TemporaryDirectory() as scratch:
            for name, code_map in MAPS.items():
                counts = {
                    split: {"broken": 0, "caught": 0, "before": [], "after": []}
                    for split in ("dev", "test")
                }
                for path in files:
                    target = Path(scratch) / f"{name}-{path.name}"
                    try:
                        remapped(path, target, code_map)
                    except (RuntimeError, ValueError) as error:
                        print(f"{path.name}: not remapped ({error})")
                        continue
                    truth = page_texts(path, args.pages)
                    layer = page_texts(target, args.pages)
                    read = parse_pages(reader, target)
                    split = counts[split_of(sha256_of(path))]
                    for number, (original, lying, (source, text, _)) in enumerate(
                        zip(truth, layer, read, strict=False), start=1
                    ):
                        if not squeezed(original) or cer(original, lying) < BROKEN:
                            continue
                        split["broken"] += 1
                        split["caught"] += source == "ocr"
                        split["before"].append(cer(original, lying))
                        split["after"].append(cer(original, text))
                        if source != "ocr":
                            missed.append(f"{name} {path.name} page {number}")
                for split_name, split in counts.items():
                    before, after = split["before"], split["after"]
                    lines.append(
                        f"| {name} | {split_name} | {split['broken']} | {split['caught']} | "
                        f"{100 * sum(before) / max(1, len(before)):.1f} % | "
                        f"{100 * sum(after) / max(1, len(after)):.1f} % |"
                    )
        lines.append("")
        lines.append(f"Broken pages still read from their layer: {len(missed)}")
        lines.extend(f"- {item}" for item in missed)
    reported(lines, args.write)


if __name__ == "__main__":
    main()
