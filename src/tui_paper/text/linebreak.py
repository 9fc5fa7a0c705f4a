"""Line breaking for Chinese text measured in terminal cells.

Textual wraps only at spaces, so a line may start with ``。`` and ``2024`` may split into
``202``/``4``.  The article view therefore breaks paragraphs itself with :func:`break_lines`.

Rules (a light form of the Chinese/Japanese *kinsoku* rules):

* A break may fall between any two CJK characters, between CJK and Latin text, and at ASCII
  spaces.  Spaces at a break are dropped (they never end or start a line).
* No line starts with closing punctuation (``。，、；：？！”’）》」』】…`` and their half-width
  forms ``. , ; : ? ! ) ] }``, ``%``, dashes and the ellipsis), and none ends with opening
  punctuation (``“‘（《「『【 ( [ {``).
* A run of ASCII letters, digits and ASCII punctuation (``2024``, ``1.5``, ``30%``, ``AI``,
  ``5G``, ``iPhone``, URLs), optionally joined by a dash between alphanumerics (``1—2``), is
  never split unless it alone is wider than a line; then it is split hard.

Hanging punctuation is *not* used: every returned line is at most ``width`` cells.  When a
closing mark would overflow, the break moves back to the last allowed position, which pushes
the preceding CJK character down together with the mark (``…来。`` becomes ``…`` / ``来。``).
When no allowed break exists inside a line (a glued run wider than the line), the rules are
relaxed step by step: first a break that only violates the punctuation rules, then a hard
break anywhere, so the breaker always terminates and never loses a character.

The module is part of the UI-free core: no Textual or Rich imports.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

__all__ = ["CLOSING", "OPENING", "break_lines", "cell_width", "wrap_paragraphs"]

#: Characters that must not start a line (closing marks, postfix symbols, dashes, ellipsis).
CLOSING = "。，、；：？！”’）》〉」』】〕〗〙〛｝］…‥・·％‰℃°′″〞〟｠｡､—–～―－.,;:?!)]}%"
#: Characters that must not end a line (opening marks).
OPENING = "“‘（《〈「『【〔〖〘〚｛［〝｟([{"

# Zero-width code points that the Unicode category does not reveal: Hangul medial vowels and
# final consonants (they combine with the preceding initial), Hangul fillers and the emoji
# skin-tone modifiers (they join the emoji before them).
_ZERO_WIDTH_RANGES = (
    (0x1160, 0x11FF),
    (0xD7B0, 0xD7FF),
    (0x3164, 0x3164),
    (0xFFA0, 0xFFA0),
    (0x1F3FB, 0x1F3FF),
)
# Unassigned code points in these ranges are reserved for ideographs: wide by default (UAX #11).
_WIDE_RESERVED_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
)


def _in_ranges(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def _char_width(ch: str) -> int:
    """Cells of one code point, matching what Rich (and so Textual) paints."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0  # control characters take no cell (the view strips them anyway)
    if code == 0xAD:
        return 1  # the soft hyphen is drawn as a hyphen by terminals
    category = unicodedata.category(ch)
    if category == "Cn":  # unassigned in this Python's Unicode version
        if 0xE0000 <= code <= 0xE0FFF:
            return 0  # reserved default-ignorable (tags, variation selectors)
        return 2 if _in_ranges(code, _WIDE_RESERVED_RANGES) else 1
    # Marks (incl. spacing marks, which terminals draw on the base cell), format characters
    # and line/paragraph separators take no cell.
    if category in ("Mn", "Me", "Mc", "Cf", "Zl", "Zp") or _in_ranges(code, _ZERO_WIDTH_RANGES):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


class _WidthTable(dict[str, int]):
    """Per-character width cache: ``unicodedata`` is asked once per distinct character."""

    def __missing__(self, ch: str) -> int:
        width = _char_width(ch)
        self[ch] = width
        return width


_WIDTHS = _WidthTable((chr(c), 1) for c in range(0x20, 0x7F))
# ``map`` over the bound method runs the lookup loop in C; misses fall through to __missing__.
_width_of = _WIDTHS.__getitem__


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text``.

    East Asian Wide and Fullwidth characters take two cells, combining marks, zero-width and
    control characters none, everything else one (East Asian Ambiguous characters such as
    ``…`` and ``“`` count one, as Rich and most terminals draw them).
    """
    if text.isascii() and text.isprintable():
        return len(text)  # fast path: printable ASCII is one cell per character
    return sum(map(_width_of, text))


# --- break opportunities -------------------------------------------------------------------

# Letters and digits of alphabetic scripts (not CJK, which may break anywhere), ASCII
# punctuation included so URLs, "30%", "1.5", "C++" and "e-mail" stay whole.
_WORD_CHAR = "!-~\u00a0-\u024f\u0370-\u03ff\u0400-\u04ff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
_WORD_ALNUM = (
    "0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
)
# A word is a run of word characters; a dash or tilde between two alphanumerics joins two
# runs ("1—2", "1～2") because a range must not be split either.
_WORD_RE = re.compile(
    f"[{_WORD_CHAR}]+(?:(?<=[{_WORD_ALNUM}])[—–～](?=[{_WORD_ALNUM}])[{_WORD_CHAR}]+)*"
)
_CLOSING_CLASS = re.escape(CLOSING)
_OPENING_CLASS = re.escape(OPENING)
# A closing run, with the spaces in front of it: no break before any of them.
_NO_BREAK_BEFORE_RE = re.compile(f" *[{_CLOSING_CLASS}]+")
# An opening run, with the spaces after it: no break after any of them.
_NO_BREAK_AFTER_RE = re.compile(f"[{_OPENING_CLASS}]+ *")
# Zero-width characters stay with the character before them; the joiners glue both sides.
_GLUE_RE = re.compile("[\u00a0\u200d\u2060\ufeff]")


def _break_tables(text: str, widths: list[int]) -> tuple[bytearray, bytearray]:
    """Return ``(preferred, fallback)``: byte ``i`` is 1 when a line may start at ``text[i]``.

    ``preferred`` obeys every rule; ``fallback`` only keeps words and combining sequences
    whole (used when a glued punctuation run is wider than a line).  Index ``len(text)`` is
    always 1.
    """
    n = len(text)
    fallback = bytearray(b"\x01") * (n + 1)
    fallback[0] = 0
    for m in _WORD_RE.finditer(text):
        start, end = m.span()
        if end - start > 1:
            fallback[start + 1 : end] = bytes(end - start - 1)
    for m in _GLUE_RE.finditer(text):
        start = m.start()
        fallback[start] = 0
        fallback[start + 1] = 0
    if 0 in widths:  # rare: combining marks and zero-width characters
        for i, w in enumerate(widths):
            if w == 0 and i:
                fallback[i] = 0
    preferred = bytearray(fallback)
    for m in _NO_BREAK_BEFORE_RE.finditer(text):
        start, end = m.span()
        preferred[start:end] = bytes(end - start)
    for m in _NO_BREAK_AFTER_RE.finditer(text):
        start, end = m.span()
        preferred[start + 1 : end + 1] = bytes(end - start)
    preferred[n] = 1
    fallback[n] = 1
    preferred[0] = 0
    return preferred, fallback


_CLOSING_SET = frozenset(CLOSING)
_OPENING_SET = frozenset(OPENING)


def _hard_break(text: str, widths: list[int], lowest: int, end: int) -> int:
    """Where to cut a token wider than the line: at ``end``, or up to four characters earlier
    (not below ``lowest``) so the cut neither starts a line with a closing mark (``.cn``) nor
    splits a combining mark off its base."""
    for brk in range(end, max(lowest, end - 4) - 1, -1):
        if text[brk] not in _CLOSING_SET and text[brk - 1] not in _OPENING_SET and widths[brk]:
            return brk
    return end


def break_lines(text: str, width: int, first_indent: int = 0) -> list[str]:
    """Break one paragraph into lines of at most ``width`` terminal cells.

    ``first_indent`` makes the first line that many cells narrower (for a paragraph indent the
    caller draws itself, e.g. ``"　　"`` = 4 cells).  Breaks follow the Chinese rules described
    in the module docstring; ASCII spaces at a break are dropped, so
    ``"".join(lines)`` equals ``text`` minus those spaces.  A line is never empty for non-empty
    text; when a single character is wider than the line (``width`` 1 and a CJK character) it
    is placed alone on its line.  ``width`` below 1 is treated as 1, a negative
    ``first_indent`` as 0.
    """
    if not text:
        return [""]
    width = max(width, 1)
    first_indent = max(first_indent, 0)
    n = len(text)
    widths = list(map(_width_of, text))
    cum = list(accumulate(widths, initial=0))  # cum[i] = cells of text[:i]
    if cum[n] + first_indent <= width:
        return [text]  # the common short paragraph: one line, no tables needed
    preferred, fallback = _break_tables(text, widths)

    lines: list[str] = []
    start = 0
    avail = width - first_indent
    while start < n:
        # The furthest end such that text[start:end] fits; zero-width characters ride along.
        end = bisect_right(cum, cum[start] + avail, start) - 1
        if end >= n:
            lines.append(text[start:])
            break
        if end <= start:
            # Not even one character fits: put it alone (with its combining marks).
            end = start + 1
            while end < n and widths[end] == 0:
                end += 1
            brk = end
        else:
            brk = preferred.rfind(1, start + 1, end + 1)
            if brk != -1:
                # If what follows the break is wider than a whole line it will be split hard
                # anyway (a long URL): fill this line with it rather than leave a stub.
                after = preferred.find(1, brk + 1)
                if cum[after] - cum[brk] > width:
                    # Cut it where the punctuation rules bend; inside a word only when the
                    # word itself is wider than a line (else it moves down whole).
                    soft = fallback.rfind(1, brk + 1, end + 1)
                    if soft != -1:
                        brk = soft
                    elif cum[fallback.find(1, brk + 1)] - cum[brk] > width:
                        brk = _hard_break(text, widths, brk, end)
            else:
                brk = fallback.rfind(1, start + 1, end + 1)
                if brk == -1:
                    brk = _hard_break(text, widths, start + 1, end)
        line = text[start:brk].rstrip(" ")
        # Leading spaces of the paragraph are content; keep them rather than emit "".
        lines.append(line or text[start:brk])
        start = brk
        while start < n and text[start] == " ":
            start += 1  # spaces at a break are dropped
        avail = width
    return lines


def wrap_paragraphs(paragraphs: Sequence[str], width: int) -> list[list[str]]:
    """Break each paragraph with :func:`break_lines`; one list of lines per paragraph."""
    return [break_lines(p, width) for p in paragraphs]
