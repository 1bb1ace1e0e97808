"""Swapping identifiers for placeholders and back.

Every value found is replaced wherever it occurs, also where no cue stands before it, and a
two-word name's surname is replaced on its own too. Text already shaped like a placeholder is
itself replaced, so `restore(*pseudonymize(text)) == text` for any text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.privacy.detect import find_identifiers
from assistant.privacy.models import PLACEHOLDER, IdentifierKind, PlaceholderMap

_MIN_SURNAME = 3


def _values(texts: Iterable[str]) -> dict[str, IdentifierKind]:
    found: dict[str, IdentifierKind] = {}
    for text in texts:
        for span in find_identifiers(text):
            found.setdefault(span.text, span.kind)
            words = span.text.split()
            surname = words[-1] if len(words) > 1 else ""
            if span.kind is IdentifierKind.PERSON and len(surname) >= _MIN_SURNAME:
                found.setdefault(surname, IdentifierKind.PERSON)
    return found


def _pattern(values: Iterable[str]) -> re.Pattern[str]:
    alternatives = [PLACEHOLDER.pattern] + [
        rf"(?<!\w){re.escape(value)}(?!\w)" for value in sorted(values, key=len, reverse=True)
    ]
    return re.compile("|".join(f"(?:{alternative})" for alternative in alternatives))


def pseudonymize_all(
    texts: list[str], mapping: PlaceholderMap | None = None
) -> tuple[list[str], PlaceholderMap]:
    """The texts with their identifiers replaced, sharing one map (extended when given)."""
    mapping = mapping if mapping is not None else PlaceholderMap()
    values = _values(texts)
    pattern = _pattern(values)

    def replace(match: re.Match[str]) -> str:
        text = match.group()
        shaped = PLACEHOLDER.fullmatch(text)
        kind = IdentifierKind(shaped.group(1)) if shaped else values[text]
        return mapping.placeholder_for(kind, text)

    return [pattern.sub(replace, text) for text in texts], mapping


def pseudonymize(text: str, mapping: PlaceholderMap | None = None) -> tuple[str, PlaceholderMap]:
    """One text with its identifiers replaced, and the map that restores them."""
    (replaced,), used = pseudonymize_all([text], mapping)
    return replaced, used


def restore(text: str, mapping: PlaceholderMap) -> str:
    """Placeholders of `mapping` put back to what they stood for; others are left as they are."""
    if not mapping:
        return text
    return PLACEHOLDER.sub(lambda match: mapping.originals.get(match.group(), match.group()), text)
