"""The row of page tabs (`1 要闻  2 综合 … 5 观察`), gaps in the numbering shown as `…`."""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui_paper.model import Page
from tui_paper.text.linebreak import cell_width
from tui_paper.widgets.safe_text import clean

_GAP = " … "
_SEP = " "


def tab_text(page: Page) -> str:
    """A page's tab: ``1 要闻``; an unnamed page 1 is the front page, ``1 头版``."""
    if not page.label and page.number == 1 and not page.code:
        return "1 头版"
    return clean(page.tab_label)


class _TabPlace(NamedTuple):
    start: int
    end: int
    number: int


class PageTabs(Widget):
    """One line of page tabs; the current page stands out, a click chooses a page.

    Drawn as a single line of text rather than with Textual's ``Tabs`` so there is no
    animated underline, the gaps in the numbering can be shown, and a narrow terminal
    scrolls the row to keep the current page in view.
    """

    current: reactive[int] = reactive(0)

    class PageChosen(Message):
        """The reader clicked a page tab."""

        def __init__(self, number: int) -> None:
            self.number = number
            super().__init__()

    def __init__(self, pages: tuple[Page, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pages = pages
        self._places: list[_TabPlace] = []

    def _pieces(self) -> list[tuple[str, int | None]]:
        """(text, page number or None for a gap marker) in display order."""
        pieces: list[tuple[str, int | None]] = []
        prev: int | None = None
        for page in self._pages:
            if prev is not None and page.number > prev + 1:
                pieces.append((_GAP, None))
            elif prev is not None:
                pieces.append((_SEP, None))
            pieces.append((f" {tab_text(page)} ", page.number))
            prev = page.number
        return pieces

    def render(self) -> Content:
        """The tabs, scrolled so the current one is visible."""
        pieces = self._pieces()
        width = max(self.size.width, 1)
        cur_idx = next((i for i, (_, n) in enumerate(pieces) if n == self.current), 0)
        start = 0
        # Drop tabs from the left until the current tab's end fits (the `‹` costs 2 cells).
        while start < cur_idx:
            lead = 2 if start else 0
            used = lead + sum(cell_width(t) for t, _ in pieces[start : cur_idx + 1])
            if used <= width:
                break
            start += 1
        parts: list[Content] = []
        self._places = []
        x = 0
        if start:
            parts.append(Content.styled("‹ ", "$text-muted"))
            x = 2
        for text, number in pieces[start:]:
            w = cell_width(text)
            if number is None:
                style = "$text-muted" if text == _GAP else ""
                parts.append(Content.styled(text, style) if style else Content(text))
            else:
                style = "bold reverse" if number == self.current else ""
                parts.append(Content.styled(text, style) if style else Content(text))
                self._places.append(_TabPlace(x, x + w, number))
            x += w
        return Content("").join(parts)

    def on_click(self, event: events.Click) -> None:
        """Choose the page under the pointer."""
        for place in self._places:
            if place.start <= event.x < place.end:
                self.post_message(self.PageChosen(place.number))
                return
