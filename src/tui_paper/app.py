"""The Textual app: stylesheets, app-wide keys, the first screen, and the two entry points.

``run_app`` opens an issue in the terminal; ``save_screenshot`` renders one headlessly to SVG.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui_paper.app_base import PaperApp, pick_theme, run_painted_first
from tui_paper.model import Issue
from tui_paper.paths import styles_dir
from tui_paper.screens.issue_screen import IssueScreen
from tui_paper.widgets.article_view import ArticleView
from tui_paper.widgets.headline_list import HeadlineList

#: the start-up sheets; dialogs.tcss is loaded by the dialog screens when first shown
STYLESHEETS = ("base.tcss", "issue.tcss", "article.tcss")


class TuiPaperApp(PaperApp):
    """Reads one issue of a newspaper."""

    CSS_PATH: ClassVar = [str(styles_dir() / name) for name in STYLESHEETS]

    def __init__(
        self,
        issue: Issue,
        *,
        start_page: int | None = None,
        start_article: str | None = None,
        background_work: bool = True,
        css_cache: bool = False,
    ) -> None:
        super().__init__(css_cache=css_cache)
        self.issue = issue
        self._start_page = start_page
        self._start_article = start_article
        #: False for headless screenshots: no segmenter warm-up, no index building
        self.background_work = background_work
        self.theme = pick_theme()

    def on_mount(self) -> None:
        """Let the garbage collector run again once the first frame is on the screen."""
        if self.gc_paused_until_painted:
            self.call_after_refresh(self.resume_gc)

    def get_default_screen(self) -> Screen[None]:
        """The issue screen is the first and main screen."""
        return IssueScreen(
            self.issue,
            start_page=self._start_page,
            start_article=self._start_article,
            background_work=self.background_work,
        )

    def help_sections(self) -> list[tuple[str, list[BindingType]]]:
        """Every key of the app, grouped by where it works (the help screen lists them)."""
        from tui_paper.screens.facets_screen import FacetsScreen
        from tui_paper.widgets.article_link import ArticleLink
        from tui_paper.widgets.filter_bar import FilterBar

        screen_keys = [
            b
            for b in Binding.make_bindings(IssueScreen.BINDINGS)
            if not (b.id or "").removeprefix("page.").isdigit() and b.id != "page.next"
        ]
        screen_keys[:0] = [
            Binding("]", "next_page", "Next page", id="page.next"),
        ]
        screen_keys.insert(2, Binding("1", "goto_page(1)", "Page by number", key_display="1 … 9"))
        return [
            ("Pages and articles", list(screen_keys)),
            ("Headline list", list(HeadlineList.BINDINGS)),
            ("Article", [*ArticleView.BINDINGS, *ArticleLink.BINDINGS]),
            ("Filter box", list(FilterBar.BINDINGS)),
            ("People, places, organisations", list(FacetsScreen.BINDINGS)),
            (
                "Everywhere",
                [
                    *self.BINDINGS,
                    Binding("ctrl+p", "command_palette", "Find a headline (palette)"),
                    Binding("tab", "focus_next", "Next link or pane"),
                ],
            ),
        ]

    def action_help(self) -> None:
        """Show every key."""
        from tui_paper.screens.help_screen import HelpScreen  # first use only

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))


def run_app(issue: Issue) -> None:
    """Open ``issue`` in the terminal and return when the reader quits."""
    run_painted_first(TuiPaperApp(issue, css_cache=True))


async def _render_svg(
    issue: Issue, size: tuple[int, int], page: int | None, article: str | None
) -> str:
    app = TuiPaperApp(issue, start_page=page, start_article=article, background_work=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        return app.export_screenshot()


def save_screenshot(
    issue: Issue,
    out: Path,
    *,
    size: tuple[int, int],
    page: int | None = None,
    article: str | None = None,
) -> None:
    """Render the reading screen headlessly (Textual's own SVG export) and write it to ``out``."""
    svg = asyncio.run(_render_svg(issue, size, page, article))
    out.write_text(svg, encoding="utf-8")
