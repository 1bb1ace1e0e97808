"""The drafting chain with the offline model over the real ingested corpus."""

from __future__ import annotations

import re

import pytest

from assistant.drafting.chain import DraftingChain
from assistant.drafting.evidence import case_sentences
from assistant.drafting.request import DraftRequest, pack_prompt
from assistant.drafting.schema import StatementKind
from assistant.drafting.validate import unsupported_facts
from assistant.errors import InputError
from assistant.letters.models import Decision
from assistant.letters.sources import is_mtus
from tests.drafting.conftest import CASE_SUMMARY

OTHER_SUMMARY = (
    "The applicant is a 58-year-old bus mechanic with chronic low back pain since a fall on "
    "6/1/2012. He has taken cyclobenzaprine 10 mg #90 every month since 2013 without a documented "
    "flare or spasm. Pain is 6/10 and unchanged. He also takes tramadol 50 mg."
)


def request(title: str, summary: str = CASE_SUMMARY, **fields: object) -> DraftRequest:
    return DraftRequest(case_id="SYN-TEST-1", summary=summary, title=title, **fields)


def test_offline_draft_is_validated_cited_and_rendered_from_metadata(
    offline_chain: DraftingChain,
) -> None:
    draft = offline_chain.draft(request("Cyclobenzaprine 7.5 mg #20", decision=Decision.OVERTURNED))

    assert draft.problems == []
    assert draft.decision is Decision.OVERTURNED
    assert draft.decision_source == "reviewer"
    assert (
        draft.closing
        == "Therefore, the request for Cyclobenzaprine 7.5 mg #20 is medically necessary."
    )
    cited = {citation.chunk_id for citation in draft.citations}
    assert cited <= set(draft.retrieved)
    assert any(is_mtus(citation.source) for citation in draft.citations)
    assert draft.maximus_guideline.startswith("Decision based on MTUS Chronic Pain Treatment")
    assert "Cyclobenzaprine (Flexeril) Page(s): 41-42." in draft.maximus_guideline
    kinds = {sentence.kind for sentence in draft.sentences}
    assert kinds == {StatementKind.GUIDELINE, StatementKind.CASE}


def test_every_fact_in_an_offline_draft_comes_from_the_case_or_a_cited_excerpt(
    offline_chain: DraftingChain,
) -> None:
    for title in ("Cyclobenzaprine 7.5 mg #20", "MRI of the lumbar spine", "Physical therapy x 12"):
        draft = offline_chain.draft(request(title))
        allowed = " ".join([CASE_SUMMARY, title] + [c.text for c in draft.citations])
        written = draft.rationale
        assert unsupported_facts(written, allowed, offline_chain.searcher.drug_names()) == []
        ids = {s.id for s in case_sentences(CASE_SUMMARY)}
        for sentence in draft.sentences:
            if sentence.kind is StatementKind.CASE:
                assert set(sentence.cites) <= ids


def test_different_cases_give_different_case_specific_rationales(
    offline_chain: DraftingChain,
) -> None:
    first = offline_chain.draft(request("Cyclobenzaprine 7.5 mg #20"))
    second = offline_chain.draft(request("Cyclobenzaprine 7.5 mg #20", summary=OTHER_SUMMARY))

    assert first.rationale != second.rationale
    assert "warehouse packer" in first.rationale
    assert "bus mechanic" in second.rationale
    assert "warehouse" not in second.rationale


def test_the_reviewer_decision_is_argued_either_way(offline_chain: DraftingChain) -> None:
    upheld = offline_chain.draft(request("Cyclobenzaprine 7.5 mg #20", decision=Decision.UPHELD))
    overturned = offline_chain.draft(
        request("Cyclobenzaprine 7.5 mg #20", decision=Decision.OVERTURNED)
    )

    assert upheld.problems == [] and overturned.problems == []
    assert upheld.closing.endswith("is not medically necessary.")
    assert overturned.closing.endswith("is medically necessary.")
    assert "not medically necessary" not in overturned.closing


def test_a_proposed_decision_comes_with_criteria_linked_to_case_sentences(
    offline_chain: DraftingChain,
) -> None:
    draft = offline_chain.draft(request("Cyclobenzaprine 7.5 mg #20"))

    assert draft.decision_source == "model"
    assert draft.proposal is not None and draft.proposal.decision is draft.decision
    met = [finding for finding in draft.criteria if finding.status == "met"]
    assert met, draft.criteria
    ids = {s.id for s in case_sentences(CASE_SUMMARY)}
    assert all(finding.evidence and set(finding.evidence) <= ids for finding in met)
    assert {finding.status.value for finding in draft.criteria} <= {
        "met",
        "not_met",
        "not_documented",
    }


def test_chronic_use_without_a_flare_is_proposed_upheld(offline_chain: DraftingChain) -> None:
    draft = offline_chain.draft(request("Cyclobenzaprine 10 mg #90", summary=OTHER_SUMMARY))

    assert draft.decision is Decision.UPHELD
    assert draft.problems == []


def test_usage_and_prompt_version_are_recorded(offline_chain: DraftingChain) -> None:
    draft = offline_chain.draft(request("MRI of the lumbar spine"))

    assert draft.model == "offline"
    assert re.fullmatch(r"draft-\d+\+[0-9a-f]{8}", draft.prompt_version)
    assert draft.usage.calls == 1
    assert draft.usage.prompt_tokens > 500
    assert draft.usage.completion_tokens > 50
    assert draft.usage.cost_usd == 0.0
    assert set(draft.timings_ms) == {"retrieval", "packing", "model", "validation"}


def test_excluded_letters_never_reach_the_prompt(offline_chain: DraftingChain) -> None:
    plain = request("Cyclobenzaprine 7.5 mg #30")
    evidence = offline_chain.retrieve(plain)
    letters = {hit.meta.letter_id for hit in evidence.examples}
    assert letters, "similar past items are retrieved"

    excluded = offline_chain.retrieve(
        request("Cyclobenzaprine 7.5 mg #30", exclude_letter_ids=tuple(letters))
    )
    assert not letters & {hit.meta.letter_id for hit in excluded.examples}


def test_a_small_context_window_drops_the_lowest_ranked_excerpts(
    offline_chain: DraftingChain,
) -> None:
    item = request("Cyclobenzaprine 7.5 mg #20")
    evidence = offline_chain.retrieve(item)
    prompts = offline_chain.prompts
    full = pack_prompt(
        item, evidence, prompts, model="gpt-4o-mini", context_window=16000, completion_tokens=1500
    )
    tight = pack_prompt(
        item,
        evidence,
        prompts,
        model="gpt-4o-mini",
        context_window=full.prompt_tokens - 300 + 1500,
        completion_tokens=1500,
    )

    assert tight.prompt_tokens <= full.prompt_tokens - 300
    assert tight.dropped_excerpts + tight.dropped_examples > 0
    assert [e.chunk_id for e in tight.excerpts] == [
        e.chunk_id for e in full.excerpts[: len(tight.excerpts)]
    ]


def test_a_case_too_long_for_the_window_is_a_clear_error(offline_chain: DraftingChain) -> None:
    item = request("Cyclobenzaprine 7.5 mg #20", summary=CASE_SUMMARY * 60)
    with pytest.raises(InputError, match="IMR_LLM__CONTEXT_WINDOW"):
        pack_prompt(
            item,
            offline_chain.retrieve(item),
            offline_chain.prompts,
            model="gpt-4o-mini",
            context_window=4000,
            completion_tokens=1500,
        )
