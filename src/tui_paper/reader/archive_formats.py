"""Archive layouts (e-paper crawls, Markdown with front matter) recognised before page text.

The page reader asks :func:`load_if_archive` first for every path. It must stay cheap when
the path is *not* an archive (a folder of ``01.md`` page files, a page file): it looks at
names only (one directory listing) and at most the first bytes of one file, and the archive
readers (:mod:`tui_paper.reader.epaper`) are imported only to load an archive.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui_paper.layouts import PAGE_DIR_RE, is_epaper_dir, is_markdown_issue_dir, md_files
from tui_paper.reader.frontmatter import has_front_matter

if TYPE_CHECKING:
    from tui_paper.model import Issue


def is_markdown_page_dir(path: Path) -> bool:
    """Whether ``path`` is one ``NN-版名`` page folder of front-matter Markdown articles.

    Reads the names and the first 8 bytes of one file.
    """
    if not PAGE_DIR_RE.match(path.name) or "-" not in path.name:
        return False
    try:
        files = md_files(path)
    except OSError:
        return False
    return bool(files) and is_front_matter_file(files[0])


def is_front_matter_file(path: Path) -> bool:
    """Whether ``path`` is a Markdown file that opens with front matter (reads 8 bytes)."""
    if path.suffix.lower() != ".md":
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return has_front_matter(head.decode("utf-8", errors="ignore"))


def archive_kind(path: Path) -> str | None:
    """``"epaper"``, ``"markdown"``, ``"markdown-page"``, ``"markdown-file"`` or ``None``."""
    if path.is_dir():
        if is_epaper_dir(path):
            return "epaper"
        if is_markdown_issue_dir(path):
            return "markdown"
        if is_markdown_page_dir(path):
            return "markdown-page"
        return None
    if is_front_matter_file(path):
        return "markdown-file"
    return None


def load_if_archive(path: Path) -> Issue | None:
    """Return the issue when ``path`` is in an archive layout this module knows, else ``None``.

    Raises ``OSError`` only when the issue folder itself cannot be listed; single unreadable
    article files are skipped with a warning on the issue.
    """
    kind = archive_kind(path)
    if kind is None:
        return None
    from tui_paper.reader import epaper

    if kind == "epaper":
        return epaper.load_epaper_dir(path)
    if kind == "markdown":
        return epaper.load_markdown_issue(path)
    if kind == "markdown-page":
        return epaper.load_markdown_page(path)
    if kind == "markdown-file":
        return epaper.load_front_matter_file(path)
    return None
