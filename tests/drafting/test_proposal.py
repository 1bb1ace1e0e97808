"""The offline decision proposal: what is a finding, the rule, and how a proposal is shown."""

from __future__ import annotations

import pytest

from assistant.drafting.case import Case, CaseItem
from assistant.drafting.chain import DraftingChain
from assistant.drafting.evidence import case_sentences, stated
from assistant.drafting.letter import NO_PROPOSAL_HEADING, render_draft_letter
from assistant.drafting.matching import best_match
from assistant.drafting.proposal import Balance, Confidence, Proposal, ProposalRules
from assistant.drafting.request import DraftRequest
from assistant.drafting.result import CaseDraft, ItemDraft
from assistant.letters.models import Decision
from assistant.llm.usage import Usage

TEAR_CRITERION = "Signs of a full-thickness rotator cuff tear are documented."
SHOULDER_SUMMARY = (
    "The injured worker is a 52-year-old cashier who fell on her right shoulder at work on "
    "3/4/2016. She reports shoulder pain with overhead reaching. Examination shows tenderness over "
    "the acromion. Plain radiographs of the shoulder were normal. The treatment plan includes an "
    "MRI of the right shoulder to rule out a full-thickness rotator cuff tear."
)


@pytest.mark.parametrize(
    ("sentence", "not_findings"),
    [
        ("An MRI of the shoulder is planned to rule out rotator cuff tear.", {"rotator", "tear"}),
        ("The treatment plan includes physical therapy for shoulder weakness.", {"weakness"}),
        ("An MRI of the lumbar spine was requested for radicular pain.", {"radicular", "lumbar"}),
        ("The physician will consider epidural steroid injections.", {"epidural", "steroid"}),
        ("The provider recommends surgical decompression.", {"surgical", "decompression"}),
        ("Requested: EMG of both legs to evaluate neuropathy.", {"emg", "neuropathy"}),
        ("If symptoms persist, surgery would be considered.", {"symptom", "surgery"}),
        ("Should conservative care fail, a lumbar fusion is an option.", {"fusion", "lumbar"}),
        ("Unless the pain improves, a repeat MRI will be obtained.", {"pain", "mri"}),
    ],
)
def test_plans_requests_aims_and_hypotheticals_are_not_findings(
    sentence: str, not_findings: set[str]
) -> None:
    assert not (stated(sentence).words & not_findings)


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("There are no signs of a full-thickness rotator cuff tear.", {"rotator", "cuff", "tear"}),
        ("She denies numbness or tingling in the hands.", {"numbness"}),
        ("The prior MRI was negative for disc herniation.", {"herniation"}),
        ("Straight leg raise was negative on both sides.", {"straight", "leg", "raise"}),
    ],
)
def test_negated_findings_are_stated_as_absent(sentence: str, negated: set[str]) -> None:
    found = stated(sentence)

    assert negated <= found.absent
    assert not (negated & found.present)


def test_findings_beside_a_plan_or_a_contrast_still_count() -> None:
    assert {"drop", "arm"} <= stated(
        "An MRI was requested, but examination shows a positive drop arm test."
    ).present
    assert "weakness" in stated("She has weakness and an MRI was requested.").present


def test_a_rule_out_in_the_plan_does_not_meet_a_criterion() -> None:
    assert best_match(TEAR_CRITERION, case_sentences(SHOULDER_SUMMARY)) is None


def test_a_negated_finding_contradicts_a_criterion_instead_of_meeting_it() -> None:
    sentences = case_sentences("Examination found no signs of a full-thickness rotator cuff tear.")

    match = best_match(TEAR_CRITERION, sentences)

    assert match is not None and not match.agrees


def test_a_documented_finding_still_meets_the_criterion() -> None:
    sentences = case_sentences("Examination shows signs of a full-thickness rotator cuff tear.")

    match = best_match(TEAR_CRITERION, sentences)

    assert match is not None and match.agrees


