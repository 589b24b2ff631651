"""SROIE through ``docparse eval``: the loader (``box/*.csv`` beside ``img/``), the split
by image hash, upper-cased predictions, the space-insensitive row and the plain-tesseract
baseline, on a receipt drawn in the test."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from docparse.cli.app import app
from docparse.evaluation.loaders import DatasetFormat, ImageGT, load_sroie_dir
from docparse.evaluation.popeval import EvalItem
from docparse.evaluation.report import Sample, upper_cased
from docparse.evaluation.runner import in_split_images, load_gt
from docparse.evaluation.text_metrics import Normalization
from docparse.io.hashing import sha256_of

runner = CliRunner()
LINES = [("TOTAL SALES", 40, 30), ("CASH 9.00", 40, 120)]


def _receipt(root: Path, name: str = "000") -> Path:
    (root / "img").mkdir(parents=True, exist_ok=True)
    (root / "box").mkdir(exist_ok=True)
    image = Image.new("RGB", (640, 220), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(48)
    rows = []
    for text, x, y in LINES:
        draw.text((x, y), text.title(), fill="black", font=font)  # printed in mixed case
        x0, y0, x1, y1 = draw.textbbox((x, y), text.title(), font=font)
        rows.append(f"{x0},{y0},{x1},{y0},{x1},{y1},{x0},{y1},{text}")
    image.save(root / "img" / f"{name}.jpg", quality=95)
    (root / "box" / f"{name}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "key").mkdir(exist_ok=True)
    (root / "key" / f"{name}.json").write_text('{"total": "9.00"}', encoding="utf-8")
    return root


def test_loader_reads_lines_with_commas_and_finds_the_scan(tmp_path: Path) -> None:
    root = _receipt(tmp_path)
    (root / "box" / "001.csv").write_text("1,2,3,2,3,4,1,4,NO.53 55,57 & 59\n", encoding="utf-8")
    dataset = load_sroie_dir(root)
    assert [gt.source.name for gt in dataset.images] == ["000.csv", "001.csv"]
    assert dataset.images[0].image == root / "img" / "000.jpg"
    assert dataset.images[1].items[0].text == "NO.53 55,57 & 59"
    assert dataset.images[1].image is None
    assert dataset.warnings == [f"{root / 'box' / '001.csv'}: no scan img/001.*"]
    assert load_gt(DatasetFormat.SROIE, root / "box").images[0].image == root / "img" / "000.jpg"


def test_split_by_image_hash(tmp_path: Path) -> None:
    root = _receipt(tmp_path)
    gts = load_sroie_dir(root).images
    digit = sha256_of(root / "img" / "000.jpg")[0]
    expected = "dev" if digit in "01234567" else "test"
    other = "test" if expected == "dev" else "dev"
    assert in_split_images(gts, expected) == gts
    assert in_split_images(gts, other) == []
    assert in_split_images(gts, "all") == gts


def test_upper_cased_predictions_and_space_removal() -> None:
    quad = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
    sample = Sample("x", ImageGT(source=Path("x.csv")), [EvalItem(quad=quad, text="Total")], "ok")
    assert upper_cased([sample])[0].pred[0].text == "TOTAL"
    assert Normalization(remove_spaces=True).apply("TOTAL  SALES 9") == "totalsales9"


def test_eval_sroie_with_baseline(tmp_path: Path) -> None:
    root = _receipt(tmp_path / "sroie")
    report = tmp_path / "report"
    args = ["eval", "--engine", "tesseract", "--dataset", "sroie", "--data", str(root)]
    args += ["--uppercase", "--ignore-spaces", "--baseline", "--report", str(report)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "no spaces" in result.output and "tesseract-cli" in result.output
    data = json.loads((report / "report.json").read_text(encoding="utf-8"))
    assert data["totals"]["popeval_normalized"]["hmean"] > 0.9  # spaces dropped both sides
    # Upper-cased: the mixed-case print matches the upper-case truth as printed.
    assert data["totals"]["popeval"]["precision"] > 0.9
    assert (report / "predictions" / "tesseract-cli" / "000.json").is_file()


def test_eval_sroie_scores_lines_by_default_and_words_when_asked(tmp_path: Path) -> None:
    """SROIE's truths are whole lines: scored as lines, a perfect reading recalls every
    character, spaces included; scored as words, the truth's inner spaces stay unmatched."""
    root = _receipt(tmp_path / "sroie")
    hmeans, recalls = {}, {}
    for granularity in ("auto", "words"):
        report = tmp_path / granularity
        args = ["eval", "--engine", "tesseract", "--dataset", "sroie", "--data", str(root)]
        args += ["--uppercase", "--baseline", "--report", str(report)]
        result = runner.invoke(app, [*args, "--granularity", granularity])
        assert result.exit_code == 0, result.output
        data = json.loads((report / "report.json").read_text(encoding="utf-8"))
        expected = "lines" if granularity == "auto" else "words"
        assert data["source"]["granularity"] == expected
        assert ("predicted lines scored" in result.output) == (expected == "lines")
        hmeans[expected] = data["totals"]["popeval"]["hmean"]
        recalls[expected] = data["totals"]["popeval"]["recall"]
    assert recalls["lines"] == 1.0  # "TOTAL SALES" and "CASH 9.00", spaces and all
    assert recalls["words"] < 0.95  # two truth spaces no word holds
    assert hmeans["lines"] > hmeans["words"]


def test_plain_tesseract_lines_follow_its_line_numbers() -> None:
    from docparse.evaluation.plain_tesseract import parse_tsv, tsv_lines

    columns = "level page_num block_num par_num line_num word_num left top width height conf text"
    header = columns.replace(" ", "\t")
    rows = [
        "5\t1\t1\t1\t1\t1\t10\t20\t40\t30\t90\tTOTAL",
        "5\t1\t1\t1\t1\t2\t60\t22\t50\t30\t90\tSALES",
        "4\t1\t1\t1\t2\t0\t10\t80\t50\t30\t-1\t",
        "5\t1\t1\t1\t2\t1\t10\t80\t50\t30\t90\tCASH",
    ]
    lines = tsv_lines("\n".join([header, *rows]) + "\n")
    assert [[word.text for word in line] for line in lines] == [["TOTAL", "SALES"], ["CASH"]]
    assert [word.text for word in parse_tsv("\n".join([header, *rows]))] == [
        "TOTAL",
        "SALES",
        "CASH",
    ]


def test_a_line_item_joins_its_words_in_the_box_around_them() -> None:
    from docparse.evaluation.runner import line_item

    left = EvalItem(quad=((10, 20), (50, 20), (50, 50), (10, 50)), text="TOTAL")
    right = EvalItem(quad=((60, 18), (110, 18), (110, 52), (60, 52)), text="9.00")
    line = line_item([left, right])
    assert line.text == "TOTAL 9.00"
    assert line.quad == ((10, 18), (110, 18), (110, 52), (10, 52))
