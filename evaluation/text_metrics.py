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


def _score(pairs: list[tuple[str, str]]) -> TextScore:
    chars = char_errors = words = word_errors = words_correct = 0
    for reference, hypothesis in pairs:
        ref_words, hyp_words = reference.split(), hypothesis.split()
        chars += len(reference)
        char_errors += Levenshtein.distance(reference, hypothesis)
        words += len(ref_words)
        word_errors += Levenshtein.distance(ref_words, hyp_words)
        words_correct += sum(
            block.size for block in Levenshtein.opcodes(ref_words, hyp_words).as_matching_blocks()
        )
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
