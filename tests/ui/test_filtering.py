"""The substring engine behind the filter box before jieba is ready, and the result cap."""

from __future__ import annotations

import subprocess
import sys

import pytest
from built_issue import build_issue
from conftest import screen_text
from hypothesis import given
from hypothesis import strategies as st
from textual.strip import Strip
from textual.widget import Widget

from tui_paper.app import TuiPaperApp
from tui_paper.model import Article, Block, BlockKind, Issue, Page
from tui_paper.screens.filtering import SubstringFilter, split_terms
from tui_paper.screens.issue_screen import _has_terms
from tui_paper.widgets.headline_list import MAX_SHOWN


def _fresh(q: str) -> list[str]:
    return [h.id for h in SubstringFilter(build_issue()).query(q)]


def test_title_hits_rank_above_body_hits() -> None:
    # 5-1 names 产业链 in its title; 1-1, earlier in the issue, only in its body
    assert _fresh("产业链") == ["5-1", "1-1"]


def test_typing_on_and_back_gives_the_same_answers_as_a_fresh_search() -> None:
    engine = SubstringFilter(build_issue())
    for q in ["新", "新区", "新区 招", "新区 招商", "新区", "春", "春耕", ""]:
        assert [h.id for h in engine.query(q)] == _fresh(q), q


def test_terms_match_case_insensitively_and_literally() -> None:
    issue = Issue(
        pages=(
            Page(
                1,
                None,
                (
                    Article("1-1", 1, "AI芯片", blocks=(Block(BlockKind.PARAGRAPH, "a.*b (x"),)),
                    Article("1-2", 1, "其他"),
                ),
            ),
        )
    )
    engine = SubstringFilter(issue)
    assert [h.id for h in engine.query("ai")] == ["1-1"]
    assert [h.id for h in engine.query(".*")] == ["1-1"]
    assert [h.id for h in engine.query("(")] == ["1-1"]
    assert engine.query("   ") == []


async def test_a_huge_result_is_capped_with_a_note() -> None:
    arts = tuple(Article(f"1-{i}", 1, f"测试标题{i}") for i in range(1, MAX_SHOWN * 3))
    app = TuiPaperApp(Issue(pages=(Page(1, "要闻", arts),)), background_work=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"测试")
        await pilot.pause()
        screen = app.screen
        assert len(screen.headlines.article_ids) == MAX_SHOWN  # type: ignore[attr-defined]
        screen.headlines.scroll_end(animate=False, immediate=True)  # type: ignore[attr-defined]
        await pilot.pause()
        assert "只列出最相关的" in screen_text(app)


