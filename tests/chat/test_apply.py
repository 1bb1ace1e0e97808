"""A chat answer as an item's rationale: the item it targets, refusals, the saved sentences and
citations, and the change shown before saving."""

from __future__ import annotations

from assistant.chat.apply import (
    ItemSubject,
    answer_topics,
    applied_draft,
    rationale_problem,
    rationale_text,
    target_item,
)
from assistant.drafting.schema import StatementKind
from assistant.letters.models import Decision
from assistant.review.models import ChatCitation

OPIOIDS = ChatCitation(
    marker="G1",
    label="CPMTG Opioids for chronic pain p.80-82",
    text="Efficacy beyond 16 weeks is unclear.",
    chunk_id="g-opioid",
    citation="MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 80-82",
    pages=[80, 81, 82],
    source="cpmtg",
    section="Criteria",
    topic_id="cpmtg-opioids-chronic-pain",
)
THERAPY = ChatCitation(
    marker="G2",
    label="CPMTG Physical Medicine p.98-99",
    text="9-10 visits over 8 weeks.",
    chunk_id="g-pt",
    citation="MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99",
    pages=[98, 99],
    source="cpmtg",
    section="Criteria",
    topic_id="cpmtg-physical-medicine",
)
CASE = ChatCitation(marker="S2", label="Case summary", text="He takes Norco.")
MRI = ItemSubject(
    item_id=1, title="MRI of the lumbar spine", topics=frozenset({"acoem-ch12-lumbar-mri"})
)
NORCO = ItemSubject(
    item_id=2,
    title="Norco 10/325 mg #90",
    topics=frozenset({"cpmtg-opioids", "cpmtg-opioids-dosing"}),
)
THERAPY_ITEM = ItemSubject(
    item_id=3, title="Physical therapy x 12", topics=frozenset({"cpmtg-physical-medicine"})
)
ANSWER = (
    "Efficacy beyond 16 weeks for chronic back pain is unclear (CPMTG Opioids for chronic pain "
    "p.80-82) [G1]. He takes Norco daily [S2].\n\nExcerpts:\n\n[G1] CPMTG Opioids: \u201c...\u201d"
    "\n\n[G2] CPMTG Physical Medicine p.98-99"
)


def test_the_answer_targets_the_item_whose_topic_it_cites_not_the_first_item() -> None:
    topics = answer_topics(ANSWER, [OPIOIDS, THERAPY, CASE])

    assert topics == ["cpmtg-opioids-chronic-pain"]
    assert target_item("How long can opioids be used?", topics, [MRI, NORCO, THERAPY_ITEM]) == 2


def test_without_a_cited_topic_the_item_named_in_the_question_is_the_target() -> None:
    assert target_item("What about the physical therapy request?", [], [MRI, THERAPY_ITEM]) == 3
    assert target_item("Anything?", [], [MRI, THERAPY_ITEM]) is None


def test_an_answer_about_another_treatment_is_refused_for_the_item() -> None:
    therapy = "Myalgia: 9-10 visits over 8 weeks (CPMTG Physical Medicine p.98-99) [G2]."

    problem = rationale_problem(therapy, [OPIOIDS, THERAPY], NORCO)

    assert problem is not None
    assert "cites nothing about Norco 10/325 mg #90" in problem
    assert "CPMTG Physical Medicine p.98-99" in problem
    assert rationale_problem(ANSWER, [OPIOIDS, THERAPY, CASE], NORCO) is None


def test_an_answer_citing_no_excerpt_is_refused() -> None:
    problem = rationale_problem("The guideline excerpts found do not answer this.", [], NORCO)

    assert problem is not None and "cites no guideline excerpt" in problem


def test_the_rationale_is_the_answer_without_markers_citing_what_they_named() -> None:
    draft = applied_draft(
        None,
        title="Norco 10/325 mg #90",
        decision=Decision.UPHELD,
        maximus_guideline="MTUS Opioids",
        content=ANSWER,
        citations=[OPIOIDS, THERAPY, CASE],
    )

    assert draft.rationale == rationale_text(ANSWER, [OPIOIDS, THERAPY, CASE])
    assert draft.rationale == (
        "Efficacy beyond 16 weeks for chronic back pain is unclear (CPMTG Opioids for chronic "
        "pain p.80-82). He takes Norco daily."
    )
    assert [(s.kind, s.cites) for s in draft.sentences] == [
        (StatementKind.GUIDELINE, ["g-opioid"]),
        (StatementKind.CASE, ["S2"]),
    ]
    assert [c.chunk_id for c in draft.citations] == ["g-opioid"]
    assert draft.citations[0].pages == [80, 81, 82]


def test_the_answer_replaces_the_reasoning_and_keeps_the_sentence_stating_the_decision() -> None:
    base = applied_draft(
        None,
        title="Norco 10/325 mg #90",
        decision=Decision.UPHELD,
        maximus_guideline="MTUS Opioids",
        content="Old reasoning [G2].",
        citations=[THERAPY],
    ).model_copy(update={"closing": "Therefore, the request is not medically necessary."})

    draft = applied_draft(
        base,
        title="Norco 10/325 mg #90",
        decision=Decision.UPHELD,
        maximus_guideline="MTUS Opioids",
        content=ANSWER,
        citations=[OPIOIDS, THERAPY, CASE],
    )

    assert draft.rationale.startswith("Efficacy beyond 16 weeks")
    assert draft.rationale.endswith(
        "He takes Norco daily. Therefore, the request is not medically necessary."
    )
    assert [c.chunk_id for c in draft.citations] == ["g-opioid"]
