"""The archive, library, state and config modules stay UI-free and import jieba lazily."""

from __future__ import annotations

import subprocess
import sys

import pytest

MODULES = [
    "tui_paper.reader.archive_formats",
    "tui_paper.reader.epaper",
    "tui_paper.reader.frontmatter",
    "tui_paper.library",
    "tui_paper.archive_index",
    "tui_paper.state",
    "tui_paper.config",
]


@pytest.mark.parametrize("module", MODULES)
def test_module_loads_no_ui_and_no_jieba(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'jieba'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"{module} pulled in {out}"
