"""Engine flags shared by every command that runs an engine (ocr, eval, find, ask).

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

from docparse.engines.base import EngineOptions
from docparse.engines.registry import ENGINE_CHOICES
from docparse.formats.registry import FORMATS

# Options several commands share, declared once.
OutFormats = Annotated[
    str,
    typer.Option("--out", "-f", help=f"Formats, comma-separated: {', '.join(FORMATS)}."),
]
OptionalOutFormats = Annotated[
    str | None,
    typer.Option(
        "--out",
        "-f",
        help=f"Formats, comma-separated: {', '.join(FORMATS)} (default: from -o's suffix, "
        "else json).",
    ),
]
Password = Annotated[str | None, typer.Option(help="Password of encrypted PDFs.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or warnings on stderr.")]


class EngineFlags(BaseModel):
    engine: str = "auto"
    lang: str = "kor+eng"
    model: str | None = None
    device: str | None = None
    batch_size: int = 1
    max_new_tokens: int | None = None
    keep_raw: bool = False
    base_url: str | None = None
    api_key: str | None = None
    concurrency: int = 4


_ENGINE_HELP = f"OCR engine: {', '.join(ENGINE_CHOICES)} (auto: VLM with a GPU, else tesseract)."
_PARAMETERS = [
    ("engine", Annotated[str, typer.Option(help=_ENGINE_HELP)], "auto"),
    ("lang", Annotated[str, typer.Option(help="Tesseract languages, e.g. kor+eng.")], "kor+eng"),
    (
        "model",
        Annotated[str | None, typer.Option(help="VLM directory or hub id (varco, openai).")],
        None,
    ),
    (
        "device",
        Annotated[str | None, typer.Option(help="torch device for varco: cuda, cuda:1, cpu.")],
        None,
    ),
    ("batch_size", Annotated[int, typer.Option(min=1, help="Pages per VLM generate call.")], 1),
    (
        "max_new_tokens",
        Annotated[int | None, typer.Option(min=1, help="Cap on VLM answer tokens.")],
        None,
    ),
    (
        "keep_raw",
        Annotated[bool, typer.Option(help="Keep the engine's raw output in each page.")],
        False,
    ),
    (
        "base_url",
        Annotated[str | None, typer.Option(help="OpenAI-compatible server (vLLM), .../v1.")],
        None,
    ),
    (
        "api_key",
        Annotated[
            str | None, typer.Option(envvar="DOCPARSE_API_KEY", help="API key for --base-url.")
        ],
        None,
    ),
    (
        "concurrency",
        Annotated[int, typer.Option(min=1, help="Parallel requests to --base-url.")],
        4,
    ),
]


def with_engine_flags(command: Callable[..., Any]) -> Callable[..., Any]:
    signature = inspect.signature(command)
    hints = typing.get_type_hints(command, include_extras=True)
    kept = [
        p.replace(annotation=hints[name], kind=inspect.Parameter.KEYWORD_ONLY)
        for name, p in signature.parameters.items()
        if name != "flags"
    ]
    added = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
        )
        for name, annotation, default in _PARAMETERS
    ]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        flags = EngineFlags(**{name: kwargs.pop(name) for name, _, _ in _PARAMETERS})
        return command(flags=flags, **kwargs)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=kept + added, return_annotation=None
    )
    return wrapper


def engine_options(flags: EngineFlags) -> EngineOptions:
    return EngineOptions(**flags.model_dump(exclude={"engine"}))
