from __future__ import annotations

import json
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
