"""Questions in wording no field's question words list: their answer type, their content
words, the overlap of those with a field's words, and the field ``ask`` maps them to. The
questions are made up here (none is from a benchmark's phrasing set)."""

from __future__ import annotations

import pytest

from docparse.ask.extractive import answer_extractive
from docparse.ask.fields import asked, field_for, subject
from docparse.ask.pages import ReadPage
from docparse.ask.wording import answer_type, content, overlap, stem
from docparse.model import Block, Line, Page, Word


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("계산서는", "계산서"),  # a particle
        ("단가", "단가"),  # not a particle: 단 is no word
        ("주문서예요", "주문서"),  # the copula's ending
        ("구입했나요", "구입"),  # a 하다 verb made of its noun
        ("주문됐어", "주문"),  # a 되다 verb
        ("buyers", "buy"),
        ("bought", "buy"),
        ("supplied", "supply"),
    ],
)
def test_words_are_compared_by_their_stem(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What is the order number?", "id"),
        ("가맹점 번호 알려줘", "id"),
        ("How much is it?", "amount"),
        ("이거 얼마예요?", "amount"),
        ("Whose receipt is this?", "name"),
        ("누가 보냈어?", "name"),
        ("How many cups?", None),  # a count, not money
        ("누가바는?", None),  # a nougat bar, not 누가 (who)
        ("날짜는?", None),  # a date is asked by the when words, before these
    ],
)
def test_the_answer_type_a_question_asks_for(question: str, kind: str | None) -> None:
    assert answer_type(question) == kind


def test_content_words_leave_out_function_words_type_words_and_the_korean_predicate() -> None:
    assert content("What is the order number?", "id") == ["ord"]
    assert content("찐빵 두 개 얼마 줬지?", "amount") == ["찐빵", "두", "개"]
    assert content("Where is it from?", "name") == []
    assert content("Ｗｈｏ ｂｏｕｇｈｔ ｉｔ?", "name") == ["buy"]  # NFKC: full-width letters


def test_overlap_shares_korean_syllable_pairs_and_latin_stems() -> None:
    assert overlap(["가치세"], ["부가가치세"]) == 1.0  # both pairs of 가치세
    assert overlap(["세차"], ["부가가치세"]) == 0.0
    assert overlap(["가치관"], ["부가가치세"]) == 0.25  # a part in common: half its share
    assert overlap(["buy"], ["buyer"]) == 1.0
    assert overlap(["gst"], ["gstregno"]) == 0.5  # only the start of a compound key
    assert overlap(["gst", "mug"], ["gstregno"]) == 0.25
    assert overlap([], ["부가세"]) == 0.0


@pytest.mark.parametrize(
    ("question", "field"),
    [
        # part of a printed label: 매출 of 과세매출, 가액 of 공급가액
        ("매출 가액은?", "supply"),
        # a verb made of a field's noun (판매: 판매자), asked by who: a name field
        ("판매한 사람이 누구야?", "supplier"),
        ("Who bought it?", "buyer"),
        # an id asked with a tax word: the registration number (gstregno), not the tax
        ("What is the GST number?", "business_number"),
        # an amount asked with a date field's label (due): the amount due (amountdue)
        ("How much is due?", "total"),
        # an amount of nothing named: the total; a name of nothing named: the store
        ("얼마 나왔어?", "total"),
        ("How much is it?", "total"),
        ("어디 거야?", "store"),
        # tax included is the total, tax taken off (빼다 in any form) the supply amount
        ("What is the price including tax?", "total"),
        ("세금 포함하면 얼마야?", "total"),
        ("포함된 세금은?", "vat"),
        ("부가세 뺐을 때 금액은?", "supply"),
        # 한테 is 에게 (to whom: the buyer)
        ("누구한테 판 거예요?", "buyer"),
    ],
)
def test_wording_no_rule_lists_finds_its_field(question: str, field: str) -> None:
    wanted = field_for(question)
    assert wanted is not None and wanted.name == field


def test_items_and_questions_naming_no_field_stay_unmapped() -> None:
    # an item whose name holds a name field's word is asked for an amount: an item
    assert field_for("How much was the Store Brand Cola?") is None
    assert field_for("How much is the Blue Mug?") is None
    assert field_for("찐빵 두 개 얼마 줬지?") is None
    # a word shared by several fields' labels (판매: seller, 판매일, 판매총액) decides nothing
    assert field_for("판매 관련은?") is None


def test_the_match_of_a_field_found_by_overlap_is_below_a_question_word() -> None:
    assert asked("부가세는?").match == 1.0
    assert asked("What is the GST number?").match == 0.5
    assert asked("매출 가액은?").match == 1.0


def test_korean_predicate_after_a_question_word_is_no_subject() -> None:
    assert subject("귤 한 봉지 얼마 줬어?") == "귤 한 봉지"
    assert subject("What's the price of Green Mug?") == "Green Mug"
    assert subject("누가바 가격은?") == "누가바"  # nougat bar, not 누가 (who)


def _page(rows: list[list[str]]) -> ReadPage:
    lines = [
        Line.of(
            [
                Word(text=text, box=(90 * i, 40 * r, 90 * i + 80, 40 * r + 30), engine="test")
                for i, text in enumerate(row)
            ]
        )
        for r, row in enumerate(rows)
    ]
    block = Block(id="p1-b1", lines=lines, box=(0, 0, 1000, 40 * len(rows)))
    return ReadPage("doc.png", Page(index=0, width=1000, height=1000, source="ocr", blocks=[block]))


def test_the_answer_score_is_the_label_match_times_the_question_match() -> None:
    page = _page([["사업자번호", "120-81-47521"], ["부가세", "3,000"], ["합계", "33,000"]])
    exact = answer_extractive([page], "사업자번호는?", "test")
    guessed = answer_extractive([page], "What is the GST number?", "test")
    assert exact.answer == guessed.answer == "120-81-47521"
    assert exact.score is not None and guessed.score is not None
    assert guessed.score == pytest.approx(exact.score * 0.5)
