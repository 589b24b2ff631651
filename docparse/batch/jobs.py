"""What a run has to do: a Task for each supported input (its outputs, and the sha256 an
earlier run finished it with, if that run's options were the same and its outputs are all
there), a skipped entry for each unsupported file, and the manifest entry of each Result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from docparse.batch.layout import destination, output_bases
from docparse.batch.manifest import ManifestEntry, portable
from docparse.batch.walk import Found
from docparse.batch.worker import Result, Task
from docparse.formats.registry import FORMATS, OutputFormat, page_path

UNSUPPORTED = "unsupported file type: docparse reads PDF, PNG, JPEG, TIFF, WebP, BMP and HEIC"


@dataclass
class Batch:
    out_dir: Path
    options_hash: str
    run: str
    tasks: list[Task]
    unsupported: list[ManifestEntry]
    keys: list[str]
    """by task id: the input's path relative to the input folder, as the manifest has it"""
    kept: dict[int, list[str]] = field(default_factory=dict)
    """by task id: the outputs an earlier run recorded, for an input it may skip"""

    def entry(self, result: Result) -> ManifestEntry:
        if result.status == "failed":
            outputs = []
        elif result.status == "skipped":
            outputs = self.kept.get(result.task, [])
        else:
            outputs = [self.relative(path) for path in result.written]
        return ManifestEntry(
            path=self.keys[result.task],
            status=result.status,
            error=result.error,
            pages=result.pages,
            seconds=result.seconds,
            sha256=result.sha256,
            options_hash=self.options_hash,
            outputs=outputs,
            warnings=result.warnings,
            run=self.run,
        )

    def relative(self, path: Path) -> str:
        return portable(path.relative_to(self.out_dir).as_posix())

    def still_there(self, outputs: dict[str, Path], recorded: list[str]) -> bool:
        """Whether the files an earlier run recorded are all still there and are the
        outputs of these formats, each format's at least one (its target, or the target's
        page files ``NAME-pN.png`` for a per-page format)."""
        files = []
        for name, target in outputs.items():
            fmt = FORMATS[name]
            relative = Path(self.relative(target))
            numbers = [fmt.part_number(relative, Path(path)) for path in recorded]
            mine = [page_path(target, n) if n else target for n in numbers if n is not None]
            if not mine:
                return False
            files += mine
        return len(files) == len(recorded) and all(path.is_file() for path in files)


def prepare(
    found: list[Found],
    formats: list[OutputFormat],
    out_dir: Path,
    options_hash: str,
    finished: dict[str, ManifestEntry],
) -> Batch:
    """``finished``: the ``ok`` entries of earlier runs, by input path."""
    run = datetime.now(UTC).isoformat(timespec="seconds")
    supported = [item for item in found if item.supported]
    bases = output_bases([item.relative for item in supported], formats)
    batch = Batch(out_dir, options_hash, run, [], [], [])
    for item in found:
        key = portable(item.relative.as_posix())
        if not item.supported:
            batch.unsupported.append(
                ManifestEntry(
                    path=key,
                    status="skipped",
                    error=UNSUPPORTED,
                    options_hash=options_hash,
                    run=run,
                )
            )
            continue
        outputs = {fmt.name: destination(out_dir, bases[item.relative], fmt) for fmt in formats}
        earlier = finished.get(key)
        known = None
        if (
            earlier is not None
            and earlier.options_hash == options_hash
            and batch.still_there(outputs, earlier.outputs)
        ):
            known = earlier.sha256
            batch.kept[len(batch.tasks)] = earlier.outputs
        batch.keys.append(key)
        batch.tasks.append(Task(len(batch.tasks), item.path, outputs, known))
    return batch
