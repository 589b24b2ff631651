"""docparse on a Ray cluster: ``read_binary_files`` → ``map_batches`` with :class:`DocparseOcr`
(one Parser, hence one engine or VLM, per actor) → a row per file with its Document JSON, or
its error: a bad file never stops the run.

    import ray
    from docparse.integrations import ray_pipeline
    from docparse.pipeline import ParseOptions

    ray.init()  # or ray.init(address="auto") on a cluster
    ray_pipeline.run(["s3://bucket/scans/"], "s3://bucket/ocr/", ParseOptions(engine="varco"),
                     concurrency=4, num_gpus=1)

Needs the ``ray`` extra (``pip install 'docparse[ray]'``). This is the Ray Data API for
Python (inputs on any filesystem Ray reads, rows out); ``docparse batch --ray`` runs the batch
on the one worker pool instead, its workers Ray actors (:mod:`docparse.workers`).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Literal

import pyarrow as pa
import ray.data
from pydantic import BaseModel, ConfigDict, Field

from docparse.errors import DocparseError, EngineUnavailable, internal_failure
from docparse.pipeline import ParseOptions, Parser

if TYPE_CHECKING:
    import numpy as np


class FileResult(BaseModel):
    """One row of the pipeline's output: a file's Document as JSON, or why there is none."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="the input, as Ray read it")
    document: str | None = Field(default=None, description="the Document, compact JSON")
    error: str | None = Field(default=None, description="one line: why the file failed")
    pages: int = Field(default=0, ge=0, description="pages read")
    seconds: float = Field(default=0.0, ge=0)


SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("document", pa.string()),
        ("error", pa.string()),
        ("pages", pa.int64()),
        ("seconds", pa.float64()),
    ]
)


class DocparseOcr:
    """The ``map_batches`` callable: builds its Parser once (so a VLM loads once per actor),
    then turns each ``{path, bytes}`` row into a :class:`FileResult` row."""

    def __init__(self, options: ParseOptions) -> None:
        self.parser = Parser(options)
        self.parser.engine  # noqa: B018 — load the engine now, not inside the first file

    def __call__(self, batch: dict[str, np.ndarray]) -> pa.Table:
        pairs = zip(batch["path"], batch["bytes"], strict=True)
        rows = [self.convert(str(path), bytes(data)) for path, data in pairs]
        return pa.Table.from_pylist([row.model_dump() for row in rows], schema=SCHEMA)

    def convert(self, path: str, data: bytes) -> FileResult:
        start = time.perf_counter()
        try:
            with tempfile.TemporaryDirectory() as folder:
                local = Path(folder) / f"input{PurePath(path).suffix}"
                local.write_bytes(data)
                document = self.parser.parse(local)
        except EngineUnavailable:
            raise  # the engine cannot run on this worker: a setup problem, not a bad file
        except DocparseError as error:
            return FileResult(path=path, error=str(error), seconds=time.perf_counter() - start)
        except Exception as error:  # a bug must cost one file, not the run
            message = internal_failure(error)
            return FileResult(path=path, error=message, seconds=time.perf_counter() - start)
        document.source = path
        return FileResult(
            path=path,
            document=document.to_json(indent=None),
            pages=len(document.pages),
            seconds=time.perf_counter() - start,
        )


def build_dataset(
    paths: Sequence[str | Path],
    options: ParseOptions | None = None,
    *,
    concurrency: int = 1,
    num_gpus: float = 0.0,
) -> ray.data.Dataset:
    """The lazy pipeline over ``paths`` (files or folders, local or any filesystem Ray
    reads): ``concurrency`` actors, each with ``num_gpus`` GPUs (1 for the VARCO VLM)."""
    options = options or ParseOptions()
    Parser(options)  # an unknown engine or page range fails here, before the cluster works
    files = ray.data.read_binary_files(
        [str(path) for path in paths], include_paths=True, ignore_missing_paths=True
    )
    return files.map_batches(
        DocparseOcr,
        fn_constructor_kwargs={"options": options},
        batch_size=1,
        batch_format="numpy",
        concurrency=concurrency,
        num_gpus=num_gpus,
    )


def run(
    paths: Sequence[str | Path],
    output: str | Path,
    options: ParseOptions | None = None,
    *,
    output_format: Literal["jsonl", "parquet"] = "jsonl",
    concurrency: int = 1,
    num_gpus: float = 0.0,
) -> None:
    """Reads ``paths`` and writes a :class:`FileResult` row per file into the folder
    ``output``, as JSON lines or Parquet; the rows with an ``error`` are the failures."""
    dataset = build_dataset(paths, options, concurrency=concurrency, num_gpus=num_gpus)
    if output_format == "parquet":
        dataset.write_parquet(str(output))
    else:
        dataset.write_json(str(output))


def iter_results(
    paths: Sequence[str | Path],
    options: ParseOptions | None = None,
    *,
    concurrency: int = 1,
    num_gpus: float = 0.0,
) -> Iterator[FileResult]:
    """The rows as they finish, on the driver (in no particular order)."""
    dataset = build_dataset(paths, options, concurrency=concurrency, num_gpus=num_gpus)
    for row in dataset.iter_rows():
        yield FileResult.model_validate(row)
