"""A scriptable OpenAI-compatible HTTP server on 127.0.0.1, for tests that use real clients.

    with OpenAIStub() as stub:
        stub.enqueue_json({"verdict": "uphold"})
        llm = ChatOpenAI(model="gpt-4o-mini", base_url=stub.base_url, api_key="test",
                         max_retries=0)
        ...
        assert stub.requests[0].body["response_format"]["type"] == "json_schema"

Routes: `POST /v1/chat/completions` (plain JSON, or server-sent events when the body has
`"stream": true`; a plain reply to a request whose `tool_choice` names a function is that
function's call, the reply text its arguments), `POST /v1/embeddings` (deterministic unit
vectors), and the Batch API: `POST /v1/files` (multipart upload, bytes kept in
`stub.files`), `GET /v1/files/{id}/content`, `POST /v1/batches` and `GET /v1/batches/{id}`.
Every other request is recorded and answered 404 with an OpenAI-style error body, so a client
that calls the wrong endpoint (`/v1/responses`, say) fails loudly.

A batch is created `validating`; each of the next `batch_polls` retrievals answers
`in_progress`, and the one after ends it with `batch_outcome` (both read when the batch is
created; `advance_batches()` lets waiting batches end at their next retrieval).
Ending `completed` runs every line's body through the chat completions route, so queued replies
and the responder answer it as they would a direct call: 200 answers go to the output file, other
statuses (a queued `enqueue_error`, say) to the error file, each line in the Batch API's shape.
`failed`, `expired` and `cancelled` end with no files. An error or delay queued for a Batch API
path (`enqueue_error(503, path="/v1/files")`, say) answers the next request to that exact path.

Replies come from a queue, oldest first: `enqueue_text`, `enqueue_json`, `enqueue_error`,
`enqueue_delay`. Each entry waits for a request on its own path (chat completions unless told
otherwise). With nothing queued for the path, chat completions ask `responder(body)`, and
embeddings are computed. Token usage follows OpenAI's counting rules with the project's offline
tiktoken encodings, so prompt counts agree with `ChatOpenAI.get_num_tokens_from_messages`.

`OpenAIStub(response_formats=("text", "json_object"))` behaves like llama-cpp-python's server:
a chat request whose `response_format` asks for another type (`json_schema`) is answered HTTP 500
with that server's message, before any queued reply is used.

The server speaks HTTP/1.0 (one request per connection), so no handler thread lingers on an idle
keep-alive connection; leaving the block wakes any scripted delay and joins every thread.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import email.parser
import email.policy
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
from typing import Any, Literal, Self

try:
    from assistant.corpus import tokens as _tokens
except ImportError:  # pragma: no cover - tiktoken is a dependency; words are the fallback
    _tokens = None  # type: ignore[assignment]

CHAT_PATH = "/v1/chat/completions"
EMBEDDINGS_PATH = "/v1/embeddings"
FILES_PATH = "/v1/files"
BATCHES_PATH = "/v1/batches"
_FILE_CONTENT = re.compile(r"/v1/files/([^/]+)/content")
_BATCH = re.compile(r"/v1/batches/([^/]+)")
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


BatchOutcome = Literal["completed", "failed", "expired", "cancelled"]


@dataclass(frozen=True)
class StoredFile:
    """A file the stub holds: uploaded by a client, or a batch's output or error file."""

    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.data),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
        }


