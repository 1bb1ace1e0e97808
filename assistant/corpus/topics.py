"""Guideline topic files: typed model and loader (YAML front matter + fixed Markdown sections)."""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.corpus.citations import guideline_ref
from assistant.corpus.confidence import PageConfidence
from assistant.errors import InputError
from assistant.letters.eras import CitationStyle
from assistant.letters.models import GuidelineRef
from assistant.letters.sources import GuidelineSource

SECTION_HEADINGS = ("Summary", "Criteria", "Applying it")
APPLY_SUBHEADINGS = ("Upholds UR when", "Overturns UR when")


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n(?P<body>.*)\Z", re.S)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Category(StrEnum):
    IMAGING = "imaging"
    ELECTRODIAGNOSTICS = "electrodiagnostics"
    PHYSICAL_MEDICINE = "physical-medicine"
    ELECTROTHERAPY = "electrotherapy"
    MEDICATION = "medication"
    INJECTION = "injection"
    PSYCHOLOGICAL = "psychological"
    CONSULTATION = "consultation"
    SURGERY = "surgery"
    DME = "dme"
    FRAMEWORK = "framework"


BodyRegion = Literal[
    "cervical",
    "thoracic",
    "lumbar",
    "shoulder",
    "elbow",
    "wrist-hand",
    "hip",
    "knee",
    "ankle-foot",
    "general",
]


class TopicMeta(BaseModel):
    """The front matter of a guideline topic file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str = Field(min_length=3)
    source: GuidelineSource
    chapter: int | None = None
    chapter_title: str | None = None
    topic: str = Field(min_length=2)
    pages: list[int] = Field(default_factory=list)
    page_confidence: PageConfidence
    outside_fact_sheet: list[str] = Field(default_factory=list)
    page_notes: dict[int, str] = Field(default_factory=dict)
    section: str = Field(min_length=2)
    section_source: GuidelineSource | None = None
    era: Literal["mtus-2009", "mtus-2017"]
    category: Category
    body_regions: list[BodyRegion] = Field(min_length=1)
    aliases: list[str] = Field(min_length=1)
    related: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("id must be lowercase letters, digits and single hyphens")
        return value

    @field_validator("pages")
    @classmethod
    def _pages_positive(cls, value: list[int]) -> list[int]:
        if any(page <= 0 for page in value):
            raise ValueError("pages must be positive integers")
        return sorted(set(value))


_CITED = {"source", "chapter", "chapter_title", "topic", "pages", "section", "section_source"}
"""The metadata a topic's citation is rendered from."""


class TopicSection(BaseModel):
    """One level-2 section of a topic file; chunking never splits a section."""

    model_config = ConfigDict(frozen=True)

    heading: str
    text: str


class GuidelineTopic(BaseModel):
    """A guideline topic: its citation metadata and its body, section by section."""

    model_config = ConfigDict(frozen=True)

    meta: TopicMeta
    sections: list[TopicSection]
    path: str
    content_hash: str

    @property
    def id(self) -> str:
        return self.meta.id

    def ref(self, style: CitationStyle = CitationStyle.PAGES) -> GuidelineRef:
        """The structured citation of this topic, as a letter of that style would carry it."""
        return guideline_ref(**dict(self.meta.model_dump(include=_CITED)), style=style)

    def citation(self, style: CitationStyle = CitationStyle.PAGES) -> str:
        """The house-style guideline line for this topic, rendered from metadata."""
        return self.ref(style).raw


def _split_sections(body: str, path: Path) -> list[TopicSection]:
    parts = re.split(r"^## +(.+?)\s*$", body, flags=re.M)
    if parts[0].strip():
        raise InputError("text before the first '## ' section", path)
    headings = [heading.strip() for heading in parts[1::2]]
    if tuple(headings) != SECTION_HEADINGS:
        raise InputError(
            f"sections must be {', '.join(SECTION_HEADINGS)} in this order; found {headings}", path
        )
    sections = [
        TopicSection(heading=heading, text=text.strip())
        for heading, text in zip(headings, parts[2::2], strict=True)
    ]
    for section in sections:
        if not section.text:
            raise InputError(f"section '{section.heading}' is empty", path)
    applying = re.findall(r"^### +(.+?)\s*$", sections[2].text, flags=re.M)
    if tuple(applying) != APPLY_SUBHEADINGS:
        raise InputError(
            f"'Applying it' must hold '### {APPLY_SUBHEADINGS[0]}' "
            f"and '### {APPLY_SUBHEADINGS[1]}'",
            path,
        )
    return sections


def parse_topic(text: str, path: Path) -> GuidelineTopic:
    """Parse one topic file's text; errors name the file and what is wrong."""
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise InputError("missing YAML front matter between '---' lines", path)
    try:
        raw_meta = yaml.load(match.group("meta"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise InputError(
            f"front matter is not valid YAML ({exc.__class__.__name__})", path
        ) from None
    if not isinstance(raw_meta, dict):
        raise InputError("front matter must be a mapping", path)
    try:
        meta = TopicMeta.model_validate(raw_meta)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"front matter field '{where}': {first['msg']}", path) from None
    if meta.id != path.stem:
        raise InputError(f"id '{meta.id}' must equal the file name stem '{path.stem}'", path)
    if meta.source is GuidelineSource.ACOEM and (meta.chapter is None or not meta.chapter_title):
        raise InputError("an ACOEM topic needs chapter and chapter_title", path)
    if meta.source is GuidelineSource.ODG and not meta.chapter_title:
        raise InputError("an ODG topic needs chapter_title (the ODG chapter)", path)
    return GuidelineTopic(
        meta=meta,
        sections=_split_sections(match.group("body"), path),
        path=str(path),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def load_topic(path: Path) -> GuidelineTopic:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path) from None
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file", path) from None
    return parse_topic(text, path)


def load_topics(directory: Path) -> list[GuidelineTopic]:
    """Load every `*.md` topic file of a directory (README.md and FORMAT.md excluded)."""
    if not directory.is_dir():
        raise InputError("guideline directory not found", directory)
    topics = [
        load_topic(path)
        for path in sorted(directory.glob("*.md"))
        if path.name not in {"README.md", "FORMAT.md"}
    ]
    return topics


def is_drug_name(alias: str) -> bool:
    """Whether a medication topic's alias is a drug name the fact checks look for: one or two
    words and no digits (not a dose such as "Tramadol 50 mg")."""
    return len(alias.split()) <= 2 and not any(character.isdigit() for character in alias)


def drug_names(topics: list[GuidelineTopic]) -> frozenset[str]:
    """Lowercased names of every medication the topics know (their aliases)."""
    return frozenset(
        alias.lower()
        for topic in topics
        if topic.meta.category == "medication"
        for alias in topic.meta.aliases
        if is_drug_name(alias)
    )


def dangling_related(topics: list[GuidelineTopic]) -> list[str]:
    """`topic -> related` pairs whose related id is not among the given topics."""
    known = {topic.id for topic in topics}
    return [
        f"{topic.id} -> {related}"
        for topic in topics
        for related in topic.meta.related
        if related not in known
    ]
