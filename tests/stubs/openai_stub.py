"""A scriptable OpenAI-compatible HTTP server on 127.0.0.1, for tests that use real clients.

    with OpenAIStub() as stub:
        stub.enqueue_json({"verdict": "uphold"})
        llm = ChatOpenAI(model="gpt-4o-mini", base_url=stub.base_url, api_key="test",
                         max_retries=0)
        ...
        assert stub.requests[0].body["response_format"]["type"] == "json_schema"

Routes: `POST /v1/chat/completions` (plain JSON, or server-sent events when the body has
`"stream": true`) and `POST /v1/embeddings` (deterministic unit vectors). Every other request is
recorded and answered 404 with an OpenAI-style error body, so a client that calls the wrong
endpoint (`/v1/responses`, say) fails loudly.

Replies come from a queue, oldest first: `enqueue_text`, `enqueue_json`, `enqueue_error`,
`enqueue_delay`. Each entry waits for a request on its own path (chat completions unless told
otherwise). With nothing queued for the path, chat completions ask `responder(body)`, and
embeddings are computed. Token usage follows OpenAI's counting rules with the project's offline
tiktoken encodings, so prompt counts agree with `ChatOpenAI.get_num_tokens_from_messages`.

The server speaks HTTP/1.0 (one request per connection), so no handler thread lingers on an idle
keep-alive connection; leaving the block wakes any scripted delay and joins every thread.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import hashlib
import itertools
import json
import os
import re
import shutil
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self

try:
    from assistant.corpus import tokens as _tokens
except ImportError:  # pragma: no cover - tiktoken is a dependency; words are the fallback
    _tokens = None  # type: ignore[assignment]

CHAT_PATH = "/v1/chat/completions"
EMBEDDINGS_PATH = "/v1/embeddings"
DEFAULT_TEXT = "stub reply"
DEFAULT_EMBEDDING_DIM = 8

#: OpenAI's chat accounting: each message costs 3 tokens beyond its fields, a `name` one more,
#: and every reply is primed with 3.
_TOKENS_PER_MESSAGE = 3
_TOKENS_PER_NAME = 1
_REPLY_PRIMING = 3


@dataclass(frozen=True)
class TextReply:
    """A completed assistant message. `chunks` fixes how a streamed reply is cut (their join must
    be `content`); by default each word with its trailing whitespace is one chunk."""

    content: str
    finish_reason: str = "stop"
    chunks: tuple[str, ...] | None = None

    def stream_pieces(self) -> list[str]:
        if self.chunks is not None:
            return list(self.chunks)
        return re.findall(r"\s*\S+\s*|\s+", self.content) or [""]


@dataclass(frozen=True)
class ErrorReply:
    """An HTTP error; `body` defaults to an OpenAI-style `{"error": {...}}` object."""

    status: int
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DelayReply:
    """Wait `seconds`, then answer with `then` (or, when None, what an empty queue would give)."""

    seconds: float
    then: TextReply | ErrorReply | None = None


Reply = TextReply | ErrorReply | DelayReply
Responder = Callable[[dict[str, Any]], Reply | str]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received: header names are lower-cased, `body` is the parsed JSON (None
    when the body was empty or not JSON)."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes


@dataclass(frozen=True)
class _Queued:
    path: str
    reply: Reply


def default_responder(request: dict[str, Any]) -> Reply | str:
    return DEFAULT_TEXT


def error_body(status: int, message: str | None = None) -> dict[str, Any]:
    kinds = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error"}
    kinds |= {429: "rate_limit_exceeded"}
    kind = kinds.get(status, "server_error" if status >= 500 else "invalid_request_error")
    text = message or f"stub error {status}"
    return {"error": {"message": text, "type": kind, "param": None, "code": kind}}


# -- token counting -----------------------------------------------------------------------------


def _encoding_name(model: str) -> str:
    assert _tokens is not None
    return _tokens.encoding_for(model or "gpt-4o-mini").name


def count_text_tokens(text: str, model: str = "gpt-4o-mini") -> int:
    """Tokens in `text` for `model` (words when tiktoken is unavailable)."""
    if _tokens is None:  # pragma: no cover
        return len(text.split())
    return _tokens.count_tokens(text, _encoding_name(model))


def _field_tokens(value: Any, model: str) -> int:
    if isinstance(value, str):
        return count_text_tokens(value, model)
    if isinstance(value, list):
        total = 0
        for part in value:
            if isinstance(part, str):
                total += count_text_tokens(part, model)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                total += count_text_tokens(part["text"], model)
            elif isinstance(part, dict) and isinstance(part.get("function"), dict):
                function = part["function"]
                total += count_text_tokens(str(function.get("arguments", "")), model)
                total += count_text_tokens(str(function.get("name", "")), model)
        return total
    return count_text_tokens(json.dumps(value), model)


def count_prompt_tokens(messages: list[dict[str, Any]], model: str = "gpt-4o-mini") -> int:
    """Prompt tokens of a chat request, by the rule OpenAI documents for its chat models."""
    total = _REPLY_PRIMING
    for message in messages:
        total += _TOKENS_PER_MESSAGE
        for key, value in message.items():
            if key == "tool_call_id":
                total += 3
                continue
            if not value:
                continue
            total += _field_tokens(value, model)
            if key == "name":
                total += _TOKENS_PER_NAME
    return total


_shared_cache: list[Path] = []
_shared_cache_lock = threading.Lock()


def _shared_token_cache() -> Path:
    """One BPE cache per test process, removed when the process exits."""
    with _shared_cache_lock:
        if not _shared_cache:
            path = Path(tempfile.mkdtemp(prefix="openai-stub-tiktoken-"))
            atexit.register(shutil.rmtree, path, ignore_errors=True)
            _shared_cache.append(path)
        return _shared_cache[0]


# -- reply bodies -------------------------------------------------------------------------------


def embedding_vector(item: Any, dimension: int) -> list[float]:
    """A unit vector derived from the sha256 of `item`: equal inputs, equal vectors."""
    seed = json.dumps(item, sort_keys=True).encode()
    raw: list[float] = []
    for block in itertools.count():
        digest = hashlib.sha256(seed + block.to_bytes(4, "big")).digest()
        raw.extend((byte - 127.5) / 127.5 for byte in digest)
        if len(raw) >= dimension:
            break
    values = raw[:dimension]
    norm = sum(value * value for value in values) ** 0.5 or 1.0
    return [value / norm for value in values]


def _encode_vector(vector: list[float], encoding_format: str) -> list[float] | str:
    if encoding_format == "base64":
        return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
    return vector


def _embedding_inputs(raw: Any) -> list[Any]:
    """The request's `input` as a list of items: strings, or lists of token ids."""
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list) and raw and all(isinstance(item, int) for item in raw):
        return [raw]
    return list(raw) if isinstance(raw, list) else [raw]


