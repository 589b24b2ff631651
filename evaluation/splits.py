"""The fixed dev/test split of benchmark files, by the sha256 of each file's bytes.

Rule: a file whose sha256 starts with a hex digit 0-7 is ``dev`` (tune on it), 8-f is
``test`` (report it). The split depends on nothing but the bytes, so it is the same on
every machine, for every subset, and a file keeps its side when others are added.
"""

from __future__ import annotations

from typing import Literal

Split = Literal["dev", "test"]
SplitChoice = Literal["dev", "test", "all"]
DEV_DIGITS = frozenset("01234567")


def split_of(sha256: str) -> Split:
    """``dev`` or ``test`` for a file with this (hex) sha256."""
    return "dev" if sha256[:1].lower() in DEV_DIGITS else "test"


def in_split(sha256: str, choice: SplitChoice) -> bool:
    return choice == "all" or split_of(sha256) == choice
