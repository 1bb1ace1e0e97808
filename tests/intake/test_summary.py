"""The extractive case summary: sentences in the house order, normalised lightly, each linked to
its page, and none whose numbers, dates or drugs are missing from the pages it links."""

from __future__ import annotations

from assistant.intake.models import RequestedItem, SummarySentence, UrDecision
from assistant.intake.noise import running_lines
from assistant.intake.split import ANY_TITLE, split_documents
from assistant.intake.summary import normalise, summarise
from tests.intake.pages import pages

RECORDS = pages(
    "UTILIZATION REVIEW DETERMINATION\nDate of determination: 03/05/2024\n"
    "Requested item: Norco 10/325 mg #90\nDetermination: Non-certified",
    "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\nDate of service: 02/24/2024\n"
    "History: The patient is a 47-year-old who was injured on 03/14/2021 from lifting a\n"
    "box.\nSubjective: The patient reports low back pain rated 7/10.\n"
    "Diagnoses: Lumbar radiculopathy.",
)
ITEM = RequestedItem(title="Norco 10/325 mg #90", ur_decision=UrDecision.NON_CERTIFIED, pages=[1])


def _summary(items: tuple[RequestedItem, ...] = (ITEM,)) -> list[SummarySentence]:
    records = RECORDS
    running = running_lines(records, ANY_TITLE)
    return summarise(records, split_documents(records), list(items), running)


def test_sentences_come_in_the_house_order_with_their_pages() -> None:
    summary = _summary()

    assert [(s.text, s.pages) for s in summary] == [
        (
            "The injured worker is a 47-year-old who was injured on 03/14/2021 from lifting a box.",
            [2],
        ),
        ("Diagnoses: Lumbar radiculopathy.", [2]),
        ("On 02/24/2024, the injured worker reports low back pain rated 7/10.", [2]),
        (
            "Utilization review on 03/05/2024 non-certified the request for Norco 10/325 mg #90.",
            [1],
        ),
    ]


def test_a_sentence_whose_facts_are_not_on_its_pages_is_left_out() -> None:
    item = ITEM.model_copy(update={"title": "Norco 10/325 mg #120"})

    texts = [s.text for s in _summary(items=(item,))]

    assert not any("#120" in text for text in texts)


def test_normalise_drops_field_labels_and_names_the_injured_worker() -> None:
    assert normalise("Subjective: the patient reports pain") == "The injured worker reports pain."
