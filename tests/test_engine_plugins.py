"""Engines as plug-ins (issue 11, item 2): found through the ``docparse.engines`` entry
points, a third-party one included; options, capabilities, page preparation, parallelism and
``close`` declared by each engine."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pydantic import ValidationError

import docparse
from docparse.engines import registry
from docparse.engines.base import Engine, check_capabilities
from docparse.engines.tesseract_options import TesseractOptions
from docparse.engines.tesseract_spec import SPEC as TESSERACT
from docparse.engines.varco import grounds
from docparse.engines.varco.openai_server import OpenAIEngine, ServerOptions
from docparse.errors import EngineUnavailable
from docparse.pipeline import ParseOptions, Parser
from docparse.workers import plan_workers

TOY = Path(__file__).parent / "fixtures" / "toy_engine"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def toy_installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The toy distribution on sys.path, as ``pip install`` would leave it."""
    monkeypatch.syspath_prepend(str(TOY))
    registry.specs.cache_clear()
    yield
    registry.specs.cache_clear()


def _docparse(*args: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(TOY), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.run(
        [sys.executable, "-m", "docparse", *args], capture_output=True, text=True, env=env
    )


def test_a_toy_engine_from_an_entry_point_is_listed_and_runs_through_ocr(tmp_path: Path) -> None:
    listed = _docparse("engines")
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith("│ toy"))
    assert "yes" in row and "ocr" in row
    image = tmp_path / "scan.png"
    Image.new("RGB", (300, 200), "white").save(image)
    # its own option, --toy-text, is a flag made from its options model
    read = _docparse("ocr", str(image), "--engine", "toy", "--toy-text", "안녕", "--out", "txt")
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == "안녕"
    assert "--toy-text" in _docparse("ocr", "--help").stdout


def test_a_toy_engine_runs_through_parse_and_is_closed(toy_installed: None, tmp_path: Path) -> None:
    image = tmp_path / "scan.png"
    Image.new("RGB", (300, 200), "white").save(image)
    document = docparse.parse(image, engine="toy", toy_text="hello")
    assert document.engine == "toy" and document.pages[0].text == "hello"
    with Parser(ParseOptions(engine="toy")) as parser:
        engine = parser.engine
        (word,) = parser.parse(image).pages[0].words()
        assert word.box == (0, 0, 300, 200)
    assert engine.closed  # type: ignore[attr-defined]
    assert registry.resolve_name("auto") != "toy"  # priority 0: never chosen by auto


def test_capabilities_are_checked_against_the_methods() -> None:
    class Liar(Engine):
        name = "liar"
        capabilities = frozenset({"ocr", "grounding"})

        def recognize(self, images):  # type: ignore[no-untyped-def]
            return []

    with pytest.raises(EngineUnavailable, match=r"grounding.*find"):
        check_capabilities(Liar(), Liar.capabilities)
    with pytest.raises(EngineUnavailable, match="unknown capability"):
        check_capabilities(Liar(), frozenset({"telepathy"}))


def test_the_openai_compatible_engine_declares_qa_which_it_answers() -> None:
    """Regression: it answered questions (ask_pages) without declaring "qa"."""
    spec = registry.get_spec("openai")
    assert {"ocr", "qa", "grounding"} <= spec.capabilities
    family = OpenAIEngine(ServerOptions(base_url="http://127.0.0.1:9/v1", model="x/VARCO-2.0-1.7B"))
    assert family.capabilities == {"ocr", "qa", "grounding"}
    check_capabilities(family, family.capabilities)
    ocr = OpenAIEngine(ServerOptions(base_url="http://127.0.0.1:9/v1"))
    ocr._model = "NCSOFT/VARCO-VISION-2.0-1.7B-OCR"
    assert ocr.capabilities == {"ocr", "qa"}


def test_grounding_is_declared_per_checkpoint() -> None:
    assert not grounds("NCSOFT/VARCO-VISION-2.0-1.7B-OCR", None)
    assert not grounds("/models/VARCO-VISION-2.0-1.7B-OCR/", None)
    assert grounds("NCSOFT/VARCO-VISION-2.0-1.7B", None)
    assert grounds("NCSOFT/VARCO-VISION-2.0-1.7B-OCR", True)
    assert not grounds("NCSOFT/VARCO-VISION-2.0-14B", False)


