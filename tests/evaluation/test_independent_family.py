"""The independent reading of guideline lines into families that checks the eval's figure."""

from __future__ import annotations

import pytest

from evals.independent_family import compare, families, family_agrees

LOW_BACK = "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies."
CPMTG = (
    "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Acupuncture, "
    "Opioids for chronic pain."
)
ODG = (
    "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS "
    "Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Knee & "
    "Leg, Durable medical equipment (DME)."
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (LOW_BACK, {"acoem-12"}),
        (CPMTG, {"cpmtg"}),
        (ODG, {"odg"}),
        (
            "Decision based on MTUS General Approaches 2004, Section(s): Cornerstones of "
            "Disability Prevention and Management.",
            {"acoem-5"},
        ),
        (
            "Decision based on MTUS Acupuncture Treatment 2007, and Chronic Pain Medical "
            "Treatment 2016, Section(s): Topical analgesics.",
            {"acupuncture", "cpmtg"},
        ),
        (
            "Decision based on MTUS Neck and Upper Back Complaints 2004, Section(s): Special "
            "Studies, and Forearm, Wrist, and Hand Complaints 2004, Section(s): Special Studies.",
            {"acoem-8", "acoem-11"},
        ),
        ("Decision based on Non-MTUS Citation Low Back (Hyperstimulation analgesia).", {"odg"}),
        ("Decision based on Non-MTUS Citation Green's Operative Hand Surgery, 6th ed.", {"other"}),
        ("Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids.", {"opioids"}),
        ("The Expert Reviewer did not cite any medical evidence for its decision.", {"none"}),
        (
            "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304.",
            {"acoem-12"},
        ),
        ("", set()),
    ],
)
def test_each_form_of_line_reads_as_its_families(line: str, expected: set[str]) -> None:
    assert families(line) == expected


def test_lines_agree_when_they_share_a_family() -> None:
    assert family_agrees(LOW_BACK, LOW_BACK.replace("Special Studies", "Surgical Considerations"))
    assert family_agrees(LOW_BACK, CPMTG) is False
    assert family_agrees("The Expert Reviewer did not cite any medical evidence.", CPMTG) is None


def _row(reference: str, draft: str, family_match: bool | None) -> dict[str, object]:
    return {
        "letter_id": "L1",
        "reference_guideline": reference,
        "draft_guideline": draft,
        "family_match": family_match,
    }


def test_compare_reports_both_accuracies_and_the_items_read_differently() -> None:
    compared = compare(
        [
            _row(LOW_BACK, LOW_BACK, True),
            _row(CPMTG, ODG, False),
            _row(ODG, ODG, False),
            _row(CPMTG, CPMTG, True),
        ]
    )
    assert compared.items == 4
    assert compared.eval_accuracy == 0.5
    assert compared.independent_accuracy == 0.75
    assert compared.difference == 0.25
    assert [row["reference"] for row in compared.disagreements] == [ODG]


def test_compare_of_identical_readings_differs_by_nothing() -> None:
    compared = compare([_row(LOW_BACK, LOW_BACK, True), _row(LOW_BACK, CPMTG, False)])
    assert compared.difference == 0.0
    assert compared.disagreements == []
