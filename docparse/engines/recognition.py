"""What an engine found on one image (re-exported by :mod:`docparse.engines.base`, where
engines import it from): kept apart so that declaring an engine does not import the document
model."""

from __future__ import annotations

from pydantic import BaseModel, Field

from docparse.model import Word


class Recognition(BaseModel):
    """What an engine found on one image, in that image's pixel space."""

    words: list[Word]
    warnings: list[str] = Field(default_factory=list)
    raw_output: str | None = None
