"""The synthetic case files the intake is measured on: who, what happened, what was requested and
what utilization review decided. Every person, claim and provider here is invented (SYNTHETIC)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """One requested item as utilization review wrote it, with its decision and guideline."""

    title: str
    decision: str  # "non-certified", "modified" or "certified"
    guideline: str

    @property
    def disputed(self) -> bool:
        return self.decision != "certified"


@dataclass(frozen=True)
class Spec:
    """One synthetic case file and the facts its records hold."""

    case_id: str
    age: int
    injury_date: str  # MM/DD/YYYY as the records write it
    mechanism: str
    region: str
    diagnoses: tuple[str, ...]
    treatment: str
    findings: str
    pain: int
    items: tuple[Item, ...]
    ur_date: str
    ur_layout: str = "labelled"  # "labelled" or "narrative"
    imaging: tuple[str, str] | None = None  # (exam, impression)
    operative: str | None = None
    pages: int = 30
    has_ur: bool = True
    two_column: bool = False
    scanned: bool = False


OPIOIDS = "MTUS Chronic Pain Medical Treatment Guidelines, Opioids, pages 74-96"
MUSCLE = "MTUS Chronic Pain Medical Treatment Guidelines, Muscle relaxants, pages 63-66"
LUMBAR_MRI = "MTUS ACOEM Practice Guidelines, Chapter 12 Low Back Complaints, pages 303-304"
PT = "MTUS Chronic Pain Medical Treatment Guidelines, Physical Medicine, pages 98-99"
NEURO = "MTUS Chronic Pain Medical Treatment Guidelines, Anti-epilepsy drugs, pages 16-22"
TOPICAL = "MTUS Chronic Pain Medical Treatment Guidelines, Topical analgesics, pages 111-113"
SHOULDER = "MTUS ACOEM Practice Guidelines, Chapter 9 Shoulder Complaints, pages 209-211"
KNEE = "ODG Knee and Leg Chapter, Arthroscopic surgery for osteoarthritis"
ESI = "MTUS Chronic Pain Medical Treatment Guidelines, Epidural steroid injections, page 46"
NSAID = "MTUS Chronic Pain Medical Treatment Guidelines, NSAIDs, pages 67-73"
PPI = "MTUS Chronic Pain Medical Treatment Guidelines, NSAIDs GI symptoms, pages 68-69"
CERVICAL_MRI = "MTUS ACOEM Practice Guidelines, Chapter 8 Neck and Upper Back, pages 177-179"

SPECS: tuple[Spec, ...] = (
    Spec(
        case_id="SYN-INTAKE-01",
        age=47,
        injury_date="03/14/2021",
        mechanism="lifting a 60-pound box",
        region="low back",
        diagnoses=("Lumbar radiculopathy", "Disc protrusion at L4-5"),
        treatment="physical therapy (24 sessions), chiropractic care and medications",
        findings="Straight leg raise is positive on the left at 45 degrees",
        pain=7,
        items=(
            Item("Norco 10/325 mg #90", "non-certified", OPIOIDS),
            Item("MRI of the lumbar spine without contrast", "non-certified", LUMBAR_MRI),
        ),
        ur_date="03/05/2024",
        imaging=(
            "MRI of the lumbar spine without contrast",
            "4 mm disc protrusion at L4-5 with mild left foraminal narrowing",
        ),
        pages=40,
        two_column=True,
        scanned=True,
    ),
    Spec(
        case_id="SYN-INTAKE-02",
        age=52,
        injury_date="08/02/2019",
        mechanism="a fall from a ladder",
        region="right shoulder",
        diagnoses=("Right shoulder impingement syndrome", "Partial rotator cuff tear"),
        treatment="physical therapy (18 sessions), a subacromial injection and medications",
        findings="Abduction of the right shoulder is limited to 110 degrees",
        pain=6,
        items=(Item("Physical therapy 12 sessions for the right shoulder", "modified", PT),),
        ur_date="11/18/2023",
        ur_layout="narrative",
        operative="Right shoulder arthroscopy with subacromial decompression",
        pages=25,
    ),
    Spec(
        case_id="SYN-INTAKE-03",
        age=38,
        injury_date="01/09/2022",
        mechanism="a motor vehicle collision",
        region="neck",
        diagnoses=("Cervical strain", "Cervical radiculitis"),
        treatment="physical therapy (12 sessions), acupuncture (6 sessions) and medications",
        findings="Spurling's test is positive on the right",
        pain=5,
        items=(
            Item("MRI of the cervical spine", "non-certified", CERVICAL_MRI),
            Item("Cyclobenzaprine 7.5 mg #60", "non-certified", MUSCLE),
            Item("Naproxen 550 mg #60", "certified", NSAID),
        ),
        ur_date="06/21/2023",
        pages=60,
        scanned=True,
    ),
    Spec(
        case_id="SYN-INTAKE-04",
        age=61,
        injury_date="05/27/2018",
        mechanism="kneeling repeatedly on a concrete floor",
        region="left knee",
        diagnoses=("Left knee osteoarthritis", "Medial meniscus tear"),
        treatment="physical therapy (20 sessions), two corticosteroid injections and bracing",
        findings="There is medial joint line tenderness of the left knee",
        pain=8,
        items=(
            Item("Left knee arthroscopy with partial medial meniscectomy", "non-certified", KNEE),
        ),
        ur_date="09/30/2022",
        ur_layout="narrative",
        imaging=(
            "MRI of the left knee",
            "Complex tear of the posterior horn of the medial meniscus with moderate arthrosis",
        ),
        pages=150,
        two_column=True,
    ),
    Spec(
        case_id="SYN-INTAKE-05",
        age=44,
        injury_date="10/11/2020",
        mechanism="pushing a loaded cart",
        region="low back",
        diagnoses=("Lumbar radiculopathy", "Chronic pain syndrome"),
        treatment="physical therapy (30 sessions), a lumbar epidural steroid injection and "
        "medications",
        findings="Sensation is decreased in the left L5 dermatome",
        pain=7,
        items=(
            Item("Gabapentin 600 mg #90", "certified", NEURO),
            Item("Lumbar epidural steroid injection at L5-S1", "non-certified", ESI),
            Item("Tramadol ER 150 mg #30", "modified", OPIOIDS),
        ),
        ur_date="02/14/2024",
        imaging=(
            "MRI of the lumbar spine",
            "5 mm disc extrusion at L5-S1 contacting the left S1 nerve root",
        ),
        pages=80,
        scanned=True,
    ),
    Spec(
        case_id="SYN-INTAKE-06",
        age=35,
        injury_date="07/19/2022",
        mechanism="repetitive keyboard work",
        region="right wrist",
        diagnoses=("Right carpal tunnel syndrome",),
        treatment="wrist splinting, occupational therapy (8 sessions) and medications",
        findings="Phalen's test is positive on the right",
        pain=4,
        items=(Item("Lidocaine 5% patch #30", "non-certified", TOPICAL),),
        ur_date="04/03/2023",
        ur_layout="narrative",
        pages=20,
    ),
    Spec(
        case_id="SYN-INTAKE-07",
        age=56,
        injury_date="12/01/2017",
        mechanism="a slip on a wet floor",
        region="low back",
        diagnoses=("Lumbar degenerative disc disease", "Lumbar facet arthropathy"),
        treatment="physical therapy (36 sessions), facet injections and medications",
        findings="Lumbar extension reproduces axial pain",
        pain=6,
        items=(
            Item("Oxycodone 10 mg #120", "non-certified", OPIOIDS),
            Item("Omeprazole 20 mg #30", "non-certified", PPI),
        ),
        ur_date="01/12/2024",
        pages=110,
        two_column=True,
    ),
    Spec(
        case_id="SYN-INTAKE-08",
        age=49,
        injury_date="04/22/2021",
        mechanism="a crush injury from a pallet",
        region="left foot",
        diagnoses=("Left foot crush injury", "Complex regional pain syndrome"),
        treatment="physical therapy (16 sessions), a sympathetic block and medications",
        findings="The left foot shows allodynia and color change",
        pain=9,
        items=(
            Item("Pregabalin 75 mg #60", "modified", NEURO),
            Item("Physical therapy 8 sessions for the left foot", "non-certified", PT),
        ),
        ur_date="07/07/2023",
        ur_layout="narrative",
        pages=45,
    ),
    Spec(
        case_id="SYN-INTAKE-09",
        age=41,
        injury_date="02/03/2023",
        mechanism="lifting a patient transfer board",
        region="low back",
        diagnoses=("Lumbar strain",),
        treatment="physical therapy (6 sessions) and medications",
        findings="Paraspinal muscle spasm is present",
        pain=5,
        items=(Item("Physical therapy 12 sessions for the lumbar spine", "non-certified", PT),),
        ur_date="05/30/2023",
        pages=22,
        has_ur=False,
    ),
    Spec(
        case_id="SYN-INTAKE-10",
        age=59,
        injury_date="09/15/2016",
        mechanism="cumulative trauma from overhead work",
        region="right shoulder",
        diagnoses=("Right rotator cuff tendinopathy", "Adhesive capsulitis"),
        treatment="physical therapy (40 sessions), injections and a home exercise program",
        findings="External rotation of the right shoulder is limited to 30 degrees",
        pain=6,
        items=(
            Item("MRI arthrogram of the right shoulder", "non-certified", SHOULDER),
            Item("Meloxicam 15 mg #30", "certified", NSAID),
            Item("Cyclobenzaprine 10 mg #30", "non-certified", MUSCLE),
            Item("Norco 5/325 mg #60", "modified", OPIOIDS),
        ),
        ur_date="10/25/2022",
        imaging=("X-ray of the right shoulder", "Mild acromioclavicular joint arthrosis"),
        pages=130,
        scanned=True,
    ),
    Spec(
        case_id="SYN-INTAKE-11",
        age=33,
        injury_date="06/06/2022",
        mechanism="a fall down stairs",
        region="right knee",
        diagnoses=("Right knee anterior cruciate ligament tear",),
        treatment="an anterior cruciate ligament reconstruction and post-operative therapy",
        findings="Lachman's test is negative after reconstruction",
        pain=3,
        items=(Item("Physical therapy 24 sessions for the right knee", "modified", PT),),
        ur_date="03/02/2023",
        ur_layout="narrative",
        operative="Right knee anterior cruciate ligament reconstruction with patellar tendon graft",
        pages=35,
    ),
    Spec(
        case_id="SYN-INTAKE-12",
        age=50,
        injury_date="11/30/2019",
        mechanism="lifting a 45-pound bag",
        region="neck",
        diagnoses=("Cervical radiculopathy", "Disc herniation at C5-6"),
        treatment="physical therapy (24 sessions), a cervical epidural steroid injection and "
        "medications",
        findings="Grip strength is reduced on the left",
        pain=7,
        items=(
            Item("Cervical epidural steroid injection at C5-6", "non-certified", ESI),
            Item("Tramadol 50 mg #60", "non-certified", OPIOIDS),
        ),
        ur_date="08/08/2023",
        imaging=("MRI of the cervical spine", "3 mm disc herniation at C5-6 abutting the cord"),
        pages=70,
        two_column=True,
    ),
)
