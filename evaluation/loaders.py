"""Ground-truth loaders (and two writers) for the OCR benchmarks scored with PopEval.

Text formats, one region per line (blank lines are skipped):

* ``icdar13``: ``x0 y0 x1 y1 "text"`` (axis-aligned box), older files ``x0, y0, x1, y1, "text"``;
* ``icdar15``: ``x1,y1,x2,y2,x3,y3,x4,y4,transcription`` (the transcription may hold commas;
  files often start with a UTF-8 BOM; ``###`` marks don't care);
* ``popeval``: ``x1 y1 x2 y2 x3 y3 x4 y4 text`` separated by single spaces, as in the
  authors' character-level re-annotation (datasets/popeval_gt; no trailing newline);
* ``reference``: ``x1 y1 x2 y2 x3 y3 x4 y4##::text``, the naver/popeval tool's own format.

SROIE (ICDAR 2019 receipts, as in zzzDavid/ICDAR-2019-SROIE): ``box/NNN.csv`` in the
``icdar15`` line format (text lines, UPPER CASE, commas allowed in the text) with the scan
at ``img/NNN.jpg``; ``key/NNN.json`` holds key fields and is not an OCR truth.

CORD (v1/v2) is JSON: ``valid_line[].words[]`` with ``quad`` ``{x1..y4}`` and ``text``;
``dontcare`` and ``repeating_symbol`` regions become don't-care (``###``) items.

No line is dropped silently: a malformed line (or JSON element) becomes a warning naming
``file:line`` (``file:json.path`` for JSON) in the result, and is logged.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from docparse.evaluation.popeval import DONT_CARE, EvalItem

if TYPE_CHECKING:
    from docparse.model import Quad

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp", ".gif"})
_QUAD_KEYS = ("x1", "y1", "x2", "y2", "x3", "y3", "x4", "y4")
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
_SEPARATOR = r"(?:\s*,\s*|\s+)"
_ICDAR13 = re.compile(rf"^\s*{_SEPARATOR.join([f'({_NUMBER})'] * 4)}{_SEPARATOR}(.*?)\s*$")
_BOM = "\ufeff"


class DatasetFormat(StrEnum):
    """The one list of ground-truth and prediction formats. The line formats are one
    annotation file per image, a word or region a line; ``cord`` is a folder of CORD JSON
    files; ``folder`` is images with same-named ICDAR2015 ``.txt`` files beside them;
    ``sroie`` is ``box/*.csv`` (ICDAR2015 lines) beside the scans in ``img/``."""

    CORD = "cord"
    SROIE = "sroie"
    ICDAR13 = "icdar13"
    ICDAR15 = "icdar15"
    POPEVAL = "popeval"
    REFERENCE = "reference"
    FOLDER = "folder"


LINE_TRUTH_FORMATS = frozenset({DatasetFormat.SROIE})
"""Formats whose truths are whole text lines (SROIE transcribes each printed line, spaces
included), not words: an engine is scored on its lines there by default (see
``docparse eval --granularity``), since no word can match the spaces inside a line's truth."""


class ImageGT(BaseModel):
    """The ground truth of one image, and what could not be read of it.

    The line-format loaders build it with ``model_construct`` from values they have checked
    themselves, and its validator is built on first use (``defer_build``): ``docparse eval
    --gt --pred`` validates none, and building it took ~2% of that command."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    source: Path = Field(description="the annotation file")
    image: Path | None = Field(default=None, description="the image, where known")
    items: list[EvalItem] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="'file:line: problem'")


class DatasetGT(BaseModel):
    """The ground truth of a folder of images (built on first use, as :class:`ImageGT`)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    images: list[ImageGT] = Field(default_factory=list)
    warnings: list[str] = Field(
        default_factory=list, description="folder-level problems (e.g. image without annotation)"
    )

    def all_warnings(self) -> list[str]:
        return self.warnings + [w for image in self.images for w in image.warnings]


def _quad(values: Sequence[str | float]) -> Quad:
    """Four (x, y) points from eight finite numbers."""
    if len(values) != 8:
        raise ValueError(f"expected 8 coordinates, got {len(values)}")
    try:
        x0, y0, x1, y1, x2, y2, x3, y3 = map(float, values)
    except TypeError as error:
        raise ValueError(f"coordinate is not a number: {error}") from error
    # The sum is finite when every number is (an infinity or NaN makes it inf or NaN); only
    # a non-finite sum (or an overflow of large finite numbers) needs each number checked.
    if not math.isfinite(x0 + y0 + x1 + y1 + x2 + y2 + x3 + y3) and not all(
        map(math.isfinite, (x0, y0, x1, y1, x2, y2, x3, y3))
    ):
        raise ValueError("non-finite coordinate")
    return ((x0, y0), (x1, y1), (x2, y2), (x3, y3))


def _parse_icdar13(line: str) -> EvalItem:
    match = _ICDAR13.match(line)
    if match is None:
        raise ValueError('expected x0 y0 x1 y1 "text"')
    x0, y0, x1, y1 = (float(v) for v in match.groups()[:4])
    text = match.group(5)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    return EvalItem(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text)


def _parse_icdar15(line: str) -> EvalItem:
    fields = line.split(",", 8)
    if len(fields) != 9:
        raise ValueError("expected x1,y1,...,x4,y4,transcription")
    text = fields.pop()
    return EvalItem(_quad(fields), text)


def _parse_popeval(line: str) -> EvalItem:
    fields = line.split(" ", 8)
    if len(fields) != 9:
        raise ValueError("expected x1 y1 ... x4 y4 text separated by single spaces")
    text = fields.pop()
    return EvalItem(_quad(fields), text)


def _parse_reference(line: str) -> EvalItem:
    coords, separator, text = line.partition("##::")
    if not separator:
        raise ValueError("expected x1 y1 ... x4 y4##::text")
    return EvalItem(_quad(coords.split()), text)


_PARSERS: dict[DatasetFormat, Callable[[str], EvalItem]] = {
    DatasetFormat.ICDAR13: _parse_icdar13,
    DatasetFormat.ICDAR15: _parse_icdar15,
    DatasetFormat.POPEVAL: _parse_popeval,
    DatasetFormat.REFERENCE: _parse_reference,
}
LINE_FORMATS = tuple(_PARSERS)
"""The formats of one annotation file per image, read line by line."""


def load_text_file(path: Path | str, fmt: DatasetFormat, image: Path | None = None) -> ImageGT:
    """Reads one annotation file of a line format; bad lines become ``file:line`` warnings
    (and a file that cannot be read, a warning and no region)."""
    path = Path(path)
    parse = _PARSERS.get(DatasetFormat(fmt))
    if parse is None:
        lines = ", ".join(LINE_FORMATS)
        raise ValueError(f"{fmt} is not a format of annotation lines; choose from {lines}")
    image = None if image is None else Path(image)  # as validation would make it
    result = ImageGT.model_construct(source=path, image=image, items=[], warnings=[])
    try:
        data = _read_bytes(path)
    except OSError as error:  # a folder named *.txt, no permission: no region, said why
        result.warnings.append(f"{path}: not readable ({error.strerror or error})")
        return result
    undecodable: dict[int, list[str]] = {}
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:  # some line is not UTF-8: decode line by line to name it
        lines = _decoded_lines(path, data, undecodable)
    # "\n" is one byte, never inside a UTF-8 sequence: whole or line by line, same lines
    lines[0] = lines[0].removeprefix(_BOM)
    items, warnings = result.items, result.warnings
    for number, line in enumerate(lines, start=1):
        if line and line[-1] == "\r":
            line = line[:-1]
        if not line:
            if undecodable:
                warnings.extend(undecodable.get(number, ()))
            continue
        try:
            items.append(parse(line))
        except ValueError as error:
            warnings.append(f"{path}:{number}: {error}: {line!r}")
    return result


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, as ``path.read_bytes()`` gives them (and the same errors), read
    with the system's calls: ``read_bytes`` builds a file object and its buffer for each
    file, 25,000 instructions against 8,000 here, and ``docparse eval --gt --pred`` reads
    1,000 files on the IC15 benchmark (2026-11-26, valgrind)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(descriptor, _READ_SIZE):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


_READ_SIZE = 1 << 16


def _decoded_lines(path: Path, data: bytes, undecodable: dict[int, list[str]]) -> list[str]:
    """The file's lines, each decoded alone; a line that is not UTF-8 is left empty and its
    warning put in ``undecodable`` by line number."""
    lines = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            undecodable[number] = [f"{path}:{number}: not UTF-8 ({error.reason}): {raw!r}"]
            lines.append("")
    return lines


def load_text_dir(folder: Path | str, fmt: DatasetFormat, pattern: str = "*.txt") -> DatasetGT:
    """Every annotation file of ``folder`` matching ``pattern``, in name order."""
    return DatasetGT.model_construct(
        images=[load_text_file(path, fmt) for path in text_files(folder, pattern)], warnings=[]
    )


def text_files(folder: Path | str, pattern: str = "*.txt") -> list[Path]:
    """The files of ``folder`` matching ``pattern``, in name order: what
    ``sorted(Path(folder).glob(pattern))`` gives (none when the folder cannot be listed),
    with the names matched and sorted as strings and one path built per match. pathlib's
    glob and comparisons took 0.03 of the 0.07 billion instructions that listing the 500
    GT and 500 prediction files of ``docparse eval --gt --pred`` cost before its workers
    start (2026-11-26, valgrind)."""
    folder = Path(folder)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    matches = _name_pattern(pattern)
    return [folder / name for name in sorted(names) if matches(name)]


@functools.cache
def _name_pattern(pattern: str) -> Callable[[str], object]:
    """Whether a name matches a glob pattern, as pathlib matches it (case-sensitive)."""
    return re.compile(fnmatch.translate(pattern)).match


def load_image_folder(folder: Path | str) -> DatasetGT:
    """A folder of images, each with a same-named ICDAR2015-style ``.txt`` beside it."""
    folder = Path(folder)
    dataset = DatasetGT()
    images: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        if path.stem in images:
            dataset.warnings.append(f"{path}: same name as {images[path.stem].name}; skipped")
        else:
            images[path.stem] = path
    for image in images.values():
        annotation = image.with_suffix(".txt")
        if annotation.is_file():
            dataset.images.append(load_text_file(annotation, DatasetFormat.ICDAR15, image=image))
        else:
            dataset.warnings.append(f"{image}: no annotation file {annotation.name}")
    for annotation in sorted(folder.glob("*.txt")):
        if annotation.stem not in images:
            dataset.warnings.append(f"{annotation}: no image named {annotation.stem}.*")
    return dataset


def load_sroie_dir(folder: Path | str) -> DatasetGT:
    """An SROIE folder (``box/`` and ``img/`` inside it, or the ``box/`` folder itself):
    every ``box/*.csv`` with its ``img/NAME.*`` scan."""
    folder = Path(folder)
    boxes = folder / "box" if (folder / "box").is_dir() else folder
    images = boxes.parent / "img"
    dataset = DatasetGT()
    for path in sorted(boxes.glob("*.csv")):
        found = sorted(
            p for p in images.glob(f"{path.stem}.*") if p.suffix.lower() in IMAGE_SUFFIXES
        )
        gt = load_text_file(path, DatasetFormat.ICDAR15, image=found[0] if found else None)
        if not found:
            dataset.warnings.append(f"{path}: no scan img/{path.stem}.*")
        dataset.images.append(gt)
    return dataset


def _cord_quad(value: Any) -> Quad:
    if not isinstance(value, Mapping):
        raise ValueError("quad is not an object")
    missing = [key for key in _QUAD_KEYS if key not in value]
    if missing:
        raise ValueError(f"quad lacks {', '.join(missing)}")
    return _quad([value[key] for key in _QUAD_KEYS])


def _cord_regions(value: Any, where: str) -> Iterable[tuple[str, Any]]:
    """The quads of a ``dontcare``/``repeating_symbol`` entry: a quad, ``{"quad": ...}``
    or a (nested) list of those, each with its JSON path."""
    if isinstance(value, list):
        for i, element in enumerate(value):
            yield from _cord_regions(element, f"{where}[{i}]")
    elif isinstance(value, Mapping) and "quad" in value:
        yield where, value["quad"]
    else:
        yield where, value


def parse_cord(
    data: str | Mapping[str, Any], source: Path | str, image: Path | None = None
) -> ImageGT:
    """Ground truth from a CORD annotation (JSON text, e.g. a Hugging Face ``ground_truth``
    field, or the decoded object); ``source`` names it in warnings."""
    result = ImageGT(source=Path(source), image=image)
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            result.warnings.append(f"{source}:{error.lineno}: invalid JSON: {error.msg}")
            return result
    if not isinstance(data, Mapping):
        result.warnings.append(f"{source}: top level is not a JSON object")
        return result
    lines = data.get("valid_line", [])
    for i, line in enumerate(lines if isinstance(lines, list) else [lines]):
        words = line.get("words") if isinstance(line, Mapping) else None
        if not isinstance(words, list):
            result.warnings.append(f"{source}:valid_line[{i}]: no list of words")
            continue
        for j, word in enumerate(words):
            try:
                if not isinstance(word, Mapping) or not isinstance(word.get("text"), str):
                    raise ValueError("word without a text")
                result.items.append(EvalItem(quad=_cord_quad(word.get("quad")), text=word["text"]))
            except ValueError as error:
                result.warnings.append(f"{source}:valid_line[{i}].words[{j}]: {error}")
    for key in ("dontcare", "repeating_symbol"):
        for where, quad in _cord_regions(data.get(key, []), key):
            try:
                result.items.append(EvalItem(quad=_cord_quad(quad), text=DONT_CARE))
            except ValueError as error:
                result.warnings.append(f"{source}:{where}: {error}")
    return result


def _cord_image(json_path: Path) -> Path | None:
    """The image of a CORD annotation: ``<split>/image/<name>.*`` (or ``images/``) beside
    ``<split>/json/``, or a same-named image in the same folder."""
    for folder in (
        json_path.parent.parent / "image",
        json_path.parent.parent / "images",
        json_path.parent,
    ):
        for suffix in sorted(IMAGE_SUFFIXES):
            candidate = folder / f"{json_path.stem}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def load_cord(path: Path | str) -> ImageGT:
    """One CORD JSON file, with its image when one is found (see :func:`_cord_image`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        result = ImageGT(source=path)
        result.warnings.append(f"{path}: not UTF-8 ({error.reason})")
        return result
    return parse_cord(text, path, image=_cord_image(path))


def load_cord_dir(folder: Path | str) -> DatasetGT:
    """Every ``*.json`` of a CORD split folder (``json/`` inside it when present)."""
    folder = Path(folder)
    if (folder / "json").is_dir():
        folder = folder / "json"
    return DatasetGT(images=[load_cord(path) for path in sorted(folder.glob("*.json"))])


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def write_icdar15(path: Path | str, items: Iterable[EvalItem]) -> None:
    """Writes ``x1,y1,...,x4,y4,text`` lines (UTF-8, no BOM, one newline after each)."""
    lines = []
    for item in items:
        if "\n" in item.text or "\r" in item.text:
            raise ValueError(f"a text with a line break cannot be written: {item.text!r}")
        coords = ",".join(str(_number(v)) for point in item.quad for v in point)
        lines.append(f"{coords},{item.text}\n")
    Path(path).write_text("".join(lines), encoding="utf-8")


def write_cord(path: Path | str, items: Iterable[EvalItem], image_size: tuple[int, int]) -> None:
    """Writes a CORD-style JSON: one ``valid_line`` per item (``row_id``/``group_id`` = its
    index, empty ``category``), don't-care items under ``dontcare``; ``image_size`` is
    (width, height) in pixels."""
    valid_line: list[dict[str, Any]] = []
    dontcare: list[dict[str, Any]] = []
    for item in items:
        values = (v for point in item.quad for v in point)
        quad = {k: _number(v) for k, v in zip(_QUAD_KEYS, values, strict=True)}
        if item.text == DONT_CARE:
            dontcare.append({"quad": quad})
            continue
        row = len(valid_line)
        word = {"quad": quad, "text": item.text, "is_key": 0, "row_id": row}
        valid_line.append({"words": [word], "category": "", "group_id": row, "sub_group_id": 0})
    width, height = image_size
    document = {
        "meta": {"version": "2.0.0", "image_size": {"width": width, "height": height}},
        "valid_line": valid_line,
        "roi": {},
        "repeating_symbol": [],
        "dontcare": dontcare,
    }
    Path(path).write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
