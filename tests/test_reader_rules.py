"""Every recognition rule of the reader, each on a small inline page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tui_paper.model import Article, BlockKind, Issue, LinkKind
from tui_paper.reader import ReaderError, load_issue, parse_text


def one(text: str) -> Article:
    issue = parse_text(text)
    assert len(issue.articles) == 1, [a.title for a in issue.articles]
    return issue.articles[0]


def kinds(art: Article) -> list[str]:
    return [b.kind.value for b in art.blocks]


# ---- masthead -------------------------------------------------------------------------------

MASTHEAD = """主管：虚构省科学技术协会

主办：星河科技报社 星河数字传媒有限公司

星河科技报社出版

国内统一连续出版物号：CN 99-1234

邮发代号：9-87

http://www.xinghe.example

星河出版物

2025年6月18日

星期三

今日12版

第88期(总第8888期)

# 标题

正文。
"""


def test_masthead_fields() -> None:
    issue = parse_text(MASTHEAD)
    m = issue.masthead
    assert m.supervisor == "虚构省科学技术协会"
    assert m.sponsors == ("星河科技报社", "星河数字传媒有限公司")
    assert m.publisher == "星河科技报社"
    assert m.name == "星河科技报"
    assert m.serial == "CN 99-1234"
    assert m.postal_code == "9-87"
    assert m.url == "http://www.xinghe.example"
    assert m.date == dt.date(2025, 6, 18)
    assert m.weekday == "星期三"
    assert m.page_count == 12
    assert (m.issue_number, m.total_issue_number) == (88, 8888)
    page = issue.pages[0]
    # what is not a masthead field stays with the page, never with the article
    assert "星河出版物" in page.header_lines
    assert issue.articles[0].blocks[0].text == "正文。"


def test_masthead_lines_after_a_headline_are_article_text() -> None:
    art = one("# 标题\n\n主管单位的同志说，今日8版的报纸很好看。\n")
    assert art.blocks[0].text == "主管单位的同志说，今日8版的报纸很好看。"


# ---- headlines, kicker, subtitle ------------------------------------------------------------


@pytest.mark.parametrize("marks", ["#", "##", "###"])
def test_headline_levels(marks: str) -> None:
    assert one(f"{marks} 一个标题\n\n正文。\n").title == "一个标题"


def test_kicker_is_the_headline_above_the_title() -> None:
    art = one("## 引题在上\n\n### 主标题在下\n\n——副题在后\n\n本报记者 张三\n\n正文。\n")
    assert (art.kicker, art.title, art.subtitle) == ("引题在上", "主标题在下", "——副题在后")
    assert art.byline == "本报记者 张三"
    assert art.blocks[0].text == "正文。"


def test_headline_after_body_starts_a_new_article_with_ids() -> None:
    issue = parse_text("# 甲\n\n正文一。\n\n### 乙\n\n正文二。\n\n## 丙\n\n正文三。\n")
    assert [(a.id, a.title, a.kicker) for a in issue.articles] == [
        ("1-1", "甲", None),
        ("1-2", "乙", None),
        ("1-3", "丙", None),
    ]


def test_dash_line_later_in_the_body_is_text() -> None:
    art = one("# 标题\n\n第一段。\n\n——这是引语的出处。\n")
    assert art.subtitle is None
    assert art.blocks[-1].text == "——这是引语的出处。"


def test_bold_marks_leave_headlines() -> None:
    assert one("## **加粗的标题**\n\n正文。\n").title == "加粗的标题"


# ---- bylines and datelines --------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "本报记者 徐恒 实习记者 路轶晨",
        "记者 孟川 韩露",
        "实习记者 赵一然",
        "本报记者　张琪玮",
        "本报记者 艾力·买买提",
    ],
)
def test_byline_paragraph(line: str) -> None:
    art = one(f"# 标题\n\n{line}\n\n正文。\n")
    assert art.byline == line
    assert kinds(art) == ["paragraph"]


@pytest.mark.parametrize(
    "para", ["记者了解到，这项工作进展顺利。", "记者 Li Ming 5G", "本报记者 2024"]
)
def test_sentence_starting_with_reporter_is_not_a_byline(para: str) -> None:
    art = one(f"# 标题\n\n{para}\n")
    assert art.byline is None
    assert art.blocks[0].text == para


@pytest.mark.parametrize(
    ("para", "dateline", "rest"),
    [
        ("**本报讯** 3月26日，会议召开。", "本报讯", "3月26日，会议召开。"),
        (
            "**本报讯** 记者徐恒报道:3月26日，会议召开。",
            "本报讯 记者徐恒报道",
            "3月26日，会议召开。",
        ),
        ("本报北京5月5日电 在今天发布的案例中。", "本报北京5月5日电", "在今天发布的案例中。"),
        ("记者张远帆报道：5月5日，工厂投产。", "记者张远帆报道", "5月5日，工厂投产。"),
    ],
)
def test_dateline_leaves_the_rest_as_text(para: str, dateline: str, rest: str) -> None:
    art = one(f"# 标题\n\n{para}\n")
    assert art.dateline == dateline
    assert art.blocks[0].text == rest


# ---- author tags, captions, sub-heads ----------------------------------------------------------


@pytest.mark.parametrize("tag", ["(耀文)", "（布轩）", "(记者 张三)", "（艾力·买买提）"])
def test_closing_author_tag(tag: str) -> None:
    art = one(f"# 标题\n\n第一段。\n\n最后一段。{tag}\n")
    assert art.author == tag[1:-1]
    assert art.blocks[-1].text == "最后一段。"


def test_author_tag_on_its_own_line_leaves_no_empty_paragraph() -> None:
    art = one("# 标题\n\n最后一段。\n\n(耀文)\n")
    assert art.author == "耀文"
    assert [b.text for b in art.blocks] == ["最后一段。"]


def test_bracket_that_is_not_a_name_stays() -> None:
    art = one("# 标题\n\n增长了三成（上图）\n")
    assert art.author is None
    assert art.blocks[-1].text == "增长了三成（上图）"


def test_caption_is_kept_and_never_joins() -> None:
    art = one("# 标题\n\n图为工人在车间检修设备\n\n随后他们走进了车间。\n")
    assert [(b.kind, b.text) for b in art.blocks] == [
        (BlockKind.CAPTION, "图为工人在车间检修设备"),
        (BlockKind.PARAGRAPH, "随后他们走进了车间。"),
    ]


def test_bold_line_is_a_subhead_and_two_stacked_make_one() -> None:
    art = one(
        "# 标题\n\n开头。\n\n**第一行小标题**  \n**第二行小标题**  \n"
        "随着政策落地\n\n企业订单增加。\n"
    )
    assert [(b.kind.value, b.text) for b in art.blocks] == [
        ("paragraph", "开头。"),
        ("subhead", "第一行小标题\n第二行小标题"),
        ("paragraph", "随着政策落地企业订单增加。"),
    ]


def test_deeper_heading_inside_a_story_is_a_subhead() -> None:
    art = one("# 标题\n\n开头。\n\n#### 一个小节\n\n正文。\n")
    assert kinds(art) == ["paragraph", "subhead", "paragraph"]


# ---- column-break repair ---------------------------------------------------------------------


def test_column_break_joins_an_unfinished_paragraph() -> None:
    art = one("# 标题\n\n对于稳定社会\n\n预期、促进经济增长。\n\n下一段。\n")
    assert [b.text for b in art.blocks] == ["对于稳定社会预期、促进经济增长。", "下一段。"]


def test_unfinished_quote_joins_but_finished_quote_does_not() -> None:
    art = one("# 标题\n\n一件“白色泡泡袖衬\n\n衣”从输入文字开始。\n\n他说：“好。”\n\n然后离开。\n")
    assert [b.text for b in art.blocks] == [
        "一件“白色泡泡袖衬衣”从输入文字开始。",
        "他说：“好。”",
        "然后离开。",
    ]


def test_latin_words_keep_a_space_across_a_break() -> None:
    art = one("# 标题\n\n平台名为open\n\nsource计划。\n")
    assert art.blocks[0].text == "平台名为open source计划。"


@pytest.mark.parametrize(
    "between",
    ["图为一张照片", "**小标题**", "本报记者 张三"],
    ids=["caption", "subhead", "byline"],
)
def test_nothing_joins_across_captions_subheads_bylines(between: str) -> None:
    art = one(f"# 标题\n\n没有句号的段落\n\n{between}\n\n下一段。\n")
    texts = [b.text for b in art.blocks]
    assert "没有句号的段落" in texts
    assert "下一段。" in texts


def test_headline_never_joins_the_previous_paragraph() -> None:
    issue = parse_text("# 甲\n\n没有句号\n\n# 乙\n\n正文。\n")
    assert issue.articles[0].blocks[0].text == "没有句号"
    assert issue.articles[1].blocks[0].text == "正文。"


# ---- continuation markers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marker", "page", "printed"),
    [
        ("(下转第2版)", 2, "2"),
        ("（下转第二版）", 2, "二"),
        ("下转02版", 2, "02"),
        ("(转第4版)", 4, "4"),
        ("（下转第十一版）", 11, "十一"),
        ("(下转第九十九版)", 99, "九十九"),
        ("转A2版", 2, "A2"),
    ],
)
def test_out_marker_forms(marker: str, page: int, printed: str) -> None:
    art = one(f"# 标题\n\n第一段结束了。{marker}\n")
    assert art.continues_to is not None
    assert (art.continues_to.page, art.continues_to.article) == (page, None)
    assert art.continues_to.page_text == printed
    assert art.blocks[-1].text == "第一段结束了。"


@pytest.mark.parametrize(
    ("marker", "page"),
    [
        ("(上接第1版)", 1),
        ("（上接第一版）", 1),
        ("◀上接A01版", 1),
        ("(接第1版)", 1),
        ("(紧接第3版)", 3),
    ],
)
def test_in_marker_forms_at_paragraph_start(marker: str, page: int) -> None:
    issue = parse_text(f"第5版\n\n# 标题\n\n{marker}正文继续。\n")
    art = issue.articles[0]
    assert art.continued_from is not None
    assert art.continued_from.page == page
    assert art.blocks[0].text == "正文继续。"


def test_marker_on_its_own_line_leaves_no_empty_paragraph() -> None:
    art = one("# 标题\n\n正文。\n\n下转03版\n")
    assert [b.text for b in art.blocks] == ["正文。"]
    assert art.continues_to is not None and art.continues_to.page == 3


def test_words_that_merely_contain_zhuan_are_text() -> None:
    art = one("# 标题\n\n项目对接第2版规划\n\n转向汛前排查。\n")
    assert art.continues_to is None and art.continued_from is None
    assert art.blocks[0].text == "项目对接第2版规划转向汛前排查。"


@pytest.mark.parametrize("para", ["规划已对接第2版", "对接第2版"])
def test_a_word_ending_in_jie_before_a_page_is_not_a_marker(para: str) -> None:
    art = one(f"# 标题\n\n{para}\n")
    assert art.continues_to is None and art.continued_from is None
    assert art.blocks[0].text == para


def test_paragraph_ending_in_a_marker_never_joins() -> None:
    issue = parse_text(
        "# 甲\n\n为了加快形成(下转第2版)\n\n第2版\n\n# 乙\n\n(上接第1版)新质生产力。\n"
    )
    assert issue.articles[0].blocks[-1].text == "为了加快形成"


# ---- see-also ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "pages"),
    [
        ("（相关报道见第三版）", [3]),
        ("（讲话全文见第十、十一版）", [10, 11]),
        ("（讲话全文见第二、四版）", [2, 4]),
        ("(详见第5版)", [5]),
    ],
)
def test_see_also_one_link_per_page(ref: str, pages: list[int]) -> None:
    art = one(f"# 标题\n\n市长出席会议并讲话{ref}。\n")
    assert [lk.page for lk in art.see_also] == pages
    assert all(lk.article is None and lk.kind is LinkKind.SEE_ALSO for lk in art.see_also)
    assert ref in art.blocks[0].text  # the reference stays readable in the text


# ---- pages -------------------------------------------------------------------------------------

MULTI = """第01版 要闻

