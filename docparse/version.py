"""The version of docparse, as the outputs that name their producer (hOCR, ALTO, reports)
write it; ``docparse.__version__`` is the same value."""

__version__ = "0.1.0"
