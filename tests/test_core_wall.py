"""The pure core never imports Textual or Rich, and loads jieba only when asked.

A UI-free core stays fast to import, testable without a terminal and reusable by the CLI;
jieba costs about a second, so importing any core module (or the CLI) must not pull it in.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CORE_MODULES = [
    "tui_paper.model",
    "tui_paper.paths",
    "tui_paper.reader",
    "tui_paper.reader.archive_formats",
    "tui_paper.reader.epaper",
    "tui_paper.reader.frontmatter",
    "tui_paper.text",
    "tui_paper.text.linebreak",
    "tui_paper.text.segment",
    "tui_paper.search",
    "tui_paper.state",
    "tui_paper.layouts",
    "tui_paper.library",
    "tui_paper.archive_index",
    "tui_paper.config",
    "tui_paper.session",
    "tui_paper.issue_cache",
    "tui_paper.gc_pause",
    "tui_paper.jsonout",
    "tui_paper.cli",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_loads_no_ui_and_no_jieba(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'jieba'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"{module} pulled in {out}"


def _result_and_loaded(code: str, heavy: tuple[str, ...]) -> tuple[str, str]:
    """Run ``code`` (which prints one line) in a fresh Python: its line, and which of
    ``heavy`` it imported (comma-separated)."""
    code += f"print(','.join(sorted(m for m in {heavy!r} if m in sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", "import sys\n" + code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    return out[0], out[1]


def test_listing_a_library_loads_neither_model_nor_reader_nor_sqlite(tmp_path: Path) -> None:
    """On a first start the picker's rows wait for the listing: it reads names only."""
    for day in ("20200101", "20200102"):
        (tmp_path / day).mkdir()
        (tmp_path / day / f"{day}-01-01.txt").write_text("\n标题\n\n　正文。\n", encoding="utf-8")
    code = (
        "from pathlib import Path\n"
        "from tui_paper.library import is_library, scan_library\n"
        f"root = Path({str(tmp_path)!r})\n"
        "assert is_library(root)\n"
        "print(len(scan_library(root).issues))\n"
    )
    heavy = ("tui_paper.model", "tui_paper.reader", "tui_paper.state", "sqlite3")
    count, loaded = _result_and_loaded(code, heavy)
    assert count == "2"
    assert loaded == "", f"listing pulled in {loaded}"


def test_reading_page_text_loads_no_archive_reader(tmp_path: Path) -> None:
    """A page file or a folder of pages is read without the e-paper readers (nor OpenSSL)."""
    page = tmp_path / "01.md"
    page.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    code = (
        "from tui_paper.reader import load_issue\n"
        f"folder, page = load_issue({str(tmp_path)!r}), load_issue({str(page)!r})\n"
        "print(len(folder.articles), len(page.articles))\n"
    )
    counts, loaded = _result_and_loaded(code, ("tui_paper.reader.epaper", "hashlib", "_hashlib"))
    assert counts == "1 1"
    assert loaded == "", f"reading pages pulled in {loaded}"
