"""Engine flags shared by every command that runs an engine (ocr, eval, find, ask), made
from the registered engines' options models (so a plug-in's options become flags too).

``@with_engine_flags`` replaces a command's ``flags: EngineFlags`` parameter by the
individual options below in the signature typer reads, and hands the command one
``EngineFlags`` object, so the flags are declared once."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from pydantic.fields import FieldInfo

# Options several commands share, declared once (--out: docparse.cli.format_options).
Password = Annotated[str | None, typer.Option(help="Password of encrypted PDFs.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or warnings on stderr.")]
Overwrite = Annotated[bool, typer.Option(help="Replace output files already there.")]


class EngineFlags(BaseModel):
    """The engine chosen and the engine option flags as given (every engine's option fields,
    by name; ParseOptions hands each engine those its options model has)."""

    engine: str = "auto"
    settings: dict[str, Any] = {}


def _field_parameter(name: str, field: FieldInfo) -> tuple[str, Any, Any]:
    """A typer option made from an engine options field: its type, default, description,
    lower bound and environment variable (``json_schema_extra={"envvar": ...}``)."""
    lower = [item.ge for item in field.metadata if hasattr(item, "ge")]
    bounds = {"min": lower[0]} if lower else {}
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    option = typer.Option(help=field.description, envvar=extra.get("envvar"), **bounds)  # type: ignore[arg-type]
    return name, Annotated[field.annotation, option], field.default


def _parameters() -> list[tuple[str, Any, Any]]:
    """``--engine`` and one flag per engine option field (a field that several engines
    declare, such as ``model``, is one flag given to each of them)."""
    # the registry and the engine API's models, imported when flags are made (not for a
    # command line built without them: LazyCommand.engine_free_with)
    from docparse.engines.registry import engine_choices, specs

    choices = ", ".join(engine_choices())
    engine_help = f"OCR engine: {choices} (auto: the best one that can run here)."
    fields: dict[str, FieldInfo] = {}
    for spec in specs().values():
        for name, field in spec.options_model.model_fields.items():
            fields.setdefault(name, field)
    return [
        ("engine", Annotated[str, typer.Option(help=engine_help)], "auto"),
        *(_field_parameter(name, field) for name, field in fields.items()),
    ]


def with_engine_flags(command: Callable[..., Any], engines: bool = True) -> Callable[..., Any]:
    """``command`` with its ``flags`` parameter replaced by the engine flags; with
    ``engines=False``, by none (the command gets the default :class:`EngineFlags` and the
    engines' specs are not loaded: for a command line that runs no engine)."""
    signature = inspect.signature(command)
    hints = typing.get_type_hints(command, include_extras=True)
    kept = [
        p.replace(annotation=hints[name], kind=inspect.Parameter.KEYWORD_ONLY)
        for name, p in signature.parameters.items()
        if name != "flags"
    ]
    parameters = _parameters() if engines else []
    added = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
        )
        for name, annotation, default in parameters
    ]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        if not parameters:
            return command(flags=EngineFlags(), **kwargs)
        given = {name: kwargs.pop(name) for name, _, _ in parameters}
        flags = EngineFlags(engine=given.pop("engine"), settings=given)
        return command(flags=flags, **kwargs)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=kept + added, return_annotation=None
    )
    return wrapper


def engine_options(flags: EngineFlags) -> dict[str, Any]:
    """The flags as ParseOptions' ``engine_options`` (each engine takes its own fields)."""
    return dict(flags.settings)
