"""A library: a folder of issues, listed newest first without parsing every issue.

An issue in a library is any of

* an e-paper crawl folder (``YYYYMMDD/`` of ``YYYYMMDD-PP-NN.txt`` article files),
* a Markdown-archive date folder (``YYYY-MM-DD/NN-版名/标题.md``), found at any depth, so the
  archive's own ``vault/YYYY/MM/`` tree can be opened as it is,
* a folder of page files in this project's format (``01.md``, ``02.md`` …),
* one file holding one or several pages (``2025-05-06.txt``).

Listing reads directory names for the archive layouts (their file names carry the date,
pages and articles) and the first few kilobytes of one file for the others (the masthead
carries date and paper name). An entry that vanished or cannot be read is skipped with a
warning; the rest of the library still lists.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui_paper import layouts
from tui_paper.layouts import issue_key, resolved_issue_key

if TYPE_CHECKING:
    from tui_paper.model import Article, Issue
    from tui_paper.state import ReadingState

# Listing imports neither the model nor the reader nor SQLite (names and a few masthead
# bytes are enough): on a first start the picker's rows wait for it.

#: how far below the library folder issues are looked for: a Markdown archive's own
#: ``<checkout>/data/vault/YYYY/MM/DATE`` sits 5 folders down, a folder of archives one more
MAX_DEPTH = 6
#: bytes of a page file read to find its masthead's date and paper name
HEAD_BYTES = 6144

PAGE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
_NOT_ISSUES = re.compile(
    r"^(?:readme|license|licence|sources|changelog|notes?|contributing)\b", re.IGNORECASE
)
_NAME_DATE_RE = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_PAGE_HEADER_LINE_RE = re.compile(
    r"^(?:#{1,6}\s*)?(?:第\s*(?:[0-9０-９]{1,3}|[〇零一二三四五六七八九十百]{1,5})\s*版"
    r"|[A-Za-z]\s?[0-9０-９]{1,3}\s*版)(?:[\s:：·・|｜\-—/]|$)",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class IssueRef:
    """One issue of a library, as listed (the issue itself is loaded when opened)."""

    key: str
    path: Path
    date: _dt.date | None
    name: str | None
    page_count: int | None
    #: exact for the archive layouts (one file per article); ``None`` when unknown
    article_count: int | None
    #: ``"epaper"``, ``"markdown"``, ``"pages"`` (folder of page files) or ``"file"``
    layout: str

    @property
    def label(self) -> str:
        """``"2020-01-02 人民日报"`` — how the picker names the issue."""
        date = self.date.isoformat() if self.date else self.path.name
        return f"{date} {self.name}" if self.name else date


@dataclass(frozen=True, slots=True)
class Library:
    """The issues found below a folder, newest first, and what could not be listed."""

    root: Path
    issues: tuple[IssueRef, ...]
    warnings: tuple[str, ...] = ()

    def find(self, key: str) -> IssueRef | None:
        """The issue with this key, or ``None``."""
        return next((ref for ref in self.issues if ref.key == key), None)

    def neighbours(self, key: str) -> tuple[IssueRef | None, IssueRef | None]:
        """(older, newer) issues around ``key``, for previous/next-issue keys."""
        keys = [ref.key for ref in self.issues]
        try:
            i = keys.index(key)
        except ValueError:
            return None, None
        older = self.issues[i + 1] if i + 1 < len(self.issues) else None
        newer = self.issues[i - 1] if i > 0 else None
        return older, newer


def _date_from_name(name: str) -> _dt.date | None:
    return layouts.date_of(_NAME_DATE_RE.search(name))


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _head_text(path: Path) -> str:
    with path.open("rb") as fh:
        data = fh.read(HEAD_BYTES)
    if len(data) == HEAD_BYTES:
        # cut at the last line end so a multi-byte character is never split
        data = data[: data.rfind(b"\n") + 1] or data
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="ignore")


def _masthead_facts(path: Path) -> tuple[_dt.date | None, str | None, int | None]:
    """Date, paper name and printed page count from the head of a page file."""
    from tui_paper.reader import parse_text

    issue = parse_text(_head_text(path), source=str(path))
    m = issue.masthead
    return m.date, m.name, m.page_count


def _is_page_name(stem: str) -> bool:
    from tui_paper.reader.numerals import file_page

    return file_page(stem) is not None


def _text_files(files: list[os.DirEntry[str]]) -> list[os.DirEntry[str]]:
    return [
        f
        for f in files
        if Path(f.name).suffix.lower() in PAGE_SUFFIXES
        and not f.name.startswith(".")
        and not _NOT_ISSUES.match(Path(f.name).stem)
    ]


class _Scanner:
    def __init__(self) -> None:
        self.refs: list[IssueRef] = []
        self.warnings: list[str] = []
        self._resolved: dict[Path, Path] = {}

    def key(self, path: Path) -> str:
        """:func:`issue_key` of ``path``, resolving each folder once per listing.

        Resolving costs a system call per path component; the issues of a library are
        mostly entries of a few folders, so a folder's resolution is shared by its entries.
        """
        parent = path.parent
        if path.name in ("", ".", "..") or path.name.startswith("~") or path.is_symlink():
            return issue_key(path)
        resolved = self._resolved.get(parent)
        if resolved is None:
            resolved = self._resolved[parent] = parent.expanduser().resolve()
        return resolved_issue_key(resolved / path.name)

    def warn(self, path: Path, exc: OSError) -> None:
        self.warnings.append(f"skipped {path}: {_reason(exc)}")

    # -------------------------------------------------------------- one folder
    def archive_ref(self, path: Path) -> IssueRef | None:
        """The folder as an archive-layout issue (names only), or ``None``."""
        scan = layouts.scan_epaper_dir(path)
        if scan is not None:
            return IssueRef(
                key=self.key(path),
                path=path,
                date=scan.date,
                name=None,
                page_count=scan.pages,
                article_count=scan.articles,
                layout="epaper",
            )
        if layouts.is_markdown_issue_dir(path):
            md = layouts.scan_markdown_issue(path)
            name = None
            if md.first_file is not None:
                try:
                    name = layouts.paper_name_in(_head_text(md.first_file))
                except OSError:
                    name = None  # the issue still lists; opening it will report the file
            return IssueRef(
                key=self.key(path),
                path=path,
                date=md.date,
                name=name,
                page_count=md.pages,
                article_count=md.articles,
                layout="markdown",
            )
        return None

    def page_folder_ref(self, path: Path, files: list[os.DirEntry[str]]) -> IssueRef | None:
        first = Path(files[0].path)
        try:
            date, name, _ = _masthead_facts(first)
        except OSError as exc:
            self.warn(first, exc)
            return None
        return IssueRef(
            key=self.key(path),
            path=path,
            date=date or _date_from_name(path.name),
            name=name,
            page_count=len(files),
            article_count=None,
            layout="pages",
        )

    def file_ref(self, path: Path) -> IssueRef | None:
        try:
            date, name, printed_pages = _masthead_facts(path)
            pages = printed_pages or self.count_pages(path)
        except OSError as exc:
            self.warn(path, exc)
            return None
        return IssueRef(
            key=self.key(path),
            path=path,
            date=date or _date_from_name(path.stem),
            name=name,
            page_count=pages,
            article_count=None,
            layout="file",
        )

    @staticmethod
    def count_pages(path: Path) -> int:
        data = path.read_bytes()
        text = data.decode("utf-8", errors="ignore") or data.decode("gb18030", errors="ignore")
        headers = len(_PAGE_HEADER_LINE_RE.findall(text)) + text.count("\f")
        return max(1, headers)

    # -------------------------------------------------------------- walking
    def entries(self, path: Path) -> tuple[list[os.DirEntry[str]], list[os.DirEntry[str]]]:
        dirs: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
        with os.scandir(path) as it:
            for entry in it:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_dir():
                        dirs.append(entry)
                    elif entry.is_file():
                        files.append(entry)
                    elif entry.is_symlink():
                        # a link to nothing (or to itself): listed, but cannot be opened
                        os.stat(entry.path)
                except OSError as exc:
                    self.warn(Path(entry.path), exc)
        dirs.sort(key=lambda e: e.name)
        files.sort(key=lambda e: e.name)
        return dirs, files

    def scan_container(self, path: Path, depth: int) -> list[IssueRef]:
        """Issues at or below ``path`` when ``path`` itself is not an archive issue."""
        try:
            dirs, files = self.entries(path)
        except OSError as exc:
            self.warn(path, exc)
            return []
        found: list[IssueRef] = []
        for entry in dirs:
            found.extend(self.scan_dir(Path(entry.path), depth + 1))
        texts = _text_files(files)
        if not found and texts and all(_is_page_name(Path(f.name).stem) for f in texts):
            # only page files and no issue below: this folder is one issue of pages
            ref = self.page_folder_ref(path, texts)
            return [ref] if ref else []
        for entry in texts:
            ref = self.file_ref(Path(entry.path))
            if ref is not None:
                found.append(ref)
        return found

    def scan_dir(self, path: Path, depth: int) -> list[IssueRef]:
        try:
            ref = self.archive_ref(path)
        except OSError as exc:
            self.warn(path, exc)
            return []
        if ref is not None:
            return [ref]
        if depth >= MAX_DEPTH:
            return []
        return self.scan_container(path, depth)


def _newest_first(refs: list[IssueRef]) -> tuple[IssueRef, ...]:
    dated = sorted((r for r in refs if r.date), key=lambda r: (r.date, str(r.path)), reverse=True)
    undated = sorted((r for r in refs if not r.date), key=lambda r: str(r.path))
    return (*dated, *undated)


def scan_library(root: Path) -> Library:
    """The issues below ``root``, newest first; unreadable entries become warnings.

    When ``root`` is itself one issue (an archive issue folder or a folder of page files)
    the library holds just that issue. Raises ``OSError`` only when ``root`` itself cannot
    be listed.
    """
    scanner = _Scanner()
    with os.scandir(root):  # the root itself must be listable: let that error through
        pass
    ref = scanner.archive_ref(root)
    refs = [ref] if ref is not None else scanner.scan_container(root, 0)
    return Library(root=root, issues=_newest_first(refs), warnings=tuple(scanner.warnings))


def is_library(path: Path) -> bool:
    """Whether ``path`` is a folder of issues (as opposed to one issue, or a file).

    An archive issue folder or a folder of page files is one issue, not a library.
    """
    if not path.is_dir():
        return False
    scanner = _Scanner()
    try:
        if scanner.archive_ref(path) is not None:
            return False
        dirs, files = scanner.entries(path)
    except OSError:
        return False
    for entry in dirs:
        if scanner.scan_dir(Path(entry.path), 1):
            return True
    texts = _text_files(files)
    return bool(texts) and not all(_is_page_name(Path(f.name).stem) for f in texts)


def counts_as_article(article: Article) -> bool:
    """Whether an article counts as read/unread (and is worth indexing).

    Adverts do not count, and a story printed on two pages counts once: its first part.
    The short entry on the later page, which repeats only the title, is read when the
    story is (see :func:`mark_opened`).
    """
    from tui_paper.model import ArticleKind  # loaded already: the caller holds an article

    if article.kind is ArticleKind.AD:
        return False
    return not (article.continued_from is not None and not article.blocks)


def readable_ids(issue: Issue) -> tuple[str, ...]:
    """Ids of the articles of ``issue`` that count (see :func:`counts_as_article`)."""
    return tuple(a.id for a in issue.articles if counts_as_article(a))


def mark_opened(state: ReadingState, key: str, issue: Issue, article_id: str) -> str | None:
    """Record that the reader opened ``article_id``; returns the id marked read, if any.

    Opening any part of a story continued across pages marks the story (its first part)
    read; opening an advert marks nothing.
    """
    parts = issue.story_parts(article_id)
    if not parts:
        return None
    first = parts[0]
    if first.id not in readable_ids(issue):
        return None
    state.mark_read(key, first.id)
    return first.id


def note_opened(state: ReadingState, key: str, issue: Issue) -> None:
    """Record how many articles of the opened issue count, for exact unread counts."""
    state.remember_article_count(key, len(readable_ids(issue)))


def is_read(state: ReadingState, key: str, issue: Issue, article_id: str) -> bool:
    """Whether an article reads as read: the short entry of a continued story follows it."""
    parts = issue.story_parts(article_id)
    target = parts[0].id if parts else article_id
    return state.is_read(key, target)


def unread_counts(
    library: Library, state: ReadingState, article_counts: Mapping[str, int] | None = None
) -> dict[str, int | None]:
    """Unread articles per issue key: articles that count minus articles marked read.

    The count comes from, in order: what :func:`note_opened` recorded when the issue was
    last opened; ``article_counts`` (the search index's,
    :meth:`~tui_paper.archive_index.ArchiveIndex.article_counts`); the file count of an
    archive layout (an upper bound: adverts and repeated stories included). ``None`` when
    no count is known yet (an issue of page files never opened nor indexed).
    """
    read = state.read_counts()
    remembered = state.article_counts()
    out: dict[str, int | None] = {}
    for ref in library.issues:
        total = remembered.get(ref.key)
        if total is None and article_counts:
            total = article_counts.get(ref.key)
        if total is None:
            total = ref.article_count
        out[ref.key] = None if total is None else max(0, total - read.get(ref.key, 0))
    return out
