"""Words and sentences of English text: the one place the project tokenises, drops stopwords,
finds content words and splits sentences.

BM25 and alias matching, the offline model's evidence matching, the review chat's choice of case
sentences and the evaluation's lexical entailment all read text through these functions, so a word
counts (or not) the same way everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

_STOPWORD_TEXT = """
a an and are as at be by for from has have in is it of on or per the to with was were this that
these those which what who whom how do does did there their than then only when would could can
not no
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
"""English function words: they carry no topic, so no rule matches on them. Words such as "such",
"may", "should", "been" or "about" stay content words: guideline criteria lean on them, and the
offline model's evidence matching (and so its drafts) depends on counting them."""

_DOSING_TEXT = """
qty quantity x times mg mcg ml tab tabs tablet tablets cap caps capsule capsules dispense request
requested
"""
DOSING_WORDS = frozenset(_DOSING_TEXT.split())
"""Words of how a request is written (units, forms, "dispense"): every request has some."""

_GENERIC_TEXT = """
patient worker injured applicant request treatment documented document documentation record
recorded note noted guideline recommend recommended support supported report reported case use
used when where after before only other more less also show shown which there their than
"""
GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())
"""Words every case and every guideline uses (in their stemmed form): they tell no topic apart."""

MIN_CONTENT_LENGTH = 3
_TOKEN = re.compile(r"[a-z0-9]+")
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])|(?<=[a-z][.!?])(?=[A-Z][a-z])")
_ABBREVIATIONS = ("Dr.", "Mr.", "Ms.", "Mrs.", "vs.", "e.g.", "i.e.", "approx.", "No.")
_STATEMENT_END = re.compile(r"(?<=[.;])\s+(?=[A-Z])")


def words(text: str) -> list[str]:
    """Lowercase letter-and-digit runs, in order, everything kept."""
    return _TOKEN.findall(text.lower())


def stem(token: str) -> str:
    """A light plural/suffix folding: 'injections' -> 'injection', 'studies' -> 'study'."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Word tokens without stopwords, dosing words or bare numbers, lightly stemmed."""
    return [
        stem(token)
        for token in words(text)
        if token not in STOPWORDS and token not in DOSING_WORDS and not token.isdigit()
    ]


def content_words(text: str) -> frozenset[str]:
    """The tokens that say what a text is about: no generic words, none shorter than three."""
    return frozenset(
        word
        for word in tokenize(text)
        if word not in GENERIC_WORDS and len(word) >= MIN_CONTENT_LENGTH
    )


@lru_cache(maxsize=16384)
def normalise_phrase(text: str) -> str:
    """Lowercase words joined by single spaces (numbers kept): the form aliases are matched in."""
    return " ".join(words(text))


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, whitespace collapsed; a period inside a number or after a common title
    or abbreviation ends none."""
    pieces: list[str] = []
    for piece in _BOUNDARY.split(" ".join(text.split())):
        if pieces and pieces[-1].endswith(_ABBREVIATIONS):
            pieces[-1] = f"{pieces[-1]} {piece}"
        elif piece:
            pieces.append(piece)
    return pieces


def split_statements(prose: str) -> list[str]:
    """The statements of guideline prose: it ends one at a period or a semicolon before a capital
    (a criterion list joined by semicolons gives one statement each), and nowhere else."""
    return [piece.strip() for piece in _STATEMENT_END.split(prose) if piece.strip()]
