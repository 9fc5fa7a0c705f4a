"""`tui-paper search` and `tui-paper facets` as a user runs them: real processes, real jieba."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds" / "000_bfbf858a4ab4cfe2.txt"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clihome")


@pytest.fixture(scope="module")
def seed() -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed page not found at {SEED} (../shared is test data beside the repo)")
    return SEED


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TUI_PAPER_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "tui_paper", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_search_json_lists_hits_best_first(home: Path, seed: Path) -> None:
    out = run(home, "search", str(seed), "新型工业化 示范区", "--json")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    hits = json.loads(out.stdout)
    assert hits[0]["title"] == "工信部将启动创建国家新型工业化示范区"
    assert all(list(h) == ["id", "page", "title", "snippet", "score"] for h in hits)
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    # the cache went to the user cache dir of TUI_PAPER_HOME
    assert (home / "cache" / "jieba" / "prefix-dict.cache").is_file()


def test_search_name_and_limit(home: Path, seed: Path) -> None:
    out = run(home, "search", str(seed), "金壮龙", "--json", "--limit", "1")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert [h["id"] for h in hits] == ["1-1"]


def test_search_without_hits_prints_an_empty_array(home: Path, seed: Path) -> None:
    out = run(home, "search", str(seed), "量子引力波望远镜", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


def test_search_plain_text_output(home: Path, seed: Path) -> None:
    out = run(home, "search", str(seed), "北京")
    assert out.returncode == 0, out.stderr
    assert "北京" in out.stdout
    assert "[1-2]" in out.stdout


def test_search_bad_path_is_a_one_line_error(home: Path, tmp_path: Path) -> None:
    out = run(home, "search", str(tmp_path / "missing.txt"), "北京", "--json")
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1


def test_facets_json(home: Path, seed: Path) -> None:
    out = run(home, "facets", str(seed), "--json")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    data = json.loads(out.stdout)
    assert list(data) == ["people", "places", "organizations"]
    assert "金壮龙" in {row["name"] for row in data["people"]}
    assert "北京" in {row["name"] for row in data["places"]}
    for rows in data.values():
        assert all(list(r) == ["name", "count"] and r["count"] >= 1 for r in rows)
        counts = [r["count"] for r in rows]
        assert counts == sorted(counts, reverse=True)


def test_facets_bad_path_is_a_one_line_error(home: Path, tmp_path: Path) -> None:
    out = run(home, "facets", str(tmp_path / "nope"), "--json")
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
