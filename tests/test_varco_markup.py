"""Tests of the VARCO-VISION markup parser, on strings shaped like the model's answers."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docparse.engines.varco.markup import (
    MarkupItem,
    ParsedMarkup,
    emit_markup,
    parse_markup,
    to_words,
)
from docparse.model import normalize_box

# The OCR answer of Figure 13 in the VARCO-VISION 1.0 paper.
PAPER_OCR = """\
<char>백범로</char><bbox>0.172, 0.265, 0.328, 0.34</bbox>
<char>124번길</char><bbox>0.349, 0.265, 0.512, 0.34</bbox>
<char>Baekbeom-ro</char><bbox>0.171, 0.335, 0.432, 0.391</bbox>
<char>124</char><bbox>0.444, 0.34, 0.508, 0.391</bbox>
<char>만수주공아파트</char><bbox>0.109, 0.528, 0.335, 0.594</bbox>
<char>시흥</char><bbox>0.443, 0.516, 0.522, 0.578</bbox>"""

PAPER_OCR_ITEMS = [
    ("백범로", (0.172, 0.265, 0.328, 0.34)),
    ("124번길", (0.349, 0.265, 0.512, 0.34)),
    ("Baekbeom-ro", (0.171, 0.335, 0.432, 0.391)),
    ("124", (0.444, 0.34, 0.508, 0.391)),
    ("만수주공아파트", (0.109, 0.528, 0.335, 0.594)),
    ("시흥", (0.443, 0.516, 0.522, 0.578)),
]


def chars(*pairs: tuple[str, tuple[float, float, float, float]]) -> list[MarkupItem]:
    return [MarkupItem(kind="char", text=text, boxes=[box]) for text, box in pairs]


def test_paper_ocr_output_parses_exactly() -> None:
    parsed = parse_markup(PAPER_OCR)
    assert parsed == ParsedMarkup(items=chars(*PAPER_OCR_ITEMS), warnings=[], truncated=False)


def test_whitespace_and_newlines_between_and_inside_elements() -> None:
    text = (
        "\n\n<char> SPEED\n</char>\n  <bbox>\n0.364 ,0.301,\t0.638, 0.375 \n</bbox>\r\n\n"
        "<char>LIMIT</char> <bbox>0.362, 0.379, 0.638, 0.454</bbox>  \n"
    )
    parsed = parse_markup(text)
    assert parsed.items == chars(
        ("SPEED", (0.364, 0.301, 0.638, 0.375)), ("LIMIT", (0.362, 0.379, 0.638, 0.454))
    )
    assert parsed.warnings == []
    assert not parsed.truncated


def test_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "한국어")
    parsed = parse_markup(f"<char>{decomposed}</char><bbox>0, 0, 1, 1</bbox>")
    assert parsed.items[0].text == "한국어"


@pytest.mark.parametrize(
    ("tail", "where"),
    [
        ("<char>시흥</char><bbox>0.443, 0.51", "inside the <bbox>"),
        ("<char>시흥</char><bbox>0.443, 0.516, 0.522, 0.578</bb", "inside the <bbox>"),
        ("<char>시흥</char><bbox>0.443, 0.516, 0.522, 0.578<delim>0.1", "inside the <bbox>"),
        ("<char>시", "inside <char>"),
        ("<char>시흥</ch", "inside <char>"),
        ("<char>시흥</char>\n", "after <char>'시흥'"),
        ("<char>시흥</char><bb", "after <char>'시흥'"),
        ("<cha", "partial tag '<cha'"),
    ],
)
def test_truncated_output_keeps_complete_items(tail: str, where: str) -> None:
    head = PAPER_OCR.rsplit("\n", 1)[0]
    parsed = parse_markup(f"{head}\n{tail}")
    assert parsed.items == chars(*PAPER_OCR_ITEMS[:-1])
    assert parsed.truncated
    assert len(parsed.warnings) == 1
    assert where in parsed.warnings[0]
    assert "truncated" in parsed.warnings[0]


def test_out_of_range_coordinates_are_clamped_with_a_warning() -> None:
    parsed = parse_markup("<char>edge</char><bbox>-0.02, 0.5, 1.3, 1.0</bbox>")
    assert parsed.items == chars(("edge", (0.0, 0.5, 1.0, 1.0)))
    assert len(parsed.warnings) == 1
    assert "clamped" in parsed.warnings[0]


def test_swapped_corners_are_reordered() -> None:
    parsed = parse_markup("<char>뒤집힘</char><bbox>0.6, 0.9, 0.2, 0.4</bbox>")
    assert parsed.items == chars(("뒤집힘", (0.2, 0.4, 0.6, 0.9)))
    assert not parsed.truncated


def test_obj_with_three_boxes_separated_by_delim() -> None:
    parsed = parse_markup(
        "<obj>cats</obj><bbox>0.1, 0.2, 0.3, 0.4<delim>0.5, 0.5, 0.7, 0.8<delim>"
        "0.0, 0.9, 0.1, 1.0</bbox>"
    )
    assert parsed.items == [
        MarkupItem(
            kind="obj",
            text="cats",
            boxes=[(0.1, 0.2, 0.3, 0.4), (0.5, 0.5, 0.7, 0.8), (0.0, 0.9, 0.1, 1.0)],
        )
    ]
    assert parsed.warnings == []


def test_paper_grounding_delim_after_closed_bbox() -> None:
    # Figure 10 of the VARCO-VISION 1.0 paper puts <delim> after </bbox>.
    parsed = parse_markup(
        "There are also <obj>two remote controls</obj><bbox>0.039, 0.138, 0.283, 0.257</bbox>"
        "<delim>0.508, 0.166, 0.581, 0.295</bbox> placed near the cats"
    )
    assert parsed.items == [
        MarkupItem(
            kind="obj",
            text="two remote controls",
            boxes=[(0.039, 0.138, 0.283, 0.257), (0.508, 0.166, 0.581, 0.295)],
        )
    ]
    assert not parsed.truncated


def test_grounding_prose_is_stray_text_with_one_warning() -> None:
    # Figure 9 of the VARCO-VISION 1.0 paper (first sentence).
    parsed = parse_markup(
        "이미지에는 <obj>아이</obj><bbox>0.431, 0.382, 0.597, 0.607</bbox>가 앉아 있는 "
        "<obj>카트</obj><bbox>0.022, 0.22, 0.626, 0.906</bbox>와 "
        "<obj>당나귀</obj><bbox>0.477, 0.413, 0.88, 0.974</bbox>가 있습니다."
    )
    assert [(item.kind, item.text) for item in parsed.items] == [
        ("obj", "아이"),
        ("obj", "카트"),
        ("obj", "당나귀"),
    ]
    assert parsed.warnings == [
        "ignored 4 stray fragment(s) outside elements (first at offset 0: '이미지에는')"
    ]


def test_stray_text_and_tags_between_elements_are_ignored() -> None:
    parsed = parse_markup(
        "```\n<char>SPEED</char><bbox>0.364, 0.301, 0.638, 0.375</bbox>\nnoise </bbox>\n"
        "<char>LIMIT</char><bbox>0.362, 0.379, 0.638, 0.454</bbox>\n```"
    )
    assert [item.text for item in parsed.items] == ["SPEED", "LIMIT"]
    assert parsed.warnings == [
        "ignored 4 stray fragment(s) outside elements (first at offset 0: '```')"
    ]
    assert not parsed.truncated


@pytest.mark.parametrize(
    "broken",
    [
        "<char>SPEED</char>\n",
        "<char>SPEED</char> oops <bbox>0.1, 0.1, 0.2, 0.2</bbox>\n",
        "<char>SPEED</char><obj>x</obj>",
    ],
)
def test_char_without_following_bbox_is_dropped(broken: str) -> None:
    parsed = parse_markup(f"{broken}<char>20</char><bbox>0.337, 0.538, 0.661, 0.737</bbox>")
    assert parsed.items == chars(("20", (0.337, 0.538, 0.661, 0.737)))
    assert any("'SPEED'" in w and "no <bbox> follows" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    "coordinates",
    [
        "0.1, 0.2, 0.3",
        "0.1, 0.2, 0.3, 0.4, 0.5",
        "0.1, 0.2, 0.3, abc",
        "0.1, 0.2, 0.3, 0..4",
        "nan, 0.2, 0.3, 0.4",
        "1e999, 0.2, 0.3, 0.4",
        "0.1 0.2 0.3 0.4",
        "",
        "0.1, 0.2, 0.3, 0.4<delim>0.5, 0.5, 0.7",
    ],
)
def test_malformed_numbers_drop_the_item(coordinates: str) -> None:
    parsed = parse_markup(
        f"<obj>bad</obj><bbox>{coordinates}</bbox><obj>good</obj><bbox>0, 0, 0.5, 0.5</bbox>"
    )
    assert parsed.items == [MarkupItem(kind="obj", text="good", boxes=[(0, 0, 0.5, 0.5)])]
    assert len(parsed.warnings) == 1
    assert "'bad'" in parsed.warnings[0]
    assert "malformed" in parsed.warnings[0]


def test_empty_text_is_dropped() -> None:
    parsed = parse_markup("<char> \n</char><bbox>0.1, 0.1, 0.2, 0.2</bbox>")
    assert parsed.items == []
    assert parsed.warnings == ["dropped empty <char> at offset 0"]


@pytest.mark.parametrize(
    ("broken", "warnings"),
    [
        ("<obj>unclosed", ["dropped <obj> at offset 0: not closed by </obj>"]),
        (
            "<char>mismatch</obj><bbox>0.1, 0.1, 0.2, 0.2</bbox>",
            [
                "dropped <char> at offset 0: not closed by </char>",
                "ignored 4 stray fragment(s) outside elements (first at offset 14: '</obj>')",
            ],
        ),
        (
            "<char>unclosed box</char><bbox>0.1, 0.1, 0.2, 0.2",
            ["dropped <char>'unclosed box' at offset 0: <bbox> not closed"],
        ),
    ],
)
def test_unclosed_elements_are_dropped_and_parsing_resumes(
    broken: str, warnings: list[str]
) -> None:
    parsed = parse_markup(f"{broken}\n<char>20</char><bbox>0.337, 0.538, 0.661, 0.737</bbox>")
    assert parsed == ParsedMarkup(
        items=chars(("20", (0.337, 0.538, 0.661, 0.737))), warnings=warnings, truncated=False
    )


def test_to_words_denormalises_to_pixels() -> None:
    parsed = parse_markup(
        "<char>백범로</char><bbox>0.25, 0.1, 0.5, 0.2</bbox>\n"
        "<obj>signs</obj><bbox>0.0, 0.5, 0.125, 0.75<delim>0.75, 0.0, 1.0, 1.0</bbox>"
    )
    words = to_words(parsed, width=2304, height=1000, engine="varco")
    assert [(w.text, w.box) for w in words] == [
        ("백범로", (576.0, 100.0, 1152.0, 200.0)),
        ("signs", (0.0, 500.0, 288.0, 750.0)),
        ("signs", (1728.0, 0.0, 2304.0, 1000.0)),
    ]
    assert all(w.engine == "varco" and w.confidence is None and w.quad is None for w in words)


def test_large_input_parses_every_item() -> None:
    line = "<char>단어</char><bbox>0.1, 0.2, 0.3, 0.4</bbox>\n"
    text = line * (200_000 // len(line) + 1)
    assert len(text) >= 200_000
    parsed = parse_markup(text)
    assert len(parsed.items) == text.count("<char>")
    assert parsed.warnings == []


@pytest.mark.parametrize(
    "text",
    ["<char>" * 30_000, "<char>a</char><bbox>" + "0.1, <delim>" * 20_000, "<" * 200_000],
)
def test_pathological_large_inputs_do_not_blow_up(text: str) -> None:
    parsed = parse_markup(text + "<char>ok</char><bbox>0, 0, 1, 1</bbox>")
    assert parsed.items[-1].text == "ok"


_FRAGMENTS = [
    "<char>",
    "</char>",
    "<obj>",
    "</obj>",
    "<bbox>",
    "</bbox>",
    "<delim>",
    "<",
    "0.5",
    "1.5",
    "-0.1",
    ", ",
    "x",
    "단어",
    " ",
    "\n",
]


@given(st.text() | st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join))
def test_parse_never_raises_and_keeps_its_invariants(text: str) -> None:
    parsed = parse_markup(text)
    for item in parsed.items:
        assert item.text and item.text == item.text.strip()
        for box in item.boxes:
            assert all(0.0 <= v <= 1.0 for v in box)
            assert box == normalize_box(box)
    assert parsed.truncated == any("truncated" in w for w in parsed.warnings)


_TAG_TEXTS = ("<char>", "</char>", "<obj>", "</obj>", "<bbox>", "</bbox>", "<delim>")


def _is_clean(text: str) -> bool:
    nfc = unicodedata.normalize("NFC", text)
    return bool(nfc) and nfc == nfc.strip() and not any(tag in nfc for tag in _TAG_TEXTS)


_unit = st.floats(min_value=0.0, max_value=1.0)
_items = st.builds(
    MarkupItem,
    kind=st.sampled_from(["char", "obj"]),
    text=st.text(min_size=1, max_size=20).filter(_is_clean),
    boxes=st.lists(st.tuples(_unit, _unit, _unit, _unit).map(normalize_box), min_size=1),
)


@given(st.lists(_items, max_size=10))
def test_emit_then_parse_round_trips(items: list[MarkupItem]) -> None:
    parsed = parse_markup(emit_markup(items))
    assert parsed == ParsedMarkup(items=items, warnings=[], truncated=False)
