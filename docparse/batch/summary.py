"""The table a batch ends with: files, pages and seconds by status, then each failure."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from docparse.batch.manifest import ManifestEntry

STATUSES = ("ok", "failed", "skipped")


def summary_table(entries: Iterable[ManifestEntry]) -> Table:
    entries = list(entries)
    table = Table("status", "files", "pages", "seconds", "warnings", title="docparse batch")
    for status in STATUSES:
        chosen = [entry for entry in entries if entry.status == status]
        table.add_row(
            status,
            str(len(chosen)),
            str(sum(entry.pages for entry in chosen)),
            f"{sum(entry.seconds for entry in chosen):.1f}",
            str(sum(len(entry.warnings) for entry in chosen)),
        )
    return table


def failures_table(entries: Iterable[ManifestEntry]) -> Table | None:
    failed = [entry for entry in entries if entry.status == "failed"]
    if not failed:
        return None
    table = Table("failed file", "error", title="failures")
    for entry in failed:
        table.add_row(entry.path, entry.error or "")
    return table