async def test_results_repaint_and_the_scrollbar_comes_and_goes_as_they_grow_and_shrink() -> None:
    # The list lays itself out again only when a scrollbar appears or vanishes; every
    # other keystroke just repaints it. Both must show what the filter found.
    arts = [Article(f"1-{i}", 1, f"长列表条目{i}") for i in range(1, 60)]
    arts.append(Article("1-99", 1, "独一无二的标题"))
    app = TuiPaperApp(Issue(pages=(Page(1, "要闻", tuple(arts)),)), background_work=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        headlines = screen.headlines  # type: ignore[attr-defined]
        await pilot.press("slash", *"条目")
        await pilot.pause()
        assert headlines.show_vertical_scrollbar  # 50 entries do not fit in 25 rows
        assert "长列表条目1" in screen_text(app)
        await pilot.press("backspace", "backspace", *"独一")
        await pilot.pause()
        assert not headlines.show_vertical_scrollbar
        assert headlines.article_ids == ["1-99"]
        text = screen_text(app)
        assert "独一无二的标题" in text and "长列表条目" not in text
        await pilot.press("backspace", "backspace", *"条目")
        await pilot.pause()
        assert headlines.show_vertical_scrollbar
        assert "长列表条目1" in screen_text(app)
        # the scrollbar can be dragged to the end of the results: its size is up to date
        headlines.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert "只列出最相关的" in screen_text(app)


async def test_results_beyond_the_first_screen_follow_and_a_newer_filter_wins() -> None:
    # The entries that fill the list are shown with the typed character, the rest a frame
    # later; held-back entries of an older filter must never join a newer one's list.
    arts = tuple(Article(f"1-{i}", 1, f"条目{i}") for i in range(1, 80))
    issue = Issue(pages=(Page(1, "要闻", arts[:40]), Page(2, "综合", arts[40:])))
    app = TuiPaperApp(issue, background_work=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        headlines = screen.headlines  # type: ignore[attr-defined]
        pages = {p.number: p for p in issue.pages}
        headlines.show_results([(pages[1], arts[:40]), (pages[2], arts[40:50])], None)
        first = headlines.option_count
        assert first < 52  # one screenful (25 rows) and a little more, not all 50 + headers
        headlines.show_results([(pages[2], arts[45:79])], None)  # also long: held back too
        await pilot.pause()
        # only the newer list: its header and its 34 entries, each once
        assert headlines.option_count == 35
        assert headlines.article_ids == [a.id for a in arts[45:79]]
        ids = [headlines.get_option_at_index(i).id for i in range(headlines.option_count)]
        assert ids == ["page-2", *(a.id for a in arts[45:79])]
        headlines.show_results([(pages[1], arts[:40]), (pages[2], arts[40:50])], None)
        await pilot.pause()
        assert headlines.option_count == 50 + 2 + 1  # entries, two page headers, the note
        ids = [headlines.get_option_at_index(i).id for i in range(headlines.option_count)]
        assert [i for i in ids if i and not i.startswith("page-")] == [a.id for a in arts[:50]]


def _lines_drawn(widget: Widget) -> list[int]:
    """The lines ``widget`` draws from now on, as it draws them (cached lines are not)."""
    drawn: list[int] = []
    draw = widget.render_line

    def counting(y: int) -> Strip:
        drawn.append(y)
        return draw(y)

    widget.render_line = counting  # type: ignore[method-assign]
    return drawn


async def test_results_appended_below_the_screen_repaint_only_the_scrollbar() -> None:
    # The entries held back from a keystroke's frame go below the rows on screen: sending
    # every row again for them would double what a keystroke costs over SSH.
    arts = tuple(Article(f"1-{i}", 1, f"条目{i}") for i in range(1, 80))
    app = TuiPaperApp(Issue(pages=(Page(1, "要闻", arts),)), background_work=False)
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.screen.headlines  # type: ignore[attr-defined]
        drawn = _lines_drawn(headlines)
        before_rest: list[tuple[int, list[str]]] = []
        add_rest = headlines._add_rest

        def adding_rest(*args: object) -> None:
            before_rest.append((headlines.option_count, screen_text(app).splitlines()[4:-2]))
            drawn.clear()
            add_rest(*args)

        headlines._add_rest = adding_rest
        await pilot.press("slash", *"条目")
        await pilot.pause()
        held_back, rows = before_rest[-1]
        assert "条目1" in "".join(rows)
        assert headlines.option_count > held_back  # the rest came
        assert drawn == []  # and not one of the list's rows was drawn again for it
        after = screen_text(app).splitlines()[4:-2]

        def listed(rows: list[str]) -> list[str]:  # the list's text, without its scrollbar
            bar = str.maketrans({chr(c): " " for c in range(ord("▁"), ord("█") + 1)})
            return [r.split("▕")[0].translate(bar).rstrip() for r in rows]

        assert listed(after) == listed(rows)
        assert headlines.virtual_size.height == len(headlines._lines)  # the bar knows all
        headlines.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert "只列出最相关的" in screen_text(app)


async def test_a_shown_scrollbar_is_drawn_once_per_keystroke_with_the_whole_list() -> None:
    # Drawn for the first screenful and again for the whole list a frame later, it cost the
    # results time; it stays shown meanwhile and gets its size with the rest.
    arts = tuple(Article(f"1-{i}", 1, f"条目{i}") for i in range(1, 80))
    app = TuiPaperApp(Issue(pages=(Page(1, "要闻", arts),)), background_work=False)
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.screen.headlines  # type: ignore[attr-defined]
        await pilot.press("slash", "条")
        await pilot.pause()
        bar = headlines.vertical_scrollbar
        assert headlines.show_vertical_scrollbar
        drawn = _lines_drawn(bar)
        seen_before_rest: list[tuple[int, bool]] = []
        add_rest = headlines._add_rest

        def adding_rest(*args: object) -> None:
            seen_before_rest.append((len(drawn), headlines.show_vertical_scrollbar))
            add_rest(*args)

        headlines._add_rest = adding_rest
        await pilot.press("目")
        await pilot.pause()
        await pilot.pause()
        assert seen_before_rest == [(0, True)]  # not drawn with the first screenful
        assert drawn  # drawn with the whole list
        assert bar.window_virtual_size == len(headlines._lines) == headlines.virtual_size.height
        headlines.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert "只列出最相关的" in screen_text(app)


async def test_titles_are_broken_for_the_width_left_beside_the_scrollbar() -> None:
    # A filter whose results overflow the list brings a scrollbar, which takes a column:
    # the titles must be broken for the narrower width, never cut at the right edge.
    from tui_paper.paths import default_issue_path
    from tui_paper.reader import load_issue

    issue = load_issue(default_issue_path())
    app = TuiPaperApp(issue, background_work=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", "的")
        await pilot.pause()
        headlines = app.screen.headlines  # type: ignore[attr-defined]
        assert headlines.show_vertical_scrollbar
        listed = [issue.article(i) for i in headlines.article_ids]
        for _ in range(3):  # the whole list, a screenful at a time
            rows = [line.split("▕")[0] for line in screen_text(app).splitlines()[4:-1]]
            shown = "".join("".join(rows).split())
            shown = "".join(ch for ch in shown if ch != "•" and not "▁" <= ch <= "▉")  # bar
            for art in listed:
                title = "".join(art.title.split())  # type: ignore[union-attr]
                if title[:6] in shown and not shown.endswith(title[:6]):
                    assert title in shown, title
            headlines.scroll_page_down(animate=False)
            await pilot.pause()


async def test_home_shows_the_top_of_the_results_with_their_first_page_header() -> None:
    arts = tuple(Article(f"1-{i}", 1, f"条目{i}") for i in range(1, 40))
    app = TuiPaperApp(Issue(pages=(Page(1, "要闻", arts),)), background_work=False)

    def first_list_row() -> str:
        return screen_text(app).splitlines()[4].split("▕")[0].strip()

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"条目", "down", "end")
        await pilot.pause()
        headlines = app.screen.headlines  # type: ignore[attr-defined]
        assert headlines.scroll_y > 0
        assert not first_list_row().startswith("第1版")
        await pilot.press("home")
        await pilot.pause()
        assert headlines.highlighted_article_id == "1-1"
        assert first_list_row().startswith("第1版 要闻")


async def test_a_keystroke_pauses_the_collector_only_until_its_results_are_painted() -> None:
    import gc

    from tui_paper import gc_pause

    paused_while_filtering: list[bool] = []
    app = TuiPaperApp(build_issue(), background_work=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        apply = screen.apply_filter  # type: ignore[attr-defined]

        def spy(query: str) -> None:
            paused_while_filtering.append(not gc.isenabled())
            apply(query)

        screen.filter_bar._on_change = spy  # type: ignore[attr-defined]
        await pilot.press("slash", *"新区")
        await pilot.pause()
        assert paused_while_filtering == [True, True]
        assert gc.isenabled() and not gc_pause.held()
        # a keystroke whose frame never comes: the app closes first
        await pilot.press("x")
    assert gc.isenabled() and not gc_pause.held()


def test_an_app_runs_with_a_short_switch_interval_and_restores_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Textual writes each frame from a writer thread: at Python's 5 ms default a painted
    # frame could wait that long while the UI thread went on with the rest of a filter.
    from tui_paper.app_base import SWITCH_INTERVAL, run_painted_first

    app = TuiPaperApp(build_issue(), background_work=False)
    seen: list[float] = []
    monkeypatch.setattr(app, "run", lambda: seen.append(sys.getswitchinterval()))
    before = sys.getswitchinterval()
    assert before > SWITCH_INTERVAL
    run_painted_first(app)
    assert seen == [SWITCH_INTERVAL]
    assert sys.getswitchinterval() == before


@given(st.text(alphabet=" \u3000\t\nab中文", max_size=12))
def test_the_screen_sees_terms_exactly_when_the_filter_would(q: str) -> None:
    # the screen asks without importing the filtering module (start-up), so the two agree
    assert _has_terms(q) == bool(split_terms(q))


def test_opening_the_app_leaves_the_filter_links_and_openssl_unimported() -> None:
    code = (
        "import sys\n"
        "import tui_paper.app, tui_paper.issue_cache\n"
        "print(sorted(m for m in ('tui_paper.screens.filtering', 'tui_paper.widgets.article_link',"
        " '_hashlib', 'tui_paper.reader') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
