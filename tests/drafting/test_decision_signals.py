"""Candidate decision signals read only what the drafter is given, and findings only as stated."""

from __future__ import annotations

import pytest

from assistant.drafting.request import DraftRequest
from evals.decision_signals import SIGNALS, ItemView, Role, neurologic_deficit, role

ASSOCIATED = "associated service, its surgery also in dispute"
WITHOUT_SURGERY = "pre-op service or post-op medicine, no surgery in dispute"
DEFICIT = "diagnostic study, decreased sensation or reflex stated"
SUMMARY = "Synthetic case: a 50-year-old worker with shoulder pain after a fall at work."


def view(title: str, *others: str, summary: str = SUMMARY) -> ItemView:
    return ItemView(
        request=DraftRequest(case_id="SYN-1", summary=summary, title=title), other_titles=others
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Right shoulder arthroscopy with rotator cuff repair", Role.SURGERY),
        ("L4-5 posterior lumbar fusion", Role.SURGERY),
        ("Spine surgery evaluation for the lumbar spine", Role.OTHER),
        ("Pre-op labs: complete blood count", Role.PRE_OP_OR_MEDICINE),
        ("Preoperative medical clearance", Role.PRE_OP_OR_MEDICINE),
        ("Post-op oxycodone 5mg #30", Role.PRE_OP_OR_MEDICINE),
        ("Associated surgical service: cold therapy unit, 7 day rental", Role.POST_OP_CARE),
        ("Post-op physical therapy 12 sessions", Role.POST_OP_CARE),
        ("Myofascial release to the low back", Role.OTHER),
        ("MRI of the cervical spine", Role.OTHER),
    ],
)
def test_an_items_part_in_a_surgery_is_read_from_its_title(title: str, expected: Role) -> None:
    assert role(title) is expected


def test_associated_services_are_told_apart_by_whether_their_surgery_is_in_dispute() -> None:
    with_surgery = view("Pre-op labs: CBC", "Right knee arthroscopy", "Post-op sling")
    alone = view("Pre-op labs: CBC", "Post-op sling")

    assert SIGNALS[ASSOCIATED](with_surgery) and not SIGNALS[WITHOUT_SURGERY](with_surgery)
    assert SIGNALS[WITHOUT_SURGERY](alone) and not SIGNALS[ASSOCIATED](alone)
    assert not SIGNALS[WITHOUT_SURGERY](view("Post-op sling"))


@pytest.mark.parametrize(
    "summary",
    [
        "On examination there was decreased sensation in the left C6 dermatome.",
        "Tenderness over the trapezius, and the biceps reflex was diminished on the left.",
    ],
)
def test_a_stated_sensory_or_reflex_deficit_is_a_finding(summary: str) -> None:
    assert neurologic_deficit(summary)
    assert SIGNALS[DEFICIT](view("MRI of the cervical spine", summary=summary))
    assert not SIGNALS[DEFICIT](view("Physical therapy 6 sessions", summary=summary))


@pytest.mark.parametrize(
    "summary",
    [
        "There was no decreased sensation in the upper extremities.",
        "The plan is an MRI to rule out decreased sensation from a pinched nerve.",
        "If sensation is decreased at the next visit, an MRI would be considered.",
        "Range of motion was decreased, sensation intact and reflexes symmetric.",
    ],
)
def test_negated_planned_and_hypothetical_deficits_are_not_findings(summary: str) -> None:
    assert not neurologic_deficit(summary)
