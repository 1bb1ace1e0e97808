"""What a chat question asks for (a duration, a visit count, a dose, criteria, a recommendation)
and what it is about (its subject words, and the query the corpus is searched with)."""

from __future__ import annotations

import re
from enum import StrEnum

from assistant.text import content_words


class Intent(StrEnum):
    DURATION = "duration"
    VISITS = "visits"
    DOSE = "dose"
    CRITERIA = "criteria"
    RECOMMENDATION = "recommendation"
    GENERAL = "general"


# How a question asks for each kind of answer, checked in this order (the first that matches wins).
_QUESTION_CUES: list[tuple[Intent, re.Pattern[str]]] = [
    (
        Intent.VISITS,
        re.compile(
            r"\bhow many\b.*\b(visits?|sessions?|treatments?|injections?|blocks?)\b|"
            r"\b(visits?|sessions?)\b|\bhow often\b|\bfrequency\b|\bper week\b|\bhow many times\b",
            re.I,
        ),
    ),
    (
        Intent.DOSE,
        re.compile(r"\b(dose|doses|dosage|dosing|mg|milligrams?|how much|maximum daily)\b", re.I),
    ),
    (
        Intent.DURATION,
        re.compile(
            r"\b(how long|duration|length|long[- ]term|weeks?|months?|days?|beyond|until|"
            r"time limit|time[- ]limited)\b",
            re.I,
        ),
    ),
    (
        Intent.CRITERIA,
        re.compile(
            r"\b(criteria|criterion|indications?|indicated|when (is|are|should|can|may)|"
            r"require[sd]?|requirements?|prerequisites?|qualif\w*|what must|needs? to|before)\b",
            re.I,
        ),
    ),
    (
        Intent.RECOMMENDATION,
        re.compile(
            r"\b(recommend\w*|support\w*|allowed|approve\w*|is .+ (ok|appropriate)|"
            r"first[- ]line|should)\b",
            re.I,
        ),
    ),
]

# The figure a sentence gives when it answers a count, dose or duration question.
_FIGURE_CUES: dict[Intent, re.Pattern[str]] = {
    Intent.VISITS: re.compile(
        r"\b\d+(\s*(-|to)\s*\d+)?\s+([a-z-]+\s+)?(visits?|sessions?|treatments?|injections?|"
        r"blocks?)\b|\b\d+(\s*(-|to)\s*\d+)?\s*(visits?|times?)\s+(per|a)\s+week\b",
        re.I,
    ),
    Intent.DOSE: re.compile(r"\b\d+(\.\d+)?\s*(mg|mcg|milligrams?)\b", re.I),
    Intent.DURATION: re.compile(
        r"\b(\d+|one|two|three|four|six)(\s*(-|to)\s*\d+)?[\s-]*(weeks?|months?|days?|years?)\b",
        re.I,
    ),
}

# The words a sentence uses when it answers each kind of question.
_WORD_CUES: dict[Intent, re.Pattern[str]] = {
    Intent.VISITS: re.compile(r"\bper week\b|\bfrequency\b", re.I),
    Intent.DOSE: re.compile(r"\bmorphine equivalent|\bMED\b|\bdaily dose\b", re.I),
    Intent.DURATION: re.compile(
        r"\blong[- ]term\b|\bshort[- ]term\b|\bbeyond\b|\bduration\b", re.I
    ),
    Intent.CRITERIA: re.compile(
        r"\b(requires?|required|must|only (if|when|after)|indicated|criteria|after failure|"
        r"failed|documented|when)\b",
        re.I,
    ),
    Intent.RECOMMENDATION: re.compile(
        r"\b(not recommended|recommended|not supported|supported|optional|first[- ]line|"
        r"not indicated|indicated|no evidence|evidence)\b",
        re.I,
    ),
}

# Words of the question itself ("what does MTUS say about"), not of its subject: searching on
# them finds the MTUS framework topics instead of the treatment asked about.
_QUESTION_WORDS = re.compile(
    r"\b(what|which|does|do|did|is|are|the|say|says|said|about|tell|me|mtus|odg|acoem|cpmtg|"
    r"guidelines?|allow|allows|allowed|recommend|recommends|recommendation|according|to|"
    r"how|many|much|often|long|under|for|of|a|an|in|on|there|any|can|may|should|it|this|"
    r"patient|worker|injured|please|explain|limit|limits|number)\b",
    re.I,
)
_EXPANSIONS = {"pt": "physical therapy", "ot": "occupational therapy"}


def question_intent(question: str) -> Intent:
    """The kind of answer the question asks for."""
    for intent, cue in _QUESTION_CUES:
        if cue.search(question):
            return intent
    return Intent.GENERAL


def answers_intent(sentence: str, intent: Intent) -> bool:
    """Whether a sentence states what the intent asks for (a visit count, a duration...)."""
    return states_figure(sentence, intent) or bool(
        intent in _WORD_CUES and _WORD_CUES[intent].search(sentence)
    )


def states_figure(sentence: str, intent: Intent) -> bool:
    """Whether a sentence gives the figure a count, dose or duration question asks for."""
    return intent in _FIGURE_CUES and bool(_FIGURE_CUES[intent].search(sentence))


def asks_for_odg(question: str) -> bool:
    """Whether the question asks what ODG (not the MTUS) says."""
    return bool(re.search(r"\bODG\b|Official Disability Guidelines", question, re.I)) and not bool(
        re.search(r"\bMTUS\b", question, re.I)
    )


def search_query(question: str) -> str:
    """The question's subject as a search query: question words dropped, abbreviations spelled
    out. "How many PT visits does MTUS allow for myalgia?" -> "physical therapy visits myalgia"."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9/.'-]*", question)
    kept = [
        _EXPANSIONS.get(word.lower(), word)
        for word in words
        if not _QUESTION_WORDS.fullmatch(word.strip(".'"))
    ]
    return " ".join(kept) or question


def subject_words(question: str) -> frozenset[str]:
    """The content words of what the question is about."""
    return content_words(search_query(question))
