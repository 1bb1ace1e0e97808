"""`imr ingest` then `imr retrieve` on the bundled corpus, offline, as a reviewer would run them."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.settings import Settings
from tests.paths import CORPUS

# The ten disputed items of the four seed letters, with the reviewer's (MAXIMUS) citation family and
# pages, written out by hand from the letters.
SEED_ITEMS: list[tuple[str, str, int | None, set[int]]] = [
    ("Cervical Spine MRI (magnetic resonance imaging)", "acoem", 8, {177, 178}),
    ("Lumbar Spine MIR (magnetic resonance imaging)", "acoem", 12, set(range(298, 304))),
    ("6 panel Urine Drug Testing", "cpmtg", None, set()),
    ("Cyclobenzaprine 7.5 mg Qty 60", "cpmtg", None, {63, 64}),
    ("Physical Therapy, 12 sessions", "cpmtg", None, {98, 99}),
    ("MRI of the Cervical Spine with Contrast", "acoem", 8, {177, 178, 179}),
    (
        "Physical therapy for the cervical spine, 2-3 times a week for 6 weeks",
        "cpmtg",
        None,
        {98, 99},
    ),
    (
        "MRI of the cervical spine without contrast and with IV sedation",
        "acoem",
        8,
        {177, 178, 179},
    ),
    ("Trigger point injection to the cervical spine", "cpmtg", None, {122}),
    (
        "Additional Physical Therapy 3 x 4 to the Cervical/Thoracic/Lumbar Spine",
        "cpmtg",
        None,
        {8, 99},
    ),
]


def retrieve(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["retrieve", *args, "--json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_retrieve_before_any_ingest_says_to_run_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMR_DATA_DIR", str(tmp_path / "empty"))
    result = CliRunner().invoke(app, ["retrieve", "Cyclobenzaprine 7.5 mg Qty 60"])
    assert result.exit_code == 2
    assert "no ingest has completed; run `imr ingest`" in result.stderr
    assert "Traceback" not in result.output


def test_cyclobenzaprine_finds_its_topic_first_with_a_rendered_citation(
    ingested_env: Settings,
) -> None:
    rows = retrieve("Cyclobenzaprine 7.5 mg Qty 60")
    assert rows[0]["topic_id"] in {"cpmtg-cyclobenzaprine", "cpmtg-muscle-relaxants"}
    first = rows[0]
    assert set(first) >= {
        "chunk_id",
        "kind",
        "citation",
        "source",
        "chapter",
        "topic",
        "pages",
        "score",
        "text",
    }
    assert first["kind"] == "guideline"
    assert first["citation"].startswith("MTUS Chronic Pain Treatment Guidelines ")
    assert all(isinstance(page, int) for page in first["pages"])


@pytest.mark.parametrize(("title", "source", "chapter", "pages"), SEED_ITEMS)
def test_every_seed_item_finds_the_cited_family_and_pages_in_its_top_5(
    ingested_env: Settings, title: str, source: str, chapter: int | None, pages: set[int]
) -> None:
    rows = retrieve(title, "--k", "5")
    matching = [
        row
        for row in rows
        if row["source"] == source
        and (chapter is None or row["chapter"] == chapter)
        and (not pages or pages & set(row["pages"]))
    ]
    assert matching, f"{title}: top 5 were {[(row['citation']) for row in rows]}"


def test_acoem_citation_renders_chapter_title_and_pages(ingested_env: Settings) -> None:
    rows = retrieve("Lumbar Spine MIR (magnetic resonance imaging)", "--k", "1")
    assert rows[0]["citation"] == "MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304"


def test_filters_restrict_family_and_decision_and_exclude_letters(ingested_env: Settings) -> None:
    assert {row["source"] for row in retrieve("MRI", "--source", "acoem", "--k", "8")} == {"acoem"}
    overturned = retrieve("physical therapy", "--kind", "determination", "--decision", "Overturned")
    assert overturned and {row["decision"] for row in overturned} == {"Overturned"}
    letter = overturned[0]["letter_id"]
    again = retrieve(
        "physical therapy",
        "--kind",
        "determination",
        "--decision",
        "Overturned",
        "--exclude-letter",
        letter,
        "--k",
        "20",
    )
    assert letter not in {row["letter_id"] for row in again}


@pytest.mark.slow
def test_ingest_and_retrieve_open_no_socket_beyond_loopback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: list[Any]
) -> None:
    with pytest.raises(OSError, match="test guard"):
        socket.create_connection(("192.0.2.1", 443), timeout=1)
    no_network.clear()
    monkeypatch.setenv("IMR_DATA_DIR", str(tmp_path / "data"))
    guidelines = tmp_path / "guidelines"
    guidelines.mkdir()
    for name in ("cpmtg-cyclobenzaprine.md", "cpmtg-muscle-relaxants.md"):
        (guidelines / name).write_text((CORPUS / "guidelines" / name).read_text())
    result = CliRunner().invoke(app, ["ingest", "--guidelines", str(guidelines)])
    assert result.exit_code == 0, result.output
    assert retrieve("Flexeril 10 mg")[0]["topic_id"] in {
        "cpmtg-cyclobenzaprine",
        "cpmtg-muscle-relaxants",
    }
    assert no_network == []


def test_past_item_filters_on_guideline_search_are_a_clear_error(ingested_env: Settings) -> None:
    result = CliRunner().invoke(app, ["retrieve", "Norco", "--decision", "Upheld"])
    assert result.exit_code == 2
    assert "add --kind determination" in result.stderr


def test_ingest_of_a_missing_folder_names_it_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMR_DATA_DIR", str(tmp_path / "data"))
    missing = tmp_path / "no-such-letters"
    result = CliRunner().invoke(app, ["ingest", "--determinations", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    assert "determinations directory not found" in result.stderr
    assert "Traceback" not in result.output


def test_retrieve_with_another_embedding_model_says_to_reingest(
    ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMR_EMBEDDINGS__BACKEND", "openai")
    monkeypatch.setenv("IMR_EMBEDDINGS__OPENAI_API_KEY", "sk-test")
    result = CliRunner().invoke(app, ["retrieve", "Norco"])
    assert result.exit_code == 2
    assert "imr ingest --reset" in result.stderr
