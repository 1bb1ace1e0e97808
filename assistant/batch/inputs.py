"""The cases of a batch: a folder of case files (JSON, or letters as text/PDF) or a JSONL file."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant.drafting.case import JSON_SUFFIXES, LETTER_SUFFIXES, Case, case_from_json, read_case
from assistant.errors import InputError
from assistant.files import read_input_text
from assistant.settings import LimitsSettings

CASE_SUFFIXES = JSON_SUFFIXES | LETTER_SUFFIXES
JSONL_SUFFIXES = frozenset({".jsonl"})


class WorkItem(BaseModel):
    """One disputed item of one case: the unit a batch drafts, journals and resumes."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    title: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.case_id, self.title)


def _from_jsonl(path: Path, limits: LimitsSettings) -> list[Case]:
    text = read_input_text(path, max_bytes=limits.max_upload_bytes)
    cases = [
        case_from_json(line, Path(f"{path}:{number}"))
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip()
    ]
    if not cases:
        raise InputError("holds no cases (one case JSON object per line)", path)
    return cases


def _from_folder(folder: Path, limits: LimitsSettings) -> list[Case]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in CASE_SUFFIXES)
    if not files:
        raise InputError("holds no case files (.json, .txt or .pdf)", folder)
    return [read_case(path, limits) for path in files]


def read_cases(source: Path, limits: LimitsSettings | None = None) -> list[Case]:
    """Every case of the input, in a stable order; raises InputError naming the bad file or line
    (or a file over a cap of `limits`, the defaults when not given).

    Two cases with the same case_id are an error: a batch keys its output by case_id.
    """
    caps = limits or LimitsSettings()
    if source.is_dir():
        cases = _from_folder(source, caps)
    elif source.suffix.lower() in JSONL_SUFFIXES:
        cases = _from_jsonl(source, caps)
    elif not source.exists():
        raise InputError("not found", source)
    else:
        raise InputError("expected a folder of case files or a .jsonl file of cases", source)
    seen: set[str] = set()
    for case in cases:
        if case.case_id in seen:
            raise InputError(f"case_id {case.case_id!r} appears twice", source)
        seen.add(case.case_id)
    return cases


def work_items(cases: list[Case]) -> list[WorkItem]:
    return [
        WorkItem(case_id=case.case_id, title=item.title) for case in cases for item in case.items
    ]
