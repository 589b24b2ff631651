"""OCR misreads put right where the kind of text says what was printed.

- **Commas between an address's parts.** An address lists its parts with commas ("NO 290,
  JALAN AIR PANAS, SETAPAK, 53200, KUALA LUMPUR."); on a faint thermal print a comma's tail
  goes and OCR reads a period. Inside an address a period closes an abbreviation ("NO.",
  "D.E", "P.T.") and, at its very end, the address; after a number or a whole word with
  another part following it is a comma. Measured on the SROIE dev receipts' key addresses
  (what the receipts print): 270 commas against 7 periods between parts, 3 of those 7 where
  the print itself shows a comma.
- **Letters read as digits in a street word** ("10T" / "1.OT" for LOT, "J1N" for JLN): a
  word mixing letters with digits that OCR confuses with letters (0 O, 1 L I, 5 S, 8 B) is
  the street word it spells with those letters, when it spells one.
- **A house number glued to its street word** ("NO290", "14JALAN"): OCR drops a narrow
  space; the number and the street word are two words (SROIE dev key addresses: "NO 290"
  and "NO.290" throughout, never "NO290").
- **Doubled commas, spaced initials** (",,", "D. E,"): an address's parts take one comma,
  and an abbreviation of single letters ("D.E", "P.T.") no space.
- **Korean names read syllable by syllable** ("대 한 정 밀 (주" for 대한정밀(주)): single
  syllables in a row are one word, and (주) keeps its closing bracket.
- **Accents** ("TASÍK", "Simpàng", "MÄNIS"): PP-OCR's recogniser knows the accented Latin
  letters and reads a speck or the line above a letter as its accent. The documents read
  here are Korean and English, whose names and addresses carry almost none (a "Café" loses
  its accent): Latin letters are read without them (SROIE dev: 2 to 4 accented words in
  the addresses of 84 receipts, by the crops, none in their keys).
- **Underscores in a name** ("IKANO HANDEL_SDN BHD", "AIK _HUAT", "RESTORAN_"): a business
  name has none (an e-mail address has, and is no name); the recogniser reads one for a
  speck on the baseline or a space's blank, so it goes, a space where it stood.
- **Spaces inside brackets** ("( SUNGAI RENGIT)"): print sets no space after an opening
  bracket or before a closing one; OCR reads one where the bracket stands apart.
- **Spaced initials in a name** ("MR D. I.Y." for MR D.I.Y.): as in an address, an
  abbreviation of single letters takes no space (SROIE dev company keys: none of 84 has one).
- **A stray period or hyphen after a whole word inside a name** ("FY EAGLE. ENTERPRISE",
  "POPULAR BOOK- CO."): a name abbreviates short words ("CO.", "MR.", "SDN."), so a mark
  printed after a word of four letters or more with more of the name after it is a speck the
  recogniser read (SROIE dev company keys: none of 84 has one; 2 of their OCR readings).
- **Marks before a name** (", THAI DELICIOUS RESTAURANT", "| RESTORAN"): a name starts
  with a letter, a digit, a bracket or a quote; a rule, a bar or a speck read before it
  goes (SROIE dev company keys: none of 84 starts otherwise).
- **A legal form with one confusable letter** ("SON BHD" for SDN BHD, "S/D" or "5/B" for
  S/B): the legal form closes the name, so a token at its end that is one confusable letter
  (or a digit read for a letter) from a legal form is that form.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import product

from docparse.keyfields.lexicon import BUSINESS_WORDS, COMPANY_WORDS, STREET_WORDS

_AS_LETTER = {"0": "O", "1": "LI", "5": "S", "8": "B"}
"""Digits OCR reads for the letters they look like."""
_LETTER_SWAPS = {"O": "D", "D": "OB", "N": "H"}
"""Letters OCR confuses in a legal form's letters (D read as O, B read as D, H read as N)."""
_LEGAL_FORMS = ("SDN", "BHD", "S/B")
_LONG_WORD = 7
"""Business words this long or longer are repaired (see _business_word): one letter in seven
or more changed is a misread, in a shorter word it can be another word."""
_BUSINESS = frozenset(
    word.upper()
    for word in (*COMPANY_WORDS, *BUSINESS_WORDS)
    if word.isalpha() and word.isascii() and len(word) >= _LONG_WORD
)
_SAME_SHAPE = {
    "K": "R",
    "R": "KPB",
    "P": "R",
    "B": "R8E",
    "E": "FB",
    "F": "E",
    "I": "LT1",
    "L": "I1",
    "T": "I",
    "1": "IL",
    "O": "DQ0",
    "D": "O0",
    "Q": "O",
    "0": "OD",
    "C": "G",
    "G": "C6",
    "S": "5",
    "5": "S",
    "H": "NM",
    "N": "HM",
    "M": "NH",
    "U": "V",
    "V": "U",
    "8": "B",
    "6": "G",
}
"""Letters and digits a recogniser reads for one another: alike in shape."""
"""Legal forms spelt with letters OCR confuses (Sendirian Berhad, its short form S/B)."""
_PART_WORD = 4
"""A word that ends an address part has at least this many letters; shorter ones are
abbreviations ("NO.", "JLN.", "KG.", "PJ.", "KL.")."""
_PERIOD_WORD = re.compile(rf"^([^\W\d_]{{{_PART_WORD},}})\.([^\W\d_]{{{_PART_WORD},}})$")
"""Two words glued by a period ("JAYA.SELANGOR"): a comma read as a period."""

