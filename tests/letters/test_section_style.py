"""Guideline lines of 2016-17 letters: section style, the outside-MTUS note, no evidence."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.letters.eras import CitationStyle, CitationStyleSetting, style_for
from assistant.letters.models import Decision, GuidelineRef, Item, Letter
from assistant.letters.parser import parse_letter
from assistant.letters.refs import format_guideline_line, format_ref, parse_refs
from assistant.letters.renderer import render_letter
from assistant.letters.sources import GuidelineSource, acoem_book, acoem_chapter_number


def letter_with(guideline: str) -> Letter:
    refs = parse_refs(guideline)
    item = Item(
        title="MRI of the knee",
        decision=Decision.UPHELD,
        claims_administrator_guideline=guideline,
        maximus_guideline=guideline,
        rationale="No red flag is documented.",
        claims_administrator_refs=refs,
        maximus_refs=refs,
    )
    return Letter(letter_id="SYN-DATES-1", clinical_summary="A synthetic summary.", items=[item])


def _fields(ref: GuidelineRef) -> tuple[object, ...]:
    return (ref.source, ref.chapter, ref.chapter_title, ref.topic, ref.edition)


@pytest.mark.parametrize(
    ("citation", "chapter", "title", "sections"),
    [
        ("MTUS Low Back Complaints 2004, Section(s): Special Studies", 12, "Low Back Complaints",
         "Special Studies"),
        ("MTUS Knee Complaints 2004, Section(s): Surgical Considerations, Summary", 13,
         "Knee Complaints", "Surgical Considerations, Summary"),
        ("MTUS Forearm, Wrist, and Hand Complaints 2004, Section(s): Initial Care", 11,
         "Forearm, Wrist, and Hand Complaints", "Initial Care"),
        ("MTUS Shoulder Complaints 2004", 9, "Shoulder Complaints", None),
        ("MTUS Stress-Related Conditions 2004, Section(s): Treatment", 15,
         "Stress-Related Conditions", "Treatment"),
    ],
)  # fmt: skip
def test_an_acoem_chapter_named_by_title_and_year_gets_its_chapter_number(
    citation: str, chapter: int, title: str, sections: str | None
) -> None:
    (ref,) = parse_refs(f"Decision based on {citation}.")
    edition = 2004
    assert _fields(ref) == (GuidelineSource.ACOEM, chapter, title, sections, edition)
    assert ref.raw == citation


def test_the_elbow_chapter_keeps_its_2007_year() -> None:
    (ref,) = parse_refs("Decision based on MTUS Elbow Complaints 2007, Section(s): Surgery.")
    assert _fields(ref) == (GuidelineSource.ACOEM, 10, "Elbow Complaints", "Surgery", 2007)


def test_general_approaches_take_the_chapter_of_the_cited_section() -> None:
    (ref,) = parse_refs(
        "Decision based on MTUS General Approaches 2004, Section(s): "
        "Independent Medical Examinations and Consultations."
    )
    assert ref.source is GuidelineSource.ACOEM
    assert (ref.chapter, ref.chapter_title) == (7, "General Approaches")
    (unknown,) = parse_refs("Decision based on MTUS General Approaches 2004, Section(s): Other.")
    assert unknown.chapter is None


@pytest.mark.parametrize(
    ("citation", "source", "sections", "edition"),
    [
        ("MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment",
         GuidelineSource.CPMTG, "Physical medicine treatment", 2016),
        ("MTUS Chronic Pain Medical Treatment 2009, Section(s): Drug testing",
         GuidelineSource.CPMTG, "Drug testing", 2009),
        ("MTUS Chronic Pain Medical Treatment 2016, Section(s): NSAIDs, GI symptoms & "
         "cardiovascular risk", GuidelineSource.CPMTG,
         "NSAIDs, GI symptoms & cardiovascular risk", 2016),
        ("MTUS Opioid Treatment 2016, Section(s): 4.1 Tapering Opioids: Indications for Tapering "
         "Opioids", GuidelineSource.OPIOIDS,
         "4.1 Tapering Opioids: Indications for Tapering Opioids", 2016),
        ("MTUS Acupuncture Treatment 2007", GuidelineSource.ACUPUNCTURE, None, 2007),
        ("MTUS Postsurgical Treatment 2009", GuidelineSource.POSTSURGICAL, None, 2009),
    ],
)  # fmt: skip
def test_each_mtus_guideline_of_the_section_style_is_its_own_source(
    citation: str, source: GuidelineSource, sections: str | None, edition: int
) -> None:
    (ref,) = parse_refs(f"Decision based on {citation}.")
    assert _fields(ref) == (source, None, None, sections, edition)
    assert source.is_mtus


def test_one_citation_can_join_several_guidelines_with_and() -> None:
    line = (
        "Decision based on MTUS Neck and Upper Back Complaints 2004, Section(s): Initial Care, "
        "and Low Back Complaints 2004, and Acupuncture Treatment 2007, and Chronic Pain Medical "
        "Treatment 2016, Section(s): Massage therapy, Manual therapy & manipulation."
    )
    refs = parse_refs(line)
    assert [_fields(ref) for ref in refs] == [
        (GuidelineSource.ACOEM, 8, "Neck and Upper Back Complaints", "Initial Care", 2004),
        (GuidelineSource.ACOEM, 12, "Low Back Complaints", None, 2004),
        (GuidelineSource.ACUPUNCTURE, None, None, None, 2007),
        (
            GuidelineSource.CPMTG,
            None,
            None,
            "Massage therapy, Manual therapy & manipulation",
            2016,
        ),
    ]
    assert refs[1].raw == "Low Back Complaints 2004"
    assert format_guideline_line(refs) == line


def test_the_outside_mtus_note_is_no_citation_and_its_odg_citation_is_odg() -> None:
    refs = parse_refs(
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
        "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) "
        "Knee & Leg, Walking aids."
    )
    assert [ref.source for ref in refs] == [GuidelineSource.ODG]
    assert (refs[0].chapter_title, refs[0].topic) == (
        "Knee & Leg (Acute & Chronic)",
        "Walking aids",
    )


def test_a_non_mtus_citation_naming_an_odg_chapter_without_odg_is_odg() -> None:
    (ref,) = parse_refs("Decision based on Non-MTUS Citation Low Back, Traction.")
    assert ref.source is GuidelineSource.ODG


@pytest.mark.parametrize(
    "citation",
    [
        "Non-MTUS Citation ACOEM Occupational Medicine Practice Guidelines, 3rd edition, Knee",
        "Non-MTUS Citation A surgery textbook, 5th edition, chapter 9",
    ],
)
def test_a_non_mtus_citation_of_neither_mtus_nor_odg_is_other(citation: str) -> None:
    (ref,) = parse_refs(f"Decision based on {citation}.")
    assert ref.source is GuidelineSource.OTHER
    assert not ref.source.is_mtus
    assert ref.topic == citation.removeprefix("Non-MTUS Citation ")


def test_no_medical_evidence_cited_is_its_own_source() -> None:
    for who in ("The Expert Reviewer", "The Claims Administrator"):
        (ref,) = parse_refs(f"{who} did not cite any medical evidence for its decision.")
        assert ref.source is GuidelineSource.NONE
        assert not ref.source.is_mtus
        assert format_guideline_line([ref]) == ref.raw + "."


def test_the_page_style_is_unchanged_beside_the_section_style() -> None:
    (ref,) = parse_refs(
        "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304."
    )
    assert _fields(ref) == (GuidelineSource.ACOEM, 12, "Low Back Complaints", None, None)
    assert ref.pages == [303, 304]


@pytest.mark.parametrize(
    "ref",
    [
        GuidelineRef(source=GuidelineSource.ACOEM, chapter=12, chapter_title="Low Back Complaints",
                     topic="Special Studies", edition=2004, raw=""),
        GuidelineRef(source=GuidelineSource.ACOEM, chapter=3, chapter_title="General Approaches",
                     topic="Initial Approaches to Treatment", edition=2004, raw=""),
        GuidelineRef(source=GuidelineSource.CPMTG, topic="Ultrasound, therapeutic", edition=2016,
                     raw=""),
        GuidelineRef(source=GuidelineSource.OPIOIDS, topic="3.3 Initiating treatment",
                     edition=2016, raw=""),
        GuidelineRef(source=GuidelineSource.ACUPUNCTURE, edition=2007, raw=""),
        GuidelineRef(source=GuidelineSource.POSTSURGICAL, topic="Knee", edition=2009, raw=""),
    ],
)  # fmt: skip
def test_a_section_style_ref_is_written_and_read_back_unchanged(ref: GuidelineRef) -> None:
    (parsed,) = parse_refs(f"Decision based on {format_ref(ref)}.")
    assert _fields(parsed) == _fields(ref)
    assert format_ref(ref).startswith("MTUS ")


def test_acoem_chapter_titles_and_books() -> None:
    assert acoem_chapter_number("neck & upper back complaints") == 8
    assert acoem_chapter_number("Forearm, Wrist and Hand Complaints") == 11
    assert acoem_chapter_number("Spleen Complaints") is None
    assert acoem_book(12) == ("Low Back Complaints", 2004)
    assert acoem_book(6) == ("General Approaches", 2004)
    assert acoem_book(10) == ("Elbow Complaints", 2007)


@pytest.mark.parametrize(
    ("setting", "dates", "style"),
    [
        (CitationStyleSetting.AUTO, (date(2015, 12, 31),), CitationStyle.PAGES),
        (CitationStyleSetting.AUTO, (date(2016, 1, 4),), CitationStyle.SECTIONS),
        (CitationStyleSetting.AUTO, (None, date(2014, 3, 1)), CitationStyle.PAGES),
        (CitationStyleSetting.AUTO, (None, date(2017, 2, 1)), CitationStyle.SECTIONS),
        (CitationStyleSetting.AUTO, (None, None), CitationStyle.PAGES),
        (CitationStyleSetting.PAGES, (date(2017, 2, 1),), CitationStyle.PAGES),
        (CitationStyleSetting.SECTIONS, (date(2013, 8, 1),), CitationStyle.SECTIONS),
    ],
)
def test_the_style_follows_the_first_known_date_unless_set(
    setting: CitationStyleSetting, dates: tuple[date | None, ...], style: CitationStyle
) -> None:
    assert style_for(setting, *dates) is style


def test_a_letter_keeps_its_decision_and_ur_dates_through_render_and_parse() -> None:
    letter = letter_with("Decision based on MTUS Knee Complaints 2004.").model_copy(
        update={"decision_date": date(2016, 12, 9), "ur_date": date(2016, 11, 3)}
    )
    text = render_letter(letter)
    assert "Decision Date: 12/09/2016" in text
    parsed = parse_letter(text)
    assert (parsed.decision_date, parsed.ur_date) == (date(2016, 12, 9), date(2016, 11, 3))
    assert parse_letter(render_letter(letter_with(""))).decision_date is None


def test_an_opioid_guideline_ref_without_an_edition_is_written_in_the_page_style() -> None:
    ref = GuidelineRef(source=GuidelineSource.OPIOIDS, topic="Tapering", pages=[5], raw="")
    assert format_ref(ref) == "MTUS Opioids Treatment Guidelines Tapering Page(s): 5"
    (parsed,) = parse_refs(f"Decision based on {format_ref(ref)}.")
    assert (parsed.source, parsed.topic, parsed.pages) == (GuidelineSource.OPIOIDS, "Tapering", [5])
