"""``docparse bench real``: pages rendered from generated PDFs, degraded variants whose truth
quads land on the ink, the dev/test split, plain Tesseract's TSV, and the command end to end
(plain tesseract and a docparse engine) on samples/two_column.pdf."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from docparse.cli.app import app
from docparse.evaluation.plain_tesseract import parse_tsv
from docparse.evaluation.popeval import EvalItem
from docparse.evaluation.real_bench import BenchResult, Counts, score_prediction
from docparse.evaluation.real_pages import VARIANTS, make_page, map_points, truth_words
from docparse.evaluation.splits import in_split, split_of

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
WORDS = [("Alpha", 72, 100), ("Bravo", 300, 100), ("Charlie", 72, 400), ("Delta", 400, 700)]
runner = CliRunner()


def _pdf(path: Path, rotate: int = 0) -> Path:
    """An A4 page with four large words at known places (and optionally ``/Rotate``)."""
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    for text, x, y in WORDS:
        page.insert_text((x, y), text, fontsize=28, fontname="helv")
    page.set_rotation(rotate)
    document.save(path)
    document.close()
    return path


def _ink(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L")) < 100


def _inside(shape: tuple[int, int], words: list[EvalItem], grow: float) -> np.ndarray:
    """Mask of the pixels inside the words' quads, each grown by ``grow`` px."""
    mask = Image.new("L", (shape[1], shape[0]), 0)
    draw = ImageDraw.Draw(mask)
    for word in words:
        quad = np.array(word.quad)
        centre = quad.mean(axis=0)
        away = quad - centre
        grown = quad + grow * away / np.linalg.norm(away, axis=1, keepdims=True)
        draw.polygon([tuple(p) for p in grown], fill=1)
    return np.asarray(mask, dtype=bool)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pdf(tmp_path_factory.mktemp("pdf") / "words.pdf")


def test_truth_words_are_the_text_layer_scaled_to_the_pixels(pdf: Path) -> None:
    with pymupdf.open(pdf) as document:
        page = document[0]
        words = truth_words(page, 1654, 2339)  # 200 dpi
        points = page.get_text("words")
    assert [w.text for w in words] == [text for text, _, _ in WORDS]
    x0, y0 = points[0][:2]
    assert words[0].quad[0] == pytest.approx((x0 * 1654 / 595, y0 * 2339 / 842))


def test_words_invisible_on_the_page_are_not_truth(tmp_path: Path) -> None:
    """A text layer can hold words no reader sees (white or near-white text on white): they
    are left out of the truth; white text on a dark box and faint grey text stay."""
    document = pymupdf.open()
    page = document.new_page(width=595, height=842)
    page.draw_rect(pymupdf.Rect(60, 300, 300, 340), color=(0, 0, 0), fill=(0, 0, 0))
    shown = {"Black": (0, 0, 0), "Faint": (0.8, 0.8, 0.8)}
    hidden = {"Hidden": (1, 1, 1), "Ghost": (0.99, 0.99, 0.99)}
    for k, (text, colour) in enumerate([*shown.items(), *hidden.items()]):
        page.insert_text((72, 100 + 50 * k), text, fontsize=20, color=colour)
    page.insert_text((72, 330), "Reversed", fontsize=20, color=(1, 1, 1))
    path = tmp_path / "hidden.pdf"
    document.save(path)
    document.close()
    _, truth = make_page(path, "0" * 64, 0, 100, "upright")
    assert sorted(word.text for word in truth.words) == ["Black", "Faint", "Reversed"]
    with pymupdf.open(path) as again:  # without the rendering, every word is truth
        assert len(truth_words(again[0], 827, 1169)) == 5


@pytest.mark.parametrize(
    "variant",
    [
        "upright",
        "rot90",
        "rot180",
        "rot270",
        "skew+5",
        "skew-7",
        "skew-30",
        "halfres",
        "photo",
        "photo-small",
        "photo+rot90",
        "photo+rot180",
        "photo+rot270",
        "photo-small+rot90",
        "photo+skew-20",
        "photo-far",
        "fax",
    ],
)
def test_truth_quads_land_on_the_ink(pdf: Path, variant: str) -> None:
    image, truth = make_page(pdf, "0" * 64, 0, 100, variant)
    ink = _ink(image)
    assert (truth.width, truth.height) == image.size
    assert len(truth.words) == len(WORDS)
    # Every word's quad holds ink, and no ink lies outside the quads (grown by 2 px).
    for word in truth.words:
        assert (ink & _inside(ink.shape, [word], 0)).sum() > 30, word
    if not variant.startswith("photo"):  # the photo's table around the page is dark too
        assert (ink & ~_inside(ink.shape, truth.words, 2)).sum() == 0


