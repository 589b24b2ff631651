"""The tables of ``docparse bench real``: totals per split, dpi, variant, language and
engine (micro-averaged: characters summed over the images), and the issue's targets
checked against them, as Markdown."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docparse.evaluation.real_bench import YARDSTICK, BenchResult, Counts, ImageScore
from docparse.evaluation.real_pages import UPRIGHT

ROTATIONS = ("rot90", "rot180", "rot270")
SKEW_TARGET = 5
"""Skews up to this many degrees must stay within SKEW_DROP of upright."""
ROTATION_DROP = 2.0
SKEW_DROP = 3.0
DEGRADATIONS = ("blur", "jpeg30", "noise", "halfres", "faded", "shadow")
PHOTOS = "photo"
"""Variants named ``photo…`` (a phone photo, small, turned) must score above plain too."""
TURNED = "+rot"
"""``X+rotN`` is X turned: it must stay within ROTATION_DROP of X on the same pages."""
UPRIGHT_GAIN = {"ko": 8.0, "en": 4.0}
CPU_RATIO = 1.5
LOST_SHARE = 0.5
"""A page has lost text when the engine matched less than this share of the characters plain
Tesseract matched on it (the issue: no page may lose more than half without a warning)."""
MIN_LOST_CHARS = 20
"""Images where plain Tesseract matched fewer characters are not judged for lost text."""
ALL = "all"


@dataclass(frozen=True)
class Selection:
    """Which image scores to add up; ``None`` takes every value."""

    split: str | None = None
    dpi: int | None = None
    variant: str | None = None
    language: str | None = None
    pages: frozenset[tuple[str, int]] | None = None

    def holds(self, score: ImageScore) -> bool:
        job = score.job
        return (
            (self.split is None or job.split == self.split)
            and (self.dpi is None or job.dpi == self.dpi)
            and (self.variant is None or job.variant == self.variant)
            and (self.language in (None, ALL) or job.language == self.language)
            and (self.pages is None or (job.document, job.page) in self.pages)
        )


class Totals:
    """Counts by engine for any :class:`Selection` of a result."""

    def __init__(self, result: BenchResult) -> None:
        self.result = result

    def of(self, engine: str, selection: Selection) -> Counts:
        total = Counts()
        for score in self.result.scores:
            if score.engine == engine and selection.holds(score):
                total = total + score.counts
        return total

    def pages(self, selection: Selection) -> frozenset[tuple[str, int]]:
        """The (document, page) pairs the selection holds (for same-page comparisons)."""
        return frozenset(
            (s.job.document, s.job.page)
            for s in self.result.scores
            if s.engine == YARDSTICK and selection.holds(s)
        )

    def values(self, field: str, selection: Selection) -> list[object]:
        seen = {getattr(s.job, field) for s in self.result.scores if selection.holds(s)}
        return sorted(seen, key=lambda value: (str(type(value)), value))  # type: ignore[arg-type]


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _signed(value: float) -> str:
    return f"{100 * value:+.1f}"


def _table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _languages(totals: Totals, split: str) -> list[str]:
    found = [str(v) for v in totals.values("language", Selection(split=split))]
    return [*found, ALL] if len(found) > 1 else found


def _variants(totals: Totals, split: str, dpi: int) -> list[str]:
    present = set(totals.values("variant", Selection(split=split, dpi=dpi)))
    order = list(totals.result.settings.variants)
    return [v for v in order if v in present]


def popeval_table(totals: Totals, split: str, dpi: int, language: str) -> str:
    engines = totals.result.engines
    header = ["variant", "images"]
    for engine in engines:
        header.append(f"{engine} H (P/R)")
        if engine != YARDSTICK:
            header.append("ΔH")
    rows = []
    for variant in _variants(totals, split, dpi):
        selection = Selection(split=split, dpi=dpi, variant=variant, language=language)
        base = totals.of(YARDSTICK, selection)
        if not base.images:
            continue
        row = [variant, str(base.images)]
        for engine in engines:
            counts = totals.of(engine, selection)
            row.append(f"{_pct(counts.hmean)} ({_pct(counts.precision)}/{_pct(counts.recall)})")
            if engine != YARDSTICK:
                row.append(_signed(counts.hmean - base.hmean))
        rows.append(row)
    return _table(header, rows)


def cer_table(totals: Totals, split: str, dpi: int, languages: list[str]) -> str:
    engines = totals.result.engines
    header = ["variant", "language"] + [f"{engine} CER / no-space" for engine in engines]
    rows = []
    for variant in _variants(totals, split, dpi):
        for language in languages:
            selection = Selection(split=split, dpi=dpi, variant=variant, language=language)
            cells = []
            for engine in engines:
                counts = totals.of(engine, selection)
                cells.append(f"{_pct(counts.cer)} / {_pct(counts.cer_nospace)}")
            rows.append([variant, language, *cells])
    return _table(header, rows)


def dpi_table(totals: Totals, split: str, languages: list[str]) -> str:
    engines = totals.result.engines
    header = ["dpi", "language", "images"] + [f"{engine} H (P/R)" for engine in engines]
    rows = []
    for dpi in totals.values("dpi", Selection(split=split, variant=UPRIGHT)):
        for language in languages:
            selection = Selection(split=split, dpi=int(dpi), variant=UPRIGHT, language=language)  # type: ignore[call-overload]
            cells = []
            for engine in engines:
                c = totals.of(engine, selection)
                cells.append(f"{_pct(c.hmean)} ({_pct(c.precision)}/{_pct(c.recall)})")
            images = totals.of(YARDSTICK, selection).images
            rows.append([str(dpi), language, str(images), *cells])
    return _table(header, rows)


def cpu_table(totals: Totals, split: str, dpi: int) -> str:
    engines = totals.result.engines
    header = ["variant", "images", f"{YARDSTICK} s/page"]
    for engine in engines[1:]:
        header += [f"{engine} s/page", "ratio"]
    rows = []
    for variant in _variants(totals, split, dpi):
        selection = Selection(split=split, dpi=dpi, variant=variant)
        base = totals.of(YARDSTICK, selection)
        row = [variant, str(base.images), f"{base.cpu_per_page:.2f}"]
        for engine in engines[1:]:
            counts = totals.of(engine, selection)
            ratio = counts.cpu_seconds / base.cpu_seconds if base.cpu_seconds else 0.0
            row += [f"{counts.cpu_per_page:.2f}", f"{ratio:.2f}×"]
        rows.append(row)
    return _table(header, rows)


@dataclass(frozen=True)
class Check:
    engine: str
    target: str
    measured: str
    met: bool


def check_targets(totals: Totals, split: str, dpi: int) -> list[Check]:
    """The issue's targets for every docparse engine, on the given split and dpi."""
    checks: list[Check] = []
    variants = set(totals.values("variant", Selection(split=split, dpi=dpi)))
    for engine in totals.result.engines[1:]:
        checks += _upright_checks(totals, engine, split, dpi)
        checks.append(_lost_text_check(totals, engine, split))
        for variant in sorted(variants - {UPRIGHT}):
            checks += _variant_checks(totals, engine, split, dpi, variant)
    return checks