@dataclass
class _StubBatch:
    row: dict[str, Any]
    polls_left: int
    outcome: BatchOutcome


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
        response_formats: tuple[str, ...] | None = None,
    ) -> None:
        self.responder = responder
        self.response_formats = response_formats
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
        self._files: dict[str, StoredFile] = {}
        self._batches: dict[str, _StubBatch] = {}
        self.batch_polls = 2
        self.batch_outcome: BatchOutcome = "completed"

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

    def advance_batches(self) -> None:
        """Let every unfinished batch end at its next retrieval."""
        with self._lock:
            for batch in self._batches.values():
                batch.polls_left = 0

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

    @property
    def files(self) -> dict[str, StoredFile]:
        """Every file held, uploaded or produced, by id (a copy)."""
        with self._lock:
            return dict(self._files)

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

    def _refused_format(self, body: dict[str, Any]) -> _Response | None:
        """HTTP 500 for a `response_format` type this stub was told not to accept."""
        asked = (body.get("response_format") or {}).get("type", "text")
        if self.response_formats is None or asked in self.response_formats:
            return None
        allowed = " or ".join(f"'{kind}'" for kind in self.response_formats)
        return _Response(500, error_body(500, f"response_format.type: Input should be {allowed}"))

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
    content: bytes | None = None  # a file's bytes instead


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
    message = _message(stub, body, reply.content)
    choice = {
        "index": 0,
        "message": message,
        "logprobs": None,
        "finish_reason": reply.finish_reason,
    }
    result = {**head, "object": "chat.completion", "choices": [choice], "usage": usage}
    return _Response(200, result)


def _message(stub: OpenAIStub, body: dict[str, Any], content: str) -> dict[str, Any]:
    """The assistant message: `content`, or a call of the tool the request requires (a function
    calling request names one in `tool_choice`) with `content` as its arguments."""
    choice = body.get("tool_choice")
    name = choice.get("function", {}).get("name") if isinstance(choice, dict) else None
    if not name:
        return {"role": "assistant", "content": content, "refusal": None}
    call = {
        "id": stub._new_id("call"),
        "type": "function",
        "function": {"name": name, "arguments": content},
    }
    return {"role": "assistant", "content": None, "refusal": None, "tool_calls": [call]}


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


# -- the Batch API ------------------------------------------------------------------------------


def _store_file(stub: OpenAIStub, filename: str, purpose: str, data: bytes) -> StoredFile:
    stored = StoredFile(stub._new_id("file"), filename, purpose, data, int(time.time()))
    with stub._lock:
        stub._files[stored.id] = stored
    return stored


