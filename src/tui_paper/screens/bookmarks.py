"""The bookmarks dialog: every bookmarked article, newest first; enter opens one.

Bookmarks carry their title, issue path and date, so the list shows without loading any
issue. ``d`` (or delete) removes the bookmark under the cursor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from tui_paper.state import Bookmark, ReadingState


def bookmark_prompt(bookmark: Bookmark) -> Content:
    """``2020-01-31  第3版  标题`` — the date quiet, the title as data."""
    page = bookmark.article_id.split("-", 1)[0]
    return Content.assemble(
        (bookmark.issue_date or bookmark.issue_key, "$text-muted"),
        ("  ", ""),
        (f"第{page}版" if page.isdigit() else "", "$text-muted"),
        ("  ", ""),
        Content(bookmark.title or bookmark.article_id),
    )


class BookmarksScreen(ModalScreen["Bookmark | None"]):
    """Lists the bookmarks; dismissed with the chosen one, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,B", "close", "Close", id="bookmarks.close"),
        Binding("d,delete", "remove", "Remove", id="bookmarks.remove"),
        Binding("j", "cursor('down')", "Down", show=False, id="bookmarks.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="bookmarks.up"),
    ]

    def __init__(self, state: ReadingState | None) -> None:
        super().__init__()
        self._state = state
        self._bookmarks: list[Bookmark] = []

    def compose(self) -> ComposeResult:
        """A heading and the list."""
        with Vertical(id="bookmarks-box"):
            yield Static(Content.styled("书签", "bold"), id="bookmarks-title")
            yield OptionList(id="bookmarks-list", markup=False)

    @property
    def listing(self) -> OptionList:
        """The list of bookmarks."""
        return self.query_one("#bookmarks-list", OptionList)

    @property
    def bookmarks(self) -> list[Bookmark]:
        """The bookmarks listed, newest first."""
        return list(self._bookmarks)

    def on_mount(self) -> None:
        """Read the bookmarks (one quick query) and focus the list."""
        self._reload()
        self.listing.focus()

    def _reload(self, keep: int = 0) -> None:
        self._bookmarks = self._state.bookmarks() if self._state is not None else []
        options = [Option(bookmark_prompt(b), id=str(n)) for n, b in enumerate(self._bookmarks)]
        if not options:
            note = "还没有书签：阅读时按 s 给文章加书签"
            options = [Option(Content.styled(note, "$text-muted"), disabled=True)]
        self.listing.set_options(options)
        if self._bookmarks:
            self.listing.highlighted = min(keep, len(self._bookmarks) - 1)

    def _current(self) -> Bookmark | None:
        index = self.listing.highlighted
        if index is None or not self._bookmarks or index >= len(self._bookmarks):
            return None
        return self._bookmarks[index]

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and event.option.id.isdigit():
            self.dismiss(self._bookmarks[int(event.option.id)])

    def action_remove(self) -> None:
        """Remove the bookmark under the cursor."""
        current = self._current()
        if current is None or self._state is None:
            return
        self._state.toggle_bookmark(current.issue_key, current.article_id)
        self._reload(keep=self.listing.highlighted or 0)
        self.notify(f"已删除书签：{current.title}", markup=False)

    def action_cursor(self, direction: str) -> None:
        """j/k move like the arrows."""
        if direction == "down":
            self.listing.action_cursor_down()
        else:
            self.listing.action_cursor_up()

    def action_close(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
