"""Write the synthetic case files of `cases.SPECS` as PDF bundles, and their expected intake.

Each bundle holds, in this order, the IMR application, the utilization review determination, the
request for authorization, the latest progress report (PR-2), a consultation, imaging and
operative reports where the case has them, then older progress reports as padding up to the
case's page count. Every page carries a running header and footer; some carry a fax stamp; one
progress report may be laid out in two columns and one page may be a scan without a text layer.
The output depends only on the specs: the same bytes every run.

    python -m tests.data.intake_other.generate OUT_DIR      # the PDFs
    python -m tests.data.intake_other.generate --expected   # rewrite expected/*.json from the specs
"""

from __future__ import annotations

import json
import sys
import textwrap
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from tests.data.intake_other.cases import SPECS, Spec

HERE = Path(__file__).parent
EXPECTED = HERE / "expected"
WIDTH = 95
COLUMN_WIDTH = 46
LINES_PER_PAGE = 50
TOP = 740.0
LEADING = 13.0

TREATING = ("Ana Velez", "Rowan Ettinger", "Soledad Quill", "Tobias Wren")
REVIEWERS = ("Corin Hale", "Maren Dusk", "Elias Thorne")
RADIOLOGISTS = ("Priya Sand", "Jonah Lark")
SURGEONS = ("Milo Brandt", "Greta Vance")
APPLICANT = "Applicant representative (synthetic)"
CONSULTANTS = ("Ines Okafor", "Linus Ferro")
DECISION_WORDS = {
    "labelled": {
        "non-certified": "Non-certified",
        "modified": "Modified",
        "certified": "Certified",
    },
    "narrative": {
        "non-certified": "not certified",
        "modified": "modified",
        "certified": "certified",
    },
}


@dataclass
class Document:
    """One document of the bundle: its type as the expected output names it, and its pages."""

    kind: str
    day: date
    author: str
    pages: list[list[str]]
    two_column: bool = False


def _day(text: str) -> date:
    return datetime.strptime(text, "%m/%d/%Y").date()


