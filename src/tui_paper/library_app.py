"""The library app: a picker of the issues of a folder, the reader, search across issues.

Start-up paints the picker before anything is read from disk: listing the folder, opening
the reading state and the search index happen in a thread worker, and the reader's modules
are imported in the background once the list shows. The search index is then brought up to
date in another thread worker (jieba in separate processes, so the UI stays responsive), with
its progress sent to every screen.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.binding import BindingType
from textual.screen import Screen
from textual.worker import get_current_worker

from tui_paper.app_base import PaperApp, pick_theme, run_painted_first
from tui_paper.paths import styles_dir
from tui_paper.screens.library_events import (
    BackToLibrary,
    IndexProgressed,
    IndexStatus,
    OpenIssue,
)
from tui_paper.screens.library_screen import LibraryScreen
from tui_paper.session import EarlyListing, LibrarySession

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from tui_paper.archive_index import ArchiveHit, ArchiveIndex, IndexProgress
    from tui_paper.config import Config
    from tui_paper.library import Library
    from tui_paper.screens.library_reader import LibraryIssueScreen
    from tui_paper.session import ListedIssue, Listing, OpenedIssue
    from tui_paper.state import Bookmark, ReadingState

#: the reader's sheets are parsed at start-up too: a screen's own CSS_PATH would be parsed on
#: the first open instead, which is the path that must stay quick
STYLESHEETS = ("base.tcss", "library.tcss", "issue.tcss", "article.tcss")


class _StderrWithDescriptor:
    """Textual's stand-in for ``sys.stderr``, plus a real file descriptor (``/dev/null``).

    multiprocessing's resource tracker hands its child ``sys.stderr.fileno()``; Textual's
    stand-in answers -1, and starting the index's worker processes then fails with "bad
    value(s) in fds_to_keep". Writes still go to Textual; only the helper processes get
    ``/dev/null``, so nothing they might print lands on the screen.
    """

    def __init__(self, inner: Any, fd: int) -> None:
        self._inner = inner
        self._fd = fd

    def fileno(self) -> int:
        """The descriptor handed to child processes."""
        return self._fd

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _give_stderr_a_descriptor() -> None:
    """Let worker processes start while Textual has replaced ``sys.stderr`` (idempotent)."""
    current = sys.stderr
    if isinstance(current, _StderrWithDescriptor):
        return
    try:
        if current.fileno() >= 0:
            return
    except (AttributeError, OSError, ValueError):
        pass
    sys.stderr = _StderrWithDescriptor(current, os.open(os.devnull, os.O_WRONLY))


class LibraryApp(PaperApp):
    """Reads the issues of one library folder."""

    CSS_PATH: ClassVar = [str(styles_dir() / name) for name in STYLESHEETS]

    def __init__(
        self,
        root: Path,
        *,
        state: ReadingState | None = None,
        config: Config | None = None,
        background_work: bool = True,
        build_index: bool | None = None,
        index_workers: int | None = None,
        remembered: Listing | None = None,
        early_listing: EarlyListing | None = None,
        css_cache: bool = False,
    ) -> None:
        """``remembered``: the last run's listing, when the caller has read it already;
        ``early_listing``: the folder's listing started before the interface was imported."""
        super().__init__(css_cache=css_cache)
        self.session = LibrarySession(root)
        self._remembered = remembered
        self._early_listing = early_listing
        #: True when the first frame already showed the early listing
        self._early_shown = False
        self._given_state = state
        #: False for tests and screenshots: no index building, no jieba, no warm-up imports
        self.background_work = background_work
        #: bring the search index up to date once the library is listed (default: as above)
        self.build_index = background_work if build_index is None else build_index
        self._index_workers = index_workers or min(2, os.cpu_count() or 1)
        self._cancel_index = threading.Event()
        #: set while a search index update runs
        self.indexing = threading.Event()
        #: processes that cut words in the last index update (1: this process)
        self.index_workers_used = 0
        #: set once the reading state and the index are open (an issue opened from the
        #: remembered listing before then waits for it, so its read marks are kept)
        self._stores_open = threading.Event()
        #: True once the folder is listed and the state open: the picker is current
        self.ready = False
        #: the search index's progress, once an update has started
        self.index_status: IndexStatus | None = None
        self._notices: list[str] = []
        if config is None:
            from tui_paper.config import load_config

            config, notice = load_config()
            if notice:
                self._notices.append(notice)
        self.config = config
        theme = pick_theme(os.environ, config.theme)
        if theme not in self.available_themes:
            self._notices.append(f"Unknown theme {theme!r}; using the default theme.")
            theme = pick_theme({k: v for k, v in os.environ.items() if k != "TUI_PAPER_THEME"})
        self.theme = theme
        if config.keys:
            self.set_keymap(dict(config.keys))

    def get_default_screen(self) -> Screen[None]:
        """The picker is the first screen, showing the listing remembered from the last run,
        or on a first start the one listed while the app started, if it is done."""
        from tui_paper.session import load_listing

        title = f"书库  {self.session.root.resolve().name or self.session.root}"
        initial: tuple[Sequence[ListedIssue], Mapping[str, int | None] | None] | None
        initial = self._remembered or load_listing(self.session.root)
        if initial is None and self._early_listing is not None:
            listed = self._early_listing.ready()
            if listed is not None:
                initial = (listed.issues, None)
                self._early_shown = True
        return LibraryScreen(title, initial=initial)

    @property
    def library_screen(self) -> LibraryScreen:
        """The picker (always at the bottom of the screen stack)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, LibraryScreen)
        return screen

    def on_mount(self) -> None:
        """Show notices; list the folder once the first frame (remembered listing) is painted."""
        for notice in self._notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)
        # Listing imports the reader (its regular expressions are compiled on import) and
        # opening the stores imports SQLite modules: all of it waits for the first frame.
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        self.resume_gc()
        self._open_session()

    # -- opening the library ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="session", exit_on_error=False)
    def _open_session(self) -> None:
        """List the folder, then open the state and the index and count unread articles."""
        try:
            notices = self.session.scan(self._early_listing)
        except OSError as exc:
            self.call_from_thread(
                self.notify,
                f"Cannot list {self.session.root}: {exc.strerror or exc}",
                severity="error",
                timeout=15,
                markup=False,
            )
            return
        painted = threading.Event()
        self.call_from_thread(self._listed, notices, painted)
        # Opening the stores imports SQLite and the index modules, holding the interpreter
        # for tens of milliseconds: the rows are painted first (bounded, should no frame come).
        painted.wait(timeout=1.0)
        try:
            notices = self.session.open_stores(self._given_state)
        finally:
            self._stores_open.set()
        unread = self.session.unread_counts()
        self.call_from_thread(self._session_ready, notices, unread)

    def _listed(self, notices: list[str], painted: threading.Event) -> None:
        screen = self.library_screen
        if self._early_shown:
            painted.set()  # the first frame showed this very listing
        else:
            # counts from the remembered listing stay until the fresh ones arrive: no flicker
            screen.show_issues(self.session.issues, screen.unread)
            self.call_after_refresh(painted.set)
        for notice in notices:
            self.notify(notice, severity="warning", timeout=12, markup=False)

    def _session_ready(self, notices: list[str], unread: dict[str, int | None]) -> None:
        self.library_screen.update_unread(unread)
        self._remember_listing(unread)
        self.ready = True
        for notice in notices:
            self.notify(notice, severity="warning", timeout=12, markup=False)
        if self.background_work:
            self._warm_up()
        if self.build_index:
            self._update_index()

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        """Import the reader's modules while the reader looks at the list."""
        import tui_paper.screens.library_reader  # noqa: F401

    def refresh_unread(self) -> None:
        """Recount unread articles on the picker (after reading, or once indexed)."""
        if self.session.library is not None and self.session.state is not None:
            unread = self.session.unread_counts()
            self.library_screen.update_unread(unread)
            self._remember_listing(unread)

    def _remember_listing(self, unread: dict[str, int | None]) -> None:
        from tui_paper.session import save_listing

        save_listing(self.session.root, self.session.issues, unread)

    def action_refresh_library(self) -> None:
        """List the folder again, then refresh the index."""
        self._rescan()

    @work(thread=True, exclusive=True, group="session", exit_on_error=False)
    def _rescan(self) -> None:
        try:
            self.session.rescan()
        except OSError as exc:
            self.call_from_thread(
                self.notify, f"Cannot list the folder: {exc}", severity="error", markup=False
            )
            return
        unread = self.session.unread_counts()
        self.call_from_thread(self._rescanned, unread)

    def _rescanned(self, unread: dict[str, int | None]) -> None:
        self.library_screen.show_issues(self.session.issues, unread)
        self._remember_listing(unread)
        self.notify(f"已重新列出：{len(self.session.issues)}期", markup=False)
        if self.build_index:
            self._update_index()

    # -- the search index ------------------------------------------------------------------

    def _update_index(self) -> None:
        """Bring the search index up to date in the background, reporting to every screen.

        A plain daemon thread rather than a Textual worker: quitting must not wait for it
        (Textual joins its worker threads on exit). The update stops after the issue in hand
        once asked to, and every issue it committed stays indexed.
        """
        index, library = self.session.index, self.session.library
        if index is None or library is None or self.indexing.is_set():
            return
        self.indexing.set()

        def run() -> None:
            try:
                self._run_index_update(index, library)
            except Exception as exc:  # the app may be gone: nothing left to tell
                self.log.error("index update failed", exc)
            finally:
                self.indexing.clear()

        threading.Thread(target=run, name="archive-index", daemon=True).start()

    def _run_index_update(self, index: ArchiveIndex, library: Library) -> None:
        """One update in worker processes (in this one when they cannot start)."""
        indexed = 0

        def report(p: IndexProgress) -> None:
            nonlocal indexed
            indexed += int(p.indexed)
            status = IndexStatus(p.done, p.total, indexed=indexed)
            self.call_from_thread(self._index_progressed, status)

        total = len(library.issues)
        self.call_from_thread(self._index_progressed, IndexStatus(0, total))
        workers = self._index_workers
        if workers > 1:
            try:
                _give_stderr_a_descriptor()
            except OSError:  # no /dev/null: cut words in this process
                workers = 1
        try:
            try:
                result = index.update(
                    progress=report, cancel=self._cancel_index, library=library, workers=workers
                )
            except Exception:
                if workers == 1:
                    raise
                # the worker processes could not start: once more, in this process
                workers = 1
                result = index.update(progress=report, cancel=self._cancel_index, library=library)
        except Exception as exc:  # a full disk, a damaged index: reading goes on without it
            self.call_from_thread(
                self._index_progressed, IndexStatus(0, total, finished=True, error=str(exc))
            )
            return
        self.index_workers_used = workers
        if not result.cancelled:
            done = IndexStatus(total, total, finished=True, indexed=result.indexed)
            self.call_from_thread(self._index_progressed, done)
            self.call_from_thread(self.refresh_unread)

    def _index_progressed(self, status: IndexStatus) -> None:
        self.index_status = status
        for screen in self.screen_stack:
            screen.post_message(IndexProgressed(status))

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Stop the index update after the issue in hand (it keeps what it did), then exit."""
        self._cancel_index.set()
        super().exit(*args, **kwargs)

    def on_unmount(self) -> None:
        """However the app ends, the index update stops soon after."""
        self._cancel_index.set()

    # -- opening issues --------------------------------------------------------------------

    def on_open_issue(self, message: OpenIssue) -> None:
        """A screen asked for an issue: go to the article in place, or load the issue."""
        from tui_paper.layouts import issue_key

        reader = self._reader()
        key = issue_key(message.path)
        if reader is not None and reader.key == key and self.screen is reader:
            if message.article is not None:
                reader.open_article(message.article, record=True)
            return
        self._load_issue(message.path, message.article)

    def _reader(self) -> LibraryIssueScreen | None:
        """The reading screen on the stack, if any."""
        from tui_paper.screens.library_reader import LibraryIssueScreen

        found = [s for s in self.screen_stack if isinstance(s, LibraryIssueScreen)]
        return found[-1] if found else None

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load_issue(self, path: str, article: str | None) -> None:
        """Read the issue off the UI thread (a 200-page issue takes a while)."""
        from tui_paper.reader import ReaderError

        self._stores_open.wait(timeout=10)
        ref = self.session.ref_for_path(path)
        try:
            opened = self.session.load(ref, article)
        except (ReaderError, OSError) as exc:
            self.call_from_thread(
                self.notify, f"Cannot open {path}: {exc}", severity="error", markup=False
            )
            return
        if not get_current_worker().is_cancelled:  # a later choice replaced this one
            self.call_from_thread(self._show_issue, opened)

    def _show_issue(self, opened: OpenedIssue) -> None:
        from tui_paper.screens.library_reader import LibraryIssueScreen

        screen = LibraryIssueScreen(self.session, opened, background_work=self.background_work)
        if isinstance(self.screen, LibraryIssueScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        for notice in self.session.take_notices():
            self.notify(notice, severity="warning", markup=False)

    def on_back_to_library(self, message: BackToLibrary) -> None:
        """The reader backed out of its issue."""
        self.action_library()

    def action_library(self) -> None:
        """Back to the picker, with fresh unread counts."""
        if len(self.screen_stack) <= 1:
            return
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.refresh_unread()

    # -- dialogs ---------------------------------------------------------------------------

    def action_archive_search(self) -> None:
        """Open the search across issues (the last query is offered again)."""
        from tui_paper.screens.archive_search import ArchiveSearchScreen

        if isinstance(self.screen, ArchiveSearchScreen):
            return
        screen = ArchiveSearchScreen(self.session.index, self.session.last_query, self.index_status)

        def chosen(hit: ArchiveHit | None) -> None:
            self.session.last_query = screen.typed
            if hit is not None:
                self.post_message(OpenIssue(hit.path, article=hit.id))

        self.push_screen(screen, chosen)

    def action_bookmarks(self) -> None:
        """Open the bookmarks list."""
        from tui_paper.screens.bookmarks import BookmarksScreen

        if isinstance(self.screen, BookmarksScreen):
            return
        self.push_screen(BookmarksScreen(self.session.state), self._bookmark_chosen)

    def _bookmark_chosen(self, bookmark: Bookmark | None) -> None:
        if bookmark is None:
            return
        path = bookmark.issue_path
        if path is None:
            ref = self.session.find(bookmark.issue_key)
            path = str(ref.path) if ref is not None else None
        if path is None:
            self.notify("这条书签的期次不在书库里", severity="warning", markup=False)
            return
        self.post_message(OpenIssue(path, article=bookmark.article_id))

    def help_sections(self) -> list[tuple[str, list[BindingType]]]:
        """The picker's keys, the reader's keys and the library keys of the reader."""
        from tui_paper.app import TuiPaperApp
        from tui_paper.screens.library_reader import LIBRARY_READER_BINDINGS
        from tui_paper.screens.library_screen import IssueList

        # TuiPaperApp.help_sections reads only BINDINGS, which this app shares
        reader = TuiPaperApp.help_sections(self)  # type: ignore[arg-type]
        return [
            ("Library", [*IssueList.BINDINGS, *LibraryScreen.BINDINGS]),
            ("Library, while reading", list(LIBRARY_READER_BINDINGS)),
            *reader,
        ]

    def action_help(self) -> None:
        """Show every key."""
        from tui_paper.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))


def run_library(
    root: Path, *, remembered: Listing | None = None, early_listing: EarlyListing | None = None
) -> None:
    """Open the library at ``root`` in the terminal and return when the reader quits."""
    app = LibraryApp(root, remembered=remembered, early_listing=early_listing, css_cache=True)
    run_painted_first(app)
    if app.indexing.is_set():
        # The index update stops after the issue in hand and keeps every issue it committed,
        # but its word-cutting processes finish the batches already handed to them first:
        # seconds of a blank terminal after `q`. Nothing else is pending (reading state is
        # committed as it changes, the terminal is restored), so leave without waiting.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


if __name__ == "__main__":  # pragma: no cover - `python -m tui_paper.library_app DIR`
    run_library(Path(sys.argv[1]))
