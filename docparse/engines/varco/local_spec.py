"""The ``varco`` engine's spec (the entry point), and where its model is: every command's
engine flags load it, so it imports neither the engine (:mod:`.local`, with Pillow, the
document model and the answer parsing) nor torch; ``create`` imports the engine."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from docparse.engines.base import EngineStatus, SpecDefaults, status_of
from docparse.engines.varco import DEFAULT_MODEL, LICENCE, capabilities_of
from docparse.engines.varco.options import (
    LOCAL_NAME,
    MODEL_FIX,
    LocalOptions,
    first_line,
    has_accelerator,
)
from docparse.errors import EngineUnavailable

if TYPE_CHECKING:
    from docparse.engines.varco.local import VarcoEngine

INSTALL_FIX = "pip install 'docparse[vlm]'"
_REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]*(/[\w.-]+)?")


class Located(NamedTuple):
    """Where the model loads from, or why it cannot (with the one-line fix)."""

    source: str | None
    reason: str | None = None
    fix: str | None = None


def locate(options: LocalOptions) -> Located:
    """Checks, without the network, that the model is on disk and the packages import.
    The model is looked for first: that is cheap, and without it torch need not be imported."""
    model = options.model or DEFAULT_MODEL
    path = Path(model).expanduser()
    if path.is_dir() and not (path / "config.json").is_file():
        return Located(None, f"{path} has no config.json, so it is no model directory", MODEL_FIX)
    if not path.is_dir() and not _in_hub_cache(model):
        return Located(
            None, f"model {model!r} is neither a directory nor in the Hugging Face cache", MODEL_FIX
        )
    for module in ("torch", "torchvision", "transformers"):
        try:
            importlib.import_module(module)
        except (ImportError, RuntimeError, OSError) as error:
            return Located(None, f"{module} cannot be imported ({first_line(error)})", INSTALL_FIX)
    return Located(str(path) if path.is_dir() else model)


def _in_hub_cache(model: str) -> bool:
    if Path(model).expanduser().exists() or not _REPO_ID.fullmatch(model):
        return False
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return False
    return isinstance(try_to_load_from_cache(model, "config.json"), str)


class VarcoSpec(SpecDefaults):
    name = LOCAL_NAME
    description = "VARCO-VISION-2.0 VLM via transformers (GPU advised): Korean + English"
    capabilities = frozenset({"ocr", "grounding", "qa"})
    options_model = LocalOptions
    priority = 20  # auto: above Tesseract when the weights and a GPU are here
    parallelism = "gpu"
    licence = LICENCE

    def status(self, options: LocalOptions) -> EngineStatus:  # type: ignore[override]
        located = locate(options)
        model = options.model or DEFAULT_MODEL
        can = capabilities_of(model, options.grounding)
        return status_of(self, located.reason, located.fix, can)

    def has_accelerator(self) -> bool:
        return has_accelerator()

    def auto_ready(self, options: LocalOptions) -> bool:  # type: ignore[override]
        # the model is looked for first: without it, torch (seconds to import) is never loaded
        return locate(options).source is not None and self.has_accelerator()

    def create(self, options: LocalOptions) -> VarcoEngine:  # type: ignore[override]
        located = locate(options)
        if located.source is None:
            raise EngineUnavailable(f"varco: {located.reason}; fix: {located.fix}")
        from docparse.engines.varco.local import VarcoEngine

        return VarcoEngine.load(located.source, options)


SPEC = VarcoSpec()
