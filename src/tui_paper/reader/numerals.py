"""Page numbers as printed: Arabic (``02``), Chinese (``十一``, ``一〇二``), lettered (``A2``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
#: characters a Chinese page numeral may contain (for regular expressions)
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS)

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def chinese_to_int(text: str) -> int | None:
    """``"十一"`` -> 11, ``"九十九"`` -> 99, ``"一百零一"`` -> 101, ``"一〇二"`` -> 102.

    Returns ``None`` for anything that is not a well-formed numeral.
    """
    if not text:
        return None
    if all(ch in CN_DIGITS for ch in text):
        # positional form: 一〇二
        value = 0
        for ch in text:
            value = value * 10 + CN_DIGITS[ch]
        return value
    total = 0
    current: int | None = None
    last_unit = 10_000
    for ch in text:
        if ch in CN_DIGITS:
            if current is not None and CN_DIGITS[ch] != 0:
                return None  # two digits in a row without a unit: 二三十
            current = CN_DIGITS[ch] if CN_DIGITS[ch] != 0 else None
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= last_unit:
                return None  # 十百, 十十
            total += (1 if current is None else current) * unit
            current = None
            last_unit = unit
        else:
            return None
    if current is not None:
        total += current
    return total


def to_int(text: str) -> int | None:
    """An Arabic (ASCII or full-width) or Chinese numeral as an int, else ``None``."""
    text = text.strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    return chinese_to_int(text)


class PageRef(NamedTuple):
    """A page named in print: its number, and its letter code when it carries one (``A2``)."""

    number: int
    code: str | None
    printed: str


@lru_cache(maxsize=4096)
def parse_page_ref(text: str) -> PageRef | None:
    """``"02"`` -> 2, ``"二"`` -> 2, ``"A02"`` -> 2 with code ``"A2"``; ``None`` if not a page."""
    printed = text.strip()
    raw = printed.translate(_FULLWIDTH_DIGITS).replace(" ", "")
    if raw.startswith("第"):
        raw = raw[1:]
    if raw.endswith("版"):
        raw = raw[:-1]
    if not raw:
        return None
    letter = ""
    if raw[0].isascii() and raw[0].isalpha():
        letter, raw = raw[0].upper(), raw[1:]
    number = to_int(raw)
    if number is None or number <= 0 or number > 9999:
        return None
    return PageRef(number, f"{letter}{number}" if letter else None, printed)


_FILE_PAGE_RE = re.compile(
    r"^(?:page|p|第)?[\s_-]?(?P<num>[A-Za-z]?\d{1,3}|[〇零一二三四五六七八九十]{1,4})(?:版)?"
    r"(?:[\s_.·-]+(?P<label>[^\s_.]{1,12}))?$",
    re.IGNORECASE,
)


def file_page(stem: str) -> tuple[int, str | None, str | None] | None:
    """(number, code, label) a page file's name gives, e.g. ``A02`` -> (2, "A2", None)."""
    m = _FILE_PAGE_RE.match(stem)
    if m is None:
        return None
    ref = parse_page_ref(m.group("num"))
    if ref is None:
        return None
    return ref.number, ref.code, m.group("label")
