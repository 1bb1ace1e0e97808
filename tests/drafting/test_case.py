"""Reading the case a reviewer drafts from: JSON case files, letters, and files that are neither."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.drafting.case import Case, CaseItem, case_from_letter, read_case
from assistant.errors import InputError, LetterParseError
from assistant.letters.models import Decision, Item, Letter
from assistant.letters.reader import read_letter
from assistant.letters.refs import normalize_space
from tests.paths import EXAMPLE, REPO, SEEDS

CASES = REPO / "examples" / "cases"
SEED_000 = SEEDS / "000_9d4ddfa8c6741e52.txt"


def valid_case() -> dict[str, Any]:
    return {
        "case_id": "SYN-TEST-1",
        "clinical_summary": "A synthetic summary: low back pain for six months.",
        "items": [
            {"title": "MRI of the lumbar spine", "decision": "Upheld"},
            {
                "title": "Physical therapy, 6 sessions",
                "claims_administrator_guideline": "Decision based on MTUS Chronic Pain "
                "Treatment Guidelines Physical Medicine Page(s): 98-99.",
            },
        ],
    }


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def error_for(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_case(path)
    message = str(caught.value)
    assert caught.value.path == str(path)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return message.removeprefix(f"{path}: ")


def all_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in all_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in all_strings(item)]
    return []


# --- valid case files -------------------------------------------------------------------------


def test_valid_json_case_loads(tmp_path: Path) -> None:
    case = read_case(write_json(tmp_path / "case.json", valid_case()))
    assert case.case_id == "SYN-TEST-1"
    assert case.clinical_summary == "A synthetic summary: low back pain for six months."
    assert [item.title for item in case.items] == [
        "MRI of the lumbar spine",
        "Physical therapy, 6 sessions",
    ]
    assert case.items[0].decision is Decision.UPHELD
    assert case.items[0].claims_administrator_guideline is None
    assert case.items[1].decision is None
    assert case.items[1].claims_administrator_guideline is not None
    assert case.items[1].claims_administrator_guideline.endswith("Page(s): 98-99.")


@pytest.mark.parametrize(
    ("given_decision", "expected"),
    [
        ("Upheld", Decision.UPHELD),
        ("upheld", Decision.UPHELD),
        ("UPHELD", Decision.UPHELD),
        (" overturned ", Decision.OVERTURNED),
        ("OverTurned", Decision.OVERTURNED),
        (None, None),
    ],
)
def test_decision_is_read_in_any_case(
    tmp_path: Path, given_decision: str | None, expected: Decision | None
) -> None:
    data = valid_case()
    data["items"][0]["decision"] = given_decision
    case = read_case(write_json(tmp_path / "case.json", data))
    assert case.items[0].decision is expected


def test_title_whitespace_is_collapsed_and_blank_guideline_is_none() -> None:
    item = CaseItem(title="  Norco\n10/325 mg   #120 ", claims_administrator_guideline="  ")
    assert item.title == "Norco 10/325 mg #120"
    assert item.claims_administrator_guideline is None


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(valid_case()).encode())
    assert read_case(path).case_id == "SYN-TEST-1"


def test_suffix_is_matched_case_insensitively(tmp_path: Path) -> None:
    assert read_case(write_json(tmp_path / "CASE.JSON", valid_case())).case_id == "SYN-TEST-1"


# --- files that cannot be read ----------------------------------------------------------------


def test_missing_file_is_reported(tmp_path: Path) -> None:
    assert error_for(tmp_path / "absent.json") == "file not found"


def test_directory_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert error_for(folder) == "is a directory, not a file"


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file_is_reported(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(content)
    assert error_for(path) == "file is empty"


def test_non_utf8_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(b'{"case_id": "caf\xe9"}')
    assert error_for(path).startswith("not valid UTF-8")


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text('{\n  "case_id": "SYN-1",\n  "items": [,]\n}\n', encoding="utf-8")
    message = error_for(path)
    assert message.startswith("invalid JSON at line 3, column 13: ")


def test_duplicate_json_key_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text('{"case_id": "a", "case_id": "b"}', encoding="utf-8")
    assert "duplicate key 'case_id'" in error_for(path)


def test_json_that_is_not_an_object_is_reported(tmp_path: Path) -> None:
    message = error_for(write_json(tmp_path / "case.json", [valid_case()]))
    assert message.startswith("a case file must be a JSON object")


def test_unsupported_suffix_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "case.docx"
    path.write_bytes(b"anything")
    assert "unsupported file type '.docx'" in error_for(path)


# --- case files of the wrong shape ------------------------------------------------------------


def edited(path_in_case: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """valid_case() with one value replaced (or removed, for value=...)."""
    data = valid_case()
    target: Any = data
    for key in path_in_case[:-1]:
        target = target[key]
    if value is ...:
        del target[path_in_case[-1]]
    else:
        target[path_in_case[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (edited(("case_id",), ...), "case_id: is required"),
        (edited(("case_id",), ""), "case_id: must not be empty"),
        (edited(("case_id",), "SYN 1"), "case_id: must contain only letters, digits"),
        (edited(("case_id",), 17), "case_id: must be a string"),
        (edited(("clinical_summary",), "  \n "), "clinical_summary: must not be empty"),
        (edited(("clinical_summary",), ...), "clinical_summary: is required"),
        (edited(("items",), ...), "items: is required"),
        (edited(("items",), []), "items: must list at least one disputed item"),
        (edited(("items",), {"title": "MRI"}), "items: must be a list"),
        (edited(("items", 1), "MRI"), "items[1]: must be an object"),
        (edited(("items", 1, "title"), "   "), "items[1].title: must not be empty"),
        (edited(("items", 1, "title"), ""), "items[1].title: must not be empty"),
        (edited(("items", 1, "title"), ...), "items[1].title: is required"),
        (edited(("items", 1, "title"), ["MRI"]), "items[1].title: must be a string"),
        (
            edited(("items", 1, "title"), "mri OF the  LUMBAR spine"),
            'items[1].title: repeats items[0].title "mri OF the LUMBAR spine"',
        ),
        (
            edited(("items", 0, "decision"), "denied"),
            'items[0].decision: must be "Upheld" or "Overturned" (any case), not "denied"',
        ),
        (
            edited(("items", 0, "decision"), True),
            'items[0].decision: must be "Upheld" or "Overturned"',
        ),
        (
            edited(("items", 0, "claims_administrator_guideline"), 3),
            "items[0].claims_administrator_guideline: must be a string",
        ),
        (edited(("_note",), "synthetic"), "_note: unknown field (allowed: case_id,"),
        (edited(("items", 0, "rationale"), "x"), "items[0].rationale: unknown field (allowed: "),
    ],
)
def test_wrong_shape_names_the_field(tmp_path: Path, data: Any, expected: str) -> None:
    assert error_for(write_json(tmp_path / "case.json", data)).startswith(expected)


def test_several_problems_report_the_first_and_count_the_rest(tmp_path: Path) -> None:
    data = edited(("case_id",), "")
    data["items"] = []
    assert error_for(write_json(tmp_path / "case.json", data)) == (
        "case_id: must not be empty (and 1 more problem)"
    )


# --- letters become cases ---------------------------------------------------------------------


def assert_case_of_letter(case: Case, letter: Letter) -> None:
    assert case.clinical_summary == letter.clinical_summary.strip()
    assert [item.title for item in case.items] == [
        normalize_space(item.title) for item in letter.items
    ]
    assert [item.decision for item in case.items] == [item.decision for item in letter.items]
    assert [item.claims_administrator_guideline for item in case.items] == [
        normalize_space(item.claims_administrator_guideline) or None for item in letter.items
    ]
    texts = all_strings(case.model_dump(mode="json"))
    for item in letter.items:
        assert item.rationale
        assert not any(item.rationale in text for text in texts)


def test_seed_letter_becomes_a_case_without_rationales() -> None:
    if not SEED_000.is_file():
        pytest.skip(f"reference letter not found at {SEED_000} (it lives beside the repository)")
    case = read_case(SEED_000)
    letter = read_letter(SEED_000)
    assert len(case.items) == 5
    assert case.case_id == "000_9d4ddfa8c6741e52"
    assert "63 year old male" in case.clinical_summary
    assert all(item.decision is not None for item in case.items)
    assert_case_of_letter(case, letter)


def test_example_letter_becomes_a_case_without_rationales() -> None:
    case = read_case(EXAMPLE)
    assert case.case_id == "SYN-2015-0001"
    assert [item.decision for item in case.items] == [
        Decision.UPHELD,
        Decision.OVERTURNED,
        Decision.UPHELD,
    ]
    assert case.items[2].claims_administrator_guideline == (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Cyclobenzaprine (Flexeril) "
        "Page(s): 41-42."
    )
    assert_case_of_letter(case, read_letter(EXAMPLE))


def test_letter_that_is_not_a_letter_raises_the_parser_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Just some notes about a visit.\n", encoding="utf-8")
    with pytest.raises(LetterParseError) as caught:
        read_case(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_missing_letter_is_reported(tmp_path: Path) -> None:
    assert error_for(tmp_path / "absent.pdf") == "file not found"


def letter_with(letter_id: str, titles: list[str]) -> Letter:
    return Letter(
        letter_id=letter_id,
        source_file="synthetic.txt",
        clinical_summary="A synthetic summary.",
        items=[
            Item(
                title=title,
                decision=Decision.UPHELD,
                claims_administrator_guideline="",
                maximus_guideline="Decision based on MTUS ACOEM.",
                rationale="Not medically necessary.",
            )
            for title in titles
        ],
    )


def test_letter_id_is_made_a_valid_case_id() -> None:
    case = case_from_letter(letter_with("case 12 / final", ["MRI"]))
    assert case.case_id == "case-12-final"
    assert case.items[0].claims_administrator_guideline is None


def test_letter_with_repeated_titles_is_an_input_error_naming_the_letter() -> None:
    with pytest.raises(InputError) as caught:
        case_from_letter(letter_with("SYN-1", ["MRI", "mri"]))
    assert str(caught.value) == (
        'synthetic.txt: items[1].title: repeats items[0].title "mri" '
        "(titles must be unique, ignoring case)"
    )


# --- the bundled examples and the schema ------------------------------------------------------


def test_every_example_case_loads() -> None:
    paths = sorted(CASES.glob("*.json"))
    assert len(paths) >= 2
    for path in paths:
        case = read_case(path)
        assert case.case_id == path.stem
        assert case.case_id.startswith("SYN-")
        assert 120 <= len(case.clinical_summary.split()) <= 250


def test_example_two_has_one_decided_and_one_undecided_item() -> None:
    case = read_case(CASES / "SYN-CASE-0002.json")
    assert [item.decision for item in case.items] == [Decision.UPHELD, None]


def test_schema_documents_the_shape() -> None:
    schema = Case.model_json_schema()
    assert schema["required"] == ["case_id", "clinical_summary", "items"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["items"]["minItems"] == 1
    item = schema["$defs"]["CaseItem"]
    assert set(item["properties"]) == {
        "title",
        "decision",
        "claims_administrator_guideline",
        "ur_decision",
        "ur_date",
    }
    assert item["required"] == ["title"]
    assert schema["$defs"]["Decision"]["enum"] == ["Upheld", "Overturned"]


# --- round trip -------------------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
_nonblank = _text.filter(lambda text: text.strip() != "")
_items = st.lists(
    st.builds(
        CaseItem,
        title=_nonblank,
        decision=st.none() | st.sampled_from(Decision),
        claims_administrator_guideline=st.none() | _text,
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda item: item.title.casefold(),
)
cases = st.builds(
    Case,
    case_id=st.from_regex(r"[A-Za-z0-9._-]{1,30}", fullmatch=True),
    clinical_summary=_nonblank,
    items=_items,
)


@pytest.mark.slow
@settings(max_examples=300)
@given(case=cases)
def test_any_case_survives_a_json_round_trip(
    tmp_path_factory: pytest.TempPathFactory, case: Case
) -> None:
    path = tmp_path_factory.mktemp("round-trip") / f"{case.case_id}.json"
    path.write_text(case.model_dump_json(indent=2), encoding="utf-8")
    assert read_case(path) == case
