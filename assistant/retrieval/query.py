"""The search text of a request: its abbreviations followed by the words the corpus uses.

Item titles abbreviate ("PT 2x6 lumbar spine", "ESI L4-5", "EMG/NCS RUE") where the guideline
text spells the words out. The dense and lexical rankings read the title with the long form of
each known abbreviation written after it ("PT" -> "PT physical therapy"), once each, and not
where the title already spells it out. Alias matching reads the title as written.
"""

from __future__ import annotations

import re

ABBREVIATIONS: dict[str, str] = {
    "pt": "physical therapy",
    "ot": "occupational therapy",
    "esi": "epidural steroid injection",
    "emg": "electromyography",
    "ncv": "nerve conduction studies",
    "ncs": "nerve conduction studies",
    "tens": "transcutaneous electrical nerve stimulation",
    "mri": "magnetic resonance imaging",
    "ct": "computed tomography",
    "dme": "durable medical equipment",
    "tpi": "trigger point injections",
    "rfa": "radiofrequency ablation neurotomy",
    "prp": "platelet-rich plasma",
    "uds": "urine drug screen",
    "udt": "urine drug testing",
    "fce": "functional capacity evaluation",
    "frp": "functional restoration program",
    "eswt": "extracorporeal shockwave therapy",
    "ekg": "electrocardiogram",
    "ecg": "electrocardiogram",
    "nsaid": "anti-inflammatory",
    "nsaids": "anti-inflammatory",
    "ppi": "proton pump inhibitor",
    "x-ray": "radiographs",
    "x-rays": "radiographs",
    "xray": "radiographs",
    "xrays": "radiographs",
    "pre-op": "preoperative",
    "preop": "preoperative",
    "post-op": "postoperative",
    "postop": "postoperative",
}
CAPITALS_ONLY = frozenset({"pt", "ot", "ct", "tens"})
"""Abbreviations that are ordinary words in lower case ("pt" for patient, "tens of")."""
_ABBREVIATION = re.compile(
    r"(?<![\w-])("
    + "|".join(
        re.escape(short.upper()) if short in CAPITALS_ONLY else f"(?i:{re.escape(short)})"
        for short in ABBREVIATIONS
    )
    + r")(?![\w-])"
)


def expand_abbreviations(text: str) -> str:
    """The text with each known abbreviation followed by its long form, written once each and
    not where the text already holds it."""
    written: set[str] = set()

    def spell(match: re.Match[str]) -> str:
        long_form = ABBREVIATIONS[match.group(1).lower()]
        if long_form in written or long_form in text.lower():
            return match.group(0)
        written.add(long_form)
        return f"{match.group(0)} {long_form}"

    return _ABBREVIATION.sub(spell, text)
