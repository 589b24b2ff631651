"""docparse inside other frameworks; each module needs its optional extra:

- ``langchain``: :class:`~docparse.integrations.langchain.DocparseLoader` (``docparse[langchain]``)
- ``llamaindex``: :class:`~docparse.integrations.llamaindex.DocparseReader`
  (``docparse[llamaindex]``)

The RAG loaders yield a document per chunk (see :mod:`docparse.chunking`) with the same
metadata (:mod:`docparse.integrations.rag`)."""
