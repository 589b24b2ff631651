"""Which pages to show the VLM when there are more than it can take: BM25 over each page's
OCR text, with Korean-aware tokens.

Tokens are the case-folded NFC words, plus the character bigrams of every run of Hangul
syllables with the spaces inside it removed: Korean spacing is loose and Tesseract often
splits a word into syllables ("합 계 금액"), so "합계" and "계금" are tokens of both "합계금액"
and "합 계 금 액", and a question's "총 금액은" shares "금액" with either.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

K1 = 1.5
B = 0.75
_WORD = re.compile(r"\w+")
_HANGUL_RUN = re.compile(r"[가-힣]+(?:\s+[가-힣]+)*")


def tokens(text: str) -> list[str]:
    """Whole words, then Hangul bigrams (spaces inside a Hangul run ignored)."""
    text = unicodedata.normalize("NFC", text).casefold()
    words = _WORD.findall(text)
    bigrams = []
    for run in _HANGUL_RUN.findall(text):
        joined = "".join(run.split())
        bigrams.extend(joined[i : i + 2] for i in range(len(joined) - 1))
    return words + bigrams


def bm25_scores(texts: Sequence[str], query: str) -> list[float]:
    """Okapi BM25 of ``query`` against each text (k1 = 1.5, b = 0.75)."""
    documents = [Counter(tokens(text)) for text in texts]
    if not documents:
        return []
    lengths = [sum(counts.values()) for counts in documents]
    average = sum(lengths) / len(lengths) or 1.0
    scores = [0.0] * len(documents)
    for term in set(tokens(query)):
        holding = sum(1 for counts in documents if term in counts)
        if not holding:
            continue
        idf = math.log(1 + (len(documents) - holding + 0.5) / (holding + 0.5))
        for i, counts in enumerate(documents):
            tf = counts[term]
            if tf:
                norm = K1 * (1 - B + B * lengths[i] / average)
                scores[i] += idf * tf * (K1 + 1) / (tf + norm)
    return scores


def select_pages(texts: Sequence[str], query: str, limit: int) -> list[int]:
    """Indices of the ``limit`` pages most relevant to ``query``, in document order (ties go
    to the earlier page; with no relevant page at all, the first pages)."""
    if len(texts) <= limit:
        return list(range(len(texts)))
    scores = bm25_scores(texts, query)
    best = sorted(range(len(texts)), key=lambda i: (-scores[i], i))[:limit]
    return sorted(best)
