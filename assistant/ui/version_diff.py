"""Two texts compared word by word: what reverting to a past version would change, and what
using a chat answer as the rationale would change."""

from __future__ import annotations

import difflib
import html


def word_diff_html(before: str, after: str) -> str:
    """`before` turned into `after`, as HTML: words the change removes struck out in red, words
    it brings in underlined in green, the rest as it is."""
    old, new = before.split(), after.split()
    pieces: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, low_a, high_a, low_b, high_b in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(html.escape(" ".join(old[low_a:high_a])))
            continue
        if high_a > low_a:
            removed = html.escape(" ".join(old[low_a:high_a]))
            pieces.append(f'<del style="color:#b42318">{removed}</del>')
        if high_b > low_b:
            added = html.escape(" ".join(new[low_b:high_b]))
            pieces.append(f'<ins style="color:#067647">{added}</ins>')
    return " ".join(pieces)
