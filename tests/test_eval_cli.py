"""``docparse bench synth`` and ``docparse eval``, end to end through the CLI, with real
Tesseract OCR on a tiny synthetic set."""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner, Result

from docparse.cli.app import app
from docparse.errors import InputError
from docparse.evaluation import report as report_module
from docparse.evaluation.loaders import load_cord_dir
from docparse.evaluation.popeval import score_dataset, score_image
from docparse.evaluation.report import (
    Report,
    page_text,
    tesseract_version,
    versions,
    versions_soon,
)
from docparse.evaluation.runner import FilePair, Prediction, file_pairs, sample_name
from docparse.evaluation.synth.dataset import DatasetIndex
from docparse.evaluation.text_metrics import Normalization, score_text
from docparse.pipeline import Parser

runner = CliRunner()
SYNTH = ["bench", "synth", "--n", "2", "--seed", "1", "--kinds", "receipt"]


def _eval(*args: str) -> Result:
    return runner.invoke(app, ["eval", "--engine", "tesseract", *args])


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    result = runner.invoke(app, [*SYNTH, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def evaluated(synth: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """One real run: two engine processes, CORD GT of the synthetic set."""
    report = tmp_path_factory.mktemp("report")
    args = ["--dataset", "cord", "--data", str(synth / "cord"), "--report", str(report)]
    return _eval(*args, "--workers", "2", "--normalize"), report


def test_bench_synth_writes_the_same_files_for_the_same_seed(synth: Path, tmp_path: Path) -> None:
    again = runner.invoke(app, [*SYNTH, "--out", str(tmp_path)])
    assert again.exit_code == 0, again.output
    names = sorted(str(p.relative_to(synth)) for p in synth.rglob("*") if p.is_file())
    assert names == [
        "cord/00000_receipt.json",
        "cord/00001_receipt.json",
        "icdar/00000_receipt.txt",
        "icdar/00001_receipt.txt",
        "images/00000_receipt.png",
        "images/00001_receipt.png",
        "index.json",
    ]
    for name in names:
        assert (tmp_path / name).read_bytes() == (synth / name).read_bytes(), name
    index = DatasetIndex.model_validate_json((synth / "index.json").read_text())
    assert [(e.kind, e.size_class) for e in index.entries] == [
        ("receipt", "small"),
        ("receipt", "medium"),
    ]
    words = str(sum(entry.words for entry in index.entries))
    summary = [line.split() for line in again.stdout.splitlines()]
    assert ["receipt", "1", "1", "0", "2", words] in summary, again.stdout
    assert f"CORD: {tmp_path / 'cord'}" in again.stdout


def test_bench_synth_replaces_a_dataset_only_when_asked_and_then_whole(tmp_path: Path) -> None:
    # the same folder again (another seed, fewer pages) wrote over the dataset unasked, and
    # left the earlier run's third page beside the new two: eval scored all three
    first = runner.invoke(app, [*SYNTH, "--n", "3", "--out", str(tmp_path)])
    assert first.exit_code == 0, first.output
    before = (tmp_path / "index.json").read_bytes()
    again = runner.invoke(app, [*SYNTH, "--seed", "2", "--out", str(tmp_path)])
    assert again.exit_code == 2
    assert (
        again.stderr == f"error: {tmp_path / 'index.json'} exists: use --overwrite to replace it\n"
    )
    assert (tmp_path / "index.json").read_bytes() == before
    (tmp_path / "cord" / "notes.json").write_text("{}")  # not a page of the dataset: kept
    replaced = runner.invoke(app, [*SYNTH, "--seed", "2", "--out", str(tmp_path), "--overwrite"])
    assert replaced.exit_code == 0, replaced.output
    index = DatasetIndex.model_validate_json((tmp_path / "index.json").read_text())
    assert index.seed == 2 and len(index.entries) == 2
    for folder in ("cord", "icdar", "images"):
        assert sorted(p.stem for p in (tmp_path / folder).iterdir() if p.stem != "notes") == [
            "00000_receipt",
            "00001_receipt",
        ]
    assert (tmp_path / "cord" / "notes.json").exists()


def test_bench_synth_refuses_unknown_kinds(tmp_path: Path) -> None:
    result = runner.invoke(app, ["bench", "synth", "--out", str(tmp_path), "--kinds", "menu"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --kinds: unknown menu")
    assert not (tmp_path / "index.json").exists()


def test_eval_scores_real_ocr_consistently_with_popeval(
    synth: Path, evaluated: tuple[Result, Path]
) -> None:
    result, report_dir = evaluated
    assert result.exit_code == 0, result.output
    report = Report.model_validate_json((report_dir / "report.json").read_text())
    assert report.engine is not None and report.engine.name == "tesseract"
    assert "api_key" not in report.engine.options["engine_options"]
    assert report.versions.tesseract is not None and report.versions.tesseract.startswith(
        "tesseract 5"
    )
    gts = {gt.source.stem: gt for gt in load_cord_dir(synth / "cord").images}
    pairs = []
    for image in report.images:
        assert image.status == "ok" and not image.cached
        assert image.image == str(synth / "images" / f"{image.name}.png")
        assert image.seconds is not None and image.seconds > 0
        cached = Prediction.model_validate_json(
            (report_dir / "predictions" / f"{image.name}.json").read_text()
        )
        gt = gts[image.name].items
        assert image.popeval == score_image(gt, cached.items)
        texts = (page_text(gt), page_text(cached.items))
        assert image.text == score_text(*texts, Normalization())
        assert image.popeval_normalized == score_image(gt, cached.items, Normalization().apply)
        pairs.append((gt, cached.items))
    assert [image.name for image in report.images] == ["00000_receipt", "00001_receipt"]
    totals = score_dataset(pairs)
    assert report.totals.popeval.hmean == totals.hmean
    assert report.totals.popeval.matched == totals.matched
    assert report.totals.popeval.hmean > 0.5  # Tesseract reads these clean receipts well
    assert report.totals.text.raw.cer < 0.6
    assert report.totals.text.normalized is not None
    hmean = f"{100 * report.totals.popeval.hmean:.2f}"
    assert any(
        row.split()[:3] == ["raw", "2", "0"] and hmean in row for row in result.stdout.splitlines()
    )
    assert any(row.startswith("normalized") for row in result.stdout.splitlines())


def test_eval_draws_the_worst_images(evaluated: tuple[Result, Path]) -> None:
    _, report_dir = evaluated
    report = Report.model_validate_json((report_dir / "report.json").read_text())
    worst = sorted(report.images, key=lambda image: image.popeval.hmean)
    drawn = sorted(p.name for p in (report_dir / "worst").iterdir())
    assert drawn == [f"{n:02d}_{image.name}.png" for n, image in enumerate(worst, 1)]
    overlay = Image.open(report_dir / "worst" / drawn[0]).convert("RGB")
    colours = {colour for _, colour in overlay.getcolors(maxcolors=1 << 20)}
    assert (0, 170, 0) in colours and (230, 0, 0) in colours  # GT green, predictions red


def test_a_second_run_reuses_the_cached_predictions(
    synth: Path, evaluated: tuple[Result, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, first = evaluated
    report_dir = tmp_path / "report"
    shutil.copytree(first, report_dir)
    predictions = sorted((report_dir / "predictions").iterdir())
    stamps = [p.stat().st_mtime_ns for p in predictions]
    calls: list[Path] = []

    def counting_parse(self: Parser, path: Path, on_page: object = None) -> None:
        calls.append(path)
        raise InputError("stub engine: no document")

    monkeypatch.setattr(Parser, "parse", counting_parse)
    args = ["--dataset", "cord", "--data", str(synth / "cord"), "--report", str(report_dir)]
    again = _eval(*args)
    assert again.exit_code == 0, again.output
    assert calls == []
    assert [p.stat().st_mtime_ns for p in predictions] == stamps
    before = Report.model_validate_json((first / "report.json").read_text())
    after = Report.model_validate_json((report_dir / "report.json").read_text())
    assert all(image.cached for image in after.images)
    assert [i.popeval for i in after.images] == [i.popeval for i in before.images]
    assert "reusing 2 cached predictions" in again.stderr

    # The ICDAR2015 files of the synthetic set find the same images (in ../images).
    icdar = ["--dataset", "icdar15", "--data", str(synth / "icdar"), "--limit", "1"]
    assert _eval(*icdar, "--report", str(report_dir)).exit_code == 0
    assert calls == []
    first_only = Report.model_validate_json((report_dir / "report.json").read_text())
    assert [(i.name, i.popeval) for i in first_only.images] == [
        (before.images[0].name, before.images[0].popeval)
    ]

    # Other engine options are another cache key: the engine runs for every image.
    other = _eval(*args, "--lang", "eng")
    assert other.exit_code == 1
    assert len(calls) == 2


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_pred_and_gt_files_give_the_exact_scores(tmp_path: Path) -> None:
    # img_a: "ABCD" read as "ABCX" (3 of 4 characters), "EF" exact; img_b: no prediction.
    _write(tmp_path / "gt" / "gt_img_a.txt", '0 0 40 10 "ABCD"\n50 0 70 10 "EF"\n')
    _write(tmp_path / "gt" / "gt_img_b.txt", '0 20 30 30 "GHI"\n')
    _write(tmp_path / "pred" / "res_img_a.txt", "1 1 39 1 39 9 1 9 ABCX\n50 0 70 0 70 10 50 10 EF")
    _write(tmp_path / "pred" / "res_img_9.txt", "0 0 10 0 10 10 0 10 X")  # no GT: told, unscored
    report_dir = tmp_path / "report"
    result = runner.invoke(
        app,
        [
            "eval",
            "--pred",
            str(tmp_path / "pred"),
            "--gt",
            str(tmp_path / "gt"),
            "--pred-format",
            "popeval",
            "--gt-format",
            "icdar13",
            "--report",
            str(report_dir),
        ],
    )
    assert result.exit_code == 0, result.output
    report = Report.model_validate_json((report_dir / "report.json").read_text())
    assert report.engine is None and report.source.mode == "predictions"
    a, b = report.images
    assert (a.status, a.popeval.gt_chars, a.popeval.pred_chars, a.popeval.matched) == (
        "ok",
        6,
        6,
        5,
    )
    assert (b.status, b.popeval.gt_chars, b.popeval.matched, b.error) == (
        "missing_prediction",
        3,
        0,
        "no prediction file for img_b",
    )
    totals = report.totals
    assert (totals.popeval.gt_chars, totals.popeval.pred_chars, totals.popeval.matched) == (9, 6, 5)
    assert totals.popeval.precision == pytest.approx(5 / 6)
    assert totals.popeval.recall == pytest.approx(5 / 9)
    assert totals.popeval.hmean == pytest.approx(2 / 3)
    # "ABCD EF" → "ABCX EF": 1 of 7 characters, 1 of 2 words; "GHI" → "": 3 of 3, 1 of 1.
    assert (totals.text.raw.char_errors, totals.text.raw.chars) == (4, 10)
    assert (totals.text.raw.word_errors, totals.text.raw.words) == (2, 3)
    assert totals.missing_predictions == 1 and totals.seconds_per_page is None
    row = next(line for line in result.stdout.splitlines() if line.startswith("raw"))
    assert row.split() == ["raw", "2", "1", "83.33", "55.56", "66.67", "40.00", "66.67", "-"]
    assert "warning: no prediction file for img_b" in result.stderr
    orphan = "1 prediction file has no ground truth (not scored): img_9"
    assert f"warning: {orphan}" in result.stderr
    assert report.warnings == [orphan, "no prediction file for img_b"]


def test_scoring_on_two_workers_writes_the_serial_report(tmp_path: Path) -> None:
    for n in range(6):  # "ABCD" read as "ABCX" shifted by n, "EF" missed on odd images
        gt = f"{n} 0 {n + 40} 0 {n + 40} 10 {n} 10 ABCD\n50 0 70 2 69 12 49 10 EF\n"
        pred = f"{n + 1} 1 {n + 39} 1 {n + 39} 9 {n + 1} 9 ABCX\n"
        pred += "" if n % 2 else "50 0 70 0 70 10 50 10 EF\n"
        _write(tmp_path / "gt" / f"{n}.txt", gt)
        _write(tmp_path / "pred" / f"{n}.txt", pred)
    reports = []
    for workers in ("1", "2"):
        args = ["eval", "--pred", str(tmp_path / "pred"), "--gt", str(tmp_path / "gt")]
        args += ["--pred-format", "popeval", "--gt-format", "popeval", "--normalize"]
        args += ["--workers", workers, "--report", str(tmp_path / workers)]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        report = json.loads((tmp_path / workers / "report.json").read_text())
        del report["timings"]
        reports.append(report)
    serial, parallel = reports
    assert parallel == serial
    assert serial["totals"]["popeval"]["matched"] == 3 * 6 + 3 * 2


def test_prediction_files_read_on_workers_give_the_serial_report_and_overlays(
    tmp_path: Path,
) -> None:
    # --gt --pred reads each file where it is scored: upper-casing, missing prediction
    # files and the overlays of the worst images (whose files are read again to draw them)
    # come out the same from forked workers as from this process
    for n in range(5):
        gt = f"{n} 0 {n + 40} 0 {n + 40} 10 {n} 10 ABCD\n50 0 70 2 69 12 49 10 EF\n"
        _write(tmp_path / "gt" / f"{n}.txt", gt)
        if n < 4:
            pred = f"{n + 1} 1 {n + 39} 1 {n + 39} 9 {n + 1} 9 abc{'x' * (n % 3)}\n"
            _write(tmp_path / "pred" / f"{n}.txt", pred)
        if n % 2 == 0:
            Image.new("RGB", (80, 20), "white").save(tmp_path / "gt" / f"{n}.png")
    reports, overlays = [], []
    for workers in ("1", "2"):
        args = ["eval", "--pred", str(tmp_path / "pred"), "--gt", str(tmp_path / "gt")]
        args += ["--pred-format", "popeval", "--gt-format", "popeval", "--uppercase"]
        args += ["--workers", workers, "--report", str(tmp_path / workers), "-q"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        report = json.loads((tmp_path / workers / "report.json").read_text())
        del report["timings"]
        reports.append(report)
        worst = sorted((tmp_path / workers / "worst").iterdir())
        overlays.append([(path.name, path.read_bytes()) for path in worst])
    assert reports[1] == reports[0]
    assert overlays[1] == overlays[0]
    assert [name for name, _ in overlays[0]] == ["01_4.png", "02_2.png", "03_0.png"]
    images = reports[0]["images"]
    assert [image["popeval"]["matched"] for image in images] == [3, 3, 3, 3, 0]  # ABC
    assert images[4]["status"] == "missing_prediction"


def test_an_unreadable_prediction_file_is_a_warning_not_a_traceback(tmp_path: Path) -> None:
    _write(tmp_path / "gt" / "a.txt", "0 0 40 0 40 10 0 10 ABCD\n")
    _write(tmp_path / "gt" / "b.txt", "0 0 40 0 40 10 0 10 EFGH\n")
    _write(tmp_path / "pred" / "a.txt", "1 1 39 1 39 9 1 9 ABCX\n")
    (tmp_path / "pred" / "b.txt").mkdir()  # a folder with a prediction file's name
    for workers in ("1", "2"):
        args = ["eval", "--pred", str(tmp_path / "pred"), "--gt", str(tmp_path / "gt")]
        args += ["--pred-format", "popeval", "--gt-format", "popeval", "--workers", workers]
        result = runner.invoke(app, [*args, "--report", str(tmp_path / workers)])
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        problem = f"{tmp_path / 'pred' / 'b.txt'}: not readable (Is a directory)"
        assert f"warning: {problem}" in result.stderr.replace("\n", "")
        report = json.loads((tmp_path / workers / "report.json").read_text())
        assert report["warnings"] == [problem]
        assert report["totals"]["popeval"]["matched"] == 3


def test_prediction_files_are_read_on_every_core_by_default_from_enough_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docparse import workers as workers_module

    for n in range(3):
        _write(tmp_path / "gt" / f"{n}.txt", "0 0 40 0 40 10 0 10 ABCD\n")
        _write(tmp_path / "pred" / f"{n}.txt", "1 1 39 1 39 9 1 9 ABCX\n")
    planned: list[int] = []
    forked = workers_module.forked
    monkeypatch.setattr(workers_module, "forked", lambda n: planned.append(n) or forked(n))
    monkeypatch.setattr(report_module.os, "sched_getaffinity", lambda pid: {0, 1})
    args = ["eval", "--pred", str(tmp_path / "pred"), "--gt", str(tmp_path / "gt")]
    args += ["--pred-format", "popeval", "--gt-format", "popeval", "-q"]
    for shared_from, expected in ((4, []), (3, [2])):
        monkeypatch.setattr(report_module, "SHARED_FROM", shared_from)
        result = runner.invoke(app, [*args, "--report", str(tmp_path / str(shared_from))])
        assert result.exit_code == 0, result.output
        assert planned == expected
    assert report_module.scoring_workers(2) == 1  # below SHARED_FROM (3 here): this process


def test_scoring_prediction_files_loads_no_engine_and_no_numpy(tmp_path: Path) -> None:
    # `eval --pred` runs no engine: the engine flags come from the engines' options models,
    # which load without OpenCV, onnxruntime, numpy or the engines' modules, the prediction
    # files need no document model, and PopEval scores integer boxes in plain Python (what
    # keeps a run short, see benchmarks/eval_end_to_end.py)
    _write(tmp_path / "gt" / "a.txt", "0 0 40 0 40 10 0 10 ABCD\n50 0 70 2 69 12 49 10 EF\n")
    _write(tmp_path / "pred" / "a.txt", "1 1 39 1 39 9 1 9 ABCX\n50 0 70 0 70 10 50 10 EF\n")
    args = ["eval", "--pred", str(tmp_path / "pred"), "--gt", str(tmp_path / "gt")]
    args += ["--pred-format", "popeval", "--gt-format", "popeval", "--report", str(tmp_path / "r")]
    code = (
        "import sys; from docparse.cli.app import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit as done:\n    assert not done.code, done\n"
        "heavy = {'numpy', 'shapely', 'cv2', 'onnxruntime', 'fitz', 'pymupdf', 'torch',\n"
        "    'docparse.model', 'docparse.pipeline', 'docparse.formats.registry',\n"
        "    'docparse.engines.tesseract', 'docparse.engines.varco.local', 'concurrent.futures',\n"
        "    'tesserocr', 'PIL', 'docparse.engines.tesseract_spec',\n"
        "    'docparse.engines.tesseract_options', 'docparse.engines.ppocr.spec',\n"
        "    'docparse.engines.varco.local_spec', 'docparse.engines.varco.openai_spec'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    report = Report.model_validate_json((tmp_path / "r" / "report.json").read_text())
    assert report.totals.popeval.matched == 5


def test_file_pairs_name_and_locate_as_paths_do(tmp_path: Path) -> None:
    # Listed from names (no pathlib glob or stem per file): the same names as sample_name,
    # images found by a case-blind suffix beside the GT or in ../images, the least path of
    # several, prediction files by name with their ICDAR prefix dropped.
    gt, pred, images = tmp_path / "gt", tmp_path / "pred", tmp_path / "images"
    names = ["gt_a.txt", "b.txt", "c.txt", "d.e.txt", ".f.txt"]
    for name in names:
        _write(gt / name, "0 0 1 0 1 1 0 1 A\n")
    for name in ("a.PNG", "b.png", "b.jpg", ".png", "d.", "d.e.tar", "d.e.webp", "c.txt.png"):
        _write(gt / name, "")
    _write(images / "c.jpeg", "")
    for name in ("res_a.txt", "b.txt", "d.e.txt"):
        _write(pred / name, "")
    expected = [
        FilePair(".f", gt / ".f.txt", None, None),
        FilePair("b", gt / "b.txt", gt / "b.jpg", pred / "b.txt"),
        FilePair("c", gt / "c.txt", images / "c.jpeg", None),
        FilePair("d.e", gt / "d.e.txt", gt / "d.e.webp", pred / "d.e.txt"),
        FilePair("a", gt / "gt_a.txt", gt / "a.PNG", pred / "res_a.txt"),
    ]
    assert file_pairs(gt, pred) == expected
    assert [pair.name for pair in expected] == [sample_name(pair.gt) for pair in expected]
    assert file_pairs(gt, pred, images)[2].image == images / "c.jpeg"


def test_the_command_line_freezes_what_it_built_before_the_interpreter_ends() -> None:
    # docparse's entry point leaves the objects of the command to be freed, not collected
    # once more at exit (a matter of speed, see cli.app.main); exit handlers still run.
    code = (
        "import atexit, gc, sys\n"
        "from docparse.cli.app import main\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "sys.argv = ['docparse', '--version']\n"
        "main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "frozen True"


def test_eval_pred_takes_engine_flags_as_before_when_it_names_them(tmp_path: Path) -> None:
    # `eval --pred` with none of the engine flags is built without them (no spec loaded,
    # see the test above and LazyCommand.engine_free_with); one that names an engine flag,
    # asks for help or misspells an option gets the whole command, as before.
    _write(tmp_path / "gt" / "a.txt", "0 0 40 0 40 10 0 10 ABCD\n")
    _write(tmp_path / "pred" / "a.txt", "1 1 39 1 39 9 1 9 ABCX\n")
    args = ["eval", "--pred", str(tmp_path / "pred"), "--gt", str(tmp_path / "gt")]
    args += ["--pred-format=popeval", "--gt-format", "popeval", "-q"]
    reports = []
    for extra in ([], ["--engine", "tesseract", "--lang", "kor"]):
        report = tmp_path / str(len(extra))
        result = runner.invoke(app, [*args, *extra, "--report", str(report)])
        assert result.exit_code == 0, result.output
        reports.append(json.loads((report / "report.json").read_text()))
        del reports[-1]["timings"]
    assert reports[1] == reports[0]
    assert "--lang" in runner.invoke(app, [*args, "--help"]).output
    typo = runner.invoke(app, [*args, "--langg", "kor"])
    assert typo.exit_code == 2
    assert "--lang" in typo.output.split("No such option: --langg")[1]


def test_scoring_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    # Reading and scoring pause Python's cycle collector (a matter of speed, see
    # eval_command._collector_paused): it must be on again afterwards with nothing left
    # frozen, and stay off for a caller who had turned it off.
    _write(tmp_path / "gt" / "a.txt", "0 0 40 0 40 10 0 10 ABCD\n")
    _write(tmp_path / "pred" / "a.txt", "1 1 39 1 39 9 1 9 ABCX\n")
    args = ["eval", "--pred", str(tmp_path / "pred"), "--gt", str(tmp_path / "gt")]
    args += ["--pred-format", "popeval", "--gt-format", "popeval", "--report", str(tmp_path / "r")]
    assert gc.isenabled()
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.disable()
    try:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_versions_found_on_a_thread_are_the_versions() -> None:
    assert versions_soon()() == versions()


def test_the_report_names_the_libtesseract_that_tesserocr_runs_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Asked of tesserocr's bundled library without importing tesserocr (and Pillow); the
    # same answer as tesserocr's, and tesserocr's own when that library is absent or will
    # not load.
    import tesserocr

    expected = tesserocr.tesseract_version().splitlines()[0]
    assert expected.startswith("tesseract 5")
    assert tesseract_version() == expected
    monkeypatch.setattr(report_module, "_bundled_libtesseract", lambda: None)
    assert tesseract_version() == expected
    broken = tmp_path / "libtesseract-0.so.5"
    broken.write_bytes(b"not a library")
    monkeypatch.setattr(report_module, "_bundled_libtesseract", lambda: broken)
    assert tesseract_version() == expected


def test_unreadable_and_missing_images_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _write(data / "gt_a_corrupt.txt", '0 0 10 10 "X"\n')
    (data / "a_corrupt.png").write_bytes(b"not a png")
    _write(data / "gt_b_missing.txt", '0 0 10 10 "Y"\n')
    _write(data / "gt_c_hello.txt", '20 40 200 81 "HELLO"\n')
    image = Image.new("RGB", (400, 120), "white")
    ImageDraw.Draw(image).text((20, 25), "HELLO", fill="black", font=ImageFont.load_default(56))
    image.save(data / "c_hello.png")
    report_dir = tmp_path / "report"
    result = _eval("--dataset", "icdar13", "--data", str(data), "--report", str(report_dir), "-q")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = sorted(result.stderr.splitlines()[:2])
    assert errors[0] == f"error: {data / 'a_corrupt.png'}: not a readable image " + (
        "(unknown format or corrupt file)"
    )
    assert errors[1].startswith(f"error: {data / 'gt_b_missing.txt'}: no image b_missing.*")
    assert len(result.stderr.splitlines()) == 3  # and the report line
    report = json.loads((report_dir / "report.json").read_text())
    assert [(i["name"], i["status"]) for i in report["images"]] == [
        ("a_corrupt", "failed"),
        ("b_missing", "failed"),
        ("c_hello", "ok"),
    ]
    assert report["images"][0]["error"] == errors[0].removeprefix("error: ")
    assert report["images"][2]["popeval"]["hmean"] == 1.0
    assert report["totals"]["failed"] == 2
    assert report["totals"]["popeval"]["gt_chars"] == 7  # failed images count as empty
    assert sorted(p.name for p in (report_dir / "worst").iterdir()) == ["01_c_hello.png"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dataset", "cord", "--data", ".", "--pred", ".", "--gt", "."], "give either"),
        (["--pred", "."], "--pred and --gt go together"),
        (["--dataset", "cord"], "--dataset and --data go together"),
        (["--dataset", "cord", "--data", "no/such/dir"], "--data no/such/dir: not a directory"),
        (
            ["--pred", ".", "--gt", ".", "--pred-format", "cord"],
            "--pred-format cord: choose from icdar13, icdar15, popeval, reference",
        ),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = _eval(*args, "--report", str(tmp_path / "report"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "report").exists()
