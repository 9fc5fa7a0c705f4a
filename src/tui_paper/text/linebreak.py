"""Line breaking for Chinese text measured in terminal cells.

Textual wraps only at spaces, so a line may start with ``。`` and ``2024`` may split into
``202``/``4``.  The article view therefore breaks paragraphs itself with :func:`break_lines`.

Rules (a light form of the Chinese/Japanese *kinsoku* rules):

* A break may fall between any two CJK characters, between CJK and Latin text, and at ASCII
  spaces.  Spaces at a break are dropped (they never end or start a line; the paragraph's own
  leading spaces are kept as content).
* No line starts with closing punctuation (``。，、；：？！”’）》」』】…`` and their half-width
  forms ``. , ; : ? ! ) ] }``, ``%``, dashes and the ellipsis), and none ends with opening
  punctuation (``“‘（《「『【 ( [ {``).
* A run of ASCII letters, digits and ASCII punctuation (``2024``, ``1.5``, ``30%``, ``AI``,
  ``5G``, ``iPhone``, URLs), optionally joined by a dash between alphanumerics (``1—2``), is
  never split unless it alone is wider than a line; then it is split hard, filling the
  current line first, and never so that a piece starts with ``.`` or ``)`` if avoidable.

Hanging punctuation is *not* used: every returned line is at most ``width`` cells.  When a
closing mark would overflow, the break moves back to the last allowed position, which pushes
the preceding CJK character down together with the mark (``…来。`` becomes ``…`` / ``来。``).
When no allowed break exists inside a line (a glued run wider than the line), the rules are
relaxed step by step: first a break that only violates the punctuation rules, then a hard
break anywhere, so the breaker always terminates and never loses a character.

Speed: widths come from per-block tables applied to the UTF-16 form of the text with
``bytes.translate`` (no Python object per character), line ends are found by bisecting the
cumulative widths, and break opportunities are judged only at the few boundaries near each
line end.  A 3,000-character article breaks in well under a millisecond
(``python bench/bench_linebreak.py``).

The module is part of the UI-free core: no Textual or Rich imports.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
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


# Per-character width table for text beyond the Basic Multilingual Plane (rare): ``unicodedata``
# is asked once per distinct character.  ``dict.get`` mapped over the string keeps the loop in
# C; a character not seen yet yields None, the arithmetic raises TypeError, and only then is
# the table filled.
_WIDTHS: dict[str, int] = {chr(c): 1 for c in range(0x20, 0x7F)}
# Typed as total on purpose: the None of a miss is caught as TypeError by the callers below.
_width_get: Callable[[str], int] = _WIDTHS.get  # type: ignore[assignment]


def _learn(text: str) -> None:
    """Add the characters of ``text`` missing from the per-character table."""
    for ch in set(text).difference(_WIDTHS):
        _WIDTHS[ch] = _char_width(ch)


def _slow_widths(text: str) -> bytes:
    """Widths of the characters of ``text``, one byte each, via the per-character table."""
    try:
        return bytes(map(_width_get, text))
    except TypeError:  # a character not in the table yet
        _learn(text)
        return bytes(map(_width_get, text))


# The fast path for the Basic Multilingual Plane never makes a Python object per character
# (iterating a str creates one per CJK character, which dominates the cost): the text is
# encoded as UTF-16, whose high bytes name a 256-character block, and ``bytes.translate`` maps
# each high byte to its block's usual width.  The few characters that differ from their
# block's usual width (control characters, zero-width spaces, combining marks, half-width
# katakana, ...) are found with one regular-expression scan and patched.  Blocks are
# classified lazily, once each; the big ideograph and Hangul blocks are known in advance (a
# test checks every character of them), so the first article does not pay for them.
_UNKNOWN = 0xFF  # block not classified yet
_block_width = bytearray([_UNKNOWN]) * 256  # high byte -> usual width of the block
for _lo, _hi in ((0x34, 0x4C), (0x4E, 0x9F), (0xAC, 0xD6), (0xF9, 0xFA)):
    _block_width[_lo : _hi + 1] = b"\x02" * (_hi - _lo + 1)
# Full-width forms (，！？：) are far more common in Chinese text than the half-width katakana
# sharing their block, so their width is that block's usual one whatever the majority says.
_BLOCK_USUAL = {0xFF: 2}
_exceptions: dict[str, int] = {}  # character -> width, where it differs from its block's
_exception_re: re.Pattern[str] | None = None

# Widths of the blocks every Chinese page uses (Latin, general punctuation, CJK symbols,
# full-width forms) for the Unicode version they were computed in, one digit per code point:
# classifying them with unicodedata cost ~3 ms of the first article drawn. Another Unicode
# version classifies them as any other block (a test recomputes these).
_PRESET_UNICODE = "14.0.0"
_PRESET_BLOCKS: dict[int, str] = {
    0x00: (
        "0000000000000000000000000000000011111111111111111111111111111111"
        "1111111111111111111111111111111111111111111111111111111111111110"
        "0000000000000000000000000000000011111111111111111111111111111111"
        "1111111111111111111111111111111111111111111111111111111111111111"
    ),
    0x20: (
        "1111111111100000111111111111111111111111000000011111111111111111"
        "1111111111111111111111111111111100000100000000001111111111111111"
        "1111111111111111111111111111111111111111111111111111111111111111"
        "1111111111111111000000000000000000000000000000000111111111111111"
    ),
    0x30: (
        "2222222222222222222222222222222222222222220000002222222222222221"
        "1222222222222222222222222222222222222222222222222222222222222222"
        "2222222222222222222222211002222222222222222222222222222222222222"
        "2222222222222222222222222222222222222222222222222222222222222222"
    ),
    0xFF: (
        "1222222222222222222222222222222222222222222222222222222222222222"
        "2222222222222222222222222222222221111111111111111111111111111111"
        "1111111111111111111111111111111101111111111111111111111111111111"
        "1111111111111111111111111111111122222221111111111111111110001111"
    ),
}


def _learn_blocks(high: bytes) -> None:
    """Classify the blocks named in ``high`` that are not classified yet."""
    global _exception_re
    learned: dict[int, int] = {}
    presets = _PRESET_BLOCKS if unicodedata.unidata_version == _PRESET_UNICODE else {}
    # The preset blocks are learned together, with the first of them: each learning
    # compiles the exception pattern again, and a page soon shows all four.
    for block in set(high).union(presets):
        if _block_width[block] != _UNKNOWN:
            continue
        preset = presets.get(block)
        if preset is not None:
            widths = [ord(digit) - 48 for digit in preset]
        else:
            widths = [_char_width(chr(block << 8 | low)) for low in range(256)]
        usual = _BLOCK_USUAL.get(block, max(set(widths), key=widths.count))
        for low, width in enumerate(widths):
            if width != usual:
                _exceptions[chr(block << 8 | low)] = width
        learned[block] = usual
    if learned:
        # Publish the exceptions before the blocks, so another thread never sees one alone.
        _exception_re = re.compile(_char_class(_exceptions))
        for block, usual in learned.items():
            _block_width[block] = usual


def _char_class(chars: Iterable[str]) -> str:
    """A compact regular-expression character class matching ``chars``."""
    codes = sorted(map(ord, chars))
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "[" + "".join(parts) + "]"


def _char_widths(text: str) -> bytes:
    """Cells of each character of ``text``, one byte per character."""
    data = text.encode("utf-16-be", "surrogatepass")
    if len(data) != 2 * len(text):
        return _slow_widths(text)  # characters beyond the BMP (surrogate pairs)
    high = data[0::2]
    widths = high.translate(_block_width)
    if _UNKNOWN in widths:
        _learn_blocks(high)
        widths = high.translate(_block_width)
    pattern = _exception_re
    if pattern is not None and (first := pattern.search(text)) is not None:
        patched = bytearray(widths)
        for m in pattern.finditer(text, first.start()):
            patched[m.start()] = _exceptions[m.group()]
        widths = bytes(patched)
    return widths


def _cumulative_widths(text: str) -> list[int]:
    """``cum[i]`` = cells of ``text[:i]``; ``len(cum) == len(text) + 1``."""
    return list(accumulate(_char_widths(text), initial=0))


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text``.

    East Asian Wide and Fullwidth characters take two cells, combining marks, zero-width and
    control characters none, everything else one (East Asian Ambiguous characters such as
    ``…`` and ``“`` count one, as Rich and most terminals draw them).
    """
    if text.isascii() and text.isprintable():
        return len(text)  # fast path: printable ASCII is one cell per character
    return sum(_char_widths(text))


