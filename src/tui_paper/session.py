"""A library being read: its listing, the reading state and the search index, together.

UI-free glue between :mod:`tui_paper.library`, :mod:`tui_paper.state` and
:mod:`tui_paper.archive_index`, used by the library app. Every method that touches the disk
is blocking and meant for a worker thread; the heavy modules are imported inside the methods
so that importing this one costs nothing on the app's first-paint path.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tui_paper import paths

if TYPE_CHECKING:
    from tui_paper.archive_index import ArchiveIndex
    from tui_paper.library import IssueRef, Library
    from tui_paper.model import Issue
    from tui_paper.state import Position, ReadingState


#: bumped when the listing cache's shape changes (older files are ignored)
LISTING_FORMAT = 1


class ListedIssue(Protocol):
    """What the picker shows of an issue: an :class:`~tui_paper.library.IssueRef`, or the
    :class:`CachedIssue` remembered from the last run."""

    @property
    def key(self) -> str: ...
    @property
    def path(self) -> Path: ...
    @property
    def date(self) -> _dt.date | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def page_count(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class CachedIssue:
    """One row of the listing as the last run saw it (shown until the folder is listed anew)."""

    key: str
    path: Path
    date: _dt.date | None
    name: str | None
    page_count: int | None


#: a listing remembered from the last run: its rows, and unread counts by issue key
Listing = tuple[list[CachedIssue], dict[str, int | None]]


def listing_cache_path(root: Path) -> Path:
    """``<cache>/library/<name>-<hash>.json``: the last listing of the library at ``root``."""
    resolved = root.expanduser().resolve()
    digest = hashlib.blake2b(str(resolved).encode("utf-8"), digest_size=6).hexdigest()
    return paths.cache_dir() / "library" / f"{resolved.name or 'root'}-{digest}.json"


def load_listing(root: Path) -> Listing | None:
    """The listing and unread counts saved by the last run, or ``None`` (none, or unreadable).

    Reading it costs a millisecond where listing the folder first imports the reader; the
    picker shows it at once and replaces it when the real listing arrives moments later.
    """
    try:
        data = json.loads(listing_cache_path(root).read_text(encoding="utf-8"))
        if data.get("format") != LISTING_FORMAT:
            return None
        rows = [
            CachedIssue(
                key=str(row["key"]),
                path=Path(row["path"]),
                date=_dt.date.fromisoformat(row["date"]) if row.get("date") else None,
                name=str(row["name"]) if row.get("name") else None,
                page_count=int(row["pages"]) if row.get("pages") else None,
            )
            for row in data["issues"]
        ]
        unread = {str(k): (None if v is None else int(v)) for k, v in data["unread"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a cache: anything odd is simply not used
    return rows, unread


def save_listing(
    root: Path, issues: Sequence[ListedIssue], unread: Mapping[str, int | None]
) -> None:
    """Remember the listing for the next start (atomically; failures are ignored)."""
    target = listing_cache_path(root)
    data = {
        "format": LISTING_FORMAT,
        "issues": [
            {
                "key": ref.key,
                "path": str(ref.path),
                "date": ref.date.isoformat() if ref.date else None,
                "name": ref.name,
                "pages": ref.page_count,
            }
            for ref in issues
        ],
        "unread": dict(unread),
    }
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


class EarlyListing:
    """The library folder listed in a thread started before the interface is imported.

    On a first start nothing is remembered, so the picker's rows wait for the listing.
    Listing reads names and waits on the file system, which lets the interpreter go on
    importing the interface meanwhile: the listing is usually ready for the first frame.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._done = threading.Event()
        self._library: Library | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, name="library-listing", daemon=True).start()

    def _run(self) -> None:
        try:
            from tui_paper.library import scan_library

            self._library = scan_library(self.root)
        except BaseException as exc:  # handed to whoever waits for the listing
            self._error = exc
        finally:
            self._done.set()

    def ready(self) -> Library | None:
        """The listing if it is done and succeeded, without waiting."""
        return self._library if self._done.is_set() else None

    def wait(self) -> Library:
        """The listing, once done; raises what listing raised (``OSError``: no folder)."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._library is not None
        return self._library


@dataclass(frozen=True, slots=True)
class OpenedIssue:
    """An issue loaded for reading, with where to start in it."""

    ref: IssueRef
    issue: Issue
    #: the page to show first (the saved position's, or the requested article's)
    page: int | None
    #: the article to open at once, if any
    article: str | None


@dataclass(slots=True)
class LibrarySession:
    """One library folder, its listing, reading state and search index.

    Built empty (nothing read from disk) and filled by :meth:`open`, so an app can paint
    before any of it is ready.
    """

    root: Path
    library: Library | None = None
    state: ReadingState | None = None
    index: ArchiveIndex | None = None
    #: the last query typed in the archive search, offered again when it reopens
    last_query: str = ""
    notices: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ opening
    def open(self, state: ReadingState | None = None) -> list[str]:
        """:meth:`scan`, then :meth:`open_stores`; returns their notices for the user."""
        return self.scan() + self.open_stores(state)

    def scan(self, early: EarlyListing | None = None) -> list[str]:
        """List the library folder (names and a few bytes per issue); returns notices.

        ``early``: a listing of this folder already under way, waited for instead.
        Raises ``OSError`` when the folder itself cannot be listed.
        """
        if early is not None and early.root == self.root:
            self.library = early.wait()
        else:
            from tui_paper.library import scan_library

            self.library = scan_library(self.root)
        if not self.library.warnings:
            return []
        shown = "; ".join(self.library.warnings[:3])
        more = len(self.library.warnings) - 3
        return [shown + (f" (and {more} more)" if more > 0 else "")]

    def open_stores(self, state: ReadingState | None = None) -> list[str]:
        """Open the reading state and the search index; returns notices for the user.

        ``state`` is used when given (tests); otherwise the user's state database is opened,
        and a damaged or unwritable one becomes a notice. An index that cannot be opened is a
        notice too: the library still lists and reads, only search across issues is missing.
        """
        from tui_paper.archive_index import ArchiveIndex, ArchiveIndexError
        from tui_paper.state import ReadingState

        notices: list[str] = []
        if state is None:
            state, notice = ReadingState.open()
            if notice:
                notices.append(notice)
        self.state = state
        try:
            self.index = ArchiveIndex.open(self.root)
        except ArchiveIndexError as exc:
            notices.append(f"Search across issues is unavailable: {exc}")
        return notices

    def rescan(self) -> Library:
        """List the library folder again (issues added or removed since)."""
        from tui_paper.library import scan_library

        self.library = scan_library(self.root)
        return self.library

    @property
    def issues(self) -> tuple[IssueRef, ...]:
        """The issues listed, newest first (none before :meth:`open`)."""
        return self.library.issues if self.library is not None else ()

    def unread_counts(self) -> dict[str, int | None]:
        """Unread articles per issue key (``None`` where not known yet)."""
        from tui_paper.library import unread_counts

        if self.library is None or self.state is None:
            return {}
        counts = self.index.article_counts() if self.index is not None else None
        return unread_counts(self.library, self.state, counts)

    def take_notices(self) -> list[str]:
        """Failed state writes since the last call, one line each."""
        return self.state.take_notices() if self.state is not None else []

    # ------------------------------------------------------------------ issues
    def find(self, key: str) -> IssueRef | None:
        """The listed issue with this key."""
        return self.library.find(key) if self.library is not None else None

    def ref_for_path(self, path: str | Path) -> IssueRef:
        """The listed issue at ``path``, or a stand-in for an issue the listing does not hold."""
        from tui_paper.layouts import issue_key
        from tui_paper.library import IssueRef

        key = issue_key(path)
        found = self.find(key)
        if found is not None:
            return found
        return IssueRef(
            key=key,
            path=Path(path),
            date=None,
            name=None,
            page_count=None,
            article_count=None,
            layout="file" if Path(path).is_file() else "pages",
        )

    def neighbours(self, key: str) -> tuple[IssueRef | None, IssueRef | None]:
        """(older, newer) issues around ``key``."""
        if self.library is None:
            return None, None
        return self.library.neighbours(key)

    def position(self, key: str) -> Position | None:
        """Where the reader left off in the issue ``key``."""
        return self.state.position(key) if self.state is not None else None

    def load(self, ref: IssueRef, article: str | None = None) -> OpenedIssue:
        """Load ``ref`` and decide where reading starts: ``article``, else the saved position.

        Raises :class:`tui_paper.reader.ReaderError` when the issue cannot be read.
        """
        from tui_paper.issue_cache import load_issue_cached
        from tui_paper.library import note_opened

        # an issue opened before comes from the parsed-issue cache (checked against its
        # files' sizes and times), which spares the reader and its imports
        issue = load_issue_cached(ref.path)
        if self.state is not None:
            note_opened(self.state, ref.key, issue)
        page: int | None = None
        start: str | None = None
        if article is not None and issue.article(article) is not None:
            start = article
        else:
            saved = self.position(ref.key)
            if saved is not None and issue.page(saved.page) is not None:
                page = saved.page
                if saved.article_id is not None and issue.article(saved.article_id) is not None:
                    start = saved.article_id
        if start is not None:
            found = issue.article(start)
            page = found.page if found is not None else page
        return OpenedIssue(ref=ref, issue=issue, page=page, article=start)


def describe_date(date: _dt.date | None) -> str:
    """``2020-01-31 周五`` — how the library names an issue's date."""
    if date is None:
        return "日期不详"
    return f"{date.isoformat()} 周{'一二三四五六日'[date.weekday()]}"