_STREET_ALTERNATIVES = "|".join(sorted(STREET_WORDS, key=len, reverse=True))
_LONG_STREET = "|".join(sorted((w for w in STREET_WORDS if len(w) > 2), key=len, reverse=True))
_GLUED_NUMBER = re.compile(
    rf"\b(?P<word>{_STREET_ALTERNATIVES})(?=\d)|\b(?P<number>\d+)(?=(?:{_LONG_STREET})\b)"
)
"""A street word before a number it touches ("NO290"), a number before a street word of
three letters or more it touches ("14JALAN"; not an ordinal: "3RD", "1ST")."""

_KOREAN_FORM = re.compile(r"\(\s*주\s*\)?")
"""(주), 주식회사's short form, with OCR's spaces or without its closing bracket, which
Tesseract often drops ("대한정밀 (주", "( 주 한빛테크")."""
_SYLLABLES = re.compile(r"(?<![가-힣])[가-힣](?: [가-힣])+(?![가-힣])")
"""Hangul syllables each read as a word ("대 한 정 밀"): Korean words are not single
syllables in a row, OCR split one word at each syllable."""

_ONE_IN_NUMBER = re.compile(r"(?<=\d)[LIl|](?=\d)")
"""An L, I or bar between two digits of an address number: a 1 ("JALAN 7/1L8B" for 7/118B,
PP-OCR on SROIE dev 097); no address word has a letter between two digits."""
_SPECK_QUOTE = re.compile(r"(?<=[^\W\d_])['’‘`](?=\d)")
"""A quote between a word and a number ("LEVEL'6", SROIE dev 148, PP-OCR and plain Tesseract):
a speck in the space; an address's quotes stand in names ("ST. JOHN'S"), not before numbers."""
_DOUBLED_COMMA = re.compile(r",(?:\s*,)+")
"""A comma read twice (",,"): an address separates its parts with one."""
_INITIALS = re.compile(r"(?<=\b[A-Z])\. (?=[A-Z]\b)")
"""A space OCR put inside an abbreviation of single letters ("D. E" for D.E, Darul Ehsan;
"P. T" for P.T.)."""
_RUN = re.compile(r"[A-Za-z0-9]+")
_BRACKET_SPACE = re.compile(r"(?<=\()\s+|\s+(?=\))")
"""A space after an opening bracket or before a closing one."""
_STRAY_MARK = re.compile(rf"(?<=[^\W\d_]{{{_PART_WORD}}})[.\-](?= \S)")
"""A period or hyphen after a whole word (``_PART_WORD`` letters or more) that another word
of the name follows."""
LEADING_MARKS = re.compile(r"^[^\w(\"'“‘㈜]+")
"""What stands before a name's first letter, digit, bracket or quote."""
_AMPERSAND = re.compile(r"(?<=[A-Za-z] )8(?= [A-Za-z])")
"""A lone 8 between two words of a name: an ampersand ("STATIONERY 8 BOOKS")."""
_LETTERS = re.compile(r"[^\W\d_]+")
_MIN_RUN = 3
"""Letters (digits) a run needs before its odd 0 (O) counts as a misread."""


def o_and_zero(text: str) -> str:
    """O and 0 put right inside a run of letters or digits: a number with an O in it is a
    number ("4105O" → 41050, a postcode), a word with a 0 between its letters is a word
    ("LIGHTRO0M" → LIGHTROOM). Other mixes ("U13", "3RD", "NO") stay."""

    def fix(match: re.Match[str]) -> str:
        run = match.group()
        letters = [c for c in run if c.isalpha()]
        digits = sum(c.isdigit() for c in run)
        if digits >= _MIN_RUN - 1 and letters and set(letters) <= {"O", "o"}:
            return run.replace("O", "0").replace("o", "0")
        if len(letters) >= _MIN_RUN and set(run) - set(letters) == {"0"}:
            inner = (
                all(
                    run[i - 1].isalpha() and run[i + 1 : i + 2].isalpha()
                    for i, c in enumerate(run)
                    if c == "0" and i > 0
                )
                and run[0] != "0"
            )
            return run.replace("0", "O") if inner else run
        return run

    return _RUN.sub(fix, text)


