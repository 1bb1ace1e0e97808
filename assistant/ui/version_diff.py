"""What reverting would change: a past version's text against the current one, word by word."""

from __future__ import annotations

import difflib
import html


def word_diff_html(current: str, past: str) -> str:
    """The current text turned into the past one, as HTML: words reverting removes struck out in
    red, words it brings back underlined in green, the rest as it is."""
    old, new = current.split(), past.split()
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
