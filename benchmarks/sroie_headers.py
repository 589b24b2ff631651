"""Receipt headers of shops not seen, made from the SROIE dev receipts: the extraction of the
merchant's name and address on each shop's first dev receipt (its transcribed lines and
boxes, no OCR), then on the same receipt with its header changed the ways other shops print
theirs:

- ``phone on the address's last row``: the line after the address (a phone, fax or tax
  number) set on the address's last row, right of it (a narrow receipt, or reading order
  putting two rows together);
- ``web line after the address`` / ``hours line after the address``: a line
  "WWW.SHOPNAME.COM.MY" or "OPEN DAILY 10AM-10PM" printed under the address;
- ``number above the name``: "31007 DSH" above the first line, as OCR reads a number
  written on the receipt by hand (plain Tesseract read one so on SROIE dev 075).

For each: receipts changed, address and name as on the unchanged receipt, and right against
the key. An extraction that holds on shops it has not seen gives the same fields.

    python benchmarks/sroie_headers.py
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fields_sroie import SROIE, first_per_shop, normal, predicted, split_of, truth_lines

from docparse.keyfields import extract_document
from docparse.model import Document, Word
from docparse.reading_order import build_blocks

Rows = list[list[Word]]
HEADER_ROWS = 16
_CONTACT = re.compile(r"TEL|FAX|GST|\d{2,3}-\d")


def _squeezed(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _text(row: list[Word]) -> str:
    return " ".join(word.text for word in row)


def _moved(row: list[Word], dx: float, dy: float) -> list[Word]:
    return [
        w.model_copy(update={"box": (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx, w.box[3] + dy)})
        for w in row
    ]


def _set(text: str, x: float, top: float, height: float) -> list[Word]:
    """Words of ``text`` set from ``x`` on a row ``height`` tall, 0.6 of it per character."""
    words = []
    for part in text.split():
        words.append(
            Word(
                text=part, box=(x, top, x + 0.6 * height * len(part), top + height), engine="truth"
            )
        )
        x += 0.6 * height * (len(part) + 1)
    return words


def _split(rows: Rows, at: int, cut: int) -> Rows:
    """``rows`` with row ``at`` (one transcribed line: one word) set as two: its text from
    character ``cut`` on (after a space) goes to a row under it, starting where it starts,
    each part as wide as its share of the characters; the rows under it move down."""
    (word,) = rows[at]
    x0, y0, x1, y1 = word.box
    text = word.text
    per = (x1 - x0) / max(len(text), 1)
    left, right = text[:cut].rstrip(), text[cut:].lstrip()
    height = y1 - y0
    first = word.model_copy(update={"text": left, "box": (x0, y0, x0 + per * len(left), y1)})
    second = word.model_copy(
        update={
            "text": right,
            "box": (x0, y0 + 1.2 * height, x0 + per * len(right), y1 + 1.2 * height),
        }
    )
    below = [_moved(r, 0, 1.2 * height) for r in rows[at + 1 :]]
    return [*rows[:at], [first], [second], *below]


def _middle_space(text: str) -> int | None:
    spaces = [i for i, c in enumerate(text) if c == " "]
    return min(spaces, key=lambda i: abs(i - len(text) / 2)) if spaces else None


def _changes(rows: Rows, truth: dict[str, str]) -> dict[str, Callable[[], Rows]]:
    """The header changes that apply to a receipt whose rows are ``rows``."""
    changes = {}
    company = _squeezed(truth["company"])
    named = [i for i, row in enumerate(rows[:HEADER_ROWS]) if _squeezed(_text(row)) == company]
    if named and len(rows[named[0]]) == 1 and (cut := _middle_space(rows[named[0]][0].text)):
        changes["name over two rows"] = lambda: _split(rows, named[0], cut)
    key = _squeezed(truth["address"])
    at = [
        i for i, row in enumerate(rows[:HEADER_ROWS]) if (s := _squeezed(_text(row))) in key and s
    ]
    if not at:
        return {}
    last = at[-1]
    row = rows[last]
    right = max(w.box[2] for w in row)
    top = min(w.box[1] for w in row)
    height = max(w.box[3] for w in row) - top

    def under(text: str) -> Rows:
        below = [_moved(r, 0, 1.5 * height) for r in rows[last + 1 :]]
        x = min(w.box[0] for w in row)
        return [*rows[: last + 1], _set(text, x, top + 1.2 * height, height), *below]

    def phone_on_row() -> Rows:
        after = rows[last + 1]
        dx = right + height - min(w.box[0] for w in after)
        dy = top - min(w.box[1] for w in after)
        return [*rows[:last], row + _moved(after, dx, dy), *rows[last + 2 :]]

    def number_above() -> Rows:
        first = min(w.box[1] for w in rows[0])
        size = max(w.box[3] for w in rows[0]) - first
        return [_set("31007 DSH", min(w.box[0] for w in rows[0]), first - 2 * size, size), *rows]

    def split_at_commas() -> Rows:
        out = list(rows)
        for i in reversed(at):
            text = out[i][0].text if len(out[i]) == 1 else ""
            comma = text.find(", ")
            if comma > 0:
                out = _split(out, i, comma + 1)
        return out

    def one_row() -> Rows:
        merged = list(rows[at[0]])
        for i in at[1:]:
            x = max(w.box[2] for w in merged) + 0.6 * height
            dy = min(w.box[1] for w in merged) - min(w.box[1] for w in rows[i])
            merged += _moved(rows[i], x - min(w.box[0] for w in rows[i]), dy)
        up = (len(at) - 1) * 1.2 * height
        return [*rows[: at[0]], merged, *[_moved(r, 0, -up) for r in rows[last + 1 :]]]

    changes |= {
        "address lines split at a comma": split_at_commas,
        "address on one row": one_row,
        "web line after the address": lambda: under("WWW.SHOPNAME.COM.MY"),
        "hours line after the address": lambda: under("OPEN DAILY 10AM-10PM"),
        "number above the name": number_above,
    }
    if last + 1 < len(rows) and _CONTACT.search(_text(rows[last + 1]).upper()):
        changes["phone on the address's last row"] = phone_on_row
    return changes


def _with_rows(document: Document, rows: Rows) -> Document:
    words = [word for row in rows for word in row]
    page = document.pages[0].model_copy(update={"blocks": build_blocks(words, 0)})
    return document.model_copy(update={"pages": [page]})


def main() -> None:
    images = [image for image in sorted((SROIE / "img").glob("*.jpg")) if split_of(image) == "dev"]
    counts: dict[str, list[int]] = {}
    for image in first_per_shop(images):
        truth = json.loads((SROIE / "key" / f"{image.stem}.json").read_text(encoding="utf-8"))
        document = truth_lines(image)
        before = predicted(extract_document(document))
        rows = [list(line.words) for line in document.pages[0].lines()]
        changed = {name: change() for name, change in _changes(rows, truth).items()}
        for name, new in {"unchanged": rows, **changed}.items():
            after = predicted(extract_document(_with_rows(document, new)))
            row = counts.setdefault(name, [0, 0, 0, 0, 0])
            row[0] += 1
            for at, field in ((1, "address"), (3, "company")):
                row[at] += normal(after[field]) == normal(before[field])
                row[at + 1] += normal(after[field]) == normal(truth[field])
    print(
        "| SROIE dev, first receipt of each shop, transcribed lines | receipts "
        "| address as unchanged | address right | name as unchanged | name right |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, (n, address, address_right, company, company_right) in counts.items():
        print(f"| {name} | {n} | {address} | {address_right} | {company} | {company_right} |")


if __name__ == "__main__":
    main()
