"""The library: issues below a folder listed newest first, cheaply, despite bad entries."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from tui_paper import library as library_mod
from tui_paper import paths
from tui_paper.layouts import issue_key
from tui_paper.library import (
    is_library,
    is_read,
    mark_opened,
    note_opened,
    readable_ids,
    scan_library,
    unread_counts,
)
from tui_paper.reader import load_issue
from tui_paper.state import ReadingState

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "realworld"
RMRB = SHARED / "rmrb-2020-01"
PDVAULT = SHARED / "pdvault-md"

IND = "\u3000\u3000"


def _epaper(root: Path, day: str, pages: int, per_page: int) -> Path:
    folder = root / day
    folder.mkdir(parents=True)
    for page in range(1, pages + 1):
        for n in range(1, per_page + 1):
            text = f"\r\n第{page}版第{n}篇\r\n\r\n{IND}这是第{page}版的第{n}篇报道。\r\n"
            (folder / f"{day}-{page:02d}-{n:02d}.txt").write_bytes(text.encode("utf-8"))
    return folder


def test_crawl_folder_listed_from_names_alone(tmp_path: Path) -> None:
    """Pages and articles are counted from file names; an undated folder takes its files' date."""
    folder = _epaper(tmp_path / "crawl", "20240107", pages=3, per_page=2)
    undated = folder.rename(folder.parent / "latest")
    (undated / "20240107-04-01.TXT").write_bytes(b"\r\nx\r\n")  # the name's case does not matter
    (undated / "notes.txt").write_text("not an article", encoding="utf-8")
    (undated / "20240107-05-01.txt.bak").write_text("not an article", encoding="utf-8")
    if os.name == "posix":
        # a name with a line break in it must not pass as two names
        (undated / "x\n20240107-09-01.txt").write_text("odd", encoding="utf-8")
    [ref] = scan_library(tmp_path / "crawl").issues
    assert (ref.layout, ref.date) == ("epaper", dt.date(2024, 1, 7))
    assert (ref.page_count, ref.article_count) == (4, 7)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_listed_keys_are_the_issue_keys_of_resolved_paths(tmp_path: Path) -> None:
    """Reading state is keyed by the resolved path: a linked issue keeps its target's key."""
    real = tmp_path / "elsewhere" / "archive"
    _epaper(real, "20240101", pages=1, per_page=1)
    lib = tmp_path / "lib"
    _epaper(lib / "month", "20240102", pages=1, per_page=1)
    os.symlink(real / "20240101", lib / "month" / "20240101")
    os.symlink(lib / "month", tmp_path / "via-link")
    for root in (lib, tmp_path / "via-link", Path(os.path.relpath(lib, Path.cwd()))):
        keys = {ref.date: ref.key for ref in scan_library(root).issues}
        assert keys == {
            dt.date(2024, 1, 2): "month/20240102",
            dt.date(2024, 1, 1): "archive/20240101",
        }
        assert all(ref.key == issue_key(ref.path) for ref in scan_library(root).issues)


def _page(paper: str, date: str, page: int, title: str) -> str:
    return (
        f"{paper}社出版\n\n{date}\n\n第{page}版 要闻\n\n# {title}\n\n"
        f"本报讯 {title}的消息今天发布。\n"
    )


def _markdown(root: Path) -> Path:
    day = root / "vault" / "2025" / "03" / "2025-03-07" / "01-要闻"
    day.mkdir(parents=True)
    (day / "新闻.md").write_text(
        '---\ntitle: "春耕"\ndate: 2025-03-07\n---\n\n# 春耕\n\n'
        "> 《河湾日报》（2025年03月07日第 01 版）\n\n农民开始春耕。\n",
        encoding="utf-8",
    )
    return day.parent


@pytest.fixture
def lib_root(tmp_path: Path) -> Path:
    root = tmp_path / "papers"
    crawl = root / "crawl"
    _epaper(crawl, "20240105", pages=3, per_page=2)
    _epaper(crawl, "20240106", pages=2, per_page=3)
    pages = root / "tiangong-2024-01-03"
    pages.mkdir(parents=True)
    (pages / "01.md").write_text(_page("天工科技报", "2024年1月3日", 1, "头版新闻"), "utf-8")
    (pages / "02.md").write_text(_page("天工科技报", "2024年1月3日", 2, "二版新闻"), "utf-8")
    multi = _page("河湾日报", "2024年1月4日", 1, "一版") + "\n第2版 综合\n\n# 二版\n\n正文。\n"
    (root / "hewan-2024-01-04.txt").write_text(multi, "utf-8")
    (root / "README.md").write_text("这是说明，不是报纸。\n", "utf-8")
    _markdown(root)
    return root


