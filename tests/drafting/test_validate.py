"""Draft validation: citations must have been retrieved, the closing must match the decision, the
rationale must state and apply a criterion, and every fact must come from the case or a citation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.corpus.chunks import ChunkKind, ChunkMeta
from assistant.drafting.evidence import case_sentences
from assistant.drafting.schema import (
    CriterionFinding,
    CriterionStatus,
    DraftReply,
    RationaleSentence,
    StatementKind,
)
from assistant.drafting.validate import DraftContext, validate_reply
from assistant.letters.models import Decision
from assistant.retrieval.models import RetrievedChunk

SUMMARY = (
    "The injured worker is a 52-year-old clerk injured on 3/4/2014. She has taken "
    "cyclobenzaprine 10 mg since January 2014. There is no documented muscle spasm."
)


def hit(chunk_id: str, source: str, text: str, **meta: object) -> RetrievedChunk:
    fields: dict[str, object] = {
        "kind": ChunkKind.GUIDELINE,
        "source_file": f"{chunk_id}.md",
        "corpus_root": "/corpus",
        "token_count": 10,
        "citation": "",
        "source": source,
        "title": chunk_id,
        "topic": "Cyclobenzaprine (Flexeril)",
        "pages": [41, 42],
    }
    fields.update(meta)
    return RetrievedChunk(
        chunk_id=chunk_id,
        kind=ChunkKind.GUIDELINE,
        citation="",
        score=1.0,
        text=text,
        meta=ChunkMeta.model_validate(fields),
    )


CONTEXT = DraftContext(
    title="Cyclobenzaprine 10 mg #60",
    summary=SUMMARY,
    sentences=case_sentences(SUMMARY),
    guidelines=[
        hit("g-cpmtg", "cpmtg", "Cyclobenzaprine is limited to a short course of 2 to 3 weeks."),
        hit(
            "g-odg",
            "odg",
            "ODG: muscle relaxants are second line.",
            chapter_title="Pain (Chronic)",
            topic="Muscle relaxants",
            pages=[],
        ),
    ],
    drug_names=frozenset({"cyclobenzaprine", "tizanidine"}),
)


def clean_reply(**changes: object) -> DraftReply:
    reply = DraftReply(
        decision=Decision.UPHELD,
        guideline_chunk_ids=["g-cpmtg"],
        rationale=[
            RationaleSentence(
                text="The guideline limits cyclobenzaprine to 2 to 3 weeks.",
                kind=StatementKind.GUIDELINE,
                cites=["g-cpmtg"],
            ),
            RationaleSentence(
                text="The worker has taken it since January 2014 without documented spasm.",
                kind=StatementKind.CASE,
                cites=["S2", "S3"],
            ),
        ],
        closing="Therefore, the request for cyclobenzaprine 10 mg #60 is not medically necessary.",
    )
    return reply.model_copy(update=changes)


def codes(reply: DraftReply) -> list[str]:
    return [problem.code for problem in validate_reply(reply, CONTEXT)]


def test_case_sentences_are_numbered_and_keep_decimal_points() -> None:
    sentences = case_sentences("Dose 7.5 mg daily. Dr. Lee saw her on 3/4/2014. Pain 6/10.")
    assert [(s.id, s.text) for s in sentences] == [
        ("S1", "Dose 7.5 mg daily."),
        ("S2", "Dr. Lee saw her on 3/4/2014."),
        ("S3", "Pain 6/10."),
    ]


def test_a_grounded_cited_draft_has_no_problems() -> None:
    assert codes(clean_reply()) == []


def test_a_chunk_that_was_not_retrieved_is_flagged_wherever_it_is_cited() -> None:
    assert "unknown_chunk" in codes(clean_reply(guideline_chunk_ids=["g-cpmtg", "g-page-999"]))
    rationale = clean_reply().rationale
    forged = rationale[0].model_copy(update={"cites": ["made-up"]})
    assert "unknown_chunk" in codes(clean_reply(rationale=[forged, rationale[1]]))
    assert "unknown_case_sentence" in codes(
        clean_reply(rationale=[rationale[0], rationale[1].model_copy(update={"cites": ["S9"]})])
    )


def test_an_odg_citation_alone_is_flagged_when_mtus_was_retrieved() -> None:
    assert "mtus_required" in codes(clean_reply(guideline_chunk_ids=["g-odg"]))
    assert "no_guideline" in codes(clean_reply(guideline_chunk_ids=[]))


def test_the_closing_must_match_the_decision() -> None:
    assert "closing" in codes(clean_reply(decision=Decision.OVERTURNED))
    overturned = "Therefore, the request for cyclobenzaprine 10 mg #60 is medically necessary."
    assert "closing" not in codes(clean_reply(decision=Decision.OVERTURNED, closing=overturned))
    assert "closing" in codes(clean_reply(closing="The request is reasonable."))


def test_the_rationale_must_state_and_apply_a_criterion() -> None:
    guideline_only = clean_reply(rationale=clean_reply().rationale[:1])
    assert codes(guideline_only) == ["not_applied"]
    case_only = clean_reply(rationale=clean_reply().rationale[1:])
    assert "no_criterion" in codes(case_only)


def test_numbers_and_drug_names_must_come_from_the_case_or_a_cited_chunk() -> None:
    rationale = clean_reply().rationale
    invented = rationale[1].model_copy(
        update={"text": "She also takes tizanidine 4 mg since 2012."}
    )
    problems = validate_reply(clean_reply(rationale=[rationale[0], invented]), CONTEXT)
    messages = [p.message for p in problems if p.code == "unsupported_fact"]
    assert len(messages) == 3
    assert any("tizanidine" in message for message in messages)
    assert any("'2012'" in message for message in messages)


ids = st.sampled_from(["g-cpmtg", "g-odg", "g-unknown", "page-999", "", "S1", "g-cpmtg "])


@pytest.mark.slow
@settings(max_examples=1000)
@given(
    chosen=st.lists(ids, max_size=4),
    guideline_cites=st.lists(ids, max_size=3),
    finding_cites=st.lists(ids, max_size=3),
)
def test_no_unretrieved_citation_passes_unflagged(
    chosen: list[str], guideline_cites: list[str], finding_cites: list[str]
) -> None:
    base = clean_reply()
    reply = clean_reply(
        guideline_chunk_ids=chosen,
        rationale=[
            base.rationale[0].model_copy(update={"cites": guideline_cites}),
            base.rationale[1],
        ],
        criteria=[
            CriterionFinding(
                criterion="short course", status=CriterionStatus.NOT_MET, cites=finding_cites
            )
        ],
    )
    cited = set(chosen) | set(guideline_cites) | set(finding_cites)
    problems = validate_reply(reply, CONTEXT)
    if cited - {"g-cpmtg", "g-odg"}:
        assert "unknown_chunk" in [problem.code for problem in problems]
    if not problems:
        assert cited <= {"g-cpmtg", "g-odg"}
