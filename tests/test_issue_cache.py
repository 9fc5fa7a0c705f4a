"""The parsed-issue cache: reopening an issue gives the very same issue without the reader."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_paper.issue_cache import cached_issue, load_issue_cached
from tui_paper.reader import ReaderError, load_issue

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_issues"
RMRB_DAY = REPO.parent / "shared" / "realworld" / "rmrb-2020-01" / "20200102"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("TUI_PAPER_HOME", str(home))
    return home


def _copy(src: Path, dst: Path) -> Path:
    if src.is_dir():
        dst.mkdir()
        for f in src.iterdir():
            (dst / f.name).write_bytes(f.read_bytes())
    else:
        dst.write_bytes(src.read_bytes())
    return dst


@pytest.mark.parametrize("name", ["tiangong-2025-04-18", "hewan-daily-2025-05-06.txt"])
def test_second_open_is_the_same_issue_from_the_cache(name: str, tmp_path: Path) -> None:
    path = _copy(SAMPLES / name, tmp_path / name)
    assert cached_issue(path) is None
    first = load_issue_cached(path)
    assert first == load_issue(path)
    again = cached_issue(path)
    assert again is not None
    assert again == first


def test_real_archive_issue_round_trips(tmp_path: Path) -> None:
    if not RMRB_DAY.is_dir():
        pytest.skip("../shared/realworld is absent in this checkout")
    first = load_issue_cached(RMRB_DAY)
    assert cached_issue(RMRB_DAY) == first


def test_an_edited_file_is_parsed_again(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("# 旧标题\n\n正文。\n", encoding="utf-8")
    assert load_issue_cached(page).articles[0].title == "旧标题"
    page.write_text("# 新标题\n\n正文。\n", encoding="utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    assert load_issue_cached(page).articles[0].title == "新标题"


def test_a_page_added_to_a_folder_is_seen(tmp_path: Path) -> None:
    folder = _copy(SAMPLES / "tiangong-2025-04-18", tmp_path / "issue")
    pages_before = len(load_issue_cached(folder).pages)
    (folder / "06.md").write_text("第06版：副刊\n\n# 新增的一版\n\n正文。\n", encoding="utf-8")
    assert len(load_issue_cached(folder).pages) == pages_before + 1


def test_a_damaged_entry_is_ignored_and_rewritten(tmp_path: Path, _home: Path) -> None:
    page = _copy(SAMPLES / "hewan-daily-2025-05-06.txt", tmp_path / "h.txt")
    expected = load_issue_cached(page)
    (entry,) = (_home / "cache" / "issues").glob("*.issue")
    blob = bytearray(entry.read_bytes())
    blob[-10] ^= 0xFF
    entry.write_bytes(bytes(blob))
    assert cached_issue(page) is None
    assert load_issue_cached(page) == expected
    assert cached_issue(page) == expected


def test_bad_paths_still_fail_like_the_reader(tmp_path: Path) -> None:
    with pytest.raises(ReaderError):
        load_issue_cached(tmp_path / "missing.txt")


def test_a_cache_hit_does_not_import_the_reader(tmp_path: Path, _home: Path) -> None:
    path = _copy(SAMPLES / "hewan-daily-2025-05-06.txt", tmp_path / "h.txt")
    load_issue_cached(path)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tui_paper.issue_cache import load_issue_cached\n"
        f"issue = load_issue_cached(Path({str(path)!r}))\n"
        "print(len(issue.articles), 'tui_paper.reader' in sys.modules)\n"
    )
    env = dict(os.environ, TUI_PAPER_HOME=str(_home))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    assert out == [str(len(load_issue(path).articles)), "False"]
