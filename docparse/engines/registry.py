"""The engines docparse knows, by name, and how ``auto`` chooses among them."""

from __future__ import annotations

import importlib

from docparse.engines.base import Engine, EngineOptions, EngineSpec, EngineStatus
from docparse.errors import EngineUnavailable

# name → module holding ``SPEC``; imported only when asked for, so the base install never
# imports torch or an HTTP client it does not need.
ENGINE_MODULES: dict[str, str] = {
    "varco": "docparse.engines.varco",
    "openai": "docparse.engines.openai_compat",
    "tesseract": "docparse.engines.tesseract",
    "ppocr": "docparse.engines.ppocr",
}
ENGINE_CHOICES = ("auto", *ENGINE_MODULES)


def get_spec(name: str) -> EngineSpec:
    if name not in ENGINE_MODULES:
        raise EngineUnavailable(f"unknown engine {name!r}; choose from {', '.join(ENGINE_CHOICES)}")
    module = importlib.import_module(ENGINE_MODULES[name])
    return module.SPEC


def all_statuses(options: EngineOptions) -> list[EngineStatus]:
    return [get_spec(name).status(options) for name in ENGINE_MODULES]


def resolve_name(name: str, options: EngineOptions) -> str:
    """``auto`` means the VARCO VLM when its weights and a GPU are here, the
    OpenAI-compatible server when ``base_url`` is set, else Tesseract."""
    if name != "auto":
        get_spec(name)  # an unknown name fails here, before any file is read
        return name
    if options.base_url:
        return "openai"
    varco = get_spec("varco")
    if varco.status(options).available and getattr(varco, "has_accelerator", lambda: False)():
        return "varco"
    return "tesseract"


def create_engine(name: str, options: EngineOptions) -> Engine:
    return get_spec(resolve_name(name, options)).create(options)