# 头版文章

头版正文结束。(下转第二版)

2025年5月6日 星期二

第02版：综合

责任编辑：刘青禾

电话：0999-1234567

## 二版文章

（上接第一版）二版正文。

第三版

## 三版文章

三版正文。

A4版

## 四版文章

四版正文。
\f## 五版文章

五版正文。
"""


def test_page_headers_labels_and_running_headers() -> None:
    issue = parse_text(MULTI)
    assert [(p.number, p.label, p.code) for p in issue.pages] == [
        (1, "要闻", None),
        (2, "综合", None),
        (3, None, None),
        (4, None, "A4"),
        (5, None, None),
    ]
    p2 = issue.pages[1]
    assert p2.header_lines == (
        "2025年5月6日 星期二",
        "第02版：综合",
        "责任编辑：刘青禾",
        "电话：0999-1234567",
    )
    for art in issue.articles:
        for block in art.blocks:
            assert "责任编辑" not in block.text and "星期二" not in block.text
    assert [a.id for a in issue.articles] == ["1-1", "2-1", "3-1", "4-1", "5-1"]


def test_form_feeds_alone_separate_pages() -> None:
    issue = parse_text("# 一\n\n正文。\n\f# 二\n\n正文。\n\f\f# 三\n\n正文。\n", default_page=3)
    assert [p.number for p in issue.pages] == [3, 4, 5]


def test_running_header_at_page_bottom_belongs_to_the_page() -> None:
    issue = parse_text("# 标题\n\n正文。\n\n责任编辑：王五\n")
    assert issue.pages[0].header_lines == ("责任编辑：王五",)
    assert [b.text for b in issue.articles[0].blocks] == ["正文。"]


def test_file_without_headlines_keeps_its_text_with_a_warning() -> None:
    issue = parse_text("这是一段没有标题的文字。\n\n还有一段。\n")
    assert len(issue.pages) == 1
    assert issue.pages[0].articles == ()
    assert issue.pages[0].loose_text == ("这是一段没有标题的文字。", "还有一段。")
    assert issue.warnings


def test_empty_text_is_one_empty_page_with_a_warning() -> None:
    issue = parse_text("")
    assert len(issue.pages) == 1 and issue.pages[0].articles == ()
    assert issue.warnings


def test_continued_part_without_headline_takes_the_first_part_title() -> None:
    issue = parse_text(
        "# 原标题\n\n正文。(下转第2版)\n\f（上接第一版）续文。\n\n# 另一篇\n\n正文。\n"
    )
    first, cont, other = issue.articles
    assert cont.id == "2-1" and cont.title == "原标题"
    assert first.continues_to is not None and first.continues_to.article == "2-1"
    assert cont.continued_from is not None and cont.continued_from.article == "1-1"
    assert other.title == "另一篇"


# ---- resolution --------------------------------------------------------------------------------


def test_resolution_by_title_likeness_when_parts_are_printed_in_reverse() -> None:
    text = (
        "# 沿河绿道全线贯通 串起十二座口袋公园\n\n正文。(下转第3版)\n\n"
        "# 河湾一件事一次办改革入选全国营商环境创新案例\n\n正文。下转第3版\n"
        "\f\f第3版\n\n## 一件事一次办改革入选全国案例\n\n(接第1版)续。\n\n"
        "## 沿河绿道全线贯通\n\n(上接第1版)续。\n"
    )
    issue = parse_text(text)
    assert [p.number for p in issue.pages] == [1, 3]
    a, b = issue.pages[0].articles
    assert a.continues_to is not None and a.continues_to.article == "3-2"
    assert b.continues_to is not None and b.continues_to.article == "3-1"
    assert issue.article("3-1").continued_from.article == "1-2"  # type: ignore[union-attr]
    assert issue.article("3-2").continued_from.article == "1-1"  # type: ignore[union-attr]
    assert [x.id for x in issue.story_parts("3-2")] == ["1-1", "3-2"]


def test_two_unrelated_candidates_are_left_unresolved_not_guessed() -> None:
    text = (
        "# 甲乙丙丁\n\n正文。(下转第2版)\n\n# 戊己庚辛\n\n正文。(下转第2版)\n"
        "\f## 子丑寅卯\n\n(上接第1版)续。\n\n## 辰巳午未\n\n(上接第1版)续。\n"
    )
    issue = parse_text(text)
    for art in issue.articles:
        for link in art.links:
            assert link.article is None
    assert any("could not be told apart" in w for w in issue.warnings)


def test_absent_target_page_keeps_the_page_and_no_article() -> None:
    art = one("# 标题\n\n正文。(下转第7版)\n")
    assert art.continues_to is not None
    assert (art.continues_to.page, art.continues_to.article) == (7, None)


def test_in_marker_naming_another_page_does_not_pair() -> None:
    issue = parse_text("# 甲\n\n正文。(下转第2版)\n\f## 乙\n\n(上接第5版)续。\n")
    assert issue.articles[0].continues_to.article is None  # type: ignore[union-attr]
    assert issue.articles[1].continued_from.article is None  # type: ignore[union-attr]


def test_no_cycle_even_when_markers_point_both_ways() -> None:
    text = "# 甲\n\n(上接第2版)正文。(下转第2版)\n\f## 甲\n\n(上接第1版)正文。(下转第1版)\n"
    issue = parse_text(text)
    for art in issue.articles:
        parts = issue.story_parts(art.id)
        assert len({p.id for p in parts}) == len(parts)
    nxt = {a.id: a.continues_to.article for a in issue.articles if a.continues_to}
    # following the links never comes back to the start
    for start in nxt:
        seen: set[str] = set()
        cur: str | None = start
        while cur is not None and cur in nxt:
            assert cur not in seen
            seen.add(cur)
            cur = nxt[cur]


def test_same_page_continuation_resolves() -> None:
    text = "# 上面的故事\n\n正文。(下转第1版)\n\n## 上面的故事\n\n(上接第1版)续完。\n"
    issue = parse_text(text)
    a, b = issue.articles
    assert a.continues_to.article == b.id  # type: ignore[union-attr]
    assert b.continued_from.article == a.id  # type: ignore[union-attr]


# ---- folders -----------------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_folder_page_numbers_from_header_then_name_then_order(tmp_path: Path) -> None:
    _write(tmp_path / "01.md", "# 一版\n\n正文。(下转第2版)\n")
    _write(tmp_path / "page-2.md", "## 二版\n\n(上接第1版)续。\n")
    _write(tmp_path / "A03.txt", "## 三版\n\n正文。\n")
    _write(tmp_path / "zz.txt", "第8版 副刊\n\n## 八版\n\n正文。\n")
    _write(tmp_path / "misc.txt", "## 无号\n\n正文。\n")
    _write(tmp_path / "README.md", "# 说明\n\n不是版面。\n")
    _write(tmp_path / "image.png", "not a page")
    issue = load_issue(tmp_path)
    numbers = [(p.number, p.code, p.label) for p in issue.pages]
    assert numbers[:3] == [(1, None, None), (2, None, None), (3, "A3", None)]
    assert (8, None, "副刊") in numbers
    assert len(issue.pages) == 5
    assert "说明" not in [a.title for a in issue.articles]
    assert issue.article("1-1").continues_to.article == "2-1"  # type: ignore[union-attr]


def test_folder_without_pages_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "notes.png").write_bytes(b"\x89PNG")
    with pytest.raises(ReaderError) as info:
        load_issue(tmp_path)
    assert "no page files" in str(info.value)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as info:
        load_issue(tmp_path / "nope.txt")
    assert "no such file" in str(info.value)


def test_issue_source_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    _write(path, "# 标题\n\n正文。\n")
    issue: Issue = load_issue(str(path))
    assert issue.source == str(path)


def test_cross_reference_range_links_every_page_in_it() -> None:
    issue = parse_text("# 标题\n\n会议审议了报告。（详见第三至五版）\n")
    assert [lk.page for lk in issue.articles[0].see_also] == [3, 4, 5]


def test_articles_built_fast_are_ordinary_frozen_articles() -> None:
    import dataclasses
    import pickle

    from tui_paper.model import Article

    issue = parse_text(
        "# 引题在此\n\n# 正题在此\n\n——副题在此\n\n本报记者 张三\n\n"
        "**本报讯** 第一段。(下转第2版)\n\n第2版\n\n# 正题\n\n"
        "(上接第1版)续文。（相关报道见第三版）(耀文)"
    )
    assert len(issue.articles) == 2
    for art in issue.articles:
        # every field is set (a field the fast path forgot would raise here)
        values = {f.name: getattr(art, f.name) for f in dataclasses.fields(Article)}
        plain = Article(**values)
        assert art == plain and hash(art) == hash(plain)
        assert pickle.loads(pickle.dumps(art)) == art
        with pytest.raises(dataclasses.FrozenInstanceError):
            art.title = "改写"  # type: ignore[misc]
    first, second = issue.articles
    assert (first.kicker, first.title, first.subtitle) == ("引题在此", "正题在此", "——副题在此")
    assert first.byline == "本报记者 张三" and first.dateline == "本报讯"
    assert second.author == "耀文" and second.continued_from is not None


def test_blocks_built_fast_are_ordinary_frozen_blocks() -> None:
    import dataclasses
    import pickle

    from tui_paper.model import Block
    from tui_paper.reader.assemble import make_blocks

    kinds = [BlockKind.PARAGRAPH, BlockKind.SUBHEAD, BlockKind.CAPTION]
    texts = ["正文。", "小标题", "图为现场"]
    fast = make_blocks(kinds, texts)
    assert fast == tuple(Block(k, t) for k, t in zip(kinds, texts, strict=True))
    assert [hash(b) for b in fast] == [hash(Block(k, t)) for k, t in zip(kinds, texts, strict=True)]
    assert pickle.loads(pickle.dumps(fast)) == fast
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast[0].text = "改写"  # type: ignore[misc]
    with pytest.raises(ValueError):
        make_blocks(kinds, texts[:2])  # never a block without its text
    # the parser uses it for every article body
    issue = parse_text("# 标题\n\n第一段。\n\n**小标题**\n\n图为现场。")
    assert [(b.kind, b.text) for b in issue.articles[0].blocks] == [
        (BlockKind.PARAGRAPH, "第一段。"),
        (BlockKind.SUBHEAD, "小标题"),
        (BlockKind.CAPTION, "图为现场。"),
    ]


def test_model_values_compare_hash_and_print_field_by_field() -> None:
    from tui_paper.model import Block, Link, LinkKind, Masthead

    one = Link(LinkKind.CONTINUES_TO, 2, "2-1", "二")
    same = Link(LinkKind.CONTINUES_TO, 2, "2-1", "二")
    assert one == same and hash(one) == hash(same)
    assert len({one, same}) == 1
    assert one != Link(LinkKind.CONTINUES_TO, 2, "2-2", "二")  # any field differs
    assert one != Link(LinkKind.CONTINUED_FROM, 2, "2-1", "二")
    assert one != (LinkKind.CONTINUES_TO, 2, "2-1", "二")  # a tuple of the values is not it
    # classes with the same fields' values are still different things
    assert Block(BlockKind.PARAGRAPH, "甲") != Masthead(name="甲")
    assert repr(Block(BlockKind.CAPTION, "图为")) == (
        "Block(kind=<BlockKind.CAPTION: 'caption'>, text='图为')"
    )
    assert repr(one) == (
        "Link(kind=<LinkKind.CONTINUES_TO: 'continues_to'>, page=2, article='2-1', page_text='二')"
    )
