"""The excerpts a rationale cites, as a reviewer reads them: a short label ("CPMTG Opioids p.78"),
the excerpt's own text without its index lines, the sentence the rationale rests on, and, after
an edit, which markers survive and which citations the edit dropped."""

from __future__ import annotations

import html
import re

from pydantic import BaseModel, ConfigDict

from assistant.drafting.result import Citation, ItemDraft
from assistant.drafting.schema import StatementKind
from assistant.letters.models import GuidelineRef
from assistant.letters.refs import format_pages, parse_citation
from assistant.letters.sources import GuidelineSource
from assistant.text import content_words, split_sentences

_GUIDELINE_LINE = "Guideline: "
_INDEX_LINES = (_GUIDELINE_LINE, "Also requested as:")
_PARTS = {
    "Summary": "summary",
    "Criteria": "criteria",
    "Applying it: Upholds UR when": "when reviewers uphold",
    "Applying it: Overturns UR when": "when reviewers overturn",
}
_SHORT_SOURCES = {
    GuidelineSource.CPMTG: "CPMTG",
    GuidelineSource.OPIOIDS: "Opioid guideline",
    GuidelineSource.ACUPUNCTURE: "Acupuncture guideline",
    GuidelineSource.POSTSURGICAL: "Postsurgical",
}


class CitedExcerpt(BaseModel):
    """One excerpt the rationale cites, by its marker number."""

    model_config = ConfigDict(frozen=True)

    number: int
    label: str
    part: str
    lines: list[str]
    cited: list[int]
    """Indexes of `lines` the rationale rests on."""


def _ref(citation: Citation) -> GuidelineRef | None:
    for line in citation.text.splitlines():
        if line.startswith(_GUIDELINE_LINE):
            refs = parse_citation(line.removeprefix(_GUIDELINE_LINE))
            if refs:
                return refs[0]
    refs = parse_citation(citation.citation)
    return refs[0] if refs else None


def _short_chapter(title: str) -> str:
    return re.split(r" - | \(", title)[0].removesuffix(" Complaints").strip()


def citation_label(citation: Citation) -> str:
    """A short readable name: 'ACOEM Ch.12 Low Back p.303-304', 'CPMTG Opioids p.78'."""
    ref = _ref(citation)
    if ref is None:
        return citation.citation
    pages = ref.pages or citation.pages
    where = f" p.{format_pages(pages)}" if pages else ""
    topic = (ref.topic or "").split(",")[0].strip()
    if ref.source is GuidelineSource.ACOEM:
        chapter = f" Ch.{ref.chapter}" if ref.chapter is not None else ""
        title = f" {_short_chapter(ref.chapter_title)}" if ref.chapter_title else ""
        return f"ACOEM{chapter}{title}{where}"
    if ref.source is GuidelineSource.ODG:
        book = _short_chapter(ref.chapter_title) if ref.chapter_title else ""
        return " ".join(part for part in ("ODG", book, topic) if part)
    if ref.source in _SHORT_SOURCES:
        return " ".join(part for part in (_SHORT_SOURCES[ref.source], topic) if part) + where
    return (ref.topic or citation.citation) + where


def _heading_part(citation: Citation) -> str:
    first = citation.text.splitlines()[0] if citation.text else ""
    heading = first.rsplit(" - ", 1)[-1] if " - " in first else ""
    return _PARTS.get(heading, citation.section or "")


def excerpt_lines(citation: Citation) -> list[str]:
    """The excerpt's own statements: no title, guideline or alias lines; bullets one a line."""
    body = citation.text.splitlines()[1:]
    lines: list[str] = []
    for line in body:
        if not line.strip() or line.startswith(_INDEX_LINES):
            continue
        text = line.strip().removeprefix("- ").strip()
        lines.extend(split_sentences(text) if not line.lstrip().startswith("-") else [text])
    return lines


def _rested_on(lines: list[str], sentence: str) -> set[int]:
    """The lines a sentence restates (most of their content words in it), else its closest line."""
    wanted = content_words(sentence)
    shared = [len(wanted & content_words(line)) for line in lines]
    restated = {
        index
        for index, line in enumerate(lines)
        if shared[index] and shared[index] * 2 >= len(content_words(line))
    }
    if restated or not any(shared):
        return restated
    return {max(range(len(lines)), key=shared.__getitem__)}


def referenced(draft: ItemDraft) -> list[Citation]:
    """The draft's citations its rationale cites, in the order the rationale first cites them."""
    by_id = {citation.chunk_id: citation for citation in draft.citations}
    order: list[str] = []
    for sentence in draft.sentences:
        if sentence.kind is StatementKind.GUIDELINE:
            order.extend(c for c in sentence.cites if c in by_id and c not in order)
    return [by_id[chunk_id] for chunk_id in order]


def cited_excerpts(draft: ItemDraft) -> list[CitedExcerpt]:
    """Each cited excerpt with the lines the rationale's sentences citing it rest on."""
    excerpts = []
    for number, citation in enumerate(referenced(draft), 1):
        lines = excerpt_lines(citation)
        cited: set[int] = set()
        for sentence in draft.sentences:
            if citation.chunk_id in sentence.cites:
                cited |= _rested_on(lines, sentence.text)
        excerpts.append(
            CitedExcerpt(
                number=number,
                label=citation_label(citation),
                part=_heading_part(citation),
                lines=lines,
                cited=sorted(cited),
            )
        )
    return excerpts


def excerpt_html(excerpt: CitedExcerpt) -> str:
    """The excerpt as HTML, the lines the rationale rests on highlighted."""
    items = []
    for index, line in enumerate(excerpt.lines):
        text = html.escape(line)
        items.append(
            f"<li><mark>{text}</mark></li>" if index in excerpt.cited else f"<li>{text}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


def _normal(text: str) -> str:
    return " ".join(text.split())


class MarkedText(BaseModel):
    """A rationale cut into sentences, each with the markers it keeps."""

    model_config = ConfigDict(frozen=True)

    pieces: list[tuple[str, list[str]]]
    dropped: list[str]
    """The citations no kept sentence cites any more, as '[2] CPMTG Opioids p.78'."""


def marked_text(draft: ItemDraft, rationale: str) -> MarkedText:
    """The rationale with the draft's markers on every drafted sentence it still contains word for
    word: `[1]` for the first cited excerpt, `[S3]` for the third case sentence. Text the reviewer
    wrote carries no marker; a citation none of the kept sentences cites is reported dropped."""
    numbers = {
        citation.chunk_id: (number, citation_label(citation))
        for number, citation in enumerate(referenced(draft), 1)
    }
    text = _normal(rationale)
    found: list[tuple[int, int, list[str]]] = []
    kept: set[str] = set()
    cursor = 0
    for sentence in draft.sentences:
        start = text.find(_normal(sentence.text), cursor)
        if start < 0:
            continue
        end = start + len(_normal(sentence.text))
        if sentence.kind is StatementKind.GUIDELINE:
            marks = [f"[{numbers[c][0]}]" for c in sentence.cites if c in numbers]
            kept.update(c for c in sentence.cites if c in numbers)
        else:
            marks = [f"[{c}]" for c in sentence.cites]
        found.append((start, end, marks))
        cursor = end
    pieces: list[tuple[str, list[str]]] = []
    position = 0
    for start, end, marks in found:
        if text[position:start].strip():
            pieces.append((text[position:start].strip(), []))
        pieces.append((text[start:end], marks))
        position = end
    if text[position:].strip():
        pieces.append((text[position:].strip(), []))
    dropped = [
        f"[{number}] {label}"
        for chunk_id, (number, label) in numbers.items()
        if chunk_id not in kept
    ]
    return MarkedText(pieces=pieces, dropped=dropped)
