"""Write a `Letter` as text in the house format.

One paragraph per line, nothing wrapped, one blank line between blocks. `parser.parse_letter`
reads the result back to an equal `Letter` for every *expressible* letter:

- letter_id is non-empty and holds no whitespace, and source_file is None (the file name is not
  part of the text); the decision and UR dates, when set, have four-digit years;
- every other string (title, clinical summary, guideline texts, rationale, specialty, each state
  of licensure) is whitespace-normalised, so holds no line break; all but the guideline texts
  are non-empty;
- no string contains, in any case, a structural phrase of the format: "Upheld", "Overturned",
  "Claims Administrator guideline", "MAXIMUS guideline", "Decision rationale", "IMR ISSUES",
  "CLINICAL CASE SUMMARY", "HOW THE IMR", "State(s) of Licensure",
  "Certification(s)/Specialty" or "The expert reviewer developed the following";
- no state of licensure contains "," or ";" or the word "and" between spaces;
- the letter has at least one item, and each item's refs are what `parse_refs` reads from its
  guideline text (`refs == parse_refs(text)`).

tests/letters/strategies.py generates letters from exactly this domain.
"""

from __future__ import annotations

from assistant.letters.models import Item, Letter, Reviewer
from assistant.letters.parser import (
    CA_LABEL,
    DECISION_DATE_LABEL,
    MAXIMUS_LABEL,
    RATIONALE_LABEL,
    UR_DATE_LABEL,
)

HOW_HEADING = "HOW THE IMR FINAL DETERMINATION WAS MADE"
SUMMARY_HEADING = "CLINICAL CASE SUMMARY"
ISSUES_HEADING = "IMR ISSUES, DECISIONS AND RATIONALES"

HOW_PARAGRAPH = (
    "MAXIMUS Federal Services forwarded the whole case file to an independent expert reviewer "
    "who has no ties to the employer, the injured worker, the treating providers or the claims "
    "administrator. The reviewer has practised clinically for more than five years and still "
    "practises at least 24 hours each week. MAXIMUS chose the reviewer for clinical training, "
    "experience and expertise in a specialty that evaluates or treats the condition and the "
    "disputed items or services. The reviewer knows the governing statutes and regulations, "
    "including the strength-of-evidence hierarchy that applies to Independent Medical Review."
)
CREDENTIALS_LINE = "The Expert Reviewer has the following credentials:"
SUMMARY_INTRO = (
    "The expert reviewer developed the following clinical case summary based on a review of the "
    "case file, including all medical records:"
)
ISSUES_INTRO = (
    "The Final Determination was based on decisions for the disputed items/services set forth "
    "below:"
)


def _credentials(reviewer: Reviewer) -> str:
    lines = [CREDENTIALS_LINE]
    if reviewer.licensure:
        lines.append(f"State(s) of Licensure: {', '.join(reviewer.licensure)}")
    if reviewer.specialty:
        lines.append(f"Certification(s)/Specialty: {reviewer.specialty}")
    return "\n".join(lines)


def _labelled(label: str, text: str) -> str:
    return f"{label} {text}" if text else label


def render_item(item: Item) -> str:
    """One item: heading with decision, both guideline lines and the rationale."""
    return "\n\n".join(
        [
            f"{item.title}: {item.decision.value}",
            _labelled(CA_LABEL, item.claims_administrator_guideline),
            _labelled(MAXIMUS_LABEL, item.maximus_guideline),
            _labelled(RATIONALE_LABEL, item.rationale),
        ]
    )


def render_letter(letter: Letter) -> str:
    """The whole letter in the house format, ending with a newline."""
    header = [f"IMR Case Number: {letter.letter_id}"]
    for label, day in (
        (DECISION_DATE_LABEL, letter.decision_date),
        (UR_DATE_LABEL, letter.ur_date),
    ):
        if day is not None:
            header.append(f"{label} {day:%m/%d/%Y}")
    blocks = [
        "\n".join(header),
        HOW_HEADING,
        HOW_PARAGRAPH,
        _credentials(letter.reviewer),
        f"{SUMMARY_HEADING}\n{SUMMARY_INTRO}",
        letter.clinical_summary,
        f"{ISSUES_HEADING}\n{ISSUES_INTRO}",
        *(render_item(item) for item in letter.items),
    ]
    return "\n\n".join(blocks) + "\n"
