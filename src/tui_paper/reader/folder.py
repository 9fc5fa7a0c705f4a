"""Files and folders: reading one text file, and a folder of page files as one issue."""

from __future__ import annotations

import re
from pathlib import Path

from tui_paper.model import Issue
from tui_paper.reader.assemble import assemble, gc_paused, number_pages
from tui_paper.reader.decode import decode_bytes, one_line
from tui_paper.reader.errors import ReaderError
from tui_paper.reader.masthead import MastheadBuilder
from tui_paper.reader.numerals import file_page
from tui_paper.reader.parse import PageBuilder, PageParser

#: file kinds a folder's pages come in
PAGE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
_NOT_PAGES = re.compile(r"^(?:readme|license|licence|sources|changelog|notes?)\b", re.IGNORECASE)
#: ``01``, ``page-2``, ``A02``, ``p3``, ``第3版``, ``01-要闻``
_NATURAL_RE = re.compile(r"(\d+)")


def where(path: Path) -> str:
    """A path as one printable line, for error messages."""
    return one_line(str(path))


def read_text_file(path: Path) -> str:
    """Decoded text of one file; :class:`ReaderError` when it is missing or not text."""
    name = where(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReaderError(f"{name}: no such file or folder") from None
    except IsADirectoryError:
        raise ReaderError(f"{name} is a folder") from None
    except PermissionError:
        raise ReaderError(f"{name}: permission denied") from None
    except OSError as exc:
        raise ReaderError(f"{name}: cannot read ({exc.strerror or 'error'})") from None
    return decode_bytes(data, name=name)


def page_files(folder: Path) -> list[Path]:
    """The page files of a folder in reading order (natural sort of their names)."""
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        raise ReaderError(f"{where(folder)}: cannot list ({exc.strerror or 'error'})") from None
    files = [
        e
        for e in entries
        if e.suffix.lower() in PAGE_SUFFIXES
        and not e.name.startswith(".")
        and not _NOT_PAGES.match(e.stem)
        and e.is_file()
    ]

    def key(p: Path) -> list[tuple[int, int | str]]:
        return [(0, int(t)) if t.isdigit() else (1, t) for t in _NATURAL_RE.split(p.stem) if t]

    return sorted(files, key=key)


def load_folder(folder: Path) -> Issue:
    """A folder of page files, one page each, as one issue."""
    with gc_paused():
        return _load_folder(folder)


def _load_folder(folder: Path) -> Issue:
    files = page_files(folder)
    if not files:
        raise ReaderError(f"{where(folder)}: no page files (.txt or .md) in this folder")
    warnings: list[str] = []
    masthead = MastheadBuilder()
    parsed: list[tuple[tuple[int, str | None, str | None] | None, list[PageBuilder]]] = []
    used: set[int] = set()
    for path in files:
        parser = PageParser(masthead, warnings)
        parser.feed_text(read_text_file(path), decoded=True)
        file_pages = parser.finish()
        named = file_page(path.stem)
        parsed.append((named, file_pages))
        used.update(p.number for p in file_pages if p.number is not None)
        if named is not None and file_pages[0].number is None:
            used.add(named[0])
    # the page's own header first, then the file name, then the lowest number still free
    pages: list[PageBuilder] = []
    next_free = 1
    for named, file_pages in parsed:
        first = file_pages[0]
        if named is not None:
            default = named[0]
        else:
            while next_free in used:
                next_free += 1
            default = next_free
        number_pages(file_pages, default)
        if named is not None and first.number == named[0]:
            if first.code is None and named[1] is not None:
                first.code = named[1]
            if first.label is None and named[2] and not named[2].isdigit():
                first.label = named[2]
        used.update(p.number for p in file_pages if p.number is not None)
        pages.extend(file_pages)
    return assemble(pages, masthead, warnings, str(folder))
