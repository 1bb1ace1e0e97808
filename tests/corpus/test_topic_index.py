"""Citations map to corpus topics in both styles; a rendered line maps back to its topic."""

from __future__ import annotations

from functools import cache

import pytest

from assistant.corpus.topic_index import TopicIndex, topic_for
from assistant.corpus.topics import GuidelineTopic, load_topics
from assistant.letters.eras import CitationStyle
from assistant.letters.refs import format_guideline_line, parse_refs
from tests.paths import CORPUS

GUIDELINES = CORPUS / "guidelines"


@cache
def topics() -> tuple[GuidelineTopic, ...]:
    return tuple(load_topics(GUIDELINES))


@cache
def index() -> TopicIndex:
    return TopicIndex(topics())


def _cited(line: str, title: str | None = None) -> str | None:
    (ref,) = parse_refs(line)
    return index().topic_for(ref, title)


@pytest.mark.parametrize("style", list(CitationStyle))
def test_every_topic_rendered_in_either_style_parses_back_to_its_topic(
    style: CitationStyle,
) -> None:
    by_id = {topic.id: topic for topic in topics()}
    for topic in topics():
        line = format_guideline_line([topic.ref(style)])
        (ref,) = parse_refs(line)
        assert topic.id in index().topics_for(ref), line
        found = by_id[index().topic_for(ref, topic.meta.title) or ""]
        # topics sharing one cited place (same guideline, section or pages) read the same
        assert found.ref(style) == topic.ref(style), (topic.id, found.id, line)


def test_the_section_style_names_the_guideline_of_the_2016_17_letters() -> None:
    by_id = {topic.id: topic for topic in topics()}
    assert by_id["acoem-ch12-lumbar-mri"].citation(CitationStyle.SECTIONS) == (
        "MTUS Low Back Complaints 2004, Section(s): Special Studies"
    )
    assert by_id["acoem-ch7-consultation"].citation(CitationStyle.SECTIONS) == (
        "MTUS General Approaches 2004, Section(s): Independent Medical Examinations and "
        "Consultations"
    )
    assert by_id["cpmtg-physical-medicine"].citation(CitationStyle.SECTIONS) == (
        "MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment"
    )
    assert by_id["acupuncture-medical-treatment-guidelines"].citation(CitationStyle.SECTIONS) == (
        "MTUS Acupuncture Treatment 2007"
    )
    assert by_id["cpmtg-opioids-when-to-discontinue"].citation(CitationStyle.SECTIONS) == (
        "MTUS Opioid Treatment 2016, Section(s): 4.1 Tapering Opioids: Indications for Tapering "
        "Opioids"
    )
    odg = by_id["odg-knee-transportation"]
    assert odg.citation(CitationStyle.SECTIONS) == odg.citation(CitationStyle.PAGES)


@pytest.mark.parametrize(
    ("line", "title", "topic"),
    [
        ("Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.",
         "MRI of the lumbar spine", "acoem-ch12-lumbar-mri"),
        ("Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.",
         "X-ray of the lumbar spine", "acoem-ch12-lumbar-xrays"),
        ("Decision based on MTUS Knee Complaints 2004, Section(s): Surgical Considerations.",
         None, "acoem-ch13-knee-arthroscopy-meniscectomy"),
        ("Decision based on MTUS ACOEM Chapter 8 Neck and Upper Back Complaints Page(s): "
         "177-178.", None, "acoem-ch8-cervical-thoracic-mri"),
        ("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical "
         "medicine treatment.", None, "cpmtg-physical-medicine"),
        # the Elbow chapter's topics carry no pages: a page-style line names the chapter alone
        ("Decision based on MTUS ACOEM Chapter 10 Elbow Complaints.",
         "Left cubital tunnel release", "acoem-ch10-cubital-tunnel-surgery"),
        ("Decision based on MTUS Chronic Pain Treatment Guidelines Cyclobenzaprine Page(s): 41.",
         None, "cpmtg-cyclobenzaprine"),
        ("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): TENS, chronic "
         "pain (transcutaneous electrical nerve stimulation).", None, "cpmtg-tens"),
        ("Decision based on MTUS Opioid Treatment 2016, Section(s): 4.1 Tapering Opioids: "
         "Indications for Tapering Opioids.", None, "cpmtg-opioids-when-to-discontinue"),
        ("Decision based on MTUS Acupuncture Treatment 2007.", None,
         "acupuncture-medical-treatment-guidelines"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Knee & Leg, "
         "Durable medical equipment (DME).", None, "odg-knee-durable-medical-equipment"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Shoulder, "
         "MRI.", None, "odg-shoulder-mri"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Hip & Pelvis, "
         "MRI (magnetic resonance imaging).", None, "odg-hip-mri"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back, "
         "Preoperative lab testing.", None, "odg-low-back-preoperative-lab-testing"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Neck and Upper "
         "Back, Manipulation.", None, "odg-neck-manipulation"),
        # ODG Pain topics the 2016 CPMTG took over are cited from either guideline
        ("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): "
         "Electrodiagnostic testing (EMG/NCS).", None, "odg-pain-electrodiagnostic-testing"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain (Chronic), "
         "Electrodiagnostic testing (EMG/NCS).", None, "odg-pain-electrodiagnostic-testing"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Head, "
         "Electroencephalography.", None, "odg-head-electroencephalography"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Head, Hearing "
         "aids.", None, "odg-head-hearing-aids"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back, "
         "Trigger point impedance imaging.", None, "odg-low-back-trigger-point-impedance-imaging"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back, "
         "Hyperstimulation analgesia.", None, "odg-low-back-hyperstimulation-analgesia"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Neck and Upper "
         "Back, Extracorporeal shock wave therapy (ESWT).", None,
         "odg-neck-extracorporeal-shock-wave-therapy"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Head, X-Rays.",
         "X-rays of the head", "odg-head-xrays"),
        ("Decision based on MTUS Ankle and Foot Complaints 2004, Section(s): Special Studies.",
         "MRI of the right foot", "acoem-ch14-ankle-foot-imaging"),
        ("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Knee and Leg "
         "Section/Physical Medicine Topic.", "Physical therapy, right knee",
         "odg-knee-physical-therapy"),
    ],
)  # fmt: skip
def test_a_citation_maps_to_the_topic_it_cites(line: str, title: str | None, topic: str) -> None:
    assert _cited(line, title) == topic


