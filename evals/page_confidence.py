"""Record in each topic's front matter how sure its pages and numbers are.

    python -m evals.page_confidence [--facts ../shared/MTUS_FACTS.md] [--letters DIR ...] [--check]

- `page_confidence: letter` for a topic a real letter's page-style MAXIMUS line cites on one of
  its pages (the seeds and the public letters by default); any other topic keeps the value its
  file has (`fact-sheet`, `fact-sheet-low` for the fact sheet's G-lo pages, `outside`).
- `outside_fact_sheet`: the numbers of the topic's Criteria that none of the fact-sheet entries
  its coverage row names (guideline_corpus/README.md) states; a topic in no row is compared with
  the whole fact sheet.

`--check` writes nothing and exits 1 when a file would change.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from assistant.corpus.confidence import (
    PageConfidence,
    fact_sheet_entries,
    letter_verified,
    numbers_outside,
)
from assistant.corpus.topic_index import TopicIndex
from assistant.corpus.topics import GuidelineTopic, load_topics
from assistant.letters.reader import read_letter

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "guideline_corpus"
SHARED = ROOT.parent / "shared"
_ROW = re.compile(r"^\| (?P<tag>[A-J]\d+[a-z]?) \|[^|]*\| (?P<topics>[^|]*) \|", re.M)


def coverage_rows(readme: str) -> dict[str, list[str]]:
    """Fact-sheet tags by topic id, from the README coverage table."""
    tags: dict[str, list[str]] = {}
    for row in _ROW.finditer(readme):
        for topic_id in re.findall(r"`([a-z0-9-]+)`", row.group("topics")):
            tags.setdefault(topic_id, []).append(row.group("tag"))
    return tags


def _front_matter(text: str, confidence: PageConfidence, outside: list[str]) -> str:
    head, rest = text.split("\n---\n", 1)
    lines = [
        line
        for line in head.split("\n")
        if not line.startswith(("page_confidence:", "outside_fact_sheet:"))
    ]
    at = next(i for i, line in enumerate(lines) if line.startswith("pages:")) + 1
    numbers = ", ".join(f"'{number}'" for number in outside)
    lines[at:at] = [f"page_confidence: {confidence.value}", f"outside_fact_sheet: [{numbers}]"]
    return "\n".join(lines) + "\n---\n" + rest


def _criteria(topic: GuidelineTopic) -> str:
    return next(section.text for section in topic.sections if section.heading == "Criteria")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--facts", type=Path, default=SHARED / "MTUS_FACTS.md")
    parser.add_argument("--letters", type=Path, action="append", default=None)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    folders = args.letters or [SHARED / "seeds", SHARED / "public_letters" / "letters"]
    topics = load_topics(CORPUS / "guidelines")
    index = TopicIndex(topics)
    letters = [read_letter(path) for folder in folders for path in sorted(folder.glob("*.txt"))]
    items = [item for letter in letters for item in letter.items]
    verified = letter_verified(items, index.topic_for, {t.id: t.meta.pages for t in topics})
    facts = args.facts.read_text(encoding="utf-8")
    entries = fact_sheet_entries(facts)
    tags = coverage_rows((CORPUS / "README.md").read_text(encoding="utf-8"))
    changed = []
    for topic in topics:
        confidence = PageConfidence.LETTER if topic.id in verified else topic.meta.page_confidence
        held = [entries[tag] for tag in tags.get(topic.id, []) if tag in entries] or [facts]
        outside = numbers_outside(_criteria(topic), held)
        path = Path(topic.path)
        text = path.read_text(encoding="utf-8")
        updated = _front_matter(text, confidence, outside)
        if updated != text:
            changed.append(topic.id)
            if not args.check:
                path.write_text(updated, encoding="utf-8")
    counts = {c.value: 0 for c in PageConfidence}
    for topic in load_topics(CORPUS / "guidelines") if not args.check else topics:
        counts[topic.meta.page_confidence.value] += 1
    print(f"{len(changed)} topic file(s) {'would change' if args.check else 'updated'}; {counts}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
