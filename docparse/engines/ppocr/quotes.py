"""Quotation marks and corner brackets in Hangul lines, written as Korean typesetting prints
them.

Korean documents quote with curly marks: the national rules of punctuation (한글 맞춤법,
문장 부호) give ‘ ’ and “ ” as the quotation marks, and Korean word processors turn a typed
quote into them as it is typed. Tesseract's Korean model writes every one of them as a
straight ``'`` or ``"`` (or a backtick for an opening ‘). On the realdocs dev split (first 3
pages), the Korean pages' text layers hold 84 curly single quotes and 5 straight ones, 8
curly double quotes and no straight one; docparse wrote 69 straight, 5 backticks and no
curly one. So in a line holding Hangul a straight quote or backtick is written curly, its
side from where it stands: opening at the start of a word or after an opening bracket,
closing otherwise (after a word, before a particle: "‘풍경’은"); a mark standing alone
between two words opens when it stands nearer the word after it.

Corner brackets, with which Korean laws, court decisions and contracts name a statute
(「민법」, 「주택임대차보호법」) or a book (『…』), close with their own mark; Tesseract's Korean
model reads the single one's close as "]" or the double one's, and a book's open as a single
one (dev pages: 13 「 and 13 」 in the text layers, docparse wrote 14 「, 9 」, 4 『, 2 』). So a
closing corner or square bracket that follows an open corner bracket in the line is written
as the one that closes it, and a single and a double one paired are both made single.
"""

from __future__ import annotations

from collections.abc import Sequence

from docparse.model import Word

SINGLE = {"'", "`"}
DOUBLE = {'"'}
OPENERS = set("([{<「『〈《“‘ ")
"""Characters after which a quotation mark opens."""
CORNERS = {"「": "」", "『": "』"}
"""Corner brackets: each opener and the mark that closes it."""
CLOSERS = set("」』]")
"""Marks the Korean model writes where a corner bracket closes."""


def curly_quotes(words: Sequence[Word]) -> list[Word]:
    """The words of one line (in reading order) with their straight quotes made curly."""
    out: list[Word] = []
    for i, word in enumerate(words):
        if not any(char in SINGLE or char in DOUBLE for char in word.text):
            out.append(word)
            continue
        alone_opens = _alone_opens(words, i)
        chars = []
        for k, char in enumerate(word.text):
            if char not in SINGLE and char not in DOUBLE:
                chars.append(char)
                continue
            alone = len(word.text) == 1
            opens = alone_opens if alone else (k == 0 or word.text[k - 1] in OPENERS)
            if char in SINGLE:
                chars.append("‘" if opens else "’")
            else:
                chars.append("“" if opens else "”")
        out.append(word.model_copy(update={"text": "".join(chars)}))
    return out


def _alone_opens(words: Sequence[Word], i: int) -> bool:
    """Whether a mark standing as word ``i`` opens: it stands nearer the word after it than
    the word before it (no word after: it closes; none before: it opens)."""
    if i + 1 >= len(words):
        return False
    if i == 0:
        return True
    before = words[i].box[0] - words[i - 1].box[2]
    after = words[i + 1].box[0] - words[i].box[2]
    return after < before


def paired_corners(words: Sequence[Word]) -> list[Word]:
    """The words of one line (in reading order) with each closing corner or square bracket
    that follows an unclosed corner bracket written as the mark that closes it; a single and
    a double corner bracket paired with each other are both made single (statutes, 「」, are
    named far more often than books, 『』; the model confuses the two)."""
    texts = [list(word.text) for word in words]
    open_corners: list[tuple[int, int]] = []  # (word, character) of each unclosed opener
    for i, chars in enumerate(texts):
        for k, char in enumerate(chars):
            if char in CORNERS:
                open_corners.append((i, k))
            elif char in CLOSERS and open_corners:
                oi, ok = open_corners.pop()
                opener = texts[oi][ok]
                if char != "]" and char != CORNERS[opener]:
                    texts[oi][ok] = opener = "「"
                chars[k] = CORNERS[opener]
            elif char == "[":
                open_corners.clear()  # a square bracket of its own: its "]" stays
    return [
        word if "".join(chars) == word.text else word.model_copy(update={"text": "".join(chars)})
        for word, chars in zip(words, texts, strict=True)
    ]
