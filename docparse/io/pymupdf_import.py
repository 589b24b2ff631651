"""PyMuPDF, imported without the layout and Markdown add-ons it pulls in.

PyMuPDF 2.0 imports ``pymupdf.layout`` (which builds an ONNX session) and ``pymupdf4llm``
(onnxruntime, numpy, tabulate) when it is imported itself: about 2 s of CPU in every process
that reads a PDF, for ``Page.get_layout`` and ``pymupdf.to_markdown``, which docparse never
calls. They are kept out of PyMuPDF's first import only: importing them afterwards still works
for whoever wants them. Modules of docparse import PyMuPDF as
``from docparse.io.pymupdf_import import pymupdf``."""

from __future__ import annotations

import sys

_ADD_ONS = ("pymupdf.layout", "pymupdf4llm")

_blocked = [] if "pymupdf" in sys.modules else [m for m in _ADD_ONS if m not in sys.modules]
for _name in _blocked:
    sys.modules[_name] = None  # type: ignore[assignment]  # importing it raises ImportError
try:
    import pymupdf
finally:
    for _name in _blocked:
        if _name in sys.modules and sys.modules[_name] is None:
            del sys.modules[_name]

__all__ = ["pymupdf"]
