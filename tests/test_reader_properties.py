"""Properties that hold for any input: the reader never crashes, links never lie, text is clean."""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_paper.model import Issue, LinkKind
from tui_paper.reader import ReaderError, clean_text, decode_bytes, load_issue, parse_text

# Building blocks of page text, so generated input hits the rules, not only plain prose.
FRAGMENTS = [
    "# ",
    "## ",
    "### ",
    "#### ",
    "**",
    "——",
    "本报讯",
    "**本报讯** ",
    "本报北京3月1日电 ",
    "记者张三报道：",
    "本报记者 张三 实习记者 李四",
    "图为",
    "(耀文)",
    "（布轩）",
    "(下转第2版)",
    "（下转第二版）",
    "下转02版",
    "转A2版",
    "◀上接A01版",
    "(上接第1版)",
    "（上接第一版）",
    "(紧接第3版)",
    "(接第2版)",
    "（相关报道见第三版）",
    "（讲话全文见第十、十一版）",
    "第2版 综合",
    "第02版：要闻",
    "第二版",
    "A2版",
    "2025年4月18日 星期五",
    "责任编辑：王五",
    "主管：某单位",
    "某某报社出版",
    "第21期(总第4711期)",
    "今日8版",
    "稳定社会",
    "预期、促进增长。",
    "正文一句。",
    "“引号",
    "”",
    "\n",
    "\n\n",
    "\f",
    "\r\n",
    "\u3000\u3000",
    "\xa0",
    "\x1b[31m",
    "\x1b]0;t\x07",
    "\u202e",
    "\x00",
    "\x85",
    "\ud800",
    " ",
    "A",
    "1",
    "十",
]

page_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60).map(
    "".join
)


def _is_bad_char(ch: str) -> bool:
    if ch in "\n\t":
        return False
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cs") or ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _all_strings(issue: Issue) -> Iterator[str]:
    m = issue.masthead
    for value in (
        m.name,
        m.publisher,
        m.supervisor,
        m.serial,
        m.postal_code,
        m.url,
        m.weekday,
        *m.sponsors,
    ):
        if value:
            yield value
    yield from issue.warnings
    for page in issue.pages:
        if page.label:
            yield page.label
        if page.code:
            yield page.code
        yield from page.header_lines
        yield from page.loose_text
        for art in page.articles:
            yield art.id
            yield art.title
            for value in (art.kicker, art.subtitle, art.byline, art.dateline, art.author):
                if value:
                    yield value
            for block in art.blocks:
                yield block.text
            for link in art.links:
                if link.page_text:
                    yield link.page_text


def check_issue(issue: Issue) -> None:
    """Every invariant the rest of the application relies on."""
    pages = {p.number: p for p in issue.pages}
    assert len(pages) == len(issue.pages), "page numbers are unique"
    ids = [a.id for a in issue.articles]
    assert len(set(ids)) == len(ids), "article ids are unique"
    for page in issue.pages:
        for n, art in enumerate(page.articles, 1):
            assert art.id == f"{page.number}-{n}" and art.page == page.number
            assert art.title.strip()
            for link in art.links:
                if link.article is not None:
                    target = pages.get(link.page)
                    assert target is not None, "a resolved link names a page in the issue"
                    assert link.article in {a.id for a in target.articles}
    for text in _all_strings(issue):
        bad = [ch for ch in text if _is_bad_char(ch)]
        assert not bad, (text, bad)
    # continuation links pair both ways and never loop
    by_id = {a.id: a for a in issue.articles}
    for art in issue.articles:
        out = art.continues_to
        if out is not None and out.article is not None:
            back = by_id[out.article].continued_from
            assert back is not None and back.article == art.id
        seen = {art.id}
        cur = art
        while (nxt := cur.continues_to) is not None and nxt.article is not None:
            assert nxt.article not in seen, "continuation cycle"
            seen.add(nxt.article)
            cur = by_id[nxt.article]
        parts = issue.story_parts(art.id)
        assert art in parts
    for art in issue.articles:
        assert all(lk.kind in LinkKind for lk in art.links)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_text)
def test_any_page_text_parses_to_a_sound_issue(text: str) -> None:
    check_issue(parse_text(text))


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_unicode_text_parses(text: str) -> None:
    check_issue(parse_text(text))


@settings(max_examples=150, deadline=None)
@given(st.lists(page_text, min_size=1, max_size=5), st.integers(min_value=1, max_value=120))
def test_multi_page_text_with_form_feeds(pages: list[str], first: int) -> None:
    check_issue(parse_text("\f".join(pages), default_page=first))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_raise_reader_error(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except ReaderError as exc:
        assert "\n" not in str(exc)
        return
    check_issue(parse_text(text))


@settings(max_examples=100, deadline=None)
@given(page_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_encoded_page_text_reads_back(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return  # lone surrogates or characters GB18030 cannot carry
    try:
        decoded = decode_bytes(data)
    except ReaderError:
        return  # NULs and control-heavy fragments are refused as binary
    if encoding == "utf-8" and text.startswith("\ufeff"):
        text = text[1:]  # encoded, a leading U+FEFF is the UTF-8 mark itself: read as one
    if encoding == "gb18030":
        # UTF-8 is tried first, by rule: GB18030 bytes that are also valid UTF-8 (a lone 十 is
        # b"\xca\xae", UTF-8 for ʮ; a real page is far too long to be both) read as UTF-8
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode("utf-8")
    assert decoded == text
    check_issue(parse_text(decoded))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_text_leaves_no_control_characters(text: str) -> None:
    out = clean_text(text)
    assert not any(_is_bad_char(ch) for ch in out)
    assert "\r" not in out


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_load_issue_on_any_file_raises_only_reader_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    try:
        issue = load_issue(path)
    except ReaderError:
        return
    check_issue(issue)


# Pieces of a paragraph's tail around an author tag: brackets of both widths, names, the
# reporter prefixes, separators, and text that is not a name.
TAIL_PIECES = st.lists(
    st.sampled_from(
        [
            "(",
            "（",
            ")",
            "）",
            "耀文",
            "布轩",
            "本报",
            "记者",
            "通讯员",
            " ",
            "、",
            "·",
            "第2版",
            "AI",
            "。",
            "，",
        ]
    ),
    min_size=1,
    max_size=14,
)


def _author_tag_by_last_bracket(text: str) -> str | None:
    """The tag rule stated plainly: match at the last opening bracket of the tail."""
    import re

    from tui_paper.reader import patterns as P

    lo = max(0, len(text) - 40)
    start = max(text.rfind("(", lo), text.rfind("（", lo))
    m: re.Match[str] | None = P.AUTHOR_TAG_RE.match(text, start) if start >= 0 else None
    if m is None or m.group(1) in P.AUTHOR_TAG_STOP:
        return None
    return " ".join(m.group(1).split())


@given(st.text(alphabet="一二三四五六七八九十", max_size=50), TAIL_PIECES)
def test_the_author_tag_is_the_one_at_the_last_opening_bracket(head: str, tail: list[str]) -> None:
    from tui_paper.model import BlockKind
    from tui_paper.reader.assemble import _author_tag

    text = head + "".join(tail)
    if not text or text[-1] not in ")）":
        text += "）"
    kinds, texts = [BlockKind.PARAGRAPH], [text]
    found = _author_tag(kinds, texts)
    expected = _author_tag_by_last_bracket(text)
    assert (found is None) == (expected is None)
    if expected is not None:
        assert found is not None and " ".join(found.split()) == expected
