"""The manifest: one JSON line per input and run, appended and flushed as each file ends,
so an interrupted run leaves every finished line intact and the next run can resume."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

MANIFEST_NAME = "manifest.jsonl"
Status = Literal["ok", "failed", "skipped"]


def portable(text: str) -> str:
    """``text`` as valid UTF-8: the bytes of a file name that is not UTF-8 (which Python
    holds as surrogate escapes) become ``\\xNN``, so JSON can always carry it."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


Text = Annotated[str, AfterValidator(portable)]


class ManifestEntry(BaseModel):
    """What happened to one input in one run."""

    model_config = ConfigDict(extra="forbid")

    path: Text = Field(description="the input, relative to the input folder")
    status: Status
    error: Text | None = Field(
        default=None, description="one line: why it failed, or why it was skipped"
    )
    pages: int = Field(default=0, ge=0, description="pages read")
    seconds: float = Field(default=0.0, ge=0)
    sha256: str | None = None
    options_hash: str
    outputs: list[Text] = Field(
        default_factory=list, description="files written, relative to the output folder"
    )
    warnings: list[Text] = Field(default_factory=list)
    run: str = Field(description="when the run that wrote this line started (ISO 8601)")


def read_entries(path: Path) -> Iterator[ManifestEntry]:
    """The entries of an existing manifest; a line that cannot be read (torn by a power
    cut, edited by hand) is passed over."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                yield ManifestEntry.model_validate_json(line)
            except ValidationError:
                continue


def finished(path: Path) -> dict[str, ManifestEntry]:
    """The latest ``ok`` entry of each input: what a new run may keep."""
    return {entry.path: entry for entry in read_entries(path) if entry.status == "ok"}


class ManifestWriter:
    """Appends entries, one flushed line each."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = path.open("a", encoding="utf-8", newline="\n")
        if self._handle.tell() and not _ends_with_newline(path):
            self._handle.write("\n")  # a torn last line stays on its own

    def write(self, entry: ManifestEntry) -> None:
        self._handle.write(entry.model_dump_json() + "\n")
        self._handle.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._handle.close()


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, 2)
        return handle.read(1) == b"\n"
