"""``tui-paper dump PATH``: the automation contract, run as a real subprocess."""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
PAGE = (
    "主管：虚构省科学技术协会\n\n星河科技报社出版\n\n2025年6月18日\n\n星期三\n\n今日4版\n\n"
    "# 星河新区首批智能工厂投产\n\n**本报讯** 6月17日，新区首批工厂同时投产，涉及电池和轴承等"
    "\n\n领域。(下转第2版)\n\n## 另一篇稿件\n\n本报记者 张三\n\n正文在此。(李四)\n"
)

pytestmark = pytest.mark.slow


def run_dump(path: Path | str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUI_PAPER_HOME": str(tmp_path / "home"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "tui_paper", "dump", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=60,
    )


def dump_ok(path: Path, tmp_path: Path) -> dict[str, Any]:
    proc = run_dump(path, tmp_path)
    assert proc.returncode == 0, proc.stderr
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


def test_json_shape(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    data = dump_ok(path, tmp_path)
    assert set(data) >= {
        "paper",
        "date",
        "weekday",
        "page_count",
        "issue_number",
        "total_issue_number",
        "pages",
        "warnings",
    }
    assert set(data["paper"]) >= {
        "name",
        "publisher",
        "supervisor",
        "sponsors",
        "serial",
        "postal_code",
        "url",
    }
    assert data["paper"]["name"] == "星河科技报"
    assert data["paper"]["url"] is None and data["paper"]["sponsors"] == []
    assert (data["date"], data["weekday"], data["page_count"]) == ("2025-06-18", "星期三", 4)
    assert data["issue_number"] is None
    (page,) = data["pages"]
    assert page["number"] == 1 and page["label"] is None
    first, second = page["articles"]
    assert set(first) >= {
        "id",
        "page",
        "kicker",
        "title",
        "subtitle",
        "byline",
        "dateline",
        "author",
        "blocks",
        "continues_to",
        "continued_from",
        "see_also",
    }
    assert first["id"] == "1-1" and first["page"] == 1
    assert first["dateline"] == "本报讯"
    assert first["blocks"] == [
        {"kind": "paragraph", "text": "6月17日，新区首批工厂同时投产，涉及电池和轴承等领域。"}
    ]
    assert first["continues_to"] == {"page": 2, "article": None}
    assert first["continued_from"] is None and first["see_also"] == []
    assert (second["byline"], second["author"]) == ("本报记者 张三", "李四")
    assert isinstance(data["warnings"], list) and data["warnings"]


def test_sample_folder_dumps(tmp_path: Path) -> None:
    data = dump_ok(REPO / "sample_issues" / "tiangong-2025-04-18", tmp_path)
    assert [p["number"] for p in data["pages"]] == [1, 2, 3, 4, 5]
    ids = {a["id"] for p in data["pages"] for a in p["articles"]}
    for p in data["pages"]:
        for a in p["articles"]:
            for key in ("continues_to", "continued_from"):
                link = a[key]
                if link and link["article"]:
                    assert link["article"] in ids


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf16.txt", PAGE.encode("utf-16")),
        ("gb18030.txt", PAGE.encode("gb18030")),
        ("bom.txt", codecs.BOM_UTF8 + PAGE.encode("utf-8")),
        ("crlf.txt", PAGE.replace("\n", "\r\n").encode("utf-8")),
        ("cr.txt", PAGE.replace("\n", "\r").encode("gbk")),
    ],
)
def test_encodings_and_line_ends_give_the_same_issue(
    tmp_path: Path, name: str, data: bytes
) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text(PAGE, encoding="utf-8")
    other = tmp_path / name
    other.write_bytes(data)
    a, b = dump_ok(plain, tmp_path), dump_ok(other, tmp_path)
    a.pop("source")
    b.pop("source")
    assert a == b


def _bad(tmp_path: Path, kind: str) -> Path:
    if kind == "missing":
        return tmp_path / "does-not-exist.txt"
    if kind == "binary":
        path = tmp_path / "image.txt"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
        return path
    if kind == "undecodable":
        path = tmp_path / "latin1.txt"
        path.write_bytes("Résumé: café, naïve, déjà vu, à la carte.".encode("latin-1"))
        return path
    if kind == "empty-folder":
        path = tmp_path / "empty"
        path.mkdir()
        return path
    if kind == "fifo":
        path = tmp_path / "pipe.txt"
        os.mkfifo(path)  # reading it would block forever
        return path
    if kind == "device":
        return Path(os.devnull)
    if kind == "folder-without-pages":
        path = tmp_path / "pics"
        path.mkdir()
        (path / "a.png").write_bytes(b"\x89PNG")
        return path
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    ["missing", "binary", "undecodable", "empty-folder", "folder-without-pages", "fifo", "device"],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, kind: str) -> None:
    proc = run_dump(_bad(tmp_path, kind), tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("tui-paper: ")
    assert "Traceback" not in proc.stderr


def test_unreadable_path_exits_2(tmp_path: Path) -> None:
    # reading "file.txt/inner.txt" fails with ENOTDIR whoever runs the test (root included)
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    proc = run_dump(path / "inner.txt", tmp_path)
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr


def test_file_without_headlines_is_an_issue_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("只是一段文字，没有标题。\n", encoding="utf-8")
    data = dump_ok(path, tmp_path)
    (page,) = data["pages"]
    assert page["articles"] == []
    assert page["loose_text"] == ["只是一段文字，没有标题。"]
    assert data["warnings"]


def test_control_characters_never_reach_the_json(tmp_path: Path) -> None:
    path = tmp_path / "dirty.txt"
    path.write_text("# 标\x1b[2J题\n\n正文\x1b]0;x\x07。\u202e\x08\n", encoding="utf-8")
    proc = run_dump(path, tmp_path)
    assert proc.returncode == 0
    assert "\x1b" not in proc.stdout and "\u202e" not in proc.stdout
    data = json.loads(proc.stdout)
    assert data["pages"][0]["articles"][0]["title"] == "标题"


def test_output_cut_short_by_a_closed_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text(
        "".join(f"# 标题{i}\n\n正文第{i}段。\n\n" for i in range(2000)), encoding="utf-8"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_paper", "dump", str(page)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()  # like `| head -c 100`
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err
