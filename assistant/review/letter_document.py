"""The letter text as a document: the title, the headings, the item headings and the paragraphs
with their labels in bold. The preview (HTML) and the Word file are both written from these
blocks, so they show the same content."""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from typing import Literal

from docx import Document
from pydantic import BaseModel, ConfigDict

from assistant.letters.models import Decision
from assistant.letters.parser import (
    CA_LABEL,
    DECISION_DATE_LABEL,
    MAXIMUS_LABEL,
    RATIONALE_LABEL,
    UR_DATE_LABEL,
)
from assistant.letters.renderer import CREDENTIALS_LINE

CASE_NUMBER_LABEL = "IMR Case Number:"
LABELS = (
    CASE_NUMBER_LABEL,
    DECISION_DATE_LABEL,
    UR_DATE_LABEL,
    CREDENTIALS_LINE,
    "State(s) of Licensure:",
    "Certification(s)/Specialty:",
    CA_LABEL,
    MAXIMUS_LABEL,
    RATIONALE_LABEL,
)
ITEM_ENDINGS = tuple(f": {decision.value}" for decision in Decision)

Style = Literal["title", "heading", "item", "body"]


class Run(BaseModel):
    """One line of a block: its label (shown in bold; empty when it has none) and its text."""

    model_config = ConfigDict(frozen=True)

    label: str = ""
    text: str = ""

    @property
    def plain(self) -> str:
        return f"{self.label} {self.text}".strip()


class Block(BaseModel):
    """A paragraph of the letter and how it is set."""

    model_config = ConfigDict(frozen=True)

    style: Style
    lines: list[Run]


def _run(line: str) -> Run:
    for label in LABELS:
        if line.startswith(label):
            return Run(label=label, text=line[len(label) :].strip())
    return Run(text=line)


def letter_blocks(text: str) -> list[Block]:
    """The letter's blocks: the header as the title, every capitalised heading on its own, an
    item's "title: decision" line as an item heading, everything else as body paragraphs."""
    blocks: list[Block] = []
    chunks = [chunk for chunk in text.strip().split("\n\n") if chunk.strip()]
    for index, chunk in enumerate(chunks):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if index == 0:
            blocks.append(Block(style="title", lines=[_run(line) for line in lines]))
            continue
        if lines[0].isupper():
            blocks.append(Block(style="heading", lines=[Run(text=lines[0])]))
            lines = lines[1:]
        elif len(lines) == 1 and lines[0].endswith(ITEM_ENDINGS):
            blocks.append(Block(style="item", lines=[Run(text=lines[0])]))
            continue
        if lines:
            blocks.append(Block(style="body", lines=[_run(line) for line in lines]))
    return blocks


def _html_line(run: Run) -> str:
    text = html.escape(run.text)
    if not run.label:
        return text
    label = html.escape(run.label)
    return f"<strong>{label}</strong> {text}" if text else f"<strong>{label}</strong>"


PAGE_STYLE = (
    "background:#ffffff;color:#1a1a1a;border:1px solid #d0d0d0;border-radius:4px;"
    "padding:2.5rem 3rem;max-width:52rem;font-family:Georgia,'Times New Roman',serif;"
    "font-size:1rem;line-height:1.55"
)
TAGS = {"heading": "h3", "item": "h4"}


def letter_html(blocks: Sequence[Block]) -> str:
    """The blocks as one HTML page: the case number as the title, headings and item headings as
    headings, labels in bold; every text escaped."""
    parts = [f'<div class="imr-letter" style="{PAGE_STYLE}">']
    for block in blocks:
        if block.style == "title":
            first, *rest = block.lines
            parts.append(f'<h2 style="margin-top:0">{_html_line(first)}</h2>')
            parts += [f'<p style="margin:0">{_html_line(run)}</p>' for run in rest]
        elif block.style in TAGS:
            tag = TAGS[block.style]
            parts.append(f"<{tag}>{html.escape(block.lines[0].text)}</{tag}>")
        else:
            parts.append("<p>" + "<br>".join(_html_line(run) for run in block.lines) + "</p>")
    parts.append("</div>")
    return "\n".join(parts)


def letter_docx(blocks: Sequence[Block]) -> bytes:
    """The blocks as a Word document: the case number as the title, headings and item headings
    as headings, one paragraph per body block with its labels in bold."""
    document = Document()
    for block in blocks:
        lines = list(block.lines)
        if block.style == "title":
            document.add_heading(lines.pop(0).plain, level=1)
        elif block.style == "heading":
            document.add_heading(lines[0].text, level=2)
            continue
        elif block.style == "item":
            document.add_heading(lines[0].text, level=3)
            continue
        if not lines:
            continue
        paragraph = document.add_paragraph()
        for number, run in enumerate(lines):
            if run.label:
                paragraph.add_run(run.label + (" " if run.text else "")).bold = True
            if run.text:
                paragraph.add_run(run.text)
            if number < len(lines) - 1:
                paragraph.add_run().add_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
