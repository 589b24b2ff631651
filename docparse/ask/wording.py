"""A question's words as :mod:`docparse.ask.fields` weighs them when no field's question word
is in it (wording nobody listed): what kind of answer it asks for, and its content words
compared with a field's words by how much of them they share.

Korean words are compared by their syllable pairs (bigrams) once particles and endings are
taken off, so a part of a printed label (매출 of 과세매출) or a verb made of a field's noun
(구매한: 구매 + 하다, the buyer's 구매) shares its pairs with the field's words; Latin
words whole, by their stem (sold / seller: sell); a word sharing only a part with a field's
word counts half ("tax" of taxid)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import pairwise

from docparse.hangul import has_syllable

_WORD = re.compile(r"[가-힣]+|[a-z0-9#]+")

TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("id", ("number", "no", "#", "번호")),
    ("amount", ("얼마", "much", "cost", "price", "amount", "금액", "가격", "값")),
    (
        "name",
        ("who", "whom", "whose", "where", "name", "called", "누구", "누가", "어디", "곳", "이름"),
    ),
)
"""Words that say what kind of answer a question wants (an id, an amount of money, a name),
in the order they decide it: "tax number" wants an id though it names the tax. Latin words
count whole; Korean ones bare or with a particle or ending (누구한테, 어디서, 얼마예요) and
번호 anywhere in a word (등록번호). A date is asked by ``fields.WHEN_WORDS``, decided first."""
QUESTION_WORDS = ("얼마", "언제", "어디", "누구", "누가", "무엇", "뭐", "몇", "어느")
"""Korean question words: the predicate follows them (얼마 줬어: how much I gave), so what
follows one is not the question's subject."""
_AFTER_WORD = "이였인일예에서한께로으야요나니냐죠지까는은가를을도든라의만과와랑"
"""First syllables of the particles and endings that follow a Korean question or type word
(얼마였나요, 누구한테, 곳은): 누가바 (nougat) is no 누가 (who), 가격표 (a price tag) no 가격."""
_STOP_TEXT = (
    "what whats s t d ll re ve which who when where how much many is are was were be been "
    "the a an of for on in at to from by with all and or it its this that these there here "
    "please tell me my i we our us you your do does did have has had will would should can "
    "could must need cost costs price amount value item name pay paid spend spent charge "
    "charged owe 얼마 얼마인가요 얼마입니까 얼마야 무엇 뭐 몇 어느 가격 금액 단가 값 입니까 "
    "인가요 이야 이름 알려줘 알려주세요 영수증 명세서 거래명세서"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())
"""Function words, question words and the verbs of paying (they ask for an amount, they do
not name one): none names a field or an item."""
PARTICLES = re.compile(
    r"(?:에서는|에게서|한테서|으로는|에서|에게|한테|까지|부터|으로|은|는|이|가|을|를|의|에|도|와|과|로|만)$"
)
ENDINGS = re.compile(
    r"(?:입니까|입니다|인가요|이에요|예요|에요|이야|이죠|인데|어요|아요|나요|니까|습니까|죠|야|요|어|냐|니)$"
)
"""Sentence endings of a question: the copula after a noun (주문서야), a verb's question
ending (샀어요)."""
HADA = re.compile(r"(?<=..)(?:하|한|할|함|합|해|했|되|된|될|됨|됩|돼|됐)[가-힣]*$")
"""A 하다 / 되다 verb made of a noun (구매한, 결제했나요, 주문됐어): the noun before it, of
two syllables or more, is what the word names."""
IRREGULAR = {"sold": "sell", "bought": "buy", "paid": "pay", "spent": "spend", "owed": "owe"}
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ier", "y"), ("ing", ""), ("ers", ""), ("er", ""))
_SUFFIXES += (("ed", ""), ("es", ""), ("s", ""))
PART_MATCH = 0.5
"""How much a word counts that shares only a part with a field's word: a Latin word that only
starts or ends a field's space-less key ("tax" of taxid, "due" of amountdue), a Korean word
only some of whose syllable pairs a field's word has (거래처, a trading partner, shares 거래
with 거래일, a trading day). The field's word may mean more, or another thing."""


