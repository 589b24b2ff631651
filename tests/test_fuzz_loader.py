"""Fuzzing the loader: the samples' bytes bit-flipped, truncated and spliced must load or
fail with a DocparseError, never another exception, and never hang."""

from __future__ import annotations

import faulthandler
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docparse.errors import DocparseError
from docparse.io.sources import LoadSettings, open_source

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ORIGINALS = {
    name: (SAMPLES / name).read_bytes() for name in ("two_column.pdf", "invoice.pdf", "receipt.png")
}
CASE_LIMIT_S = 20  # one case past this is a hang: the run stops with every thread's stack
FAST = LoadSettings(target_long_side=256, max_image_pixels=4_000_000)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(ORIGINALS)))
    data = bytearray(ORIGINALS[name])
    kind = draw(st.sampled_from(["flip", "truncate", "splice"]))
    if kind == "flip":
        for _ in range(draw(st.integers(1, 64))):
            position = draw(st.integers(0, len(data) - 1))
            data[position] ^= 1 << draw(st.integers(0, 7))
    elif kind == "truncate":
        data = data[: draw(st.integers(0, len(data) - 1))]
    else:
        donor = ORIGINALS[draw(st.sampled_from(sorted(ORIGINALS)))]
        start = draw(st.integers(0, len(donor) - 1))
        piece = donor[start : start + draw(st.integers(1, 4096))]
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 4096))
        data[at : at + cut] = piece
    return name, bytes(data)


def load_everything(path: Path) -> int:
    source = open_source(path, FAST)
    try:
        return sum(1 for _ in source.pages(list(range(source.page_count))))
    finally:
        source.close()


@settings(
    max_examples=100,
    deadline=None,  # the watchdog below bounds a case; timing varies on a busy machine
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutated())
def test_mutated_samples_load_or_fail_cleanly(case: tuple[str, bytes]) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        faulthandler.dump_traceback_later(CASE_LIMIT_S, exit=True)
        try:
            load_everything(path)
        except DocparseError:
            pass
        finally:
            faulthandler.cancel_dump_traceback_later()