# --- break opportunities -------------------------------------------------------------------
#
# Break opportunities are judged locally, only near the end of each line (a handful of
# boundaries per line), instead of classifying the whole paragraph up front: that keeps the
# cost to one C-level width pass plus a few Python steps per line.


def _char_range(*ranges: tuple[int, int]) -> frozenset[str]:
    return frozenset(chr(c) for lo, hi in ranges for c in range(lo, hi + 1))


# Letters and digits of alphabetic scripts (not CJK, which may break anywhere), ASCII
# punctuation included, so URLs, "30%", "1.5", "C++" and "e-mail" stay whole.
_ALNUM = _char_range(
    (0x30, 0x39),
    (0x41, 0x5A),
    (0x61, 0x7A),
    (0xC0, 0x24F),
    (0x370, 0x3FF),
    (0x400, 0x4FF),
    (0xFF10, 0xFF19),
    (0xFF21, 0xFF3A),
    (0xFF41, 0xFF5A),
)
_WORD = _ALNUM | _char_range((0x21, 0x7E), (0xA0, 0xBF))
# A dash or tilde between two alphanumerics joins them: a range ("1—2", "1～2") stays whole.
_JOINING_DASHES = frozenset("—–～")
# Zero-width joiners and the no-break space glue both neighbours.
_GLUE = frozenset("\u00a0\u200d\u2060\ufeff")
_CLOSING_SET = frozenset(CLOSING)
_OPENING_SET = frozenset(OPENING)

