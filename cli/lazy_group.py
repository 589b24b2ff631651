"""A typer group whose subcommands are imported only when one is run or its help is shown.

``docparse --help`` lists the commands from a table of names and one-line summaries, so it
never imports PyMuPDF, onnxruntime, numpy, Pillow or the engines' option models: each
command module is loaded on first use (``benchmarks/cli_startup.py`` times it)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """Where a subcommand lives and what ``docparse --help`` says of it."""

    summary: str
    module: str
    attribute: str
    epilog_attribute: str | None = "EXAMPLES"
    engine_flags: bool = True
    group: bool = False


def _load(name: str, spec: LazyCommand) -> Any:
    """The click command of ``spec``, built by typer from the command's function."""
    module = importlib.import_module(spec.module)
    target = getattr(module, spec.attribute)
    if spec.group:  # a typer app of subcommands (``bench synth``)
        parent = typer.Typer(rich_markup_mode=None, add_completion=False)
        parent.add_typer(target, name=name)
        return typer.main.get_group(parent).commands[name]
    if spec.engine_flags:
        from docparse.cli.options import with_engine_flags

        target = with_engine_flags(target)
    epilog = getattr(module, spec.epilog_attribute) if spec.epilog_attribute else None
    single = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    single.command(name, epilog=epilog, help=_help(target, spec))(target)
    return typer.main.get_command(single)


def _help(function: Callable[..., Any], spec: LazyCommand) -> str:
    return function.__doc__ or spec.summary


class LazyGroup(TyperGroup):
    """Subcommands from ``LAZY_COMMANDS`` of the module given as ``lazy_commands``."""

    lazy_commands: dict[str, LazyCommand] = {}  # noqa: RUF012  # set by make_lazy_group

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.lazy_commands, *super().list_commands(ctx)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        loaded = self.commands.get(cmd_name)
        if cmd_name in self.lazy_commands and (loaded is None or isinstance(loaded, _Placeholder)):
            command = _load(cmd_name, self.lazy_commands[cmd_name])
            command.name = cmd_name
            self.commands[cmd_name] = command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list from the summaries: listing loads no command module."""
        rows = [(name, spec.summary) for name, spec in self.lazy_commands.items()]
        rows += [
            (name, command.get_short_help_str(formatter.width))
            for name, command in self.commands.items()
            if name not in self.lazy_commands and not command.hidden
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # A typo's suggestions ("Did you mean ...") come from self.commands: list them all.
        for name in self.lazy_commands:
            self.commands.setdefault(name, _Placeholder(name))
        try:
            return super().resolve_command(ctx, args)
        finally:
            for name in [n for n, c in self.commands.items() if isinstance(c, _Placeholder)]:
                del self.commands[name]


class _Placeholder(typer.core.TyperCommand):
    def __init__(self, name: str) -> None:
        super().__init__(name=name)


def lazy_group(commands: dict[str, LazyCommand]) -> type[LazyGroup]:
    return type("DocparseGroup", (LazyGroup,), {"lazy_commands": commands})
