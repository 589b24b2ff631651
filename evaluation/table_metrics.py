"""Scoring recognised tables against true ones.

Tables are paired by box overlap (IoU ≥ ``MATCH_IOU``, best first); a true table left
unpaired counts all its relations as missed, a recognised one left unpaired as false.

- **Structure F1** (cell adjacency, ICDAR 2013 table competition): the relations between each
  non-empty cell and its nearest non-empty neighbour to the right and below. A recognised cell
  stands for the true cell holding its box's centre, so this scores the grid alone, however
  the words were read (or missed) by the engine.
- **Adjacency F1 by text** (the competition's own form): the same relations between cells'
  texts (whitespace removed, case folded), so misread words count against it too.
- **Cell text accuracy**: share of non-empty true cells whose recognised cell reads exactly the
  same (whitespace removed, case folded).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from docparse.model import Table, TableCell

MATCH_IOU = 0.3

Relation = tuple[object, object, str]


@dataclass
class TableScore:
    true_relations: int = 0
    found_relations: int = 0
    correct_relations: int = 0
    true_text_relations: int = 0
    found_text_relations: int = 0
    correct_text_relations: int = 0
    true_cells: int = 0
    exact_cells: int = 0
    true_tables: int = 0
    found_tables: int = 0
    paired_tables: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: TableScore) -> None:
        for name in self.__dataclass_fields__:
            if name != "notes":
                setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def structure_f1(self) -> float:
        return _f1(self.correct_relations, self.found_relations, self.true_relations)

    @property
    def text_f1(self) -> float:
        return _f1(self.correct_text_relations, self.found_text_relations, self.true_text_relations)

    @property
    def cell_accuracy(self) -> float:
        return self.exact_cells / self.true_cells if self.true_cells else 1.0


def _f1(correct: int, found: int, true: int) -> float:
    if not found and not true:
        return 1.0
    precision = correct / found if found else 0.0
    recall = correct / true if true else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_page(truth: Sequence[Table], found: Sequence[Table]) -> TableScore:
    score = TableScore(true_tables=len(truth), found_tables=len(found))
    pairs = _pair(truth, found)
    for t, f in pairs:
        _score_pair(truth[t], found[f], score)
    paired_t = {t for t, _ in pairs}
    paired_f = {f for _, f in pairs}
    score.paired_tables = len(pairs)
    for t, table in enumerate(truth):
        if t not in paired_t:
            relations = _relations(table, _non_empty(table))
            score.true_relations += len(relations)
            score.true_text_relations += len(relations)
            score.true_cells += sum(1 for c in table.cells if _norm(c.text))
    for f, table in enumerate(found):
        if f not in paired_f:
            n = len(_relations(table, _non_empty(table)))
            score.found_relations += n
            score.found_text_relations += n
    return score


def _non_empty(table: Table) -> dict[int, object]:
    return {id(c): id(c) for c in table.cells if _norm(c.text)}


def _box(table: Table) -> tuple[float, float, float, float]:
    return (
        min(c.box[0] for c in table.cells),
        min(c.box[1] for c in table.cells),
        max(c.box[2] for c in table.cells),
        max(c.box[3] for c in table.cells),
    )


def _iou(a: Sequence[float], b: Sequence[float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _pair(truth: Sequence[Table], found: Sequence[Table]) -> list[tuple[int, int]]:
    candidates = sorted(
        ((_iou(_box(t), _box(f)), i, j) for i, t in enumerate(truth) for j, f in enumerate(found)),
        reverse=True,
    )
    used_t: set[int] = set()
    used_f: set[int] = set()
    pairs = []
    for iou, i, j in candidates:
        if iou < MATCH_IOU or i in used_t or j in used_f:
            continue
        used_t.add(i)
        used_f.add(j)
        pairs.append((i, j))
    return pairs


def _norm(text: str) -> str:
    return "".join(text.split()).casefold()


def _true_cell_of(cell: TableCell, truth: Table) -> TableCell | None:
    """The true cell holding the centre of ``cell``'s box."""
    x = (cell.box[0] + cell.box[2]) / 2
    y = (cell.box[1] + cell.box[3]) / 2
    for t in truth.cells:
        if t.box[0] <= x <= t.box[2] and t.box[1] <= y <= t.box[3]:
            return t
    return None


def _relations(table: Table, identity: dict[int, object]) -> set[Relation]:
    """(cell, nearest non-empty cell right of it or below it, direction), cells named by
    ``identity`` (cells missing from it count as empty)."""
    slots = table.slots()
    out: set[Relation] = set()
    for cell in table.cells:
        me = identity.get(id(cell))
        if me is None:
            continue
        for direction in ("right", "down"):
            for other in _neighbours(slots, cell, direction, identity):
                them = identity[id(other)]
                if them != me:
                    out.add((me, them, direction))
    return out


def _neighbours(
    slots: list[list[TableCell]], cell: TableCell, direction: str, identity: dict[int, object]
) -> list[TableCell]:
    found = []
    if direction == "right":
        lanes = [(r, cell.col + cell.col_span) for r in range(cell.row, cell.row + cell.row_span)]
    else:
        lanes = [(cell.row + cell.row_span, c) for c in range(cell.col, cell.col + cell.col_span)]
    for r, c in lanes:
        while r < len(slots) and c < len(slots[0]):
            other = slots[r][c]
            if identity.get(id(other)) is not None:
                if other not in found:
                    found.append(other)
                break
            r, c = (r, c + 1) if direction == "right" else (r + 1, c)
    return found


def _score_pair(truth: Table, found: Table, score: TableScore) -> None:
    true_ids = _non_empty(truth)
    mapped: dict[int, object] = {}
    for cell in found.cells:
        true_cell = _true_cell_of(cell, truth)
        if true_cell is not None and id(true_cell) in true_ids:
            mapped[id(cell)] = id(true_cell)
    true_rel = _relations(truth, true_ids)
    found_rel = _relations(found, mapped)
    score.true_relations += len(true_rel)
    score.found_relations += len(found_rel)
    score.correct_relations += len(true_rel & found_rel)
    true_text = Counter(_text_relations(truth))
    found_text = Counter(_text_relations(found))
    score.true_text_relations += sum(true_text.values())
    score.found_text_relations += sum(found_text.values())
    score.correct_text_relations += sum((true_text & found_text).values())
    best: dict[object, TableCell] = {}
    for cell in found.cells:
        key = mapped.get(id(cell))
        if key is not None and (key not in best or len(cell.words) > len(best[key].words)):
            best[key] = cell
    for cell in truth.cells:
        if _norm(cell.text):
            score.true_cells += 1
            match = best.get(id(cell))
            score.exact_cells += match is not None and _norm(match.text) == _norm(cell.text)


def _text_relations(table: Table) -> list[Relation]:
    texts = {id(c): _norm(c.text) for c in table.cells if _norm(c.text)}
    return [(texts[a], texts[b], d) for a, b, d in _relations(table, texts_identity(texts))]


def texts_identity(texts: dict[int, str]) -> dict[int, object]:
    """Cells named by themselves (their id), so that relations are per cell, not per text."""
    return {key: key for key in texts}
