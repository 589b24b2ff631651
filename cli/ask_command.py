"""``docparse ask``: a question about one or more documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from docparse.ask import Answer, Asker, AskOptions
from docparse.ask.evidence_image import draw_evidence
from docparse.ask.generative import DEFAULT_PAGE_SIZE, MAX_PAGES
from docparse.cli import console
from docparse.cli.options import EngineFlags, Overwrite, engine_options
from docparse.cli.outputs import check_output_file

EXAMPLES = """
Examples:

  docparse ask receipt.png "총 금액은?"

  docparse ask invoice.pdf "What is the total amount?" --out json --show evidence.png

  docparse ask page-*.png "납기일은 언제입니까?" --engine varco --max-pages 8
"""


def ask_command(
    args: Annotated[
        list[str],
        typer.Argument(
            help="Files (PDFs, images), then the question.", metavar="FILES... QUESTION"
        ),
    ],
    out: Annotated[
        Literal["text", "json"], typer.Option("--out", "-f", help="text or json.")
    ] = "text",
    max_pages: Annotated[
        int, typer.Option(min=1, max=MAX_PAGES, help="Pages the VLM sees (the most relevant).")
    ] = MAX_PAGES,
    page_size: Annotated[
        int, typer.Option(min=384, max=2304, help="Long side of each page for the VLM, px.")
    ] = DEFAULT_PAGE_SIZE,
    show: Annotated[
        Path | None, typer.Option(help="Write a PNG of the evidence pages with boxes drawn.")
    ] = None,
    password: Annotated[str | None, typer.Option(help="Password of an encrypted PDF.")] = None,
    overwrite: Overwrite = False,
    flags: EngineFlags = None,  # type: ignore[assignment]  # filled by options.with_engine_flags
) -> None:
    """Answer a question about documents: with a VLM (varco, openai) over up to 12 pages,
    else extractively from the OCR text. Exit 1 when no answer is found."""
    if len(args) < 2:
        console.error("give one or more files, then the question")
        raise typer.Exit(2)
    *files, question = args
    if not question.strip():  # a usage error, before any engine starts
        console.error("the question is empty")
        raise typer.Exit(2)
    if show is not None:
        _check_show(show, [Path(file) for file in files], overwrite)
    options = AskOptions(
        engine=flags.engine,
        engine_options=engine_options(flags),
        max_pages=max_pages,
        page_size=page_size,
        password=password,
    )
    try:
        with console.exit_on_errors():
            answer = Asker(options).ask(files, question)
            if show is not None and not draw_evidence(
                answer.evidence or answer.closest, show, password
            ):
                console.warn(f"no evidence to draw: {show} not written")
    except OSError as problem:
        console.error(f"{show}: {problem.strerror}")
        raise typer.Exit(1) from None
    if out == "json":
        console.stdout.out(answer.model_dump_json(indent=2))
    else:
        console.stdout.out(render_text(answer))
    raise typer.Exit(0 if answer.found else 1)


def _check_show(show: Path, inputs: list[Path], overwrite: bool) -> None:
    """Before any work: ``--show`` names a new PNG file (not an input, a folder, or a file
    already there unless ``--overwrite``)."""
    if show.is_dir():
        console.error(f"--show {show} is a directory: name a .png file")
        raise typer.Exit(2)
    if show.suffix.lower() != ".png":
        console.error(f"--show writes a PNG: name a .png file, not {show.name}")
        raise typer.Exit(2)
    check_output_file(inputs, show, overwrite, "--show")


def render_text(answer: Answer) -> str:
    how = "extractive: copied from the OCR text" if answer.kind == "extractive" else "generative"
    pages = ", ".join(f"{Path(p.source).name} p{p.page}" for p in answer.pages)
    lines = [f"answer: {answer.answer}" if answer.found else "no answer found"]
    lines.append(f"kind: {how} (engine {answer.engine})")
    if answer.score is not None:
        lines.append(f"score: {answer.score:.2f}")
    lines.append(f"pages: {pages}")
    for title, items in (("evidence", answer.evidence), ("closest lines", answer.closest)):
        for item in items:
            box = ", ".join(f"{v:.0f}" for v in item.box)
            lines.append(f"{title}: {Path(item.source).name} p{item.page} [{box}] {item.line}")
    lines.extend(f"note: {warning}" for warning in answer.warnings)
    return "\n".join(lines)
