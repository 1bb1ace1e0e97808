"""Ingest into a real Chroma store on disk: idempotent, incremental, locked, model-checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from filelock import FileLock

from assistant.corpus.chunks import ChunkKind
from assistant.errors import LetterParseError, StoreError
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.settings import Settings
from assistant.store.backend import embedding_backend
from assistant.store.collections import EmbeddingIdentity, get_all, open_collection
from assistant.store.ingest import IngestReport, ingest
from tests.corpus.test_topics import VALID
from tests.paths import EXAMPLE


def topic_text(slug: str, words: str) -> str:
    return VALID.replace("cpmtg-example-topic", f"cpmtg-{slug}").replace(
        "A short summary.", f"A short summary about {words}."
    )


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    guidelines = tmp_path / "corpus" / "guidelines"
    letters = tmp_path / "corpus" / "determinations"
    guidelines.mkdir(parents=True)
    letters.mkdir(parents=True)
    for slug, words in [
        ("physical-medicine", "physical therapy visits"),
        ("trigger-points", "trigger point injections"),
        ("sleep-aids", "zolpidem for insomnia"),
    ]:
        (guidelines / f"cpmtg-{slug}.md").write_text(topic_text(slug, words), encoding="utf-8")
    shutil.copy(EXAMPLE, letters / EXAMPLE.name)
    return guidelines, letters


def run(settings: Settings, corpus: tuple[Path, Path], **kwargs: object) -> IngestReport:
    embeddings, identity = embedding_backend(settings)
    return ingest(
        settings,
        embeddings=embeddings,
        identity=identity,
        guidelines=corpus[0],
        determinations=[corpus[1]],
        **kwargs,  # type: ignore[arg-type]
    )


def counts(report: IngestReport) -> dict[str, tuple[int, int, int]]:
    return {
        change.collection: (change.chunks, change.added, change.removed)
        for change in report.changes
    }


@pytest.mark.slow
def test_first_ingest_adds_every_chunk_and_second_adds_nothing(
    settings: Settings, corpus: tuple[Path, Path]
) -> None:
    first = run(settings, corpus)
    assert counts(first) == {"imr_guidelines": (12, 12, 0), "imr_determinations": (3, 3, 0)}
    second = run(settings, corpus)
    assert counts(second) == {"imr_guidelines": (12, 0, 0), "imr_determinations": (3, 0, 0)}
    assert second.embedding_seconds == 0


@pytest.mark.slow
def test_a_changed_file_replaces_only_its_changed_chunk(
    settings: Settings, corpus: tuple[Path, Path]
) -> None:
    run(settings, corpus)
    path = corpus[0] / "cpmtg-trigger-points.md"
    path.write_text(path.read_text().replace("- Second criterion.", "- Twitch response."), "utf-8")
    change = run(settings, corpus).changes[0]
    assert (change.added, change.removed, change.files_changed) == (1, 1, 1)
    searcher = CorpusSearcher(settings, *embedding_backend(settings))
    hits = searcher.search("twitch response", k=1)
    assert hits[0].meta.topic_id == "cpmtg-trigger-points"
    assert "Twitch response" in hits[0].text


@pytest.mark.slow
def test_a_removed_file_loses_its_chunks(settings: Settings, corpus: tuple[Path, Path]) -> None:
    run(settings, corpus)
    (corpus[0] / "cpmtg-sleep-aids.md").unlink()
    (corpus[1] / EXAMPLE.name).unlink()
    report = run(settings, corpus)
    assert counts(report) == {"imr_guidelines": (8, 0, 4), "imr_determinations": (0, 0, 3)}
    searcher = CorpusSearcher(settings, *embedding_backend(settings))
    assert all(hit.meta.topic_id != "cpmtg-sleep-aids" for hit in searcher.search("zolpidem", k=8))


@pytest.mark.slow
def test_reset_rebuilds_from_scratch(settings: Settings, corpus: tuple[Path, Path]) -> None:
    run(settings, corpus)
    report = run(settings, corpus, reset=True)
    assert counts(report)["imr_guidelines"] == (12, 12, 0)


@pytest.mark.slow
def test_opening_with_another_embedding_model_says_to_reingest(
    settings: Settings, corpus: tuple[Path, Path]
) -> None:
    run(settings, corpus)
    embeddings, _ = embedding_backend(settings)
    other = EmbeddingIdentity(model="another-model", dimension=768)
    with pytest.raises(StoreError, match=r"built with embedding model .*imr ingest --reset"):
        open_collection(settings, ChunkKind.GUIDELINE, embeddings, other, create=False)


def test_a_second_writer_fails_clearly_while_the_lock_is_held(
    settings: Settings, corpus: tuple[Path, Path]
) -> None:
    settings.data_dir.mkdir(parents=True)
    with (
        FileLock(str(settings.data_dir / "ingest.lock")),
        pytest.raises(StoreError, match="another ingest holds the lock"),
    ):
        run(settings, corpus, lock_timeout=0.2)


@pytest.mark.slow
def test_a_bad_letter_changes_nothing(settings: Settings, corpus: tuple[Path, Path]) -> None:
    run(settings, corpus)
    bad = corpus[1] / "broken.txt"
    bad.write_text("this is not a determination letter", encoding="utf-8")
    (corpus[0] / "cpmtg-trigger-points.md").write_text(topic_text("trigger-points", "new words"))
    with pytest.raises(LetterParseError, match=r"broken\.txt"):
        run(settings, corpus)
    bad.unlink()
    (corpus[0] / "cpmtg-trigger-points.md").write_text(
        topic_text("trigger-points", "trigger point injections")
    )
    assert counts(run(settings, corpus))["imr_guidelines"] == (12, 0, 0)


def test_searching_before_any_ingest_says_to_ingest(settings: Settings) -> None:
    searcher = CorpusSearcher(settings, *embedding_backend(settings))
    with pytest.raises(StoreError, match="run `imr ingest` first"):
        searcher.search("anything")


def test_get_all_pages_through_a_collection(settings: Settings, corpus: tuple[Path, Path]) -> None:
    run(settings, corpus)
    embeddings, identity = embedding_backend(settings)
    collection = open_collection(settings, ChunkKind.GUIDELINE, embeddings, identity, create=False)
    paged = get_all(collection, include=["metadatas"], page_size=5)
    assert len(paged["ids"]) == len(set(paged["ids"])) == 12
    assert len(paged["metadatas"]) == 12
    only = get_all(collection, include=[], where={"topic_id": "cpmtg-sleep-aids"}, page_size=3)
    assert len(only["ids"]) == 4