class _Server(ThreadingHTTPServer):
    """Joins its handler threads on close; errors escaping a handler are recorded, not printed."""

    daemon_threads = False
    block_on_close = True

    def __init__(
        self, handler: type[BaseHTTPRequestHandler], on_error: Callable[[BaseException], None]
    ) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.on_error = on_error

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, ConnectionError | TimeoutError):
            self.on_error(error)


class OpenAIStub:
    """A scripted OpenAI-compatible server on a free port of 127.0.0.1; see the module docs."""

    def __init__(
        self,
        *,
        responder: Responder = default_responder,
        embedding_dim: int = DEFAULT_EMBEDDING_DIM,
        token_cache_dir: Path | None = None,
    ) -> None:
        self.responder = responder
        self.embedding_dim = embedding_dim
        self._token_cache_dir = token_cache_dir
        self._lock = threading.Lock()
        self._queue: list[_Queued] = []
        self._requests: list[RecordedRequest] = []
        self._server_errors: list[BaseException] = []
        self._ids = itertools.count(1)
        self._closing = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._saved_cache_env: str | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> Self:
        if self._server is not None:
            raise RuntimeError("the stub is already running")
        if _tokens is not None:
            self._saved_cache_env = os.environ.get(_tokens.CACHE_ENV)
            _tokens.ensure_tiktoken_offline(self._token_cache_dir or _shared_token_cache())
        self._closing.clear()
        server = _Server(_make_handler(self), self._record_error)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        self._closing.set()
        server.shutdown()
        server.server_close()  # joins the handler threads
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None
        if _tokens is not None:
            if self._saved_cache_env is None:
                os.environ.pop(_tokens.CACHE_ENV, None)
            else:
                os.environ[_tokens.CACHE_ENV] = self._saved_cache_env

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the stub is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The URL to hand a client as `base_url`, ending in `/v1`."""
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting ------------------------------------------------------------------------------

    def enqueue(self, reply: Reply, *, path: str = CHAT_PATH) -> None:
        with self._lock:
            self._queue.append(_Queued(path, reply))

    def enqueue_text(self, content: str, *, chunks: tuple[str, ...] | None = None) -> None:
        self.enqueue(TextReply(content, chunks=chunks))

    def enqueue_json(self, obj: Any) -> None:
        """A reply whose content is `obj` as JSON, the shape structured output parses."""
        if hasattr(obj, "model_dump"):
            obj = obj.model_dump(mode="json")
        self.enqueue(TextReply(json.dumps(obj)))

    def enqueue_error(
        self,
        status: int,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        *,
        path: str = CHAT_PATH,
    ) -> None:
        self.enqueue(ErrorReply(status, body, dict(headers or {})), path=path)

    def enqueue_delay(
        self,
        seconds: float,
        then: TextReply | ErrorReply | str | None = None,
        *,
        path: str = CHAT_PATH,
    ) -> None:
        after = TextReply(then) if isinstance(then, str) else then
        self.enqueue(DelayReply(seconds, after), path=path)

    @property
    def pending(self) -> int:
        """Queued replies not yet used."""
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def server_errors(self) -> list[BaseException]:
        """Exceptions raised while answering (a failing responder, say), for debugging."""
        with self._lock:
            return list(self._server_errors)

    # -- request handling (called from handler threads) -----------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _record_error(self, error: BaseException) -> None:
        with self._lock:
            self._server_errors.append(error)

    def _next_queued(self, path: str) -> Reply | None:
        with self._lock:
            for index, queued in enumerate(self._queue):
                if queued.path == path:
                    return self._queue.pop(index).reply
        return None

    def _wait(self, seconds: float) -> None:
        """Sleep, but wake at once when the stub is stopping."""
        self._closing.wait(seconds)

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}-stub-{next(self._ids)}"


@dataclass
class _Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    events: Iterator[dict[str, Any]] | None = None  # a server-sent event stream instead


def _chat_response(stub: OpenAIStub, body: dict[str, Any], reply: Reply | None) -> _Response:
    if reply is None:
        answered = stub.responder(body)
        reply = TextReply(answered) if isinstance(answered, str) else answered
    if isinstance(reply, DelayReply):
        stub._wait(reply.seconds)
        return _chat_response(stub, body, reply.then)
    if isinstance(reply, ErrorReply):
        return _error_response(reply)
    model = str(body.get("model", ""))
    prompt = count_prompt_tokens(list(body.get("messages") or []), model)
    completion = count_text_tokens(reply.content, model)
    usage = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
    head = {
        "id": stub._new_id("chatcmpl"),
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": "fp_stub",
    }
    if body.get("stream"):
        options = body.get("stream_options") or {}
        with_usage = bool(options.get("include_usage"))
        return _Response(200, events=_chat_chunks(head, reply, usage if with_usage else None))
    message = {"role": "assistant", "content": reply.content, "refusal": None}
    choice = {
        "index": 0,
        "message": message,
        "logprobs": None,
        "finish_reason": reply.finish_reason,
    }
    result = {**head, "object": "chat.completion", "choices": [choice], "usage": usage}
    return _Response(200, result)


def _chat_chunks(
    head: dict[str, Any], reply: TextReply, usage: dict[str, int] | None
) -> Iterator[dict[str, Any]]:
    extra = {"usage": None} if usage is not None else {}

    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return {**head, "object": "chat.completion.chunk", "choices": [choice], **extra}

    yield chunk({"role": "assistant", "content": "", "refusal": None})
    for piece in reply.stream_pieces():
        yield chunk({"content": piece})
    yield chunk({}, reply.finish_reason)
    if usage is not None:
        yield {**head, "object": "chat.completion.chunk", "choices": [], "usage": usage}


def _embeddings_response(stub: OpenAIStub, body: dict[str, Any], reply: Reply | None) -> _Response:
    if isinstance(reply, DelayReply):
        stub._wait(reply.seconds)
        return _embeddings_response(stub, body, reply.then)
    if isinstance(reply, ErrorReply):
        return _error_response(reply)
    if isinstance(reply, TextReply):
        message = "embeddings take no text replies; enqueue errors or delays only"
        return _Response(500, error_body(500, message))
    model = str(body.get("model", ""))
    dimension = int(body.get("dimensions") or stub.embedding_dim)
    encoding_format = str(body.get("encoding_format") or "float")
    inputs = _embedding_inputs(body.get("input"))
    data = [
        {
            "object": "embedding",
            "index": index,
            "embedding": _encode_vector(embedding_vector(item, dimension), encoding_format),
        }
        for index, item in enumerate(inputs)
    ]
    tokens = sum(
        count_text_tokens(item, model) if isinstance(item, str) else len(item) for item in inputs
    )
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    return _Response(200, {"object": "list", "data": data, "model": model, "usage": usage})


def _error_response(reply: ErrorReply) -> _Response:
    body = reply.body if reply.body is not None else error_body(reply.status)
    return _Response(reply.status, body, dict(reply.headers))


def _make_handler(stub: OpenAIStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"
        timeout = 10  # a client that never finishes its request cannot pin a thread

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests read `stub.requests` instead of a log."""

        def _handle(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            path = self.path.split("?", 1)[0]
            headers = {name.lower(): value for name, value in self.headers.items()}
            stub._record(RecordedRequest(self.command, path, headers, body, raw))
            try:
                response = self._route(path, body, raw)
            except Exception as exc:
                stub._record_error(exc)
                response = _Response(500, error_body(500, f"stub failed: {exc!r}"))
            # A client that gave up (a timeout, say) has closed the socket: nothing to tell it.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._send(response)

        def _route(self, path: str, body: Any, raw: bytes) -> _Response:
            routes = {CHAT_PATH: _chat_response, EMBEDDINGS_PATH: _embeddings_response}
            route = routes.get(path) if self.command == "POST" else None
            if route is None:
                message = f"stub has no route for {self.command} {path}"
                return _Response(404, error_body(404, message))
            if not isinstance(body, dict):
                return _Response(400, error_body(400, "request body must be a JSON object"))
            return route(stub, body, stub._next_queued(path))

        def _send(self, response: _Response) -> None:
            self.send_response(response.status)
            self.send_header("x-request-id", stub._new_id("req"))
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.events is not None:
                self.send_header("content-type", "text/event-stream")
                self.send_header("cache-control", "no-cache")
                self.end_headers()
                for event in response.events:
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                return
            payload = json.dumps(response.body).encode()
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler
