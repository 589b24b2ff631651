"""PP-OCR's line recogniser (CTC), on line strips (the 0°/180° line classifier is in
:mod:`page_frame`).

The recogniser reads a strip 48 px tall and emits one class per 8-px column (CTC); the
columns where a character is emitted give each character's position, so a line's words get
boxes from where their characters were read, not from character counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from docparse.engines.ppocr.models import RECOGNIZERS, characters, session

REC_HEIGHT = 48
BATCH = 8
"""Strips per recogniser call (sorted by width, so a batch pads little)."""
CASCADE_DOUBT = 0.9
"""``cascade``: lines the tiny recogniser reads with a lower mean character probability are
read again by the small one (see ``read``)."""
MISSED_SPACE = 0.3
"""``cascade``: a word inside which the tiny recogniser gave a space at least this
probability is read again by the small one: the tiny one drops spaces the small one reads
("KUALALUMPUR", "JALANAIR"). On the SROIE dev lines (below) the character error counting
spaces fell from 3.8 % to 3.5 % (small alone: 3.0 %), the small recogniser reading in 43 %
of the lines instead of 32 %; 0.2 gave 3.3 % for 48 %."""
MISSED_CHARACTER = 0.2
"""``cascade``: a word between whose characters the tiny recogniser gave a character it did
not emit at least this probability is read again by the small one, whose reading then wins
unless the first, discounted by that probability, is surer. The tiny one drops small marks
and points with every emitted character sure ("(△32.2)" read "(32.2)", the "△" at 0.26;
"6.00" read "600" on SROIE receipts). Realdocs dev, first 3 pages: one page 95.72 → 96.33
(its "△"), nothing else; SROIE dev lines: H 95.59 the same, word error 24.46 → 24.33 % (40
words changed, most of them points and slashes put back: "2510" → "25.10", "27032018" →
"2703/2018"), at 2.3 % more CPU on receipts (same images, in turn); 0.2 as ``MISSED_SPACE``'s
measured alternative."""
CHARACTER_DOUBT = 0.7
"""``cascade``: lines where the tiny recogniser read one character with a lower probability
are read again by the small one, whatever the line's mean. A mean over a long line hides the
one misread character that spoils a number or a name ("4105O", "LIGHTRO0M", "GST NO：
001006288B96", each at a mean of 0.94-0.97 with one character at 0.5-0.7). Measured on 24
SROIE dev receipts (1036 lines) against their line transcriptions (notes/fields3.md):
character error 3.4 % with the mean alone, 2.7 % with this check (the small recogniser
alone: 2.3 %), the small one then reading 32 % of the lines instead of 14 %; 0.8 gave 2.6 %
for 39 %."""


@dataclass(frozen=True)
class ReadWord:
    """A word the recogniser read: its text, x-range in strip pixels, mean probability;
    ``centres``/``probabilities``: x (strip pixels) and probability of each character;
    ``spaces``: between each character and the next, the highest probability the recogniser
    gave a space there (one fewer than the characters, or none when unknown)."""

    text: str
    x0: float
    x1: float
    confidence: float
    centres: tuple[float, ...] = ()
    probabilities: tuple[float, ...] = ()
    spaces: tuple[float, ...] = ()
    missed: float = 0.0

    @property
    def missed_space(self) -> float:
        """The highest probability the recogniser gave a space inside the word."""
        return max(self.spaces, default=0.0)

    @property
    def unsure(self) -> bool:
        """A character read under ``CHARACTER_DOUBT``, or a space nearly read
        (``MISSED_SPACE``) that would have made it two words."""
        lowest = min(self.probabilities, default=0.0)
        return (
            lowest < CHARACTER_DOUBT
            or self.missed_space >= MISSED_SPACE
            or self.missed >= MISSED_CHARACTER
        )


@dataclass(frozen=True)
class ReadLine:
    """What the recogniser read on a strip; ``centres``: x (strip pixels) of each
    character it emitted, spaces included; ``pitch``: the cell pitch (strip pixels) of a
    monospaced line spaced by its cells (:func:`~docparse.engines.ppocr.spacing.by_cells`),
    else None."""

    text: str
    confidence: float
    words: list[ReadWord]
    centres: tuple[float, ...] = ()
    pitch: float | None = None

    @property
    def unsure(self) -> bool:
        """Nothing read, or a word read unsurely (:attr:`ReadWord.unsure`)."""
        return not self.words or any(word.unsure for word in self.words)


def batch_of(strips: Sequence[np.ndarray], height: int, width: int) -> np.ndarray:
    """The strips as one input batch (N × 3 × ``height`` × ``width``): each resized to
    ``height`` (at most ``width`` wide), BGR, scaled to [-1, 1], padded right with zeros
    (written in place: no per-strip tensor to stack)."""
    batch = np.zeros((len(strips), 3, height, width), dtype=np.float32)
    for tensor, strip in zip(batch, strips, strict=True):
        new_width = min(width, max(1, int(np.ceil(height * strip.shape[1] / strip.shape[0]))))
        resized = cv2.resize(strip[:, :, ::-1], (new_width, height)).astype(np.float32)
        tensor[:, :, :new_width] = (resized.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    return batch


def read(strips: Sequence[np.ndarray], size: str = "small") -> list[ReadLine]:
    """The text of each strip (RGB arrays) by the recogniser of ``size``, with word
    positions in strip pixels. ``cascade``: the tiny recogniser (about 4× faster) reads every
    strip and the small one re-reads what it doubts (:func:`confirm`)."""
    if size != "cascade":
        return _read(strips, size)
    return confirm(strips, _read(strips, "tiny"), size)


def confirm(strips: Sequence[np.ndarray], lines: Sequence[ReadLine], size: str) -> list[ReadLine]:
    """``lines``, read by ``probe_size(size)``, with what it doubts read again by
    ``final_size(size)``: a line read unsurely as a whole (mean probability under
    ``CASCADE_DOUBT``) all of it, else the words holding a character read under
    ``CHARACTER_DOUBT``, cut out of the strip between the middles of the spaces around them,
    each word kept from the reading that is surer of it. The small recogniser's time grows
    with the width it reads: on the SROIE dev receipts the doubted words are a third of the
    width of their lines."""
    confirmed = list(lines)
    if size != "cascade":
        return confirmed
    whole, pieces = [], []
    for i, (strip, line) in enumerate(zip(strips, lines, strict=True)):
        if line.confidence < CASCADE_DOUBT:
            whole.append(i)
        elif line.unsure:
            height, width = strip.shape[:2]
            spans = [_widened(span, CONTEXT * height, width) for span in _doubted(line, width)]
            if sum(end - start for _, start, end in spans) > WHOLE_LINE * width:
                whole.append(i)
            else:
                pieces.extend((i, span) for span in spans)
    for i, reading in zip(whole, _read([strips[i] for i in whole], "small"), strict=True):
        confirmed[i] = reading
    crops = [strips[i][:, start:end] for i, (_, start, end) in pieces]
    by_line: dict[int, list[tuple[Span, ReadLine]]] = {}
    for (i, span), reading in zip(pieces, _read(crops, "small"), strict=True):
        by_line.setdefault(i, []).append((span, reading))
    for i, read_again in by_line.items():
        confirmed[i] = _spliced(lines[i], read_again)
    return confirmed


Span = tuple[tuple[float, float, range], int, int]
"""Doubted words (x0, x1, indices, as :func:`_doubted`) and the strip's columns read again."""
CONTEXT = 1.0
"""Strip heights of the neighbouring text read with the doubted words and then dropped: a
recogniser reading a cut that ends at a word's last letter drops trailing punctuation and
misreads the letters at the edges (a cut at the middles of the spaces lost "KAPAR,"'s
comma and read IPOH as LPOH on the SROIE dev receipts)."""


def _widened(doubted: tuple[float, float, range], margin: float, width: int) -> Span:
    x0, x1, _ = doubted
    return doubted, max(0, round(x0 - margin)), min(width, round(x1 + margin))


WHOLE_LINE = 0.6
"""Doubted words wider than this share of their line: the small recogniser reads the whole
line (about as costly, and it reads each word in its context)."""


def _doubted(line: ReadLine, width: int) -> list[tuple[float, float, range]]:
    """Runs of consecutive words holding a character read under ``CHARACTER_DOUBT``: (x0, x1,
    word indices), x0/x1 the middles of the spaces before and after the run (the strip's
    ends at its ends)."""
    words = line.words
    unsure = [word.unsure for word in words]
    runs: list[tuple[float, float, range]] = []
    k = 0
    while k < len(words):
        if not unsure[k]:
            k += 1
            continue
        end = k
        while end + 1 < len(words) and unsure[end + 1]:
            end += 1
        x0 = 0.0 if k == 0 else (_last(words[k - 1]) + _first(words[k])) / 2
        x1 = (
            float(width)
            if end + 1 == len(words)
            else (_last(words[end]) + _first(words[end + 1])) / 2
        )
        runs.append((x0, x1, range(k, end + 1)))
        k = end + 1
    return runs


def _first(word: ReadWord) -> float:
    return word.centres[0] if word.centres else word.x0


def _last(word: ReadWord) -> float:
    return word.centres[-1] if word.centres else word.x1


def _spliced(line: ReadLine, read_again: list[tuple[Span, ReadLine]]) -> ReadLine:
    """``line`` with the words of each span replaced by the characters read again between
    its x0 and x1 (in strip pixels), where that reading is surer than the first (mean
    character probability; the first's times one less the probability of a character it
    dropped, :attr:`ReadWord.missed`)."""
    words = list(line.words)
    for ((x0, x1, indices), start, _), reading in sorted(read_again, key=lambda item: -item[0][1]):
        kept = [_inside(_shifted(word, start), x0, x1) for word in reading.words]
        again = [word for word in kept if word is not None]
        before = [p for k in indices for p in words[k].probabilities]
        # a character the first reading dropped counts against it as much as it was likely
        dropped = max((words[k].missed for k in indices), default=0.0)
        probabilities = [p for word in again for p in word.probabilities]
        if not probabilities or np.mean(probabilities) < np.mean(before or [0.0]) * (1.0 - dropped):
            continue
        words[indices.start : indices.stop] = again
    probabilities = [p for word in words for p in word.probabilities]
    return ReadLine(
        " ".join(word.text for word in words),
        float(np.mean(probabilities)) if probabilities else 0.0,
        words,
        tuple(c for word in words for c in word.centres),
    )


def _inside(word: ReadWord, x0: float, x1: float) -> ReadWord | None:
    """The characters of ``word`` centred between x0 and x1; None when there are none."""
    keep = [k for k, centre in enumerate(word.centres) if x0 <= centre < x1]
    if not keep:
        return None
    if len(keep) == len(word.centres):
        return word
    probabilities = tuple(word.probabilities[k] for k in keep)
    return ReadWord(
        "".join(word.text[k] for k in keep),
        max(word.x0, x0),
        min(word.x1, x1),
        float(np.mean(probabilities)),
        tuple(word.centres[k] for k in keep),
        probabilities,
        tuple(word.spaces[k] for k in keep[:-1]) if word.spaces else (),
    )


def _shifted(word: ReadWord, dx: float) -> ReadWord:
    return ReadWord(
        word.text,
        word.x0 + dx,
        word.x1 + dx,
        word.confidence,
        tuple(c + dx for c in word.centres),
        word.probabilities,
        word.spaces,
    )


def probe_size(size: str) -> str:
    """The recogniser that reads a line's start to choose its reader: the tiny one for
    ``cascade``."""
    return "tiny" if size == "cascade" else size


def final_size(size: str) -> str:
    """The recogniser whose reading is final: the small one for ``cascade``."""
    return "small" if size == "cascade" else size


def settled(line: ReadLine, size: str) -> bool:
    """Whether a reading by ``probe_size(size)`` is final: always, except a ``cascade``
    reading the tiny recogniser doubts: a mean character probability under
    ``CASCADE_DOUBT`` or one character under ``CHARACTER_DOUBT``."""
    return size != "cascade" or (line.confidence >= CASCADE_DOUBT and not line.unsure)


def _read(strips: Sequence[np.ndarray], size: str) -> list[ReadLine]:
    net = session(RECOGNIZERS[size][0])
    order = sorted(range(len(strips)), key=lambda i: strips[i].shape[1] / strips[i].shape[0])
    lines: list[ReadLine | None] = [None] * len(strips)
    for start in range(0, len(order), BATCH):
        members = order[start : start + BATCH]
        ratio = max(strips[i].shape[1] / strips[i].shape[0] for i in members)
        width = max(REC_HEIGHT, int(np.ceil(REC_HEIGHT * ratio)))
        batch = batch_of([strips[i] for i in members], REC_HEIGHT, width)
        output = net.run(None, {net.get_inputs()[0].name: batch})[0]
        step = width / output.shape[1]
        for i, probabilities in zip(members, output, strict=True):
            strip = strips[i]
            scale = strip.shape[1] / min(
                width, np.ceil(REC_HEIGHT * strip.shape[1] / strip.shape[0])
            )
            lines[i] = decode(probabilities, step * scale, strip.shape[1], characters(size))
    return lines  # type: ignore[return-value]


def _missed_character(
    probabilities: np.ndarray, columns: Sequence[int], classes: Sequence[int]
) -> float:
    """The highest probability any character the word does not hold (blank and space left
    out) reached between its first and last characters' columns: a character the greedy
    decoding dropped (the tiny recogniser read "(△32.2)" as "(32.2)", the "△" at 0.26)."""
    if columns[-1] - columns[0] < 2:
        return 0.0
    block = probabilities[columns[0] + 1 : columns[-1], 1:-1].copy()
    block[:, [c - 1 for c in classes if 0 < c < probabilities.shape[1] - 1]] = 0.0
    return float(block.max()) if block.size else 0.0


def _gap_peaks(space: np.ndarray, columns: Sequence[int]) -> tuple[float, ...]:
    """The highest space probability from each character's column to the next one's (both
    included), for the rising ``columns`` of a word's characters: ``space[a : b + 1].max()``
    for each neighbouring pair, in one reduction."""
    if len(columns) < 2:
        return ()
    at = np.asarray(columns, dtype=np.intp)
    return tuple(np.maximum(np.maximum.reduceat(space[: at[-1]], at[:-1]), space[at[1:]]).tolist())


def decode(
    probabilities: np.ndarray, column: float, strip_width: float, alphabet: Sequence[str]
) -> ReadLine:
    """Greedy CTC decoding of one line (T × classes); ``column`` is the width in strip
    pixels of one output column. Words are split at the space class; a word spans its
    characters' columns, widened by half the line's mean character pitch. ``alphabet``:
    the recogniser's classes (:func:`characters`), the space last."""
    best = probabilities.argmax(axis=1)
    space = probabilities[:, len(alphabet) - 1] if alphabet[-1] == " " else None
    # a character where the best class is no blank and differs from the column before
    before = np.concatenate(([0], best[:-1]))
    columns = np.flatnonzero((best != 0) & (best != before))
    classes = best[columns]
    chars: list[tuple[str, int, float]] = [  # (character, column, probability)
        (alphabet[index], t, sure)
        for t, index, sure in zip(
            columns.tolist(),
            classes.tolist(),
            probabilities[columns, classes].tolist(),
            strict=True,
        )
    ]
    emitted = dict(zip(columns.tolist(), classes.tolist(), strict=True))  # column → class
    if not chars:
        return ReadLine("", 0.0, [])
    positions = [t for _, t, _ in chars]
    pitch = (positions[-1] - positions[0]) / max(1, len(positions) - 1) if len(chars) > 1 else 2
    half = max(1.0, pitch / 2)
    words: list[ReadWord] = []
    run: list[tuple[str, int, float]] = []
    for char in [*chars, (" ", -1, 1.0)]:
        if char[0] != " ":
            run.append(char)
            continue
        if run:
            text = "".join(c for c, _, _ in run)
            x0 = max(0.0, (run[0][1] + 0.5 - half) * column)
            x1 = min(strip_width, (run[-1][1] + 0.5 + half) * column)
            sureness = tuple(p for _, _, p in run)
            centres = tuple((t + 0.5) * column for _, t, _ in run)
            spaces = _gap_peaks(space, [t for _, t, _ in run]) if space is not None else ()
            columns = [t for _, t, _ in run]
            missed = _missed_character(probabilities, columns, [emitted[t] for t in columns])
            words.append(
                ReadWord(
                    text,
                    x0,
                    x1,
                    sum(sureness) / len(sureness),
                    centres,
                    sureness,
                    spaces,
                    missed,
                )
            )
        run = []
    text = "".join(c for c, _, _ in chars).strip()
    centres = tuple((t + 0.5) * column for _, t, _ in chars)
    return ReadLine(text, sum(p for _, _, p in chars) / len(chars), words, centres)
