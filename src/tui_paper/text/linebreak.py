"""Line breaking for Chinese text in terminal cells (placeholder: hard wrap by cell width)."""

from __future__ import annotations

import unicodedata


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text`` (wide/full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def break_lines(text: str, width: int) -> list[str]:
    """Split one paragraph into lines of at most ``width`` cells."""
    lines: list[str] = []
    cur = ""
    cur_w = 0
    for ch in text:
        w = cell_width(ch)
        if cur and cur_w + w > width:
            lines.append(cur)
            cur, cur_w = "", 0
        cur += ch
        cur_w += w
    if cur or not lines:
        lines.append(cur)
    return lines
