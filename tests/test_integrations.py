"""The LangChain loader and the LlamaIndex reader on a born-digital sample."""

from __future__ import annotations

import importlib
import json
import sys

import pytest
from handmade import TWO_COLUMN

import docparse
from docparse.chunking import chunk_document

SETTINGS = {"max_chars": 400, "overlap": 50, "engine": "tesseract"}


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    chunks = chunk_document(docparse.parse(TWO_COLUMN, engine="tesseract"), 400, 50)
    return [
        {
            "text": c.text,
            "chunk_index": c.index,
            **c.model_dump(mode="json", exclude={"text", "index"}),
        }
        for c in chunks
    ]


def _as_expected(text: str, metadata: dict) -> dict:
    json.dumps(metadata)  # JSON-friendly
    return {"text": text, **metadata}


def test_langchain_loader(expected: list[dict]) -> None:
    from docparse.integrations.langchain import DocparseLoader

    documents = list(DocparseLoader(str(TWO_COLUMN), **SETTINGS).lazy_load())
    assert len(documents) > 1
    assert [_as_expected(d.page_content, d.metadata) for d in documents] == expected
    per_page = DocparseLoader([TWO_COLUMN], chunk=False, engine="tesseract").load()
    assert len(per_page) == 1 and per_page[0].metadata["pages"] == [1]
    assert "오른쪽" in per_page[0].page_content


def test_llamaindex_reader(expected: list[dict]) -> None:
    from llama_index.core.schema import MetadataMode

    from docparse.integrations.llamaindex import DocparseReader

    documents = DocparseReader(**SETTINGS).load_data(TWO_COLUMN, extra_info={"team": "ocr"})
    assert [
        _as_expected(d.text, {k: v for k, v in d.metadata.items() if k != "team"})
        for d in documents
    ] == expected
    assert all(d.metadata["team"] == "ocr" for d in documents)
    assert len({d.id_ for d in documents}) == len(documents)
    embedded = documents[0].get_content(metadata_mode=MetadataMode.EMBED)
    assert "pages: [1]" in embedded and documents[0].text.strip() in embedded
    assert "boxes:" not in embedded and "sha256:" not in embedded


@pytest.mark.parametrize(
    ("module", "framework", "extra"),
    [("langchain", "langchain_core", "langchain"), ("llamaindex", "llama_index", "llamaindex")],
)
def test_missing_framework_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, module: str, framework: str, extra: str
) -> None:
    for name in [m for m in sys.modules if m == framework or m.startswith(f"{framework}.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, framework, None)
    monkeypatch.delitem(sys.modules, f"docparse.integrations.{module}", raising=False)
    with pytest.raises(ImportError, match=rf"pip install 'docparse\[{extra}\]'"):
        importlib.import_module(f"docparse.integrations.{module}")
