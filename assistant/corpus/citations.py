"""Citations rendered from corpus metadata, in either era's style; never from model text."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.corpus.chunks import ChunkMeta
from assistant.letters.eras import CitationStyle
from assistant.letters.models import GuidelineRef
from assistant.letters.refs import format_guideline_line, format_ref
from assistant.letters.sources import SECTION_EDITIONS, GuidelineSource, acoem_book


def _section_ref(source: GuidelineSource, chapter: int | None, section: str) -> GuidelineRef | None:
    if source is GuidelineSource.ACOEM:
        if chapter is None:
            return None
        book, edition = acoem_book(chapter)
        return GuidelineRef(
            source=source,
            chapter=chapter,
            chapter_title=book,
            topic=section,
            edition=edition,
            raw="",
        )
    if source not in SECTION_EDITIONS:
        return None
    topic = None if source is GuidelineSource.ACUPUNCTURE else section
    return GuidelineRef(source=source, topic=topic, edition=SECTION_EDITIONS[source], raw="")


def guideline_ref(
    source: GuidelineSource,
    chapter: int | None,
    chapter_title: str | None,
    topic: str | None,
    pages: list[int],
    *,
    style: CitationStyle = CitationStyle.PAGES,
    section: str | None = None,
    section_source: GuidelineSource | None = None,
) -> GuidelineRef:
    """The citation of a guideline place, with `raw` rendered in the house style.

    In the page style (2013-2015 letters) an ACOEM citation names the chapter and pages, not the
    section. In the section style (2016 on) an MTUS place is cited by guideline, edition year and
    `section` (under `section_source` when a 2016-17 letter cites a different guideline, such as
    the 2016 opioid guideline); ODG and other sources read the same in both styles.
    """
    if style is CitationStyle.SECTIONS and section:
        ref = _section_ref(section_source or source, chapter, section)
        if ref is not None:
            return ref.model_copy(update={"raw": format_ref(ref)})
    ref = GuidelineRef(
        source=source,
        chapter=chapter,
        chapter_title=chapter_title,
        topic=None if source is GuidelineSource.ACOEM else topic,
        pages=sorted(set(pages)),
        raw="",
    )
    return ref.model_copy(update={"raw": format_ref(ref)})


def chunk_ref(meta: ChunkMeta, style: CitationStyle = CitationStyle.PAGES) -> GuidelineRef:
    """The citation of a chunk's guideline place, from its metadata alone."""
    return guideline_ref(
        meta.source,
        meta.chapter,
        meta.chapter_title,
        meta.topic,
        meta.pages,
        style=style,
        section=meta.cited_section,
        section_source=meta.cited_section_source,
    )


def maximus_line(metas: Sequence[ChunkMeta], style: CitationStyle = CitationStyle.PAGES) -> str:
    """The reviewer's guideline line, rendered from chunk metadata (one citation per place)."""
    refs = []
    seen: set[str] = set()
    for meta in metas:
        ref = chunk_ref(meta, style)
        if ref.raw not in seen:
            seen.add(ref.raw)
            refs.append(ref)
    return format_guideline_line(refs)
