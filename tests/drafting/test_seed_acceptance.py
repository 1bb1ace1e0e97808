"""The real seed letters as cases: the offline model cites what the reviewers cited."""

from __future__ import annotations

from pathlib import Path

from assistant.drafting.case import case_from_letter
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


def test_seed_letters_drafted_offline_cite_the_reference_family_and_pages(
    ingested_data_dir: Path,
) -> None:
    chain = build_chain(chain_settings(ingested_data_dir, backend="offline"))
    matched: list[str] = []
    total = 0
    for path in sorted(SEEDS.glob("*.txt")):
        letter = read_letter(path)
        drafts = chain.draft_case(case_from_letter(letter), exclude_letter_ids=[letter.letter_id])
        for reference, draft in zip(letter.items, drafts.items, strict=True):
            total += 1
            assert draft.problems == [], (path.name, draft.title, draft.problems)
            assert draft.decision is reference.decision
            if same_family_with_shared_pages(
                reference.maximus_refs, parse_refs(draft.maximus_guideline)
            ):
                matched.append(draft.title)
    assert total == 10
    assert len(matched) >= 8, matched
