"""The regular expressions of newspaper page text, compiled once.

The parser tests a line's first and last characters before it runs any of these, so the
common case (an ordinary body paragraph) costs a few string operations.
"""

from __future__ import annotations

import re

from tui_paper.reader.numerals import CN_NUMERAL_CHARS

_CN = CN_NUMERAL_CHARS
# A letter other than an ASCII one: on a Chinese page, a hanzi. (A class of the hanzi
# ranges says the same on such pages, but ``re`` compiles each one in ~2.7 ms, walking its
# 28,000 code points; a dozen of them were half the reader's import, paid by every first
# open and every ``tui-paper dump``.)
_LETTER = r"[^\W\d_A-Za-z]"
#: a character of a name: such a letter, or the middle dot of a transliterated name
_NAME_CHAR = rf"(?:{_LETTER}|[·・])"
_PAGE_NUM = rf"[A-Za-z]?\s?[0-9０-９]{{1,3}}|[{_CN}]{{1,5}}"

# ---- page headers and running-header lines ---------------------------------------------------

#: ``第2版 综合``, ``第02版：要闻``, ``第二版``, ``A2版``, ``A02版·要闻`` (optionally after ``#``)
PAGE_HEADER_RE = re.compile(
    rf"^(?:#{{1,6}}\s*)?(?:第\s*(?P<num>[0-9０-９]{{1,3}}|[{_CN}]{{1,5}})\s*版"
    r"|(?P<letter>[A-Za-z])\s?(?P<lnum>[0-9０-９]{1,3})\s*版)"
    r"(?:\s*[:：·・|｜\-—/]?\s*(?P<label>[^\s:：，,。！？!?；;()（）]{1,8}))?"
    r"(?P<rest>\s.*)?$"
)
#: a date line such as ``2025年4月18日 星期五`` (a running header, and the masthead date)
DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_LINE_RE = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:星期|周|礼拜)[一二三四五六日天])"
    r"[^。！？!?]{0,30}$"
)
WEEKDAY_RE = re.compile(r"(?:星期|礼拜)[一二三四五六日天]|周[一二三四五六日天]")
#: ``责任编辑：张三``, ``电话：010-…``, ``本版编辑 …``
RUNNING_HEADER_RE = re.compile(
    r"^(?:本版)?(?:责任编辑|责编|编辑|美术编辑|美编|版式设计|版式|校对|制图|设计|图片编辑|"
    r"值班编辑|主编|照排|电话|联系电话|新闻热线|热线|传真|邮箱|E-?mail)\s*[:：]"
    r"|^本版(?:责任)?编辑\s"
)

# ---- masthead ---------------------------------------------------------------------------------

SUPERVISOR_RE = re.compile(r"^主管(?:单位)?\s*[:：]\s*(.+)$")
SPONSOR_RE = re.compile(r"^主办(?:单位)?\s*[:：]\s*(.+)$")
PUBLISHER_RE = re.compile(r"^(?:出版\s*[:：]\s*)?(\S{1,30}社)\s*出版$")
SERIAL_RE = re.compile(r"CN\s*(\d{2})\s*[-－]\s*(\d{4})(?:\s*/\s*([A-Z]{1,3}))?")
POSTAL_RE = re.compile(r"邮发代号\s*[:：]?\s*(\d{1,3}\s*[-－]\s*\d{1,4})")
URL_RE = re.compile(r"(?:https?://|www\.)[A-Za-z0-9][\w\-.~:/?#@!$&'*+,;=%]*", re.ASCII)
PAGE_COUNT_RE = re.compile(
    rf"(?:今日|本期|今天|本报今日)\s*(?:共\s*)?([0-9]{{1,3}}|[{_CN}]{{1,4}})\s*版"
)
ISSUE_NO_RE = re.compile(r"第\s*(\d{1,6})\s*期")
TOTAL_NO_RE = re.compile(r"总\s*第?\s*(\d{1,7})\s*期")

# ---- article parts ----------------------------------------------------------------------------

_NAMES = rf"{_NAME_CHAR}{{2,6}}(?:[\s、,，]+{_NAME_CHAR}{{2,6}})*"
_ROLE = (
    r"(?:(?:本报|新华社|人民日报|中新社|特约|实习|见习|驻[^\s]{1,6})?(?:记者|通讯员)"
    r"|实习生|特约撰稿人)"
)
#: ``本报记者 徐恒 实习记者 路轶晨``
BYLINE_RE = re.compile(rf"^{_ROLE}[\s\u3000]*{_NAMES}(?:[\s\u3000]+{_ROLE}[\s\u3000]*{_NAMES})*$")
BYLINE_FIRST = frozenset("本新人中特实见驻记通")

