"""Extractive answers: on hand-made words, then on real Tesseract output of synthetic pages."""

from __future__ import annotations

import pytest

from docparse.ask.extractive import answer_extractive
from docparse.ask.pages import ReadPage, read_pages
from docparse.ask.select import bm25_scores, select_pages, tokens
from docparse.evaluation.ask_cases import QACase, cases_for, invoice_bundle, same_answer
from docparse.evaluation.synth import synthesize
from docparse.model import Block, Line, Page, Word
from docparse.pipeline import ParseOptions, Parser


def _page(rows: list[list[str]], index: int = 0) -> ReadPage:
    """A page whose rows are lines of words 60 px wide, 40 px apart."""
    lines = [
        Line.of(
            [
                Word(text=text, box=(70 * i, 40 * r, 70 * i + 60, 40 * r + 30), engine="test")
                for i, text in enumerate(row)
            ]
        )
        for r, row in enumerate(rows)
    ]
    block = Block(id=f"p{index + 1}-b1", lines=lines, box=(0, 0, 1000, 40 * len(rows)))
    return ReadPage(
        "doc.pdf", Page(index=index, width=1000, height=1000, source="ocr", blocks=[block])
    )


def _ask(pages: list[ReadPage], question: str):
    return answer_extractive(pages, question, "test")


# --- hand-made words --------------------------------------------------------------------------


def test_a_total_split_into_syllables_is_found_with_the_value_box() -> None:
    page = _page([["공", "급", "가", "액", "40,909"], ["합", "계", "금액", "45,000원"]])
    answer = _ask([page], "총 금액은?")
    assert answer.answer == "45,000원" and answer.kind == "extractive"
    assert answer.score == 1.0
    (evidence, *_) = answer.evidence
    assert evidence.page == 1 and evidence.text == "45,000원"
    assert evidence.box == (210, 40, 270, 70)  # the value word only
    assert evidence.line == "합 계 금액 45,000원"


def test_a_label_read_with_one_wrong_character_is_found_when_no_exact_one_is() -> None:
    page = _page([["공급가액", "56,364"], ["부가서", "6,200"], ["합게", "62,000"]])
    answer = _ask([page], "부가세는 얼마?")
    assert answer.answer == "6,200" and answer.score == 0.9
    assert _ask([page], "합계는?").answer is None  # two-character labels only exactly
    exact = _page([["부가서", "6,200"], ["부가세", "6,300"]])
    assert _ask([exact], "부가세는 얼마?").answer == "6,300"


def test_a_store_question_answers_the_name_the_extraction_read() -> None:
    """The store is the receipt's supplier: its name with OCR's misreads put right (a zero
    between letters), the line as read kept as evidence."""
    page = _page(
        [
            ["CORNER", "BO0KS"],
            ["310", "Newbury", "St"],
            ["Boston,", "MA", "02116"],
            ["TOTAL", "114.24"],
        ]
    )
    for question in ("어디서 샀어요?", "Which store is this from?"):
        answer = _ask([page], question)
        assert answer.answer == "CORNER BOOKS", question
        assert [e.line for e in answer.evidence] == ["CORNER BO0KS"]


def test_latin_labels_match_whole_words_only() -> None:
    page = _page([["Subtotal", "40,000"], ["VAT", "4,000"], ["Grand", "Total", "44,000"]])
    assert _ask([page], "What is the total amount?").answer == "44,000"
    assert _ask([page], "How much is the VAT?").answer == "4,000"
    assert _ask([page], "What is the subtotal?").answer == "40,000"


def test_dates_phones_and_names() -> None:
    page = _page(
        [
            ["행복", "마트"],
            ["2024.08.27(화)", "14:50"],
            ["TEL", "02-660-8737"],
            ["사업자번호", "197-72-13715"],
        ]
    )
    assert _ask([page], "날짜는 언제입니까?").answer == "2024.08.27"
    assert _ask([page], "What is the phone number?").answer == "02-660-8737"
    assert _ask([page], "사업자 등록번호는?").answer == "197-72-13715"
    store = _ask([page], "가게 이름은?")
    assert store.answer == "행복 마트" and store.score is not None and store.score < 1


def test_supplier_and_buyer_are_told_apart_by_their_column_heading() -> None:
    page = _page(
        [
            ["공급자", "x", "x", "x", "공급받는자"],
            ["상호", "한빛", "x", "x", "상호", "다온"],
        ]
    )
    assert _ask([page], "Who is the supplier?").answer == "한빛 x x"
    assert _ask([page], "공급받는자는 누구입니까?").answer == "다온"


def test_an_item_amount_comes_from_the_amount_column() -> None:
    page = _page(
        [
            ["품목", "수량", "단가", "금액", "세액"],
            ["모니터", "10", "329,000", "3,290,000", "329,000"],
        ]
    )
    answer = _ask([page], "모니터의 금액은?")
    assert answer.answer == "3,290,000"
    assert answer.evidence[0].box[0] == 210  # the fourth column


def test_dotted_thousands_are_read_as_won() -> None:
    page = _page([["합계", "12.000"]])
    assert _ask([page], "합계는?").answer == "12,000"


def test_no_answer_is_never_made_up_and_the_closest_lines_are_given() -> None:
    page = _page([["합계", "금액"], ["감사합니다"]])
    answer = _ask([page], "총 금액은?")
    assert answer.answer is None and not answer.found and answer.evidence == []
    assert answer.closest and answer.closest[0].line == "합계 금액"
    assert _ask([page], "What is the approval number?").answer is None