# Boundary classes, from worst to best.
_NEVER = 0  # inside a word or a combining sequence: only a hard split may cut here
_BENT = 1  # allowed only by bending the punctuation rules
_GOOD = 2  # a proper break opportunity


def _boundary(text: str, cum: list[int], i: int) -> int:
    """Class of the boundary before ``text[i]`` (``0 < i < len(text)``)."""
    after = text[i]
    before = text[i - 1]
    if cum[i + 1] == cum[i] or after in _GLUE or before in _GLUE:  # zero-width: keep with base
        return _NEVER
    if after in _WORD and before in _WORD:
        return _NEVER
    if after in _JOINING_DASHES:
        if before in _ALNUM and i + 1 < len(text) and text[i + 1] in _ALNUM:
            return _NEVER
    elif before in _JOINING_DASHES and after in _ALNUM and i >= 2 and text[i - 2] in _ALNUM:
        return _NEVER
    # Spaces are transparent to the punctuation rules: look past them on both sides.
    j = i
    while after == " ":
        j += 1
        if j == len(text):
            break
        after = text[j]
    k = i - 1
    while before == " " and k:
        k -= 1
        before = text[k]
    if after in _CLOSING_SET or before in _OPENING_SET:
        return _BENT
    return _GOOD


def _hard_break(text: str, cum: list[int], lowest: int, end: int) -> int:
    """Where to cut a token wider than the line: at ``end``, or up to four characters earlier
    (not below ``lowest``) so the cut neither starts a line with a closing mark (``.cn``) nor
    splits a combining mark off its base."""
    for brk in range(end, max(lowest, end - 4) - 1, -1):
        if (
            text[brk] not in _CLOSING_SET
            and text[brk - 1] not in _OPENING_SET
            and cum[brk + 1] != cum[brk]
        ):
            return brk
    return end


def _next_at_least(text: str, cum: list[int], pos: int, grade: int, limit: int) -> bool:
    """Whether a boundary of class >= ``grade`` follows ``pos`` within ``limit`` cells."""
    n = len(text)
    j = pos + 1
    while j < n and cum[j] - cum[pos] <= limit:
        if _boundary(text, cum, j) >= grade:
            return True
        j += 1
    return cum[n] - cum[pos] <= limit


def _choose_break(text: str, cum: list[int], start: int, end: int, width: int) -> int:
    """Where to end a line starting at ``start`` when ``text[start:end]`` is the most that
    fits (``start < end < len(text)``)."""
    bent = -1
    brk = end
    while brk > start:
        grade = _boundary(text, cum, brk)
        if grade == _GOOD:
            break
        if grade == _BENT and bent == -1:
            bent = brk
        brk -= 1
    else:
        # No proper break in the line (a glued run wider than it): bend the punctuation rules,
        # and split inside a word only as a last resort.
        return bent if bent != -1 else _hard_break(text, cum, start + 1, end)
    if brk == end or _next_at_least(text, cum, brk, _GOOD, width):
        return brk
    # What follows this break will not fit on the next line either (a long URL, a glued run):
    # fill this line with it, cutting where the punctuation rules bend, or inside the word
    # when the word itself is wider than a line (else the word moves down whole).
    if bent != -1:
        return bent
    if not _next_at_least(text, cum, brk, _BENT, width):
        return _hard_break(text, cum, brk, end)
    return brk


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
    cum = _cumulative_widths(text)  # cum[i] = cells of text[:i]
    if cum[n] + first_indent <= width:
        return [text]  # the common short paragraph

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
            brk = start + 1
            while brk < n and cum[brk + 1] == cum[brk]:
                brk += 1
        else:
            brk = _choose_break(text, cum, start, end, width)
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