def balance(supports: list[float], against: list[float]) -> Balance:
    return Balance(supports=supports, against=against, contradicted=0, undocumented=1)


def test_overturned_is_proposed_only_on_strong_unopposed_support() -> None:
    rules = ProposalRules(show_overturned=True)

    strong = rules.propose(balance([0.5, 0.4], []))
    single = rules.propose(balance([0.5], []))
    outweighed = rules.propose(balance([0.5, 0.4], [0.6]))

    assert strong.decision is Decision.OVERTURNED
    assert single.decision is Decision.UPHELD
    assert outweighed.decision is not Decision.OVERTURNED


def test_a_proposal_to_overturn_is_withheld_and_says_what_it_leaned_to() -> None:
    withheld = ProposalRules().propose(balance([0.5, 0.4], []))

    assert withheld.decision is None
    assert withheld.withheld is Decision.OVERTURNED
    assert withheld.label is Confidence.LOW
    assert withheld.basis.startswith("Leans to Overturned (2 of 3 conditions for certifying met")
    assert "right less often than upholding" in withheld.basis
    assert ProposalRules().propose(balance([], [])).withheld is None


def test_mixed_evidence_gives_no_proposal_and_a_low_confidence() -> None:
    proposal = ProposalRules().propose(balance([0.5], [0.4]))

    assert proposal.decision is None
    assert proposal.label is Confidence.LOW
    assert "Mixed evidence" in proposal.basis


def test_upholding_is_surer_when_nothing_supports_the_request() -> None:
    rules = ProposalRules()

    bare = rules.propose(balance([], []))
    partial = rules.propose(balance([0.3], []))

    assert bare.decision is partial.decision is Decision.UPHELD
    assert bare.confidence is not None and partial.confidence is not None
    assert 0.0 <= partial.confidence < bare.confidence <= 1.0
    assert "0 of 1 conditions for certifying met" in bare.basis


def test_a_proposal_reads_as_a_proposal() -> None:
    proposal = Proposal(
        decision=Decision.OVERTURNED, confidence=0.7, label=Confidence.MODERATE, basis="Why."
    )
    none = Proposal(decision=None, confidence=0.5, label=Confidence.LOW)

    assert proposal.describe("offline") == (
        "Proposed decision: Overturned (model offline, confidence 0.70, moderate), for the "
        "reviewer to confirm or change. Why."
    )
    assert none.describe("offline").startswith("No proposed decision (model offline, confidence")
    assert "not rated" in Proposal(decision=Decision.UPHELD).describe("gpt")


def test_an_upheld_proposal_stands_beside_the_base_rate_it_does_not_beat() -> None:
    proposal = ProposalRules().propose(balance([], []))

    assert proposal.decision is Decision.UPHELD
    assert proposal.base_rate is not None and proposal.confidence is not None
    assert round(proposal.confidence, 2) == round(proposal.base_rate, 2)
    assert proposal.describe("offline").endswith(
        "On real letters such proposals were right 93% of the time, no more often than always "
        "answering Upheld (93%)."
    )


def test_the_base_rate_note_says_when_a_proposal_beats_it_and_only_for_upheld() -> None:
    better = Proposal(
        decision=Decision.UPHELD, confidence=0.97, label=Confidence.HIGH, base_rate=0.9
    )
    overturned = Proposal(decision=Decision.OVERTURNED, confidence=0.7, base_rate=0.9)
    undecided = Proposal(decision=None, confidence=0.5, base_rate=0.9)

    assert better.base_rate_note() == (
        "On real letters such proposals were right 97% of the time, more often than always "
        "answering Upheld (90%)."
    )
    assert overturned.base_rate_note() == undecided.base_rate_note() == ""
    assert Proposal(decision=Decision.UPHELD, confidence=0.9).base_rate_note() == ""