#: ``**本报讯**``, ``本报北京3月26日电``, ``记者徐恒报道:`` at the start of a paragraph
# Whitespace runs are bounded ({0,3}) wherever two could meet, so no line, however long or
# odd, makes a pattern backtrack quadratically.
DATELINE_RE = re.compile(
    r"^(?:\*\*)?\s{0,3}"
    r"(?P<d>(?:本报讯|(?:本报|新华社|中新社)(?:[^\s，,。：:*]{1,20}?)电|"
    rf"(?:本报|新华社)?记者(?:{_LETTER}|[·\s、]){{1,16}}?报道)"
    r"(?:\s{0,3}[（(][^()（）]{1,30}[)）])?)"
    r"\s{0,3}(?:\*\*)?[\s:：，,]{0,6}"
)
DATELINE_REPORT_RE = re.compile(
    rf"^(?:本报|新华社)?记者(?:{_LETTER}|[·\s、]){{1,16}}?报道\s{{0,3}}[:：，,]?\s{{0,3}}"
)
DATELINE_FIRST = frozenset("*本新中记")

#: a bold-only line ``**数据提振信心**`` (a sub-head)
BOLD_LINE_RE = re.compile(r"^\*\*([^*]+?)\*\*$")
CAPTION_PREFIXES = (
    "图为",
    "上图为",
    "下图为",
    "左图为",
    "右图为",
    "上图：",
    "下图：",
    "图：",
    "图:",
)

#: a closing author tag ``(耀文)``
AUTHOR_TAG_RE = re.compile(
    rf"[(（]\s*((?:(?:本报)?(?:记者|通讯员)\s*)?{_NAME_CHAR}{{2,6}}(?:[\s、]+{_NAME_CHAR}{{2,6}})*)\s*[)）]$"
)
AUTHOR_TAG_STOP = frozenset(
    {"上图", "下图", "左图", "右图", "资料图", "图片", "完", "待续", "未完待续", "续完", "全文完"}
)

# ---- continuation markers and cross-references -------------------------------------------------

# 转/接 alone glued to a word before it is that word (对接, 已转), not a marker
_VERB = rf"(?P<verb>下转|上接|紧接|续转|(?<!{_LETTER})转|(?<!{_LETTER})接)"
_CORE = rf"{_VERB}\s{{0,3}}(?:第\s{{0,3}})?(?P<page>{_PAGE_NUM})\s{{0,3}}版"
# one optional bracket pair (half- or full-width), matched by a conditional group
_MARKER = (
    rf"[◀▶◆▲▼►]?\s{{0,3}}(?P<open>[(（【])?\s{{0,3}}[◀▶◆▲▼►]?\s{{0,3}}{_CORE}"
    r"\s{0,3}(?(open)[)）】])"
)
#: a continuation marker at the start of a line
MARKER_START_RE = re.compile(rf"^{_MARKER}\s*")
#: the end of a marker from its verb on (the parser finds the verb, then looks back)
MARKER_TAIL_RE = re.compile(
    rf"(?P<verb>下转|上接|紧接|续转|转|接)\s{{0,3}}(?:第\s{{0,3}})?(?P<page>{_PAGE_NUM})\s{{0,3}}版"
    r"\s{0,3}(?P<close>[)）】])?$"
)
MARKER_START_FIRST = frozenset("(（【◀▶◆▲▼►下上紧续转接")
MARKER_END_LAST = frozenset(")）】版")
IN_VERBS = frozenset({"上接", "紧接", "接"})

#: ``（相关报道见第三版）``, ``（讲话全文见第十、十一版）``
_SEE_NUM = rf"第?\s{{0,2}}(?:{_PAGE_NUM})\s{{0,2}}版?"
SEE_ALSO_RE = re.compile(
    rf"[(（][^()（）]{{0,30}}?见\s{{0,3}}({_SEE_NUM}(?:\s{{0,2}}[、,，和及与至]\s{{0,2}}{_SEE_NUM}){{0,12}})"
    r"[^()（）]{0,20}?[)）]"
)
#: separators of the pages listed in a cross-reference (``至`` stays: it makes a range)
SEE_ALSO_LIST_RE = re.compile(r"\s*[、,，和及与]\s*")

#: sentence-final characters: a paragraph ending in one of these never joins the next
FINAL_PUNCT = frozenset("。！？!?…；;:：.)）】")
CLOSING_QUOTES = frozenset("”’」』\"'》")
