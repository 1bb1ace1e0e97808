"""Guideline lines: parsing citations and writing them in house style."""

from __future__ import annotations

import pytest

from assistant.letters.models import GuidelineRef
from assistant.letters.refs import format_guideline_line, format_pages, format_ref, parse_refs
from assistant.letters.sources import GuidelineSource


def _fields(ref: GuidelineRef) -> tuple[object, ...]:
    return (ref.source, ref.chapter, ref.chapter_title, ref.topic, ref.pages)


def test_a_line_with_two_citations_gives_two_refs_with_their_raw_text() -> None:
    refs = parse_refs(
        "Decision based on MTUS ACOEM Chapter 8 Neck and Upper Back Complaints Page(s): "
        "177-178.  Decision based on Non-MTUS Citation Official Disability Guidelines: Neck & "
        "Upper Back (Acute & Chronic)."
    )
    assert [_fields(ref) for ref in refs] == [
        (GuidelineSource.ACOEM, 8, "Neck and Upper Back Complaints", None, [177, 178]),
        (GuidelineSource.ODG, None, "Neck and Upper Back (Acute & Chronic)", None, []),
    ]
    assert refs[0].raw == "MTUS ACOEM Chapter 8 Neck and Upper Back Complaints Page(s): 177-178"
    assert refs[1].raw == (
        "Non-MTUS Citation Official Disability Guidelines: Neck & Upper Back (Acute & Chronic)"
    )


@pytest.mark.parametrize(
    ("citation", "source", "topic"),
    [
        (
            "MTUS Chronic Pain Treatment Guidelines Muscle relaxants Page(s): 63",
            GuidelineSource.CPMTG,
            "Muscle relaxants",
        ),
        (
            "MTUS Chronic Pain Medical Treatment Guidelines Physical Medicine Page(s): 98-99",
            GuidelineSource.CPMTG,
            "Physical Medicine",
        ),
        (
            "MTUS Chronic Pain (Medical) Treatment Guidelines Drug Screening",
            GuidelineSource.CPMTG,
            "Drug Screening",
        ),
        (
            "MTUS Chronic Pain Treatment Guidelines Trigger point injections Page(s): 122",
            GuidelineSource.CPMTG,
            "Trigger point injections",
        ),
        ("MTUS Acupuncture Medical Treatment Guidelines", GuidelineSource.ACUPUNCTURE, None),
        (
            "MTUS Postsurgical Treatment Guidelines Knee Page(s): 24",
            GuidelineSource.POSTSURGICAL,
            "Knee",
        ),
        (
            "Spine surgery textbook, 3rd edition",
            GuidelineSource.OTHER,
            "Spine surgery textbook, 3rd edition",
        ),
    ],
)
def test_each_guideline_family_is_recognised(
    citation: str, source: GuidelineSource, topic: str | None
) -> None:
    (ref,) = parse_refs(f"Decision based on {citation}.")
    assert ref.source is source
    assert ref.topic == topic


@pytest.mark.parametrize(
    ("citation", "chapter_title", "topic"),
    [
        ("Non-MTUS Citation Official Disability Guidelines: Pain (Chronic); Physical Therapy "
         "Guidelines", "Pain (Chronic)", "Physical Therapy Guidelines"),
        ("Non-MTUS Citation ODG(The Official Disability Guidelines) Neck and Upper Back "
         "(Acute & Chronic)Magnetic resonance imaging (MRI)",
         "Neck and Upper Back (Acute & Chronic)", "Magnetic resonance imaging (MRI)"),
        ("ODG, Low Back - Lumbar & Thoracic (Acute & Chronic)",
         "Low Back - Lumbar & Thoracic (Acute & Chronic)", None),
        ("Official Disability Guidelines (ODG), Neck chapter",
         "Neck and Upper Back (Acute & Chronic)", None),
    ],
)  # fmt: skip
def test_odg_citations_separate_chapter_and_topic(
    citation: str, chapter_title: str, topic: str | None
) -> None:
    (ref,) = parse_refs(f"Decision based on {citation}.")
    assert ref.source is GuidelineSource.ODG
    assert (ref.chapter_title, ref.topic) == (chapter_title, topic)


