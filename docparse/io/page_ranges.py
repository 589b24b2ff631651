"""Page selections such as ``1-3,7`` (1-based, inclusive, as people write them)."""

from __future__ import annotations

from docparse.errors import DocparseError


class PageRangeError(DocparseError):
    """A ``--pages`` value that cannot be read."""


def parse_page_ranges(spec: str | None) -> list[tuple[int, int | None]] | None:
    """``"1-3,7,10-"`` → ``[(1, 3), (7, 7), (10, None)]``; None or empty → None (all pages)."""
    if spec is None or not spec.strip():
        return None
    ranges: list[tuple[int, int | None]] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:  # "3," or "1,,3": an empty part selected page 1 unasked
            raise PageRangeError(f"empty page range in --pages {spec!r} (e.g. 1-3,7)")
        start_text, dash, end_text = part.partition("-")
        try:
            start = int(start_text) if start_text.strip() else 1
            end = (int(end_text) if end_text.strip() else None) if dash else start
        except ValueError:
            raise PageRangeError(
                f"bad page range {part!r} in --pages {spec!r} (e.g. 1-3,7)"
            ) from None
        if start < 1 or (end is not None and end < start):
            raise PageRangeError(
                f"bad page range {part!r} in --pages {spec!r} (pages count from 1)"
            )
        ranges.append((start, end))
    return ranges


def select_pages(ranges: list[tuple[int, int | None]] | None, page_count: int) -> list[int]:
    """0-based indices of the selected pages that exist, in document order, each once."""
    if ranges is None:
        return list(range(page_count))
    chosen: set[int] = set()
    for start, end in ranges:
        last = page_count if end is None else min(end, page_count)
        chosen.update(range(start - 1, last))
    return sorted(chosen)


def is_selected(ranges: list[tuple[int, int | None]] | None, number: int) -> bool:
    """Whether the 1-based page ``number`` is among ``ranges`` (None: all pages)."""
    if ranges is None:
        return True
    return any(start <= number and (end is None or number <= end) for start, end in ranges)
