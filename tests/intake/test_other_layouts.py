"""Intake on case files it was not written against: a second set of synthetic case files, made by
an independent generator with its own UR wording, headers and document order (see
`tests/data/intake_other`). Its disputed items, UR decisions and document boundaries must still
be read, or the rules only fit the layouts they were tuned on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.intake.build import intake_files
from tests.data.intake_other.cases import SPECS
from tests.data.intake_other.generate import EXPECTED, write_bundle

Other = list[tuple[Path, dict[str, Any]]]


def _key(title: str) -> str:
    return " ".join(title.split()).casefold()


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Other:
    folder = tmp_path_factory.mktemp("other-layouts")
    bundles: Other = []
    for index, spec in enumerate(SPECS):
        path = folder / f"{spec.case_id}.pdf"
        write_bundle(spec, index, path)
        bundles.append((path, json.loads((EXPECTED / f"{spec.case_id}.json").read_text())))
    return bundles


def test_disputed_items_and_ur_decisions_are_read_from_another_layout(other: Other) -> None:
    right = total = 0
    for path, expected in other:
        read = {_key(item.title): item.decision for item in intake_files([path]).disputed}
        for item in expected["items"]:
            if item.get("disputed", True):
                total += 1
                right += read.get(_key(item["title"])) == item["ur_decision"]
    assert total >= 20
    assert right / total >= 0.95, f"{right} of {total}"


def test_documents_start_where_the_other_layout_starts_them(other: Other) -> None:
    found = total = 0
    for path, expected in other:
        starts = {document.pages[0] for document in intake_files([path]).documents}
        wanted = {document["first_page"] for document in expected["documents"]}
        total += len(wanted)
        found += len(wanted & starts)
    assert found / total >= 0.95, f"{found} of {total}"
