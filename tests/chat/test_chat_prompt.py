"""What a configured model is asked: the answer first, then the excerpts, then the case."""

from __future__ import annotations

from assistant.corpus.chunks import ChunkKind, ChunkMeta
from assistant.drafting.evidence import case_sentences
from assistant.prompts import load_prompts
from assistant.retrieval.models import RetrievedChunk
from assistant.review.chat import ChatContext, chat_messages
from assistant.settings import default_prompts_dir

HIT = RetrievedChunk(
    chunk_id="g-1",
    kind=ChunkKind.GUIDELINE,
    citation="MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 80-82",
    score=1.0,
    text=(
        "Opioids for chronic pain - Criteria\n"
        "Guideline: MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 80-82\n"
        "Also requested as: Norco; Vicodin\n"
        "- Chronic low back pain: efficacy beyond 16 weeks is unclear."
    ),
    meta=ChunkMeta(
        kind=ChunkKind.GUIDELINE,
        source_file="cpmtg-opioids-chronic-pain.md",
        corpus_root="/corpus",
        token_count=40,
        citation="MTUS Chronic Pain Treatment Guidelines Opioids Page(s): 80-82",
        source="cpmtg",
        topic="Opioids for chronic pain",
        pages=[80, 81, 82],
        title="Opioids for chronic pain",
        section="Criteria",
        topic_id="cpmtg-opioids-chronic-pain",
    ),
)


def test_the_model_is_asked_to_answer_first_from_labelled_excerpts() -> None:
    context = ChatContext(
        question="How long do opioids help chronic back pain?",
        excerpts=[HIT],
        sentences=case_sentences("He has taken Norco for a year."),
    )

    (system, system_text), (human, human_text) = chat_messages(
        context, load_prompts(default_prompts_dir())
    )

    assert (system, human) == ("system", "user")
    assert "First, one or two sentences that answer the question" in system_text
    assert "Excerpts:" in system_text and "In this case:" in system_text
    assert "[G1] CPMTG Opioids for chronic pain p.80-82, Criteria" in human_text
    assert "- Chronic low back pain: efficacy beyond 16 weeks is unclear." in human_text
    assert "Also requested as" not in human_text and "cpmtg," not in human_text
    assert "S1: He has taken Norco for a year." in human_text
