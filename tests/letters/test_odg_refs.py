"""ODG citations are read into one of ODG's chapters and the topic cited there.

The lines are synthetic, written in the shapes letters use to cite ODG.
"""

from __future__ import annotations

import pytest

from assistant.corpus.topics import load_topics
from assistant.letters import odg
from assistant.letters.odg import ODG_CHAPTERS, OdgPlace, split_odg
from assistant.letters.refs import parse_refs
from assistant.letters.sources import GuidelineSource
from tests.paths import CORPUS


def _place(citation: str) -> tuple[str | None, str | None]:
    (ref,) = parse_refs(f"Decision based on Non-MTUS Citation {citation}.")
    assert ref.source is GuidelineSource.ODG
    assert ref.raw == f"Non-MTUS Citation {citation}"
    return ref.chapter_title, ref.topic


@pytest.mark.parametrize(
    ("citation", "chapter_title", "topic"),
    [
        ("Official Disability Guidelines (ODG) Low Back, traction units, home", odg.LOW_BACK,
         "traction units, home"),
        ("Official Disability Guidelines (ODG) Pain Section/Capsaicin® Cream (capsaicin) Topic",
         odg.PAIN, "Capsaicin® Cream (capsaicin)"),
        ("Official Disability Guidelines (ODG), Pain Chapter (Online Version) Tramadol (Ultram)",
         odg.PAIN, "Tramadol (Ultram)"),
        ("Official Disability Guidelines (ODG) Knee chapter/ bone scan", odg.KNEE, "bone scan"),
        ("Official Disability Guidelines - Elbow chapter - Ultrasound, diagnostic", odg.ELBOW,
         "Ultrasound, diagnostic"),
        ("Official Disability Guidelines (ODG), Forearm, Wrist, and hand (updated 3/4/15), "
         "Splinting (padded)", odg.FOREARM, "Splinting (padded)"),
        ("Official Disability Guidelines (ODG) Head section, Vestibular testing", odg.HEAD,
         "Vestibular testing"),
        ("Official Disability Guidelines (ODG) Hip & Pelvis Chapter, Bone scan (scintigraphy), "
         "Ultrasound (sonography)", odg.HIP, "Bone scan (scintigraphy), Ultrasound (sonography)"),
        ("Official Disability Guidelines (ODG) Arthroscopy knee", odg.KNEE, "Arthroscopy knee"),
        ("Official Disability Guidelines (ODG), Ankle and Foot Chapter", odg.ANKLE, None),
        ("Official Disability Guidelines (ODG), Physical therapy guidelines", odg.PHYSICAL_THERAPY,
         None),
        ("Official Disability Guidelines (ODG), Chiropractic Guidelines (updated 6/2/15)",
         odg.CHIROPRACTIC, None),
        ("Official Disability Guidelines - Physical Medicine Guidelines (Online Version)",
         odg.PHYSICAL_MEDICINE, None),
        ("Official Disability Guidelines (ODG), Shoulder (Acute and Chronic), Sling after repair",
         odg.SHOULDER, "Sling after repair"),
        ("ODG Mental Illness and Stress chapter: Relaxation training", odg.MENTAL,
         "Relaxation training"),
        ("Official Disability Guidelines (ODG), Work Loss Data Institute (19th Annual Edition), "
         "2014, Neck and Upper Back (Acute & Chronic) Chapter", odg.NECK, None),
        ("Official Disability Guidelines (ODG) Low Back (Lumbar supports)", odg.LOW_BACK,
         "Lumbar supports"),
    ],
)  # fmt: skip
def test_an_odg_citation_names_a_canonical_chapter_and_the_topic_without_noise(
    citation: str, chapter_title: str, topic: str | None
) -> None:
    assert _place(citation) == (chapter_title, topic)


def test_a_citation_of_a_chapter_alone_or_of_odg_alone_has_no_topic() -> None:
    assert _place("Official Disability Guidelines (ODG), Hernia Chapter") == (odg.HERNIA, None)
    assert _place("Official Disability Guidelines (ODG)") == (None, None)


def test_a_citation_naming_no_chapter_keeps_the_whole_phrase_as_its_topic() -> None:
    assert _place("Official Disability Guidelines (ODG) Return to work pathways, modified") == (
        None,
        "Return to work pathways, modified",
    )


def test_the_first_chapter_named_is_the_chapter_and_the_rest_the_topic() -> None:
    assert _place("Official Disability Guidelines (ODG), Neck and Upper Back; Shoulder") == (
        odg.NECK,
        "Shoulder",
    )


@pytest.mark.parametrize("chapter_title", ODG_CHAPTERS)
def test_each_canonical_chapter_reads_as_itself_with_or_without_a_house_style_topic(
    chapter_title: str,
) -> None:
    assert split_odg(f": {chapter_title}") == OdgPlace(chapter_title, None)
    assert split_odg(f": {chapter_title}; (Acute & Chronic) Topic") == OdgPlace(
        chapter_title, "(Acute & Chronic) Topic"
    )


def test_every_odg_topic_of_the_corpus_sits_in_a_canonical_chapter() -> None:
    chapters = {
        topic.meta.chapter_title
        for topic in load_topics(CORPUS / "guidelines")
        if topic.meta.source is GuidelineSource.ODG
    }
    assert chapters
    assert chapters <= set(ODG_CHAPTERS)
