"""Issue layouts recognised from file and folder names alone, and the key of an issue.

On a first start the library picker's rows wait for the folder to be listed, so what listing
needs lives here and imports neither the model nor the reader (their dataclasses and regular
expressions cost tens of milliseconds to import); the archive reader builds on the same
names when it loads an issue.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

# ``YYYYMMDD-PP-NN.txt``: the whole name, then year, month, day, page, order
_EPAPER_NAME = r"((\d{4})(\d{2})(\d{2})-(\d{1,3})-(\d{1,3})\.txt)"
EPAPER_FILE_RE = re.compile(rf"^{_EPAPER_NAME}$", re.IGNORECASE)
# the same over a whole listing joined by newlines: one C-speed pass instead of a match per
# name (a month of a daily is ~2,000 names)
_EPAPER_LISTING_RE = re.compile(rf"^{_EPAPER_NAME}$", re.IGNORECASE | re.MULTILINE)
DATE_DIR_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
ISO_DATE_DIR_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
PAGE_DIR_RE = re.compile(r"^(\d{1,3})(?:-(.+))?$")

# A paper's own name as printed in an archive byline: 《人民日报》（2026年02月04日第 01 版）
PAPER_CITE_RE = re.compile(r"《([^《》]{2,20})》\s*[（(]\s*\d{4}\s*年[^）)]*版\s*[）)]")


def date_of(match: re.Match[str] | None) -> _dt.date | None:
    """The date in a match's first three groups (year, month, day), if it is one."""
    if match is None:
        return None
    return _date(*match.group(1, 2, 3))


def _date(year: str, month: str, day: str) -> _dt.date | None:
    try:
        return _dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def issue_key(path: Path | str) -> str:
    """The stable key of the issue at ``path``: its last two path parts, resolved.

    ``…/rmrb-2020-01/20200102`` → ``"rmrb-2020-01/20200102"``. Two parts keep dated folders
    of different archives apart while letting an archive move as a whole without losing its
    reading state.
    """
    return resolved_issue_key(Path(path).expanduser().resolve())


def resolved_issue_key(resolved: Path) -> str:
    """:func:`issue_key` of a path already resolved (absolute, no links, no ``..``)."""
    parts = resolved.parts[-2:] if len(resolved.parts) >= 2 else resolved.parts
    return "/".join(part for part in parts if part not in ("/", "\\"))


# --------------------------------------------------------------------------- e-paper crawl
class EpaperScan(NamedTuple):
    """What a directory listing alone tells about an e-paper issue folder."""

    date: _dt.date | None
    pages: int
    articles: int


def _epaper_files(path: Path) -> list[tuple[str, ...]]:
    """The name and its parts (see ``_EPAPER_NAME``) of every article file of a folder."""
    names = os.listdir(path)
    listing = "\n".join(names)
    if listing.count("\n") == len(names) - 1:
        return _EPAPER_LISTING_RE.findall(listing)
    # a name with a line break in it: match name by name so it cannot fake a line
    return [m.groups() for name in names if (m := EPAPER_FILE_RE.match(name))]


def _epaper_date(path: Path, files: list[tuple[str, ...]]) -> _dt.date | None:
    """The issue's date: its folder's name, else its first article file's."""
    date = date_of(DATE_DIR_RE.match(path.name))
    if date is None and files:
        date = _date(*files[0][1:4])
    return date


def epaper_articles(path: Path) -> tuple[_dt.date | None, list[tuple[str, int, int]]]:
    """The issue's date and its article files as (name, page, order), in reading order.

    Raises ``OSError`` when the folder cannot be listed.
    """
    files = _epaper_files(path)
    found = [(name, int(page), int(order)) for name, _, _, _, page, order in files]
    found.sort(key=lambda entry: (entry[1], entry[2]))
    return _epaper_date(path, files), found


def is_epaper_dir(path: Path) -> bool:
    """Whether ``path`` is a folder of ``YYYYMMDD-PP-NN.txt`` article files (names only)."""
    try:
        return bool(_epaper_files(path))
    except OSError:
        return False


def scan_epaper_dir(path: Path) -> EpaperScan | None:
    """Date, page count and article count of an e-paper issue folder, from its file names.

    ``None`` when the folder holds no article file (it is not an e-paper issue). Raises
    ``OSError`` when it cannot be listed.
    """
    files = _epaper_files(path)
    if not files:
        return None
    # the distinct spellings first (a few dozen at most), then their numbers: 01 is 1
    pages = {int(page) for page in set(map(itemgetter(4), files))}
    return EpaperScan(date=_epaper_date(path, files), pages=len(pages), articles=len(files))


# --------------------------------------------------------------------------- Markdown archive
class MarkdownScan(NamedTuple):
    """What a directory listing alone tells about a Markdown-archive issue folder."""

    date: _dt.date | None
    pages: int
    articles: int
    first_file: Path | None


def page_dirs(path: Path) -> list[tuple[int, str | None, Path]]:
    """The ``NN-版名`` page folders of a Markdown-archive issue: (number, name, path), in order."""
    found = []
    with os.scandir(path) as it:
        for entry in it:
            match = PAGE_DIR_RE.match(entry.name)
            if match and entry.is_dir():
                found.append((int(match.group(1)), match.group(2), Path(entry.path)))
    return sorted(found, key=lambda item: (item[0], item[2].name))


def md_files(path: Path) -> list[Path]:
    """The Markdown files of a folder, by name."""
    with os.scandir(path) as it:
        return sorted(Path(e.path) for e in it if e.name.lower().endswith(".md") and not e.is_dir())


def is_markdown_issue_dir(path: Path) -> bool:
    """Whether ``path`` holds ``NN-版名`` page folders of Markdown articles (names only)."""
    try:
        for _, _, page_dir in page_dirs(path):
            if md_files(page_dir):
                return True
    except OSError:
        return False
    return False


def scan_markdown_issue(path: Path) -> MarkdownScan:
    """Date, page and article counts of a Markdown-archive issue folder, from names only."""
    pages = 0
    articles = 0
    first: Path | None = None
    for _, _, page_dir in page_dirs(path):
        files = md_files(page_dir)
        if files:
            pages += 1
            articles += len(files)
            first = first or files[0]
    return MarkdownScan(
        date=date_of(ISO_DATE_DIR_RE.match(path.name)),
        pages=pages,
        articles=articles,
        first_file=first,
    )


def paper_name_in(text: str) -> str | None:
    """The paper's name from an archive byline: ``《人民日报》（2026年02月04日第 01 版）``."""
    match = PAPER_CITE_RE.search(text)
    return match.group(1) if match else None
