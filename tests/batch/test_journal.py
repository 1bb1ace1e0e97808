from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from assistant.batch.journal import Journal, write_atomically


def test_a_partial_last_line_is_cut_off_and_appending_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "drafts.jsonl"
    path.write_bytes(b'{"case_id": "A", "title": "x"}\n{"case_id": "B", "ti')
    journal = Journal(path)
    assert journal.records == [{"case_id": "A", "title": "x"}]
    journal.append({"case_id": "C", "title": "y"})
    journal.close()
    lines = path.read_text().splitlines()
    assert [json.loads(line)["case_id"] for line in lines] == ["A", "C"]


def test_letters_are_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "letters" / "SYN-1.txt"
    write_atomically(target, "first\n")
    write_atomically(target, "second\n")
    assert target.read_text() == "second\n"
    assert [p.name for p in target.parent.iterdir()] == ["SYN-1.txt"]


def test_journal_lines_and_letters_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        journal = Journal(tmp_path / "drafts.jsonl")
        journal.append({"case_id": "A", "title": "x"})
        journal.close()
        write_atomically(tmp_path / "letters" / "A.txt", "letter\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "drafts.jsonl").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "letters" / "A.txt").stat().st_mode) == 0o600