def test_rotated_truth_is_the_upright_truth_turned(pdf: Path) -> None:
    upright, _ = make_page(pdf, "0" * 64, 0, 100, "upright")
    turned, turned_truth = make_page(pdf, "0" * 64, 0, 100, "rot90")
    assert turned.size == (upright.height, upright.width)
    # Counter-clockwise: the top-left word ends up at the bottom-left.
    x, y = np.array(turned_truth.words[0].quad).mean(axis=0)
    assert x < turned.width / 4 and y > turned.height / 2
    assert np.array_equal(
        np.asarray(turned), np.asarray(upright.transpose(Image.Transpose.ROTATE_90))
    )


@pytest.mark.parametrize(
    ("variant", "corner"),
    [("photo+rot90", (0, 1)), ("photo+rot180", (1, 1)), ("photo+rot270", (1, 0))],
)
def test_turned_photos_are_photos_of_the_turned_page(
    pdf: Path, variant: str, corner: tuple[int, int]
) -> None:
    """The page is turned, then photographed: the canvas is the turned page's shape and the
    top-left word lies in the turned corner (counter-clockwise), on a photo's table."""
    image, truth = make_page(pdf, "0" * 64, 0, 100, variant)
    landscape = variant != "photo+rot180"
    assert (image.width > image.height) == landscape
    x, y = np.array(truth.words[0].quad).mean(axis=0)
    assert (x > image.width / 2, y > image.height / 2) == tuple(map(bool, corner))
    assert np.asarray(image.convert("L"))[0, 0] < 150  # the table, not the paper


