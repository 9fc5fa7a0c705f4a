"""The pure core never imports Textual or Rich (so it stays fast, testable and reusable)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

CORE_MODULES = [
    "tui_paper.model",
    "tui_paper.paths",
    "tui_paper.reader",
    "tui_paper.text",
    "tui_paper.text.linebreak",
    "tui_paper.text.segment",
    "tui_paper.search",
    "tui_paper.state",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_never_loads_textual_or_rich(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} does not exist yet")
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"{module} pulled in {out}"
