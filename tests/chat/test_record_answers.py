"""The chat of a case made from its records searches the record pages as well as the guidelines:
a question about what a study showed is answered first from its report page, cited as
"Records p. 4"; a guideline question is still answered from the guideline."""

from __future__ import annotations

import pytest

from assistant.chat.answer import EXCERPTS_HEADING, answer_paragraph
from assistant.chat.records import asks_about_records, record_excerpts
from assistant.prompts import load_prompts
from assistant.retrieval.factory import build_searcher
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.review.chat import ChatContext, chat_context, chat_messages, offline_answer
from assistant.review.records import CaseRecords, records_from_json
from assistant.settings import Settings, default_prompts_dir
from tests.review.synthetic_records import IMPRESSION, records_case

MRI = "What did the MRI show?"


@pytest.fixture(name="records")
def records_fixture() -> CaseRecords:
    records = records_from_json(records_case())
    assert records is not None
    return records


@pytest.fixture(name="searcher")
def searcher_fixture(ingested_env: Settings) -> CorpusSearcher:
    return build_searcher(ingested_env)


def test_what_the_mri_showed_is_quoted_from_the_imaging_report_page(
    records: CaseRecords,
) -> None:
    context = ChatContext(
        question=MRI, excerpts=[], sentences=[], records=record_excerpts(MRI, records)
    )
    answer = offline_answer(context)

    first = answer_paragraph(answer)
    assert IMPRESSION.rstrip(".") in first
    assert first.endswith("(Records p. 4) [R1].")
    parts = answer.split("\n\n")
    assert parts[1] == EXCERPTS_HEADING and parts[2].startswith("[R1] Records p. 4: ")
    (cited,) = [c for c in context.citations(first) if c.marker == "R1"]
    assert (cited.label, cited.pages) == ("Records p. 4", [4])
    assert cited.text == f"Impression: {IMPRESSION}"


def test_the_record_answer_comes_before_the_guideline_excerpts_found_for_it(
    records: CaseRecords, searcher: CorpusSearcher
) -> None:
    summary = records_case()["clinical_summary"]
    answer = offline_answer(chat_context(MRI, summary, searcher, records=records))

    assert IMPRESSION.rstrip(".") in answer_paragraph(answer)
    assert "(Records p. 4) [R1]" in answer_paragraph(answer)
    assert "\n\n[G1] " in answer
    assert answer.index("[R1] Records p. 4") < answer.index("\n\n[G1] ")


def test_a_guideline_question_on_a_case_with_records_is_answered_from_the_guideline(
    records: CaseRecords, searcher: CorpusSearcher
) -> None:
    question = "What does MTUS say about the duration of opioid use for chronic back pain?"
    answer = offline_answer(chat_context(question, "", searcher, records=records))

    assert "16 weeks" in answer_paragraph(answer)
    assert "[G1]" in answer_paragraph(answer) and "Records" not in answer_paragraph(answer)


def test_a_model_is_given_the_record_pages_as_case_text(records: CaseRecords) -> None:
    context = ChatContext(
        question=MRI, excerpts=[], sentences=[], records=record_excerpts(MRI, records)
    )
    _, user = chat_messages(context, load_prompts(default_prompts_dir()))[-1]
    case = user.split("<case>", 1)[1].split("</case>", 1)[0]
    assert "R1 (Records p. 4): SYNTHETIC RECORD" in case
    assert IMPRESSION in case


@pytest.mark.parametrize(
    ("question", "about_records"),
    [
        (MRI, True),
        ("When was the knee surgery done?", True),
        ("What were the nerve study results?", True),
        ("What does MTUS say about a lumbar MRI?", False),
        ("What did ODG say about repeat imaging?", False),
        ("Is acupuncture recommended after prior surgery?", False),
    ],
)
def test_questions_about_what_the_records_show_are_told_from_guideline_questions(
    question: str, about_records: bool
) -> None:
    assert asks_about_records(question) is about_records