def _upright_checks(totals: Totals, engine: str, split: str, dpi: int) -> list[Check]:
    checks = []
    for language, gain in UPRIGHT_GAIN.items():
        selection = Selection(split=split, dpi=dpi, variant=UPRIGHT, language=language)
        base, ours = totals.of(YARDSTICK, selection), totals.of(engine, selection)
        if not base.images:
            continue
        delta = 100 * (ours.hmean - base.hmean)
        met = delta >= gain and ours.precision >= base.precision
        measured = (
            f"H {_pct(ours.hmean)} vs {_pct(base.hmean)} ({delta:+.1f}); "
            f"P {_pct(ours.precision)} vs {_pct(base.precision)}"
        )
        target = f"upright {language}: H ≥ plain + {gain:g}, P ≥ plain"
        checks.append(Check(engine, target, measured, met))
    selection = Selection(split=split, dpi=dpi, variant=UPRIGHT)
    base, ours = totals.of(YARDSTICK, selection), totals.of(engine, selection)
    if base.cpu_seconds:
        checks.append(_cpu_check(engine, UPRIGHT, ours, base))
    return checks


def _cpu_check(engine: str, variant: str, ours: Counts, base: Counts) -> Check:
    ratio = ours.cpu_seconds / base.cpu_seconds
    measured = f"{ours.cpu_per_page:.2f} vs {base.cpu_per_page:.2f} s/page ({ratio:.2f}×)"
    return Check(engine, f"{variant}: CPU ≤ {CPU_RATIO:g}× plain", measured, ratio <= CPU_RATIO)


def silent_losses(totals: Totals, engine: str, split: str) -> tuple[list[str], list[str]]:
    """(images that lost text without a warning, images that lost text with one): the engine
    matched less than ``LOST_SHARE`` of what plain Tesseract matched on the same image."""
    plain = {
        s.job.name: s.counts.matched
        for s in totals.result.scores
        if s.engine == YARDSTICK and s.job.split == split
    }
    silent, warned = [], []
    for score in totals.result.scores:
        if score.engine != engine or score.job.split != split:
            continue
        base = plain.get(score.job.name, 0)
        if base >= MIN_LOST_CHARS and score.counts.matched < LOST_SHARE * base:
            (warned if score.warnings or score.error else silent).append(score.job.name)
    return silent, warned


