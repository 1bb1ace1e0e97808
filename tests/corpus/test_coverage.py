"""The coverage table in guideline_corpus/README.md: every id it lists is a topic file, every topic
file is listed, each citation is what its topic renders, and every fact-sheet entry has a row."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from assistant.corpus.topics import load_topic
from tests.paths import CORPUS, SHARED

README = CORPUS / "README.md"
GUIDELINES = CORPUS / "guidelines"
FACT_SHEET = SHARED / "MTUS_FACTS.md"

ENTRIES_HEADING = "Treatment entries"
FRAMEWORK_HEADING = "Framework topics"
EXTRAS_HEADING = "Extras"

TAG = re.compile(r"^[A-J]\d+b?$")
FACT_TAG = re.compile(r"\*\*([A-J]\d+b?)\.")
ID_SPAN = re.compile(r"`([a-z0-9]+(?:-[a-z0-9]+)*)`")
# A code span naming a topic file anywhere in the README (tables, notes, lists).
TOPIC_SPAN = re.compile(
    r"`((?:acoem|cpmtg|odg|opioids|other|postsurgical|acupuncture)-[a-z0-9-]+)`"
)
HEADING = re.compile(r"^(#{2,6})\s+(.+?)\s*$", re.M)


@cache
def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(title: str) -> str:
    """The body of the README section with this heading, up to the next heading of any level."""
    text = readme()
    matches = list(HEADING.finditer(text))
    for index, match in enumerate(matches):
        if match.group(2) == title:
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            return text[match.end() : end]
    raise AssertionError(f"{README.name} has no section headed {title!r}")


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table(title: str) -> list[dict[str, str]]:
    """The rows of the first Markdown table in a section, keyed by the header cells."""
    lines = [line for line in section(title).splitlines() if line.lstrip().startswith("|")]
    assert len(lines) >= 3, f"section {title!r} holds no table with rows"
    header = cells(lines[0])
    assert set(cells(lines[1])) <= {"---", ":---", "---:", ":---:"}, f"bad separator in {title!r}"
    rows = []
    for line in lines[2:]:
        row = cells(line)
        assert len(row) == len(header), f"row has {len(row)} cells, header {len(header)}: {line}"
        rows.append(dict(zip(header, row, strict=True)))
    return rows


def ids_in(cell: str) -> list[str]:
    return ID_SPAN.findall(cell)


@cache
def entry_rows() -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for row in table(ENTRIES_HEADING):
        tag = row["entry"]
        assert TAG.match(tag), f"not an entry tag: {tag!r}"
        assert tag not in rows, f"entry {tag} has two rows"
        rows[tag] = row
    return rows


def framework_rows() -> list[dict[str, str]]:
    return table(FRAMEWORK_HEADING)


def extras() -> list[str]:
    listed = []
    for line in section(EXTRAS_HEADING).splitlines():
        match = re.match(r"^- `([a-z0-9-]+)`", line)
        if match:
            listed.append(match.group(1))
    return listed


def topic_files() -> set[str]:
    return {path.stem for path in GUIDELINES.glob("*.md")}


def listed_ids() -> set[str]:
    ids = {id_ for row in entry_rows().values() for id_ in ids_in(row["topics"])}
    ids |= {id_ for row in framework_rows() for id_ in ids_in(row["topics"])}
    return ids | set(extras())


def test_every_row_lists_topics_and_a_citation() -> None:
    rows = [*entry_rows().values(), *framework_rows()]
    assert len(entry_rows()) >= 90
    for row in rows:
        label = row.get("entry") or next(iter(row.values()))
        assert ids_in(row["topics"]), f"row {label} lists no topic id"
        assert row["citation"], f"row {label} has no citation"
        listed = ids_in(row["topics"])
        assert len(set(listed)) == len(listed), f"row {label} lists a topic twice"


def test_every_listed_id_is_a_topic_file() -> None:
    mentioned = listed_ids() | set(TOPIC_SPAN.findall(readme()))
    missing = sorted(mentioned - topic_files())
    assert not missing, f"{README.name} names topics with no file in {GUIDELINES.name}/: {missing}"


def test_every_topic_file_is_listed() -> None:
    unlisted = sorted(topic_files() - listed_ids())
    assert not unlisted, (
        f"topic files missing from the coverage tables of {README.name}: {unlisted}; add each id "
        f"to the row of the entry it covers, to the framework table, or to the Extras list"
    )


def test_citation_column_is_what_the_main_topic_renders() -> None:
    wrong = []
    for row in [*entry_rows().values(), *framework_rows()]:
        main = ids_in(row["topics"])[0]
        path = GUIDELINES / f"{main}.md"
        if not path.is_file():
            continue  # reported by test_every_listed_id_is_a_topic_file
        rendered = load_topic(path).citation()
        if row["citation"] != rendered:
            wrong.append(f"{main}: table says {row['citation']!r}, topic renders {rendered!r}")
    assert not wrong, "stale citations in the coverage table:\n" + "\n".join(wrong)


def fact_sheet_tags(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^## 3\..*?(?=^## |\Z)", text, re.M | re.S)
    assert match, f"{path} has no section 3 (treatment fact entries)"
    return FACT_TAG.findall(match.group(0))


def test_every_fact_sheet_entry_has_a_row() -> None:
    if not FACT_SHEET.is_file():
        pytest.skip(f"fact sheet not present at {FACT_SHEET}; entry coverage not checked")
    tags = fact_sheet_tags(FACT_SHEET)
    assert tags, f"no **A1.**-style entry tags found in section 3 of {FACT_SHEET}"
    rows = set(entry_rows())
    missing = sorted(set(tags) - rows)
    unknown = sorted(rows - set(tags))
    assert not missing, f"fact-sheet entries with no row in {README.name}: {missing}"
    assert not unknown, f"rows for entries the fact sheet does not have: {unknown}"