def test_library_lists_every_layout_newest_first(lib_root: Path) -> None:
    lib = scan_library(lib_root)
    assert lib.warnings == ()
    assert [(r.date, r.layout) for r in lib.issues] == [
        (dt.date(2025, 3, 7), "markdown"),
        (dt.date(2024, 1, 6), "epaper"),
        (dt.date(2024, 1, 5), "epaper"),
        (dt.date(2024, 1, 4), "file"),
        (dt.date(2024, 1, 3), "pages"),
    ]
    by_layout = {r.layout: r for r in lib.issues}
    assert by_layout["pages"].name == "天工科技报"
    assert by_layout["pages"].page_count == 2
    assert by_layout["file"].name == "河湾日报"
    assert by_layout["file"].page_count == 2
    assert by_layout["markdown"].name == "河湾日报"
    newest_crawl = lib.issues[1]
    assert (newest_crawl.page_count, newest_crawl.article_count) == (2, 6)
    assert newest_crawl.label == "2024-01-06"
    assert by_layout["pages"].label == "2024-01-03 天工科技报"
    # every listed issue opens, and the listing agrees with what it opens to
    for ref in lib.issues:
        issue = load_issue(ref.path)
        assert issue.masthead.date == ref.date
        assert len(issue.pages) == ref.page_count
        if ref.article_count is not None:
            assert len(issue.articles) == ref.article_count


def test_library_or_issue(lib_root: Path) -> None:
    assert is_library(lib_root)
    assert is_library(lib_root / "crawl")
    assert not is_library(lib_root / "crawl" / "20240105")
    assert not is_library(lib_root / "tiangong-2024-01-03")
    assert not is_library(lib_root / "hewan-2024-01-04.txt")
    one = scan_library(lib_root / "tiangong-2024-01-03")
    assert [r.layout for r in one.issues] == ["pages"]


def test_neighbours_walk_by_date(lib_root: Path) -> None:
    lib = scan_library(lib_root)
    middle = lib.issues[2]
    older, newer = lib.neighbours(middle.key)
    assert older is lib.issues[3] and newer is lib.issues[1]
    assert lib.neighbours(lib.issues[0].key)[1] is None
    assert lib.neighbours(lib.issues[-1].key)[0] is None
    assert lib.find(middle.key) is middle
    assert lib.neighbours("nope") == (None, None)


def test_dangling_and_looping_entries_are_skipped_with_a_warning(lib_root: Path) -> None:
    os.symlink(lib_root / "gone-away", lib_root / "2024-01-09")
    loop = lib_root / "loop-2024-01-08.txt"
    os.symlink(loop.name, loop)
    lib = scan_library(lib_root)
    assert len(lib.issues) == 5
    assert len(lib.warnings) == 2
    assert any("2024-01-09" in w for w in lib.warnings)
    assert any("loop-2024-01-08.txt" in w for w in lib.warnings)


def test_folder_vanishing_while_listed_is_skipped(
    lib_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = lib_root / "tiangong-2024-01-03"
    real = library_mod._Scanner.archive_ref

    def vanish_first(self: library_mod._Scanner, path: Path) -> library_mod.IssueRef | None:
        if path == victim and victim.exists():
            shutil.rmtree(victim)  # removed after the parent was listed, before it is read
        return real(self, path)

    monkeypatch.setattr(library_mod._Scanner, "archive_ref", vanish_first)
    lib = scan_library(lib_root)
    assert [r.layout for r in lib.issues] == ["markdown", "epaper", "epaper", "file"]
    assert len(lib.warnings) == 1 and "tiangong-2024-01-03" in lib.warnings[0]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads unreadable folders"
)
def test_unreadable_folder_is_skipped(lib_root: Path) -> None:
    locked = lib_root / "crawl" / "20240105"
    locked.chmod(0)
    try:
        lib = scan_library(lib_root)
    finally:
        locked.chmod(0o755)
    assert len(lib.issues) == 4
    assert lib.warnings


