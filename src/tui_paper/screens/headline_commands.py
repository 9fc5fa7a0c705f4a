"""The command palette provider: find any headline of the issue by typing part of it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui_paper.widgets.safe_text import clean

if TYPE_CHECKING:
    from tui_paper.model import Article
    from tui_paper.screens.issue_screen import IssueScreen


def _entry(art: Article) -> str:
    kicker = f"{art.kicker}｜" if art.kicker else ""
    return clean(f"第{art.page}版  {kicker}{art.title}")


def _display(text: str, query: str) -> Content:
    """The entry as plain data, with the typed text highlighted where it occurs whole.

    Textual's fuzzy ``Matcher.highlight`` parses its candidate as markup, which a headline
    such as ``[视频] 标题 [/]`` must never be, so the highlight is built here.
    """
    content = Content(text)
    if query:
        start = text.lower().find(query.lower())
        if start >= 0:
            content = content.stylize("bold reverse", start, start + len(query))
    return content


class HeadlineCommands(Provider):
    """Every headline of the issue as a palette command that opens it."""

    def _issue_screen(self) -> IssueScreen | None:
        from tui_paper.screens.issue_screen import IssueScreen

        screen = self.screen
        return screen if isinstance(screen, IssueScreen) else None

    def _open(self, article_id: str) -> None:
        screen = self._issue_screen()
        if screen is not None:
            screen.open_article(article_id, record=True)

    async def discover(self) -> Hits:
        """All headlines, in issue order, before anything is typed."""
        screen = self._issue_screen()
        if screen is None:
            return
        for art in screen.issue.articles:
            text = _entry(art)
            yield DiscoveryHit(Content(text), partial(self._open, art.id), text=text)

    async def search(self, query: str) -> Hits:
        """Headlines matching the typed text; whole-substring matches score highest."""
        screen = self._issue_screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        q = query.strip()
        for art in screen.issue.articles:
            text = _entry(art)
            score = 1.0 if q and q.lower() in text.lower() else matcher.match(text) * 0.9
            if score > 0:
                yield Hit(score, _display(text, q), partial(self._open, art.id), text=text)
