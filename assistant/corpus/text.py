"""Lexical normalisation shared by BM25 and alias matching."""

from __future__ import annotations

import re
from functools import lru_cache

_STOPWORD_TEXT = """
a an and are as at be by for from has have in is it of on or per the to with was were this that
these those not no qty quantity x times mg mcg ml tab tabs tablet tablets cap caps capsule capsules
dispense request requested
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_TOKEN = re.compile(r"[a-z0-9]+")


def stem(token: str) -> str:
    """A light plural/suffix folding: 'injections' -> 'injection', 'studies' -> 'study'."""
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens without stopwords or bare numbers, lightly stemmed."""
    return [
        stem(token)
        for token in _TOKEN.findall(text.lower())
        if token not in STOPWORDS and not token.isdigit()
    ]


@lru_cache(maxsize=16384)
def normalise_phrase(text: str) -> str:
    """Lowercase words joined by single spaces (numbers kept): the form aliases are matched in."""
    return " ".join(_TOKEN.findall(text.lower()))
