"""Text from files, made safe to put on a terminal.

The reader already removes control characters, but the UI does not rely on it: every string
that came from a file passes through :func:`clean` before it is drawn, so no escape sequence,
bell or bidi override reaches the terminal whatever the issue object holds.
"""

from __future__ import annotations

_DROP = [
    *range(0x00, 0x09),  # C0 controls except tab and newline
    *range(0x0B, 0x20),
    0x7F,  # DEL
    *range(0x80, 0xA0),  # C1 controls (0x9B is a one-byte CSI)
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2066, 0x206A),  # bidi isolates
]
_TABLE = dict.fromkeys(_DROP)


def clean(text: str) -> str:
    """``text`` without terminal control characters (newline and tab are kept)."""
    return text.translate(_TABLE)
