"""The library picker: issues newest first with paper, pages and unread counts; enter opens."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from conftest import screen_text, styled_as_a_restyle_would
from library_builder import build_library
from library_helpers import NARROW, WIDE, listed, press, reading, until

from tui_paper import paths
from tui_paper.layouts import issue_key
from tui_paper.library import readable_ids
from tui_paper.library_app import LibraryApp
from tui_paper.reader import load_issue
from tui_paper.session import EarlyListing, LibrarySession
from tui_paper.state import ReadingState


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return build_library(tmp_path / "lib")


def _held_back(monkeypatch: pytest.MonkeyPatch, step: str) -> threading.Event:
    """Make the session's ``step`` wait (at most 10 s) until the returned event is set."""
    release = threading.Event()
    real = getattr(LibrarySession, step)

    def held(self: LibrarySession, *args: object) -> list[str]:
        release.wait(10)
        return real(self, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(LibrarySession, step, held)
    return release


def _rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if "周" in line and "版" in line]


async def test_picker_lists_issues_newest_first_with_name_pages_and_unread(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        rows = _rows(screen_text(app))
        dates = [row.split()[0].lstrip("•") for row in rows]
        assert dates == ["2025-05-07", "2025-05-06", "2025-04-19", "2025-04-18"]
        assert "河湾日报" in rows[0] and "天工科技报" in rows[-1]
        assert "5版" in rows[-1]
        # never opened nor indexed: the count is not known yet, and says so
        assert rows[-1].rstrip().endswith("—")
        assert "4期" in screen_text(app)


async def test_unread_counts_follow_reading(lib: Path) -> None:
    state = ReadingState.in_memory()
    app = LibraryApp(lib, state=state, background_work=False)
    path = lib / "tiangong-2025-04-18"
    total = len(readable_ids(load_issue(path)))
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        await press(pilot, "end", "enter")
        screen = await reading(pilot, app, "tiangong-2025-04-18")
        await press(pilot, "enter")  # the first headline
        assert screen.article_view.article is not None
        await press(pilot, "L")
        await until(pilot, lambda: app.screen is app.library_screen)
        row = _rows(screen_text(app))[-1]
        assert f"{total - 1}篇未读" in row
        # the cursor stayed on the issue just read
        assert app.library_screen.highlighted_key == issue_key(path)


async def test_picker_at_80_columns_shows_every_issue(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=NARROW) as pilot:
        await listed(pilot, app)
        assert len(_rows(screen_text(app))) == 4


async def test_tiny_terminal_does_not_crash(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=(20, 6)) as pilot:
        await listed(pilot, app)
        await press(pilot, "enter")
        await reading(pilot, app)


async def test_j_k_move_and_enter_opens_that_issue(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        await press(pilot, "j", "j", "k")
        await press(pilot, "enter")
        screen = await reading(pilot, app)
        assert screen.key == issue_key(lib / "hewan-2025-05-06.txt")
        assert "2025年5月6日" in screen_text(app)


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_picker_and_reader_are_styled_as_a_full_restyle_would_style_them(
    lib: Path, size: tuple[int, int]
) -> None:
    # Both skip Textual's restyle of their first resume (each was styled as it mounted).
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=size) as pilot:
        picker = await listed(pilot, app)
        assert picker._resumed and styled_as_a_restyle_would(picker)
        await press(pilot, "enter")
        reader = await reading(pilot, app)
        assert reader._resumed and styled_as_a_restyle_would(reader)


async def test_empty_folder_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = LibraryApp(empty, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        assert "没有找到报纸" in screen_text(app)


async def test_vanished_issue_is_reported_and_the_rest_opens(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        (lib / "hewan-2025-05-07.txt").unlink()
        await press(pilot, "enter")
        await until(pilot, lambda: any("Cannot open" in n.message for n in app._notifications))
        assert app.screen is app.library_screen
        await press(pilot, "j", "enter")
        await reading(pilot, app, "hewan-2025-05-06")


async def test_corrupt_state_database_is_moved_aside_with_a_notice(lib: Path) -> None:
    db = paths.data_dir() / "state.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"this is not a database" * 200)
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await listed(pilot, app)
        await until(pilot, lambda: bool(app._notifications))
        messages = [n.message for n in app._notifications]
        assert any("damaged" in m for m in messages)
        # shown on screen as a toast, not only logged
        await until(pilot, lambda: "damaged" in screen_text(app))
    kept = list(db.parent.glob("state.sqlite3.corrupt-*"))
    assert kept and kept[0].read_bytes().startswith(b"this is not")
    sqlite3.connect(db).execute("SELECT * FROM read_marks").fetchall()


async def test_unwritable_home_runs_in_memory_with_a_notice(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the home folder should be", encoding="utf-8")
    monkeypatch.setenv("TUI_PAPER_HOME", str(blocker))
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        await until(pilot, lambda: bool(app._notifications))
        assert any("will not be kept" in n.message for n in app._notifications)
        assert app.session.state is not None and not app.session.state.persistent
        await press(pilot, "enter")
        await reading(pilot, app)


async def test_bad_config_is_a_notice_not_a_crash(lib: Path) -> None:
    cfg = paths.config_dir() / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('theme = "nord\n', encoding="utf-8")
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        assert any("not valid TOML" in n.message for n in app._notifications)


async def test_config_key_override_rebinds_a_library_key(lib: Path) -> None:
    cfg = paths.config_dir() / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('[keys]\n"article.bookmark" = "x"\n', encoding="utf-8")
    state = ReadingState.in_memory()
    app = LibraryApp(lib, state=state, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        await press(pilot, "enter")
        screen = await reading(pilot, app)
        await press(pilot, "enter", "x")
        assert state.is_bookmarked(screen.key, "1-1")


async def test_last_listing_shows_at_once_while_the_folder_is_listed_again(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
    (lib / "hewan-2025-05-07.txt").unlink()  # gone since: the next listing drops it

    release = _held_back(monkeypatch, "scan")
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        # the remembered listing, counts included, before the folder is read
        rows = _rows(screen_text(app))
        assert len(rows) == 4 and not app.ready
        release.set()
        await listed(pilot, app)
        assert len(_rows(screen_text(app))) == 3


async def test_unknown_theme_in_config_is_a_notice(lib: Path) -> None:
    cfg = paths.config_dir() / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('theme = "no-such-theme"\n', encoding="utf-8")
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in n.message for n in app._notifications)


async def test_config_theme_is_used(lib: Path) -> None:
    cfg = paths.config_dir() / "config.toml"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text('theme = "nord"\n', encoding="utf-8")
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        assert app.theme == "nord"


async def test_r_lists_the_folder_again(lib: Path) -> None:
    app = LibraryApp(lib, background_work=False)
    async with app.run_test(size=WIDE) as pilot:
        await listed(pilot, app)
        text = (lib / "hewan-2025-05-07.txt").read_text(encoding="utf-8")
        later = text.replace("2025年5月7日", "2025年5月9日").replace("星期三", "星期五")
        (lib / "hewan-2025-05-09.txt").write_text(later, encoding="utf-8")
        await press(pilot, "r")
        await until(pilot, lambda: len(_rows(screen_text(app))) == 5)
        assert _rows(screen_text(app))[0].split()[0].lstrip("•") == "2025-05-09"


async def test_first_start_shows_the_listing_made_while_starting(
    lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing remembered: the folder listed while the app started is in the first frame."""
    import tui_paper.library

    early = EarlyListing(lib)
    early.wait()
    scans: list[Path] = []
    real_scan = tui_paper.library.scan_library
    monkeypatch.setattr(
        tui_paper.library, "scan_library", lambda root: scans.append(root) or real_scan(root)
    )
    release = _held_back(monkeypatch, "open_stores")
    app = LibraryApp(lib, background_work=False, early_listing=early)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        rows = _rows(screen_text(app))
        assert [row.split()[0] for row in rows] == [
            "2025-05-07",
            "2025-05-06",
            "2025-04-19",
            "2025-04-18",
        ]
        # the reading state is not open yet: no unread counts, not even "—"
        assert not any("未读" in row or "—" in row for row in rows)
        release.set()
        await listed(pilot, app)
        assert _rows(screen_text(app))[-1].rstrip().endswith("—")
    assert scans == []  # the folder was listed once, before the app


async def test_early_listing_of_a_vanished_folder_is_a_notice(tmp_path: Path) -> None:
    gone = tmp_path / "gone"  # removed between the check on the command line and listing
    early = EarlyListing(gone)
    with pytest.raises(OSError):
        early.wait()
    app = LibraryApp(gone, background_work=False, early_listing=early)
    async with app.run_test(size=WIDE) as pilot:
        await until(pilot, lambda: any("Cannot list" in n.message for n in app._notifications))
        assert "正在列出期次" in screen_text(app)
