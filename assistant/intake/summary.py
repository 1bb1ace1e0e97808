"""An extractive case summary: sentences chosen from the records, lightly normalised, each with
the page it came from; a sentence whose facts are not all on its pages is left out."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.drafting.case import SummarySentence
from assistant.intake.models import Document, UrItem

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_LABELLED = re.compile(r"^[A-Z][A-Za-z /()'-]{1,40}:\s")
_FACT = re.compile(r"\d+(?:[./:,-]\d+)*%?|#\d+")
_SPACE = re.compile(r"\s+")
_PATIENT = re.compile(r"^(?:The|This) (?:patient|claimant|applicant|employee)\b")

FIELD_WIDTH = 60
_END = "\x00"

Rule = tuple[str, tuple[str, ...], Callable[[str], bool]]


def _has(pattern: str) -> Callable[[str], bool]:
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda sentence: bool(compiled.search(sentence))


# what the summary says, in the house order, and the documents to look in, latest first
RULES: tuple[Rule, ...] = (
    ("age", ("progress_report", "consultation"), _has(r"\b\d{1,3}-year-old\b")),
    ("injury", ("progress_report", "consultation"), _has(r"\binjur(?:ed|y)\b.*\d{4}")),
    (
        "treatment",
        ("progress_report", "consultation"),
        _has(r"\btreatment to date\b|has (?:included|had|undergone)\b"),
    ),
    ("diagnoses", ("progress_report", "consultation"), _has(r"^diagnos[ie]s\b")),
    ("imaging", ("imaging",), _has(r"^impression\b")),
    ("surgery", ("operative_report",), _has(r"^(?:procedure|operation)s? performed\b")),
    ("findings", ("progress_report",), _has(r"\bexamination\b|\bexam (?:today|reveals|shows)\b")),
    ("request", ("progress_report", "rfa"), _has(r"\brequest")),
)


def page_sentences(lines: list[str]) -> list[str]:
    """A page's sentences. A short labelled line ("Date of injury: ...") stands alone; a long one
    starts a paragraph that the following unlabelled lines continue."""
    blocks: list[list[str]] = []
    for line in lines:
        labelled = bool(_LABELLED.match(line))
        if labelled or not blocks or blocks[-1][-1] == _END:
            blocks.append([line])
        else:
            blocks[-1].append(line)
        if labelled and len(line) < FIELD_WIDTH:
            blocks[-1].append(_END)
    texts = (" ".join(line for line in block if line != _END) for block in blocks)
    return [part.strip() for text in texts for part in _SENTENCE_END.split(text) if part.strip()]


def normalise(sentence: str) -> str:
    """Occupation-neutral wording and a closing full stop."""
    text = _PATIENT.sub("The injured worker", _SPACE.sub(" ", sentence).strip())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def facts(sentence: str) -> list[str]:
    """The numbers, dates and doses a sentence states."""
    return _FACT.findall(sentence)


def grounded(sentence: str, page_text: str) -> bool:
    """Every fact of the sentence is written on the page."""
    flat = _SPACE.sub(" ", page_text)
    return all(fact in flat for fact in facts(sentence))


def _latest_first(documents: list[Document], kinds: tuple[str, ...]) -> list[Document]:
    chosen = [document for document in documents if document.type in kinds]
    return sorted(
        chosen,
        key=lambda document: (
            kinds.index(document.type),
            -(document.date.toordinal() if document.date else 0),
        ),
    )


def _ur_sentence(items: list[UrItem], ur_date: str | None) -> SummarySentence | None:
    decided = [item for item in items if item.decision]
    if not decided:
        return None
    parts = [f"{item.decision} {item.title}" for item in decided]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" and {parts[-1]}"
    when = f" on {ur_date}" if ur_date else ""
    pages = sorted({page for item in decided for page in item.pages})
    return SummarySentence(text=f"Utilization review{when} {joined}.", pages=pages)


def summarise(
    documents: list[Document], items: list[UrItem], ur_date_text: str | None
) -> list[SummarySentence]:
    """The case summary in the house order, each sentence with the page it was read from."""
    chosen: list[SummarySentence] = []
    seen: set[str] = set()
    for _name, kinds, wanted in RULES:
        if any(wanted(sentence.text) for sentence in chosen):
            continue
        found = _first(_latest_first(documents, kinds), wanted, seen)
        if found is not None:
            seen.add(found.text)
            chosen.append(found)
    closing = _ur_sentence(items, ur_date_text)
    if closing is not None:
        chosen.append(closing)
    return chosen


def _first(
    documents: list[Document], wanted: Callable[[str], bool], seen: set[str]
) -> SummarySentence | None:
    for document in documents:
        for number in document.pages:
            lines = document.lines.get(number, [])
            for sentence in page_sentences(lines):
                text = normalise(sentence)
                if text in seen or not wanted(sentence):
                    continue
                if grounded(text, " ".join(lines)):
                    return SummarySentence(text=text, pages=[number])
    return None
