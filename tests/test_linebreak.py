"""Chinese line breaking: each typographic rule at several widths, plus property tests.

The rules are the ones a reader sees: no line starts with a closing mark, none ends with an
opening mark, numbers, Latin words and URLs stay whole, every line fits the terminal, and no
character is lost or duplicated.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tui_paper.text import linebreak
from tui_paper.text.linebreak import break_lines, cell_width, wrap_paragraphs

WIDTHS = [10, 20, 37, 60, 80]

# The rule sets as the issue states them, written out here independently of the module.
CLOSING = set("。，、；：？！”’）》」』】…・％.,;:?!)]}%—")
OPENING = set("“‘（《「『【([{")

SHARED = Path(__file__).parents[1] / ".." / "shared"
SEED = SHARED / "seeds" / "000_bfbf858a4ab4cfe2.txt"
RMRB_DAY = SHARED / "realworld" / "rmrb-2020-01" / "20200102"

# A run of ASCII letters/digits/punctuation, dash-joined between alphanumerics ("1—2").
TOKEN_RE = re.compile(r"[!-~]+(?:(?<=[0-9A-Za-z])[—–～](?=[0-9A-Za-z])[!-~]+)*")

PARAGRAPH = (
    "今年1—2月，比亚迪新能源汽车出口表现强劲，累计出口5.95万辆，同比增长约134%。"
    "“我们看好中国市场。”一位负责人表示，《中国电子报》记者在2024年3月26日的会议上"
    "了解到：AI、5G和iPhone供应链的订单（尤其是芯片）持续增加……详情见"
    "https://www.cena.com.cn/news/2024。高技术制造业增加值增长7.5%，"
    "高于全部规上工业平均水平1.6个百分点——这是一个「新信号」！"
)


def spans(text: str, lines: list[str]) -> list[tuple[int, int]]:
    """Locate each line in ``text``; fail if anything but spaces at a break is missing."""
    result: list[tuple[int, int]] = []
    pos = 0
    for i, line in enumerate(lines):
        if i:
            while pos < len(text) and text[pos] == " ":
                pos += 1  # spaces at a break may be dropped, nothing else
        assert text.startswith(line, pos), f"line {i} {line!r} is not the text at {pos}"
        result.append((pos, pos + len(line)))
        pos += len(line)
    assert text[pos:].strip(" ") == "", f"lost the tail {text[pos:]!r}"
    return result


def break_positions(text: str, lines: list[str]) -> Iterator[int]:
    """Indices in ``text`` where a line ends (before any dropped spaces)."""
    for _, end in spans(text, lines)[:-1]:
        yield end


def assert_tokens_whole(text: str, lines: list[str], width: int) -> None:
    """No break falls inside a number/Latin token that fits on a line."""
    cuts = list(break_positions(text, lines))
    for m in TOKEN_RE.finditer(text):
        if cell_width(m.group()) <= width:
            inside = [c for c in cuts if m.start() < c < m.end()]
            assert not inside, f"{m.group()!r} split in {lines}"


def assert_kinsoku(lines: list[str]) -> None:
    for i, line in enumerate(lines):
        if i:
            assert line[0] not in CLOSING, f"line {i} starts with {line[0]!r}: {lines}"
        if i < len(lines) - 1:
            assert line[-1] not in OPENING, f"line {i} ends with {line[-1]!r}: {lines}"


# --- cell_width ------------------------------------------------------------------------------


def test_cell_width_counts_wide_characters_twice() -> None:
    assert cell_width("") == 0
    assert cell_width("abc 123") == 7
    assert cell_width("中文") == 4
    assert cell_width("，。") == 4  # full-width punctuation
    assert cell_width("ＡＢ１") == 6  # full-width Latin and digits
    assert cell_width("　") == 2  # the ideographic space used for paragraph indents
    assert cell_width("中a") == 3


def test_cell_width_gives_combining_and_zero_width_marks_no_cell() -> None:
    assert cell_width("e\u0301") == 1
    assert cell_width("a\u200bb") == 2
    assert cell_width("中\u200d") == 2


def test_cell_width_ambiguous_punctuation_takes_one_cell() -> None:
    # Rich (and so Textual) draws these in one cell; the breaker must agree with the painter.
    assert cell_width("…—“”‘’") == 6


def test_preset_block_widths_are_what_unicodedata_gives() -> None:
    # The blocks whose widths are written into the module (so a start need not classify
    # them) must measure as if classified code point by code point.
    for block, digits in linebreak._PRESET_BLOCKS.items():
        chars = [chr(block << 8 | low) for low in range(256)]
        computed = [linebreak._char_width(ch) for ch in chars]
        assert [cell_width(ch) for ch in chars] == computed, hex(block)
        assert cell_width("".join(chars)) == sum(computed), hex(block)
        if unicodedata.unidata_version == linebreak._PRESET_UNICODE:
            assert [int(d) for d in digits] == computed, hex(block)


def test_cell_width_agrees_with_rich_which_paints_the_lines() -> None:
    rich_cells = pytest.importorskip("rich.cells")
    blocks = [
        (0x20, 0x7E),
        (0xA0, 0x24F),
        (0x300, 0x36F),
        (0x2000, 0x2064),
        (0x3000, 0x30FF),
        (0x3400, 0x4DBF),
        (0x4E00, 0x9FFF),
        (0xAC00, 0xD7A3),
        (0xF900, 0xFAFF),
        (0xFE30, 0xFE4F),
        (0xFF00, 0xFFEF),
        (0x1F300, 0x1F64F),
    ]
    mismatched = [
        hex(code)
        for lo, hi in blocks
        for code in range(lo, hi + 1)
        if cell_width(chr(code)) != rich_cells.cell_len(chr(code))
    ]
    assert mismatched == []
    assert cell_width(PARAGRAPH) == rich_cells.cell_len(PARAGRAPH)
    # Whole strings take the block-table path: measure every block as one shuffled string.
    # (Without U+200D: Rich draws an emoji joined by it to another as one two-cell grapheme,
    # which cell_width, counting code points, does not model.)
    everything = [chr(c) for lo, hi in blocks for c in range(lo, hi + 1) if c != 0x200D]
    random.Random(7).shuffle(everything)
    for i in range(0, len(everything), 997):
        chunk = "".join(everything[i : i + 997])
        assert cell_width(chunk) == rich_cells.cell_len(chunk)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_cell_width_of_a_string_is_the_sum_over_its_characters(text: str) -> None:
    # Any Unicode, including characters beyond the BMP and control characters.
    assert cell_width(text) == sum(cell_width(ch) for ch in text)


# --- each rule at several widths -------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_every_line_fits_the_width(width: int) -> None:
    lines = break_lines(PARAGRAPH, width)
    assert len(lines) > 1 or cell_width(PARAGRAPH) <= width
    assert all(cell_width(line) <= width for line in lines), lines


@pytest.mark.parametrize("width", WIDTHS)
def test_no_character_lost_or_duplicated(width: int) -> None:
    lines = break_lines(PARAGRAPH, width)
    assert "".join(lines) == PARAGRAPH  # the paragraph has no breakable spaces
    assert all(lines), "empty line"


@pytest.mark.parametrize("width", range(4, 81))
def test_no_line_starts_with_closing_punctuation(width: int) -> None:
    text = "他说：“好。”她答：“行！”我们、你们；他们？是的，对。（注）《书》」』】……——%.,;:?!)]}"
    text = "中文" * 3 + text.replace("", "字")[1:]  # a closing mark after every character
    lines = break_lines(text, width)
    for line in lines[1:]:
        assert line[0] not in CLOSING, lines
    spans(text, lines)


@pytest.mark.parametrize("width", range(4, 81))
def test_no_line_ends_with_opening_punctuation(width: int) -> None:
    text = "开头“引号‘单引（括号《书名「直角『双直【方头(半角[方{花" * 3
    lines = break_lines(text, width)
    for line in lines[:-1]:
        assert line[-1] not in OPENING, lines
    spans(text, lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_closing_mark_pulls_the_previous_character_down(width: int) -> None:
    # Fill the line exactly, then a full stop: the last character moves down with it
    # (no hanging punctuation: lines never exceed the width).
    chars = width // 2
    text = "字" * chars + "。" + "后" * 3
    lines = break_lines(text, width)
    assert lines[0] == "字" * (chars - 1)
    assert lines[1].startswith("字。")


@pytest.mark.parametrize("width", WIDTHS)
def test_opening_mark_moves_down_with_the_next_character(width: int) -> None:
    # "“" is one cell: it is the last thing that fits, the character after it is not.
    chars = (width - 1) // 2
    text = "字" * chars + "“引文”"
    lines = break_lines(text, width)
    assert lines[0] == "字" * chars
    assert lines[1].startswith("“引")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("token", ["2024", "1.5", "30%", "1—2", "5.95", "134%", "10:30"])
def test_numbers_stay_whole_at_every_offset(width: int, token: str) -> None:
    for offset in range(width // 2 + 1):
        text = "字" * offset + "增长" + token + "个百分点，" + "字" * 10
        lines = break_lines(text, width)
        assert_tokens_whole(text, lines, width)
        assert any(token in line for line in lines), lines


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("word", ["AI", "5G", "iPhone", "COVID-19", "Wi-Fi"])
def test_latin_words_stay_whole_at_every_offset(width: int, word: str) -> None:
    for offset in range(width // 2 + 1):
        text = "字" * offset + "发展" + word + "技术" + "字" * 10
        lines = break_lines(text, width)
        assert any(word in line for line in lines), lines


@pytest.mark.parametrize("width", [37, 60, 80])
def test_url_stays_whole_when_it_fits(width: int) -> None:
    url = "https://www.cena.com.cn/news/2024"
    for offset in range(width // 2 + 1):
        text = "字" * offset + "详见" + url + "。更多内容"
        lines = break_lines(text, width)
        assert any(url in line for line in lines), lines
        assert_kinsoku(lines)


@pytest.mark.parametrize("width", [10, 20])
def test_token_longer_than_the_line_is_split_hard(width: int) -> None:
    url = "https://www.example.com/a/very/long/path/index.html"
    text = "请访问" + url + "了解"
    lines = break_lines(text, width)
    assert all(cell_width(line) <= width for line in lines), lines
    assert "".join(lines) == text
    # Hard splitting fills each line the URL takes completely.
    pieces = [line for line in lines if line in url]
    assert pieces and all(cell_width(line) == width for line in pieces), lines


@pytest.mark.parametrize("width", WIDTHS)
def test_spaces_between_latin_words_are_breaks_and_dropped_at_line_ends(width: int) -> None:
    text = "Artificial intelligence and 5G networks are changing how factories work today " * 3
    text = text.strip()
    lines = break_lines(text, width)
    assert all(cell_width(line) <= width for line in lines)
    for line in lines:
        assert not line.startswith(" ") and not line.endswith(" "), lines
    spans(text, lines)
    if width >= max(map(len, text.split())):  # no word needs a hard split
        assert " ".join(lines) == text  # each break consumed exactly one space
    assert_tokens_whole(text, lines, width)


def test_mixed_chinese_and_english_breaks_at_spaces_and_between_scripts() -> None:
    text = "我们使用 Large Language Model 来生成摘要"
    lines = break_lines(text, 12)
    assert all(cell_width(line) <= 12 for line in lines)
    assert_tokens_whole(text, lines, 12)
    spans(text, lines)


def test_short_paragraph_is_one_line_unchanged() -> None:
    assert break_lines("短段落。", 80) == ["短段落。"]
    assert break_lines("", 80) == [""]


@pytest.mark.parametrize("width", [-3, 0, 1])
def test_tiny_width_puts_one_character_per_line(width: int) -> None:
    text = "中文，English 2024。"
    lines = break_lines(text, width)
    assert all(len(line) == 1 for line in lines), lines
    assert "".join(lines) == text.replace(" ", "")


def test_width_two_fits_one_wide_character_per_line() -> None:
    text = "中文测试一下"
    lines = break_lines(text, 2)
    assert lines == list(text)


def test_width_three_still_fits_every_line() -> None:
    text = "新能源汽车出口表现强劲，累计出口5.95万辆。"
    lines = break_lines(text, 3)
    assert all(cell_width(line) <= 3 for line in lines), lines
    spans(text, lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_first_indent_narrows_only_the_first_line(width: int) -> None:
    lines = break_lines(PARAGRAPH, width, first_indent=4)
    assert cell_width(lines[0]) <= width - 4
    assert all(cell_width(line) <= width for line in lines[1:])
    # Later lines are filled to the full width, so at least one uses more than width - 4.
    assert any(cell_width(line) > width - 4 for line in lines[1:-1]) or len(lines) < 3
    assert "".join(lines) == PARAGRAPH
    assert_kinsoku(lines)


def test_first_indent_wider_than_the_line_still_makes_progress() -> None:
    lines = break_lines("中文段落", 4, first_indent=10)
    assert "".join(lines) == "中文段落"
    assert all(lines)


def test_combining_marks_stay_with_their_base() -> None:
    text = "cafe\u0301 " * 6 + "字\u0301" * 6
    for width in range(1, 20):
        lines = break_lines(text, width)
        assert all(not line.startswith("\u0301") for line in lines), lines
        spans(text, lines)


def test_wrap_paragraphs_breaks_each_paragraph() -> None:
    paragraphs = [PARAGRAPH, "短。", "English words here"]
    wrapped = wrap_paragraphs(paragraphs, 20)
    assert len(wrapped) == 3
    assert wrapped == [break_lines(p, 20) for p in paragraphs]
    assert wrapped[1] == ["短。"]


# --- real pages ------------------------------------------------------------------------------


def _real_paragraphs() -> list[str]:
    if not SEED.is_file():
        pytest.skip(f"shared test data absent: {SEED}")
    paragraphs = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line]
    if RMRB_DAY.is_dir():
        for path in sorted(RMRB_DAY.glob("*.txt"))[:40]:
            text = path.read_text(encoding="utf-8")
            paragraphs += [line for line in text.splitlines() if line.strip()]
    return paragraphs


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("indent", [0, 4])
def test_real_pages_obey_every_rule(width: int, indent: int) -> None:
    paragraphs = _real_paragraphs()
    assert len(paragraphs) > 20
    for text in paragraphs:
        lines = break_lines(text, width, first_indent=indent)
        assert cell_width(lines[0]) <= width - indent
        assert all(cell_width(line) <= width for line in lines), lines
        assert all(lines)
        spans(text, lines)
        assert_kinsoku(lines)
        assert_tokens_whole(text, lines, width - indent)


# --- properties ------------------------------------------------------------------------------

CJK = "中文新能源汽车出口表现强劲累计辆同比增长"
ANY_ALPHABET = CJK + "".join(CLOSING) + "".join(OPENING) + "0123456789" + "AIGiPhone" + "  　"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ANY_ALPHABET, min_size=1, max_size=200), st.integers(-2, 90))
def test_any_text_terminates_fits_and_keeps_every_character(text: str, width: int) -> None:
    lines = break_lines(text, width)
    assert all(lines), lines
    if width >= 2:  # every character of this alphabet is at most two cells wide
        assert all(cell_width(line) <= width for line in lines), lines
    spans(text, lines)
    if width >= 4:
        assert_tokens_whole(text, lines, width)


def _unit() -> st.SearchStrategy[str]:
    """A breakable unit: optional opening mark, a CJK character or word, closing marks."""
    word = st.sampled_from(["2024", "1.5", "30%", "AI", "5G", "iPhone", "1—2", "Wi-Fi", "7.5"])
    core = st.one_of(st.sampled_from(CJK), word)
    return st.tuples(
        st.sampled_from(["", "", "", *OPENING]),
        core,
        st.lists(st.sampled_from(sorted(CLOSING)), max_size=2).map("".join),
    ).map(lambda parts: " " * (parts[0][:1].isascii() or parts[1] not in CJK) + "".join(parts))


@settings(max_examples=300, deadline=None)
@given(st.lists(_unit(), min_size=1, max_size=80).map("".join), st.integers(14, 80))
def test_rules_hold_whenever_they_can(text: str, width: int) -> None:
    text = text.lstrip(" ")
    assume(text)
    lines = break_lines(text, width)
    assert all(lines)
    assert all(cell_width(line) <= width for line in lines), lines
    spans(text, lines)
    assert_kinsoku(lines)
    assert_tokens_whole(text, lines, width)