@pytest.mark.parametrize(
    ("citation", "pages"),
    [
        ("MTUS Chronic Pain Treatment Guidelines Page(s): (s) 174, 98-99, 122", [98, 99, 122, 174]),
        (
            "MTUS Chronic Pain Treatment Guidelines . MTUS 9792.20f.2. MTUS page 99.3. MTUS page 8 "
            "Page(s): 99, 8",
            [8, 99],
        ),
        ("MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 298-303", list(range(298, 304))),
        ("MTUS ACOEM Chapter 12 Low Back Complaints, pages 303-304", [303, 304]),
        ("MTUS ACOEM Chapter 12 Low Back Complaints Pages: 303, 303, 304", [303, 304]),
        ("MTUS ACOEM Page(s): 303-298", [298, 303]),
        ("MTUS ACOEM Page(s): 1-500", [1, 500]),
        ("MTUS ACOEM Page(s): 12345678", []),
        ("MTUS Chronic Pain Treatment Guidelines Drug Screening", []),
    ],
)
def test_page_lists_are_expanded_sorted_and_deduplicated(citation: str, pages: list[int]) -> None:
    (ref,) = parse_refs(f"Decision based on {citation}.")
    assert ref.pages == pages


def test_acoem_citation_in_the_long_form_keeps_chapter_and_title() -> None:
    (ref,) = parse_refs(
        "Decision based on MTUS ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 12 Low "
        "Back Complaints, pages 303-304"
    )
    assert _fields(ref) == (GuidelineSource.ACOEM, 12, "Low Back Complaints", None, [303, 304])


def test_text_without_citations_gives_no_refs() -> None:
    assert parse_refs("") == []
    assert parse_refs("Decision based on .  Decision based on") == []


def test_citation_without_the_phrase_still_counts() -> None:
    (ref,) = parse_refs("MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 78")
    assert _fields(ref) == (GuidelineSource.CPMTG, None, None, "Opioids", [78])


@pytest.mark.parametrize(
    ("pages", "text"),
    [
        ([98, 99, 122], "98-99, 122"),
        ([122, 99, 98, 99], "98-99, 122"),
        ([8], "8"),
        ([], ""),
        (list(range(1, 71)), "1-61, 62-70"),
    ],
)
def test_format_pages_compresses_runs(pages: list[int], text: str) -> None:
    assert format_pages(pages) == text


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        (
            GuidelineRef(source=GuidelineSource.ACOEM, chapter=12,
                         chapter_title="Low Back Complaints", pages=[303, 304], raw=""),
            "MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304",
        ),
        (
            GuidelineRef(source=GuidelineSource.CPMTG, topic="Cyclobenzaprine", pages=[41, 42],
                         raw=""),
            "MTUS Chronic Pain Treatment Guidelines Cyclobenzaprine Page(s): 41-42",
        ),
        (
            GuidelineRef(source=GuidelineSource.ACUPUNCTURE, topic="Acupuncture", raw=""),
            "MTUS Acupuncture Medical Treatment Guidelines",
        ),
        (
            GuidelineRef(source=GuidelineSource.POSTSURGICAL, topic="Low Back", pages=[3], raw=""),
            "MTUS Postsurgical Treatment Guidelines Low Back Page(s): 3",
        ),
        (
            GuidelineRef(source=GuidelineSource.ODG,
                         chapter_title="Low Back - Lumbar & Thoracic (Acute & Chronic)",
                         topic="MRIs", raw=""),
            "Non-MTUS Citation Official Disability Guidelines (ODG): Low Back - Lumbar & Thoracic "
            "(Acute & Chronic); MRIs",
        ),
        (
            GuidelineRef(source=GuidelineSource.OTHER, topic="A spine textbook", raw="ignored"),
            "A spine textbook",
        ),
        (
            GuidelineRef(source=GuidelineSource.OTHER, raw="Some citation Page(s): 4"),
            "Some citation Page(s): 4",
        ),
    ],
)  # fmt: skip
def test_format_ref_writes_the_house_style_from_structured_fields(
    ref: GuidelineRef, text: str
) -> None:
    assert format_ref(ref) == text


def test_format_guideline_line_joins_citations() -> None:
    refs = [
        GuidelineRef(source=GuidelineSource.CPMTG, topic="Physical Medicine", pages=[98, 99],
                     raw=""),
        GuidelineRef(source=GuidelineSource.ODG, chapter_title="Pain (Chronic)",
                     topic="Physical therapy", raw=""),
    ]  # fmt: skip
    line = format_guideline_line(refs)
    assert line == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): "
        "98-99.  Decision based on Non-MTUS Citation Official Disability Guidelines (ODG): Pain "
        "(Chronic); Physical therapy."
    )
    assert [_fields(ref) for ref in parse_refs(line)] == [_fields(ref) for ref in refs]
    assert format_guideline_line([]) == ""
