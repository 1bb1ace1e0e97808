"""ODG chapters, and splitting the words after an ODG citation's name into chapter and topic.

Letters cite the Official Disability Guidelines in many shapes: `Low Back, traction`,
`Pain Section/Capsaicin Topic`, `Pain Chapter (Online Version) Tramadol`, `Elbow chapter - MRI`,
`Knee & Leg (updated 1/2/15) Chapter: Canes`, `Arthroscopy knee`, a chapter alone, one of ODG's
guideline sets (`Physical Therapy Guidelines`), or nothing. `split_odg` reads each into the
chapter's canonical title (`ODG_CHAPTERS`, the titles the corpus front matter uses) and the cited
topic, with the words that only locate the place dropped: "chapter", "section", "topic", "ODG",
"(Acute & Chronic)", "(Chronic)", "(updated ...)", "(Online version)", edition, publisher and
year notes before the chapter's name, and separators at either end.

- The chapter named first wins; the topic is what follows it ("Low Back Chapter, Heat therapy":
  Low Back, "Heat therapy"). A chapter named after other words is still the chapter, and the
  whole phrase stays the topic, since those words read together ("Arthroscopy knee").
- A chapter alone gives no topic; a phrase naming no chapter gives no chapter and the whole
  phrase as the topic.
- The house style (`<canonical chapter>; <topic>`, or `; <topic>` without a chapter) is read
  exactly as written, so a formatted citation reads back to the same fields.
"""

from __future__ import annotations

import re
from typing import NamedTuple

LOW_BACK = "Low Back - Lumbar & Thoracic (Acute & Chronic)"
NECK = "Neck and Upper Back (Acute & Chronic)"
SHOULDER = "Shoulder (Acute & Chronic)"
ELBOW = "Elbow (Acute & Chronic)"
FOREARM = "Forearm, Wrist, & Hand (Acute & Chronic)"
CARPAL_TUNNEL = "Carpal Tunnel Syndrome (Acute & Chronic)"
HIP = "Hip & Pelvis (Acute & Chronic)"
KNEE = "Knee & Leg (Acute & Chronic)"
ANKLE = "Ankle & Foot (Acute & Chronic)"
PAIN = "Pain (Chronic)"
HEAD = "Head"
MENTAL = "Mental Illness & Stress"
FITNESS = "Fitness For Duty"
HERNIA = "Hernia (Acute & Chronic)"
DIABETES = "Diabetes (Type 1, 2, and Gestational)"
INTEGRATED = "Integrated Treatment/Disability Duration Guidelines"
WORKERS_COMP = "Treatment in Workers' Comp"
PREFACE = "Preface"
PHYSICAL_THERAPY = "Physical Therapy Guidelines"
CHIROPRACTIC = "Chiropractic Guidelines"
PHYSICAL_MEDICINE = "Physical Medicine Guidelines"

_AND = r"\s*(?:&|and)\s*"
_CHAPTER_NAMES: dict[str, str] = {
    LOW_BACK: rf"low\s*back(?:\s*[-–,]?\s*(?:lumbar{_AND}thoracic|lumbar|(?:&|and)\s*thoracic))?"
    rf"|lumbar{_AND}thoracic",
    NECK: rf"neck(?:{_AND}upper\s+back)?",
    SHOULDER: r"shoulders?",
    ELBOW: r"elbows?",
    FOREARM: r"forearm(?:\W+wrist(?:\W+(?:and\W+)?hand)?)?|wrist(?:\W+(?:and\W+)?hand)?|hands?",
    CARPAL_TUNNEL: r"carpal\s+tunnel\s+syndrome",
    HIP: rf"hips?(?:{_AND}pelvis)?",
    KNEE: rf"knees?(?:{_AND}legs?)?",
    ANKLE: rf"ankles?(?:{_AND}feet|{_AND}foot)?|foot{_AND}ankle",
    PAIN: r"(?:chronic\s+)?pain",
    HEAD: r"head(?:\s*\(\s*trauma[^()]*\))?",
    MENTAL: rf"mental\s+illness(?:{_AND}stress)?",
    FITNESS: r"fitness\s+for\s+duty",
    HERNIA: r"hernias?",
    DIABETES: r"diabetes(?:\s*\(\s*type[^()]*\))?",
    INTEGRATED: r"integrated\s+treatment(?:\s*/\s*disability\s+duration)?(?:\s+guidelines?)?"
    r"|disability\s+duration\s+guidelines?",
    WORKERS_COMP: r"treatment\s+in\s+workers['’]?\s*comp(?:ensation)?(?:\s*\(\s*twc\s*\))?",
    PREFACE: r"preface",
    PHYSICAL_THERAPY: r"physical\s+therapy\s+guidelines?",
    CHIROPRACTIC: r"chiropractic\s+guidelines?",
    PHYSICAL_MEDICINE: r"physical\s+medicine\s+guidelines?",
}
ODG_CHAPTERS: tuple[str, ...] = tuple(_CHAPTER_NAMES)
"""ODG's body-part and other chapters, and its named guideline sets, by canonical title."""

