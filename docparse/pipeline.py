"""The pipeline, as plain steps: open → per page (text layer, or rasterise → the engine's
own preparation → engine → map back) → reading order → Document. Pages stream; nothing holds a whole
document's images at once."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image
from pydantic import BaseModel, ConfigDict, Field, field_validator

from docparse.engines.base import Engine, EngineOptions, PageMode, Recognition
from docparse.engines.registry import (
    create_engine,
    get_spec,
    options_for,
    resolve_name,
    specs,
    split_engine_options,
)
from docparse.errors import DocparseError, InputError
from docparse.geometry.straighten import (
    GeometryOptions,
    Straightened,
    Straightener,
    UprightReader,
    straightener,
)
from docparse.geometry.transform import PageTransform
from docparse.io.hashing import sha256_of
from docparse.io.images import DEFAULT_MAX_IMAGE_PIXELS
from docparse.io.layer_fonts import FontVerdicts
from docparse.io.page_ranges import parse_page_ranges, select_pages
from docparse.io.sources import LoadSettings, SourcePage, TextLayerMode, open_source
from docparse.model import Document, Page, Word
from docparse.preprocess import to_page_space
from docparse.strip_reading import Reading, read_strip
from docparse.tables import find_tables, place_tables
from docparse.text_directions import across_blocks, into, main_quarter, turned_tables

MIN_CONFIDENCE = 0.0
"""Default of ``ParseOptions.min_confidence``."""
LAYER_SHARE_OF_SCAN = 2
"""A page mostly one image keeps its text layer unless OCR reads over this many times the
layer's characters on it: a page of text over a picture reads about as many (the layer's
text, and the picture's few words), a scan with a notice added many times more (realdocs
first pages made scans with the court portal's one-line notice: its 29 characters against
hundreds to thousands; 43 of 44 pages past this, the 44th a cover of 21 characters)."""


class ParseOptions(BaseModel):
    """Everything that decides how a file becomes a Document."""

    model_config = ConfigDict(extra="forbid")

    engine: str = "auto"
    engine_options: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="per engine: {name: its options model or a dict of its fields}; plain "
        "field names ({'lang': 'kor'}) go to every engine whose options have that field",
    )
    pages: str | None = Field(default=None, description="1-based selection such as '1-3,7'")
    text_layer: TextLayerMode = "auto"
    target_long_side: int = Field(
        default=2304, ge=256, le=10_000, description="long side of a PDF page in page pixels"
    )
    password: str | None = None
    max_image_pixels: int = Field(default=DEFAULT_MAX_IMAGE_PIXELS, gt=0)
    max_pages: int | None = Field(
        default=None, gt=0, description="read at most this many pages of a file (and warn)"
    )
    tables: bool = Field(default=True, description="find tables and give them as table blocks")
    geometry: GeometryOptions = Field(default_factory=GeometryOptions)
    min_confidence: float = Field(
        default=MIN_CONFIDENCE, ge=0.0, le=1.0, description="OCR words read less surely are dropped"
    )

    @field_validator("engine_options", mode="before")
    @classmethod
    def _split(cls, value: object) -> dict[str, dict[str, Any]]:
        return split_engine_options(value)

    def options_of(self, engine: str) -> EngineOptions:
        """The options of ``engine`` (a registered name), as its own options model."""
        return options_for(engine, self.engine_options)


PageCallback = Callable[[int, int], None]
"""Called as ``(pages_done, pages_total)`` after each page."""
PageReader = Callable[[str, list[int], "Timer", list[str]], Iterator[Page]]
"""``read_pages(path, indices, timer, page_errors)``: the pages ``indices`` of ``path`` in
order, their seconds added to ``timer``, a failed page's error appended to ``page_errors``."""


