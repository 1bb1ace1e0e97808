"""The draft clinical case summary, extractive: sentences chosen from the records in the house
order (the injured worker and the injury, diagnoses, treatment to date, imaging and surgery,
latest findings, the request and the UR decision), lightly normalised, each linked to the page it
came from. A sentence is kept only when every number, date and drug name in it is on a page it
links."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from assistant.drafting.validate import unsupported_facts
from assistant.intake.dates import DATE_TEXT, parse_date
from assistant.intake.drugs import DRUG_NAMES
from assistant.intake.models import (
    DocumentType,
    Page,
    RecordDocument,
    RequestedItem,
    SummarySentence,
    UrDecision,
)
from assistant.intake.noise import body_lines
from assistant.intake.split import ANY_TITLE
from assistant.text import split_sentences

log = logging.getLogger(__name__)

_AGE = re.compile(r"\b\d{1,3}-year-old\b")
_INJURY = re.compile(r"\b(?:date of injury|injured on)\b", re.I)
_DIAGNOSES = re.compile(r"^(?:Diagnos[ie]s|Assessment|Impression)s?:\s*", re.I)
_TREATMENT = re.compile(r"\btreatment to date\b|\bhas been treated with\b", re.I)
_IMPRESSION = re.compile(r"^Impression:\s*", re.I)
_PROCEDURE = re.compile(r"^Procedures? performed:\s*", re.I)
_SUBJECTIVE = re.compile(r"^(?:Subjective|Complaints?):\s*", re.I)
_OBJECTIVE = re.compile(r"^(?:Objective|Examination|Physical examination|Exam findings):\s*", re.I)
_EXAM = re.compile(r"^Exam(?:ination)?:\s*(?P<exam>.+)$", re.I)
_LEAD_LABEL = re.compile(
    r"^(?:History(?: of present illness)?|Clinical (?:summary|reason)|Treatment to date|"
    r"Subjective|Objective|Complaints?):\s*",
    re.I,
)
_PATIENT = re.compile(r"\b[Tt]he (?:patient|claimant|applicant|employee)\b")
_DECISION_WORDS = {
    UrDecision.NON_CERTIFIED: "non-certified",
    UrDecision.MODIFIED: "modified",
    UrDecision.CERTIFIED: "certified",
}


_FIELD_START = re.compile(r"^[A-Z][A-Za-z'/() -]{1,40}:\s")


def paragraphs(lines: Sequence[str]) -> list[str]:
    """Lines joined into paragraphs: a title line, or a line that starts with a field label
    ("Diagnoses: ..."), starts a new one."""
    joined: list[str] = []
    for line in lines:
        starts = _FIELD_START.match(line) or ANY_TITLE.search(line) or not joined
        if starts:
            joined.append(line)
        else:
            joined[-1] = f"{joined[-1]} {line}"
    return joined


class _Sentences:
    """The sentences of each page's own lines, in page order."""

    def __init__(self, pages: Sequence[Page], running: frozenset[str]) -> None:
        self.by_page = {
            page.number: [
                sentence
                for paragraph in paragraphs(body_lines(page, running))
                for sentence in split_sentences(paragraph)
            ]
            for page in pages
        }
        self.texts = {page.number: page.text for page in pages}

    def find(self, numbers: Sequence[int], test: Callable[[str], bool]) -> tuple[str, int] | None:
        for number in numbers:
            for sentence in self.by_page.get(number, []):
                if test(sentence):
                    return sentence, number
        return None

    def raw_date(self, document: RecordDocument) -> str | None:
        """The document's date as its first page writes it."""
        if document.date is None:
            return None
        for found in DATE_TEXT.finditer(self.texts.get(document.first_page, "")):
            if parse_date(found.group()) == document.date:
                return found.group()
        return None


