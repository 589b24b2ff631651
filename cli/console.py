"""Where the CLI speaks: results on stdout, messages and progress on stderr."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

stderr = Console(stderr=True, highlight=False, soft_wrap=True)
stdout = Console(highlight=False, soft_wrap=True)


def error(message: str) -> None:
    stderr.print(f"[bold red]error:[/] {escape(message)}")


def warn(message: str) -> None:
    stderr.print(f"[yellow]warning:[/] {escape(message)}")