def test_tokens_are_words_and_hangul_bigrams_across_syllable_splits() -> None:
    assert tokens("합 계 금액 Total") == ["합", "계", "금액", "total", "합계", "계금", "금액"]
    assert set(tokens("합계금액")) & set(tokens("총 금액은?")) == {"금액"}


def test_bm25_selection_keeps_document_order() -> None:
    texts = ["회의록 안건", "합계 금액 45,000", "목차", "총 금액 합계 금액", "부록"]
    scores = bm25_scores(texts, "총 금액은?")
    assert scores[3] > scores[1] > 0 and scores[0] == scores[2] == scores[4] == 0
    assert select_pages(texts, "총 금액은?", 2) == [1, 3]
    assert select_pages(texts, "총 금액은?", 3) == [0, 1, 3]  # a tie goes to the earlier page
    assert select_pages(texts, "x", 9) == [0, 1, 2, 3, 4]


# --- real Tesseract output of synthetic pages -------------------------------------------------


@pytest.fixture(scope="module")
def ocr_cases(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[list[ReadPage], QACase]]:
    """A receipt and a 3-page PDF whose last page is a scanned invoice (after two
    born-digital pages), each read once by Tesseract, with their questions."""
    folder = tmp_path_factory.mktemp("ask_ocr")
    parser = Parser(ParseOptions(engine="tesseract"))
    receipt = synthesize("receipt", 4)
    receipt.image.save(folder / "receipt.png")
    bundle = folder / "bundle.pdf"
    made = [(folder / "receipt.png", receipt), (bundle, invoice_bundle(8, bundle))]
    return [(read_pages(parser, [path]), case) for path, doc in made for case in cases_for(doc)]


def test_exact_match_on_tesseract_output_of_synthetic_receipts_and_invoices(
    ocr_cases: list[tuple[list[ReadPage], QACase]],
) -> None:
    results = [
        (case, answer_extractive(pages, case.question, "tesseract")) for pages, case in ocr_cases
    ]
    right = [same_answer(answer.answer, case.expected) for case, answer in results]
    assert len(results) == 12 and {case.language for case, _ in results} == {"ko", "en"}
    assert sum(right) / len(right) >= 0.9, [
        (case.question, case.expected, answer.answer)
        for (case, answer), ok in zip(results, right, strict=True)
        if not ok
    ]


def test_a_store_name_printed_large_is_answered_from_the_top_line(
    ocr_cases: list[tuple[list[ReadPage], QACase]],
) -> None:
    """Tesseract once read the bold title of this receipt as '넌 르 이래 여 사 저'."""
    pages, case = next((p, c) for p, c in ocr_cases if c.field == "store")
    answer = answer_extractive(pages, case.question, "tesseract")
    assert same_answer(answer.answer, case.expected), answer.answer
    (evidence,) = answer.evidence
    first = min(pages[0].page.lines(), key=lambda line: line.box[1])
    assert evidence.page == 1 and evidence.box[1] <= first.box[3]


def test_the_total_of_a_3_page_invoice_is_found_on_page_3(
    ocr_cases: list[tuple[list[ReadPage], QACase]],
) -> None:
    pages, case = next((p, c) for p, c in ocr_cases if len(p) == 3 and c.field == "total")
    assert [page.page.source for page in pages] == ["text_layer", "text_layer", "ocr"]
    answer = answer_extractive(pages, case.question, "tesseract")
    assert same_answer(answer.answer, case.expected)
    assert {evidence.page for evidence in answer.evidence} == {3}
    assert [ref.page for ref in answer.pages] == [1, 2, 3]


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("언제 결제했어요?", "date"),  # 결제 (payment) is a total's word; 언제 asks a day
        ("When was it paid?", "date"),
        ("세금계산서 작성일은?", "date"),  # a tax invoice's name holds 세금 (tax)
        ("세금은?", "vat"),
        ("부가가치세는 얼마?", "vat"),
        ("세금 빼고 얼마?", "supply"),
        ("How much before tax?", "supply"),
        ("납부기한이 언제야?", "due"),
        ("누구에게 청구했나?", "buyer"),
        ("Who was this billed to?", "buyer"),
        ("Who issued the invoice?", "supplier"),
        ("어디서 산 거야?", "store"),
        ("전부 얼마야?", "total"),
        ("How much was paid?", "total"),
        # the most specific words win: a tax ID is no tax, the net amount is the supply
        ("What is the shop's tax ID?", "business_number"),
        ("How much was it before VAT?", "supply"),
        ("부가세 뺀 금액은?", "supply"),
        # a when question without a date field's word asks the issue date
        ("입금일이 며칠이었지?", "date"),
        ("On which day was it paid?", "date"),
        ("언제까지 보내야 해?", "due"),
        # no question word, a printed label's words: the label's field
        ("What is the net amount?", "supply"),
        ("발행일자는?", "date"),
        ("Which business is it from?", "supplier"),
    ],
)
def test_questions_asked_without_the_printed_label_name_their_field(
    question: str, field: str
) -> None:
    from docparse.ask.fields import field_for

    wanted = field_for(question)
    assert wanted is not None and wanted.name == field


def test_an_item_whose_name_holds_a_field_word_is_asked_about_as_an_item() -> None:
    """Words that name a field do not win from inside other words: "PAPER TOWELS" holds
    "owe" (I owe: the total) and names no field; "tell" holds "tel" (a phone), and the
    longer "store" wins."""
    from docparse.ask.fields import field_for

    assert field_for("How much did PAPER TOWELS cost?") is None
    wanted = field_for("Can you tell me the store name?")
    assert wanted is not None and wanted.name == "store"
