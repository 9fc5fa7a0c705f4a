"""Bytes on disk -> clean text: encoding detection in a fixed order, and control-character cleanup.

Encodings are tried in a fixed order (UTF-8 with or without BOM, UTF-16 with BOM, GB18030)
instead of a statistical detector, because detectors misread short Chinese text; a result that
looks like mojibake is refused rather than shown.
"""

from __future__ import annotations

import codecs
import re
from functools import cache

from tui_paper.reader.errors import ReaderError

# Escape sequences first (so their parameters go with them), then single characters: C0 except
# \t \n \f (a form feed is a page break, handled by the parser), DEL, C1, lone surrogates,
# bidi embeddings/overrides/isolates and the invisible marks that reorder text.
# String sequences (OSC, DCS...) end at BEL/ST, but a stray one must not swallow the rest of
# a file: they stop at the line end and after 512 characters.
_ESC_SEQ = (
    r"\x1b(?:\[[0-?]{0,32}[ -/]{0,8}[@-~]?"  # CSI ... final byte
    r"|\][^\x07\x1b\n]{0,512}(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|[PX^_][^\x1b\n]{0,512}(?:\x1b\\)?"  # DCS / SOS / PM / APC strings
    r"|[ -/]{0,8}[0-~]"  # two-character and nF escapes
    r")?"
)
#: bidi embeddings, overrides and isolates, the Arabic letter mark, LRM/RLM and the BOM
_MARKS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_CONTROL_CHARS = "\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f" + _MARKS + "\ud800-\udfff"

# The patterns are compiled on first use (~2.5 ms together): text read from a file is
# checked without them, and most never needs them.


@cache
def _control_re() -> re.Pattern[str]:
    return re.compile(_ESC_SEQ + "|[" + _CONTROL_CHARS + "]")


@cache
def _control_any_re() -> re.Pattern[str]:
    # a cheap presence test: a plain character class lets the regex engine skip ahead in C
    return re.compile("[\x1b" + _CONTROL_CHARS + "]")


@cache
def _indent_re() -> re.Pattern[str]:
    return re.compile(r"(?m)^[ \t\u3000\xa0]+")


# Every character a clean-up step looks for, projected out of a text in one C pass: a charmap
# encoding whose table holds only them (each becomes the byte of its index) and drops all
# else. Chinese text is mostly other characters, so the projection is short, and each
# question is then asked of it (the same machinery the stdlib's cp125x codecs use).
_SPECIAL = (
    "".join(chr(c) for c in range(0x00, 0x20) if c not in (0x09, 0x0A))  # C0 but tab, LF
    + "".join(map(chr, range(0x7F, 0xA1)))  # DEL, C1, NBSP
    + _MARKS
    + "\u2028\u2029"
)
_SPECIAL_MAP = codecs.charmap_build(_SPECIAL + "\ufffe" * (256 - len(_SPECIAL)))


def _special_bytes(chars: str) -> bytes:
    return bytes(_SPECIAL.index(c) for c in chars)


#: what _control_re removes, as projected bytes (VT and NEL count: they become line ends)
_CONTROL_BYTES = _special_bytes(
    "".join(map(chr, [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), *range(0x7F, 0xA0)])) + _MARKS
)
_CR, _NEL, _VT, _LS, _PS, _NBSP, _FF = (
    _special_bytes(c) for c in ("\r", "\x85", "\x0b", "\u2028", "\u2029", "\xa0", "\f")
)
_LINE_SEP_TABLE = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\x0b": "\n"})

# Bytes that never occur in text files (C0 except tab, LF, VT, FF, CR and ESC).
_BINARY_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_BINARY_RATIO = 0.10
_SAMPLE = 1 << 16


