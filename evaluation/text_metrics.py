"""Text-only OCR metrics: character and word error rates, word accuracy.

Edit distances come from ``rapidfuzz.distance.Levenshtein`` (characters are Unicode code
points; words are whitespace-separated tokens). Scores on the texts as given (``raw``) are
always reported; scores after an optional normalisation (NFC, case folding, whitespace
collapsing) are reported beside them, never instead of them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict
from rapidfuzz.distance import Levenshtein


class Normalization(BaseModel):
    """Which normalisations to apply; its :meth:`apply` also serves PopEval's ``normalize``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nfc: bool = True
    casefold: bool = True
    collapse_whitespace: bool = True
    remove_spaces: bool = False
    """Drop every space: for truths whose spacing differs from what OCR words carry (SROIE's
    line transcriptions; Korean exports without spaces)."""

    def apply(self, text: str) -> str:
        if self.nfc:
            text = unicodedata.normalize("NFC", text)
        if self.casefold:
            text = text.casefold()
        if self.remove_spaces:
            text = "".join(text.split())
        elif self.collapse_whitespace:
            text = " ".join(text.split())
        return text


class TextScore(BaseModel):
    """Error counts and rates over one or more (reference, hypothesis) pairs.

    A rate whose reference length is 0 is 0.0 when there is no error, else 1.0 (and word
    accuracy with no reference word is 1.0 or 0.0 likewise).
    """

    chars: int
    char_errors: int
    cer: float
    words: int
    word_errors: int
    wer: float
    words_correct: int
    word_accuracy: float


class TextScores(BaseModel):
    raw: TextScore
    normalized: TextScore | None = None


def _rate(errors: int, length: int) -> float:
    if length == 0:
        return 0.0 if errors == 0 else 1.0
    return errors / length


_Counts = tuple[int, int, int, int, int]
"""chars, char errors, words, word errors, words correct"""


def _counts(reference: str, hypothesis: str) -> _Counts:
    ref_words, hyp_words = reference.split(), hypothesis.split()
    return (
        len(reference),
        Levenshtein.distance(reference, hypothesis),
        len(ref_words),
        Levenshtein.distance(ref_words, hyp_words),
        sum(block.size for block in Levenshtein.opcodes(ref_words, hyp_words).as_matching_blocks()),
    )


def _score(pairs: list[tuple[str, str]]) -> TextScore:
    return _total(_counts(reference, hypothesis) for reference, hypothesis in pairs)


def summed(scores: Iterable[TextScore]) -> TextScore:
    """The scores of all their pairs together: what :func:`score_texts` gives for the pairs
    of every score (errors and lengths summed, then the rates)."""
    return _total((s.chars, s.char_errors, s.words, s.word_errors, s.words_correct) for s in scores)


def _total(counts: Iterable[_Counts]) -> TextScore:
    chars = char_errors = words = word_errors = words_correct = 0
    for pair_chars, pair_char_errors, pair_words, pair_word_errors, pair_correct in counts:
        chars += pair_chars
        char_errors += pair_char_errors
        words += pair_words
        word_errors += pair_word_errors
        words_correct += pair_correct
    return TextScore(
        chars=chars,
        char_errors=char_errors,
        cer=_rate(char_errors, chars),
        words=words,
        word_errors=word_errors,
        wer=_rate(word_errors, words),
        words_correct=words_correct,
        word_accuracy=words_correct / words if words else 1.0 - _rate(word_errors, 0),
    )


def score_texts(
    pairs: Iterable[tuple[str, str]], normalization: Normalization | None = None
) -> TextScores:
    """Corpus-level scores of (reference, hypothesis) pairs: errors summed over all pairs,
    divided by the summed reference lengths.

    ``word_accuracy`` is the share of reference words that an optimal word alignment maps
    to an identical hypothesis word (for single-word pairs: the exact-match rate).
    """
    pairs = list(pairs)
    normalized = None
    if normalization is not None:
        normalized = _score([(normalization.apply(r), normalization.apply(h)) for r, h in pairs])
    return TextScores(raw=_score(pairs), normalized=normalized)


def score_text(
    reference: str, hypothesis: str, normalization: Normalization | None = None
) -> TextScores:
    """Scores of one (reference, hypothesis) pair; see :func:`score_texts`."""
    return score_texts([(reference, hypothesis)], normalization)
