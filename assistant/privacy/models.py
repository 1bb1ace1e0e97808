"""Identifier spans found in text, and the reversible map from placeholders to what they hide."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class IdentifierKind(StrEnum):
    """What an identifier is; its value names the placeholder (`[PERSON_1]`)."""

    PERSON = "PERSON"
    CLAIM = "CLAIM"
    CASE = "CASE"
    DOB = "DOB"
    ADDRESS = "ADDRESS"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    SSN = "SSN"


#: Anything shaped like a placeholder, ours or one already in the text.
PLACEHOLDER = re.compile(r"\[(" + "|".join(kind.value for kind in IdentifierKind) + r")_(\d+)\]")


class Span(BaseModel):
    """One identifier in a text: where it is (`text[start:end]`) and what kind it is."""

    model_config = ConfigDict(frozen=True)

    kind: IdentifierKind
    start: int = Field(ge=0)
    end: int
    text: str


class PlaceholderMap(BaseModel):
    """Placeholders and the text each stands for; one value always gets the same placeholder."""

    originals: dict[str, str] = Field(default_factory=dict)

    def placeholder_for(self, kind: IdentifierKind, value: str) -> str:
        for placeholder, original in self.originals.items():
            if original == value and placeholder.startswith(f"[{kind.value}_"):
                return placeholder
        number = 1 + sum(1 for key in self.originals if key.startswith(f"[{kind.value}_"))
        placeholder = f"[{kind.value}_{number}]"
        while placeholder in self.originals:
            number += 1
            placeholder = f"[{kind.value}_{number}]"
        self.originals[placeholder] = value
        return placeholder

    def __bool__(self) -> bool:
        return bool(self.originals)
