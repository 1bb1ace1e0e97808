"""SYNTHETIC case bundles for the intake tests: one PDF per case, with what intake should find.

Every person, clinic, claim and case number here is invented. Each bundle holds an IMR application,
a utilization review (UR) determination, a request for authorization, treating physicians'
progress reports (PR-2), consultations, imaging and operative reports and therapy notes, with the
noise real case files carry: running headers and footers, fax stamps, a two-column page and one
scanned page without a text layer. The output is deterministic: the same seed gives the same bytes.

    python -m tests.intake.synthetic OUT_DIR      # writes OUT_DIR/<case>.pdf and the expected files
"""

from __future__ import annotations

import json
import random
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

EXPECTED_DIR = Path(__file__).resolve().parents[1] / "data" / "intake"
PAGE_COUNTS = (20, 24, 30, 36, 45, 52, 60, 75, 90, 110, 130, 150)
LINES_PER_PAGE = 48
WIDTH = 92

REQUESTS = (
    ("Norco 10/325 mg #90", "MTUS Chronic Pain Medical Treatment Guidelines, Opioids, pages 76-80"),
    (
        "MRI of the lumbar spine without contrast",
        "ACOEM Practice Guidelines, Chapter 12 Low Back Complaints, pages 303-304",
    ),
    (
        "Physical therapy 2 times a week for 6 weeks for the lumbar spine",
        "MTUS Chronic Pain Medical Treatment Guidelines, Physical Medicine, pages 98-99",
    ),
    ("Gabapentin 600 mg #90", "MTUS Chronic Pain Guidelines, Antiepilepsy drugs, pages 16-18"),
    (
        "Lumbar epidural steroid injection at L4-L5",
        "MTUS Chronic Pain Guidelines, Epidural steroid injections, page 46",
    ),
    ("Cyclobenzaprine 7.5 mg #60", "MTUS Chronic Pain Guidelines, Muscle relaxants, pages 63-66"),
    ("Omeprazole 20 mg #60", "MTUS Chronic Pain Guidelines, NSAIDs and GI risk, pages 68-69"),
    ("Acupuncture, 6 sessions for the neck", "MTUS Acupuncture Medical Treatment Guidelines"),
    (
        "Right shoulder arthroscopy with subacromial decompression",
        "ACOEM Practice Guidelines, Chapter 9 Shoulder Complaints, pages 209-211",
    ),
    (
        "EMG/NCV of the bilateral upper extremities",
        "ACOEM Practice Guidelines, Chapter 8 Neck and Upper Back Complaints, pages 177-178",
    ),
    ("Functional capacity evaluation", "ACOEM Practice Guidelines, Chapter 7, pages 137-138"),
    ("TENS unit, 30-day rental", "MTUS Chronic Pain Guidelines, TENS, pages 114-116"),
    ("Lidoderm 5% patch #30", "MTUS Chronic Pain Guidelines, Lidoderm, pages 56-57"),
    ("Urine drug screen", "MTUS Chronic Pain Guidelines, Drug testing, page 43"),
)
MECHANISMS = (
    "lifting a 60-pound box of files",
    "slipping on a wet floor in a warehouse",
    "pulling a pallet jack",
    "falling from a step ladder",
    "restraining an agitated client",
    "repetitive overhead reaching",
)
DIAGNOSES = (
    "lumbar radiculopathy",
    "cervical strain with radiculitis",
    "right shoulder impingement syndrome",
    "lumbar disc protrusion at L4-L5",
    "chronic myofascial pain",
    "left knee medial meniscus tear",
)
FINDINGS = (
    "positive straight leg raise on the right at 40 degrees",
    "tenderness over the lumbar paraspinal muscles with spasm",
    "positive Neer and Hawkins signs on the right",
    "decreased sensation in the left C6 dermatome",
    "restricted lumbar flexion to 40 degrees",
    "medial joint line tenderness of the left knee",
)
TREATMENTS = (
    "physical therapy, chiropractic care and medications",
    "24 sessions of physical therapy, acupuncture and medications",
    "medications, a home exercise program and activity modification",
    "physical therapy, two epidural injections and medications",
)
FILLER = (
    "The patient reports that sleep remains poor because of the pain.",
    "Activities of daily living are performed with modification.",
    "The patient denies new numbness or weakness since the last visit.",
    "Medications are taken as prescribed and no aberrant behavior is reported.",
    "The home exercise program is being continued with partial benefit.",
    "Pain is worse with prolonged sitting and standing.",
    "The patient is working with restrictions as previously outlined.",
    "Gait is antalgic but the patient walks without an assistive device.",
    "Review of the pain diary shows flares after household chores.",
    "Vital signs were recorded by the medical assistant and are within normal limits.",
)
DECISION_WORDS = {
    "non-certified": ("NON-CERTIFIED", "Not certified", "Non-certified (not medically necessary)"),
    "modified": ("MODIFIED", "Modified", "Modified"),
    "certified": ("CERTIFIED", "Certified", "Certified as requested"),
}
FAX = "FROM: SYNTHETIC ORTHO GROUP FAX (555) 010-{n:04d}   {day}   P. {page:03d}/{total:03d}"
FOOTER = "SYNTHETIC RECORD - NOT A REAL PATIENT   |   Claim {claim}   |   Page {page} of {total}"


