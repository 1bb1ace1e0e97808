"""The MAXIMUS guideline line is rendered from chunk metadata, in the style asked for."""

from __future__ import annotations

from assistant.corpus.chunks import ChunkKind, ChunkMeta
from assistant.corpus.citations import maximus_line
from assistant.letters.eras import CitationStyle
from assistant.letters.refs import parse_refs
from assistant.letters.sources import GuidelineSource


def meta(source: str, **fields: object) -> ChunkMeta:
    return ChunkMeta.model_validate(
        {
            "kind": ChunkKind.GUIDELINE,
            "source_file": "topic.md",
            "corpus_root": "/corpus",
            "token_count": 10,
            "citation": "",
            "source": source,
            "title": "a topic",
            **fields,
        }
    )


CYCLOBENZAPRINE = meta(
    "cpmtg",
    topic="Cyclobenzaprine (Flexeril)",
    pages=[41, 42],
    cited_section="Cyclobenzaprine (Flexeril)",
)
LUMBAR_MRI = meta(
    "acoem",
    chapter=12,
    chapter_title="Low Back Complaints",
    topic="Special Studies and Diagnostic and Treatment Considerations",
    pages=[303, 304],
    cited_section="Special Studies",
)
TAPERING = meta(
    "cpmtg",
    topic="Opioids, when to discontinue",
    pages=[79],
    cited_section="4.1 Tapering Opioids: Indications for Tapering Opioids",
    cited_section_source="opioids",
)
ODG_DME = meta(
    "odg",
    chapter_title="Knee & Leg (Acute & Chronic)",
    topic="Durable medical equipment (DME)",
    cited_section="Durable medical equipment (DME)",
)


def test_the_page_style_line_names_pages_once_per_place() -> None:
    line = maximus_line([CYCLOBENZAPRINE, CYCLOBENZAPRINE, LUMBAR_MRI])
    assert line == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Cyclobenzaprine (Flexeril) "
        "Page(s): 41-42.  Decision based on MTUS ACOEM Chapter 12 Low Back Complaints "
        "Page(s): 303-304."
    )


def test_the_section_style_line_names_guideline_year_and_section() -> None:
    line = maximus_line([LUMBAR_MRI, CYCLOBENZAPRINE, TAPERING, ODG_DME], CitationStyle.SECTIONS)
    assert line == (
        "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies, and "
        "Chronic Pain Medical Treatment 2016, Section(s): Cyclobenzaprine (Flexeril), and Opioid "
        "Treatment 2016, Section(s): 4.1 Tapering Opioids: Indications for Tapering Opioids.  "
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG): Knee & Leg "
        "(Acute & Chronic); Durable medical equipment (DME)."
    )
    assert [ref.source for ref in parse_refs(line)] == [
        GuidelineSource.ACOEM,
        GuidelineSource.CPMTG,
        GuidelineSource.OPIOIDS,
        GuidelineSource.ODG,
    ]


def test_a_chunk_without_a_cited_section_keeps_the_page_style() -> None:
    past_item = meta("cpmtg", topic="Physical Medicine", pages=[98, 99])
    assert maximus_line([past_item], CitationStyle.SECTIONS) == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99."
    )
