"""Per-item scoring of hand-made drafts: style, unsupported facts, validity, support, pages."""

from __future__ import annotations

import pytest

from assistant.corpus.topic_index import TopicIndex
from assistant.corpus.topics import load_topics
from assistant.drafting.result import Citation, ItemDraft
from assistant.drafting.schema import RationaleSentence, StatementKind
from assistant.errors import ModelError
from assistant.evaluation.metrics import LEXICAL_JUDGE, Entails, lexical_entails
from assistant.evaluation.models import ItemResult
from assistant.evaluation.score import citation_scores, named_topics, score_item
from assistant.evaluation.support import run_support
from assistant.letters.models import Decision, Item
from assistant.letters.refs import parse_refs
from tests.paths import CORPUS

SUMMARY = "The injured worker is a 52-year-old man. He has had 12 sessions of physical therapy."
CHUNK = "Physical therapy: allow for fading of treatment frequency, 9-10 visits over 8 weeks."
LINE = "Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99."
REFERENCE = Item(
    title="Physical therapy x 12",
    decision=Decision.UPHELD,
    maximus_guideline=LINE,
    maximus_refs=parse_refs(LINE),
    rationale="The guidelines allow 9-10 visits. Therefore the request is not medically necessary.",
)


def draft(sentences: list[RationaleSentence], closing: str, **changes: object) -> ItemDraft:
    fields: dict[str, object] = {
        "title": "Physical therapy x 12",
        "decision": Decision.UPHELD,
        "decision_source": "model",
        "maximus_guideline": LINE,
        "sentences": sentences,
        "closing": closing,
        "citations": [
            Citation(
                chunk_id="g-1", citation="c", pages=[98, 99], source="s", section=None, text=CHUNK
            )
        ],
        "criteria": [],
        "problems": [],
        "usage": {"calls": 1, "prompt_tokens": 100, "completion_tokens": 20, "cost_usd": 0.0},
        "model": "offline",
        "prompt_version": "v",
        "attempts": 1,
        "retrieved": ["g-1", "g-2"],
        "timings_ms": {"retrieval": 5.0, "model": 10.0},
    }
    return ItemDraft.model_validate(fields | changes)


GOOD = [
    RationaleSentence(
        text="Physical therapy allows for fading of treatment frequency, 9-10 visits over 8 weeks.",
        kind=StatementKind.GUIDELINE,
        cites=["g-1"],
    ),
    RationaleSentence(
        text="He has had 12 sessions of physical therapy.", kind=StatementKind.CASE, cites=["S2"]
    ),
]
CLOSING = "Therefore, the request for Physical therapy x 12 is not medically necessary."


def score(item: ItemDraft, **judges: Entails) -> ItemResult:
    return score_item(
        "L1",
        REFERENCE,
        item,
        summary=SUMMARY,
        drug_names=frozenset({"tramadol"}),
        judges={LEXICAL_JUDGE: lexical_entails(), **judges},
        similarity=lambda a, b: 0.5,
        decision_measured=True,
    )


def test_a_well_formed_grounded_draft_scores_one() -> None:
    result = score(draft(GOOD, CLOSING))
    assert result.style_conformance == 1.0
    assert result.unsupported_fact_rate == 0.0
    assert result.facts > 0
    assert result.citation_validity == 1.0
    assert (result.support_recall, result.support_precision) == (1.0, 1.0)
    assert result.family_match is True
    assert result.page_f1 == 1.0
    assert result.latency_ms == 15.0
    assert result.embedding_similarity == 0.5


def test_a_draft_without_structure_and_with_invented_facts_scores_zero() -> None:
    invented = [
        RationaleSentence(
            text="Tramadol 50 mg was given on 3/4/2016.", kind=StatementKind.CASE, cites=["S9"]
        )
    ]
    result = score(
        draft(
            invented,
            "Therefore, the request is medically necessary.",
            citations=[],
            maximus_guideline="",
        )
    )
    assert result.style == {
        "criterion_stated": False,
        "applied_to_case": False,
        "closing_matches": False,
    }
    assert result.style_conformance == 0.0
    assert result.unsupported_fact_rate == 1.0
    assert set(result.unsupported_facts) == {"tramadol", "50", "3/4/2016"}
    assert (result.support_recall, result.support_precision) == (0.0, 0.0)
    assert result.family_match is False
    assert result.page_f1 == 0.0
    assert result.citation_validity is None


def test_a_citation_outside_the_retrieved_chunks_lowers_validity() -> None:
    sentences = [*GOOD, GOOD[0].model_copy(update={"cites": ["g-9"]})]
    result = score(draft(sentences, CLOSING))
    assert result.citation_validity == pytest.approx(0.5)
    assert result.support_recall == pytest.approx(2 / 3)


def test_each_judge_scores_support_and_the_headline_is_the_lexical_one() -> None:
    result = score(draft(GOOD, CLOSING), sceptic=lambda premise, claim: False)
    assert result.support_by_judge["lexical"].model_dump() == {
        "recall": 1.0,
        "precision": 1.0,
        "pairs": 2,
    }
    assert result.support_by_judge["sceptic"].model_dump() == {
        "recall": 0.0,
        "precision": 0.0,
        "pairs": 2,
    }
    assert (result.support_recall, result.support_precision) == (1.0, 1.0)


def test_a_chat_judge_whose_call_fails_leaves_the_item_unjudged_by_it_and_scoring_goes_on() -> None:
    def unreachable(premise: str, claim: str) -> bool:
        raise ModelError("local-model: no answer within 60 s (IMR_LLM__TIMEOUT_S)")

    result = score(draft(GOOD, CLOSING), **{"llm:local": unreachable})

    failed = result.support_by_judge["llm:local"]
    assert (failed.recall, failed.precision) == (None, None)
    assert failed.error == "local-model: no answer within 60 s (IMR_LLM__TIMEOUT_S)"
    assert (result.support_recall, result.support_precision) == (1.0, 1.0)
    run = run_support([result, score(draft(GOOD, CLOSING))], model="llm:local")
    assert run["llm:local"].unjudged == 1
    assert run["llm:local"].recall is None
    assert run["lexical"].unjudged == 0


SPECIAL_STUDIES = "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies."


@pytest.mark.parametrize(
    ("line", "topic_match"),
    [
        # the same place cited by pages (2013-15) matches the section (2016-17)
        ("Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304.", True),
        ("Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.", True),
        # same chapter, another section: no match
        (
            "Decision based on MTUS Low Back Complaints 2004, Section(s): Surgical Considerations.",
            False,
        ),
        ("", False),
    ],
)
def test_topic_accuracy_reads_both_eras_through_the_parser_topic_index(
    line: str, topic_match: bool
) -> None:
    index = TopicIndex(load_topics(CORPUS / "guidelines"))
    reference = parse_refs(SPECIAL_STUDIES)
    scores = citation_scores(reference, named_topics(reference, index), line, index)
    assert scores.topic_match is topic_match
    assert scores.family_match is bool(line)


def test_no_medical_evidence_cited_leaves_topic_accuracy_unmeasured() -> None:
    index = TopicIndex(load_topics(CORPUS / "guidelines"))
    reference = parse_refs(
        "The Expert Reviewer did not cite any medical evidence for its decision."
    )
    scores = citation_scores(reference, named_topics(reference, index), SPECIAL_STUDIES, index)
    assert scores.topic_match is None