def test_small_photo_is_a_half_size_photo(pdf: Path) -> None:
    """The small photo has the photo's canvas at half size (its own corners and light,
    seeded by its name); its words are half as tall as the photo's."""
    photo, photo_truth = make_page(pdf, "0" * 64, 0, 100, "photo")
    small, small_truth = make_page(pdf, "0" * 64, 0, 100, "photo-small")
    assert small.size == (photo.width // 2, photo.height // 2)

    def height(word: EvalItem) -> float:
        quad = np.array(word.quad)
        return float(np.mean(quad[2:, 1] - quad[:2][::-1, 1]))

    ratios = [
        height(s) / height(p) for p, s in zip(photo_truth.words, small_truth.words, strict=True)
    ]
    assert all(0.4 < ratio < 0.6 for ratio in ratios), ratios


def test_page_rotate_is_honoured(tmp_path: Path) -> None:
    """A page with /Rotate 90 renders turned; its truth is turned with it."""
    image, truth = make_page(_pdf(tmp_path / "rotated.pdf", rotate=90), "0" * 64, 0, 100, "upright")
    assert image.width > image.height
    ink = _ink(image)
    for word in truth.words:
        assert (ink & _inside(ink.shape, [word], 0)).sum() > 30, word
    assert (ink & ~_inside(ink.shape, truth.words, 2)).sum() == 0


def test_variants_are_reproducible(pdf: Path) -> None:
    for variant in ("noise", "photo"):
        first, _ = make_page(pdf, "ab" * 32, 0, 72, variant)
        again, _ = make_page(pdf, "ab" * 32, 0, 72, variant)
        assert np.array_equal(np.asarray(first), np.asarray(again))
    assert set(VARIANTS) >= {"rot90", "rot180", "rot270", "blur", "jpeg30", "noise", "halfres"}


def test_pen_marks_are_blue_ink_over_the_page_and_no_truth(pdf: Path) -> None:
    upright, truth = make_page(pdf, "0" * 64, 0, 100, "upright")
    marked, marked_truth = make_page(pdf, "0" * 64, 0, 100, "pen")
    assert marked_truth.words == truth.words
    before, after = np.asarray(upright, np.int16), np.asarray(marked, np.int16)
    changed = (before != after).any(axis=2)
    assert changed.sum() > 500  # underlines, rings and a signature
    red, green, blue = after[changed].T
    assert (blue - np.maximum(red, green) > 80).all()  # every changed pixel is the pen's


def test_a_folded_page_has_two_creases_shading_it_and_the_same_truth(pdf: Path) -> None:
    upright, truth = make_page(pdf, "0" * 64, 0, 100, "upright")
    folded, folded_truth = make_page(pdf, "0" * 64, 0, 100, "fold")
    assert folded_truth.words == truth.words and folded.size == upright.size
    before, after = np.asarray(upright, np.float32), np.asarray(folded, np.float32)
    assert (after <= before).all()  # shaded, nothing added
    paper = before.min(axis=2) > 250
    darkest = np.where(paper, after.min(axis=2), 255).min(axis=1)
    creases = np.flatnonzero(darkest < 200)
    thirds = np.round(creases / upright.height * 3)
    assert set(thirds.tolist()) == {1, 2}  # one crease about each third of the page


def test_a_fax_is_black_and_white_at_its_own_resolution(pdf: Path) -> None:
    upright, _ = make_page(pdf, "0" * 64, 0, 100, "upright")
    fax, _ = make_page(pdf, "0" * 64, 0, 100, "fax")
    assert fax.info["dpi"] == (204, 98)  # written into the benchmark's PNG (real_bench)
    assert fax.size == (round(upright.width * 2.04), round(upright.height * 0.98))
    assert set(np.unique(np.asarray(fax))) <= {0, 255}


def test_map_points_is_a_homography() -> None:
    shift = np.array([[1.0, 0.0, 5.0], [0.0, 2.0, 0.0], [0.0, 0.0, 1.0]])
    assert map_points(shift, np.array([[1.0, 1.0]])).tolist() == [[6.0, 2.0]]


def test_split_by_first_hex_digit() -> None:
    assert split_of("7f" + "0" * 62) == "dev"
    assert split_of("8a" + "0" * 62) == "test"
    assert split_of("F0" + "0" * 62) == "test"
    assert in_split("0" * 64, "all") and not in_split("0" * 64, "test")


def test_plain_tesseract_tsv_words() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "4\t1\t1\t1\t1\t0\t10\t20\t100\t30\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t20\t40\t30\t91.5\t안녕\n"
        "5\t1\t1\t1\t1\t2\t60\t20\t50\t30\t95\t \n"
    )
    assert parse_tsv(tsv) == [EvalItem(quad=((10, 20), (50, 20), (50, 50), (10, 50)), text="안녕")]


def test_scores_are_space_insensitive_where_asked() -> None:
    quad = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
    truth = [EvalItem(quad=quad, text="대한민국"), EvalItem(quad=quad, text="ﬁle")]
    predicted = [
        EvalItem(quad=quad, text="대한"),
        EvalItem(quad=quad, text="민국"),
        EvalItem(quad=quad, text="file"),
    ]
    counts = score_prediction(truth, predicted)
    assert counts.hmean == 1.0  # NFKC: the ligature is "fi"
    assert counts.cer > 0 and counts.cer_nospace == 0
    assert (counts + Counts(images=1)).images == 2


