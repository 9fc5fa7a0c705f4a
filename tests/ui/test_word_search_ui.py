"""The word-search side of the reading app, on the built-in sample with real jieba.

Segmentation warms up in a worker after the first paint; until then a quiet status line
says so and the filter matches substrings. Then results are ranked, matched words are
highlighted in the list and the article, `n`/`N` step through matches, the article shows
its keywords, and the facets dialog filters the list.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from conftest import screen_text
from textual.content import Content
from textual.pilot import Pilot

from tui_paper.app import TuiPaperApp
from tui_paper.paths import default_issue_path
from tui_paper.reader import load_issue
from tui_paper.screens.facets_screen import FacetsScreen
from tui_paper.screens.issue_screen import IssueScreen
from tui_paper.search import IssueSearch
from tui_paper.widgets.broken_text import MATCH_STYLE


def _app() -> TuiPaperApp:
    return TuiPaperApp(load_issue(default_issue_path()))


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def highlighted_words(prompt: Content) -> list[str]:
    return [prompt.plain[s.start : s.end] for s in prompt.spans if s.style == MATCH_STYLE]


async def test_segmenting_indicator_then_ranked_highlighted_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # jieba stays warm between tests in one process, so indexing the small sample could
    # finish before the first look; hold it until the "not ready yet" state has been seen.
    gate = threading.Event()
    prepare = IssueSearch.prepare

    def gated_prepare(self: IssueSearch, *args: Any, **kwargs: Any) -> bool:
        gate.wait(timeout=30)
        return prepare(self, *args, **kwargs)

    monkeypatch.setattr(IssueSearch, "prepare", gated_prepare)
    app = _app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, IssueScreen)
        # usable at once: the list is there and the status says segmentation is coming
        assert screen.headlines.article_ids
        assert "分词准备中" in str(screen.status.render())
        assert not screen.engine.is_word_mode
        gate.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.engine.is_word_mode
        assert not screen.status.has_class("-shown")

        await press(pilot, "slash", *"量子")
        ids = screen.headlines.article_ids
        expected = [h.id for h in IssueSearch(app.issue).query("量子")]
        assert sorted(ids) == sorted(expected) and ids
        first = screen.headlines.get_option(ids[0]).prompt
        assert isinstance(first, Content)
        assert "量子" in highlighted_words(first)

        await press(pilot, "enter")
        view = screen.article_view
        assert view.article is not None and view.article.id == ids[0]
        assert view.match_count >= 2
        await press(pilot, "n")
        assert "匹配 1/" in str(screen.status.render())
        await press(pilot, "n", "N")
        assert "匹配 1/" in str(screen.status.render())
        await press(pilot, "N")  # wraps round to the last match
        assert f"匹配 {view.match_count}/{view.match_count}" in str(screen.status.render())

        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "关键词" in screen_text(app)


async def test_keywords_line_comes_lazily() -> None:
    app = _app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, IssueScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        art = screen.article_view.article
        assert art is not None
        words = IssueSearch(app.issue).keywords(art.id, 6)
        text = screen_text(app)
        assert "关键词" in text
        assert all(w in text for w in words[:3])


async def test_facet_choice_filters_the_list() -> None:
    app = _app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, IssueScreen)
        await press(pilot, "f")
        assert isinstance(app.screen, FacetsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        facets = IssueSearch(app.issue).facets()
        person = facets.people[0]
        assert person.name in screen_text(app)
        await press(pilot, "enter")  # the first entry: the most named person
        assert isinstance(app.screen, IssueScreen)
        assert screen.headlines.article_ids == list(person.articles)
        assert screen.filter_bar.value == person.name
        await press(pilot, "escape")
        assert not screen.filtering
        await press(pilot, "f", "escape")
        assert isinstance(app.screen, IssueScreen)