def _us(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def _iso(us: str | None) -> str | None:
    if us is None:
        return None
    month, day, year = us.split("/")
    return f"{year}-{month}-{day}"


@dataclass
class Item:
    """One UR item: as UR wrote it, its decision and the guideline UR cited."""

    title: str
    decision: str
    guideline: str


@dataclass
class Doc:
    """One document of the bundle: its type, date, author and text lines (before page layout)."""

    type: str
    date: str | None
    author: str | None
    lines: list[str]
    two_column: bool = False
    scanned: bool = False
    pages: list[int] = field(default_factory=list)


@dataclass
class Bundle:
    """A synthetic case: its documents and what intake should find in them."""

    case_id: str
    claim: str
    docs: list[Doc]
    items: list[Item]
    ur_date: str | None
    key_facts: list[str]


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH) or [""]


def _para(*sentences: str) -> list[str]:
    return [*_wrap(" ".join(sentences)), ""]


def _clinician(rng: random.Random, specialty: str) -> str:
    return (
        f"Dr. {rng.choice('ABCDEFGHJKLMNPRSTW')}. Synthetic-{rng.randint(10, 99)}, MD ({specialty})"
    )


def _bundle(index: int, pages: int) -> Bundle:
    rng = random.Random(1000 + index)
    case_id = f"SYN-CM16-{index + 1:04d}"
    claim = f"SYN-CLM-{rng.randint(100000, 999999)}"
    age = rng.randint(28, 63)
    sex = rng.choice(("man", "woman"))
    injury = date(2013, 1, 1) + timedelta(days=rng.randint(0, 700))
    mechanism = rng.choice(MECHANISMS)
    diagnosis = DIAGNOSES[index % len(DIAGNOSES)]
    finding = FINDINGS[index % len(FINDINGS)]
    treatment = rng.choice(TREATMENTS)
    count = 1 if index % 3 == 0 else rng.randint(2, 4)
    chosen = rng.sample(REQUESTS, count)
    decisions = ["non-certified", "modified", "certified"]
    items = [
        Item(title, decisions[0] if i == 0 else rng.choice(decisions), guideline)
        for i, (title, guideline) in enumerate(chosen)
    ]
    ptp = _clinician(rng, "Orthopedic Surgery")
    start = injury + timedelta(days=rng.randint(200, 500))
    visits = [start + timedelta(days=30 * n) for n in range(120)]
    docs: list[Doc] = []

    def progress(day: date, latest: bool) -> Doc:
        lines = [
            "PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)",
            f"Date of service: {_us(day)}",
            f"Provider: {ptp}",
            "Patient: Synthetic Worker (SYNTHETIC)",
            f"Date of injury: {_us(injury)}",
            "",
        ]
        lines += _para(
            f"The patient is a {age}-year-old {sex} who was injured on {_us(injury)} while "
            f"{mechanism}.",
            f"Treatment to date has included {treatment}.",
        )
        lines += _para(*rng.sample(FILLER, 4))
        exam = finding if latest else rng.choice(FINDINGS[:3] + FINDINGS[4:])
        lines += _para(f"On examination today there is {exam}.", rng.choice(FILLER))
        lines += [f"Diagnoses: {diagnosis}.", ""]
        if latest:
            wanted = " and ".join(item.title for item in items)
            lines += _para(f"The treating physician requests {wanted}.", rng.choice(FILLER))
        lines += _para(*rng.sample(FILLER, 5))
        lines += _para(*rng.sample(FILLER, 5))
        return Doc("progress_report", _us(day), ptp, lines)

    consult_day = visits[1] + timedelta(days=9)
    consultant = _clinician(rng, "Pain Medicine")
    consult = [
        "CONSULTATION REPORT",
        f"Date: {_us(consult_day)}",
        f"Consultant: {consultant}",
        "",
    ]
    consult += _para(
        f"Thank you for referring this {age}-year-old {sex} for evaluation of {diagnosis}.",
        *rng.sample(FILLER, 4),
    )
    consult += _para(*rng.sample(FILLER, 6))
    imaging_day = visits[2] + timedelta(days=4)
    radiologist = _clinician(rng, "Radiology")
    imaging = [
        "RADIOLOGY REPORT - MRI",
        f"Exam date: {_us(imaging_day)}",
        f"Interpreted by: {radiologist}",
        "",
    ]
    imaging += _para(
        "Technique: multiplanar images were obtained without contrast.",
        f"Impression: findings consistent with {diagnosis}, without high-grade stenosis.",
    )
    docs += [
        progress(visits[0], False),
        Doc("consultation", _us(consult_day), consultant, consult),
        Doc("imaging", _us(imaging_day), radiologist, imaging),
    ]
    if index % 2 == 1:
        surgeon = _clinician(rng, "Orthopedic Surgery")
        op_day = visits[3]
        operative = [
            "OPERATIVE REPORT",
            f"Date of surgery: {_us(op_day)}",
            f"Surgeon: {surgeon}",
            "",
        ]
        operative += _para(
            "Procedure performed: diagnostic arthroscopy with debridement.",
            "The patient tolerated the procedure well and left the room in stable condition.",
        )
        operative += _para(*rng.sample(FILLER, 4))
        docs.append(Doc("operative_report", _us(op_day), surgeon, operative))
    docs_needed = pages - 4 - (0 if index != 7 else -1)
    n_visit = 4
    therapist = f"Synthetic Therapy Clinic, PT {rng.randint(100, 999)}"
    while _page_estimate(docs) < docs_needed and n_visit < len(visits) - 1:
        day = visits[n_visit]
        docs.append(progress(day, False))
        if _page_estimate(docs) < docs_needed:
            note = [
                "PHYSICAL THERAPY DAILY NOTE",
                f"Date: {_us(day + timedelta(days=3))}",
                f"Therapist: {therapist}",
                "",
            ]
            note += _para(*rng.sample(FILLER, 5))
            note += _para(*rng.sample(FILLER, 5))
            docs.append(Doc("other", _us(day + timedelta(days=3)), therapist, note))
        n_visit += 1
    latest = visits[n_visit]
    ur_day = latest + timedelta(days=12)
    rfa_day = latest + timedelta(days=2)
    docs.append(progress(latest, True))
    rfa = [
        "REQUEST FOR AUTHORIZATION (DWC FORM RFA)",
        f"Date: {_us(rfa_day)}",
        f"Requesting physician: {ptp}",
        f"Claim number: {claim}",
        "",
    ]
    for item in items:
        rfa += _wrap(f"Requested treatment: {item.title}")
    rfa.append("")
    docs.append(Doc("rfa", _us(rfa_day), ptp, rfa))
    has_ur = index != 7
    reviewer = _clinician(rng, "Physical Medicine and Rehabilitation")
    style = index % 3
    if has_ur:
        ur = [
            "SYNTHETIC UTILIZATION REVIEW SERVICES",
            "UTILIZATION REVIEW DETERMINATION",
            f"Date of determination: {_us(ur_day)}",
            f"Claim number: {claim}",
            f"Physician reviewer: {reviewer}",
            "",
        ]
        ur += _para(
            f"We reviewed the request for authorization received {_us(rfa_day)}.",
            "The determination for each requested item follows.",
        )
        for number, item in enumerate(items, 1):
            word = DECISION_WORDS[item.decision][style]
            if style == 2:
                ur += _wrap(f"{number}. {item.title} - {word}")
            else:
                ur += _wrap(f"Requested item {number}: {item.title}")
                ur += [f"Determination: {word}"]
            ur += _wrap(f"Guideline relied on: {item.guideline}.")
            ur += _para(f"Rationale: {rng.choice(FILLER)} {rng.choice(FILLER)}")
        docs.append(Doc("ur_determination", _us(ur_day), reviewer, ur))
    imr_day = ur_day + timedelta(days=20)
    imr = [
        "APPLICATION FOR INDEPENDENT MEDICAL REVIEW (SYNTHETIC)",
        f"Case number: {case_id}",
        f"Date: {_us(imr_day)}",
        f"Claim number: {claim}",
        f"Date of the utilization review decision: {_us(ur_day)}",
        "",
        "Disputed treatment(s):",
    ]
    disputed = [item for item in items if item.decision != "certified"]
    for item in disputed:
        imr += _wrap(f"- {item.title} (UR decision: {item.decision})")
    imr.append("")
    docs.insert(0, Doc("imr_application", _us(imr_day), None, imr))
    # noise: a two-column review of systems and a scanned page without a text layer
    ros = ["REVIEW OF SYSTEMS (continued)"] + [f"{s}: negative" for s in SYSTEMS]
    docs.insert(len(docs) // 2, Doc("", None, None, ros, two_column=True))
    docs.insert(len(docs) // 2 + 1, Doc("other", None, None, [], scanned=True))
    wanted = [item.title for item in items]
    key_facts = [f"{age}-year-old", _us(injury), mechanism, diagnosis, treatment, finding, *wanted]
    if has_ur:
        key_facts.append(_us(ur_day))
    return Bundle(case_id, claim, docs, items, _us(ur_day), key_facts)


SYSTEMS = (
    "Constitutional",
    "Eyes",
    "Ears, nose and throat",
    "Cardiovascular",
    "Respiratory",
    "Gastrointestinal",
    "Genitourinary",
    "Skin",
    "Neurological",
    "Psychiatric",
    "Endocrine",
    "Hematologic",
)


def _doc_pages(doc: Doc) -> list[list[str]]:
    if doc.scanned or doc.two_column:
        return [doc.lines]
    body = doc.lines
    return [body[i : i + LINES_PER_PAGE] for i in range(0, len(body), LINES_PER_PAGE)] or [[]]


def _page_estimate(docs: list[Doc]) -> int:
    return sum(len(_doc_pages(doc)) for doc in docs) + 2


def _write(bundle: Bundle, path: Path) -> None:
    layout: list[tuple[Doc, list[str], bool]] = []
    for doc in bundle.docs:
        for number, lines in enumerate(_doc_pages(doc)):
            layout.append((doc, lines, number > 0))
    total = len(layout)
    canvas = Canvas(str(path), pagesize=LETTER, invariant=True)
    canvas.setTitle(f"SYNTHETIC case file {bundle.case_id}")
    for page, (doc, lines, continued) in enumerate(layout, 1):
        doc.pages.append(page)
        if doc.scanned:
            _scanned(canvas, page)
            canvas.showPage()
            continue
        canvas.setFont("Helvetica", 7)
        canvas.drawString(
            36, 770, FAX.format(n=page % 97, day=bundle.ur_date or "", page=page, total=total)
        )
        canvas.drawString(36, 24, FOOTER.format(claim=bundle.claim, page=page, total=total))
        canvas.setFont("Helvetica", 9)
        y = 740.0
        if continued:
            canvas.drawString(40, y, f"Synthetic Worker (SYNTHETIC) - {doc.date or ''} - continued")
            y -= 20
        if doc.two_column:
            _two_columns(canvas, lines, y)
        else:
            for line in lines:
                canvas.drawString(40, y, line)
                y -= 14
        canvas.showPage()
    canvas.save()


def _two_columns(canvas: Canvas, lines: list[str], top: float) -> None:
    canvas.drawString(40, top, lines[0])
    half = (len(lines) + 1) // 2
    for column, chunk in enumerate((lines[1 : half + 1], lines[half + 1 :])):
        y = top - 20
        for line in chunk:
            canvas.drawString(40 + column * 270, y, line)
            y -= 14


def _scanned(canvas: Canvas, page: int) -> None:
    """Strokes where handwriting would be, and no text at all."""
    rng = random.Random(page)
    canvas.setFillGray(0.93)
    canvas.rect(20, 20, 572, 752, fill=1, stroke=0)
    canvas.setStrokeGray(0.25)
    for row in range(30):
        y = 720 - row * 22
        x = 50.0
        while x < 540:
            length = rng.uniform(15, 60)
            canvas.line(x, y + rng.uniform(-2, 2), x + length, y + rng.uniform(-2, 2))
            x += length + rng.uniform(6, 14)


def expected(bundle: Bundle) -> dict[str, Any]:
    """What intake should find in the bundle (call after the bundle is written: pages are known)."""
    has_ur = any(doc.type == "ur_determination" for doc in bundle.docs)
    documents: list[dict[str, object]] = []
    for doc in bundle.docs:
        if doc.type:
            documents.append(
                {"type": doc.type, "date": _iso(doc.date), "pages": [doc.pages[0], doc.pages[-1]]}
            )
        else:  # a continuation page of the document before it
            documents[-1]["pages"] = [documents[-1]["pages"][0], doc.pages[-1]]  # type: ignore[index]
    return {
        "case_id": bundle.case_id,
        "ur_date": _iso(bundle.ur_date),
        "items": [
            {
                "title": item.title,
                "ur_decision": item.decision,
                "guideline": item.guideline if has_ur else None,
            }
            for item in bundle.items
            if has_ur or item.decision != "certified"
        ],
        "documents": documents,
        "scanned_pages": [doc.pages[0] for doc in bundle.docs if doc.scanned],
        "key_facts": bundle.key_facts,
    }


def write_bundles(out: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Write every synthetic bundle's PDF under `out`; return each path with its expected result."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index, pages in enumerate(PAGE_COUNTS):
        bundle = _bundle(index, pages)
        path = out / f"{bundle.case_id}.pdf"
        _write(bundle, path)
        written.append((path, expected(bundle)))
    return written


def main(out: Path) -> None:
    EXPECTED_DIR.mkdir(parents=True, exist_ok=True)
    for path, found in write_bundles(out):
        target = EXPECTED_DIR / f"{path.stem}.expected.json"
        target.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
