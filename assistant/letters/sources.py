"""The one vocabulary of guideline sources: families, their names, ACOEM chapters and editions.

Letters, the corpus, retrieval, drafting and evaluation all name a guideline family with
`GuidelineSource`; its value is the short code topic files, chunk metadata and filters store
(`acoem`, `cpmtg`, ...).
"""

from __future__ import annotations

from enum import StrEnum


class GuidelineSource(StrEnum):
    """Guideline families a determination can cite."""

    ACOEM = "acoem"
    CPMTG = "cpmtg"
    OPIOIDS = "opioids"
    ACUPUNCTURE = "acupuncture"
    POSTSURGICAL = "postsurgical"
    ODG = "odg"
    OTHER = "other"
    NONE = "none"

    @property
    def is_mtus(self) -> bool:
        """Part of the MTUS (ODG, other sources and "no evidence cited" are not)."""
        return self in _MTUS

    @property
    def label(self) -> str:
        """The family's name as a reader would say it."""
        return _LABELS[self]


_MTUS = frozenset(
    {
        GuidelineSource.ACOEM,
        GuidelineSource.CPMTG,
        GuidelineSource.OPIOIDS,
        GuidelineSource.ACUPUNCTURE,
        GuidelineSource.POSTSURGICAL,
    }
)

_LABELS = {
    GuidelineSource.ACOEM: "MTUS ACOEM",
    GuidelineSource.CPMTG: "MTUS Chronic Pain Medical Treatment Guidelines",
    GuidelineSource.OPIOIDS: "MTUS Opioids Treatment Guidelines",
    GuidelineSource.ACUPUNCTURE: "MTUS Acupuncture Medical Treatment Guidelines",
    GuidelineSource.POSTSURGICAL: "MTUS Postsurgical Treatment Guidelines",
    GuidelineSource.ODG: "Non-MTUS ODG",
    GuidelineSource.OTHER: "Other",
    GuidelineSource.NONE: "No medical evidence cited",
}


def is_mtus(code: str) -> bool:
    """Whether a family code (`acoem`, `odg`, ...) names part of the MTUS; unknown codes do not."""
    try:
        return GuidelineSource(code).is_mtus
    except ValueError:
        return False


ACOEM_CHAPTERS: dict[int, str] = {
    1: "Prevention",
    2: "General Approach to Initial Assessment and Documentation",
    3: "Initial Approaches to Treatment",
    4: "Work-Relatedness",
    5: "Cornerstones of Disability Prevention and Management",
    6: "Pain, Suffering, and the Restoration of Function",
    7: "Independent Medical Examinations and Consultations",
    8: "Neck and Upper Back Complaints",
    9: "Shoulder Complaints",
    10: "Elbow Complaints",
    11: "Forearm, Wrist, and Hand Complaints",
    12: "Low Back Complaints",
    13: "Knee Complaints",
    14: "Ankle and Foot Complaints",
    15: "Stress-Related Conditions",
}
"""The chapters of the ACOEM Practice Guidelines, 2nd edition, as the MTUS adopted them."""

GENERAL_APPROACHES = "General Approaches"
"""How 2016-17 letters name ACOEM chapters 1-7 together; the chapter is then the cited section."""
LAST_GENERAL_CHAPTER = 7

ACOEM_EDITION = 2004
ELBOW_CHAPTER = 10
ELBOW_EDITION = 2007

SECTION_EDITIONS: dict[GuidelineSource, int] = {
    GuidelineSource.CPMTG: 2016,
    GuidelineSource.OPIOIDS: 2016,
    GuidelineSource.ACUPUNCTURE: 2007,
    GuidelineSource.POSTSURGICAL: 2009,
}
"""The edition year a 2016-17 letter gives each non-ACOEM MTUS guideline."""

SECTION_TITLES: dict[GuidelineSource, str] = {
    GuidelineSource.CPMTG: "Chronic Pain Medical Treatment",
    GuidelineSource.OPIOIDS: "Opioid Treatment",
    GuidelineSource.ACUPUNCTURE: "Acupuncture Treatment",
    GuidelineSource.POSTSURGICAL: "Postsurgical Treatment",
}
"""How 2016-17 letters name each non-ACOEM MTUS guideline ("MTUS <title> <year>")."""


def acoem_book(chapter: int) -> tuple[str, int]:
    """The name and edition year a 2016-17 letter gives an ACOEM chapter."""
    title = GENERAL_APPROACHES if chapter <= LAST_GENERAL_CHAPTER else ACOEM_CHAPTERS[chapter]
    return title, ELBOW_EDITION if chapter == ELBOW_CHAPTER else ACOEM_EDITION


def acoem_chapter_number(title: str) -> int | None:
    """The chapter number of an ACOEM chapter title (any case and punctuation), or None."""
    wanted = _title_key(title)
    return next(
        (number for number, name in ACOEM_CHAPTERS.items() if _title_key(name) == wanted), None
    )


def _title_key(title: str) -> str:
    words = "".join(char if char.isalnum() else " " for char in title.lower()).split()
    return " ".join(word for word in words if word != "and")