def _matches(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda sentence: bool(pattern.match(sentence))


def _exam_name(sentences: _Sentences, document: RecordDocument) -> str:
    found = sentences.find(document.pages, lambda s: bool(_EXAM.match(s)))
    named = _EXAM.match(found[0]) if found else None
    return named.group("exam").rstrip(".") if named else "Imaging"


def _lower_first(text: str) -> str:
    """Text with its first letter in lower case unless the first word is an acronym."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def normalise(sentence: str) -> str:
    """House style: no field label in front, "the injured worker", a capital and a full stop."""
    text = _PATIENT.sub(lambda found: found.group()[0] + "he injured worker", sentence)
    text = _LEAD_LABEL.sub("", text).strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _latest(documents: Sequence[RecordDocument], *kinds: DocumentType) -> list[RecordDocument]:
    """Documents of these kinds, latest first (undated last)."""
    chosen = [document for document in documents if document.type in kinds]
    return sorted(chosen, key=lambda d: (d.date is not None, d.date), reverse=True)


def summarise(
    pages: Sequence[Page],
    documents: Sequence[RecordDocument],
    items: Sequence[RequestedItem],
    running: frozenset[str],
) -> list[SummarySentence]:
    """The extractive case summary, each sentence with the pages that hold its facts."""
    sentences = _Sentences(pages, running)
    clinical = _latest(documents, DocumentType.PROGRESS_REPORT, DocumentType.CONSULTATION)
    clinical_pages = [number for document in clinical for number in document.pages]
    every_page = [page.number for page in pages]
    chosen: list[tuple[str, list[int]]] = []

    def take(numbers: Sequence[int], test: Callable[[str], bool], prefix: str = "") -> None:
        found = sentences.find(numbers, test)
        if found is not None:
            chosen.append((prefix + normalise(found[0]), [found[1]]))

    take(clinical_pages or every_page, lambda s: bool(_AGE.search(s)))
    if not any(_INJURY.search(text) for text, _ in chosen):
        take(every_page, lambda s: bool(_INJURY.search(s)))
    take(clinical_pages, lambda s: bool(_DIAGNOSES.match(s)))
    take(clinical_pages, lambda s: bool(_TREATMENT.search(s)))
    for document in _latest(documents, DocumentType.IMAGING)[:2]:
        found = sentences.find(document.pages, lambda s: bool(_IMPRESSION.match(s)))
        if found is not None:
            label = _exam_name(sentences, document)
            when = sentences.raw_date(document)
            lead = f"{label} of {when}" if when else label
            impression = _IMPRESSION.sub("", found[0])
            chosen.append((f"{lead} showed: {impression}", sorted({document.first_page, found[1]})))
    for document in _latest(documents, DocumentType.OPERATIVE_REPORT)[:2]:
        found = sentences.find(document.pages, lambda s: bool(_PROCEDURE.match(s)))
        if found is not None:
            when = sentences.raw_date(document)
            lead = f"Surgery on {when}: " if when else "Surgery: "
            chosen.append(
                (lead + _PROCEDURE.sub("", found[0]), sorted({document.first_page, found[1]}))
            )
    latest = _latest(documents, DocumentType.PROGRESS_REPORT)[:1]
    for document in latest:
        when = sentences.raw_date(document)
        prefix = f"On {when}, " if when else ""
        for pattern in (_SUBJECTIVE, _OBJECTIVE):
            found = sentences.find(document.pages, _matches(pattern))
            if found is not None:
                text = normalise(found[0])
                text = _lower_first(text) if prefix else text
                chosen.append((prefix + text, sorted({document.first_page, found[1]})))
    for document in _latest(documents, DocumentType.RFA)[:1]:
        text = " ".join(" ".join(sentences.texts.get(n, "").split()) for n in document.pages)
        asked = [item.title for item in items if item.title.casefold() in text.casefold()]
        if asked:
            when = sentences.raw_date(document)
            of = f" of {when}" if when else ""
            listed = "; ".join(asked)
            chosen.append((f"The request for authorization{of} asks for {listed}.", document.pages))
    ur_documents = _latest(documents, DocumentType.UR_DETERMINATION)
    for item in items:
        decision = _DECISION_WORDS.get(item.ur_decision) if item.ur_decision else None
        if decision is None or not ur_documents:
            continue
        when = sentences.raw_date(ur_documents[0])
        on = f" on {when}" if when else ""
        chosen.append(
            (
                f"Utilization review{on} {decision} the request for {item.title}.",
                sorted({ur_documents[0].first_page, *item.pages}),
            )
        )
    return [
        sentence
        for sentence in (_checked(text, numbers, sentences.texts) for text, numbers in chosen)
        if sentence
    ]


def _checked(text: str, numbers: list[int], texts: dict[int, str]) -> SummarySentence | None:
    """The sentence with its pages when every fact in it is on one of them, else None."""
    allowed = " ".join(texts.get(number, "") for number in numbers)
    missing = unsupported_facts(text, allowed, DRUG_NAMES)
    if missing:
        log.debug("summary sentence dropped: %d fact(s) not on its pages", len(missing))
        return None
    return SummarySentence(text=text, pages=numbers)
