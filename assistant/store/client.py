"""The Chroma client: a local persistent store under IMR_DATA_DIR, or a configured Chroma server.

One client per process and per location: Chroma keeps process-wide state per path, and reopening a
client with other settings fails.
"""

from __future__ import annotations

import threading
from typing import Any

from assistant.errors import StoreError
from assistant.privacy.files import private_dir, private_umask, restrict_tree
from assistant.settings import Settings

_clients: dict[tuple[str, ...], Any] = {}
_lock = threading.Lock()


def _client_key(settings: Settings) -> tuple[str, ...]:
    store = settings.store
    if store.mode == "server":
        return ("server", store.host, str(store.port), str(store.ssl))
    return ("embedded", str(settings.chroma_dir.resolve()))


def open_client(settings: Settings) -> Any:
    """The process-wide Chroma client for these settings (telemetry off)."""
    key = _client_key(settings)
    with _lock:
        if key in _clients:
            return _clients[key]
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        store = settings.store
        if store.mode == "server":
            headers = {}
            if store.auth_token is not None and store.auth_token.get_secret_value():
                headers["Authorization"] = f"Bearer {store.auth_token.get_secret_value()}"
            try:
                client = chromadb.HttpClient(
                    host=store.host,
                    port=store.port,
                    ssl=store.ssl,
                    headers=headers,
                    settings=chroma_settings,
                )
            except Exception as exc:
                scheme = "https" if store.ssl else "http"
                raise StoreError(
                    f"cannot reach the Chroma server at {scheme}://{store.host}:{store.port} "
                    f"({exc.__class__.__name__}); start it or set IMR_STORE__MODE=embedded"
                ) from None
        else:
            private_dir(settings.chroma_dir)
            with private_umask():
                client = chromadb.PersistentClient(
                    path=str(settings.chroma_dir), settings=chroma_settings
                )
            restrict_tree(settings.chroma_dir)
        _clients[key] = client
        return client


def describe_location(settings: Settings) -> str:
    store = settings.store
    if store.mode == "server":
        return f"Chroma server {store.host}:{store.port}"
    return f"local store {settings.chroma_dir}"


def close_client(settings: Settings) -> None:
    """Close and forget this process's client for these settings, if it has one."""
    with _lock:
        client = _clients.pop(_client_key(settings), None)
    if client is not None:
        client.close()
