"""Real public letters ingested as past determinations: retrievable, and left out of their own
drafts when excluded (what `imr eval` does for each reference letter)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.corpus.chunks import ChunkKind
from assistant.drafting.case import case_from_letter
from assistant.drafting.chain import DraftingChain, build_chain
from assistant.letters.models import Letter
from assistant.letters.reader import read_letter
from assistant.letters.refs import parse_refs
from assistant.retrieval.models import RetrievedChunk
from assistant.settings import LLMSettings, Settings
from tests.paths import CORPUS

PUBLIC = ("CM16-0213037.txt", "CM16-0224814.txt")


TOPICS = (
    "acoem-ch8-cervical-thoracic-mri",
    "acoem-ch9-shoulder-imaging",
    "odg-neck-mri",
    "odg-shoulder-mri",
)
SYNTHETIC = ("SYN-2014-0005.txt", "SYN-2016-0024.txt")


@pytest.fixture(scope="module")
def letters_dir(public_letters_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two public letters as they come, beside two bundled synthetic ones, in a folder."""
    folder = tmp_path_factory.mktemp("letters")
    for name in PUBLIC:
        shutil.copy(public_letters_dir / name, folder / name)
    for name in SYNTHETIC:
        shutil.copy(CORPUS / "determinations" / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def store(letters_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding a few imaging topics and the letters, made by `imr ingest`."""
    root = tmp_path_factory.mktemp("store")
    guidelines = root / "guidelines"
    guidelines.mkdir()
    for topic in TOPICS:
        shutil.copy(CORPUS / "guidelines" / f"{topic}.md", guidelines)
    data_dir = root / "data"
    result = CliRunner().invoke(
        app,
        ["ingest", "--guidelines", str(guidelines), "--determinations", str(letters_dir), "--json"],
        env={"IMR_DATA_DIR": str(data_dir), "IMR_CORPUS_DIR": str(CORPUS)},
    )
    assert result.exit_code == 0, result.output
    return data_dir


@pytest.fixture(scope="module")
def chain(store: Path) -> DraftingChain:
    settings = Settings(data_dir=store, corpus_dir=CORPUS, llm=LLMSettings(backend="offline"))
    return build_chain(settings)


@pytest.fixture
def retrieved(
    chain: DraftingChain, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[RetrievedChunk]]:
    """Every chunk the chain's searcher returns while a test drafts."""
    seen: list[RetrievedChunk] = []
    search = chain.searcher.search

    def recording(*args: Any, **kwargs: Any) -> list[RetrievedChunk]:
        hits = search(*args, **kwargs)
        seen.extend(hits)
        return hits

    monkeypatch.setattr(chain.searcher, "search", recording)
    yield seen


def _own(hits: list[RetrievedChunk], letter: Letter) -> list[RetrievedChunk]:
    return [
        hit
        for hit in hits
        if hit.meta.kind is ChunkKind.DETERMINATION and hit.meta.letter_id == letter.letter_id
    ]


def test_excluding_a_stored_letter_keeps_its_items_out_of_its_draft(
    chain: DraftingChain, retrieved: list[RetrievedChunk], letters_dir: Path
) -> None:
    letter = read_letter(letters_dir / PUBLIC[0])
    case = case_from_letter(letter)

    chain.draft_case(case)
    own = _own(retrieved, letter)
    assert own, "without exclusion the letter's own items are retrieved"
    assert {hit.meta.title for hit in own} <= {item.title for item in letter.items}

    retrieved.clear()
    drafts = chain.draft_case(case, exclude_letter_ids=[letter.letter_id])
    assert _own(retrieved, letter) == []
    assert any(hit.meta.kind is ChunkKind.DETERMINATION for hit in retrieved)
    for draft in drafts.items:
        assert "Section(s):" in draft.maximus_guideline
        assert "Page(s):" not in draft.maximus_guideline
        assert all(ref.edition == 2004 for ref in parse_refs(draft.maximus_guideline))


def test_a_public_letter_is_drafted_in_its_era_unless_the_style_is_set(
    store: Path, letters_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMR_DATA_DIR", str(store))
    monkeypatch.setenv("IMR_CORPUS_DIR", str(CORPUS))
    letter = letters_dir / PUBLIC[0]
    runner = CliRunner()
    dated = runner.invoke(app, ["draft", str(letter), "--model", "offline", "--json"])
    pages = runner.invoke(
        app, ["draft", str(letter), "--model", "offline", "--json", "--citation-style", "pages"]
    )
    assert dated.exit_code == 0, dated.output
    assert pages.exit_code == 0, pages.output
    assert '"maximus_guideline": "Decision based on MTUS Shoulder Complaints 2004, Section(s):' in (
        dated.stdout
    )
    assert "Decision based on MTUS ACOEM Chapter 9 Shoulder Complaints Page(s):" in pages.stdout
    bad = runner.invoke(app, ["draft", str(letter), "--citation-style", "chapters"])
    assert bad.exit_code == 2
