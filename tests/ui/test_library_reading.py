"""Reading from a library: read marks, the saved position, bookmarks, moving between issues."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import screen_text
from library_builder import build_library
from library_helpers import NARROW, WIDE, listed, press, reading, until

from tui_paper.layouts import issue_key
from tui_paper.library_app import LibraryApp
from tui_paper.screens.bookmarks import BookmarksScreen
from tui_paper.state import ReadingState

TIANGONG = "tiangong-2025-04-18"


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return build_library(tmp_path / "lib")


def _headline_line(text: str, title_start: str) -> str:
    return next(line for line in text.splitlines() if title_start in line)


async def _open_tiangong(pilot, app: LibraryApp):  # type: ignore[no-untyped-def]
    await listed(pilot, app)
    await press(pilot, "end", "enter")
    return await reading(pilot, app, TIANGONG)


async def test_opened_article_is_marked_read_and_listed_as_read_next_time(lib: Path) -> None:
    # the real state file: what one run marks, the next run shows
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        screen = await _open_tiangong(pilot, app)
        assert "• 国产千比特" in screen_text(app)
        await press(pilot, "enter")
        assert screen.article_view.article is not None
        assert screen.article_view.article.id == "1-1"
        key = screen.key
    state, notice = ReadingState.open()
    assert notice is None
    # the story's first part is what counts as read
    assert state.read_ids(key) == frozenset({"1-1"})
    state.close()

    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        screen = await _open_tiangong(pilot, app)
        # the position reopened the article; the list beside it shows page 1
        assert screen.article_view.article is not None
        assert screen.article_view.article.id == "1-1"
        text = screen_text(app)
        assert "• 国产千比特" not in text and "国产千比特" in text
        assert "• 把“数字孪生”" in text or "• 把" in text  # others still unread
        # the continued part on page 2 reads as read too
        await press(pilot, "2")
        assert "• “天枢一号”通过验收" not in screen_text(app)


async def test_reopening_an_issue_returns_to_the_saved_position(lib: Path) -> None:
    state = ReadingState.in_memory()
    app = LibraryApp(lib, state=state, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        screen = await _open_tiangong(pilot, app)
        await press(pilot, "3", "j", "enter")
        opened = screen.article_view.article
        assert opened is not None and opened.page == 3
        await press(pilot, "L")
        await until(pilot, lambda: app.screen is app.library_screen)
        await press(pilot, "enter")
        again = await reading(pilot, app, TIANGONG)
        assert again is not screen
        assert again.current_page == 3
        assert again.article_view.article is not None
        assert again.article_view.article.id == opened.id


async def test_page_turns_are_remembered_without_an_article(lib: Path) -> None:
    state = ReadingState.in_memory()
    app = LibraryApp(lib, state=state, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        screen = await _open_tiangong(pilot, app)
        await press(pilot, "]", "]")
        assert state.position(screen.key) is not None
        assert state.position(screen.key).page == 3  # type: ignore[union-attr]


async def test_s_toggles_a_bookmark_and_the_list_opens_it(lib: Path) -> None:
    state = ReadingState.in_memory()
    app = LibraryApp(lib, state=state, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        screen = await _open_tiangong(pilot, app)
        await press(pilot, "2", "enter", "s")
        assert state.is_bookmarked(screen.key, "2-1")
        await press(pilot, "s")
        assert not state.is_bookmarked(screen.key, "2-1")
        await press(pilot, "s")
        (mark,) = state.bookmarks()
        assert mark.title.startswith("天工省发布算力") and mark.issue_date == "2025-04-18"
        # from another issue, the bookmarks list takes the reader back to the article
        await press(pilot, "}")
        await reading(pilot, app, "tiangong-2025-04-19")
        await press(pilot, "B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        assert "天工省发布算力" in screen_text(app)
        await press(pilot, "enter")
        back = await reading(pilot, app, TIANGONG)
        await until(pilot, lambda: back.article_view.article is not None)
        assert back.article_view.article is not None
        assert back.article_view.article.id == "2-1"


async def test_bookmarks_list_removes_with_d(lib: Path) -> None:
    state = ReadingState.in_memory()
    key = issue_key(lib / TIANGONG)
    state.toggle_bookmark(key, "1-1", title="甲", issue_path=str(lib / TIANGONG))
    state.toggle_bookmark(key, "1-2", title="乙", issue_path=str(lib / TIANGONG))
    app = LibraryApp(lib, state=state, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        await press(pilot, "B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await press(pilot, "d")
        assert [b.title for b in state.bookmarks()] == ["甲"]
        await press(pilot, "escape")
        assert app.screen is app.library_screen


async def test_braces_move_to_newer_and_older_issues(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False, config=None)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await _open_tiangong(pilot, app)
        await press(pilot, "{")  # the oldest issue: nothing older
        await until(pilot, lambda: any("最早" in n.message for n in app._notifications))
        await press(pilot, "}")
        await reading(pilot, app, "tiangong-2025-04-19")
        assert "2025年4月19日" in screen_text(app)
        await press(pilot, "}")
        await reading(pilot, app, "hewan-2025-05-06")
        await press(pilot, "{")
        await reading(pilot, app, "tiangong-2025-04-19")
        # one reader at a time: the stack is the picker and the reader
        assert len(app.screen_stack) == 2


async def test_escape_with_nothing_to_back_out_of_returns_to_the_picker(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=NARROW) as pilot:
        screen = await _open_tiangong(pilot, app)
        await press(pilot, "enter")
        assert screen.reading
        await press(pilot, "escape")  # article -> list (one pane at 80 columns)
        assert app.screen is screen and not screen.reading
        await press(pilot, "escape")  # nothing left: the picker
        await until(pilot, lambda: app.screen is app.library_screen)


async def test_escape_clears_the_filter_before_leaving_the_issue(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        screen = await _open_tiangong(pilot, app)
        await press(pilot, "slash", "量", "子")
        assert screen.filtering
        await press(pilot, "escape")
        assert app.screen is screen and not screen.filtering
        await press(pilot, "escape")
        await until(pilot, lambda: app.screen is app.library_screen)


async def test_help_lists_the_library_keys(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await _open_tiangong(pilot, app)
        await press(pilot, "question_mark")
        text = screen_text(app)
        assert "Library, while reading" in text
        assert "Bookmark the article" in text
