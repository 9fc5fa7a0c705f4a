"""Archive layouts (e-paper crawls, Markdown with front matter) recognised before page text.

The page reader asks :func:`load_if_archive` first for every path. It must stay cheap when
the path is *not* an archive (a folder of ``01.md`` page files, a page file): it looks at
names only (one directory listing) and at most the first bytes of one file.
"""

from __future__ import annotations

from pathlib import Path

from tui_paper.layouts import is_epaper_dir, is_markdown_issue_dir
from tui_paper.model import Issue
from tui_paper.reader import epaper


def archive_kind(path: Path) -> str | None:
    """``"epaper"``, ``"markdown"``, ``"markdown-page"``, ``"markdown-file"`` or ``None``."""
    if path.is_dir():
        if is_epaper_dir(path):
            return "epaper"
        if is_markdown_issue_dir(path):
            return "markdown"
        if epaper.is_markdown_page_dir(path):
            return "markdown-page"
        return None
    if epaper.is_front_matter_file(path):
        return "markdown-file"
    return None


def load_if_archive(path: Path) -> Issue | None:
    """Return the issue when ``path`` is in an archive layout this module knows, else ``None``.

    Raises ``OSError`` only when the issue folder itself cannot be listed; single unreadable
    article files are skipped with a warning on the issue.
    """
    kind = archive_kind(path)
    if kind == "epaper":
        return epaper.load_epaper_dir(path)
    if kind == "markdown":
        return epaper.load_markdown_issue(path)
    if kind == "markdown-page":
        return epaper.load_markdown_page(path)
    if kind == "markdown-file":
        return epaper.load_front_matter_file(path)
    return None