def strip_controls(text: str, *, keep_form_feeds: bool = False, decoded: bool = False) -> str:
    """Normalise line ends and remove terminal controls; form feeds kept only when asked.

    ``decoded`` promises the text came from strict decoding (no lone surrogates).
    """
    if decoded:
        # One pass pulls out the characters asked about below; each question is then a
        # search of that short projection instead of another scan of the text.
        special = codecs.charmap_encode(text, "ignore", _SPECIAL_MAP)[0]
        has_cr = _CR in special
        has_seps = _NEL in special or _VT in special or _LS in special or _PS in special
        # conservative: VT and NEL count here though they become line ends just below
        dirty = len(special.translate(None, _CONTROL_BYTES)) != len(special)
        has_nbsp = _NBSP in special
        has_ff = _FF in special
    else:
        has_cr = "\r" in text
        has_seps = "\u2028" in text or "\u2029" in text or "\x85" in text or "\x0b" in text
        dirty = _control_any_re().search(text) is not None
        has_nbsp = "\xa0" in text
        has_ff = "\f" in text
    if has_cr:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_seps:
        text = text.translate(_LINE_SEP_TABLE)
    if dirty:
        text = _control_re().sub("", text)
    if has_nbsp:
        text = text.replace("\xa0", " ")
    if not keep_form_feeds and has_ff:
        text = text.replace("\f", "\n")
    return text


def clean_text(text: str) -> str:
    """Text safe to show in a terminal, with plain line ends and no indentation.

    CRLF and CR become LF; ESC/CSI/OSC sequences, C0 and C1 controls (except newline and tab),
    DEL, lone surrogates and bidi overrides/isolates are removed; a form feed becomes a line
    break; NBSP becomes a space; U+3000/NBSP/space indentation at line starts is dropped.
    """
    text = strip_controls(text)
    return _indent_re().sub("", text)


def one_line(text: str) -> str:
    """``text`` (a file name, say) as one printable line: cleaned, whitespace runs as one space."""
    if text.isprintable():
        # nothing to clean: no control, no line break, no NBSP or U+3000 (not printable)
        return " ".join(text.split())
    return " ".join(clean_text(text).split())


def _check_not_binary(data: bytes, what: str) -> None:
    # NUL anywhere (a memchr, cheap on any size); control-byte density on a sample, since
    # binary formats show it at once and scanning a whole large text would cost real time.
    if b"\x00" in data:
        raise ReaderError(f"{what} is not a text file (binary data)")
    sample = data[:_SAMPLE] if len(data) > 2 * _SAMPLE else data
    if sample:
        controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
        if controls and controls / len(sample) > _BINARY_RATIO:
            raise ReaderError(f"{what} is not a text file (binary data)")


def _check_text_not_binary(text: str, what: str) -> None:
    if "\x00" in text:
        raise ReaderError(f"{what} is not a text file (binary data)")
    if text:
        controls = len(_control_any_re().findall(text))
        if controls / len(text) > _BINARY_RATIO:
            raise ReaderError(f"{what} is not a text file (binary data)")


def _plausible_gb(data: bytes, text: str) -> bool:
    """Whether a GB18030 decoding is real Chinese rather than other bytes read as hanzi.

    Nearly any byte string decodes as GB18030. Real Chinese text keeps almost every multi-byte
    character inside GB2312 (the 6,763 common hanzi and symbols); random or Latin-1 bytes land
    there only about a third of the time, and hit private-use or four-byte code points.
    """
    multi = len(data) - len(text)
    if multi <= 0:
        return True
    if re.search("[\ue000-\uf8ff\U00010000-\U0010ffff]", text):
        return False
    rare = text.encode("gb2312", "replace").count(b"?") - text.count("?")
    return rare <= max(1, multi // 5)


def decode_bytes(data: bytes, *, name: str = "the file") -> str:
    """Decode file bytes: UTF-8 (±BOM), UTF-16 with BOM, then GB18030, in that fixed order.

    Binary data (NUL bytes or many control bytes) and bytes no candidate decodes plausibly
    raise :class:`ReaderError`; nothing is ever decoded with replacement characters.
    """
    what = one_line(name)
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise ReaderError(f"{what} starts with a UTF-8 mark but is not UTF-8") from None
        _check_text_not_binary(text, what)
        return text
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReaderError(f"{what} starts with a UTF-16 mark but is not UTF-16") from None
        _check_text_not_binary(text, what)
        return text
    _check_not_binary(data, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    else:
        if _plausible_gb(data, text):
            return text
    raise ReaderError(f"{what} is not UTF-8, UTF-16 or GB18030 text")
