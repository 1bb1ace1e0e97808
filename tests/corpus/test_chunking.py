"""Chunking: sections stay whole, lists are never cut, ids are stable, items carry their context."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus.chunking import chunk_letter, chunk_topic, pack_blocks, split_blocks
from assistant.corpus.chunks import Chunk, ChunkKind, ChunkMeta
from assistant.corpus.classify import TopicMatcher, body_region_of
from assistant.corpus.tokens import count_tokens, ensure_tiktoken_offline
from assistant.corpus.topics import load_topic, load_topics
from assistant.letters.reader import read_letter
from tests.paths import CORPUS, EXAMPLE

GUIDELINES = CORPUS / "guidelines"


def words(text: str) -> int:
    return len(text.split())


def test_split_blocks_keeps_a_list_together_and_separates_paragraphs() -> None:
    text = "Intro line one\nintro line two\n- first\n- second\n  continued\n- third\nClosing."
    assert split_blocks(text) == [
        "Intro line one\nintro line two",
        "- first\n- second\n  continued\n- third",
        "Closing.",
    ]


def test_pack_blocks_respects_the_budget_but_never_splits_a_block() -> None:
    blocks = ["one two three", "four five", "- a\n- b\n- c\n- d\n- e\n- f\n- g"]
    assert pack_blocks(blocks, 5, words) == ["one two three\n\nfour five", blocks[2]]
    assert pack_blocks(blocks, 100, words) == ["\n\n".join(blocks)]


def test_a_topic_becomes_one_chunk_per_section_with_citation_and_token_counts(
    tmp_path: Path,
) -> None:
    ensure_tiktoken_offline(tmp_path / "tiktoken")
    topic = load_topic(GUIDELINES / "cpmtg-trigger-point-injections.md")
    chunks = chunk_topic(topic, corpus_root=GUIDELINES, max_tokens=450, count=count_tokens)
    assert [chunk.meta.section for chunk in chunks] == [
        "Summary",
        "Criteria",
        "Applying it: Upholds UR when",
        "Applying it: Overturns UR when",
    ]
    citation = "MTUS Chronic Pain Treatment Guidelines Trigger point injections Page(s): 122"
    for chunk in chunks:
        assert chunk.meta.kind is ChunkKind.GUIDELINE
        assert chunk.meta.citation == citation
        assert chunk.text.splitlines()[1] == f"Guideline: {citation}"
        assert chunk.meta.token_count == count_tokens(chunk.text)
        assert chunk.meta.pages == [122]
        assert chunk.meta.source_file == "cpmtg-trigger-point-injections.md"
    criteria = next(chunk for chunk in chunks if chunk.meta.section == "Criteria")
    assert criteria.text.count("\n- ") >= 8
    assert "TPI" in chunks[0].text


def test_every_bundled_section_fits_the_default_budget_whole(tmp_path: Path) -> None:
    ensure_tiktoken_offline(tmp_path / "tiktoken")
    for topic in load_topics(GUIDELINES):
        chunks = chunk_topic(topic, corpus_root=GUIDELINES, max_tokens=450, count=count_tokens)
        assert len(chunks) == 4, topic.id


def test_a_small_budget_splits_between_blocks_only(tmp_path: Path) -> None:
    ensure_tiktoken_offline(tmp_path / "tiktoken")
    topic = load_topic(GUIDELINES / "cpmtg-trigger-point-injections.md")
    chunks = chunk_topic(topic, corpus_root=GUIDELINES, max_tokens=60, count=count_tokens)
    bullets = [
        line for chunk in chunks for line in chunk.text.splitlines() if line.startswith("- ")
    ]
    originals = [
        line
        for section in topic.sections
        for line in section.text.splitlines()
        if line.startswith("- ")
    ]
    assert bullets == originals


def test_chunk_ids_depend_on_content_only(tmp_path: Path) -> None:
    ensure_tiktoken_offline(tmp_path / "tiktoken")
    topic = load_topic(GUIDELINES / "cpmtg-physical-medicine.md")
    first = chunk_topic(topic, corpus_root=GUIDELINES, max_tokens=450, count=count_tokens)
    again = chunk_topic(topic, corpus_root=GUIDELINES, max_tokens=450, count=count_tokens)
    assert [chunk.id for chunk in first] == [chunk.id for chunk in again]
    assert len({chunk.id for chunk in first}) == len(first)
    changed = first[0].meta.model_copy(update={"pages": [98]})
    assert Chunk.make_id(first[0].text, changed) != first[0].id


def test_chroma_metadata_round_trip() -> None:
    meta = ChunkMeta(
        kind=ChunkKind.GUIDELINE,
        source_file="a.md",
        corpus_root="/corpus",
        token_count=12,
        citation="MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304",
        source="acoem",
        chapter=12,
        pages=[303, 304],
        title="Lumbar MRI",
        aliases=["MRI, lumbar", "L-spine MRI"],
        body_regions=["lumbar"],
    )
    flat = meta.to_chroma()
    assert flat["pages"] == "303|304" and flat["page_min"] == 303 and "letter_id" not in flat
    assert ChunkMeta.from_chroma(flat) == meta


def test_each_determination_item_is_one_chunk_with_its_context(tmp_path: Path) -> None:
    ensure_tiktoken_offline(tmp_path / "tiktoken")
    letter = read_letter(EXAMPLE)
    chunks = chunk_letter(
        letter,
        source_path=EXAMPLE,
        corpus_root=EXAMPLE.parent,
        matcher=TopicMatcher(load_topics(GUIDELINES)),
        count=count_tokens,
    )
    assert len(chunks) == len(letter.items)
    for chunk, item in zip(chunks, letter.items, strict=True):
        assert chunk.meta.kind is ChunkKind.DETERMINATION
        assert chunk.meta.letter_id == letter.letter_id
        assert chunk.meta.decision == item.decision.value
        assert chunk.meta.citation == item.maximus_guideline
        assert chunk.text.startswith(f"{item.title}: {item.decision.value}")
        assert item.rationale in chunk.text
        assert chunk.meta.category not in (None, "other")
        assert chunk.meta.topic_id is not None
    assert chunks[0].meta.body_regions == ["lumbar"]
    assert chunks[0].meta.category == "imaging"
    assert chunks[2].meta.topic_id in {"cpmtg-cyclobenzaprine", "cpmtg-muscle-relaxants"}


def test_body_region_words_match_whole_words() -> None:
    assert body_region_of("Right hand MRI") == "wrist-hand"
    assert body_region_of("Back pain from handling boxes") == "general"
    assert body_region_of("Lumbar epidural steroid injection L4-5") == "lumbar"
