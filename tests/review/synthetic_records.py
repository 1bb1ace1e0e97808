"""A small synthetic case made from its records (written for the tests; no real person or case):
five pages (IMR application, UR determination, progress report, imaging report, request for
authorization), the summary sentences with the pages they came from, and the documents."""

from __future__ import annotations

from typing import Any, TypedDict

IMPRESSION = (
    "1. Left paracentral disc protrusion of 4 mm at L4-L5 contacting the traversing left L5 "
    "nerve root. 2. No fracture or spondylolisthesis."
)

PAGES = {
    "1": (
        "SYNTHETIC RECORD - NOT A REAL CASE\n"
        "APPLICATION FOR INDEPENDENT MEDICAL REVIEW\n"
        "Disputed treatment: repeat MRI of the lumbar spine without contrast.\n"
        "Date of the utilization review decision: 04/10/2015."
    ),
    "2": (
        "SYNTHETIC RECORD - NOT A REAL CASE\n"
        "UTILIZATION REVIEW DETERMINATION\n"
        "Request: repeat MRI of the lumbar spine without contrast. Decision: non-certified.\n"
        "Rationale: a lumbar MRI was already done in March 2015 and no new red flag or "
        "progressive neurological deficit is described, so a repeat MRI is not supported.\n"
        "Guideline cited: MTUS ACOEM Chapter 12 Low Back Complaints."
    ),
    "3": (
        "SYNTHETIC RECORD - NOT A REAL CASE\n"
        "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)\n"
        "Date of injury: 11/18/2014. Date of visit: 04/01/2015.\n"
        "The patient lifted a box at work and felt low back pain. Pain is rated 7/10 and "
        "radiates to the left leg. Straight leg raise is positive on the left at 40 degrees.\n"
        "Plan: request a repeat MRI of the lumbar spine; continue home exercise."
    ),
    "4": (
        "SYNTHETIC RECORD - NOT A REAL CASE\n"
        "MRI LUMBAR SPINE WITHOUT CONTRAST\n"
        "Date of exam: 03/02/2015. Reading radiologist: Dr. Synthetic Birch.\n"
        "FINDINGS: L3-L4 normal disc height. L4-L5 left paracentral protrusion measuring 4 mm "
        "with contact of the traversing left L5 root. L5-S1 mild facet arthropathy.\n"
        f"IMPRESSION: {IMPRESSION}"
    ),
    "5": (
        "SYNTHETIC RECORD - NOT A REAL CASE\n"
        "REQUEST FOR AUTHORIZATION (DWC FORM RFA)\n"
        "Requested: repeat MRI of the lumbar spine without contrast, quantity 1."
    ),
}


class Sentence(TypedDict):
    """One summary sentence and the record pages it came from."""

    text: str
    pages: list[int]


class DocumentEntry(TypedDict):
    """One document of the records: its type, date, author and pages."""

    type: str
    date: str | None
    author: str | None
    pages: list[int]


SENTENCES: list[Sentence] = [
    {
        "text": "The injured worker is a 45-year-old who hurt the lower back lifting a box on "
        "11/18/2014.",
        "pages": [3],
    },
    {
        "text": "An MRI of the lumbar spine on 03/02/2015 showed a 4 mm disc protrusion at L4-L5.",
        "pages": [4],
    },
    {
        "text": "On 04/01/2015 low back pain was rated 7/10 with a positive straight leg raise "
        "on the left.",
        "pages": [3],
    },
    {
        "text": "A repeat MRI of the lumbar spine was requested and non-certified on 04/10/2015.",
        "pages": [2, 5],
    },
]

DOCUMENTS: list[DocumentEntry] = [
    {"type": "imr_application", "date": None, "author": None, "pages": [1]},
    {
        "type": "ur_determination",
        "date": "2015-04-10",
        "author": "Synthetic Review Services",
        "pages": [2],
    },
    {
        "type": "progress_report",
        "date": "2015-04-01",
        "author": "Dr. Synthetic Alder",
        "pages": [3],
    },
    {"type": "imaging", "date": "2015-03-02", "author": "Dr. Synthetic Birch", "pages": [4]},
    {"type": "rfa", "date": "2015-04-03", "author": "Dr. Synthetic Alder", "pages": [5]},
]

TITLE = "Repeat MRI of the lumbar spine without contrast"


def records_case() -> dict[str, Any]:
    """The case JSON as intake writes it (synthetic)."""
    return {
        "case_id": "SYN-RECORDS-0001",
        "clinical_summary": " ".join(sentence["text"] for sentence in SENTENCES),
        "items": [
            {
                "title": TITLE,
                "ur_decision": "non-certified",
                "ur_date": "2015-04-10",
                "claims_administrator_guideline": "Decision based on MTUS ACOEM Chapter 12.",
            }
        ],
        "summary_sentences": [dict(sentence) for sentence in SENTENCES],
        "documents": [dict(document) for document in DOCUMENTS],
        "pages": dict(PAGES),
    }
