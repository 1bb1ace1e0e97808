"""Which identifiers are found in case text, and which clinical details are left alone."""

from __future__ import annotations

import pytest

from assistant.privacy.detect import find_identifiers
from assistant.privacy.models import IdentifierKind


def found(text: str) -> list[tuple[str, str]]:
    return [(span.kind.value, span.text) for span in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Patient Name: John Q. Public", "PERSON", "John Q. Public"),
        ("Seen today. Patient Name: Dana Ortiz-Vega. DOB unknown", "PERSON", "Dana Ortiz-Vega"),
        ("as filed (injured worker's name: Lee Park)", "PERSON", "Lee Park"),
        ("Employee: Sam Chen\nDate of injury: 2/3/2016", "PERSON", "Sam Chen"),
        ("The injured worker, Maria Lopez, is 41.", "PERSON", "Maria Lopez"),
        ("The applicant Robert O'Neil reported pain.", "PERSON", "Robert O'Neil"),
        ("She saw Dr. Alan Grant on 3/1/2016.", "PERSON", "Alan Grant"),
        ("Mrs. McDonald drove her.", "PERSON", "McDonald"),
        ("Claim Number: 05-WC-123456", "CLAIM", "05-WC-123456"),
        ("under claim #ABC12345 the carrier", "CLAIM", "ABC12345"),
        ("IMR Case Number: CM16-0012345", "CASE", "CM16-0012345"),
        ("see IMR-2016-0012345 for the earlier review", "CASE", "IMR-2016-0012345"),
        ("DOB: 4/5/1970", "DOB", "4/5/1970"),
        ("Her date of birth is January 3, 1970.", "DOB", "January 3, 1970"),
        ("born on 1970-01-03 in Fresno", "DOB", "1970-01-03"),
        (
            "She lives at 1234 Elm Street, Fresno, CA 93721.",
            "ADDRESS",
            "1234 Elm Street, Fresno, CA 93721",
        ),
        ("mail to 55 W Oak Ave Apt 4", "ADDRESS", "55 W Oak Ave Apt 4"),
        ("call (559) 555-0142 today", "PHONE", "(559) 555-0142"),
        ("call 559.555.0199 today", "PHONE", "559.555.0199"),
        ("write to maria.lopez@example.com.", "EMAIL", "maria.lopez@example.com"),
        ("SSN 123-45-6789 on file", "SSN", "123-45-6789"),
    ],
)
def test_identifiers_with_a_cue_or_a_format_are_found(text: str, kind: str, value: str) -> None:
    assert (kind, value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The patient takes Norco 10/325 mg #120 and Tramadol 50 mg twice a day.",
        "Patient Norco 10/325 was refilled on 5/4/2015.",
        "On 2/10/2016 she reported back pain of 8/10 with palpable paralumbar spasm.",
        "The injured worker is a 41-year-old warehouse packer.",
        "The injured worker Reported pain in the Lumbar Spine.",
        "MRI of the lumbar spine without contrast: Upheld",
        "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304.",
        "Physical therapy, 12 sessions, 2 times a week for 6 weeks.",
        "Utilization review non-certified the request on 5/15/2015; date of injury 1/12/2015.",
        "Cyclobenzaprine 7.5 mg #20 was prescribed; ibuprofen 600 mg three times a day.",
    ],
)
def test_clinical_content_is_not_an_identifier(text: str) -> None:
    assert found(text) == []


def test_a_date_of_service_next_to_a_birth_date_stays() -> None:
    text = "DOB 4/5/1970. Seen on 2/10/2016 for back pain."

    assert found(text) == [("DOB", "4/5/1970")]


def test_spans_point_into_the_text_in_order() -> None:
    text = "Claim No. 05-WC-123456, Mr. Lopez, lopez@example.org, (559) 555-0142."

    spans = find_identifiers(text)

    assert [span.kind for span in spans] == [
        IdentifierKind.CLAIM,
        IdentifierKind.PERSON,
        IdentifierKind.EMAIL,
        IdentifierKind.PHONE,
    ]
    assert all(text[span.start : span.end] == span.text for span in spans)