def test_unreadable_root_raises(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        scan_library(tmp_path / "missing")


def test_unread_counts_follow_the_reading_state(
    lib_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    state, _ = ReadingState.open()
    lib = scan_library(lib_root)
    crawl = next(r for r in lib.issues if r.layout == "epaper")
    pages = next(r for r in lib.issues if r.layout == "pages")
    assert unread_counts(lib, state)[crawl.key] == 6
    assert unread_counts(lib, state)[pages.key] is None  # never opened: count unknown
    state.mark_read(crawl.key, ["1-1", "2-2"])
    state.remember_article_count(pages.key, 2)
    state.mark_read(pages.key, "1-1")
    counts = unread_counts(lib, state)
    assert counts[crawl.key] == 4
    assert counts[pages.key] == 1
    # the index's count replaces the file count; what the opened issue recorded wins
    from_index = unread_counts(lib, state, {crawl.key: 5, pages.key: 5})
    assert from_index[crawl.key] == 3
    assert from_index[pages.key] == 1


@pytest.mark.skipif(not RMRB.is_dir(), reason=f"{RMRB} is absent (test data)")
def test_real_month_lists_from_names_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("listing an e-paper archive must not open its files")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    lib = scan_library(RMRB)
    assert len(lib.issues) == 31
    assert lib.issues[0].date == dt.date(2020, 1, 31)
    assert lib.issues[-1].date == dt.date(2020, 1, 1)
    assert sum(r.article_count or 0 for r in lib.issues) == 2194
    assert {r.page_count for r in lib.issues} <= {8, 12, 16, 20, 24}


@pytest.mark.skipif(not PDVAULT.is_dir(), reason=f"{PDVAULT} is absent (test data)")
def test_real_markdown_tree_lists_its_dates() -> None:
    lib = scan_library(PDVAULT)
    assert [r.date for r in lib.issues] == [dt.date(2026, 2, 4), dt.date(2026, 2, 3)]
    assert all(r.name == "人民日报" for r in lib.issues)


@pytest.mark.skipif(
    not (PDVAULT.is_dir() and RMRB.is_dir()), reason=f"{SHARED} is absent (test data)"
)
def test_folder_of_archives_lists_both() -> None:
    lib = scan_library(SHARED)
    assert len(lib.issues) == 33
    assert lib.issues[0].date == dt.date(2026, 2, 4)
    assert {r.layout for r in lib.issues} == {"epaper", "markdown"}


def _continued_crawl(root: Path) -> Path:
    folder = _epaper(root, "20240110", pages=2, per_page=2)
    # page 2's first item repeats page 1's first story in full; page 2's second is an advert
    (folder / "20240110-02-01.txt").write_bytes((folder / "20240110-01-01.txt").read_bytes())
    (folder / "20240110-02-02.txt").write_bytes(b"\r\n\xe5\xb9\xbf\xe5\x91\x8a\r\n\r\n")
    return folder


def test_a_story_on_two_pages_counts_once_and_adverts_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    state, _ = ReadingState.open()
    folder = _continued_crawl(tmp_path / "lib")
    issue = load_issue(folder)
    assert readable_ids(issue) == ("1-1", "1-2")
    lib = scan_library(tmp_path / "lib")
    key = lib.issues[0].key
    assert unread_counts(lib, state)[key] == 4  # before opening: every file, an upper bound
    note_opened(state, key, issue)
    assert unread_counts(lib, state)[key] == 2
    # opening the short entry on page 2 reads the story it continues
    assert mark_opened(state, key, issue, "2-1") == "1-1"
    assert is_read(state, key, issue, "1-1") and is_read(state, key, issue, "2-1")
    assert mark_opened(state, key, issue, "2-2") is None  # an advert
    assert mark_opened(state, key, issue, "9-9") is None
    assert unread_counts(lib, state)[key] == 1
    mark_opened(state, key, issue, "1-2")
    assert unread_counts(lib, state)[key] == 0


def test_an_issue_opened_again_comes_from_the_cache_and_sees_its_files_change(
    lib_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_paper import issue_cache
    from tui_paper.session import LibrarySession

    monkeypatch.setenv("TUI_PAPER_HOME", str(tmp_path / "home"))
    session = LibrarySession(lib_root)
    session.scan()
    ref = session.ref_for_path(lib_root / "tiangong-2024-01-03")
    first = session.load(ref).issue
    assert [a.title for a in first.articles] == ["头版新闻", "二版新闻"]

    def no_reader(path: Path) -> None:
        raise AssertionError("parsed again although nothing changed")

    with monkeypatch.context() as m:
        m.setattr("tui_paper.reader.load_issue", no_reader)
        assert session.load(ref).issue == first
    assert list((tmp_path / "home").rglob("*.issue"))  # under the user cache folder
    page = lib_root / "tiangong-2024-01-03" / "02.md"
    page.write_text(_page("天工科技报", "2024年1月3日", 2, "改过的二版"), "utf-8")
    os.utime(page, ns=(page.stat().st_mtime_ns + 10**9,) * 2)
    assert [a.title for a in session.load(ref).issue.articles] == ["头版新闻", "改过的二版"]
    assert issue_cache.cached_issue(ref.path) is not None
