"""On a local two-CPU Ray: the Ray Data pipeline (a row per file, bad files as error rows,
JSON lines and Parquet), and the worker pool with Ray actors as its workers (``docparse
batch --ray``)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")  # the ``ray`` extra (installed in CI)
pq = pytest.importorskip("pyarrow.parquet")

from docparse.batch.worker import SAME_AS_BEFORE, Result, Task, convert, lost  # noqa: E402
from docparse.formats.json_format import load  # noqa: E402
from docparse.integrations.ray_pipeline import FileResult, run  # noqa: E402
from docparse.io.hashing import sha256_of  # noqa: E402
from docparse.pipeline import ParseOptions, Parser  # noqa: E402
from docparse.workers import Progress, WorkerPool, on_ray  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TWO_COLUMN = SAMPLES / "two_column.pdf"
RECEIPT = SAMPLES / "receipt.png"
OPTIONS = ParseOptions(engine="tesseract")


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


@pytest.fixture
def corrupt(tmp_path: Path) -> Path:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    return path


def _rows(folder: Path) -> dict[str, FileResult]:
    lines = [line for part in folder.glob("*.json") for line in part.read_text().splitlines()]
    rows = [FileResult.model_validate(json.loads(line)) for line in lines]
    return {Path(row.path).name: row for row in rows}


def test_json_lines_hold_each_document_and_a_bad_file_is_an_error_row(
    tmp_path: Path, corrupt: Path
) -> None:
    run([TWO_COLUMN, RECEIPT, corrupt], tmp_path / "out", OPTIONS)
    rows = _rows(tmp_path / "out")
    assert sorted(rows) == ["corrupt.pdf", "receipt.png", "two_column.pdf"]
    assert rows["corrupt.pdf"].document is None
    assert (rows["corrupt.pdf"].error or "").startswith("corrupt or unreadable PDF")
    streamed = load(rows["two_column.pdf"].document or "")
    expected = Parser(OPTIONS).parse(TWO_COLUMN)
    assert streamed.pages == expected.pages
    assert streamed.sha256 == expected.sha256
    assert Path(streamed.source).name == "two_column.pdf"
    receipt = load(rows["receipt.png"].document or "")
    assert receipt.pages[0].source == "ocr"
    assert rows["receipt.png"].pages == 1
    assert any(word.text for word in receipt.words())


def test_parquet_output(tmp_path: Path) -> None:
    run([TWO_COLUMN], tmp_path / "out", OPTIONS, output_format="parquet")
    table = pq.read_table(tmp_path / "out")
    assert table.column_names == ["path", "document", "error", "pages", "seconds"]
    (row,) = table.to_pylist()
    assert row["error"] is None
    assert "오른쪽" in load(row["document"]).text


def test_the_worker_pool_runs_batch_tasks_on_ray_actors(tmp_path: Path, corrupt: Path) -> None:
    unchanged = tmp_path / "unchanged.pdf"
    shutil.copy(TWO_COLUMN, unchanged)
    out = tmp_path / "out"
    tasks = [
        Task(0, TWO_COLUMN, {"json": out / "two.json", "md": out / "two.md"}),
        Task(1, corrupt, {"json": out / "corrupt.json"}),
        Task(2, unchanged, {"json": out / "unchanged.json"}, known_sha256=sha256_of(unchanged)),
        Task(3, tmp_path / "gone.pdf", {"json": out / "gone.json"}),
    ]
    plan = on_ray(OPTIONS, "tesseract", workers=2, gpus=0)
    with WorkerPool(plan, convert, lost) as pool:
        events = list(pool.run(tasks))
    results = {event.task: event for event in events if isinstance(event, Result)}
    assert [results[i].status for i in range(4)] == ["ok", "failed", "skipped", "failed"]
    assert results[0].pages == 1
    assert results[0].sha256 == sha256_of(TWO_COLUMN)
    assert results[2].error == SAME_AS_BEFORE
    assert results[3].error == "no such file"  # what the process workers say
    assert Progress(0, 1, 1) in events  # pages are reported from the actor
    written = load((out / "two.json").read_text(encoding="utf-8"))
    assert written.source == str(TWO_COLUMN)
    assert "왼쪽" in (out / "two.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["two.json", "two.md"]


def test_batch_command_runs_on_ray(tmp_path: Path, corrupt: Path) -> None:
    from typer.testing import CliRunner

    from docparse.cli.app import app

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "two_column.pdf", folder / "sub" / "two_column.pdf")
    shutil.copy(corrupt, folder / "broken.pdf")
    out = tmp_path / "out"
    args = [
        "batch",
        str(folder),
        "-o",
        str(out),
        "--ray",
        "--workers",
        "1",
        "--engine",
        "tesseract",
    ]
    result = CliRunner().invoke(app, [*args, "-q"])
    assert result.exit_code == 1, result.output  # the corrupt file failed, the rest is done
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    statuses = {entry["path"]: entry["status"] for entry in map(json.loads, lines)}
    assert statuses == {"sub/two_column.pdf": "ok", "broken.pdf": "failed"}
    assert "오른쪽" in load((out / "sub" / "two_column.json").read_text(encoding="utf-8")).text
