"""PDFs made with reportlab for the reader and CLI tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

LINES_PER_PAGE = 50


def write_text_pdf(path: Path, text: str, width: int = 90) -> None:
    """Lay the text out as a PDF: paragraphs wrapped at `width` characters, pages of 50 lines."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    canvas = Canvas(str(path), pagesize=LETTER)
    for start in range(0, len(lines), LINES_PER_PAGE):
        y = 750.0
        for line in lines[start : start + LINES_PER_PAGE]:
            canvas.setFont("Helvetica", 9)
            canvas.drawString(40, y, line)
            y -= 14
        canvas.showPage()
    canvas.save()


def write_blank_pdf(path: Path) -> None:
    """A PDF of two pages holding only drawn shapes, as a scan without OCR would."""
    canvas = Canvas(str(path), pagesize=LETTER)
    for _ in range(2):
        canvas.rect(50, 50, 400, 600, fill=1)
        canvas.showPage()
    canvas.save()