def _us(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def _wrap(paragraphs: list[str], width: int = WIDTH) -> list[str]:
    lines: list[str] = []
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    return lines


def _paginate(lines: list[str]) -> list[list[str]]:
    return [lines[start : start + LINES_PER_PAGE] for start in range(0, len(lines), LINES_PER_PAGE)]


def _doctor(names: tuple[str, ...], index: int, degree: str = "MD") -> str:
    return f"Dr. {names[index % len(names)]}, {degree} (synthetic)"


def _history(spec: Spec) -> str:
    return (
        f"The injured worker is a {spec.age}-year-old who was injured on {spec.injury_date} "
        f"from {spec.mechanism}, with pain of the {spec.region}."
    )


def _disputed(spec: Spec) -> list[str]:
    return [item.title for item in spec.items if item.disputed]


def _imr_application(spec: Spec, ur: date) -> Document:
    day = ur + timedelta(days=21)
    lines = _wrap(
        [
            "APPLICATION FOR INDEPENDENT MEDICAL REVIEW",
            f"Date: {_us(day)}",
            f"Submitted by: {APPLICANT}",
            f"Employee: SYNTHETIC PATIENT {spec.case_id[-2:]}   Claim number: "
            f"SYN-CLM-{spec.case_id[-2:]}",
            f"Date of injury: {spec.injury_date}",
            f"Date of the utilization review determination: {_us(ur)}",
            "",
            "Disputed treatment(s) or service(s):",
            *[f"{number}. {title}" for number, title in enumerate(_disputed(spec), start=1)],
            "",
            "The employee asks for independent medical review of each treatment listed above. "
            "A copy of the utilization review determination is attached.",
        ]
    )
    return Document("IMR application", day, APPLICANT, _paginate(lines))


def _ur_labelled(spec: Spec, ur: date, reviewer: str) -> list[str]:
    words = DECISION_WORDS["labelled"]
    paragraphs = [
        "UTILIZATION REVIEW DETERMINATION",
        f"Date of determination: {_us(ur)}",
        f"Reviewer: {reviewer}",
        f"Claim number: SYN-CLM-{spec.case_id[-2:]}   Date of injury: {spec.injury_date}",
        f"Request received: {_us(ur - timedelta(days=7))}",
        "",
        f"Clinical summary: {_history(spec)} Diagnoses include {spec.diagnoses[0].lower()}.",
        "",
    ]
    for number, item in enumerate(spec.items, start=1):
        paragraphs += [
            f"Request {number}",
            f"Requested item: {item.title}",
            f"Determination: {words[item.decision]}",
            f"Guideline cited: {item.guideline}",
            "Rationale: The documentation was weighed against the cited guideline criteria. "
            "The reviewer's reasoning is summarised in the determination above.",
            "",
        ]
    return paragraphs


def _ur_narrative(spec: Spec, ur: date, reviewer: str) -> list[str]:
    words = DECISION_WORDS["narrative"]
    paragraphs = [
        "NOTICE OF UTILIZATION REVIEW DECISION",
        f"Date: {_us(ur)}",
        f"Physician reviewer: {reviewer}",
        f"Claim: SYN-CLM-{spec.case_id[-2:]}",
        "",
        f"We have completed the review of the treatment your physician requested. {_history(spec)}",
        "",
    ]
    for item in spec.items:
        paragraphs += [
            f"After review of the medical records, the request for {item.title} is "
            f"{words[item.decision]}.",
            f"Criteria used: {item.guideline}.",
            "",
        ]
    paragraphs.append(
        "You may ask for independent medical review of any treatment that was not certified."
    )
    return paragraphs


def _ur(spec: Spec, ur: date, index: int) -> Document:
    reviewer = _doctor(REVIEWERS, index, "DO")
    build = _ur_labelled if spec.ur_layout == "labelled" else _ur_narrative
    return Document("UR determination", ur, reviewer, _paginate(_wrap(build(spec, ur, reviewer))))


def _rfa(spec: Spec, day: date, doctor: str) -> Document:
    lines = _wrap(
        [
            "REQUEST FOR AUTHORIZATION (DWC FORM RFA)",
            f"Date of request: {_us(day)}",
            f"Requesting physician: {doctor}",
            "",
            "Requested treatment:",
            *[f"- {item.title}" for item in spec.items],
            "",
            f"Clinical reason: The injured worker reports {spec.region} pain rated "
            f"{spec.pain}/10 despite {spec.treatment}.",
        ]
    )
    return Document("RFA", day, doctor, _paginate(lines))


def _progress(spec: Spec, day: date, doctor: str, pain: int, latest: bool) -> list[str]:
    medicines = ", ".join(item.title for item in spec.items if item.title[0].isupper())
    paragraphs = [
        "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)",
        f"Date of service: {_us(day)}",
        f"Treating physician: {doctor}",
        "",
        f"History: {_history(spec)}",
        f"Subjective: The injured worker reports {spec.region} pain rated {pain}/10.",
        f"Objective: {spec.findings}.",
        f"Diagnoses: {'; '.join(spec.diagnoses)}.",
        f"Treatment to date: Treatment to date has included {spec.treatment}.",
        f"Current requests: {medicines}." if latest else "Plan: Continue the home program.",
        "Work status: Modified duty as previously outlined.",
        "",
        "Review of systems is otherwise negative. The injured worker denies new injury. Sleep is "
        "reported as fair. The home exercise program is being followed most days of the week.",
        "Follow-up is planned in four to six weeks.",
    ]
    return paragraphs


def _consultation(spec: Spec, day: date, doctor: str) -> Document:
    lines = _wrap(
        [
            "CONSULTATION REPORT",
            f"Date of consultation: {_us(day)}",
            f"Consultant: {doctor}",
            "",
            f"History of present illness: {_history(spec)}",
            f"Assessment: {'; '.join(spec.diagnoses)}.",
            "Recommendation: Continue conservative care and follow up with the treating physician.",
        ]
    )
    return Document("consultation", day, doctor, _paginate(lines))


def _imaging(spec: Spec, day: date, doctor: str) -> Document:
    assert spec.imaging is not None
    exam, impression = spec.imaging
    lines = _wrap(
        [
            "DIAGNOSTIC IMAGING REPORT",
            f"Date of exam: {_us(day)}",
            f"Radiologist: {doctor}",
            f"Exam: {exam}",
            "",
            "Findings: Alignment is maintained. Marrow signal is within normal limits. The "
            "surrounding soft tissues are unremarkable.",
            f"Impression: {impression}.",
        ]
    )
    return Document("imaging", day, doctor, _paginate(lines))


def _operative(spec: Spec, day: date, doctor: str) -> Document:
    assert spec.operative is not None
    lines = _wrap(
        [
            "OPERATIVE REPORT",
            f"Date of surgery: {_us(day)}",
            f"Surgeon: {doctor}",
            "",
            f"Preoperative diagnosis: {spec.diagnoses[0]}.",
            f"Procedure performed: {spec.operative}.",
            "Anesthesia: General. Estimated blood loss was minimal. There were no complications.",
        ]
    )
    return Document("operative report", day, doctor, _paginate(lines))


def documents(spec: Spec, index: int) -> list[Document]:
    """The bundle's documents in order, padded with older progress reports to its page count."""
    ur = _day(spec.ur_date)
    treating = _doctor(TREATING, index)
    rfa_day = ur - timedelta(days=7)
    latest = rfa_day - timedelta(days=3)
    docs = [_imr_application(spec, ur)]
    if spec.has_ur:
        docs.append(_ur(spec, ur, index))
    docs.append(_rfa(spec, rfa_day, treating))
    docs.append(
        Document(
            "PR-2",
            latest,
            treating,
            _paginate(_wrap(_progress(spec, latest, treating, spec.pain, latest=True))),
        )
    )
    docs.append(_consultation(spec, latest - timedelta(days=60), _doctor(CONSULTANTS, index)))
    if spec.imaging:
        docs.append(_imaging(spec, latest - timedelta(days=120), _doctor(RADIOLOGISTS, index)))
    if spec.operative:
        docs.append(_operative(spec, latest - timedelta(days=200), _doctor(SURGEONS, index)))
    total = sum(len(doc.pages) for doc in docs) + (1 if spec.scanned else 0)
    day = latest
    visit = 0
    while total < spec.pages:
        day -= timedelta(days=28)
        visit += 1
        pain = max(2, min(9, spec.pain + (visit % 3) - 1))
        paragraphs = _progress(spec, day, treating, pain, latest=False)
        two_column = spec.two_column and visit == 2
        docs.append(
            Document(
                "PR-2",
                day,
                treating,
                [_wrap(paragraphs, COLUMN_WIDTH if two_column else WIDTH)],
                two_column,
            )
        )
        total += 1
    return docs


def _header(canvas: Canvas, spec: Spec, number: int, total: int, fax: bool) -> None:
    canvas.setFont("Helvetica", 7)
    canvas.drawString(
        40, 770, f"SYNTHETIC RECORD - Claim SYN-CLM-{spec.case_id[-2:]} - not a real patient"
    )
    if fax:
        canvas.drawString(
            380, 780, f"FAX RCVD 04/01/2024 09:{number % 60:02d} FROM 555-0142 P.{number:03d}"
        )
    canvas.drawString(40, 30, f"Synthetic test record   Page {number} of {total}")


def _draw_lines(canvas: Canvas, lines: list[str], x: float) -> None:
    y = TOP
    for line in lines:
        bold = line.isupper() and len(line) > 8
        canvas.setFont("Helvetica-Bold" if bold else "Helvetica", 9)
        canvas.drawString(x, y, line)
        y -= LEADING


def _draw_scan(canvas: Canvas) -> None:
    """A page as a scanner without OCR leaves it: grey blocks where the handwriting is."""
    canvas.setFillGray(0.85)
    canvas.rect(30, 30, 550, 730, fill=1, stroke=0)
    canvas.setFillGray(0.3)
    for row in range(28):
        canvas.rect(60, 700 - row * 24, 300 + (row * 37) % 180, 6, fill=1, stroke=0)


def write_bundle(spec: Spec, index: int, path: Path) -> None:
    """Write one case file as a PDF at `path`."""
    docs = documents(spec, index)
    total = sum(len(doc.pages) for doc in docs) + (1 if spec.scanned else 0)
    scanned_after = 6 if spec.scanned else -1
    canvas = Canvas(str(path), pagesize=LETTER, invariant=1)
    canvas.setTitle(f"{spec.case_id} synthetic case file")
    number = 0
    for doc in docs:
        for page in doc.pages:
            number += 1
            _header(canvas, spec, number, total, fax=number % 3 == 1)
            if doc.two_column:
                half = (len(page) + 1) // 2
                _draw_lines(canvas, page[:half], 40)
                _draw_lines(canvas, page[half:], 320)
            else:
                _draw_lines(canvas, page, 40)
            canvas.showPage()
            if number == scanned_after:
                number += 1
                _draw_scan(canvas)
                canvas.showPage()
    canvas.save()


def expected(spec: Spec, index: int) -> dict[str, object]:
    """What intake should find in the case file."""
    docs = documents(spec, index)
    rows: list[dict[str, object]] = []
    number = 0
    scanned: list[int] = []
    for doc in docs:
        first = number + 1
        number += len(doc.pages)
        if spec.scanned and first <= 6 <= number:
            number += 1
            scanned.append(7)
        rows.append(
            {
                "type": doc.kind,
                "date": doc.day.isoformat(),
                "author": doc.author,
                "first_page": first,
                "last_page": number,
            }
        )
    ur = _day(spec.ur_date).isoformat()
    facts = [f"{spec.age}-year-old", spec.injury_date, spec.mechanism, spec.diagnoses[0]]
    if spec.imaging:
        facts.append(spec.imaging[1])
    if spec.operative:
        facts.append(spec.operative)
    facts += _disputed(spec)
    return {
        "case_id": spec.case_id,
        "page_count": number,
        "has_ur": spec.has_ur,
        "ur_date": ur if spec.has_ur else None,
        "items": [
            {
                "title": item.title,
                "ur_decision": item.decision if spec.has_ur else None,
                "guideline": item.guideline if spec.has_ur else None,
                "disputed": item.disputed,
            }
            for item in spec.items
            if spec.has_ur or item.disputed
        ],
        "documents": rows,
        "scanned_pages": scanned,
        "key_facts": facts,
    }


def write_all(out: Path) -> list[Path]:
    """Write every bundle into `out`; the paths in the order of `SPECS`."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, spec in enumerate(SPECS):
        path = out / f"{spec.case_id}.pdf"
        write_bundle(spec, index, path)
        paths.append(path)
    return paths


def main(argv: list[str]) -> None:
    if argv == ["--expected"]:
        EXPECTED.mkdir(exist_ok=True)
        for index, spec in enumerate(SPECS):
            text = json.dumps(expected(spec, index), indent=2) + "\n"
            (EXPECTED / f"{spec.case_id}.json").write_text(text, encoding="utf-8")
        return
    write_all(Path(argv[0]))


if __name__ == "__main__":
    main(sys.argv[1:])
