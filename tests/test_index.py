"""Search across a library: the FTS5 index of jieba words, incremental and usable mid-build."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tui_paper import paths
from tui_paper.archive_index import (
    ArchiveIndex,
    ArchiveIndexError,
    IndexProgress,
    index_path,
)

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "realworld"
RMRB = SHARED / "rmrb-2020-01"
IND = "\u3000\u3000"


def _article(path: Path, title: str, paragraphs: list[str], kicker: str = "") -> None:
    lines = [kicker, title, "", *(IND + p for p in paragraphs), ""]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """Three invented e-paper issues."""
    root = tmp_path / "crawl"
    texts = {
        "20240105": [
            ("河湾大桥通车", ["河湾大桥今天正式通车，市民步行过桥只需五分钟。"]),
            ("冬季供暖稳定", ["全市供暖运行平稳，居民室温达标。", "热力公司加强巡检。"]),
        ],
        "20240106": [
            ("图书馆延长开放时间", ["市图书馆寒假期间延长开放时间，方便学生自习。"]),
            ("春运火车票开售", ["春运火车票今起开售，旅客可在网上购票。"]),
        ],
        "20240107": [
            ("春运首日客流平稳", ["春运首日，火车站客流平稳有序。"]),
            ("鼠年邮票发行", ["生肖鼠年邮票今天发行，集邮爱好者排队购买。"]),
        ],
    }
    for day, articles in texts.items():
        folder = root / day
        folder.mkdir(parents=True)
        for n, (title, paras) in enumerate(articles, start=1):
            _article(folder / f"{day}-01-{n:02d}.txt", title, paras)
        _article(folder / f"{day}-02-01.txt", "广告", [])
    # a story printed in full on two pages: one hit, not two
    first = root / "20240107" / "20240107-01-01.txt"
    shutil.copyfile(first, root / "20240107" / "20240107-03-01.txt")
    return root


def _raw_matches(index: ArchiveIndex, word: str) -> int:
    """Rows of the FTS table holding ``word``, without the join that hides stale ones."""
    with sqlite3.connect(index.db_path) as conn:
        count = conn.execute(
            "SELECT COUNT(*) FROM terms WHERE terms MATCH ?", (f'"{word}"',)
        ).fetchone()[0]
    conn.close()
    return int(count)


def _build(root: Path) -> ArchiveIndex:
    index = ArchiveIndex.open(root)
    index.update()
    return index


def test_search_finds_words_across_dates_with_date_and_snippet(home: Path, library: Path) -> None:
    index = _build(library)
    hits = index.search("春运")
    assert {(h.date.isoformat() if h.date else None, h.id) for h in hits} == {
        ("2024-01-06", "1-2"),
        ("2024-01-07", "1-1"),
    }
    for hit in hits:
        assert "春运" in hit.snippet
        assert "春运" in hit.words
        assert hit.issue_key.endswith(hit.date.strftime("%Y%m%d"))  # type: ignore[union-attr]
        data = hit.to_dict()
        assert data["date"] == hit.date.isoformat()  # type: ignore[union-attr]
        assert set(data) >= {"date", "issue", "path", "id", "page", "title", "snippet", "score"}


def test_all_words_must_match_and_title_words_weigh_more(home: Path, library: Path) -> None:
    index = _build(library)
    assert [h.title for h in index.search("火车票 网上")] == ["春运火车票开售"]
    assert index.search("火车票 潜水艇") == []
    titles = [h.title for h in index.search("火车")]
    assert titles.index("春运火车票开售") < titles.index("春运首日客流平稳")


def test_ads_and_repeated_stories_are_not_listed_twice(home: Path, library: Path) -> None:
    index = _build(library)
    hits = index.search("客流")
    assert [(h.page, h.title) for h in hits] == [(1, "春运首日客流平稳")]
    assert index.search("广告") == []
    # what counts for unread: two stories per issue, whatever was printed twice or sold
    assert sorted(index.article_counts().values()) == [2, 2, 2]


def test_a_character_inside_longer_words_is_found_as_text(home: Path, library: Path) -> None:
    index = _build(library)
    assert [h.title for h in index.search("鼠")] == ["鼠年邮票发行"]


def test_refresh_reindexes_only_changed_issues(home: Path, library: Path) -> None:
    index = ArchiveIndex.open(library)
    first = index.update()
    assert (first.issues, first.indexed, first.removed) == (3, 3, 0)
    again = index.update()
    assert again.indexed == 0
    changed = library / "20240106" / "20240106-01-01.txt"
    _article(changed, "博物馆夜场开放", ["博物馆推出夜场，市民踊跃参观。"])
    stamp = time.time() + 5
    os.utime(changed, (stamp, stamp))
    third = index.update()
    assert third.indexed == 1
    assert [h.title for h in index.search("博物馆")] == ["博物馆夜场开放"]
    assert index.search("图书馆") == []
    assert _raw_matches(index, "图书馆") == 0  # gone from the word index itself too
    shutil.rmtree(library / "20240105")
    fourth = index.update()
    assert (fourth.indexed, fourth.removed) == (0, 1)
    assert index.search("大桥") == []
    assert _raw_matches(index, "大桥") == 0
    assert index.stats()["issues"] == 2
    with sqlite3.connect(index.db_path) as conn:
        conn.execute("INSERT INTO terms(terms, rank) VALUES ('integrity-check', 0)")
    conn.close()


def test_progress_is_reported_per_issue_and_cancel_stops_early(home: Path, library: Path) -> None:
    index = ArchiveIndex.open(library)
    seen: list[IndexProgress] = []
    stop = threading.Event()

    def progress(p: IndexProgress) -> None:
        seen.append(p)
        stop.set()  # ask to stop after the first issue

    result = index.update(progress=progress, cancel=stop)
    assert result.cancelled
    assert [(p.done, p.total, p.indexed) for p in seen] == [(1, 3, True)]
    assert index.stats()["issues"] == 1
    rest: list[IndexProgress] = []
    done = index.update(progress=rest.append)
    assert not done.cancelled and done.indexed == 2
    assert [p.done for p in rest] == [1, 2, 3]
    assert [p.indexed for p in rest] == [False, True, True]


def test_index_is_searchable_while_it_builds(home: Path, library: Path) -> None:
    builder = ArchiveIndex.open(library)
    reader = ArchiveIndex.open(library)  # another connection, as the app's search screen
    found_midway: list[list[str]] = []

    def progress(p: IndexProgress) -> None:
        if p.done == 1:
            found_midway.append([h.title for h in reader.search("鼠年")])
            found_midway.append([h.title for h in reader.search("大桥")])

    worker = threading.Thread(target=builder.update, kwargs={"progress": progress})
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive()
    # newest first: 2024-01-07 is indexed first and searchable before the others exist
    assert found_midway == [["鼠年邮票发行"], []]
    assert [h.title for h in reader.search("大桥")] == ["河湾大桥通车"]


def test_damaged_index_is_rebuilt(home: Path, library: Path) -> None:
    db = index_path(library)
    db.parent.mkdir(parents=True)
    db.write_bytes(b"garbage, not an index\n" * 100)
    index = ArchiveIndex.open(library)
    assert index.update().indexed == 3
    assert index.search("春运")


def test_unwritable_cache_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(paths.HOME_ENV, str(blocker / "home"))
    with pytest.raises(ArchiveIndexError) as err:
        ArchiveIndex.open(library)
    assert "\n" not in str(err.value)


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, **{paths.HOME_ENV: str(home)})
    return subprocess.run(
        [sys.executable, "-m", "tui_paper", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.slow
def test_cli_index_then_search_a_folder_of_issues(home: Path, library: Path) -> None:
    built = _cli("index", str(library), home=home)
    assert built.returncode == 0, built.stderr
    assert built.stderr.count("indexed:") == 3  # progress on stderr, one line per issue
    assert "3 issues" in built.stdout
    again = _cli("index", str(library), "--json", home=home)
    assert json.loads(again.stdout)["indexed"] == 0
    assert again.stderr == ""
    found = _cli("search", str(library), "春运", "--json", home=home)
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert sorted(h["date"] for h in hits) == ["2024-01-06", "2024-01-07"]
    text = _cli("search", str(library), "春运", home=home)
    assert "2024-01-07" in text.stdout
    one_issue = _cli("search", str(library / "20240106"), "春运", "--json", home=home)
    assert one_issue.returncode == 0, one_issue.stderr
    assert [h["id"] for h in json.loads(one_issue.stdout)] == ["1-2"]
    missing = _cli("index", str(library / "nope"), home=home)
    assert missing.returncode == 2
    assert len(missing.stderr.strip().splitlines()) == 1


@pytest.mark.slow
@pytest.mark.skipif(not RMRB.is_dir(), reason=f"{RMRB} is absent (test data)")
def test_real_issues_index_and_search(home: Path, tmp_path: Path) -> None:
    lib = tmp_path / "real"
    lib.mkdir()
    for day in ("20200121", "20200122", "20200123"):
        os.symlink(RMRB / day, lib / day)  # the test data stays where it is
    index = ArchiveIndex.open(lib)
    result = index.update()
    assert result.indexed == 3 and result.warnings == ()
    hits = index.search("冠状病毒", limit=100)
    assert hits and {h.date.isoformat() for h in hits if h.date} <= {
        "2020-01-21",
        "2020-01-22",
        "2020-01-23",
    }
    assert all("冠状病毒" in h.snippet or "冠状病毒" in h.title for h in hits)
    keys = [(h.issue_key, h.id) for h in hits]
    assert len(keys) == len(set(keys))


@pytest.mark.slow
def test_worker_processes_build_the_same_index(home: Path, library: Path, tmp_path: Path) -> None:
    inline = ArchiveIndex(library, db_path=tmp_path / "inline.sqlite3")
    inline.update()
    pooled = ArchiveIndex(library, db_path=tmp_path / "pooled.sqlite3")
    order: list[int] = []
    result = pooled.update(progress=lambda p: order.append(p.done), workers=2)
    assert (result.indexed, result.articles) == (3, 6)  # 2 stories each
    assert order == [1, 2, 3]  # progress stays in library order (newest first)
    for query in ("春运", "火车票 网上", "鼠", "大桥", "客流"):
        left = [(h.issue_key, h.id, h.snippet) for h in inline.search(query)]
        right = [(h.issue_key, h.id, h.snippet) for h in pooled.search(query)]
        assert left == right and left, query


def test_issue_vanishing_after_listing_is_skipped_and_the_rest_indexed(
    home: Path, library: Path
) -> None:
    from tui_paper.library import scan_library

    listed = scan_library(library)
    shutil.rmtree(library / "20240106")  # gone between the listing and its indexing
    index = ArchiveIndex.open(library)
    result = index.update(library=listed)
    assert result.indexed == 2
    assert len(result.warnings) == 1 and "20240106" in result.warnings[0]
    assert [h.title for h in index.search("鼠年")] == ["鼠年邮票发行"]
    assert index.search("图书馆") == []


def test_index_of_an_older_format_is_rebuilt(home: Path, library: Path) -> None:
    db = index_path(library)
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as conn:
        # the shape of an index written by an earlier version: a different FTS table
        conn.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('format', '0/jieba-0.1');"
            "CREATE TABLE docs (id INTEGER PRIMARY KEY, issue_key TEXT, body BLOB);"
            "CREATE VIRTUAL TABLE terms USING fts5(title, body);"
            "INSERT INTO terms VALUES ('旧', '旧的 内容');"
        )
    conn.close()
    index = ArchiveIndex.open(library)
    assert index.update().indexed == 3
    assert [h.title for h in index.search("鼠年")] == ["鼠年邮票发行"]
    assert _raw_matches(index, "旧的") == 0
