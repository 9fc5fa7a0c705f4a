"""The reading screen of an issue opened from a library.

The issue screen plus what a library adds: articles are marked read when opened (and listed
as read next time), the position is saved as the reader moves, ``s`` bookmarks the article,
``{``/``}`` move to the older/newer issue, ``F`` searches every issue, ``B`` lists the
bookmarks and ``L`` (or escape with nothing left to back out of) returns to the library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from tui_paper.library import mark_opened
from tui_paper.screens.issue_screen import IssueScreen
from tui_paper.screens.library_events import BackToLibrary, OpenIssue

if TYPE_CHECKING:
    from tui_paper.library import IssueRef
    from tui_paper.session import LibrarySession, OpenedIssue

#: the keys this screen adds to the issue screen's (the help screen lists them too)
LIBRARY_READER_BINDINGS: list[BindingType] = [
    Binding(
        "s",
        "bookmark",
        "Bookmark",
        show=False,
        id="article.bookmark",
        tooltip="Bookmark the article (again: remove)",
    ),
    Binding(
        "}",
        "next_issue",
        "Issues",
        key_display="} {",
        show=False,
        id="issue.next",
        tooltip="Newer issue ( } ), older issue ( { )",
    ),
    Binding("{", "previous_issue", "Older issue", show=False, id="issue.previous"),
    Binding(
        "B",
        "app.bookmarks",
        "Bookmarks",
        show=False,
        id="bookmarks.open",
        tooltip="Bookmarked articles of every issue",
    ),
    Binding(
        "F",
        "app.archive_search",
        "Search all",
        show=False,
        id="archive.search",
        tooltip="Search every issue of the library",
    ),
    Binding(
        "L",
        "app.library",
        "Library",
        show=False,
        id="library.show",
        tooltip="Back to the list of issues (also escape)",
    ),
]


class LibraryIssueScreen(IssueScreen):
    """Reading one issue of a library, with read marks, position and bookmarks kept."""

    BINDINGS: ClassVar[list[BindingType]] = LIBRARY_READER_BINDINGS

    def __init__(
        self, session: LibrarySession, opened: OpenedIssue, *, background_work: bool = True
    ) -> None:
        super().__init__(
            opened.issue,
            start_page=opened.page,
            start_article=opened.article,
            background_work=background_work,
        )
        self.session = session
        self.ref: IssueRef = opened.ref

    @property
    def key(self) -> str:
        """The issue's key in the reading state."""
        return self.ref.key

    def on_mount(self) -> None:
        """Before the issue screen lists the first page: show what was read before as read.

        Textual calls this handler and then the issue screen's own ``on_mount``.
        """
        state = self.session.state
        if state is None:
            return
        read = state.read_ids(self.key)
        if not read:
            return
        for art in self.issue.articles:
            parts = self.issue.story_parts(art.id)
            first = parts[0].id if parts else art.id
            if first in read:
                self.headlines.mark_opened(art)

    # -- reading state -------------------------------------------------------------------

    def _notices(self) -> None:
        for notice in self.session.take_notices():
            self.notify(notice, severity="warning", timeout=8, markup=False)

    def open_article(self, article_id: str, *, record: bool = False, merged: bool = False) -> None:
        """Open the article, mark its story read and remember the place."""
        super().open_article(article_id, record=record, merged=merged)
        shown = self.article_view.article
        state = self.session.state
        if shown is None or shown.id != article_id or state is None:
            return
        if mark_opened(state, self.key, self.issue, article_id) is not None:
            for part in self.issue.story_parts(article_id):
                self.headlines.mark_opened(part)
        state.save_position(self.key, shown.page, shown.id)
        self._notices()

    def show_page(self, number: int, *, keep: str | None = None) -> None:
        """Show a page and remember it (an article opened on it is remembered by open_article)."""
        super().show_page(number, keep=keep)
        state = self.session.state
        if keep is None and state is not None and self.current_page == number:
            state.save_position(self.key, number, None)
            self._notices()

    # -- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape always does something here: with nothing to back out of, it leaves."""
        if action == "escape":
            return True
        return super().check_action(action, parameters)

    def _backs_out(self) -> bool:
        """Whether escape has something to back out of in the issue screen."""
        if self.narrow and self.reading:
            return True
        if self.filtering:
            return True
        focused = self.focused
        view = self.article_view
        return (
            not self.narrow
            and focused is not None
            and (focused is view or view in focused.ancestors)
        )

    def action_escape(self) -> None:
        """Back out one level; from the plain headline list, back to the library."""
        if self._backs_out():
            super().action_escape()
        else:
            self.post_message(BackToLibrary())

    def _bookmark_target(self) -> str | None:
        art = self.article_view.article
        if art is not None:
            return art.id
        return self.headlines.highlighted_article_id

    def action_bookmark(self) -> None:
        """Toggle the bookmark of the open article (or the headline under the cursor)."""
        state = self.session.state
        target = self._bookmark_target()
        art = self.article_by_id.get(target) if target is not None else None
        if state is None or art is None:
            self.notify("先选一篇文章", markup=False)
            return
        date = self.issue.masthead.date or self.ref.date
        added = state.toggle_bookmark(
            self.key,
            art.id,
            title=art.title,
            issue_path=str(self.ref.path),
            issue_date=date.isoformat() if date else None,
        )
        self.notify(f"{'已加书签' if added else '已取消书签'}：{art.title}", markup=False)
        self._notices()

    def _go_issue(self, ref: IssueRef | None, edge: str) -> None:
        if ref is None:
            self.notify(edge, markup=False)
            return
        self.post_message(OpenIssue(str(ref.path)))

    def action_next_issue(self) -> None:
        """Open the next (newer) issue of the library."""
        self._go_issue(self.session.neighbours(self.key)[1], "这已是书库里最新的一期")

    def action_previous_issue(self) -> None:
        """Open the previous (older) issue of the library."""
        self._go_issue(self.session.neighbours(self.key)[0], "这已是书库里最早的一期")
