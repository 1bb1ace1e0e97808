"""The prompt files under `prompts/`: loaded by name from the manifest, versioned by content.

`prompts/manifest.yaml` names every prompt file and carries a version that is bumped whenever the
wording changes. `PromptSet.version` adds a short hash of the files, so a draft records exactly
which wording produced it even when someone edits a file without bumping the version.

A file with `{placeholders}` is a LangChain `PromptTemplate`; `chat` builds the
`ChatPromptTemplate` of a conversation from files: the system message as written, the human
message a template.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.prompt_values import PromptValue
    from langchain_core.prompts import ChatPromptTemplate, PromptTemplate

    from assistant.llm.counting import Message

MANIFEST = "manifest.yaml"
REQUIRED = frozenset(
    {
        "system",
        "house_style",
        "task",
        "example",
        "decision_given",
        "decision_proposed",
        "repair",
        "reviewer_note",
    }
)


class PromptSet(BaseModel):
    """Every prompt's text by name, and the version that identifies this wording."""

    model_config = ConfigDict(frozen=True)

    directory: str
    version: str
    texts: dict[str, str]

    def text(self, name: str) -> str:
        return self.texts[name]

    def template(self, name: str) -> PromptTemplate:
        """The prompt as a template of its `{placeholders}`."""
        return _template(self.texts[name])

    def fill(self, name: str, **values: str) -> str:
        """A prompt with `{placeholders}` filled; values are inserted as plain text."""
        return self.template(name).format(**values)

    def chat(self, system: Sequence[str], human: str, *, suffix: str = "") -> ChatPromptTemplate:
        """A system message (the texts of the `system` prompts as written, one paragraph each)
        and a human message (the template of prompt `human`, then the template text `suffix`)."""
        return _chat("\n\n".join(self.texts[name] for name in system), self.texts[human] + suffix)

    def follow_up(self, human: str) -> ChatPromptTemplate:
        """A conversation so far (`history`), the model's answer to it (`answer`) and the human
        message of prompt `human`."""
        return _follow_up(self.texts[human])


def as_messages(value: PromptValue) -> list[Message]:
    """A rendered prompt as (OpenAI role, content) pairs."""
    return [(_ROLES[message.type], str(message.content)) for message in value.to_messages()]


_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


# LangChain is imported when a prompt is first rendered, not by commands that only load settings.


@functools.lru_cache(maxsize=64)
def _template(text: str) -> PromptTemplate:
    from langchain_core.prompts import PromptTemplate

    return PromptTemplate.from_template(text)


@functools.lru_cache(maxsize=16)
def _chat(system: str, human: str) -> ChatPromptTemplate:
    from langchain_core.messages import SystemMessage
    from langchain_core.prompts import ChatPromptTemplate

    return ChatPromptTemplate([SystemMessage(system), ("human", human)])


@functools.lru_cache(maxsize=16)
def _follow_up(human: str) -> ChatPromptTemplate:
    from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

    return ChatPromptTemplate(
        [MessagesPlaceholder("history"), ("ai", "{answer}"), ("human", human)]
    )


def _manifest(directory: Path) -> tuple[str, dict[str, str]]:
    path = directory / MANIFEST
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: prompt manifest not found (set IMR_PROMPTS_DIR)") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("prompts"), dict):
        raise ConfigError(f"{path}: needs 'version' and a 'prompts' mapping of name to file")
    version = str(raw.get("version") or "").strip()
    if not version:
        raise ConfigError(f"{path}: 'version' is missing")
    files = {str(name): str(file) for name, file in raw["prompts"].items()}
    missing = sorted(REQUIRED - set(files))
    if missing:
        raise ConfigError(f"{path}: prompts missing from the manifest: {', '.join(missing)}")
    return version, files


@functools.lru_cache(maxsize=8)
def _load(directory: Path, stamp: tuple[float, ...]) -> PromptSet:
    version, files = _manifest(directory)
    texts: dict[str, str] = {}
    digest = hashlib.sha256()
    for name, relative in sorted(files.items()):
        path = directory / relative
        try:
            text = path.read_text(encoding="utf-8").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            raise ConfigError(f"{path}: prompt '{name}' is missing or not UTF-8 text") from None
        if not text:
            raise ConfigError(f"{path}: prompt '{name}' is empty")
        texts[name] = text
        digest.update(f"{name}\0{text}\0".encode())
    return PromptSet(
        directory=str(directory), version=f"{version}+{digest.hexdigest()[:8]}", texts=texts
    )


def load_prompts(directory: Path) -> PromptSet:
    """The prompt set of a directory; reloaded when any of its files changes."""
    directory = directory.resolve()
    stamp = (
        tuple(path.stat().st_mtime for path in sorted(directory.rglob("*")) if path.is_file())
        if directory.is_dir()
        else ()
    )
    return _load(directory, stamp)
