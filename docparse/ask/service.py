"""``ask``: a question about one or more files, answered by a VLM over up to 12 pages, or
extractively from the OCR text when no VLM is chosen (``--engine tesseract``, or ``auto``
without a GPU or server)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PIL import Image
from pydantic import BaseModel, ConfigDict, Field, field_validator

from docparse.ask.answer import Answer, PageRef
from docparse.ask.extractive import answer_extractive
from docparse.ask.from_fields import asks_amount
from docparse.ask.generative import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGES,
    PagesQAEngine,
    clean_answer,
    ground,
    page_view,
)
from docparse.ask.pages import ReadPage, read_pages
from docparse.ask.select import select_pages
from docparse.engines.base import Engine
from docparse.engines.registry import split_engine_options
from docparse.errors import DocparseError, InputError
from docparse.io.sources import LoadSettings, open_source
from docparse.keyfields.reread import reread_pages
from docparse.pipeline import ParseOptions, Parser, Timer

OCR_ENGINE = "tesseract"


class AskOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    engine: str = "auto"
    engine_options: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="as ParseOptions.engine_options"
    )
    max_pages: int = Field(default=MAX_PAGES, ge=1, le=MAX_PAGES, description="pages the VLM sees")
    page_size: int = Field(
        default=DEFAULT_PAGE_SIZE, ge=384, le=2304, description="long side of each page, px"
    )
    ground: bool = Field(default=True, description="box the VLM's answer in the OCR text")
    password: str | None = None

    @field_validator("engine_options", mode="before")
    @classmethod
    def _split(cls, value: object) -> dict[str, dict[str, Any]]:
        return split_engine_options(value)


class Asker:
    """Answers questions; its parser holds the engine, created on first need and reused."""

    def __init__(self, options: AskOptions | None = None, engine: Engine | None = None) -> None:
        self.options = options or AskOptions()
        self.parser = Parser(self._parse_options(self.options.engine), engine=engine)

    def ask(self, paths: Sequence[str | Path], question: str) -> Answer:
        if not question.strip():
            raise InputError("the question is empty")
        if not paths:
            raise InputError("no file given")
        engine = self.parser.engine
        if isinstance(engine, PagesQAEngine):
            return self._generative(engine, paths, question)
        timer = Timer()
        unread: list[str] = []
        with timer.stage("ocr"):
            pages = read_pages(self.parser, paths, unread)
            if asks_amount(question):  # amounts the first reading lost, read again
                pages = _reread(self.parser, pages)
        with timer.stage("answer"):
            answer = answer_extractive(pages, question, self.parser.engine_name)
        notes = [f"not read: {failure}" for failure in unread]
        return answer.model_copy(
            update={"timings": timer.rounded(), "warnings": [*notes, *answer.warnings]}
        )

    def _parse_options(self, engine: str, **settings: object) -> ParseOptions:
        return ParseOptions(
            engine=engine,
            engine_options=self.options.engine_options,
            password=self.options.password,
            **settings,  # type: ignore[arg-type]
        )

    def _generative(
        self, engine: PagesQAEngine, paths: Sequence[str | Path], question: str
    ) -> Answer:
        timer = Timer()
        every = [
            PageRef(source=str(path), page=number + 1)
            for path in paths
            for number in range(_page_count(Path(path), self.options.password))
        ]
        read: list[ReadPage] = []
        notes: list[str] = []
        if self.options.ground or len(every) > self.options.max_pages:
            with timer.stage("ocr"):
                read = read_pages(Parser(self._parse_options(OCR_ENGINE)), paths)
            every = [page.ref for page in read]
        chosen = every
        if len(every) > self.options.max_pages:
            with timer.stage("select"):
                kept = select_pages(
                    [page.page.text for page in read], question, self.options.max_pages
                )
            chosen = [every[i] for i in kept]
            read = [read[i] for i in kept]
            notes.append(
                f"{len(every)} pages: the VLM read the {len(chosen)} most relevant to the question"
            )
        with timer.stage("render"):
            images = self._images(chosen)
        with timer.stage("engine"):
            said = engine.ask_pages(images, question)
        text = clean_answer(said)
        evidence = ground(text, read) if text and self.options.ground else []
        return Answer(
            question=question,
            answer=text,
            kind="generative",
            pages=chosen,
            evidence=evidence,
            engine=self.parser.engine_name,
            timings=timer.rounded(),
            warnings=notes,
        )

    def _images(self, pages: Sequence[PageRef]) -> list[Image.Image]:
        images = []
        for source in dict.fromkeys(page.source for page in pages):
            numbers = ",".join(str(page.page) for page in pages if page.source == source)
            parser = Parser(
                self._parse_options(
                    OCR_ENGINE, pages=numbers, target_long_side=self.options.page_size
                )
            )
            images.extend(
                page_view(image, self.options.page_size) for _, image in parser.page_images(source)
            )
        return images


def _reread(parser: Parser, pages: list[ReadPage]) -> list[ReadPage]:
    out: list[ReadPage] = []
    for source in dict.fromkeys(page.source for page in pages):
        mine = [page.page for page in pages if page.source == source]
        out += [ReadPage(source, page) for page in reread_pages(mine, parser, source)]
    return out


def _page_count(path: Path, password: str | None) -> int:
    try:
        source = open_source(path, LoadSettings(password=password))
    except DocparseError as error:
        raise InputError(f"{path}: {error}") from None
    try:
        return source.page_count
    finally:
        source.close()


def ask(
    paths: Sequence[str | Path] | str | Path,
    question: str,
    engine: str = "auto",
    *,
    max_pages: int = MAX_PAGES,
    page_size: int = DEFAULT_PAGE_SIZE,
    ground: bool = True,
    password: str | None = None,
    **engine_settings: object,
) -> Answer:
    """Answers ``question`` about the file(s): a VLM over up to ``max_pages`` pages (the most
    relevant to the question when there are more), or, without a VLM, the best-matching value
    span of the OCR text. ``engine_settings`` are engine option fields (lang, model, device,
    base_url, ...), or ``engine_options`` as ParseOptions takes them."""
    files = [paths] if isinstance(paths, str | Path) else list(paths)
    options = AskOptions(
        engine=engine,
        engine_options=engine_settings.pop("engine_options", None) or engine_settings,
        max_pages=max_pages,
        page_size=page_size,
        ground=ground,
        password=password,
    )
    return Asker(options).ask(files, question)
