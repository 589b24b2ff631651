"""The one Hangul test every layer uses: syllables, jamo, and text that holds them."""

from docparse.hangul import has_hangul, has_syllable, is_hangul, is_syllable


def test_syllables_and_jamo_are_hangul_latin_digits_and_hanja_are_not() -> None:
    assert all(map(is_syllable, "가힣판결"))
    assert not any(map(is_syllable, "ㄱㅎᄀA3甲"))
    assert all(map(is_hangul, "가힣ㄱㅎㆎᄀᇿ"))
    assert not any(map(is_hangul, "A3甲 ·"))


def test_text_holds_hangul_when_one_character_is() -> None:
    assert has_hangul("TOTAL 합계") and has_syllable("TOTAL 합계")
    assert has_hangul("ㅁ8&0") and not has_syllable("ㅁ8&0")
    assert not has_hangul("TOTAL 47,100") and not has_syllable("")
