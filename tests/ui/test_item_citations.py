"""Citations as a reviewer reads them, the markers an edit keeps, who made the decision shown,
the items ready for bulk accept and the word diff of two versions: pure functions, no browser."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.drafting.proposal import Confidence, Proposal
from assistant.drafting.result import Citation, ItemDraft
from assistant.drafting.schema import RationaleSentence, StatementKind
from assistant.letters.models import Decision
from assistant.llm.usage import Usage
from assistant.review.models import DraftVersion, ItemRecord, ItemStatus
from assistant.ui.citations import citation_label, cited_excerpts, marked_text
from assistant.ui.item_list import ready_to_accept
from assistant.ui.item_view import decision_line
from assistant.ui.version_diff import word_diff_html

OPIOID_LINE = "MTUS Chronic Pain Treatment Guidelines Opioids, on-going management Page(s): 78"


def _citation(chunk_id: str, line: str, heading: str, body: str, source: str = "cpmtg") -> Citation:
    text = (
        f"Some topic - {heading}\nGuideline: {line}\nAlso requested as: Norco; hydrocodone\n{body}"
    )
    return Citation(
        chunk_id=chunk_id, citation=line, pages=[], source=source, section=heading, text=text
    )


SUMMARY = _citation(
    "g-1", OPIOID_LINE, "Summary", "Page 78 sets the monitoring duties. It is cited often."
)
CRITERIA = _citation(
    "g-2",
    OPIOID_LINE,
    "Criteria",
    "- Prescriptions come from a single practitioner.\n- Drug screening detects misuse.\n"
    "- Refer to a pain clinic after 3 months.",
)
UNUSED = _citation(
    "g-3", "MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304", "Summary", "MRI.", "acoem"
)
FIRST = "Page 78 of the guideline sets the monitoring duties for opioids."
SECOND = "The criteria: drug screening detects misuse."
CASE = "The records show a consistent urine drug screen."


def _draft(proposal: Proposal | None = None) -> ItemDraft:
    return ItemDraft(
        title="Norco 10/325 mg #120",
        decision=proposal.decision if proposal else Decision.UPHELD,
        decision_source="model" if proposal else "reviewer",
        proposal=proposal,
        maximus_guideline=OPIOID_LINE,
        sentences=[
            RationaleSentence(text=FIRST, kind=StatementKind.GUIDELINE, cites=["g-1"]),
            RationaleSentence(text=CASE, kind=StatementKind.CASE, cites=["S5"]),
            RationaleSentence(text=SECOND, kind=StatementKind.GUIDELINE, cites=["g-2"]),
        ],
        closing="Therefore, the request is not medically necessary.",
        citations=[SUMMARY, UNUSED, CRITERIA],
        criteria=[],
        problems=[],
        usage=Usage(),
        model="offline",
        prompt_version="draft-1",
        attempts=1,
        retrieved=["g-1", "g-2", "g-3"],
    )


def _version(draft: ItemDraft, kind: str = "model", **changes: object) -> DraftVersion:
    fields: dict[str, object] = {
        "id": 1,
        "item_id": 1,
        "number": 1,
        "kind": kind,
        "decision": draft.decision,
        "maximus_guideline": draft.maximus_guideline,
        "rationale": draft.rationale,
        "problems": [],
        "draft": draft,
        "model": "offline",
        "prompt_version": "draft-1",
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "elapsed_ms": 0.0,
        "instruction": None,
        "author": "Dr. Rivera",
        "created_at": datetime(2026, 1, 2, tzinfo=UTC),
    }
    return DraftVersion.model_validate({**fields, **changes})


@pytest.mark.parametrize(
    ("line", "label"),
    [
        (OPIOID_LINE, "CPMTG Opioids p.78"),
        (
            "MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304",
            "ACOEM Ch.12 Low Back p.303-304",
        ),
        (
            "Non-MTUS Citation Official Disability Guidelines (ODG): Low Back - Lumbar & Thoracic "
            "(Acute & Chronic); MRIs",
            "ODG Low Back MRIs",
        ),
        (
            "MTUS Postsurgical Treatment Guidelines Low Back Page(s): 25-26",
            "Postsurgical Low Back p.25-26",
        ),
    ],
)
def test_a_citation_reads_as_a_short_guideline_place(line: str, label: str) -> None:
    assert citation_label(_citation("g", line, "Summary", "Text.")) == label


def test_only_cited_excerpts_are_listed_with_the_lines_the_rationale_restates() -> None:
    summary, criteria = cited_excerpts(_draft())

    assert (summary.number, summary.label, summary.part) == (1, "CPMTG Opioids p.78", "summary")
    assert summary.lines == ["Page 78 sets the monitoring duties.", "It is cited often."]
    assert summary.cited == [0]
    assert criteria.part == "criteria"
    assert [criteria.lines[index] for index in criteria.cited] == ["Drug screening detects misuse."]
    assert not any("Also requested" in line for line in summary.lines + criteria.lines)


def test_markers_stay_on_the_sentences_an_edit_keeps_and_the_dropped_citation_is_named() -> None:
    draft = _draft()

    untouched = marked_text(draft, draft.rationale)
    edited = marked_text(draft, f"{FIRST} My own words about the case.  {CASE}")

    assert [marks for _, marks in untouched.pieces] == [["[1]"], ["[S5]"], ["[2]"], []]
    assert untouched.dropped == []
    assert edited.pieces == [
        (FIRST, ["[1]"]),
        ("My own words about the case.", []),
        (CASE, ["[S5]"]),
    ]
    assert edited.dropped == ["[2] CPMTG Opioids p.78"]


def test_the_decision_line_says_who_made_the_decision() -> None:
    proposed = Proposal(
        decision=Decision.UPHELD, confidence=0.8, label=Confidence.HIGH, basis="0 of 3 met."
    )
    abstained = Proposal(decision=None, confidence=0.5, label=Confidence.LOW, basis="Mixed.")
    model = _draft(proposed)

    assert decision_line(_version(model)) == (
        "**Proposed by the assistant:** Upheld · confidence 0.80 (high)",
        "For you to confirm or change. 0 of 3 met.",
    )
    assert decision_line(_version(_draft(abstained), decision=None)) == (
        "**No proposal: the reviewer decides.**",
        "Mixed.",
    )
    edited = _version(model, kind="edit", rationale="Mine.", decision=Decision.OVERTURNED)
    assert decision_line(edited) == ("**Reviewer's decision:** Overturned", "")
    assert decision_line(_version(_draft())) == ("**Reviewer's decision:** Upheld", "")


def test_the_decision_line_puts_an_upheld_proposal_beside_the_base_rate() -> None:
    proposed = Proposal(
        decision=Decision.UPHELD,
        confidence=0.93,
        label=Confidence.HIGH,
        basis="0 of 3 met.",
        base_rate=0.93,
    )

    head, caption = decision_line(_version(_draft(proposed)))

    assert head == "**Proposed by the assistant:** Upheld · confidence 0.93 (high)"
    assert caption == (
        "For you to confirm or change. 0 of 3 met. On real letters such proposals were right 93% "
        "of the time, no more often than always answering Upheld (93%)."
    )


def test_bulk_accept_takes_only_reviewable_items_with_a_decision_and_no_blocking_problem() -> None:
    draft = _draft()

    def item(number: int, status: ItemStatus, **changes: object) -> ItemRecord:
        current = _version(draft, **changes)
        return ItemRecord(
            id=number,
            case_id=1,
            position=number,
            title=f"item {number}",
            decision_choice=None,
            claims_administrator_guideline="",
            status=status,
            version=1,
            current=current,
        )

    items = [
        item(1, ItemStatus.DRAFTED),
        item(2, ItemStatus.EDITED),
        item(3, ItemStatus.ACCEPTED),
        item(4, ItemStatus.DRAFTED, decision=None),
        item(5, ItemStatus.DRAFTED, problems=["The rationale cites no guideline excerpt."]),
    ]

    assert [found.id for found in ready_to_accept(items)] == [1, 2]


def test_the_version_diff_strikes_what_reverting_removes_and_marks_what_it_restores() -> None:
    shown = word_diff_html("Keep this <b>new</b> text.", "Keep this old text.")

    assert shown == (
        'Keep this <del style="color:#b42318">&lt;b&gt;new&lt;/b&gt;</del> '
        '<ins style="color:#067647">old</ins> text.'
    )