class Timer:
    """Accumulates seconds per stage name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start

    def rounded(self) -> dict[str, float]:
        return {name: round(seconds, 6) for name, seconds in self.seconds.items()}

    def add(self, seconds: dict[str, float]) -> None:
        """Adds another timer's seconds (a worker's) to these."""
        for name, value in seconds.items():
            self.seconds[name] += value


class Parser:
    """Turns files into Documents; holds one engine, created on first need and reused."""

    def __init__(self, options: ParseOptions | None = None, engine: Engine | None = None) -> None:
        self.options = options or ParseOptions()
        self.page_ranges = parse_page_ranges(self.options.pages)
        self.engine_name = (
            engine.name
            if engine
            else resolve_name(self.options.engine, self.options.engine_options)
        )
        self._engine = engine
        self._straightener: Straightener | None = None
        self._owns_engine = engine is None
        self._font_verdicts: tuple[str, FontVerdicts] | None = None

    def close(self) -> None:
        """Closes the engine if this parser created it (an engine given is the giver's)."""
        if self._engine is not None and self._owns_engine:
            self._engine.close()
            self._engine = None
        if self._straightener is not None:
            self._straightener.close()
            self._straightener = None

    def __enter__(self) -> Parser:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = create_engine(self.engine_name, self.options.engine_options)
        return self._engine

    @property
    def straightener(self) -> Straightener:
        if self._straightener is None:
            lang = getattr(self.options.options_of("tesseract"), "lang", "kor+eng")
            self._straightener = straightener(self.options.geometry, lang)
        return self._straightener

    def parse(self, path: str | Path, on_page: PageCallback | None = None) -> Document:
        """The whole document, pages included."""
        document = self.header(path)
        document.pages.extend(self.stream(document, on_page))
        return document

    def iter_pages(self, path: str | Path, on_page: PageCallback | None = None) -> Iterator[Page]:
        """The pages one at a time, each released once the caller moves on: for large files."""
        return self.stream(self.header(path), on_page)

    def header(self, path: str | Path) -> Document:
        """A Document with its provenance and no pages yet (see ``stream``)."""
        path = Path(path)
        if not path.is_file():
            raise InputError("no such file" if not path.exists() else "not a file")
        return Document(
            source=str(path), sha256=sha256_of(path), page_count=0, engine=self.engine_name
        ).opened_with(self.options.password)

    def stream(
        self,
        document: Document,
        on_page: PageCallback | None = None,
        read_pages: PageReader | None = None,
    ) -> Iterator[Page]:
        """Yields the pages of ``document.source``; fills in the document's page count,
        warnings and timings as it goes (timings are final once the pages are exhausted).
        ``read_pages`` reads the selected pages instead of this parser (e.g. in worker
        processes: :mod:`docparse.page_jobs`)."""
        timer = Timer()
        with timer.stage("load"):
            source = open_source(Path(document.source), self._load_settings(document.source))
        document.page_count = source.page_count
        document.warnings.extend(source.warnings)
        page_errors: list[str] = []
        produced = 0
        try:
            indices = self._capped(select_pages(self.page_ranges, source.page_count), document)
            if not indices:
                raise InputError(
                    f"no page selected by pages {self.options.pages!r}: the file has "
                    f"{source.page_count} page{'s' if source.page_count != 1 else ''}"
                )
            if read_pages is not None:
                pages = read_pages(document.source, indices, timer, page_errors)
            else:
                pages = self._pages(source.pages(indices), timer, page_errors)
            for page in pages:
                produced += 1
                document.timings = timer.rounded()
                if on_page:
                    on_page(produced, len(indices))
                yield page
        finally:
            source.close()
        if page_errors and len(page_errors) >= produced:  # not one page could be read
            raise InputError(page_errors[0])
        document.warnings.extend(page_errors)
        document.timings = timer.rounded()

    def _capped(self, indices: list[int], document: Document) -> list[int]:
        """The first ``max_pages`` of ``indices``, with a warning when that leaves some out."""
        limit = self.options.max_pages
        if limit is None or len(indices) <= limit:
            return indices
        document.warnings.append(
            f"{len(indices)} pages to read; only the first {limit} were read (--max-pages)"
        )
        return indices[:limit]

    def read_page(self, path: str | Path, index: int) -> tuple[Page | None, list[str], dict]:
        """One page of ``path`` (0-based ``index``): the page (None when it failed), its
        errors, and the seconds per stage it took."""
        timer = Timer()
        errors: list[str] = []
        with timer.stage("load"):
            source = open_source(Path(path), self._load_settings(str(path)))
        try:
            pages = list(self._pages(source.pages([index]), timer, errors))
        finally:
            source.close()
        return (pages[0] if pages else None), errors, timer.rounded()

    def page_images(self, path: str | Path) -> Iterator[tuple[int, Image.Image]]:
        """(page index, page image in RGB and in the page's pixels) for the selected pages,
        rasterising even pages that have a text layer."""
        settings = self._load_settings(str(path), text_layer="never")
        settings.colour = "RGB"
        source = open_source(Path(path), settings)
        try:
            for page in source.pages(select_pages(self.page_ranges, source.page_count)):
                yield page.index, page.image  # type: ignore[misc]
        finally:
            source.close()

    def _load_settings(self, path: str, text_layer: TextLayerMode | None = None) -> LoadSettings:
        mode = text_layer or self.options.text_layer
        return LoadSettings(
            target_long_side=self.options.target_long_side,
            text_layer=mode,
            colour=self._page_mode(),
            password=self.options.password,
            max_image_pixels=self.options.max_image_pixels,
            tables=self.options.tables,
            font_verdicts=self._verdicts_for(path) if mode == "auto" else None,
        )

    def _verdicts_for(self, path: str) -> FontVerdicts:
        """The fonts judged so far in ``path`` (kept while its pages are read one call at a
        time, as page workers do; a new file starts afresh)."""
        if self._font_verdicts is None or self._font_verdicts[0] != path:
            self._font_verdicts = (path, FontVerdicts(self._read_runs))
        return self._font_verdicts[1]

    def _read_runs(self, images: Sequence[Image.Image]) -> list[Reading] | None:
        """Runs of a text layer's text, cut from its page, as this parser's engine reads
        them; None when the engine cannot run (the layer is then used unchecked)."""
        try:
            return read_strip(self.engine, images)
        except DocparseError:
            return None

    def _page_mode(self) -> PageMode:
        """The colour mode the engine wants PDF pages in (declared by its spec, so it is
        known before the engine is created: text-layer pages never need it)."""
        if self.engine_name not in specs():
            return "RGB"  # an engine given directly, not registered
        return get_spec(self.engine_name).page_mode

    def _pages(
        self, source_pages: Iterator[SourcePage], timer: Timer, page_errors: list[str]
    ) -> Iterator[Page]:
        """Pages in order; images wait in a batch of the engine's batch size."""
        batch: list[SourcePage] = []
        while True:
            try:
                with timer.stage("load"):
                    loaded = next(source_pages)
            except StopIteration:
                break
            except InputError as error:
                page_errors.append(str(error))
                continue
            if loaded.error is not None:
                yield from self._recognise(batch, timer)
                batch = []
                page_errors.append(loaded.error)
                yield _unread_page(loaded)
                continue
            if loaded.text_words is not None and loaded.image is None:
                yield from self._recognise(batch, timer)
                batch = []
                yield self._read_text_layer(loaded, timer)
                continue
            batch.append(loaded)
            if len(batch) >= self.engine.pages_per_call:
                yield from self._recognise(batch, timer)
                batch = []
        yield from self._recognise(batch, timer)

    def _recognise(self, batch: list[SourcePage], timer: Timer) -> Iterator[Page]:
        if not batch:
            return
        engine = self.engine
        with timer.stage("preprocess"):
            for page in batch:
                if page.square_factors and page.image is not None:
                    fx, fy = page.square_factors
                    size = (round(page.image.width * fx), round(page.image.height * fy))
                    page.image = page.image.resize(size, Image.Resampling.LANCZOS)
        if isinstance(engine, UprightReader):
            read = self._read_upright(engine, batch, timer)
        else:
            read = self._read_straightened(engine, batch, timer)
        for page, (result, s) in zip(batch, read, strict=True):
            page.image = s.image  # the straightened page, where the words are
            transform = s.transform
            if page.square_factors:  # read with square pixels, boxes in the image's own
                transform = transform.of_scaled(page.width, page.height)
            assembled = self._assemble(page, "ocr", result, timer, transform)
            page.image = None  # release the pixels once the tables have been looked for
            if page.text_words is not None:
                assembled = self._fuller(page, assembled, timer)
            yield assembled

    def _fuller(self, page: SourcePage, read: Page, timer: Timer) -> Page:
        """Of a page that has a text layer and is mostly one image (a scan with a few lines
        added, or a page over a picture), its layer, unless the image read by OCR holds
        over twice its characters: then the OCR reading, with a warning."""
        layer = sum(len(word.text) for word in page.text_words or [])
        seen = len("".join(read.text.split()))
        if layer * LAYER_SHARE_OF_SCAN >= seen:
            return self._read_text_layer(page, timer)
        read.warnings.append(
            f"page {page.index + 1}: its text layer holds {layer} characters and its image "
            f"{seen}: a scan with a few lines of text added; read by OCR"
        )
        return read

    def _read_straightened(
        self, engine: Engine, batch: list[SourcePage], timer: Timer
    ) -> list[tuple[Recognition, Straightened]]:
        """Pages turned and levelled by the straightener, then prepared and read."""
        with timer.stage("geometry"):
            straight = [self.straightener.straighten(page.image) for page in batch]  # type: ignore[arg-type]
        with timer.stage("preprocess"):
            prepared = [engine.prepare(s.image) for s in straight]
        with timer.stage("engine"):
            results = engine.recognize([image for image, _ in prepared])
        return [
            (result.model_copy(update={"words": to_page_space(result.words, scale)}), s)
            for (_, scale), result, s in zip(prepared, results, straight, strict=True)
        ]

    def _read_upright(
        self, engine: UprightReader, batch: list[SourcePage], timer: Timer
    ) -> list[tuple[Recognition, Straightened]]:
        """Pages the engine turns and levels itself (Tesseract's orientation detection only
        where it cannot tell)."""
        with timer.stage("engine"):
            return engine.recognize_upright(
                [page.image for page in batch],  # type: ignore[misc]
                self.options.geometry,
                self.straightener.quarter_turn,
            )

    def _read_text_layer(self, page: SourcePage, timer: Timer) -> Page:
        """A born-digital page from its text layer, read on the page turned so that most of
        its characters read left to right (:mod:`docparse.text_directions`)."""
        words = page.text_words or []
        transform = PageTransform(page.width, page.height).turned(main_quarter(words))
        if transform.quarter_turns and page.vector_tables:
            page.vector_tables = turned_tables(transform, page.vector_tables)
        return self._assemble(
            page, "text_layer", Recognition(words=into(transform, words)), timer, transform
        )

    def _assemble(
        self,
        page: SourcePage,
        source: str,
        result: Recognition,
        timer: Timer,
        transform: PageTransform | None = None,
    ) -> Page:
        """The Page of ``result``, whose words are in the pixels of the image read: that of
        ``transform`` (upright, level) when given, mapped back to the page as given."""
        transform = transform or PageTransform(page.width, page.height)
        width, height = transform.out_size
        with timer.stage("reading_order"):
            words = [
                _clip(word, width, height)
                for word in result.words
                if word.confidence is None or word.confidence >= self.options.min_confidence
            ]
        with timer.stage("tables"):
            found = (
                find_tables(words, page.image, page.vector_tables) if self.options.tables else []
            )
        with timer.stage("reading_order"):
            taken = {id(word) for _, table_words in found for word in table_words}
            level, across = across_blocks(
                [word for word in words if id(word) not in taken], width, height, page.index
            )
            kept = {id(word) for word in level} | taken
            blocks = place_tables([w for w in words if id(w) in kept], page.index, found)
            blocks = transform.blocks_to_original(blocks + across)
            for number, block in enumerate(blocks, start=1):
                block.id = f"p{page.index + 1}-b{number}"
        keep_raw = self.options.engine_options.get(self.engine_name, {}).get("keep_raw", False)
        return Page(
            rotation_applied=transform.quarter_turns,  # type: ignore[arg-type]
            deskew_applied=round(transform.skew, 2),
            index=page.index,
            width=page.width,
            height=page.height,
            dpi=page.dpi,
            source=source,  # type: ignore[arg-type]
            blocks=blocks,
            warnings=page.warnings + result.warnings,
            raw_output=result.raw_output if keep_raw else None,
        )


def _unread_page(page: SourcePage) -> Page:
    """A page that could not be loaded: its number, size and error, no words."""
    return Page(
        index=page.index,
        width=page.width,
        height=page.height,
        dpi=page.dpi,
        source="none",
        error=page.error,
    )


def _clip(word: Word, width: int, height: int) -> Word:
    x0, y0, x1, y1 = word.box
    clipped = (
        min(max(x0, 0.0), width),
        min(max(y0, 0.0), height),
        min(max(x1, 0.0), width),
        min(max(y1, 0.0), height),
    )
    return word if clipped == word.box else word.model_copy(update={"box": clipped})


def parse_options(engine: str, settings: dict[str, object]) -> ParseOptions:
    """ParseOptions from flat keyword settings, as ``parse()`` takes them: ParseOptions
    fields, ``engine_options``, or any engine's option fields (lang, model, base_url...)."""
    parse_fields = set(ParseOptions.model_fields) - {"engine", "engine_options"}
    engine_settings = {k: v for k, v in settings.items() if k not in parse_fields}
    given = engine_settings.pop("engine_options", None)
    parse_settings = {k: v for k, v in settings.items() if k in parse_fields}
    split = split_engine_options(given)
    for name, fields in split_engine_options(engine_settings).items():
        split.setdefault(name, {}).update(fields)
    return ParseOptions(
        engine=engine,
        engine_options=split,
        **parse_settings,  # type: ignore[arg-type]
    )


def parse(path: str | Path, engine: str = "auto", **settings: object) -> Document:
    """Parses one file. ``settings`` are ParseOptions fields (pages, text_layer,
    target_long_side, password, max_image_pixels, max_pages), ``engine_options`` (the
    engine's options model, or {engine: options}) or engine option fields (lang, model,
    device, batch_size, keep_raw, base_url, ...). An InputError names ``path``."""
    with Parser(parse_options(engine, settings)) as parser:
        try:
            return parser.parse(path)
        except InputError as error:
            raise InputError(f"{path}: {error}") from None


def iter_pages(path: str | Path, engine: str = "auto", **settings: object) -> Iterator[Page]:
    """Like :func:`parse`, but streams the pages: memory stays flat for large files."""
    return Parser(parse_options(engine, settings)).iter_pages(path)