@pytest.mark.parametrize(
    "line",
    [
        "The Expert Reviewer did not cite any medical evidence for its decision.",
        "Decision based on MTUS Shoulder Complaints 2004.",
        "Decision based on MTUS Knee Complaints 2004, Section(s): Diagnostic Criteria.",
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Eye, Vision "
        "evaluation.",
        "Decision based on Non-MTUS Citation A surgery textbook, chapter 3.",
    ],
)
def test_a_citation_of_no_corpus_topic_maps_to_none(line: str) -> None:
    assert _cited(line, "MRI of the knee") is None


def test_topic_for_reads_a_guideline_folder_once() -> None:
    (ref,) = parse_refs("Decision based on MTUS Chronic Pain Treatment Guidelines Biofeedback.")
    assert topic_for(ref, GUIDELINES) == "cpmtg-biofeedback"


def _named(line: str) -> set[str]:
    return set(index().line_topics(parse_refs(line)))


@pytest.mark.parametrize(
    ("line", "named"),
    [
        # a page range names every topic lying within it
        ("Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304.",
         {"acoem-ch12-lumbar-mri", "acoem-ch12-ct-myelography-bone-scan",
          "acoem-ch12-lumbar-xrays", "acoem-ch12-emg", "acoem-ch12-discography"}),
        # no topic lies within page 305: discectomy (305-306) overlaps it more than fusion (305-307)
        ("Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 305.",
         {"acoem-ch12-discectomy-laminectomy"}),
        # the same pages in another chapter name nothing
        ("Decision based on MTUS ACOEM Chapter 13 Knee Complaints Page(s): 207-209.", set()),
        # a stated name decides before shared pages (page 64 also holds muscle relaxants)
        ("Decision based on MTUS Chronic Pain Treatment Guidelines Baclofen Page(s): 64.",
         {"cpmtg-baclofen"}),
        # a line of two citations names the topics of both
        ("Decision based on MTUS ACOEM Chapter 9 Shoulder Complaints Page(s): 207-209.  "
         "Decision based on MTUS Acupuncture Medical Treatment Guidelines.",
         {"acoem-ch9-shoulder-imaging", "acupuncture-medical-treatment-guidelines"}),
        ("Decision based on a textbook of orthopaedics.", set()),
    ],
)  # fmt: skip
def test_a_line_names_the_topics_of_its_pages_names_and_sections(
    line: str, named: set[str]
) -> None:
    assert _named(line) == named


def test_a_cited_section_names_each_of_its_topics_and_no_other_section() -> None:
    studies = _named(
        "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies."
    )
    surgery = _named(
        "Decision based on MTUS Low Back Complaints 2004, Section(s): Surgical Considerations."
    )
    assert {"acoem-ch12-lumbar-mri", "acoem-ch12-lumbar-xrays"} <= studies
    assert surgery and not studies & surgery
    assert all(topic.startswith("acoem-ch12-") for topic in studies | surgery)


@pytest.mark.parametrize("style", list(CitationStyle))
def test_every_topic_rendered_in_either_style_names_itself(style: CitationStyle) -> None:
    missed = [
        topic.id
        for topic in topics()
        if topic.id not in _named(format_guideline_line([topic.ref(style)]))
    ]
    assert missed == []
