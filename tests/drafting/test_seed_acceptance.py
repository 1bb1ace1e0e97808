"""The real seed letters as cases with the decisions withheld: the offline model proposes the
reviewers' decisions and cites what they cited."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.case import Case, case_from_letter
from assistant.drafting.chain import build_chain
from assistant.letters.models import GuidelineRef
from assistant.letters.reader import read_letter
from assistant.letters.refs import parse_refs
from tests.drafting.conftest import chain_settings
from tests.paths import SEEDS


def same_family_with_shared_pages(
    reference: list[GuidelineRef], drafted: list[GuidelineRef]
) -> bool:
    return any(
        ref.source is got.source and ref.chapter == got.chapter and set(ref.pages) & set(got.pages)
        for ref in reference
        for got in drafted
    )


def undecided(case: Case) -> Case:
    """The case with every item's decision left to the assistant."""
    items = [item.model_copy(update={"decision": None}) for item in case.items]
    return case.model_copy(update={"items": items})


def test_seed_letters_drafted_offline_propose_the_decision_and_cite_the_reference_pages(
    ingested_data_dir: Path,
) -> None:
    chain = build_chain(chain_settings(ingested_data_dir, backend="offline"))
    agreed: list[str] = []
    matched: list[str] = []
    total = 0
    for path in sorted(SEEDS.glob("*.txt")):
        letter = read_letter(path)
        case = undecided(case_from_letter(letter))
        drafts = chain.draft_case(case, exclude_letter_ids=[letter.letter_id])
        for reference, draft in zip(letter.items, drafts.items, strict=True):
            total += 1
            assert draft.problems == [], (path.name, draft.title, draft.problems)
            assert draft.decision_source == "model"
            if draft.decision is reference.decision:
                agreed.append(draft.title)
            if same_family_with_shared_pages(
                reference.maximus_refs, parse_refs(draft.maximus_guideline)
            ):
                matched.append(draft.title)
    assert total == 10
    assert len(agreed) >= 9, agreed
    assert len(matched) >= 8, matched
