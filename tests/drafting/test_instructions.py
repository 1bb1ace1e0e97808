"""A regenerate instruction changes the offline draft: shorter when asked for concision, with the
case fact it names when asked to mention one, and not at all when it asks for nothing it can do."""

from __future__ import annotations

from assistant.drafting.chain import DraftingChain
from assistant.drafting.evidence import case_sentences
from assistant.drafting.instructions import Length, mentioned_sentence, read_instruction
from assistant.drafting.request import DraftRequest
from tests.drafting.conftest import CASE_SUMMARY

THERAPY = "She completed six sessions of physical therapy without improvement."
SUMMARY = f"{CASE_SUMMARY} {THERAPY}"


def draft(chain: DraftingChain, title: str, instruction: str | None) -> str:
    request = DraftRequest(
        case_id="SYN-TEST-1", summary=SUMMARY, title=title, instruction=instruction
    )
    result = chain.draft(request)
    assert result.problems == []
    return result.rationale


def test_instructions_are_read_for_length_and_for_what_to_mention() -> None:
    assert read_instruction("more concise").length is Length.SHORTER
    assert read_instruction("Shorter please").length is Length.SHORTER
    assert read_instruction("less detail").length is Length.SHORTER
    assert read_instruction("more detail").length is Length.LONGER
    assert read_instruction("mention the failed conservative care").length is None
    assert read_instruction("").length is None and not read_instruction(None).mention
    sentences = case_sentences(SUMMARY)
    asked = mentioned_sentence(
        read_instruction("mention the failed conservative care"), sentences, []
    )
    assert asked is not None and asked.text == THERAPY
    assert mentioned_sentence(read_instruction("make it shorter"), sentences, []) is None


def test_a_concise_draft_is_shorter_and_keeps_its_closing(offline_chain: DraftingChain) -> None:
    for title in ("MRI of the lumbar spine", "Cyclobenzaprine 7.5 mg #20"):
        plain = draft(offline_chain, title, None)
        concise = draft(offline_chain, title, "more concise")
        assert len(concise) < 0.8 * len(plain)
        assert concise.endswith(plain.rsplit(". ", 1)[-1])
        assert draft(offline_chain, title, "shorter") == concise


def test_a_draft_asked_to_mention_a_case_fact_states_it(offline_chain: DraftingChain) -> None:
    title = "MRI of the lumbar spine"
    assert "six sessions of physical therapy" not in draft(offline_chain, title, None)
    mentioned = draft(offline_chain, title, "mention the failed conservative care")
    assert "six sessions of physical therapy without improvement" in mentioned
