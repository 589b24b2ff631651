"""CER / WER / word accuracy, raw and normalised, with hand-computed values."""

from __future__ import annotations

import unicodedata

import pytest

from docparse.evaluation.text_metrics import Normalization, score_text, score_texts


def test_cer_classic_example() -> None:
    raw = score_text("kitten", "sitting").raw
    assert (raw.chars, raw.char_errors) == (6, 3)
    assert raw.cer == pytest.approx(0.5)


def test_wer_and_word_accuracy() -> None:
    # the cat sat -> the bat sat down: one substitution, one insertion
    raw = score_text("the cat sat", "the bat sat down").raw
    assert (raw.words, raw.word_errors, raw.words_correct) == (3, 2, 2)
    assert raw.wer == pytest.approx(2 / 3)
    assert raw.word_accuracy == pytest.approx(2 / 3)


def test_perfect_and_empty_hypothesis() -> None:
    perfect = score_text("한국어 문서", "한국어 문서").raw
    assert (perfect.cer, perfect.wer, perfect.word_accuracy) == (0.0, 0.0, 1.0)
    empty = score_text("abc de", "").raw
    assert (empty.char_errors, empty.cer, empty.wer, empty.word_accuracy) == (6, 1.0, 1.0, 0.0)


def test_empty_reference_rates() -> None:
    assert score_text("", "").raw.cer == 0.0
    assert score_text("", "").raw.word_accuracy == 1.0
    spurious = score_text("", "xy").raw
    assert (spurious.char_errors, spurious.cer, spurious.wer) == (2, 1.0, 1.0)
    assert spurious.word_accuracy == 0.0


def test_hangul_nfd_counts_jamo_raw_and_matches_after_nfc() -> None:
    nfc = "한국어"
    nfd = unicodedata.normalize("NFD", nfc)
    assert len(nfd) == 8  # ㅎㅏㄴ ㄱㅜㄱ ㅇㅓ
    scores = score_text(nfc, nfd, Normalization(casefold=False, collapse_whitespace=False))
    # no code point in common: 8 edits against a 3-character reference
    assert (scores.raw.char_errors, scores.raw.chars) == (8, 3)
    assert scores.raw.cer == pytest.approx(8 / 3)
    assert scores.raw.word_accuracy == 0.0
    assert scores.normalized is not None
    assert (scores.normalized.cer, scores.normalized.word_accuracy) == (0.0, 1.0)


def test_nfd_reference_is_longer_raw() -> None:
    scores = score_text(unicodedata.normalize("NFD", "가"), "가", Normalization())
    assert (scores.raw.chars, scores.raw.char_errors) == (2, 2)
    assert scores.normalized is not None
    assert (scores.normalized.chars, scores.normalized.char_errors) == (1, 0)


def test_casefold_and_whitespace_only_in_normalized() -> None:
    scores = score_text("Straße  Nr.\n5", "STRASSE Nr. 5", Normalization())
    assert scores.raw.char_errors > 0
    assert scores.normalized is not None
    assert scores.normalized.char_errors == 0
    assert scores.normalized.words == 3


def test_each_normalisation_can_be_switched_off() -> None:
    only_ws = Normalization(nfc=False, casefold=False)
    assert only_ws.apply("  A \t b ") == "A b"
    assert Normalization(collapse_whitespace=False).apply("A  B") == "a  b"
    assert score_text("ABC", "abc", only_ws).normalized.char_errors == 3  # type: ignore[union-attr]


def test_no_normalisation_reports_raw_only() -> None:
    assert score_text("a", "b").normalized is None


def test_corpus_scores_sum_errors_over_pairs() -> None:
    scores = score_texts([("abcd", "abcd"), ("ab", "xb")]).raw
    assert (scores.chars, scores.char_errors) == (6, 1)
    assert scores.cer == pytest.approx(1 / 6)
    assert (scores.words, scores.words_correct) == (2, 1)
    assert scores.word_accuracy == pytest.approx(0.5)