def item_draft(title: str, decision: Decision | None, proposal: Proposal | None) -> ItemDraft:
    return ItemDraft(
        title=title,
        decision=decision,
        decision_source="reviewer" if proposal is None else "model",
        proposal=proposal,
        maximus_guideline="Decision based on MTUS Chronic Pain Treatment Guidelines.",
        sentences=[],
        closing="" if decision is None else "Therefore, the request is not medically necessary.",
        citations=[],
        criteria=[],
        problems=[],
        usage=Usage(),
        model="offline",
        prompt_version="draft-1",
        attempts=1,
        retrieved=[],
    )


def test_the_letter_preview_shows_proposals_as_proposals() -> None:
    titles = ("Physical therapy x 6", "Tramadol 50 mg #60", "Acupuncture x 6")
    case = Case(
        case_id="SYN-TEST-2",
        clinical_summary="The worker has chronic neck pain.",
        items=[CaseItem(title=title) for title in titles],
    )
    proposed = Proposal(decision=Decision.UPHELD, confidence=0.8, label=Confidence.HIGH)
    undecided = Proposal(decision=None, confidence=0.5, label=Confidence.LOW, basis="Mixed.")
    drafts = CaseDraft(
        case_id=case.case_id,
        items=[
            item_draft(titles[0], Decision.UPHELD, None),
            item_draft(titles[1], Decision.UPHELD, proposed),
            item_draft(titles[2], None, undecided),
        ],
    )

    text = render_draft_letter(case, drafts)

    issues = text.split("IMR ISSUES", 1)[1]
    starts = [issues.index(f"{title}: ") for title in titles]
    reviewer, model, open_item = (
        issues[starts[0] : starts[1]],
        issues[starts[1] : starts[2]],
        issues[starts[2] :],
    )
    assert "Proposed decision" not in reviewer
    assert "Proposed decision: Upheld (model offline, confidence 0.80, high)" in model
    assert f"Acupuncture x 6: {NO_PROPOSAL_HEADING}" in open_item
    assert "No proposed decision (model offline, confidence 0.50, low)" in open_item


def test_a_draft_row_carries_the_proposal_with_its_confidence() -> None:
    proposal = Proposal(decision=None, confidence=0.5, label=Confidence.LOW, basis="Mixed.")

    row = item_draft("Acupuncture x 6", None, proposal).row()

    assert row["decision"] is None
    assert row["proposal"] == {
        "decision": None,
        "confidence": 0.5,
        "label": "low",
        "basis": "Mixed.",
        "withheld": None,
        "base_rate": None,
    }


def test_the_rule_out_example_is_not_proposed_overturned(offline_chain: DraftingChain) -> None:
    draft = offline_chain.draft(
        DraftRequest(case_id="SYN-TEST-3", summary=SHOULDER_SUMMARY, title="MRI of the shoulder")
    )

    assert draft.proposal is not None and draft.proposal.confidence is not None
    assert draft.decision is not Decision.OVERTURNED
    assert not [
        finding
        for finding in draft.criteria
        if finding.status == "met" and "rotator cuff" in finding.criterion
    ]


MIXED_SUMMARY = (
    "The injured worker is a 55-year-old roofer. After shoulder trauma in a fall he has weakness "
    "and a positive tear test; plain x-rays were normal. A prior MRI of the shoulder in 2015 "
    "already answered the question, and his symptoms are unchanged since then."
)


def test_mixed_evidence_leaves_the_decision_to_the_reviewer(offline_chain: DraftingChain) -> None:
    draft = offline_chain.draft(
        DraftRequest(case_id="SYN-TEST-4", summary=MIXED_SUMMARY, title="MRI of the right shoulder")
    )

    assert draft.abstained and draft.decision is None
    assert draft.proposal is not None and draft.proposal.label is Confidence.LOW
    assert draft.problems == []
    assert draft.closing == "" and "medically necessary" not in draft.rationale
    assert {finding.status.value for finding in draft.criteria} >= {"met", "not_documented"}
