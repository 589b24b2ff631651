"""Synthetic Korean and English receipts, invoices and documents with exact word boxes."""

from docparse.synth.fonts import FontsMissing
from docparse.synth.model import (
    KINDS,
    ExpectedSample,
    Kind,
    LineItem,
    SizeClass,
    SynthDoc,
    SynthWord,
)
from docparse.synth.pipeline import compose, synthesize, synthesize_degraded

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
