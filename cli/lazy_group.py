"""A typer group whose subcommands are imported only when one is run or its help is shown.

``docparse --help`` lists the commands from a table of names and one-line summaries, so it
never imports PyMuPDF, onnxruntime, numpy, Pillow or the engines' option models: each
command module is loaded on first use (``benchmarks/cli_startup.py`` times it)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
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
    engine_free_with: str | None = None
    """An option with which the command runs no engine (``eval --pred``): a command line
    that names it and no option but the command's own (no engine flag, no ``--help``) gets
    the command without the engine flags, so the engines' specs and options models are not
    loaded: 0.06 of the 0.85 billion instructions that ``docparse eval --gt --pred`` spent
    before its workers started (2026-11-26, valgrind). Any other command line gets the
    whole command, as before."""


def _load(name: str, spec: LazyCommand, arguments: Sequence[str] = ()) -> Any:
    """The click command of ``spec``, built by typer from the command's function, for the
    command line ``arguments`` (what follows the command's name)."""
    module = importlib.import_module(spec.module)
    target = getattr(module, spec.attribute)
    if spec.group:  # a typer app of subcommands (``bench synth``)
        parent = typer.Typer(rich_markup_mode=None, add_completion=False)
        parent.add_typer(target, name=name)
        return typer.main.get_group(parent).commands[name]
    if spec.engine_flags:
        from docparse.cli.options import with_engine_flags

        named = _options_named(arguments)
        if spec.engine_free_with in named:
            lean = _command(name, module, spec, with_engine_flags(target, engines=False))
            if named <= _own_options(lean):
                return lean
        target = with_engine_flags(target)
    return _command(name, module, spec, target)


def _command(name: str, module: ModuleType, spec: LazyCommand, target: Any) -> Any:
    epilog = getattr(module, spec.epilog_attribute) if spec.epilog_attribute else None
    single = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)
    single.command(name, epilog=epilog, help=_help(target, spec))(target)
    return typer.main.get_command(single)


def _options_named(arguments: Sequence[str]) -> set[str]:
    """Every argument that may name an option (``--x``, ``--x=v``, ``-x``), up to ``--``;
    a value that begins with ``-`` counts too, which only ever means the whole command."""
    named = set()
    for argument in arguments:
        if argument == "--":
            break
        if argument.startswith("-"):
            named.add(argument.split("=", 1)[0])
    return named


def _own_options(command: Any) -> set[str]:
    return {name for param in command.params for name in (*param.opts, *param.secondary_opts)}


def _help(function: Callable[..., Any], spec: LazyCommand) -> str:
    return function.__doc__ or spec.summary


class LazyGroup(TyperGroup):
    """Subcommands from ``LAZY_COMMANDS`` of the module given as ``lazy_commands``."""

    lazy_commands: dict[str, LazyCommand] = {}  # noqa: RUF012  # set by make_lazy_group
    _arguments: tuple[str, ...] = ()
    """The command line after the command's name, as :meth:`resolve_command` saw it."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.lazy_commands, *super().list_commands(ctx)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        loaded = self.commands.get(cmd_name)
        if cmd_name in self.lazy_commands and (loaded is None or isinstance(loaded, _Placeholder)):
            command = _load(cmd_name, self.lazy_commands[cmd_name], self._arguments)
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
        self._arguments = tuple(args[1:])
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
