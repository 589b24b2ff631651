"""The engine protocol: what every OCR engine gives the pipeline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from PIL import Image
from pydantic import BaseModel, Field

from docparse.model import Word


class EngineOptions(BaseModel):
    """Options that the CLI and ``parse()`` hand to whichever engine is chosen."""

    lang: str = Field(default="kor+eng", description="Tesseract language codes")
    model: str | None = Field(default=None, description="VLM model directory or hub id")
    device: str | None = Field(default=None, description="torch device for the VLM")
    batch_size: int = Field(default=1, ge=1, description="pages per VLM generate call")
    max_new_tokens: int | None = Field(default=None, description="VLM answer cap (None: default)")
    keep_raw: bool = Field(default=False, description="keep the engine's raw text on the page")
    base_url: str | None = Field(default=None, description="OpenAI-compatible server, e.g. vLLM")
    api_key: str | None = None
    concurrency: int = Field(default=4, ge=1, description="parallel requests to the server")
    timeout_s: float = Field(default=300.0, gt=0, description="per-request timeout")


class EngineStatus(BaseModel):
    """Whether an engine can run on this machine, and if not, the one-line fix."""

    name: str
    description: str
    capabilities: list[str]
    available: bool
    reason: str | None = None
    fix: str | None = None


def status_of(spec: EngineSpec, reason: str | None = None, fix: str | None = None) -> EngineStatus:
    """The spec's status: available when there is no ``reason`` against it."""
    return EngineStatus(
        name=spec.name,
        description=spec.description,
        capabilities=sorted(spec.capabilities),
        available=reason is None,
        reason=reason,
        fix=fix,
    )


class Recognition(BaseModel):
    """What an engine found on one image, in that image's pixel space."""

    words: list[Word]
    warnings: list[str] = Field(default_factory=list)
    raw_output: str | None = None


@runtime_checkable
class Engine(Protocol):
    """An OCR engine: images in, words with boxes out (one Recognition per image)."""

    name: str
    capabilities: frozenset[str]
    pages_per_call: int
    """How many pages the pipeline should hand to one ``recognize`` call (1 for CPU
    engines; the batch size for a local VLM; the request concurrency for a server)."""

    def recognize(self, images: Sequence[Image.Image]) -> list[Recognition]: ...


@runtime_checkable
class GroundingEngine(Engine, Protocol):
    """An engine that can point at a phrase itself (capability "grounding")."""

    def find(self, image: Image.Image, phrase: str) -> list[Word]: ...


class EngineSpec(Protocol):
    """A registry entry: checks availability and builds the engine."""

    name: str
    description: str
    capabilities: frozenset[str]

    def status(self, options: EngineOptions) -> EngineStatus: ...

    def create(self, options: EngineOptions) -> Engine: ...
