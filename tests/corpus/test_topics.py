"""Guideline topic files: every bundled file validates, and malformed files get clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus.topics import (
    dangling_related,
    load_topic,
    load_topics,
    parse_topic,
)
from assistant.errors import InputError
from assistant.letters.sources import GuidelineSource, is_mtus
from tests.paths import CORPUS

VALID = """---
id: cpmtg-example-topic
title: Example topic
source: cpmtg
chapter: null
chapter_title: null
topic: Example topic
pages: [99, 98]
page_confidence: fact-sheet
section: Example topic
era: mtus-2009
category: physical-medicine
body_regions: [general]
aliases: [example, sample]
---
## Summary
A short summary.

## Criteria
- First criterion.
- Second criterion.

## Applying it
### Upholds UR when
- Something is missing.
### Overturns UR when
- Something is documented.
"""


def write(tmp_path: Path, text: str, name: str = "cpmtg-example-topic.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bundled_topic_file_validates_and_links_only_to_existing_topics() -> None:
    topics = load_topics(CORPUS / "guidelines")
    assert len(topics) >= 100
    assert len({topic.id for topic in topics}) == len(topics)
    assert dangling_related(topics) == []


def test_valid_file_parses_with_sorted_pages_and_citation(tmp_path: Path) -> None:
    topic = load_topic(write(tmp_path, VALID))
    assert topic.meta.pages == [98, 99]
    assert [section.heading for section in topic.sections] == ["Summary", "Criteria", "Applying it"]
    assert topic.meta.source is GuidelineSource.CPMTG
    assert topic.citation() == "MTUS Chronic Pain Treatment Guidelines Example topic Page(s): 98-99"


def test_acoem_citation_is_built_from_chapter_metadata(tmp_path: Path) -> None:
    text = (
        VALID.replace("id: cpmtg-example-topic", "id: acoem-ch12-example")
        .replace("source: cpmtg", "source: acoem")
        .replace("chapter: null", "chapter: 12")
        .replace("chapter_title: null", "chapter_title: Low Back Complaints")
        .replace("pages: [99, 98]", "pages: [303, 304]")
    )
    topic = load_topic(write(tmp_path, text, "acoem-ch12-example.md"))
    assert topic.citation() == "MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("source: cpmtg", "source: nice"), "front matter field 'source'"),
        (("pages: [99, 98]", "pages: [ninety]"), "front matter field 'pages"),
        (("page_confidence: fact-sheet", "page_confidence: sure"), "field 'page_confidence'"),
        (("page_confidence: fact-sheet\n", ""), "field 'page_confidence': Field required"),
        (("id: cpmtg-example-topic", "id: other-name"), "must equal the file name stem"),
        (("## Criteria", "## Rules"), "sections must be Summary, Criteria, Applying it"),
        (("### Overturns UR when", "### Otherwise"), "'Applying it' must hold"),
        (("---\nid", "id"), "missing YAML front matter"),
        (("aliases: [example, sample]", "aliases: [example, sample"), "not valid YAML"),
    ],
)
def test_malformed_files_name_the_file_and_the_problem(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = write(tmp_path, VALID.replace(*change, 1))
    with pytest.raises(InputError) as caught:
        load_topic(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_acoem_topic_without_chapter_is_rejected(tmp_path: Path) -> None:
    text = VALID.replace("source: cpmtg", "source: acoem")
    with pytest.raises(InputError, match="needs chapter and chapter_title"):
        parse_topic(text, tmp_path / "cpmtg-example-topic.md")


def test_dangling_links_are_reported_and_ids_follow_file_names(tmp_path: Path) -> None:
    text = VALID.replace("aliases: [example, sample]", "aliases: [x]\nrelated: [nowhere]")
    write(tmp_path, text)
    assert dangling_related(load_topics(tmp_path)) == ["cpmtg-example-topic -> nowhere"]
    write(tmp_path, text.replace("title: Example topic", "title: Same id again"), "copy.md")
    with pytest.raises(InputError, match="must equal the file name stem"):
        load_topics(tmp_path)


def test_mtus_families_are_told_apart_from_odg_and_others() -> None:
    assert [is_mtus(code) for code in ("acoem", "cpmtg", "acupuncture", "postsurgical")] == [
        True
    ] * 4
    assert not is_mtus("odg") and not is_mtus("other") and not is_mtus("unknown")