def plain_latin(text: str) -> str:
    """Latin words without the accents OCR put on them ("TASÍK" → TASIK, "Simpàng" →
    Simpang); Hangul and other scripts stay as they are."""

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if word.isascii():
            return word
        bare = "".join(
            c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
        )
        return bare if bare.isascii() else word

    return _LETTERS.sub(fix, text)


def printed_address(text: str) -> str:
    """An address as printed, from its OCR text."""
    text = _SPECK_QUOTE.sub(" ", _ONE_IN_NUMBER.sub("1", plain_latin(text)))
    text = o_and_zero(_GLUED_NUMBER.sub(lambda m: m.group() + " ", text))
    text = _INITIALS.sub(".", _DOUBLED_COMMA.sub(",", text))
    tokens = text.split(" ")
    out = []
    for at, token in enumerate(tokens):
        token = _street_word(token)
        last = at == len(tokens) - 1
        stem = token[:-1]
        if not last and token.endswith(".") and "." not in stem and _ends_part(stem):
            token = stem + ","
        glued = _PERIOD_WORD.match(token)
        if glued:
            token = f"{glued.group(1)},{glued.group(2)}"
        out.append(token)
    return " ".join(out)


def printed_name(text: str) -> str:
    """A company name as printed, its legal form read right."""
    text = " ".join(plain_latin(text).replace("_", " ").split())
    text = _BRACKET_SPACE.sub("", text)
    text = _STRAY_MARK.sub("", _INITIALS.sub(".", LEADING_MARKS.sub("", text)))
    text = _AMPERSAND.sub("&", o_and_zero(_KOREAN_FORM.sub("(주)", text)))
    text = _SYLLABLES.sub(lambda m: m.group().replace(" ", ""), text)
    tokens = text.split(" ")
    for at, token in enumerate(tokens):
        closing = at == len(tokens) - 1 or (at == len(tokens) - 2 and _is_bhd(tokens[-1]))
        core = token.rstrip(".")
        if closing and core.isupper() and core not in _LEGAL_FORMS:
            form = _one_swap(core, _LEGAL_FORMS)
            if form is not None and (form != "SDN" or at == len(tokens) - 2):
                tokens[at] = form + token[len(core) :]
        tokens[at] = _business_word(tokens[at])
    return " ".join(tokens)


def _business_word(token: str) -> str:
    """``token`` as the long business word (``_BUSINESS``) it is with one letter read as a
    letter or digit of the same shape ("HARDWAKE" for HARDWARE, PP-OCR on SROIE dev 011); a
    long word of a name one such letter from a business word is that word, while other
    one-letter differences stay ("STATIONARY", a common spelling on shop signs: A and E are
    not alike)."""
    core = token.rstrip(".,")
    if len(core) < _LONG_WORD or not core.isupper() or core in _BUSINESS:
        return token
    for at, char in enumerate(core):
        for swap in _SAME_SHAPE.get(char, ""):
            spelt = core[:at] + swap + core[at + 1 :]
            if spelt in _BUSINESS:
                return spelt + token[len(core) :]
    return token


def _is_bhd(token: str) -> bool:
    return token.upper().rstrip(".") == "BHD"


def _ends_part(stem: str) -> bool:
    """A number ("1/9", "13") or a whole word ("PANAS"), not an abbreviation."""
    if any(c.isdigit() for c in stem):
        return True
    return stem.isalpha() and len(stem) >= _PART_WORD


def _street_word(token: str) -> str:
    """``token`` with its digits read as letters when that spells a street word."""
    core = token.rstrip(",.")
    tail = token[len(core) :]
    if not any(c.isalpha() for c in core) or not any(c in _AS_LETTER for c in core):
        return token
    if core.upper() in STREET_WORDS:
        return token
    letters = core.replace(".", "") if core[:1].isdigit() else core
    choices = [_AS_LETTER.get(c, c.upper()) for c in letters]
    for spelt in map("".join, product(*choices)):
        if spelt in STREET_WORDS:
            return spelt + tail
    return token


def _one_swap(token: str, forms: tuple[str, ...]) -> str | None:
    """The form ``token`` is with one letter read as a letter OCR confuses it with, or a
    digit read for the letter it looks like ("5/B": S/B)."""
    for at, char in enumerate(token):
        for swap in _LETTER_SWAPS.get(char, "") + _AS_LETTER.get(char, ""):
            spelt = token[:at] + swap + token[at + 1 :]
            if spelt in forms:
                return spelt
    return None