_CHAPTER_PATTERNS = tuple(
    (title, re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])", re.IGNORECASE))
    for title, pattern in _CHAPTER_NAMES.items()
)
_NOISE = re.compile(
    r"\(\s*updated\b[^()]*\)|\(\s*online\s+version\s*\)|\((?:\s*acute\s*(?:&|and)\s*)?chronic\s*\)"
    r"|\b(?:odg|chapters?|sections?|topic)\b",
    re.IGNORECASE,
)
_LEAD_NOISE = re.compile(
    r"\bwork\s+loss\s+data\s+institute\b|\b[0-9]{1,2}(?:st|nd|rd|th)\s+(?:annual\s+)?edition\b"
    r"|\b(?:guidelines?|the|(?:19|20)[0-9]{2})\b",
    re.IGNORECASE,
)
"""Words that may come before the chapter's name without being part of the topic."""
_HOUSE = re.compile(
    r"^[\s:]*(" + "|".join(re.escape(title) for title in ODG_CHAPTERS) + r")\s*;(.*)$", re.DOTALL
)
_EDGES = " .,;:-–—/"
_HOUSE_EDGES = " .,;:-–—"
_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)
_SPACE_BEFORE_MARK = re.compile(r"\s+([,;:])")
_REPEATED_MARK = re.compile(r"([,;:])(?:\s*[,;:])+")
_GUIDELINES_ALONE = re.compile(r"^guidelines?$", re.IGNORECASE)


class OdgPlace(NamedTuple):
    """Where an ODG citation points: the canonical chapter title and the topic, each optional."""

    chapter_title: str | None
    topic: str | None


def _tidy(text: str) -> str | None:
    text = " ".join(text.split())
    text = _REPEATED_MARK.sub(r"\1", _SPACE_BEFORE_MARK.sub(r"\1", text))
    previous = None
    while previous != text:
        previous = text
        text = _LEADING_AND.sub("", text.strip(_EDGES))
        text = _unwrapped(text)
    return None if not text or _GUIDELINES_ALONE.match(text) else text


def _unwrapped(text: str) -> str:
    """The text without parentheses around the whole of it: "(Traction)" -> "Traction"."""
    if not (text.startswith("(") and text.endswith(")")):
        return text
    depth = 0
    for position, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return text[1:-1].strip() if position == len(text) - 1 else text
    return text


def _exact(text: str) -> str | None:
    """A house-style field as written, only trimmed."""
    return " ".join(text.split()).strip(_HOUSE_EDGES) or None


def _first_chapter(text: str) -> tuple[str, re.Match[str]] | None:
    found = [
        (match, title) for title, pattern in _CHAPTER_PATTERNS if (match := pattern.search(text))
    ]
    if not found:
        return None
    match, title = min(found, key=lambda pair: (pair[0].start(), -len(pair[0].group(0))))
    return title, match


def _only_noise(text: str) -> bool:
    return not any(char.isalnum() for char in _LEAD_NOISE.sub(" ", text))


def split_odg(text: str) -> OdgPlace:
    """The chapter and topic of an ODG citation, from the words after the guideline's name."""
    house = _HOUSE.match(text)
    if house:
        return OdgPlace(house.group(1), _exact(house.group(2)))
    if text.lstrip().startswith(";"):
        return OdgPlace(None, _exact(text))
    cleaned = " ".join(_NOISE.sub(" ", text).split())
    found = _first_chapter(cleaned)
    if found is None:
        return OdgPlace(None, _tidy(cleaned))
    title, match = found
    before = cleaned[: match.start()]
    if _only_noise(before):
        return OdgPlace(title, _tidy(cleaned[match.end() :]))
    return OdgPlace(title, _tidy(cleaned))
