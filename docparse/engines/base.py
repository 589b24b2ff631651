"""The engine plug-in API: what an engine declares (its spec) and what it does (the engine).

An engine is one module (or package) that exposes a spec object through the entry-point
group ``docparse.engines`` (see :mod:`docparse.engines.registry`). The spec declares, once:
its name and description, its own pydantic options model, its capabilities, its priority for
``auto``, how batch runs it in parallel, the colour mode in which PDF pages are rasterised for
it, and its licence; it checks whether it can run here (``status``) and builds the engine
(``create``). The engine prepares each page image as it wants it (``prepare``: a size, a
colour mode; the pipeline maps the boxes back to the page's pixels), recognises prepared
images, and is closed once (``close``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from docparse.errors import EngineUnavailable

if TYPE_CHECKING:
    from PIL import Image

    from docparse.engines.recognition import Recognition
    from docparse.model import Word
    from docparse.preprocess import Scale

Parallelism = Literal["process", "thread", "gpu"]
"""How batch runs an engine in parallel: one process per core (CPU engines), threads (the
work is waiting for a server), or one process per GPU."""
PageMode = Literal["RGB", "L"]

CAPABILITY_METHODS: dict[str, str] = {
    "ocr": "recognize",
    "grounding": "find",
    "qa": "ask_pages",
}
"""What each capability requires the engine to implement."""


class EngineOptions(BaseModel):
    """Base of every engine's own options model (one model per engine, its fields the
    engine's options; the CLI makes a flag of each field, see :mod:`docparse.cli.options`)."""

    model_config = ConfigDict(extra="forbid")

    keep_raw: bool = Field(default=False, description="Keep the engine's raw output in each page.")


class EngineStatus(BaseModel):
    """Whether an engine can run on this machine, and if not, the one-line fix."""

    name: str
    description: str
    capabilities: list[str]
    available: bool
    reason: str | None = None
    fix: str | None = None
    licence: str | None = Field(default=None, description="licence of the model, if it has one")


def status_of(
    spec: EngineSpec,
    reason: str | None = None,
    fix: str | None = None,
    capabilities: frozenset[str] | None = None,
) -> EngineStatus:
    """The spec's status: available when there is no ``reason`` against it."""
    return EngineStatus(
        name=spec.name,
        description=spec.description,
        capabilities=sorted(spec.capabilities if capabilities is None else capabilities),
        available=reason is None,
        reason=reason,
        fix=fix,
        licence=spec.licence,
    )


@runtime_checkable
class Engine(Protocol):
    """An OCR engine: images in, words with boxes out (one Recognition per image).

    Subclass it to inherit the defaults: pages as given, one page per call, nothing to close."""

    name: str
    capabilities: frozenset[str]
    pages_per_call: int = 1
    """How many pages the pipeline should hand to one ``recognize`` call (1 for CPU
    engines; the batch size for a local VLM; the request concurrency for a server)."""

    def prepare(self, image: Image.Image) -> tuple[Image.Image, Scale]:
        """The page image as this engine wants it (size, colour), and the factors from page
        pixels to it; the pipeline maps the engine's boxes back with them."""
        from docparse.preprocess import Scale

        return image, Scale()

    def recognize(self, images: Sequence[Image.Image]) -> list[Recognition]:
        """The words of each prepared image, in that image's pixels."""
        ...

    def close(self) -> None:
        """Frees what the engine holds (a model, a connection); called once, at the end."""
        return None


@runtime_checkable
class GroundingEngine(Engine, Protocol):
    """An engine that can point at a phrase itself (capability "grounding")."""

    def find(self, image: Image.Image, phrase: str) -> list[Word]: ...


@runtime_checkable
class RereadingEngine(Engine, Protocol):
    """An engine with a second, surer reader for a few rows (those a field hangs on: the
    amounts after a total's label): each row of words (left to right on one visual line)
    read again on the page image, each word given what was read inside it (None: nothing)."""

    def read_again(
        self, image: Image.Image, rows: Sequence[Sequence[Word]]
    ) -> list[list[Word | None]]: ...


class EngineSpec(Protocol):
    """What an engine declares to the registry (the object its entry point names)."""

    name: str
    description: str
    capabilities: frozenset[str]
    """Everything the engine can do; ``capabilities_for`` may narrow it per model."""
    options_model: type[EngineOptions]
    priority: int
    """``auto`` takes the available engine of highest priority whose ``auto_ready`` is true."""
    parallelism: Parallelism
    page_mode: PageMode
    """Colour mode in which PDF pages are rasterised for this engine."""
    licence: str | None

    def status(self, options: EngineOptions) -> EngineStatus: ...

    def auto_ready(self, options: EngineOptions) -> bool:
        """Cheaply: may ``auto`` choose this engine here (no network, no model load)?"""
        ...

    def create(self, options: EngineOptions) -> Engine: ...


class SpecDefaults:
    """Defaults a spec class may inherit: a CPU engine that reads RGB pages, no licence."""

    priority: ClassVar[int] = 0
    parallelism: ClassVar[Parallelism] = "process"
    page_mode: ClassVar[PageMode] = "RGB"
    licence: ClassVar[str | None] = None


def check_capabilities(engine: object, capabilities: frozenset[str]) -> None:
    """Raises EngineUnavailable when the engine lacks a method its capabilities require."""
    name = getattr(engine, "name", type(engine).__name__)
    for capability in sorted(capabilities):
        method = CAPABILITY_METHODS.get(capability)
        if method is None:
            known = ", ".join(CAPABILITY_METHODS)
            raise EngineUnavailable(f"{name}: unknown capability {capability!r} (known: {known})")
        if not callable(getattr(engine, method, None)):
            raise EngineUnavailable(
                f"{name}: declares {capability!r} but does not implement {method}()"
            )


def read_pages(engine: Engine, images: Sequence[Image.Image]) -> list[Recognition]:
    """Prepares, recognises and maps back: the words of each image in its own pixels."""
    from docparse.preprocess import to_page_space

    prepared = [engine.prepare(image) for image in images]
    results = engine.recognize([image for image, _ in prepared])
    return [
        result.model_copy(update={"words": to_page_space(result.words, scale)})
        for (_, scale), result in zip(prepared, results, strict=True)
    ]


def __getattr__(name: str) -> Any:
    """``Recognition``, imported on first use: it is made of the document model's words, and
    the modules that declare engines (every command's engine flags load them) need neither."""
    if name == "Recognition":
        from docparse.engines.recognition import Recognition

        return Recognition
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
