"""Reading state: survives restarts, two writers, a kill mid-write, damage and unwritable homes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tui_paper import paths
from tui_paper.layouts import issue_key
from tui_paper.state import Position, ReadingState, default_db_path, state_files


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


def _open() -> ReadingState:
    state, notice = ReadingState.open()
    assert notice is None, notice
    return state


def _spawn(script: str, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, **{paths.HOME_ENV: str(home)})
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_state_survives_a_restart(home: Path) -> None:
    state = _open()
    assert state.persistent
    assert state.db_path == home / "data" / "state.sqlite3"
    state.mark_read("paper/2020-01-02", "1-1")
    state.mark_read("paper/2020-01-02", ["2-1", "2-2"])
    state.mark_read("paper/2020-01-03", "1-1")
    assert state.toggle_bookmark("paper/2020-01-02", "2-2", title="标题", issue_date="2020-01-02")
    state.save_position("paper/2020-01-02", 2, "2-2")
    state.close()

    again = _open()
    assert again.read_ids("paper/2020-01-02") == {"1-1", "2-1", "2-2"}
    assert again.is_read("paper/2020-01-03", "1-1")
    assert not again.is_read("paper/2020-01-03", "1-2")
    assert again.read_counts() == {"paper/2020-01-02": 3, "paper/2020-01-03": 1}
    marks = again.bookmarks()
    assert [(b.issue_key, b.article_id, b.title) for b in marks] == [
        ("paper/2020-01-02", "2-2", "标题")
    ]
    assert marks[0].issue_date == "2020-01-02"
    assert again.position("paper/2020-01-02") == Position(page=2, article_id="2-2")
    assert again.position("paper/never-opened") is None


def test_toggle_bookmark_twice_removes_it_and_unread_forgets(home: Path) -> None:
    state = _open()
    assert state.toggle_bookmark("k", "1-1") is True
    assert state.is_bookmarked("k", "1-1")
    assert state.toggle_bookmark("k", "1-1") is False
    assert not state.is_bookmarked("k", "1-1")
    assert state.bookmarks() == []
    state.mark_read("k", "1-2")
    state.mark_unread("k", "1-2")
    assert state.read_ids("k") == frozenset()


def test_bookmarks_newest_first_and_per_issue(home: Path) -> None:
    state = _open()
    state.toggle_bookmark("a", "1-1", title="first")
    time.sleep(0.01)
    state.toggle_bookmark("b", "2-1", title="second")
    assert [b.title for b in state.bookmarks()] == ["second", "first"]
    assert [b.title for b in state.bookmarks("a")] == ["first"]


def test_position_is_overwritten_not_duplicated(home: Path) -> None:
    state = _open()
    state.save_position("k", 1, "1-1")
    state.save_position("k", 3, None)
    assert state.position("k") == Position(page=3, article_id=None)


def test_batch_is_all_or_nothing(home: Path) -> None:
    state = _open()
    state.mark_read("k", "1-1")
    with pytest.raises(RuntimeError), state.batch():
        state.mark_read("k", "1-2")
        state.save_position("k", 4, "4-1")
        raise RuntimeError("interrupted")
    assert state.read_ids("k") == {"1-1"}
    assert state.position("k") is None


def test_article_counts_are_remembered(home: Path) -> None:
    state = _open()
    state.remember_article_count("k", 12)
    state.remember_article_count("k", 14)
    state.close()
    assert _open().article_counts() == {"k": 14}


def test_failed_write_is_a_notice_not_a_crash(home: Path) -> None:
    state = _open()
    state.close()
    state.mark_read("k", "1-1")  # the connection is gone: must not raise
    assert not state.is_read("k", "1-1")
    notices = state.take_notices()
    assert notices and all("reading state" in n for n in notices)
    assert state.take_notices() == []


def test_garbage_database_is_moved_aside_and_a_fresh_one_made(home: Path) -> None:
    db = default_db_path()
    db.parent.mkdir(parents=True)
    garbage = b"this is not a database at all\n" * 200
    db.write_bytes(garbage)

    state, notice = ReadingState.open()
    assert notice is not None and "damaged" in notice
    kept = [p for p in db.parent.iterdir() if p.name.startswith("state.sqlite3.corrupt-")]
    assert len(kept) == 1
    assert kept[0].name in notice
    assert kept[0].read_bytes() == garbage  # kept byte for byte
    assert state_files() == [db, kept[0]]
    state.mark_read("k", "1-1")
    state.close()
    again, notice2 = ReadingState.open()
    assert notice2 is None
    assert again.read_ids("k") == {"1-1"}


def test_damaged_pages_inside_a_real_database_are_detected(home: Path) -> None:
    state = _open()
    state.mark_read("k", [f"{p}-{n}" for p in range(1, 60) for n in range(1, 40)])
    state.close()
    db = default_db_path()
    # fold the WAL into the main file so the damage lands on real table pages
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = bytearray(db.read_bytes())
    assert len(raw) > 5 * 4096
    for offset in range(2 * 4096, len(raw) - 4096, 4096):
        raw[offset : offset + 64] = b"\xff" * 64
    db.write_bytes(bytes(raw))

    fresh, notice = ReadingState.open()
    assert notice is not None and "damaged" in notice
    assert fresh.read_ids("k") == frozenset()
    assert any(p.name.startswith("state.sqlite3.corrupt-") for p in db.parent.iterdir())


def test_unusable_home_runs_in_memory_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(paths.HOME_ENV, str(blocker / "home"))
    state, notice = ReadingState.open()
    assert notice is not None and "will not be kept" in notice
    assert not state.persistent
    state.mark_read("k", "1-1")  # still works for this session
    assert state.is_read("k", "1-1")
    assert not blocker.with_name("home").exists()


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write read-only files"
)
def test_read_only_database_runs_in_memory(home: Path) -> None:
    state = _open()
    state.mark_read("k", "1-1")
    state.close()
    data = default_db_path().parent
    for p in data.iterdir():
        p.chmod(0o444)
    data.chmod(0o555)
    try:
        ro, notice = ReadingState.open()
        assert notice is not None and "will not be kept" in notice
        assert not ro.persistent
    finally:
        data.chmod(0o755)


def test_issue_key_is_stable_for_one_folder_and_differs_between_archives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    issue = tmp_path / "archive-a" / "20200102"
    issue.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert issue_key(issue) == "archive-a/20200102"
    assert issue_key("archive-a/20200102/") == issue_key(issue)
    assert issue_key(tmp_path / "archive-b" / "20200102") != issue_key(issue)


_WRITER = """
import sys
from tui_paper.state import ReadingState
state, notice = ReadingState.open()
assert notice is None, notice
name = sys.argv[1] if len(sys.argv) > 1 else "{name}"
for i in range({count}):
    state.mark_read("shared-issue", f"{name}-{{i}}")
    if i % 10 == 0:
        state.toggle_bookmark("shared-issue", f"{name}-{{i}}", title=name)
    state.save_position("{name}-issue", i, None)