def _lost_text_check(totals: Totals, engine: str, split: str) -> Check:
    silent, warned = silent_losses(totals, engine, split)
    measured = f"{len(silent)} silent, {len(warned)} warned"
    if silent:
        measured += ": " + ", ".join(silent[:6]) + (" …" if len(silent) > 6 else "")
    target = f"no image loses > {LOST_SHARE:.0%} of plain's matched text without a warning"
    return Check(engine, target, measured, not silent)


def _variant_checks(totals: Totals, engine: str, split: str, dpi: int, variant: str) -> list[Check]:
    selection = Selection(split=split, dpi=dpi, variant=variant)
    ours, base = totals.of(engine, selection), totals.of(YARDSTICK, selection)
    pages = totals.pages(selection)
    upright = totals.of(engine, Selection(split=split, dpi=dpi, variant=UPRIGHT, pages=pages))
    checks = []
    drop = 100 * (upright.hmean - ours.hmean)
    skew = variant.startswith("skew") and int(variant[5:]) <= SKEW_TARGET
    if variant in ROTATIONS or skew:
        allowed = ROTATION_DROP if variant in ROTATIONS else SKEW_DROP
        measured = f"H {_pct(ours.hmean)} vs upright {_pct(upright.hmean)} (−{drop:.1f})"
        if drop < 0:
            measured = f"H {_pct(ours.hmean)} vs upright {_pct(upright.hmean)} (+{-drop:.1f})"
        checks.append(
            Check(engine, f"{variant}: within {allowed:g} H of upright", measured, drop <= allowed)
        )
    if TURNED in variant:
        checks += _turn_check(totals, engine, selection, variant, ours)
    if variant in DEGRADATIONS or variant.startswith(PHOTOS):
        measured = f"H {_pct(ours.hmean)} vs plain {_pct(base.hmean)}"
        checks.append(Check(engine, f"{variant}: H above plain", measured, ours.hmean > base.hmean))
    if base.cpu_seconds:
        checks.append(_cpu_check(engine, variant, ours, base))
    return checks


def _turn_check(
    totals: Totals, engine: str, selection: Selection, variant: str, ours: Counts
) -> list[Check]:
    """``X+rotN`` against X on the same pages, when the run has X."""
    unturned = variant.split(TURNED)[0]
    pages = totals.pages(selection)
    same = Selection(split=selection.split, dpi=selection.dpi, variant=unturned, pages=pages)
    reference = totals.of(engine, same)
    if reference.images != ours.images:
        return []
    drop = 100 * (reference.hmean - ours.hmean)
    change = round(-drop, 1) + 0.0  # + 0.0: no "-0.0"
    measured = f"H {_pct(ours.hmean)} vs {unturned} {_pct(reference.hmean)} ({change:+.1f})"
    target = f"{variant}: within {ROTATION_DROP:g} H of {unturned}"
    return [Check(engine, target, measured, drop <= ROTATION_DROP)]


def targets_table(checks: list[Check]) -> str:
    rows = [[c.engine, c.target, c.measured, "met" if c.met else "**not met**"] for c in checks]
    return _table(["engine", "target", "measured", ""], rows)


def _counts_line(totals: Totals, split: str) -> str:
    documents = totals.values("document", Selection(split=split))
    parts = []
    for language in _languages(totals, split):
        if language == ALL:
            continue
        pages = totals.pages(Selection(split=split, variant=UPRIGHT, language=language))
        parts.append(f"{language}: {len(pages)} pages")
    return f"{len(documents)} documents ({', '.join(parts)})"


def split_section(totals: Totals, split: str, with_targets: bool) -> str:
    settings = totals.result.settings
    dpi = settings.dpis[0]
    languages = _languages(totals, split)
    parts = [f"## {split.capitalize()} split — {_counts_line(totals, split)}"]
    for language in languages:
        parts.append(f"### PopEval at {dpi} dpi, {language} (H-mean, precision/recall, %)")
        parts.append(popeval_table(totals, split, dpi, language))
    parts.append(f"### CER at {dpi} dpi (%; no-space: every space removed from both sides)")
    parts.append(cer_table(totals, split, dpi, languages))
    if len(settings.dpis) > 1:
        parts.append("### Upright pages by dpi")
        parts.append(dpi_table(totals, split, languages))
    parts.append(f"### CPU seconds per page at {dpi} dpi (ratio: engine / plain tesseract)")
    parts.append(cpu_table(totals, split, dpi))
    if with_targets:
        parts.append(f"### Targets (issue 12), {split} split, {dpi} dpi")
        parts.append(targets_table(check_targets(totals, split, dpi)))
    return "\n\n".join(parts)


def markdown(result: BenchResult, header: str = "") -> str:
    """The whole report: the test split first (with the targets), then dev, labelled."""
    totals = Totals(result)
    splits = [s for s in ("test", "dev") if totals.values("split", Selection(split=s))]
    sections = [header.strip()] if header.strip() else []
    sections += [split_section(totals, split, with_targets=True) for split in splits]
    return "\n\n".join(sections) + "\n"
