"""The disputed items come from the UR determination as UR wrote them, in labelled blocks or in
sentences, with the decision, the UR date and the guideline UR cited; the IMR application's list
fills in items UR's letter does not name."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.intake.disputed import application_items, decision_of, merge_items, ur_items
from assistant.intake.models import RequestedItem, UrDecision
from assistant.intake.noise import running_lines
from assistant.intake.split import ANY_TITLE, split_documents
from tests.intake.pages import pages

LABELLED = (
    "UTILIZATION REVIEW DETERMINATION\nDate of determination: 03/05/2024\n"
    "Request 1\nRequested item: Norco 10/325 mg #90\nDetermination: Non-certified\n"
    "Guideline cited: MTUS Chronic Pain Medical Treatment Guidelines, Opioids, pages 74-96\n"
    "Rationale: Not enough documented benefit.\n"
    "Request 2\nRequested item: Physical therapy 12 sessions for the lumbar\nspine\n"
    "Determination: Modified to 6 sessions\nGuideline cited: MTUS Physical Medicine, page 99"
)
NARRATIVE = (
    "NOTICE OF UTILIZATION REVIEW DECISION\nDate: 11/18/2023\n"
    "After review, the request for Lidocaine 5% patch #30 is not certified. Criteria used:\n"
    "MTUS Topical analgesics, pages 111-113. After review, the request for Naproxen 550 mg #60\n"
    "is certified. Criteria used: MTUS NSAIDs, pages 67-73."
)


def _items(*bodies: str) -> list[RequestedItem]:
    records = pages(*bodies)
    running = running_lines(records, ANY_TITLE)
    return [
        item
        for document in split_documents(records)
        for item in ur_items(document, records, running)
    ]


def test_labelled_blocks_give_each_item_with_decision_date_and_guideline() -> None:
    items = _items(LABELLED)

    assert [(i.title, i.ur_decision, i.guideline) for i in items] == [
        (
            "Norco 10/325 mg #90",
            UrDecision.NON_CERTIFIED,
            "MTUS Chronic Pain Medical Treatment Guidelines, Opioids, pages 74-96",
        ),
        (
            "Physical therapy 12 sessions for the lumbar spine",
            UrDecision.MODIFIED,
            "MTUS Physical Medicine, page 99",
        ),
    ]
    assert {i.ur_date for i in items} == {date(2024, 3, 5)}


def test_sentences_give_each_item_and_only_uncertified_ones_are_disputed() -> None:
    items = _items(NARRATIVE)

    assert [(i.title, i.ur_decision, i.guideline, i.disputed) for i in items] == [
        (
            "Lidocaine 5% patch #30",
            UrDecision.NON_CERTIFIED,
            "MTUS Topical analgesics, pages 111-113",
            True,
        ),
        ("Naproxen 550 mg #60", UrDecision.CERTIFIED, "MTUS NSAIDs, pages 67-73", False),
    ]


def test_other_labels_for_the_same_blocks() -> None:
    items = _items(
        "UTILIZATION REVIEW DECISION\nDate: 2024-03-05\n"
        "Treatment requested: Tramadol 50 mg #60\nUR decision: Denied\n"
        "Guideline: MTUS Opioids, pages 74-96\n"
        "Service requested: Acupuncture 6 sessions\nOutcome: Approved\n"
        "Guideline: MTUS Acupuncture Medical Treatment Guidelines"
    )

    assert [(i.title, i.ur_decision, i.guideline, i.ur_date) for i in items] == [
        (
            "Tramadol 50 mg #60",
            UrDecision.NON_CERTIFIED,
            "MTUS Opioids, pages 74-96",
            date(2024, 3, 5),
        ),
        (
            "Acupuncture 6 sessions",
            UrDecision.CERTIFIED,
            "MTUS Acupuncture Medical Treatment Guidelines",
            date(2024, 3, 5),
        ),
    ]


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        ("Non-certified", UrDecision.NON_CERTIFIED),
        ("not certified", UrDecision.NON_CERTIFIED),
        ("DENIED", UrDecision.NON_CERTIFIED),
        ("Modified to 6 sessions", UrDecision.MODIFIED),
        ("partially certified", UrDecision.MODIFIED),
        ("Approved", UrDecision.CERTIFIED),
        ("pending", None),
    ],
)
def test_decision_words(text: str, decision: UrDecision | None) -> None:
    assert decision_of(text) is decision


def test_the_application_lists_its_disputed_treatments() -> None:
    records = pages(
        "APPLICATION FOR INDEPENDENT MEDICAL REVIEW\nDate: 03/26/2024\n"
        "Disputed treatment(s) or service(s):\n1. Norco 10/325 mg #90\n2. MRI of the lumbar spine\n"
        "The employee asks for review."
    )
    running = running_lines(records, ANY_TITLE)

    listed = application_items(split_documents(records)[0], records, running)
    merged = merge_items([RequestedItem(title="Norco 10/325 MG #90")], listed)

    assert [item.title for item in listed] == ["Norco 10/325 mg #90", "MRI of the lumbar spine"]
    assert [item.title for item in merged] == ["Norco 10/325 MG #90", "MRI of the lumbar spine"]
