"""A case's decision and UR dates: read from case files and letters, they pick the line's era."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.drafting.case import case_from_json, case_from_letter
from assistant.errors import InputError
from assistant.letters.parser import parse_letter
from tests.paths import EXAMPLE

PATH = Path("case.json")


def _case(**dates: str) -> str:
    return json.dumps(
        {
            "case_id": "SYN-DATES-1",
            **dates,
            "clinical_summary": "A synthetic summary.",
            "items": [{"title": "MRI of the knee"}],
        }
    )


def test_the_decision_date_comes_first_then_the_ur_date() -> None:
    both = case_from_json(_case(decision_date="2016-12-09", ur_date="2015-11-03"), PATH)
    assert both.citation_date == date(2016, 12, 9)
    assert case_from_json(_case(ur_date="2015-11-03"), PATH).citation_date == date(2015, 11, 3)
    assert case_from_json(_case(), PATH).citation_date is None


def test_a_bad_date_is_one_clear_error_naming_the_field() -> None:
    with pytest.raises(InputError, match=r"decision_date: must be a date \(YYYY-MM-DD\)"):
        case_from_json(_case(decision_date="12/09/2016x"), PATH)


def test_a_letter_as_a_case_keeps_its_dates() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "IMR Case Number: SYN-2015-0001",
        "IMR Case Number: SYN-2015-0001\nDecision Date: 06/15/2015 UR Denial Date: 05/01/2015",
    )
    case = case_from_letter(parse_letter(text))
    assert (case.decision_date, case.ur_date) == (date(2015, 6, 15), date(2015, 5, 1))
    assert case_from_letter(parse_letter(EXAMPLE.read_text(encoding="utf-8"))).citation_date is None
