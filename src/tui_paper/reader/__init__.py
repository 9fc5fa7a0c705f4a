"""Bytes on disk -> :class:`~tui_paper.model.Issue`: the newspaper page-text reader.

Public entry points:

- :func:`load_issue` — a page file, a folder of page files, or a multi-page file;
- :func:`parse_text` — text already in memory (one page or several);
- :func:`decode_bytes` and :func:`clean_text` — the encoding and control-character rules;
- :class:`ReaderError` — the only exception raised for bad input, with a one-line message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui_paper.reader.decode import clean_text, decode_bytes
from tui_paper.reader.errors import ReaderError

if TYPE_CHECKING:
    from tui_paper.model import Issue

# The parsing modules (their regular expressions cost ~50 ms to compile) are imported by
# the functions below on first use, so that light users of the package — the library
# listing, the archive layouts, a cache hit — never pay for them.

__all__ = ["ReaderError", "clean_text", "decode_bytes", "load_issue", "parse_text"]


def parse_text(text: str, *, source: str | None = None, default_page: int = 1) -> Issue:
    """Parse one page or a multi-page text into an issue.

    Pages start at form feeds and at page-header lines (``第2版 综合``, ``A2版``); a page
    without a printed number takes the one after its predecessor, the first ``default_page``.
    Never raises for any input text.
    """
    return _parse(text, source=source, default_page=default_page, decoded=False)


def _parse(text: str, *, source: str | None, default_page: int, decoded: bool) -> Issue:
    from tui_paper.reader.assemble import gc_paused

    with gc_paused():
        return _parse_inner(text, source=source, default_page=default_page, decoded=decoded)


def _parse_inner(text: str, *, source: str | None, default_page: int, decoded: bool) -> Issue:
    from tui_paper.reader.assemble import assemble, number_pages
    from tui_paper.reader.masthead import MastheadBuilder
    from tui_paper.reader.parse import PageParser

    warnings: list[str] = []
    masthead = MastheadBuilder()
    parser = PageParser(masthead, warnings)
    parser.feed_text(text, decoded=decoded)
    pages = parser.finish()
    number_pages(pages, default_page)
    if not any(p.articles for p in pages) and not any(p.lines for p in pages):
        warnings.append("no text found")
    return assemble(pages, masthead, warnings, source)


def load_issue(path: Path | str) -> Issue:
    """Read an issue from a page file, a folder of page files or a multi-page file.

    A folder is first offered to the archive-layout readers
    (:func:`tui_paper.reader.archive_formats.load_if_archive`). Raises :class:`ReaderError`
    for a missing path, an unreadable or binary file, undecodable text or a folder without
    pages; a file without headlines is still an issue (its text kept, with a warning).
    """
    from tui_paper.reader.folder import load_folder, read_text_file, where

    p = Path(path)
    if p.is_dir():
        from tui_paper.reader.archive_formats import load_if_archive

        issue = load_if_archive(p)
        if issue is not None:
            return issue
        return load_folder(p)
    if p.exists() and not p.is_file():
        # a FIFO or device would block or stream forever; only regular files are pages
        raise ReaderError(f"{where(p)} is not a regular file")
    text = read_text_file(p)
    return _parse(text, source=str(p), default_page=1, decoded=True)