def words(question: str) -> list[str]:
    """The question's words, NFKC and case-folded (full-width letters as plain ones)."""
    return _WORD.findall(unicodedata.normalize("NFKC", question).casefold())


def answer_type(question: str) -> str | None:
    """What kind of answer the question wants: "id", "amount" or "name" (see
    :data:`TYPE_WORDS`), None when it does not say."""
    found = words(question)
    pairs = {a + b for a, b in pairwise(found)}
    for kind, cues in TYPE_WORDS:
        for cue in cues:
            if has_syllable(cue):
                if any(korean_word(w, cue) or (cue == "번호" and cue in w) for w in found):
                    return kind
            elif cue in found and (cue != "much" or "howmuch" in pairs):
                return kind
    return None


def stem(word: str) -> str:
    """A word as it is compared: a Korean one less its particle, sentence ending and 하다 /
    되다 verb ending (공급가액은 → 공급가액, 주문서예요 → 주문서, 구매한 → 구매), a Latin one by its
    stem (sold → sell, sellers → sell, supplied → supply)."""
    if has_syllable(word):
        word = _shorter(PARTICLES, word, 2)  # not 단가 → 단
        word = _shorter(ENDINGS, word, 1)
        word = _shorter(PARTICLES, word, 2)
        return HADA.sub("", word)
    if word in IRREGULAR:
        return IRREGULAR[word]
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def _shorter(pattern: re.Pattern[str], word: str, least: int) -> str:
    shorter = pattern.sub("", word)
    return shorter if len(shorter) >= least else word


def content(question: str, kind: str | None) -> list[str]:
    """The question's words that may name a field, stemmed: less stop words, the words of its
    answer type ``kind`` and, in Korean, the predicate after a question word."""
    cues = dict(TYPE_WORDS).get(kind or "", ())
    kept = []
    for word in words(question):
        if has_syllable(word) and korean_predicate(word):
            break
        korean_cue = any(korean_word(word, c) for c in cues if has_syllable(c))
        if word in STOP_WORDS or word in cues or korean_cue:
            continue
        stemmed = stem(word)
        if stemmed and stemmed not in STOP_WORDS:
            kept.append(stemmed)
    return kept


def _bigrams(word: str) -> set[str]:
    return {word[i : i + 2] for i in range(len(word) - 1)} or {word}


def overlap(question_words: list[str], vocabulary: Iterable[str]) -> float:
    """How much of the question's content words a field's words (space-less keys) share,
    0-1: each Korean word 1 when one of the field's words has all its syllable pairs, each Latin
    one 1 when a field's word has its stem; either, sharing only a part, :data:`PART_MATCH`
    (times the share of pairs); the mean over the words."""
    if not question_words:
        return 0.0
    keys = list(vocabulary)
    hangul = [_bigrams(key) for key in keys if has_syllable(key)]
    latin = [key for key in keys if not has_syllable(key)]
    stems = {stem(key) for key in latin}
    total = 0.0
    for word in question_words:
        if has_syllable(word):
            pairs = _bigrams(word)
            share = max((len(pairs & other) / len(pairs) for other in hangul), default=0.0)
            total += share if share == 1 else share * PART_MATCH
        elif word in stems:
            total += 1.0
        elif len(word) >= 3 and any(key.startswith(word) or key.endswith(word) for key in latin):
            total += PART_MATCH
    return total / len(question_words)


def korean_predicate(word: str) -> bool:
    """Whether a Korean word is a question word (:data:`QUESTION_WORDS`)."""
    return any(korean_word(word, q) for q in QUESTION_WORDS)


def korean_word(word: str, bare: str) -> bool:
    """Whether ``word`` is the Korean word ``bare``, alone or with a particle or ending
    (:data:`_AFTER_WORD`), not a word that starts like it."""
    return word == bare or (word.startswith(bare) and word[len(bare)] in _AFTER_WORD)