def test_auto_takes_the_ready_engine_of_highest_priority(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert registry.resolve_name("auto") == "ppocr"
    assert registry.resolve_name("auto", {"base_url": "http://h:8000/v1"}) == "openai"
    priorities = {name: spec.priority for name, spec in registry.specs().items()}
    assert priorities["openai"] > priorities["varco"] > priorities["ppocr"]
    assert priorities["ppocr"] > priorities["tesseract"] > 0
    monkeypatch.setattr(registry.get_spec("ppocr"), "auto_ready", lambda options: False)
    assert registry.resolve_name("auto") == "tesseract"


def test_engine_options_in_every_form() -> None:
    flat = ParseOptions(engine_options={"lang": "kor", "model": "m"})
    assert flat.options_of("tesseract") == TesseractOptions(lang="kor")
    assert flat.options_of("varco").model == flat.options_of("openai").model == "m"
    own = ParseOptions(engine_options=TesseractOptions(lang="eng"))
    nested = ParseOptions(engine_options={"tesseract": {"lang": "eng"}})
    assert own == nested and own.options_of("tesseract").lang == "eng"
    with pytest.raises(ValidationError, match="unknown engine option 'lnag'"):
        ParseOptions(engine_options={"lnag": "kor"})
    with pytest.raises(ValidationError):
        ParseOptions(engine_options={"tesseract": {"device": "cuda"}}).options_of("tesseract")


def test_batch_reads_parallelism_from_the_spec() -> None:
    options = ParseOptions()
    assert registry.get_spec("openai").parallelism == "thread"
    assert plan_workers(options, "openai", None).kind == "thread"
    assert registry.get_spec("tesseract").parallelism == "process"
    assert plan_workers(options, "tesseract", 2).kind == "process"


def test_tesseract_gets_images_as_they_are_and_pdf_pages_in_grey(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Regression (issue 11): every engine used to get pages enlarged to the VLM's 2304 px,
    which Tesseract then shrank again."""
    engine = TESSERACT.create(TesseractOptions())
    given: list[tuple[str, tuple[int, int]]] = []
    prepare = engine.prepare
    monkeypatch.setattr(
        engine, "prepare", lambda image: given.append((image.mode, image.size)) or prepare(image)
    )
    receipt = Parser(ParseOptions(), engine=engine).parse(SAMPLES / "receipt.png")
    assert given[0][1] == (506, 960) == (receipt.pages[0].width, receipt.pages[0].height)
    Parser(ParseOptions(engine="tesseract"), engine=engine).parse(SAMPLES / "invoice.pdf")
    assert given[1][0] == "L" and max(given[1][1]) == 2304  # the page's own pixels
    assert TESSERACT.page_mode == "L" and registry.get_spec("varco").page_mode == "RGB"


def test_a_stale_source_install_still_finds_the_builtin_engines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An editable install made before the engines became entry points has no
    ``docparse.engines`` metadata: a source checkout's pyproject.toml declares them."""
    monkeypatch.setattr(registry.sys, "path", [])  # no installed metadata at all
    names = {point.name for point in registry.entry_points()}
    assert {"tesseract", "varco", "openai"} <= names


@pytest.mark.parametrize("folder", ["docparse-0.1.0.dist-info", "docparse.egg-info"])
def test_a_source_checkout_reads_its_engines_from_pyproject_not_stale_metadata(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, folder: str
) -> None:
    """docparse's own installed metadata may name modules an engine has since moved out of
    (an editable install older than the move, or the ``docparse.egg-info`` a source build
    leaves in the checkout, which is on sys.path when docparse runs from there); a
    third-party engine's metadata still counts."""
    stale = tmp_path / folder
    stale.mkdir()
    (stale / "entry_points.txt").write_text(
        "[docparse.engines]\ntesseract = docparse.engines.tesseract:SPEC\n", encoding="utf-8"
    )
    monkeypatch.setattr(registry.sys, "path", [str(tmp_path), str(TOY)])
    points = {point.name: point.value for point in registry.entry_points()}
    assert points["tesseract"] == "docparse.engines.tesseract_spec:SPEC"
    assert points["toy"] == "toy_docparse_engine:SPEC"


def test_engine_flags_load_no_engine_no_pillow_and_no_document_model() -> None:
    """Every command with engine flags loads every spec and options model: they must stay
    light (what keeps `docparse eval --pred` and every command's start-up short)."""
    code = (
        "import sys\nfrom docparse.cli.options import _parameters\n_parameters()\n"
        "heavy = {'PIL', 'numpy', 'cv2', 'onnxruntime', 'tesserocr', 'torch',\n"
        "    'docparse.model', 'docparse.preprocess', 'docparse.engines.tesseract',\n"
        "    'docparse.engines.ppocr.engine', 'docparse.engines.varco.local',\n"
        "    'docparse.engines.varco.openai_server', 'docparse.engines.varco.answers',\n"
        "    'docparse.formats.registry'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