def _upload_file(stub: OpenAIStub, content_type: str, raw: bytes) -> _Response:
    """`POST /v1/files`: a multipart form with `purpose` and `file`."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    form = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    if not form.is_multipart():
        return _Response(400, error_body(400, "expected a multipart/form-data upload"))
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in form.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            fields[name] = (part.get_filename(), payload)
    if "file" not in fields or "purpose" not in fields:
        return _Response(400, error_body(400, "the upload needs `file` and `purpose`"))
    filename, data = fields["file"]
    stored = _store_file(stub, filename or "upload", fields["purpose"][1].decode(), data)
    return _Response(200, stored.row())


def _file_content(stub: OpenAIStub, file_id: str) -> _Response:
    with stub._lock:
        stored = stub._files.get(file_id)
    if stored is None:
        return _Response(404, error_body(404, f"no file {file_id}"))
    return _Response(200, content=stored.data)


def _create_batch(stub: OpenAIStub, body: dict[str, Any]) -> _Response:
    input_file_id = str(body.get("input_file_id"))
    with stub._lock:
        known = input_file_id in stub._files
    if not known:
        return _Response(400, error_body(400, f"no file {input_file_id}"))
    batch_id = stub._new_id("batch")
    row = {
        "id": batch_id,
        "object": "batch",
        "endpoint": body.get("endpoint"),
        "errors": None,
        "input_file_id": input_file_id,
        "completion_window": body.get("completion_window"),
        "status": "validating",
        "output_file_id": None,
        "error_file_id": None,
        "created_at": int(time.time()),
        "request_counts": {"total": 0, "completed": 0, "failed": 0},
        "metadata": body.get("metadata"),
    }
    with stub._lock:
        stub._batches[batch_id] = _StubBatch(dict(row), stub.batch_polls, stub.batch_outcome)
    return _Response(200, row)


def _retrieve_batch(stub: OpenAIStub, batch_id: str) -> _Response:
    with stub._lock:
        batch = stub._batches.get(batch_id)
        if batch is not None and batch.row["status"] in {"validating", "in_progress"}:
            if batch.polls_left > 0:
                batch.polls_left -= 1
                batch.row["status"] = "in_progress"
                due = False
            else:
                batch.row["status"] = "finalizing"  # a concurrent retrieval does not end it twice
                due = True
        else:
            due = False
    if batch is None:
        return _Response(404, error_body(404, f"no batch {batch_id}"))
    if due:
        _end_batch(stub, batch)
    with stub._lock:
        return _Response(200, json.loads(json.dumps(batch.row)))


def _batch_line(stub: OpenAIStub, line: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    """Answer one request line through the chat route: (succeeded, the result line)."""
    result = {"id": stub._new_id("batch_req"), "custom_id": line.get("custom_id"), "error": None}
    body = line.get("body")
    if line.get("url") != CHAT_PATH or not isinstance(body, dict):
        result["response"] = None
        result["error"] = {
            "code": "invalid_request",
            "message": f"unsupported url {line.get('url')}",
        }
        return False, result
    response = _chat_response(stub, body, stub._next_queued(CHAT_PATH))
    result["response"] = {
        "status_code": response.status,
        "request_id": stub._new_id("req"),
        "body": response.body,
    }
    return response.status == 200, result


def _end_batch(stub: OpenAIStub, batch: _StubBatch) -> None:
    """Finish a batch with its scripted outcome; `completed` answers every line."""
    row = batch.row
    if batch.outcome != "completed":
        if batch.outcome == "failed":
            error = {"code": "stub_failure", "message": "scripted batch failure", "line": None}
            row["errors"] = {"object": "list", "data": [error]}
        with stub._lock:
            row["status"] = batch.outcome
        return
    with stub._lock:
        source = stub._files[row["input_file_id"]].data
    lines = [json.loads(text) for text in source.decode().splitlines() if text.strip()]
    outputs: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for line in lines:
        succeeded, result = _batch_line(stub, line)
        (outputs if succeeded else errors).append(result)

    def jsonl(results: list[dict[str, Any]]) -> bytes:
        return "".join(json.dumps(result) + "\n" for result in results).encode()

    output = _store_file(stub, "batch_output.jsonl", "batch_output", jsonl(outputs))
    failed = (
        _store_file(stub, "batch_errors.jsonl", "batch_output", jsonl(errors)) if errors else None
    )
    with stub._lock:
        row["request_counts"] = {
            "total": len(lines),
            "completed": len(outputs),
            "failed": len(errors),
        }
        row["output_file_id"] = output.id
        row["error_file_id"] = failed.id if failed else None
        row["status"] = "completed"


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
                response = self._batch_route(path, body, raw) or self._route(path, body, raw)
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
            refused = stub._refused_format(body) if path == CHAT_PATH else None
            return refused or route(stub, body, stub._next_queued(path))

        def _batch_route(self, path: str, body: Any, raw: bytes) -> _Response | None:
            """The Batch API's routes (a queued error or delay for the path first); else None."""
            batch_paths = (FILES_PATH, BATCHES_PATH)
            if path.startswith(batch_paths) and (queued := stub._next_queued(path)) is not None:
                if isinstance(queued, DelayReply):
                    stub._wait(queued.seconds)
                    queued = queued.then
                if isinstance(queued, ErrorReply):
                    return _error_response(queued)
            if self.command == "POST" and path == FILES_PATH:
                return _upload_file(stub, self.headers.get("content-type", ""), raw)
            if self.command == "POST" and path == BATCHES_PATH:
                if not isinstance(body, dict):
                    return _Response(400, error_body(400, "request body must be a JSON object"))
                return _create_batch(stub, body)
            if self.command == "GET" and (found := _FILE_CONTENT.fullmatch(path)):
                return _file_content(stub, found.group(1))
            if self.command == "GET" and (found := _BATCH.fullmatch(path)):
                return _retrieve_batch(stub, found.group(1))
            return None

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
            if response.content is not None:
                payload = response.content
                self.send_header("content-type", "application/octet-stream")
            else:
                payload = json.dumps(response.body).encode()
                self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler
