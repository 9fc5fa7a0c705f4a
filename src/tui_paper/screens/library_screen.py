"""The library screen: the issues of a folder, newest first; enter opens one.

Each row shows the date and weekday, the paper's name, the page count and how many articles
are still unread. The screen paints at once with a waiting note; the app lists the folder in
a thread worker and hands the result to :meth:`LibraryScreen.show_issues`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_paper.screens.first_resume import StyledOnMount
from tui_paper.screens.library_events import IndexProgressed, IndexStatus, OpenIssue
from tui_paper.session import describe_date
from tui_paper.widgets.key_bar import KeyBar
from tui_paper.widgets.list_keys import list_bindings

if TYPE_CHECKING:
    from tui_paper.session import ListedIssue


def unread_text(unread: int | None) -> Content:
    """``12篇未读`` (accented), ``已读完`` (quiet), or ``—`` when not known yet."""
    if unread is None:
        return Content.styled("—", "$text-muted")
    if unread == 0:
        return Content.styled("已读完", "$text-muted")
    return Content.styled(f"{unread}篇未读", "bold $accent")


def issue_row(
    ref: ListedIssue, unread: int | None, name_width: int, *, counted: bool = True
) -> Content:
    """One picker row: date, paper name, pages, unread count; file text enters as data.

    ``counted`` is false while the reading state is still opening: no count is shown yet.
    """
    name = Content(ref.name or "")
    name = name + Content(" " * max(0, name_width - name.cell_length))
    pages = f"{ref.page_count}版" if ref.page_count else "?版"
    dot = Content.styled("• ", "bold $accent") if unread else Content("  ")
    return Content.assemble(
        dot,
        (describe_date(ref.date), "bold"),
        "  ",
        name,
        "  ",
        (f"{pages:>4}", "$text-muted"),
        "  ",
        unread_text(unread) if counted else Content(""),
    )


class IssueList(OptionList, inherit_bindings=False):
    """The issues of the library, one option per issue (option id = issue key)."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("library", pages=True)

    class IssueChosen(Message):
        """The reader chose an issue (enter or click)."""

        def __init__(self, key: str) -> None:
            self.key = key
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click: tell the screen which issue."""
        event.stop()
        if event.option.id is not None:
            self.post_message(self.IssueChosen(event.option.id))


class LibraryScreen(StyledOnMount, Screen[None]):
    """Choosing an issue of a library."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash,F",
            "app.archive_search",
            "Search all",
            key_display="/",
            id="archive.search",
            tooltip="Search every issue (F in the reader)",
        ),
        Binding(
            "B",
            "app.bookmarks",
            "Bookmarks",
            id="bookmarks.open",
            tooltip="Bookmarked articles of every issue",
        ),
        Binding(
            "r",
            "app.refresh_library",
            "Refresh",
            show=False,
            id="library.refresh",
            tooltip="List the folder again, refresh the index",
        ),
    ]

    def __init__(
        self,
        title: str,
        *,
        initial: tuple[Sequence[ListedIssue], Mapping[str, int | None] | None] | None = None,
    ) -> None:
        """``initial``: a listing to show at once (the last run's with its unread counts, or
        one made while the app started, counts ``None``) until the app hands over its own."""
        super().__init__()
        self._title = title
        self._initial = initial
        self._refs: dict[str, ListedIssue] = {}
        self._order: list[ListedIssue] = []
        self._unread: dict[str, int | None] = {}
        self._index_status: IndexStatus | None = None
        #: True once the app has handed over the listing
        self.listed = False
        #: True once unread counts are shown (the reading state is open)
        self.counted = False

    def compose(self) -> ComposeResult:
        """A title line, a status line, the list and the key bar."""
        yield Static(Content.styled(self._title, "bold"), id="library-head", markup=False)
        yield Static(
            Content.styled("正在列出期次……", "$text-muted"), id="library-status", markup=False
        )
        yield IssueList(id="issues")
        yield KeyBar(id="keys")

    @property
    def issue_list(self) -> IssueList:
        """The list of issues."""
        return self.query_one(IssueList)

    def on_mount(self) -> None:
        """Show the initial listing, if any, and focus the list."""
        if self._initial is not None:
            self.show_issues(*self._initial)
        self.issue_list.focus()

    # -- what is shown -----------------------------------------------------------------

    def show_issues(
        self,
        refs: Sequence[ListedIssue],
        unread: Mapping[str, int | None] | None,
        *,
        keep: str | None = None,
    ) -> None:
        """List ``refs`` (newest first) with their unread counts; the cursor stays on ``keep``.

        ``unread`` is ``None`` while the reading state is still opening: the column stays
        empty until :meth:`update_unread` fills it.
        """
        self.listed = True
        self._order = list(refs)
        self._refs = {ref.key: ref for ref in refs}
        self._unread = dict(unread) if unread is not None else {}
        self.counted = unread is not None
        listing = self.issue_list
        if keep is None and listing.highlighted_option is not None:
            keep = listing.highlighted_option.id
        width = max((Content(ref.name or "").cell_length for ref in refs), default=0)
        options = [
            Option(
                issue_row(ref, self._unread.get(ref.key), width, counted=self.counted), id=ref.key
            )
            for ref in refs
        ]
        if not options:
            options = [
                Option(Content.styled("这个文件夹里没有找到报纸", "$text-muted"), disabled=True)
            ]
        listing.set_options(options)
        if keep is not None and keep in self._refs:
            listing.highlighted = listing.get_option_index(keep)
        else:
            listing.action_first()
        self._show_status()

    def update_unread(self, unread: Mapping[str, int | None]) -> None:
        """Show new unread counts (after reading, or once the index knows more)."""
        if self.listed:
            self.show_issues(self._order, unread)

    def _show_status(self) -> None:
        count = len(self._order)
        parts = [f"{count}期"] if self.listed else ["正在列出期次……"]
        dated = [ref.date for ref in self._order if ref.date is not None]
        if dated:
            parts.append(f"{min(dated).isoformat()} 至 {max(dated).isoformat()}")
        if self._index_status is not None:
            parts.append(self._index_status.text)
        self.query_one("#library-status", Static).update(
            Content.styled("  ·  ".join(parts), "$text-muted")
        )

    @property
    def unread(self) -> dict[str, int | None] | None:
        """The unread counts shown, or ``None`` before they are known."""
        return dict(self._unread) if self.counted else None

    @property
    def highlighted_key(self) -> str | None:
        """The key of the issue under the cursor."""
        option = self.issue_list.highlighted_option
        return option.id if option is not None else None

    # -- events ------------------------------------------------------------------------

    @on(IssueList.IssueChosen)
    def _issue_chosen(self, event: IssueList.IssueChosen) -> None:
        ref = self._refs.get(event.key)
        if ref is not None:
            self.post_message(OpenIssue(str(ref.path)))

    def on_index_progressed(self, event: IndexProgressed) -> None:
        """Show how far the search index got."""
        self._index_status = event.status
        self._show_status()
