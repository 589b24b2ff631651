"""Where the CLI speaks: results on stdout, messages and progress on stderr."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape

stderr = Console(stderr=True, highlight=False, soft_wrap=True)
stdout = Console(highlight=False, soft_wrap=True)


def error(message: str) -> None:
    stderr.print(f"[bold red]error:[/] {escape(message)}")


def warn(message: str) -> None:
    stderr.print(f"[yellow]warning:[/] {escape(message)}")


@contextmanager
def exit_on_errors(prefix: str = "") -> Iterator[None]:
    """One line on stderr and the CLI's exit code for docparse's errors: 2 when the engine
    cannot run here (a usage matter), 1 when the input is at fault."""
    from docparse.errors import DocparseError, EngineUnavailable

    try:
        yield
    except EngineUnavailable as problem:
        error(str(problem))
        raise typer.Exit(2) from None
    except DocparseError as problem:
        error(f"{prefix}{problem}")
        raise typer.Exit(1) from None
