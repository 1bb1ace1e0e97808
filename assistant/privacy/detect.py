"""Finding identifiers in case text with patterns and the cues around them.

Caught: person names after a title or a role ("Mr.", "Dr.", "patient", "injured worker",
"applicant", "Employee:") and in name fields of a case header, claim numbers after "claim",
IMR case numbers (`CM16-0012345`, `IMR-2016-0012345`) and numbers after "case number", dates
after "DOB" or "date of birth", street addresses with a street type, phone numbers, emails
and SSNs. Dates of service, drug names, doses and body parts carry no such cue and stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.privacy.models import PLACEHOLDER, IdentifierKind, Span

_NAME_WORD = r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
_INITIAL = r"[A-Z]\."
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_INITIAL}|{_NAME_WORD})){{0,2}}"
_FULL_NAME = rf"{_NAME_WORD}(?:\s+(?:{_INITIAL}|{_NAME_WORD})){{1,2}}"

#: Capitalised words that follow a role word without being a name.
_NOT_NAMES = frozenset(
    re.findall(
        r"\w+",
        """
        The A An He She They His Her Their It This That Is Was Has Had Who Which With And Or
        But Reports Reported States Stated Presents Presented Underwent Continues Complains
        Denies Notes Remains Returned Requested Received Takes Took Were Will Would On In At For
        From To Of By As Date Name Number Case Claim No Not None Unknown Patient Worker
        Applicant Employee Claimant Doctor Physician Provider Treating Primary Secondary Status
        Age Male Female
        """,
    )
)

_TITLE_CUE = re.compile(rf"\b(?:Mr|Mrs|Ms|Mx|Dr|Miss)\.?\s+(?P<name>{_NAME})")
_ROLE_CUE = re.compile(
    r"(?i:\b(?:patient|injured\s+worker|applicant|claimant|employee|worker)\b)[,:]?\s+"
    rf"(?:named\s+|is\s+)?(?P<name>{_FULL_NAME})"
)
_FIELD_CUE = re.compile(
    r"(?m)^[ \t]*(?i:patient(?:'s)?\s+name|patient|injured\s+worker|employee(?:\s+name)?|"
    r"applicant|claimant|name|worker|treating\s+physician|requesting\s+physician|"
    r"provider|physician|attorney)[ \t]*:[ \t]*"
    rf"(?P<name>{_NAME})"
)
_NAME_LABEL = re.compile(
    r"\b(?i:(?:patient|injured\s+worker|employee|applicant|claimant)(?:'s)?\s+name)"
    rf"[ \t]*:[ \t]*(?P<name>{_NAME})"
)
_CLAIM = re.compile(
    r"(?i:\bclaim)\s*(?i:number|no\.?|#|num\.?)?\s*[:#]?\s*"
    r"(?P<value>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,})\b"
)
_CASE = re.compile(
    r"\b(?P<value>CM\d{2}-\d{5,}|IMR-?\d{2,4}-?\d{4,})\b"
    r"|(?i:\bcase)\s*(?i:number|no\.?|#)\s*[:#]?\s*(?P<cued>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,})\b"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    rf"{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})"
)
_DOB = re.compile(
    r"(?i:\bD\.?O\.?B\.?|\bdate\s+of\s+birth|\bbirth\s*date|\bborn(?:\s+on)?)"
    rf"\s*(?:is|was)?\s*[:\-]?\s*(?P<value>{_DATE})"
)
_STREET_TYPE = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|"
    r"Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy)"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+)?(?:{_NAME_WORD}\s+){{1,3}}{_STREET_TYPE}\b"
    r"(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|#)\.?\s*[A-Za-z0-9-]+)?"
    r"(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?:,\s+|\s+)[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?)?"
)
_PHONE = re.compile(
    r"(?<![\w/.-])(?:\+?1[-.\s])?(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}(?![\w/-])"
)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
_SSN = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")


def _named(match: re.Match[str]) -> Iterator[Span]:
    words = list(re.finditer(r"\S+", match.group("name")))
    while words and words[-1].group() in _NOT_NAMES:
        words.pop()
    if not words or words[0].group() in _NOT_NAMES:
        return
    start = match.start("name")
    end = start + words[-1].end()
    yield Span(kind=IdentifierKind.PERSON, start=start, end=end, text=match.string[start:end])


def _group(match: re.Match[str], kind: IdentifierKind, *names: str) -> Iterator[Span]:
    for name in names:
        if match.group(name) is not None:
            yield Span(
                kind=kind, start=match.start(name), end=match.end(name), text=match.group(name)
            )


def _candidates(text: str) -> Iterator[Span]:
    for match in PLACEHOLDER.finditer(text):
        yield Span(
            kind=IdentifierKind(match.group(1)),
            start=match.start(),
            end=match.end(),
            text=match.group(),
        )
    for pattern, kind in ((_EMAIL, IdentifierKind.EMAIL), (_SSN, IdentifierKind.SSN)):
        for match in pattern.finditer(text):
            yield Span(kind=kind, start=match.start(), end=match.end(), text=match.group())
    for match in _DOB.finditer(text):
        yield from _group(match, IdentifierKind.DOB, "value")
    for match in _CASE.finditer(text):
        yield from _group(match, IdentifierKind.CASE, "value", "cued")
    for match in _CLAIM.finditer(text):
        yield from _group(match, IdentifierKind.CLAIM, "value")
    for match in _PHONE.finditer(text):
        yield Span(
            kind=IdentifierKind.PHONE, start=match.start(), end=match.end(), text=match.group()
        )
    for match in _ADDRESS.finditer(text):
        yield Span(
            kind=IdentifierKind.ADDRESS, start=match.start(), end=match.end(), text=match.group()
        )
    for pattern in (_FIELD_CUE, _NAME_LABEL, _TITLE_CUE, _ROLE_CUE):
        for match in pattern.finditer(text):
            yield from _named(match)


def find_identifiers(text: str) -> list[Span]:
    """Identifier spans in `text`, in order and without overlaps (the earlier-listed kind wins)."""
    taken: list[Span] = []
    for span in _candidates(text):
        if span.end > span.start and not any(
            span.start < other.end and other.start < span.end for other in taken
        ):
            taken.append(span)
    return sorted(taken, key=lambda span: span.start)
