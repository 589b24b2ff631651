"""Ground-truth loaders and writers: each format's quirks, warnings, and the PopEval GT of
ICDAR 2013 and 2015 (tests/fixtures/popeval_gt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docparse.evaluation.loaders import (
    LINE_FORMATS,
    DatasetFormat,
    load_cord,
    load_cord_dir,
    load_image_folder,
    load_text_dir,
    load_text_file,
    parse_cord,
    text_files,
    write_cord,
    write_icdar15,
)
from docparse.evaluation.popeval import EvalItem

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
POPEVAL_GT = Path(__file__).parent / "fixtures" / "popeval_gt"  # Apache-2.0, see its NOTICE


def _rect(x0: float, y0: float, x1: float, y1: float) -> tuple:
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def _quad_dict(x0: int, y0: int, x1: int, y1: int) -> dict[str, int]:
    return {"x1": x0, "y1": y0, "x2": x1, "y2": y0, "x3": x1, "y3": y1, "x4": x0, "y4": y1}


def _non_empty_lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8-sig").split("\n") if line.strip())


def test_icdar13_space_separated() -> None:
    result = load_text_file(FIXTURES / "icdar13" / "gt_img_1.txt", DatasetFormat.ICDAR13)
    assert result.warnings == []
    assert [item.text for item in result.items] == ["Tiredness", "kills", "A"]
    assert result.items[0].quad == _rect(38, 43, 920, 215)


def test_icdar13_comma_separated_with_comma_in_text_and_bad_line() -> None:
    path = FIXTURES / "icdar13" / "gt_img_2.txt"
    result = load_text_file(path, DatasetFormat.ICDAR13)
    assert [item.text for item in result.items] == ["Footpath", "To", "Colchester, Essex"]
    assert result.items[1].quad == _rect(443, 128, 501, 169)
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"{path}:4: ")
    assert "broken" in result.warnings[0]


def test_icdar15_bom_crlf_commas_dont_care_and_bad_line() -> None:
    path = FIXTURES / "icdar15" / "gt_img_1.txt"
    result = load_text_file(path, DatasetFormat.ICDAR15)
    texts = [item.text for item in result.items]
    assert texts == ["Genaxis Theatre", "[06]", "###", "1,234,567"]
    assert result.items[0].quad == ((377, 117), (463, 117), (465, 130), (378, 130))
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"{path}:5: ")


def test_popeval_format_without_trailing_newline() -> None:
    result = load_text_file(FIXTURES / "popeval" / "img_001.txt", DatasetFormat.POPEVAL)
    assert result.warnings == []
    assert [item.text for item in result.items] == ["###", "T", "i", "r"]
    assert result.items[-1].quad == ((196, 77), (269, 72), (264, 207), (187, 208))


def test_popeval_folder_reads_files_one_by_one_and_reports_bad_line() -> None:
    dataset = load_text_dir(FIXTURES / "popeval", DatasetFormat.POPEVAL)
    assert [image.source.name for image in dataset.images] == ["img_001.txt", "img_002.txt"]
    # the last record of img_001 and the first of img_002 stay apart
    assert dataset.images[0].items[-1].text == "r"
    assert [item.text for item in dataset.images[1].items] == ["한", "글", "A"]
    warnings = dataset.all_warnings()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{FIXTURES / 'popeval' / 'img_002.txt'}:3: ")


def test_reference_tool_format() -> None:
    path = FIXTURES / "reference" / "img_1.txt"
    result = load_text_file(path, DatasetFormat.REFERENCE)
    assert [item.text for item in result.items] == ["Thai", "한국 요리"]
    assert result.items[0].quad == ((2490, 2774), (2614, 2769), (2618, 2869), (2494, 2875))
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"{path}:3: ")


@pytest.mark.parametrize("fmt", LINE_FORMATS)
def test_every_non_empty_line_is_an_item_or_a_warning(fmt: DatasetFormat) -> None:
    folder = {
        DatasetFormat.ICDAR13: "icdar13",
        DatasetFormat.ICDAR15: "icdar15",
        DatasetFormat.POPEVAL: "popeval",
        DatasetFormat.REFERENCE: "reference",
    }[fmt]
    for path in sorted((FIXTURES / folder).glob("*.txt")):
        result = load_text_file(path, fmt)
        assert len(result.items) + len(result.warnings) == _non_empty_lines(path)


def test_non_utf8_line_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"0,0,1,0,1,1,0,1,ok\n0,0,1,0,1,1,0,1,\xff\xfe\n")
    result = load_text_file(path, DatasetFormat.ICDAR15)
    assert [item.text for item in result.items] == ["ok"]
    assert result.warnings[0].startswith(f"{path}:2: not UTF-8")


def test_undecodable_and_malformed_lines_are_reported_in_line_order(tmp_path: Path) -> None:
    # A file that is not UTF-8 throughout is read line by line: every line keeps its
    # number, the BOM and CR endings are dropped as in a clean file, warnings stay in order.
    path = tmp_path / "x.txt"
    path.write_bytes(
        b"\xef\xbb\xbf0 0 1 0 1 1 0 1 a\r\nbad\n0 0 1 0 1 1 0 1 \xff\n\n0 0 2 0 2 2 0 2 b c\n"
    )
    result = load_text_file(path, DatasetFormat.POPEVAL)
    assert [(item.quad, item.text) for item in result.items] == [
        (_rect(0, 0, 1, 1), "a"),
        (_rect(0, 0, 2, 2), "b c"),
    ]
    assert [w.split(": ")[0] for w in result.warnings] == [f"{path}:2", f"{path}:3"]
    assert "not UTF-8" in result.warnings[1]


def test_large_finite_coordinates_are_read(tmp_path: Path) -> None:
    # Their sum overflows to infinity; each is finite, so the line is an item.
    path = tmp_path / "x.txt"
    path.write_text(" ".join(["1e308"] * 8) + " a\n", encoding="utf-8")
    result = load_text_file(path, DatasetFormat.POPEVAL)
    assert result.warnings == []
    assert result.items[0].quad == ((1e308, 1e308),) * 4


def test_non_finite_coordinates_are_malformed(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("nan 0 1 0 1 1 0 1 a\n", encoding="utf-8")
    result = load_text_file(path, DatasetFormat.POPEVAL)
    assert result.items == []
    assert result.warnings[0].startswith(f"{path}:1: non-finite")


def test_cord_words_dont_care_regions_image_and_bad_word() -> None:
    path = FIXTURES / "cord" / "json" / "receipt_00000.json"
    result = load_cord(path)
    assert result.image == FIXTURES / "cord" / "image" / "receipt_00000.png"
    texts = [item.text for item in result.items]
    assert texts == ["NASI", "GORENG", "25,000", "###", "###", "###"]
    assert result.items[0].quad == _rect(100, 200, 180, 230)
    dont_care = [item.quad for item in result.items if item.text == "###"]
    assert dont_care == [
        _rect(700, 900, 800, 950),
        _rect(10, 10, 60, 40),
        _rect(100, 400, 700, 410),
    ]
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"{path}:valid_line[1].words[1]: quad lacks y4")


def test_cord_dir_reports_invalid_json_with_line() -> None:
    dataset = load_cord_dir(FIXTURES / "cord")
    assert [image.source.name for image in dataset.images] == [
        "receipt_00000.json",
        "receipt_00001.json",
    ]
    broken = dataset.images[1]
    assert broken.items == []
    assert broken.warnings[0].startswith(f"{broken.source}:1: invalid JSON")


def test_cord_from_hugging_face_ground_truth_string() -> None:
    text = json.dumps({"valid_line": [{"words": [{"quad": _quad_dict(0, 0, 9, 9), "text": "Ok"}]}]})
    result = parse_cord(text, "row-17")
    assert result.items == [EvalItem(quad=_rect(0, 0, 9, 9), text="Ok")]
    assert result.warnings == []


def test_generic_folder_pairs_images_with_annotations() -> None:
    folder = FIXTURES / "folder"
    dataset = load_image_folder(folder)
    assert [(image.image, image.source) for image in dataset.images] == [
        (folder / "a.jpg", folder / "a.txt")
    ]
    assert dataset.images[0].items == [EvalItem(quad=_rect(0, 0, 10, 10), text="hi")]
    assert dataset.warnings == [
        f"{folder / 'b.png'}: no annotation file b.txt",
        f"{folder / 'c.txt'}: no image named c.*",
    ]


ITEMS = [
    EvalItem(quad=((10, 20), (110, 22), (109, 60), (9, 58)), text="Hello, world"),
    EvalItem(quad=_rect(0.5, 1.25, 30, 40), text="한국어"),
    EvalItem(quad=_rect(200, 200, 260, 240), text="###"),
]


def test_write_icdar15_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "gt_img_1.txt"
    write_icdar15(path, ITEMS)
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "10,20,110,22,109,60,9,58,Hello, world"
    )
    result = load_text_file(path, DatasetFormat.ICDAR15)
    assert result.items == ITEMS
    assert result.warnings == []


def test_write_icdar15_refuses_line_breaks(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="line break"):
        write_icdar15(tmp_path / "x.txt", [EvalItem(quad=_rect(0, 0, 1, 1), text="a\nb")])


def test_write_cord_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "receipt.json"
    write_cord(path, ITEMS, image_size=(640, 480))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["meta"]["image_size"] == {"width": 640, "height": 480}
    assert document["valid_line"][1]["words"][0]["quad"]["x1"] == 0.5
    result = load_cord(path)
    assert result.items == ITEMS
    assert result.warnings == []


@pytest.mark.parametrize(
    ("name", "files"), [("IC13_focused_scene", 233), ("IC15_incidental_scene", 500)]
)
def test_popeval_gt_loads_completely(name: str, files: int) -> None:
    folder = POPEVAL_GT / name / "Test"
    dataset = load_text_dir(folder, DatasetFormat.POPEVAL)
    paths = sorted(folder.glob("*.txt"))
    assert len(dataset.images) == len(paths) == files
    assert dataset.all_warnings() == []
    for image, path in zip(dataset.images, paths, strict=True):
        assert len(image.items) == _non_empty_lines(path), path


def test_a_folder_layout_is_not_read_as_annotation_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("1,1,2,1,2,2,1,2,word\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cord is not a format of annotation lines"):
        load_text_file(path, DatasetFormat.CORD)


def test_a_file_that_cannot_be_read_is_a_warning_with_no_region(tmp_path: Path) -> None:
    folder = tmp_path / "b.txt"
    folder.mkdir()
    gt = load_text_file(folder, DatasetFormat.POPEVAL)
    assert gt.items == []
    assert gt.warnings == [f"{folder}: not readable (Is a directory)"]


def test_text_files_lists_what_a_sorted_glob_lists(tmp_path: Path) -> None:
    # Names matched and sorted as strings (faster than pathlib's glob): the same paths in
    # the same order, directories and hidden files included, the pattern case-sensitive.
    names = ["b.txt", "B.txt", "a.txt", ".hidden.txt", "x.TXT", "a.txt.bak", "가.txt", "_1.txt"]
    for name in names:
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "[x].txt").write_text("", encoding="utf-8")
    for pattern in ("*.txt", "*.TXT", "[ab].txt", "?.txt", "*"):
        assert text_files(tmp_path, pattern) == sorted(tmp_path.glob(pattern)), pattern
    assert text_files(str(tmp_path)) == sorted(tmp_path.glob("*.txt"))
    assert text_files(tmp_path / "absent") == []
    assert text_files(tmp_path / "b.txt") == []  # a file, not a folder


def test_a_file_is_read_whole_past_one_read(tmp_path: Path) -> None:
    # annotation files are read with the system's calls, a chunk at a time: a file longer
    # than one chunk is read whole
    line = "0 0 40 0 40 10 0 10 ABCD\n"
    path = tmp_path / "long.txt"
    path.write_text(line * 10_000, encoding="utf-8")  # 250 kB: several chunks
    gt = load_text_file(path, DatasetFormat.POPEVAL)
    assert len(gt.items) == 10_000
    assert gt.items[-1] == EvalItem(_rect(0, 0, 40, 10), "ABCD")
