"""Pilot tests: every key of the reading app, both layouts, links, filter, palette, safety."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from built_issue import HOSTILE_BODY, HOSTILE_TITLE
from conftest import screen_text, styled_as_a_restyle_would, styles_of
from textual.app import App
from textual.pilot import Pilot

from tui_paper.app import TuiPaperApp, pick_theme, save_screenshot
from tui_paper.model import Article, Block, BlockKind, Issue, Page
from tui_paper.screens.help_screen import HelpScreen
from tui_paper.screens.issue_screen import IssueScreen
from tui_paper.text.linebreak import break_lines, cell_width
from tui_paper.widgets.article_link import ArticleLink
from tui_paper.widgets.article_view import MAX_MEASURE, ArticleView
from tui_paper.widgets.broken_text import BrokenText
from tui_paper.widgets.headline_list import HeadlineList
from tui_paper.widgets.page_tabs import PageTabs

WIDE = (100, 30)
NARROW = (80, 24)


def scr(app: TuiPaperApp) -> IssueScreen:
    screen = app.screen
    assert isinstance(screen, IssueScreen)
    return screen


def open_id(app: TuiPaperApp) -> str | None:
    art = scr(app).article_view.article
    return art.id if art else None


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    for ch in text:
        await pilot.press(ch)
    await pilot.pause()


# -- what is on screen -------------------------------------------------------------------


async def test_front_page_shows_masthead_tabs_and_headlines(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "山城日报" in text
        assert "2025年4月18日 星期五" in text
        assert "第88期（总第12345期）" in text
        # the tabs name each page; the missing page 4 shows as a gap between 3 and 5
        assert re.search(r"3 文化\s*…\s*5 观察", text)
        assert scr(app).headlines.article_ids == ["1-1", "1-2", "1-3"]
        assert "坚持稳中求进" in text  # kicker
        assert "全市春耕备耕有序推进 →2" in text  # continuation mark


async def test_opened_article_loses_its_unread_dot(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "• 全市春耕备耕有序推进" in screen_text(app)
        await press(pilot, "j", "enter")
        assert open_id(app) == "1-2"
        assert "• 全市春耕备耕有序推进" not in screen_text(app)
        assert "1-2" in scr(app).headlines.opened


async def test_continued_part_is_marked_with_its_origin(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "2")
        text = screen_text(app)
        assert "山城新区工业产值增长 ←1" in text
        assert "春耕备耕有序推进 ←1" in text


async def test_article_view_shows_every_part(app: TuiPaperApp) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        await press(pilot, "enter")
        view = scr(app).article_view
        classes = [sorted(w.classes)[0] for w in view.column.query(BrokenText)]
        assert classes[:4] == ["kicker", "title", "subtitle", "meta"]
        assert {"paragraph", "subhead", "caption"} <= set(classes)
        text = screen_text(app)
        assert "本报记者 林晓 实习记者 周远　本报山城4月17日电" in text
        assert "下转第2版 ›" in text
        assert "相关报道见第5版 ›" in text
        links = view.links
        assert all(link.can_focus for link in links)
        await press(pilot, "1", "j", "j", "enter")
        assert "（江河）" in screen_text(app)


# -- layouts -------------------------------------------------------------------------------


async def test_wide_layout_shows_list_and_article_side_by_side(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "enter")
        screen = scr(app)
        lst, view = screen.headlines.region, screen.article_view.region
        assert lst.width > 20 and view.width > 40
        assert lst.right <= view.x  # list left of the article
        assert screen.focused is screen.headlines  # j/k keep moving in the list
        await press(pilot, "j", "enter")
        assert open_id(app) == "1-2"


async def test_narrow_layout_shows_one_pane_and_escape_returns(app: TuiPaperApp) -> None:
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        screen = scr(app)
        assert screen.headlines.region.width > 70
        assert not screen.article_view.display or screen.article_view.region.width == 0
        await press(pilot, "enter")
        assert screen.article_view.region.width == 80
        assert screen.headlines.region.width == 0
        assert screen.focused is screen.article_view
        await press(pilot, "escape")
        assert screen.headlines.region.width > 70
        assert screen.focused is screen.headlines


async def test_keys_pressed_before_the_article_view_mounts_are_not_lost(
    app: TuiPaperApp,
) -> None:
    async with app.run_test(size=NARROW) as pilot:
        screen = scr(app)
        # The first frame is drawn without the article view, which mounts just after it.
        assert not screen.article_view.is_mounted
        await pilot.press("enter")
        await pilot.pause()
        assert open_id(app) == "1-1"
        assert screen.focused is screen.article_view  # narrow: reading takes the focus
        assert screen.article_view.region.width == 80
        title = app.issue.pages[0].articles[0].title
        assert title in screen_text(app)


async def test_list_is_marked_focused_only_while_it_has_the_focus(issue: Issue) -> None:
    app = TuiPaperApp(issue, start_article="1-2", background_work=False)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        screen = scr(app)
        assert screen.focused is screen.article_view  # narrow: the article asked for
        assert not screen.headlines.has_focus
        await press(pilot, "escape")
        assert screen.focused is screen.headlines and screen.headlines.has_focus
        assert styled_as_a_restyle_would(screen)


async def test_article_view_shows_what_it_was_asked_before_it_mounted(issue: Issue) -> None:
    art = next(a for a in issue.articles if a.continues_to is not None and a.blocks)
    view = ArticleView(issue, id="article")
    view.show_hint("先看提示")
    view.show_article(art)
    view.set_keywords(["甲词", "乙词"])
    view.focus()
    assert view.links == [] and view.match_count == 0  # nothing mounted to look at yet
    host: App[None] = App()
    async with host.run_test(size=WIDE) as pilot:
        await host.screen.mount(view)
        await pilot.pause()
        texts = [block.text for block in view.column.query(BrokenText)]
        assert art.title in texts and "先看提示" not in texts  # the last request wins
        assert texts.count(art.blocks[0].text) == 1
        assert "关键词　甲词　乙词" in screen_text(host)  # type: ignore[arg-type]
        assert host.focused is view
        assert len(view.links) == len(art.links)


async def test_resizing_switches_layout_and_rebreaks_lines(app: TuiPaperApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await press(pilot, "enter")
        view = scr(app).article_view
        para = view.column.query(".paragraph").first(BrokenText)
        wide_lines = str(para.render()).split("\n")
        assert max(cell_width(line) for line in wide_lines) <= MAX_MEASURE
        # centred: the text column leaves room on both sides in a wide pane
        col = view.column.region
        left, right = col.x - view.region.x, view.region.right - col.right
        assert left > 4 and right > 4 and abs(left - right) <= 2
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        await pilot.pause()
        narrow_lines = str(para.render()).split("\n")
        assert len(narrow_lines) > len(wide_lines)
        width = view.column.content_region.width
        assert narrow_lines == break_lines(para.text, width)
        assert max(cell_width(line) for line in narrow_lines) <= width


async def test_tiny_terminal_never_crashes(app: TuiPaperApp) -> None:
    async with app.run_test(size=(20, 6)) as pilot:
        keys = [
            "enter",
            "space",
            "pagedown",
            "pageup",
            "c",
            "b",
            "m",
            "m",
            "backspace",
            "escape",
            "]",
            "]",
            "[",
            "3",
            "j",
            "k",
            "down",
            "up",
            "/",
            "x",
            "enter",
            "escape",
            "question_mark",
            "escape",
            "tab",
            "enter",
        ]
        await press(pilot, *keys)
        await pilot.resize_terminal(12, 4)
        await pilot.pause()
        await pilot.resize_terminal(20, 6)
        await press(pilot, "enter", "m")
        assert app.is_running
        assert app.return_code is None


# -- keys ----------------------------------------------------------------------------------


async def test_page_keys_skip_gaps_and_refuse_missing_pages(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        tabs = app.screen.query_one(PageTabs)
        seen = []
        for _ in range(4):
            await press(pilot, "]")
            seen.append(tabs.current)
        assert seen == [2, 3, 5, 5]
        await press(pilot, "[")
        assert tabs.current == 3
        await press(pilot, "1")
        assert tabs.current == 1
        assert scr(app).headlines.article_ids == ["1-1", "1-2", "1-3"]
        await press(pilot, "4")  # page 4 is not in this issue
        assert tabs.current == 1
        assert any("第4版" in str(n.message) for n in app._notifications)


async def test_cursor_keys_move_in_the_list(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        lst = scr(app).headlines
        assert lst.highlighted_article_id == "1-1"
        await press(pilot, "j")
        assert lst.highlighted_article_id == "1-2"
        await press(pilot, "down")
        assert lst.highlighted_article_id == "1-3"
        await press(pilot, "k", "up")
        assert lst.highlighted_article_id == "1-1"


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_space_and_page_keys_scroll_the_article(
    app: TuiPaperApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=(size[0], 14)) as pilot:
        await press(pilot, "enter")
        view = scr(app).article_view
        assert view.scroll_y == 0
        await press(pilot, "space")
        first = view.scroll_y
        assert first > 0
        await press(pilot, "pagedown")
        second = view.scroll_y
        assert second > first
        await press(pilot, "pageup")
        assert view.scroll_y < second
        if size == NARROW:  # the article has the focus: j scrolls it one line
            before = view.scroll_y
            await press(pilot, "j")
            assert view.scroll_y == before + 1


async def test_c_follows_continuation_and_back_returns(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "enter", "c")
        assert open_id(app) == "2-1"
        assert app.screen.query_one(PageTabs).current == 2
        assert "‹ 上接第1版" in screen_text(app)
        await press(pilot, "backspace")
        assert open_id(app) == "1-1"
        assert app.screen.query_one(PageTabs).current == 1
        await press(pilot, "c", "b")
        assert open_id(app) == "1-1"
        await press(pilot, "b")  # history empty: stays, says so
        assert open_id(app) == "1-1"


async def test_back_returns_to_the_same_scroll_position(app: TuiPaperApp) -> None:
    async with app.run_test(size=(80, 12)) as pilot:
        await press(pilot, "enter", "space")
        view = scr(app).article_view
        where = view.scroll_y
        assert where > 0
        await press(pilot, "c")
        assert open_id(app) == "2-1" and view.scroll_y == 0
        await press(pilot, "b")
        await pilot.pause()
        assert open_id(app) == "1-1"
        assert view.scroll_y == where


async def test_c_uses_see_also_when_there_is_no_continuation(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "3", "enter", "c")
        assert open_id(app) == "1-1"
        await press(pilot, "b")
        assert open_id(app) == "3-1"


async def test_focused_link_follows_with_enter(app: TuiPaperApp) -> None:
    async with app.run_test(size=NARROW) as pilot:
        await press(pilot, "2", "enter")
        assert open_id(app) == "2-1"
        await press(pilot, "tab")
        focused = app.screen.focused
        assert isinstance(focused, ArticleLink)
        assert "上接第1版" in str(focused.render())
        await press(pilot, "enter")
        assert open_id(app) == "1-1"
        await press(pilot, "backspace")
        assert open_id(app) == "2-1"


async def test_merged_story_shows_parts_with_dividers(app: TuiPaperApp) -> None:
    async with app.run_test(size=(100, 80)) as pilot:
        await press(pilot, "2", "j", "enter", "m")
        view = scr(app).article_view
        assert view.merged
        text = screen_text(app)
        first = text.index("第1版 · 第1/2部分")
        second = text.index("第2版 · 第2/2部分")
        assert first < text.index("全市已落实春播面积") < second
        assert second < text.index("各地农技人员深入田间地头")
        # links between the story's own parts give way to the dividers
        assert "下转第二版" not in text and "上接第1版" not in text
        await press(pilot, "m")
        assert not view.merged
        assert "第1/2部分" not in screen_text(app)


async def test_filter_narrows_across_pages_and_escape_restores(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        screen = scr(app)
        await press(pilot, "slash")
        assert screen.focused is screen.filter_bar
        await type_text(pilot, "春耕")
        assert screen.headlines.article_ids == ["1-2", "2-2"]
        text = screen_text(app)
        assert text.index("第1版 要闻") < text.index("第2版 综合")
        await press(pilot, "escape")
        assert screen.headlines.article_ids == ["1-1", "1-2", "1-3"]
        assert not screen.filtering


async def test_filter_terms_are_anded_and_reach_subtitle_byline_body(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        screen = scr(app)
        await press(pilot, "slash")
        await type_text(pilot, "量子")  # subtitle only
        assert screen.headlines.article_ids == ["3-1"]
        screen.filter_bar.value = "陈雨"  # byline only
        await pilot.pause()
        assert screen.headlines.article_ids == ["1-2"]
        screen.filter_bar.value = "新区 招商"  # both terms, one article
        await pilot.pause()
        assert screen.headlines.article_ids == ["2-1"]
        screen.filter_bar.value = "新区 不存在的词"
        await pilot.pause()
        assert screen.headlines.article_ids == []
        assert "没有匹配的文章" in screen_text(app)


async def test_filter_enter_opens_first_hit_and_space_types(app: TuiPaperApp) -> None:
    async with app.run_test(size=NARROW) as pilot:
        screen = scr(app)
        await press(pilot, "slash")
        await type_text(pilot, "山城 新区")
        assert screen.filter_bar.value == "山城 新区"  # space and digits type, not act
        assert screen.headlines.article_ids[0] == "1-1"
        await press(pilot, "enter")
        assert open_id(app) == "1-1"
        await press(pilot, "escape")  # article → filtered list
        assert screen.filtering and screen.headlines.article_ids[0] == "1-1"
        await press(pilot, "slash", "escape")  # filter box → page list
        assert not screen.filtering
        assert screen.headlines.article_ids == ["1-1", "1-2", "1-3"]


async def test_palette_finds_a_headline_and_opens_it(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "ctrl+p")
        await type_text(pilot, "社区食堂")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        await pilot.pause()
        assert open_id(app) == "2-3"
        assert app.screen.query_one(PageTabs).current == 2
        await press(pilot, "b")
        assert open_id(app) is None


async def test_help_lists_every_key_and_closes(app: TuiPaperApp) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for phrase in (
            "Next page",
            "Page by number",
            "Whole story",
            "jump history",
            "Filter headlines",
            "palette",
            "Quit",
            "Follow link",
        ):
            assert phrase in text, phrase
        await press(pilot, "escape")
        assert isinstance(app.screen, IssueScreen)


async def test_q_quits(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "q")
        assert app.return_code == 0


async def test_mouse_clicks_choose_pages_and_headlines(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        tabs = app.screen.query_one(PageTabs)
        text = screen_text(app).splitlines()[tabs.region.y]
        x = cell_width(text[: text.index("3 文化")]) + 1
        await pilot.click(PageTabs, offset=(x - tabs.region.x, 0))
        await pilot.pause()
        assert tabs.current == 3
        await pilot.click(HeadlineList, offset=(4, 0))
        await pilot.pause()
        assert open_id(app) == "3-1"


# -- safety and terminals ------------------------------------------------------------------


async def test_hostile_markup_shows_literally_and_does_nothing(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert HOSTILE_TITLE in screen_text(app)
        await press(pilot, "j", "j", "enter")
        text = screen_text(app)
        assert "[bold red]x[/bold red]" in text
        assert "[@click=app.quit]y[/]" in text
        assert HOSTILE_BODY in text
        view = app.screen.query_one(ArticleView)
        body = view.column.query(".paragraph").first(BrokenText)
        await pilot.click(body, offset=(30, 0))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        await press(pilot, "slash")
        await type_text(pilot, "[/]")
        assert scr(app).headlines.article_ids == ["1-3"]
        assert app.is_running


async def test_no_color_renders_without_colour(
    issue: Issue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = TuiPaperApp(issue, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "enter")
        svg = app.export_screenshot()
    colours = set(re.findall(r"(?:fill|color)[:=]\s*\"?#([0-9a-fA-F]{6})", svg))
    # the SVG window buttons and the exporter's default foreground are not the app
    colours -= {"ff5f57", "febc2e", "28c840", "c5c8c6"}
    assert len(colours) > 2
    assert all(c[0:2] == c[2:4] == c[4:6] for c in colours), colours


def test_sixteen_colour_terminals_get_the_ansi_theme() -> None:
    assert pick_theme({"TERM": "linux"}) == "ansi-dark"
    assert pick_theme({"TERM": "screen"}) == "ansi-dark"
    assert pick_theme({"TERM": "xterm-256color"}) == "textual-dark"
    assert pick_theme({"TERM": "linux", "TUI_PAPER_THEME": "nord"}) == "nord"


async def test_linux_console_theme_starts_and_reads(
    issue: Issue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "linux")
    app = TuiPaperApp(issue, background_work=False)
    async with app.run_test(size=NARROW) as pilot:
        await press(pilot, "enter")
        assert app.theme == "ansi-dark"
        assert "山城新区一季度工业产值增长百分之八" in screen_text(app)


async def test_no_animation(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE):
        assert app.animation_level == "none"


def test_every_binding_has_an_id_and_a_description() -> None:
    from textual.binding import Binding

    from tui_paper.widgets.filter_bar import FilterBar

    for owner in (TuiPaperApp, IssueScreen, HeadlineList, ArticleView, ArticleLink, FilterBar):
        for binding in Binding.make_bindings(owner.BINDINGS):
            assert binding.id, (owner.__name__, binding.key)
            assert binding.description, (owner.__name__, binding.key)


def test_save_screenshot_writes_svg(issue: Issue, tmp_path: Path) -> None:
    out = tmp_path / "shot.svg"
    save_screenshot(issue, out, size=(80, 24), page=2, article="2-3")
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert "社区食堂开进老旧小区" in svg


async def test_page_without_headlines_shows_its_text_and_empty_issue_opens() -> None:
    loose = Page(1, None, (), loose_text=("只有一段没有标题的文字。", "[b]第二段[/b]"))
    app = TuiPaperApp(Issue(pages=(loose,)), background_work=False)
    async with app.run_test(size=NARROW) as pilot:
        await press(pilot, "enter", "c", "m", "j")
        text = screen_text(app)
        assert "只有一段没有标题的文字。" in text
        assert "[b]第二段[/b]" in text
        await press(pilot, "escape")
        assert "本版没有标题" in screen_text(app)
    empty = TuiPaperApp(Issue(), background_work=False)
    async with empty.run_test(size=WIDE) as pilot:
        await press(pilot, "enter", "]", "c", "m", "slash", "x", "escape")
        assert "没有任何版面" in screen_text(empty)
        assert empty.is_running


async def test_palette_shows_hostile_headline_literally(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "ctrl+p")
        await type_text(pilot, "视频")
        await pilot.pause(0.3)
        assert "[视频] 标题 [/]" in screen_text(app)
        await press(pilot, "enter")
        await pilot.pause()
        assert open_id(app) == "1-3"
        assert app.is_running


async def test_control_characters_never_reach_the_screen() -> None:
    art = Article(
        "1-1", 1, "标题\x1b[31m红", blocks=(Block(BlockKind.PARAGRAPH, "正文\x1b]0;x\x07尾\x9b"),)
    )
    app = TuiPaperApp(Issue(pages=(Page(1, "要闻", (art,)),)), background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "enter")
        svg = app.export_screenshot()
        text = screen_text(app)
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
        assert "\x1b" not in svg
        assert "正文" in text


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["100x30", "80x24"])
async def test_main_keys_in_both_layouts(app: TuiPaperApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        screen = scr(app)
        tabs = app.screen.query_one(PageTabs)
        await press(pilot, "]", "[", "2")
        assert tabs.current == 2
        await press(pilot, "1", "j", "k", "down", "up", "enter")
        assert open_id(app) == "1-1"
        await press(pilot, "space", "pagedown", "pageup")
        await press(pilot, "c")
        assert open_id(app) == "2-1" and tabs.current == 2
        await press(pilot, "m")
        assert screen.article_view.merged
        await press(pilot, "m", "backspace")
        assert open_id(app) == "1-1"
        await press(pilot, "escape")
        if size == NARROW:
            assert not screen.reading and screen.focused is screen.headlines
        await press(pilot, "slash", *"社区", "enter")
        assert open_id(app) == "2-3"
        await press(pilot, "escape", "escape")
        if size == NARROW:
            await press(pilot, "slash", "escape")
        assert not screen.filtering
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "question_mark", "q")
        assert app.return_code == 0


async def test_clicking_a_link_follows_it(app: TuiPaperApp) -> None:
    async with app.run_test(size=(100, 60)) as pilot:
        await press(pilot, "enter")
        link = next(lk for lk in scr(app).article_view.links if "下转" in str(lk.render()))
        await pilot.click(link)
        await pilot.pause()
        assert open_id(app) == "2-1"


async def test_shrinking_while_reading_keeps_the_article_in_view(app: TuiPaperApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "j", "enter")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        screen = scr(app)
        assert screen.article_view.region.width == 80
        assert screen.focused is screen.article_view
        await press(pilot, "escape")
        assert screen.headlines.region.width > 70
        assert screen.headlines.highlighted_article_id == "1-2"
        await press(pilot, "end")
        assert screen.headlines.highlighted_article_id == "1-3"
        await press(pilot, "home")
        assert screen.headlines.highlighted_article_id == "1-1"


@pytest.mark.parametrize("size", [WIDE, NARROW])
@pytest.mark.parametrize("opened", [False, True])
async def test_first_screen_is_styled_as_a_full_restyle_would_style_it(
    issue: Issue, size: tuple[int, int], opened: bool
) -> None:
    # The screen skips Textual's restyle of its first resume (it was styled as it mounted):
    # every node must already hold what restyling the whole screen would give it.
    start = issue.pages[0].articles[0].id if opened else None
    app = TuiPaperApp(issue, start_article=start)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = scr(app)
        assert screen._resumed
        assert len(styles_of(screen)) > 10
        # the list is marked focused before it mounts: the mark must match the focus
        assert screen.headlines.has_focus == (screen.focused is screen.headlines)
        assert styled_as_a_restyle_would(screen)