problems = state.take_notices()
print("notices", len(problems))
"""


@pytest.mark.slow
def test_two_writers_in_two_processes_lose_nothing(home: Path) -> None:
    _open().close()  # create the database first, as a running app would have
    count = 150
    procs = [_spawn(_WRITER.format(name=name, count=count), home) for name in ("left", "right")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "notices 0" in out
    state = _open()
    ids = state.read_ids("shared-issue")
    assert len(ids) == 2 * count
    assert {f"left-{i}" for i in range(count)} <= ids
    assert {f"right-{i}" for i in range(count)} <= ids
    assert len(state.bookmarks("shared-issue")) == 2 * (count // 10)
    assert state.position("left-issue") == Position(page=count - 1, article_id=None)
    assert state.position("right-issue") == Position(page=count - 1, article_id=None)


@pytest.mark.slow
def test_kill_inside_a_write_leaves_the_old_state(home: Path) -> None:
    state = _open()
    state.mark_read("k", ["1-1", "1-2"])
    state.save_position("k", 1, "1-2")
    state.close()
    proc = _spawn(
        """
        import time
        from tui_paper.state import ReadingState
        state, _ = ReadingState.open()
        with state.batch():
            state.mark_read("k", [f"9-{i}" for i in range(500)])
            state.save_position("k", 9, "9-1")
            state.toggle_bookmark("k", "9-1")
            print("inside", flush=True)
            time.sleep(60)
        """,
        home,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "inside"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    after = _open()
    assert after.read_ids("k") == {"1-1", "1-2"}
    assert after.position("k") == Position(page=1, article_id="1-2")
    assert after.bookmarks() == []
    with sqlite3.connect(default_db_path()) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.slow
def test_kill_at_random_moments_never_leaves_half_a_transaction(home: Path) -> None:
    _open().close()
    script = """
        from tui_paper.state import ReadingState
        state, _ = ReadingState.open()
        print("go", flush=True)
        n = 0
        while True:
            with state.batch():
                state.mark_read("k", [f"{n}-{i}" for i in range(10)])
                state.save_position("k", n, None)
            n += 1
    """
    for delay in (0.05, 0.13, 0.31):
        proc = _spawn(script, home)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "go"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    state = _open()
    ids = state.read_ids("k")
    assert ids, "the writer never committed anything"
    assert len(ids) % 10 == 0  # every transaction whole, none half-written
    batches = {aid.split("-")[0] for aid in ids}
    for n in batches:
        assert {f"{n}-{i}" for i in range(10)} <= ids
