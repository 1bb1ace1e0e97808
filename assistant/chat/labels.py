"""Excerpts as a reviewer names them ("CPMTG Opioids p.80-82") and their text without the
retrieval header (title line, guideline line, "Also requested as" alias list)."""

from __future__ import annotations

from assistant.corpus.chunks import ChunkMeta
from assistant.letters.refs import format_pages
from assistant.text import split_statements

SHORT_NAMES = {
    "acoem": "ACOEM",
    "cpmtg": "CPMTG",
    "opioids": "MTUS Opioids Guidelines",
    "acupuncture": "Acupuncture Guidelines",
    "postsurgical": "Postsurgical Guidelines",
    "odg": "ODG",
}
_HEADER_PREFIXES = ("Guideline:", "Also requested as:")


def readable_label(meta: ChunkMeta) -> str:
    """Guideline, chapter, topic and pages in a few words: "ACOEM Ch.12 Lumbar MRI p.303-304"."""
    parts: list[str] = []
    short = SHORT_NAMES.get(str(meta.source))
    if short:
        parts.append(short)
    if meta.chapter is not None:
        parts.append(f"Ch.{meta.chapter}")
    parts.append(meta.topic or meta.title)
    if meta.pages:
        parts.append(f"p.{format_pages(meta.pages)}")
    return " ".join(parts)


def excerpt_body(text: str) -> str:
    """A guideline chunk's own text: the header lines dropped, bullets kept one per line."""
    lines = text.splitlines()
    body = [line for line in lines[1:] if line.strip() and not line.startswith(_HEADER_PREFIXES)]
    return "\n".join(body)


def excerpt_statements(text: str) -> list[str]:
    """The statements of a chunk's body: each bullet, then each sentence of its prose."""
    body = excerpt_body(text).splitlines()
    bullets = [line[2:].strip() for line in body if line.startswith("- ")]
    prose = " ".join(line for line in body if not line.startswith(("- ", "### ")))
    return [*split_statements(prose), *bullets]
