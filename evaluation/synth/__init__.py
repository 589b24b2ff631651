"""Synthetic Korean and English receipts, invoices and documents with exact word boxes."""

from docparse.evaluation.synth.model import (
    KINDS,
    ExpectedSample,
    Kind,
    LineItem,
    SizeClass,
    SynthDoc,
    SynthWord,
)
from docparse.evaluation.synth.pipeline import compose, synthesize, synthesize_degraded
from docparse.io.fonts import FontsMissing

__all__ = [
    "KINDS",
    "ExpectedSample",
    "FontsMissing",
    "Kind",
    "LineItem",
    "SizeClass",
    "SynthDoc",
    "SynthWord",
    "compose",
    "synthesize",
    "synthesize_degraded",
]
