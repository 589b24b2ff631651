"""What a run has to do: a Task for each supported input (its outputs, and the sha256 an
earlier run finished it with, if that run's options were the same and its outputs are all
there), a skipped entry for each unsupported file, and the manifest entry of each Result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from docparse.batch.layout import destination, output_bases
from docparse.batch.manifest import ManifestEntry, portable
from docparse.batch.walk import Found
from docparse.batch.worker import Result, Task
from docparse.formats.registry import OutputFormat

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

    def entry(self, result: Result) -> ManifestEntry:
        outputs = self.tasks[result.task].outputs.values()
        return ManifestEntry(
            path=self.keys[result.task],
            status=result.status,
            error=result.error,
            pages=result.pages,
            seconds=result.seconds,
            sha256=result.sha256,
            options_hash=self.options_hash,
            outputs=[self.relative(path) for path in outputs] if result.status != "failed" else [],
            warnings=result.warnings,
            run=self.run,
        )

    def relative(self, path: Path) -> str:
        return portable(path.relative_to(self.out_dir).as_posix())


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
    bases = output_bases([item.relative for item in supported])
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
        if earlier is not None and earlier.options_hash == options_hash:
            written = set(earlier.outputs)
            if all(batch.relative(p) in written and p.exists() for p in outputs.values()):
                known = earlier.sha256
        batch.keys.append(key)
        batch.tasks.append(Task(len(batch.tasks), item.path, outputs, known))
    return batch
