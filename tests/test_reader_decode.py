"""Encodings in their fixed order, binary refusal, and control-character cleanup."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_paper.reader import ReaderError, clean_text, decode_bytes, parse_text
from tui_paper.reader.decode import one_line
from tui_paper.reader.numerals import chinese_to_int, parse_page_ref

TEXT = "# 河湾新区首批智能工厂投产\n\n**本报讯** 5月5日，新区首批5家智能工厂同时投产。\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "gb18030", "gbk"],
)
def test_every_supported_encoding_gives_the_same_text(data: bytes) -> None:
    assert decode_bytes(data) == TEXT


def test_utf8_wins_over_gb18030_for_text_valid_in_both() -> None:
    # ASCII is valid in both; the fixed order means UTF-8 decides.
    assert decode_bytes(b"A2\n") == "A2\n"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02binary\x00",
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20 + "正文".encode(),
    ],
    ids=["nul", "all-bytes", "png", "controls"],
)
def test_binary_is_refused_with_one_line(data: bytes) -> None:
    with pytest.raises(ReaderError) as info:
        decode_bytes(data, name="x.bin")
    msg = str(info.value)
    assert "binary" in msg and "\n" not in msg and "x.bin" in msg


def test_latin1_bytes_are_refused_not_shown_as_hanzi() -> None:
    # "résumé café naïve" in Latin-1 decodes as GB18030 into random hanzi; it must be refused.
    data = "résumé café naïve déjà vu à la carte".encode("latin-1")
    with pytest.raises(ReaderError) as info:
        decode_bytes(data)
    assert "UTF-8" in str(info.value)


def test_broken_utf16_after_bom_is_refused() -> None:
    with pytest.raises(ReaderError):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # lone high surrogate


def test_clean_text_removes_terminal_controls_and_keeps_text() -> None:
    dirty = (
        "\x1b[31m红色\x1b[0m标题\r\n"
        "\x1b]0;window title\x07正文\x07\r"
        "\u202e倒序\u202c和\u2066隔离\u2069\x7f\x85\x9b2J\n"
        "\u3000\u3000首行缩进\xa0与空格\t制表\f换页"
    )
    out = clean_text(dirty)
    assert out == "红色标题\n正文\n倒序和隔离\n2J\n首行缩进 与空格\t制表\n换页"
    assert "\r" not in out and "\x1b" not in out


def test_clean_text_removes_lone_surrogates() -> None:
    assert clean_text("a\ud800b") == "ab"


def test_parse_text_cleans_every_field() -> None:
    issue = parse_text("# 标\x1b[1m题\u202e\n\n正\x00文。(\x07耀文)\n")
    art = issue.articles[0]
    assert art.title == "标题"
    assert art.blocks[0].text == "正文。"
    assert art.author == "耀文"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十一", 21),
        ("九十九", 99),
        ("一百", 100),
        ("一百零一", 101),
        ("一〇二", 102),
        ("两", 2),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_to_int(text) == value


@pytest.mark.parametrize("text", ["", "十十", "二三十", "版", "一x"])
def test_malformed_chinese_numerals_are_none(text: str) -> None:
    assert chinese_to_int(text) is None


def test_page_refs() -> None:
    assert parse_page_ref("02") == (2, None, "02")
    assert parse_page_ref("A02") == (2, "A2", "A02")
    assert parse_page_ref("第十一版").number == 11  # type: ignore[union-attr]
    assert parse_page_ref("0") is None


def test_stray_osc_does_not_swallow_the_rest() -> None:
    out = clean_text("标题\x1b]0;未结束的序列\n正文第一段。\n正文第二段。")
    assert out.endswith("正文第一段。\n正文第二段。")


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_one_line_names_are_cleaned_like_any_text(text: str) -> None:
    """A name shown in a message is one line and holds no control, whatever it was."""
    assert one_line(text) == " ".join(clean_text(text).split())


@pytest.mark.parametrize(
    ("name", "shown"),
    [("a\x1b[31mb\nc", "ab c"), ("第\u202e1版  .md", "第1版 .md"), ("\u3000页\xa0一", "页 一")],
)
def test_one_line_drops_controls_and_breaks(name: str, shown: str) -> None:
    assert one_line(name) == shown


#: every character the clean-up treats specially, beside ordinary text
_SPECIAL_CHARS = st.sampled_from(
    [chr(c) for c in range(0x00, 0x21)]
    + [chr(c) for c in range(0x7F, 0xA1)]
    + list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    + list("\ufeff\u2028\u2029\u3000\ufffe[]0;m文。")
)


@settings(max_examples=600, deadline=None)
@given(st.text(_SPECIAL_CHARS | st.characters(blacklist_categories=("Cs",))), st.booleans())
def test_text_from_a_file_is_cleaned_like_any_text(text: str, keep_form_feeds: bool) -> None:
    """A file's text (strictly decoded) takes a quicker route; what it shows is the same."""
    from tui_paper.reader.decode import strip_controls

    quick = strip_controls(text, keep_form_feeds=keep_form_feeds, decoded=True)
    assert quick == strip_controls(text, keep_form_feeds=keep_form_feeds)


@pytest.mark.parametrize(
    "control", ["\x1b[31m", "\x07", "\x9b", "\u202e", "\u2066", "\u061c", "\ufeff", "\x7f"]
)
def test_a_page_file_shows_no_control_character(tmp_path: Path, control: str) -> None:
    from tui_paper.reader import load_issue

    page = tmp_path / "page.txt"
    text = f"# 标{control}题\n\n正文{control}第一段。\r\n\r\n第二\u2028段。\x85第三段。\xa0完。\n"
    page.write_text(text, "utf-8")
    art = load_issue(page).articles[0]
    assert art.title == "标题"
    # CRLF, a line separator and NEL are line ends (the cut sentence is mended)
    assert [b.text for b in art.blocks] == ["正文第一段。", "第二段。", "第三段。 完。"]
