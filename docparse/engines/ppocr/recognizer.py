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


@dataclass(frozen=True)
class ReadWord:
    """A word the recogniser read: its text, x-range in strip pixels, mean probability;
    ``centres``/``probabilities``: x (strip pixels) and probability of each character."""

    text: str
    x0: float
    x1: float
    confidence: float
    centres: tuple[float, ...] = ()
    probabilities: tuple[float, ...] = ()


@dataclass(frozen=True)
class ReadLine:
    """What the recogniser read on a strip; ``centres``: x (strip pixels) of each
    character it emitted, spaces included."""

    text: str
    confidence: float
    words: list[ReadWord]
    centres: tuple[float, ...] = ()


def _normalised(strip: np.ndarray, height: int, width: int) -> np.ndarray:
    """A strip resized to ``height`` (at most ``width`` wide), BGR, scaled to [-1, 1], padded
    right with zeros to ``width``."""
    new_width = min(width, max(1, int(np.ceil(height * strip.shape[1] / strip.shape[0]))))
    resized = cv2.resize(strip[:, :, ::-1], (new_width, height)).astype(np.float32)
    tensor = np.zeros((3, height, width), dtype=np.float32)
    tensor[:, :, :new_width] = (resized.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
    return tensor


def read(strips: Sequence[np.ndarray], size: str = "small") -> list[ReadLine]:
    """The text of each strip (RGB arrays) by the recogniser of ``size``, with word
    positions in strip pixels. ``cascade``: the tiny recogniser (about 4× faster) reads every
    strip and the small one re-reads those it doubts (mean probability < ``CASCADE_DOUBT``)."""
    if size != "cascade":
        return _read(strips, size)
    lines = _read(strips, "tiny")
    doubted = [i for i, line in enumerate(lines) if not settled(line, size)]
    for i, line in zip(doubted, _read([strips[i] for i in doubted], "small"), strict=True):
        lines[i] = line
    return lines


def probe_size(size: str) -> str:
    """The recogniser that reads a line's start to choose its reader: the tiny one for
    ``cascade``."""
    return "tiny" if size == "cascade" else size


def settled(line: ReadLine, size: str) -> bool:
    """Whether a reading by ``probe_size(size)`` is final: always, except a ``cascade``
    reading the tiny recogniser doubts."""
    return size != "cascade" or line.confidence >= CASCADE_DOUBT


def _read(strips: Sequence[np.ndarray], size: str) -> list[ReadLine]:
    net = session(RECOGNIZERS[size][0])
    order = sorted(range(len(strips)), key=lambda i: strips[i].shape[1] / strips[i].shape[0])
    lines: list[ReadLine | None] = [None] * len(strips)
    for start in range(0, len(order), BATCH):
        members = order[start : start + BATCH]
        ratio = max(strips[i].shape[1] / strips[i].shape[0] for i in members)
        width = max(REC_HEIGHT, int(np.ceil(REC_HEIGHT * ratio)))
        batch = np.stack([_normalised(strips[i], REC_HEIGHT, width) for i in members])
        output = net.run(None, {net.get_inputs()[0].name: batch})[0]
        step = width / output.shape[1]
        for i, probabilities in zip(members, output, strict=True):
            strip = strips[i]
            scale = strip.shape[1] / min(
                width, np.ceil(REC_HEIGHT * strip.shape[1] / strip.shape[0])
            )
            lines[i] = decode(probabilities, step * scale, strip.shape[1], characters(size))
    return lines  # type: ignore[return-value]


def decode(
    probabilities: np.ndarray, column: float, strip_width: float, alphabet: Sequence[str]
) -> ReadLine:
    """Greedy CTC decoding of one line (T × classes); ``column`` is the width in strip
    pixels of one output column. Words are split at the space class; a word spans its
    characters' columns, widened by half the line's mean character pitch. ``alphabet``:
    the recogniser's classes (:func:`characters`)."""
    best = probabilities.argmax(axis=1)
    chars: list[tuple[str, int, float]] = []  # (character, column, probability)
    previous = 0
    for t, index in enumerate(best):
        if index != 0 and index != previous:
            chars.append((alphabet[index], t, float(probabilities[t, index])))
        previous = index
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
            probabilities = tuple(p for _, _, p in run)
            centres = tuple((t + 0.5) * column for _, t, _ in run)
            words.append(
                ReadWord(text, x0, x1, float(np.mean(probabilities)), centres, probabilities)
            )
        run = []
    text = "".join(c for c, _, _ in chars).strip()
    centres = tuple((t + 0.5) * column for _, t, _ in chars)
    return ReadLine(text, float(np.mean([p for _, _, p in chars])), words, centres)
