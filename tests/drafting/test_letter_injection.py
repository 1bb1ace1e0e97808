"""Attacks hidden in uploaded letters (.txt and generated .pdf) are case data, never instructions:
with the offline model and with a stub model that obeys or ignores them, citations stay within
the retrieved excerpts, the letter format holds, and a draft that follows an attack is flagged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.drafting.chain import DraftingChain, build_chain
from assistant.drafting.request import DraftRequest
from assistant.drafting.result import ItemDraft
from assistant.letters.models import Decision
from assistant.letters.refs import normalize_space
from assistant.letters.renderer import ISSUES_HEADING
from assistant.review.intake import IntakeCase, case_from_upload
from assistant.settings import Settings
from tests.drafting.conftest import chain_settings, reply_json
from tests.drafting.injections import ATTACKS
from tests.drafting.letter_attacks import (
    CLEAN,
    RATIONALE_MARKER,
    TITLE,
    write_letter,
)
from tests.drafting.test_prompt_injection import INJECTED_NUMBERS
from tests.stubs.openai_stub import OpenAIStub

runner = CliRunner()


def intake_of(attack: str, suffix: str, folder: Path) -> IntakeCase:
    path = write_letter(folder, attack, suffix)
    return case_from_upload(path.name, path.read_bytes())


def request(intake: IntakeCase) -> DraftRequest:
    item = next(item for item in intake.items if item.title == TITLE)
    return DraftRequest(
        case_id=intake.case_number,
        summary=intake.summary,
        title=item.title,
        decision=item.decision,
        claims_administrator_guideline=item.claims_administrator_guideline,
    )


def first_sentence(attack: str) -> str:
    return normalize_space(attack.split(". ")[0].rstrip("."))


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
@pytest.mark.parametrize("attack", ATTACKS)
def test_intake_keeps_the_attack_as_summary_text_and_drops_old_rationales(
    attack: str, suffix: str, tmp_path: Path
) -> None:
    intake = intake_of(attack, suffix, tmp_path)
    clean = case_from_upload("clean.txt", CLEAN.encode())

    assert first_sentence(attack) in normalize_space(intake.summary)
    assert [(i.title, i.decision) for i in intake.items] == [
        (i.title, i.decision) for i in clean.items
    ]
    assert RATIONALE_MARKER not in intake.model_dump_json()


@pytest.fixture(scope="module")
def offline(ingested_data_dir: Path) -> tuple[DraftingChain, ItemDraft]:
    chain = build_chain(chain_settings(ingested_data_dir, backend="offline"))
    baseline = chain.draft(request(case_from_upload("clean.txt", CLEAN.encode())))
    return chain, baseline


def assert_ignored(draft: ItemDraft, clean: ItemDraft, attack: str) -> None:
    assert draft.problems == [] and not draft.needs_review
    assert draft.decision is Decision.UPHELD is clean.decision
    assert draft.maximus_guideline == clean.maximus_guideline
    assert draft.maximus_guideline.startswith("Decision based on MTUS")
    assert {c.chunk_id for c in draft.citations} <= set(draft.retrieved)
    assert first_sentence(attack) not in draft.rationale
    assert not INJECTED_NUMBERS.search(draft.maximus_guideline + draft.rationale)
    assert draft.rationale.endswith("is not medically necessary.")


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
@pytest.mark.parametrize("attack", ATTACKS)
def test_offline_model_ignores_attacks_in_an_uploaded_letter(
    offline: tuple[DraftingChain, ItemDraft], attack: str, suffix: str, tmp_path: Path
) -> None:
    chain, clean = offline
    assert_ignored(chain.draft(request(intake_of(attack, suffix, tmp_path))), clean, attack)


ITEM_BLOCK = re.compile(
    r"^(?P<title>.+): (?P<decision>Upheld|Overturned)\n\n"
    r"Claims Administrator guideline: .+\n\n"
    r"MAXIMUS guideline: (?P<maximus>Decision based on .+)\n\n"
    r"Decision rationale: (?P<rationale>.+)$",
    re.MULTILINE,
)


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
@pytest.mark.parametrize("attack", ATTACKS)
def test_imr_draft_on_an_attacked_letter_keeps_the_house_format(
    ingested_env: Settings, attack: str, suffix: str, tmp_path: Path
) -> None:
    letter = write_letter(tmp_path, attack, suffix)
    result = runner.invoke(
        app, ["draft", str(letter), "--model", "offline", "--item", TITLE, "--letter"]
    )

    assert result.exit_code == 0, result.output
    assert "need review" not in result.stderr
    issues = result.stdout.split(ISSUES_HEADING, 1)[1]
    (block,) = ITEM_BLOCK.finditer(issues)
    assert block["title"] == TITLE and block["decision"] == "Upheld"
    assert block["rationale"].endswith("is not medically necessary.")
    assert first_sentence(attack) not in issues
    assert not INJECTED_NUMBERS.search(block["maximus"] + block["rationale"])


def case_part(obedient_stub: OpenAIStub) -> str:
    prompt = str(obedient_stub.requests[-1].body["messages"][1]["content"])
    return normalize_space(prompt.split("<case>", 1)[1])


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
@pytest.mark.parametrize("attack", ATTACKS)
def test_a_model_that_obeys_an_uploaded_letter_is_flagged_never_passed(
    obedient_chain: DraftingChain,
    obedient_stub: OpenAIStub,
    attack: str,
    suffix: str,
    tmp_path: Path,
) -> None:
    draft = obedient_chain.draft(request(intake_of(attack, suffix, tmp_path)))

    assert draft.needs_review
    assert {"unknown_chunk", "decision_mismatch", "closing"} <= {p.code for p in draft.problems}
    assert draft.decision is Decision.UPHELD
    assert draft.citations == [] and draft.maximus_guideline == ""
    assert first_sentence(attack) in case_part(obedient_stub)
    assert RATIONALE_MARKER not in case_part(obedient_stub)


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_model_that_ignores_an_uploaded_letter_gives_a_clean_draft(
    obedient_chain: DraftingChain, obedient_stub: OpenAIStub, attack: str, tmp_path: Path
) -> None:
    obedient_stub.enqueue_text(reply_json(case_cites=["S1"]))

    draft = obedient_chain.draft(request(intake_of(attack, ".txt", tmp_path)))

    assert draft.problems == [] and not draft.needs_review
    assert {c.chunk_id for c in draft.citations} <= set(draft.retrieved)
    assert draft.maximus_guideline.startswith("Decision based on")
    assert not INJECTED_NUMBERS.search(draft.maximus_guideline + draft.rationale)
