"""Cut guideline topics and determination letters into chunks measured in tiktoken tokens.

Guideline chunks follow the topic's sections (Summary, Criteria, and the two halves of
"Applying it").
A section that is too long is packed block by block, where a block is a paragraph or a whole list:
a criteria list is never split. Every determination item is one chunk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.corpus.chunks import Chunk, ChunkKind, ChunkMeta
from assistant.corpus.classify import TopicMatcher
from assistant.corpus.topics import GuidelineTopic
from assistant.letters.models import Letter
from assistant.letters.renderer import render_item

TokenCounter = Callable[[str], int]


def split_blocks(text: str) -> list[str]:
    """Paragraphs and lists as units: consecutive bullet lines (and continuations) stay together."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        starts_list = bool(re.match(r"^\s*(?:[-*+]|\d+[.)])\s", line))
        in_list = bool(current) and bool(re.match(r"^\s*(?:[-*+]|\d+[.)])\s", current[0]))
        if current and starts_list != in_list and not (in_list and line.startswith(" ")):
            blocks.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def pack_blocks(blocks: Sequence[str], max_tokens: int, count: TokenCounter) -> list[str]:
    """Greedily join blocks into pieces of at most `max_tokens`; an oversized block stays whole."""
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for block in blocks:
        size = count(block)
        if current and used + size > max_tokens:
            pieces.append("\n\n".join(current))
            current, used = [], 0
        current.append(block)
        used += size
    if current:
        pieces.append("\n\n".join(current))
    return pieces


def _topic_parts(topic: GuidelineTopic) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    for section in topic.sections:
        if section.heading != "Applying it":
            parts.append((section.heading, section.text))
            continue
        halves = re.split(r"^### +(.+?)\s*$", section.text, flags=re.M)
        for heading, text in zip(halves[1::2], halves[2::2], strict=True):
            parts.append((f"Applying it: {heading}", text.strip()))
    return parts


def chunk_topic(
    topic: GuidelineTopic, *, corpus_root: Path, max_tokens: int, count: TokenCounter
) -> list[Chunk]:
    """The chunks of one guideline topic, each headed by the topic title and its citation."""
    citation = topic.citation()
    meta = topic.meta
    relative = _relative(Path(topic.path), corpus_root)
    chunks: list[Chunk] = []
    for heading, text in _topic_parts(topic):
        header = [f"{meta.title} - {heading}", f"Guideline: {citation}"]
        if heading == "Summary":
            header.append("Also requested as: " + "; ".join(meta.aliases))
        budget = max(max_tokens - count("\n".join(header)), max_tokens // 2)
        pieces = pack_blocks(split_blocks(text), budget, count)
        for index, piece in enumerate(pieces):
            label = heading if len(pieces) == 1 else f"{heading} ({index + 1}/{len(pieces)})"
            body = "\n".join([*header, piece])
            chunk_meta = ChunkMeta(
                kind=ChunkKind.GUIDELINE,
                source_file=relative,
                corpus_root=str(corpus_root),
                token_count=count(body),
                citation=citation,
                source=meta.source,
                chapter=meta.chapter,
                chapter_title=meta.chapter_title,
                topic=meta.topic,
                pages=list(meta.pages),
                page_confidence=meta.page_confidence.value,
                outside_fact_sheet=list(meta.outside_fact_sheet),
                title=meta.title,
                section=label,
                cited_section=meta.section,
                cited_section_source=meta.section_source,
                topic_id=meta.id,
                era=meta.era,
                category=meta.category.value,
                body_regions=list(meta.body_regions),
                aliases=list(meta.aliases),
            )
            chunks.append(Chunk(id=Chunk.make_id(body, chunk_meta), text=body, meta=chunk_meta))
    return chunks


def chunk_letter(
    letter: Letter,
    *,
    source_path: Path,
    corpus_root: Path,
    matcher: TopicMatcher,
    count: TokenCounter,
) -> list[Chunk]:
    """One chunk per determination item: heading, both guideline lines and the rationale."""
    relative = _relative(source_path, corpus_root)
    chunks: list[Chunk] = []
    for index, item in enumerate(letter.items):
        text = render_item(item)
        match = matcher.classify(item)
        first_ref = item.maximus_refs[0] if item.maximus_refs else None
        chunk_meta = ChunkMeta(
            kind=ChunkKind.DETERMINATION,
            source_file=relative,
            corpus_root=str(corpus_root),
            token_count=count(text),
            citation=item.maximus_guideline,
            source=first_ref.source if first_ref else match.source,
            chapter=first_ref.chapter if first_ref else None,
            chapter_title=first_ref.chapter_title if first_ref else None,
            topic=first_ref.topic if first_ref else None,
            pages=sorted({page for ref in item.maximus_refs for page in ref.pages}),
            title=item.title,
            topic_id=match.topic_id,
            category=match.category,
            body_regions=[match.body_region],
            letter_id=letter.letter_id,
            item_index=index,
            decision=item.decision.value,
        )
        chunks.append(Chunk(id=Chunk.make_id(text, chunk_meta), text=text, meta=chunk_meta))
    return chunks


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name
