"""The record pages a chat question is about, cited as "Records p. 12" ([R1], [R2]), and the
statement of each that answers it: a study's impression when the question asks what it showed,
else the sentence sharing most of the question's subject words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from assistant.chat.intent import search_query, subject_words
from assistant.retrieval.bm25 import BM25Index
from assistant.review.records import CaseRecords
from assistant.text import content_words, split_sentences

RECORD_PAGES = 2
QUOTED_PER_PAGE = 2
IMPRESSION_CHARS = 600

# A question about what happened in this case (a study's result, a date, a finding), not about
# what a guideline says.
_ABOUT_RECORDS = re.compile(
    r"\b(did|was|were|had|show|showed|shown|shows|reveal\w*|demonstrat\w*|found|finding\w*|"
    r"impression|results?|records?|chart)\b",
    re.I,
)
_NAMES_GUIDELINE = re.compile(r"\b(mtus|odg|acoem|cpmtg|guidelines?)\b", re.I)
_ASKS_FINDINGS = re.compile(
    r"\b(show|showed|shown|shows|reveal\w*|demonstrat\w*|found|finding\w*|impression|results?)\b",
    re.I,
)
# "IMPRESSION:" (or "Conclusion:") and what follows it, up to the next heading in capitals.
_IMPRESSION = re.compile(
    r"\b(?:IMPRESSION|Impression|CONCLUSIONS?|Conclusions?)\s*:\s*(.+?)"
    r"(?=\n\s*[A-Z][A-Z /&-]{3,}:|\Z)",
    re.S,
)


class RecordExcerpt(BaseModel):
    """A record page found for a question, by the marker it is cited with."""

    model_config = ConfigDict(frozen=True)

    marker: str
    page: int
    text: str

    @property
    def label(self) -> str:
        return f"Records p. {self.page}"


def asks_about_records(question: str) -> bool:
    """Whether the question asks what the case's records say (what a study showed, when
    something happened) rather than what a guideline says."""
    return bool(_ABOUT_RECORDS.search(question)) and not _NAMES_GUIDELINE.search(question)


def asks_findings(question: str) -> bool:
    return bool(_ASKS_FINDINGS.search(question))


def impression(page: str) -> str:
    """The impression (or conclusion) a report page states, whitespace collapsed; "" if none."""
    found = _IMPRESSION.search(page)
    return " ".join(found.group(1).split())[:IMPRESSION_CHARS] if found else ""


def record_excerpts(
    question: str, records: CaseRecords | None, n: int = RECORD_PAGES
) -> list[RecordExcerpt]:
    """The record pages that best match the question's subject (BM25), best first; when the
    question asks what something showed, the matching pages that state an impression first."""
    if records is None or not records.pages:
        return []
    numbers = list(records.pages)
    texts = [records.pages[number] for number in numbers]
    ranked = BM25Index(texts).top(search_query(question), len(texts))
    if asks_findings(question):
        ranked = sorted(ranked, key=lambda hit: not impression(texts[hit[0]]))
    return [
        RecordExcerpt(marker=f"R{rank}", page=numbers[position], text=texts[position])
        for rank, (position, _score) in enumerate(ranked[:n], 1)
    ]


def page_statements(question: str, excerpt: RecordExcerpt) -> list[str]:
    """What the page says on the question, best first: its impression when the question asks
    what something showed, then its sentences sharing most subject words."""
    subject = subject_words(question)
    found = impression(excerpt.text) if asks_findings(question) else ""
    sentences = [
        sentence
        for sentence in page_sentences(excerpt.text)
        if subject & content_words(sentence) and sentence not in found
    ]
    ranked = sorted(sentences, key=lambda sentence: -len(subject & content_words(sentence)))
    return ([f"Impression: {found}"] if found else []) + ranked


def page_sentences(page: str) -> list[str]:
    """The sentences of a page, line by line; headings, headers and stamps in capitals (no
    lowercase letter) are left out."""
    return [
        sentence
        for line in page.splitlines()
        for sentence in split_sentences(line)
        if any(character.islower() for character in sentence)
    ]


def record_answer(question: str, records: Sequence[RecordExcerpt]) -> tuple[str, RecordExcerpt]:
    """The statement that answers a question about the records and the page it is on; ("", page)
    when the best page states nothing on it."""
    for excerpt in records:
        statements = page_statements(question, excerpt)
        if statements:
            return statements[0], excerpt
    return "", records[0]


def record_quote(question: str, excerpt: RecordExcerpt) -> str:
    """The page's statements on the question, as quoted under the excerpts."""
    statements = page_statements(question, excerpt)[:QUOTED_PER_PAGE]
    return " ".join(statements) or " ".join(excerpt.text.split())[:IMPRESSION_CHARS]
