"""Sentence boundaries for clinical prose, and the spaCy component that applies them.

Clinical papers break general-purpose splitters: "et al.", "vs.", "Fig. 2", "i.e.", decimals,
"n = 7" and bracketed statistics "(95% CI 1.2-3.4)" must not end a sentence, while a heading
on its own line ("Results") must not be glued to the sentence after it.
:func:`split_sentences` is the pure rule; ``evidence_sentences_v1`` writes it onto a Doc.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["COMPONENT", "TextKeepingTokenizer", "doc_text", "sentence_spans", "split_sentences"]

COMPONENT = "evidence_sentences_v1"
_TEXT_KEY = "evidence_text"

# Words that end in a full stop without ending the sentence.
_ABBREVIATIONS = frozenset("""
al vs v fig figs e.g eg i.e ie approx ca cf resp ref refs no nos incl tab eq eqs vol pp p dr mr mrs
ms prof st etc jan feb mar apr jun jul aug sep sept oct nov dec min max sd iqr mo mos yr yrs wk wks
sec ed eds suppl dept univ inc ltd co corp ch sect nr
""".split())
_TERMINAL = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_HEADING_LINE = re.compile(r"\n[ \t]*([A-Z][^\n.!?:;]{0,38})[ \t]*\n(?=[ \t]*[A-Z0-9])")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# Rows of a Markdown-style table flattened into one line: "| a | 1 | | b | 2 |".
_PIPE_ROW_BREAK = re.compile(r"(?<=\|)[ \t]+(?=\|)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_CHAR = re.compile(r"\s+(\S)")
# How far back to look for the word before a full stop; abbreviations are short.
_LOOKBACK = 24


def _ends_sentence(text: str, end: int, depth: int) -> bool:
    """Whether the terminal punctuation ending at ``end`` closes a sentence."""
    if depth > 0:
        return False
    nxt = _NEXT_CHAR.match(text, end)
    if not nxt:
        return True
    following = nxt[1]
    if following.islower() or following in ",;:%)]":
        return False
    word = _WORD_BEFORE.search(text[max(0, end - _LOOKBACK):end].rstrip(".!?\"'”’)]"))
    if word:
        token = word[1].lower().rstrip(".")
        if token in _ABBREVIATIONS:
            return False
        # A single capital before the stop is an initial ("Smith J. Title") or a list label.
        if len(token) == 1 and word[1].isupper():
            return False
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``, whitespace trimmed, in order."""
    if "\n" not in text and "|" not in text and _TERMINAL.search(text) is None:
        # Every cut needs a line break, a table bar or a stop before more text: one sentence.
        stripped = text.strip()
        if not stripped:
            return []
        lead = len(text) - len(text.lstrip())
        return [(lead, lead + len(stripped))]
    return list(_sentence_bounds(text))


@functools.lru_cache(maxsize=256)  # a page is split for its figures, and again for its citation markers
def _sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    cuts: set[int] = set()
    depth = 0
    last = 0
    for match in _TERMINAL.finditer(text):
        segment = text[last:match.start()]
        depth = max(0, depth + segment.count("(") + segment.count("[") - segment.count(")") - segment.count("]"))
        closing = match.group().count(")") + match.group().count("]")
        last = match.end()
        if _ends_sentence(text, match.end(), max(0, depth - closing)):
            cuts.add(match.end())
            depth = 0
    for match in _PARAGRAPH.finditer(text):
        # A blank line inside a sentence ("complete in\n\n23 of the 28") is a page or column
        # break, not a paragraph: it ends nothing when the text runs on in lower case or digits.
        before = text[:match.start()].rstrip()
        after = text[match.end():match.end() + 1]
        if before and before[-1] not in ".!?:" and (after.islower() or after.isdigit()):
            continue
        cuts.add(match.start())
    if "|" in text:
        for match in _PIPE_ROW_BREAK.finditer(text):
            cuts.add(match.start())
    for match in _HEADING_LINE.finditer(text):
        before = text[:match.start()].rstrip()
        # Only a short line standing alone after a finished sentence is a heading.
        if not before or before[-1] in ".!?:":
            cuts.add(match.start(1))
            cuts.add(match.end(1))
    spans = []
    start = 0
    for cut in sorted(cuts) + [len(text)]:
        piece = text[start:cut]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
        start = cut
    return tuple(spans)


class TextKeepingTokenizer:
    """A spaCy tokenizer that also keeps the text on each Doc it makes, for :func:`doc_text`."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[_TEXT_KEY] = text
        return doc

    def __getattr__(self, name: str) -> object:  # serialisation, rules, ...: the wrapped tokenizer's
        if name == "tokenizer":  # not yet set (a copy being built): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def doc_text(doc: Doc) -> str:
    """The text of a Doc: as its tokenizer kept it, else ``doc.text``, which builds it back
    from the tokens, a Python object for each."""
    text = doc.user_data.get(_TEXT_KEY)
    return text if text is not None else doc.text


@Language.component(COMPONENT)
def sentence_component(doc: Doc) -> Doc:
    """Mark sentence starts with :func:`split_sentences`, token by token."""
    starts = {start for start, _ in split_sentences(doc_text(doc))}
    # One array write instead of a per-token setter: spaCy re-checks the whole doc on each set.
    is_start = numpy.isin(doc.to_array([IDX]).reshape(-1).astype("int64"), sorted(starts))
    if len(doc):
        is_start[0] = True
        # spaCy stores "not a start" as -1 in an unsigned array.
        values = numpy.where(is_start, 1, -1).astype("int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], values)
    return doc


def sentence_spans(doc: Doc) -> list[Span]:
    """The sentences of a Doc whose starts are set, read from the token array (cheaper than doc.sents)."""
    if not len(doc):
        return []
    flags = doc.to_array([SENT_START]).reshape(-1)
    starts = [int(i) for i in numpy.flatnonzero(flags == 1)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return [doc[a:b] for a, b in zip(starts, starts[1:] + [len(doc)])]
