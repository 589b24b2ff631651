"""Writing a Document page by page, as ``Parser.stream`` yields its pages, to every format
that declares a page sink in ``formats.registry``. Each file appears atomically once
complete (``docparse.io.atomic``)::

    parser = Parser(ParseOptions(engine="tesseract"))
    document = parser.header("big.pdf")
    write_pages(document, parser.stream(document), {"json": Path("big.json")})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from pathlib import Path

from docparse.formats.page_sinks import PageSink
from docparse.formats.registry import FORMATS
from docparse.io.atomic import open_text_atomic
from docparse.model import Document, Page


def write_pages(document: Document, pages: Iterable[Page], outputs: Mapping[str, Path]) -> None:
    """Writes ``document`` to each ``{format name: path}`` of ``outputs`` (formats that are
    ``streamed``) as ``pages`` arrive. ``pages`` is typically ``parser.stream(document)``; the
    files are created only once it yields its first page (or ends), so a file that cannot
    be opened fails with nothing written."""
    unknown = sorted(name for name in outputs if name not in FORMATS or not FORMATS[name].streamed)
    if unknown:
        raise ValueError(f"cannot write {', '.join(unknown)} page by page")
    with ExitStack() as files:
        sinks: list[PageSink] | None = None
        for page in pages:
            sinks = _opened(files, document, outputs) if sinks is None else sinks
            for sink in sinks:
                sink.add(page)
        for sink in _opened(files, document, outputs) if sinks is None else sinks:
            sink.finish(document)


def _opened(files: ExitStack, document: Document, outputs: Mapping[str, Path]) -> list[PageSink]:
    sinks = [
        FORMATS[name].open_sink(files.enter_context(open_text_atomic(path)))
        for name, path in outputs.items()
    ]
    for sink in sinks:
        sink.start(document)
    return sinks
