"""What ``docparse ask`` answers: the answer, where it came from, and how it was found."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from docparse.model import Box

AnswerKind = Literal["generative", "extractive"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PageRef(_Model):
    """One page of one input file."""

    source: str = Field(description="path of the input file")
    page: int = Field(ge=1, description="1-based page number in that file")


class Evidence(PageRef):
    """Where on a page the answer (or a line close to it) is written."""

    box: Box = Field(description="[x0, y0, x1, y1] in the page's pixels, of the value words")
    text: str = Field(description="the words in the box")
    line: str = Field(description="the whole line the words are on")


class Answer(_Model):
    question: str
    answer: str | None = Field(description="the answer; null when none was found")
    kind: AnswerKind = Field(
        description="generative: written by a VLM; extractive: a span copied from the OCR text"
    )
    pages: list[PageRef] = Field(description="the pages read to answer, in document order")
    evidence: list[Evidence] = Field(
        default_factory=list, description="where the answer is on the pages, best first"
    )
    closest: list[Evidence] = Field(
        default_factory=list, description="with no answer: the lines closest to the question"
    )
    score: float | None = Field(default=None, ge=0, le=1, description="confidence, 1 = exact key")
    engine: str = Field(description="the engine that read the pages")
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")
    warnings: list[str] = Field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.answer is not None
