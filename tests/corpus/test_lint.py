"""The corpus lint: it finds the disagreements it is for, and the bundled corpus has none."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.corpus.lint import letter_findings, lint_corpus, shared_page_findings
from assistant.corpus.topics import load_topics
from assistant.letters.reader import read_letter
from tests.paths import CORPUS


def test_the_bundled_corpus_has_no_lint_finding() -> None:
    assert lint_corpus(CORPUS) == []


def test_a_page_filed_under_two_acoem_sections_needs_a_stated_reason(tmp_path: Path) -> None:
    guidelines = tmp_path / "guidelines"
    shutil.copytree(CORPUS / "guidelines", guidelines)
    topic = guidelines / "acoem-ch9-subacromial-injections.md"
    text = topic.read_text(encoding="utf-8")
    start = text.index("page_notes:")
    topic.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    findings = shared_page_findings(load_topics(guidelines))
    assert len(findings) == 1
    assert "chapter 9 page 204" in findings[0]
    assert "acoem-ch9-subacromial-injections" in findings[0]


def test_a_letter_naming_or_paging_a_topic_differently_is_found(tmp_path: Path) -> None:
    source = CORPUS / "determinations" / "SYN-2014-0013.txt"
    name = "TENS, chronic pain (transcutaneous electrical nerve stimulation) Page(s): 114-116"
    text = source.read_text(encoding="utf-8")
    assert name in text
    renamed = tmp_path / "SYN-2014-0013.txt"
    renamed.write_text(text.replace(name, "Transcutaneous electrotherapy Page(s): 114-119"))
    findings = letter_findings([read_letter(renamed)], load_topics(CORPUS / "guidelines"))
    assert any("names 'Transcutaneous electrotherapy'" in found for found in findings)
    assert any("cites page 117-119, not a page of cpmtg-tens" in found for found in findings)