@pytest.fixture(scope="module")
def benched(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("pdfs")
    shutil.copy(SAMPLES / "two_column.pdf", folder / "two_column.pdf")
    (folder / "MANIFEST.tsv").write_text("file\tlanguage\ntwo_column.pdf\tko\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("bench")
    args = [
        "bench",
        "real",
        str(folder),
        "--engine",
        "tesseract",
        "--split",
        "all",
        "--dpi",
        "100,72",
        "--variants",
        "upright,rot180",
        "--out",
        str(out),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    return out, again.output


def test_bench_real_scores_plain_tesseract_and_the_engine(benched: tuple[Path, str]) -> None:
    out, output = benched
    result = BenchResult.model_validate_json((out / "real.json").read_text(encoding="utf-8"))
    assert result.engines == ["tesseract-cli", "tesseract"]
    jobs = {(s.job.dpi, s.job.variant) for s in result.scores}
    assert jobs == {(100, "upright"), (100, "rot180"), (72, "upright")}
    upright = [s for s in result.scores if s.job.variant == "upright" and s.job.dpi == 100]
    for score in upright:
        assert score.counts.hmean > 0.8, score.engine
        assert score.counts.cpu_seconds > 0
    assert result.settings.split == "all"
    table = (out / "real.md").read_text(encoding="utf-8")
    assert "| upright | 1 |" in table and "rot180" in table and "Targets" in table
    # The second run reads nothing again: every (dpi, variant) group comes from the cache.
    assert output.count("tesseract-cli: 1 cached, 0 to read") == 3
    assert output.count("tesseract: 1 cached, 0 to read") == 3


def test_bench_real_missing_folder_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["bench", "real", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "not a directory" in result.output and "Traceback" not in result.output


def test_bench_real_empty_split_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["bench", "real", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no PDF" in result.output


def test_bench_real_json_is_valid(benched: tuple[Path, str]) -> None:
    data = json.loads((benched[0] / "real.json").read_text(encoding="utf-8"))
    assert data["versions"]["tesseract"].startswith("tesseract")


def test_report_names_pages_that_lost_text_without_a_warning() -> None:
    from docparse.evaluation.real_bench import BenchSettings, ImageScore, PageJob
    from docparse.evaluation.real_report import Totals, silent_losses

    def score(engine: str, name: str, matched: int, warnings: list[str]) -> ImageScore:
        job = PageJob(
            name=name, document=f"{name}.pdf", sha256="f" * 64, page=0, dpi=200,
            variant="upright", language="en", split="test",
        )  # fmt: skip
        counts = Counts(images=1, gt_chars=100, pred_chars=matched, matched=matched)
        return ImageScore(engine=engine, job=job, counts=counts, warnings=warnings)

    scores = [
        score("tesseract-cli", "a", 90, []),
        score("ocr", "a", 30, []),  # lost two thirds, silently
        score("tesseract-cli", "b", 90, []),
        score("ocr", "b", 30, ["text may be missing"]),
        score("tesseract-cli", "c", 90, []),
        score("ocr", "c", 80, []),
    ]
    result = BenchResult(
        settings=BenchSettings(pdf_dir=Path("."), out=Path(".")),
        engines=["tesseract-cli", "ocr"], versions={}, started="", wall_seconds=0.0,
        scores=scores,
    )  # fmt: skip
    assert silent_losses(Totals(result), "ocr", "test") == (["a"], ["b"])


def test_turned_photos_are_checked_against_the_photo_and_plain() -> None:
    """``photo+rot90`` must stay within 2 H of ``photo`` on the same pages and beat plain."""
    from docparse.evaluation.real_bench import BenchSettings, ImageScore, PageJob
    from docparse.evaluation.real_report import Totals, check_targets

    def score(engine: str, variant: str, matched: int) -> ImageScore:
        job = PageJob(
            name=f"a-{variant}", document="a.pdf", sha256="f" * 64, page=0, dpi=200,
            variant=variant, language="en", split="test",
        )  # fmt: skip
        counts = Counts(images=1, gt_chars=100, pred_chars=100, matched=matched)
        return ImageScore(engine=engine, job=job, counts=counts)

    def checks(turned_matched: int) -> dict[str, bool]:
        scores = [
            score("tesseract-cli", "upright", 95),
            score("ocr", "upright", 97),
            score("tesseract-cli", "photo", 70),
            score("ocr", "photo", 96),
            score("tesseract-cli", "photo+rot90", 40),
            score("ocr", "photo+rot90", turned_matched),
        ]
        result = BenchResult(
            settings=BenchSettings(pdf_dir=Path("."), out=Path(".")),
            engines=["tesseract-cli", "ocr"], versions={}, started="", wall_seconds=0.0,
            scores=scores,
        )  # fmt: skip
        found = check_targets(Totals(result), "test", 200)
        return {c.target: c.met for c in found if c.target.startswith("photo")}

    assert checks(95) == {
        "photo: H above plain": True,
        "photo+rot90: within 2 H of photo": True,
        "photo+rot90: H above plain": True,
    }
    assert checks(90)["photo+rot90: within 2 H of photo"] is False
    assert checks(30)["photo+rot90: H above plain"] is False
