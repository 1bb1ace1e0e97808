"""Effective settings: one pydantic-settings model, grouped by concern, read from `IMR_*` variables.

Nested groups use a double underscore: `IMR_STORE__MODE=server`, `IMR_RETRIEVAL__K_GUIDELINES=8`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_dir
from pydantic import BaseModel, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from assistant.errors import ConfigError
from assistant.letters.eras import CitationStyleSetting


def default_data_dir() -> Path:
    """Per-user data directory (e.g. `~/.local/share/imr-assistant` on Linux)."""
    return Path(user_data_dir("imr-assistant", appauthor=False))


def default_prompts_dir() -> Path:
    """The `prompts/` folder of the source checkout."""
    return Path(__file__).resolve().parents[1] / "prompts"


def default_corpus_dir() -> Path:
    """The `guideline_corpus/` folder of the source checkout."""
    return Path(__file__).resolve().parents[1] / "guideline_corpus"


class StoreSettings(BaseModel):
    """Where the vector store lives."""

    mode: Literal["embedded", "server"] = "embedded"
    host: str = "127.0.0.1"
    port: int = 8000
    ssl: bool = False
    auth_token: SecretStr | None = None
    guideline_collection: str = "imr_guidelines"
    determination_collection: str = "imr_determinations"


class EmbeddingSettings(BaseModel):
    """Which embedding model turns text into vectors."""

    backend: Literal["local", "openai"] = "local"
    openai_model: str = "text-embedding-3-small"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    batch_size: int = Field(default=8, ge=1, le=256)
    openai_batch_size: int = Field(default=512, ge=1, le=2048)


class ChunkSettings(BaseModel):
    """How corpus files are cut into chunks, measured in tiktoken tokens."""

    encoding: str = "cl100k_base"
    max_tokens: int = Field(default=450, ge=50, le=8000)


class RetrievalSettings(BaseModel):
    """Hybrid retrieval: dense (Chroma), lexical (BM25) and alias rankings fused by reciprocal rank.

    `mtus_boost` raises MTUS chunks' fused score by that fraction: the MTUS is presumptively correct
    and reviewers cite it before ODG when both address a request. When drafting, the chunks of the
    `expand_topics` best topics are all added, so a draft sees each topic's criteria and both halves
    of "Applying it". A collection of at most `exact_dense_max_chunks` chunks is searched exactly,
    in memory, by cosine similarity over its vectors (faster than a store round trip at that
    size); a larger one through the store's approximate (HNSW) index.
    """

    k_guidelines: int = Field(default=5, ge=1, le=100)
    k_determinations: int = Field(default=3, ge=0, le=100)
    candidates: int = Field(default=40, ge=1, le=1000)
    rrf_k: int = Field(default=60, ge=1)
    dense_weight: float = Field(default=1.0, ge=0.0)
    lexical_weight: float = Field(default=1.0, ge=0.0)
    alias_weight: float = Field(default=1.0, ge=0.0)
    max_per_topic: int = Field(default=2, ge=1, le=10)
    mtus_boost: float = Field(default=0.05, ge=0.0, le=1.0)
    expand_topics: int = Field(default=2, ge=0, le=10)
    exact_dense_max_chunks: int = Field(default=20_000, ge=0)


StructuredOutput = Literal["json_schema", "json_mode", "function_calling"]


class LLMSettings(BaseModel):
    """Which model drafts rationales, and what it may spend.

    `backend="auto"` uses the offline drafting model unless `api_key` or `base_url` is set here
    (`IMR_LLM__API_KEY`, `IMR_LLM__BASE_URL`): nothing leaves the machine unless configured.
    `base_url` points at any OpenAI-compatible server (Ollama, vLLM, llama.cpp server).
    `structured_output` is how a structured reply is asked for (LangChain's
    `with_structured_output` methods): `json_schema` (the schema as `response_format`, enforced
    by OpenAI, vLLM, llama.cpp's llama-server), `json_mode` (`response_format` `json_object` and
    the schema in the prompt, for servers that accept only 'text' or 'json_object') or
    `function_calling` (the schema as a tool). `item_timeout_s` bounds one item's whole drafting,
    every attempt included; `timeout_s` bounds one call. A chat model's prompt holds at most
    `prompt_budget_tokens` per call, the re-ask included (the case, then the best excerpts and
    past items that fit); the offline model packs to the context window. Prompts are counted with
    the bundled tiktoken encoding and multiplied by `prompt_token_factor`, the margin for a
    server whose own tokenizer and chat template count more tokens for the same text.
    """

    backend: Literal["auto", "offline", "openai"] = "auto"
    model: str = "gpt-4o-mini"
    api_key: SecretStr | None = None
    base_url: str | None = None
    structured_output: StructuredOutput = "json_schema"
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    timeout_s: float = Field(default=60.0, gt=0.0)
    item_timeout_s: float = Field(default=600.0, gt=0.0)
    max_retries: int = Field(default=2, ge=0, le=10)
    streaming: bool = False
    context_window: int = Field(default=16_000, ge=1_000)
    max_completion_tokens: int = Field(default=1_500, ge=100)
    prompt_budget_tokens: int = Field(default=2_500, ge=500)
    prompt_token_factor: float = Field(default=1.1, ge=1.0, le=2.0)
    max_repairs: int = Field(default=2, ge=0, le=5)
    prompt_usd_per_1m: float | None = Field(default=None, ge=0.0)
    completion_usd_per_1m: float | None = Field(default=None, ge=0.0)

    def resolved_backend(self) -> Literal["offline", "openai"]:
        if self.backend != "auto":
            return self.backend
        configured = self.base_url or (self.api_key and self.api_key.get_secret_value())
        return "openai" if configured else "offline"


class PrivacySettings(BaseModel):
    """What happens to case text before it reaches a model that is not the offline one.

    With `pseudonymize` on, names, claim and case numbers, dates of birth, addresses, phone
    numbers, emails and SSNs are swapped for placeholders (`[PERSON_1]`) before a request leaves
    the machine, and swapped back in the reply.
    """

    pseudonymize: bool = True


class AppSettings(BaseModel):
    """Who may use the reviewer workspace.

    With `users_file` set, the app asks for a name and password from that file before any page;
    each failed sign-in waits `sign_in_delay_s`, and `max_failed_sign_ins` failures for one name
    lock it for `lockout_s`.
    """

    users_file: Path | None = None
    sign_in_delay_s: float = Field(default=1.0, ge=0.0, le=30.0)
    max_failed_sign_ins: int = Field(default=5, ge=1, le=100)
    lockout_s: float = Field(default=300.0, ge=0.0)


class LimitsSettings(BaseModel):
    """Size caps on what a reviewer or a command hands in."""

    max_upload_bytes: int = Field(default=10_000_000, ge=1)
    max_pasted_chars: int = Field(default=200_000, ge=1)
    max_pdf_pages: int = Field(default=50, ge=1)
    max_record_pages: int = Field(
        default=1000, ge=1, description="Pages a case file for intake may have, all PDFs together."
    )


class Settings(BaseSettings):
    """Everything the tool can be configured with."""

    model_config = SettingsConfigDict(
        env_prefix="IMR_",
        env_nested_delimiter="__",
        env_file=None,
        extra="ignore",
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    corpus_dir: Path = Field(default_factory=default_corpus_dir)
    prompts_dir: Path = Field(default_factory=default_prompts_dir)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"
    store: StoreSettings = Field(default_factory=StoreSettings)
    embeddings: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    chunking: ChunkSettings = Field(default_factory=ChunkSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    app: AppSettings = Field(default_factory=AppSettings)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    citation_style: CitationStyleSetting = CitationStyleSetting.AUTO
    """The drafted guideline line's style: `auto` follows the case's date (pages before 2016,
    sections from 2016; pages when the date is unknown), or always `pages` or `sections`."""

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def guidelines_dir(self) -> Path:
        return self.corpus_dir / "guidelines"

    @property
    def determinations_dir(self) -> Path:
        return self.corpus_dir / "determinations"

    @property
    def tiktoken_cache_dir(self) -> Path:
        return self.data_dir / "tiktoken"

    def masked(self) -> dict[str, Any]:
        """The settings as plain data with every secret replaced by `***` (or null when unset)."""
        masked: dict[str, Any] = _mask(self.model_dump(mode="python"))
        return masked


def load_settings() -> Settings:
    """The settings from the environment; ConfigError names an unusable IMR_* variable."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "__".join(str(part) for part in first["loc"]).upper()
        raise ConfigError(f"invalid IMR_* setting IMR_{where}: {first['msg']}") from None
    except SettingsError as exc:
        field = _SETTINGS_FIELD.search(str(exc))
        where = field.group(1).upper() if field else "*"
        raise ConfigError(
            f"invalid IMR_* setting IMR_{where}: not valid JSON (set one value at a time with "
            f"IMR_{where}__NAME, or give a JSON object)"
        ) from None


_SETTINGS_FIELD = re.compile(r'field "([^"]+)"')


def _mask(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return "***" if value.get_secret_value() else None
    if isinstance(value, dict):
        return {key: _mask(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    return value
