"""No input is ever written over, and no output unasked: the destinations of a command are
checked against its inputs, and against the files already there unless ``--overwrite`` is
given, before anything runs (one line and an exit code when one would be replaced)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import typer

from docparse.cli import console


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:  # e.g. a symlink loop: compare as given
        return path.absolute()


def overwritten_input(inputs: Iterable[Path], destinations: Iterable[Path]) -> Path | None:
    """The first destination that is one of ``inputs`` (same file after resolving links)."""
    sources = {_key(path) for path in inputs}
    return next((path for path in destinations if _key(path) in sources), None)


def refuse_overwriting_inputs(
    inputs: Iterable[Path], destinations: Iterable[Path], option: str = "-o"
) -> None:
    """Exit 2 with one line when a destination (given by ``option``) is an input."""
    clash = overwritten_input(inputs, destinations)
    if clash is not None:
        console.error(f"{clash} is an input: refusing to write over it; choose another {option}")
        raise typer.Exit(2)


def refuse_existing(destinations: Iterable[Path], overwrite: bool, code: int = 2) -> None:
    """Exit ``code`` with one line when a destination file exists and ``overwrite`` was not
    given (``--overwrite``)."""
    if overwrite:
        return
    existing = next((path for path in destinations if path.is_file()), None)
    if existing is not None:
        console.error(f"{existing} exists: use --overwrite to replace it")
        raise typer.Exit(code)
