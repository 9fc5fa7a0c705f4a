"""Search across the issues of a library: hits across dates, snippets, opening in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import screen_text
from library_builder import build_library
from library_helpers import WIDE, listed, press, reading, until
from textual.pilot import Pilot

from tui_paper.archive_index import ArchiveIndex
from tui_paper.library_app import LibraryApp
from tui_paper.screens.archive_search import ArchiveSearchScreen, highlighted
from tui_paper.state import ReadingState


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return build_library(tmp_path / "lib")


@pytest.fixture
def indexed(lib: Path) -> Path:
    index = ArchiveIndex.open(lib)
    index.update()
    index.close()
    return lib


def _search(app: LibraryApp) -> ArchiveSearchScreen:
    screen = app.screen
    assert isinstance(screen, ArchiveSearchScreen)
    return screen


async def _type(pilot: Pilot[None], text: str) -> None:
    for ch in text:
        await pilot.press(ch)
    await pilot.pause()


async def test_hits_across_dates_with_snippets_and_highlights(indexed: Path) -> None:
    app = LibraryApp(indexed, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        await press(pilot, "slash")
        search = _search(app)
        await _type(pilot, "智能工厂")
        await until(pilot, lambda: search.shown_query == "智能工厂" and bool(search.hits))
        dates = {hit.date.isoformat() for hit in search.hits if hit.date}
        # the story is in both Hewan issues: both dates are listed
        assert {"2025-05-06", "2025-05-07"} <= dates
        text = screen_text(app)
        assert "2025-05-07 周三" in text and "2025-05-06 周二" in text
        assert "河湾新区首批智能工厂投产" in text
        assert "条结果" in text


def test_highlight_marks_every_occurrence_and_keeps_brackets_literal() -> None:
    content = highlighted("[b]智能工厂[/b]与智能工厂", ("智能工厂",))
    assert content.plain == "[b]智能工厂[/b]与智能工厂"
    marked = [content.plain[s.start : s.end] for s in content.spans]
    assert marked == ["智能工厂", "智能工厂"]


async def test_enter_opens_the_hit_at_its_article(indexed: Path) -> None:
    state = ReadingState.in_memory()
    app = LibraryApp(indexed, state=state, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        await press(pilot, "slash")
        search = _search(app)
        await _type(pilot, "量子")
        await until(pilot, lambda: search.shown_query == "量子" and bool(search.hits))
        hit = search.hits[0]
        await press(pilot, "enter")  # from the query box: the first hit
        screen = await reading(pilot, app, "tiangong")
        await until(pilot, lambda: screen.article_view.article is not None)
        assert screen.article_view.article is not None
        assert screen.article_view.article.id == hit.id
        assert screen.key == hit.issue_key
        # searching again from the reader offers the last query and opens in place
        await press(pilot, "F")
        again = _search(app)
        assert again.query_box.value == "量子"
        await until(pilot, lambda: bool(again.hits))
        same = [n for n, h in enumerate(again.hits) if h.issue_key == screen.key]
        assert same
        await press(pilot, "down", *(["down"] * same[-1]), "enter")
        await until(pilot, lambda: app.screen is screen)
        assert screen.article_view.article is not None
        assert screen.article_view.article.id == again.hits[same[-1]].id
        # in place: the jump can be gone back along
        assert screen.history


async def test_escape_closes_the_search(indexed: Path) -> None:
    app = LibraryApp(indexed, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        await press(pilot, "slash")
        _search(app)
        await press(pilot, "escape")
        assert app.screen is app.library_screen


async def test_index_builds_in_the_background_with_progress_and_is_searchable(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False, build_index=True, index_workers=1)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        await press(pilot, "slash")
        search = _search(app)
        await _type(pilot, "智能工厂")
        # progress shows while it builds; hits arrive as issues are indexed
        await until(pilot, lambda: app.index_status is not None, timeout=30)
        await until(pilot, lambda: "搜索索引" in screen_text(app), timeout=30)
        await until(pilot, lambda: bool(search.hits), timeout=60)
        await until(pilot, lambda: app.index_status is not None and app.index_status.finished, 60)
        assert "已是最新" in screen_text(app)
        await press(pilot, "escape")
        # the picker now knows every issue's article count from the index
        await until(pilot, lambda: "—" not in screen_text(app), timeout=10)
        assert "篇未读" in screen_text(app)


async def test_index_builds_with_worker_processes_inside_the_app(lib: Path) -> None:
    # Textual's stand-in for sys.stderr has no file descriptor; the pool must start anyway
    app = LibraryApp(lib, background_work=False, build_index=True, index_workers=2)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        await until(pilot, lambda: app.index_status is not None and app.index_status.finished, 90)
        assert app.index_status is not None and app.index_status.error is None
        assert app.index_status.indexed == 4
        assert app.index_workers_used == 2  # not the in-process fallback
