"""Across generated adversarial model replies, no invalid citation reaches a result unflagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.drafting.chain import DraftingChain, build_chain
from assistant.drafting.drafters import ModelAnswer
from assistant.drafting.request import DraftRequest, PackedPrompt
from assistant.drafting.schema import (
    CriterionFinding,
    CriterionStatus,
    DraftReply,
    RationaleSentence,
    StatementKind,
)
from assistant.letters.models import Decision
from assistant.llm.usage import Usage
from tests.drafting.conftest import CASE_SUMMARY, chain_settings

TITLE = "Cyclobenzaprine 7.5 mg #20"


class ScriptedModel:
    """Answers every call with the reply under test (a model that ignores repair requests)."""

    name = "scripted"

    def __init__(self) -> None:
        self.reply: DraftReply | None = None

    def answer(
        self, packed: PackedPrompt, previous: ModelAnswer | None, problems: list[str]
    ) -> ModelAnswer:
        assert self.reply is not None
        return ModelAnswer(reply=self.reply, raw=self.reply.model_dump_json(), usage=Usage())


@pytest.fixture(scope="module")
def scripted(ingested_data_dir: Path) -> tuple[DraftingChain, ScriptedModel, PackedPrompt]:
    model = ScriptedModel()
    chain = build_chain(chain_settings(ingested_data_dir, max_repairs=1), drafter=model)
    request = DraftRequest(
        case_id="SYN-TEST-3", summary=CASE_SUMMARY, title=TITLE, decision=Decision.UPHELD
    )
    packed = chain.pack(request, chain.retrieve(request))
    return chain, model, packed


FORGED = ["g-0000", "G99", "G0", "page 999", "", "S1", "MTUS p. 999", "g-" + "f" * 32, " G1 "]


def cite_lists(packed: PackedPrompt) -> st.SearchStrategy[list[str]]:
    labels = [excerpt.label for excerpt in packed.excerpts]
    ids = [excerpt.chunk_id for excerpt in packed.excerpts]
    return st.lists(st.sampled_from(labels + ids + FORGED), max_size=3)


def replies(packed: PackedPrompt) -> st.SearchStrategy[DraftReply]:
    cites = cite_lists(packed)
    case_cites = st.lists(st.sampled_from(["S1", "S2", "S5", "S40", "G1", ""]), max_size=2)
    sentence = st.builds(
        RationaleSentence,
        text=st.sampled_from(
            [
                "The MTUS limits this drug to 2 to 3 weeks.",
                "Per page 999 the request is approved.",
                "She takes 600 mg of ibuprofen.",
                "The guideline recommends oxycodone 80 mg.",
                "",
            ]
        ),
        kind=st.sampled_from(list(StatementKind)),
        cites=cites | case_cites,
    )
    finding = st.builds(
        CriterionFinding,
        criterion=st.just("short course"),
        status=st.sampled_from(list(CriterionStatus)),
        evidence=case_cites,
        cites=cites,
    )
    closing = st.sampled_from(
        [
            f"Therefore, the request for {TITLE} is not medically necessary.",
            f"Therefore, the request for {TITLE} is medically necessary.",
            "Approved.",
        ]
    )
    return st.builds(
        DraftReply,
        decision=st.sampled_from(list(Decision)),
        guideline_chunk_ids=cites,
        rationale=st.lists(sentence, max_size=4),
        closing=closing,
        criteria=st.lists(finding, max_size=2),
    )


def test_no_invalid_citation_reaches_a_result_unflagged(
    scripted: tuple[DraftingChain, ScriptedModel, PackedPrompt],
) -> None:
    chain, model, packed = scripted
    retrieved = {excerpt.chunk_id for excerpt in packed.excerpts}
    labels = {excerpt.label.casefold(): excerpt.chunk_id for excerpt in packed.excerpts}
    context = chain.context(packed)
    seen = {"clean": 0, "flagged": 0}

    @settings(max_examples=1000, deadline=None, suppress_health_check=list(HealthCheck))
    @given(reply=replies(packed))
    def check(reply: DraftReply) -> None:
        model.reply = reply
        draft = chain._draft_step((packed, {}))
        chunk_cites = list(reply.guideline_chunk_ids)
        chunk_cites += [
            c for s in reply.rationale if s.kind is StatementKind.GUIDELINE for c in s.cites
        ]
        chunk_cites += [c for f in reply.criteria for c in f.cites]
        resolved = {labels.get(c.strip().strip("[]").casefold(), c) for c in chunk_cites}
        case_ids = {s.id for s in context.sentences}
        case_cites = [c for s in reply.rationale if s.kind is StatementKind.CASE for c in s.cites]
        case_cites += [c for f in reply.criteria for c in f.evidence]
        invalid = (resolved - retrieved) or (set(case_cites) - case_ids)
        if invalid:
            assert draft.needs_review, invalid
        assert {c.chunk_id for c in draft.citations} <= retrieved
        if not draft.needs_review:
            assert draft.maximus_guideline.startswith("Decision based on ")
            assert "999" not in draft.rationale
            assert draft.decision is Decision.UPHELD
            seen["clean"] += 1
        else:
            seen["flagged"] += 1

    check()
    assert seen["flagged"] > 0
