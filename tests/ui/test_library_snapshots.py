"""SVG snapshots of the library picker at 100x30 and 80x24 (pytest-textual-snapshot).

Update with ``pytest tests/ui/test_library_snapshots.py --snapshot-update`` only after
reading the report's diff.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from library_builder import build_library
from library_helpers import until
from textual.pilot import Pilot

from tui_paper.library_app import LibraryApp
from tui_paper.state import ReadingState

SIZES = {"wide": (100, 30), "narrow": (80, 24)}


@pytest.mark.parametrize("size_name", sorted(SIZES))
def test_picker_snapshot(snap_compare: Callable[..., bool], tmp_path: Path, size_name: str) -> None:
    lib = build_library(tmp_path / "lib")
    app = LibraryApp(lib, state=ReadingState.in_memory(), background_work=False)

    async def listed(pilot: Pilot[None]) -> None:
        await until(pilot, lambda: app.ready)

    assert snap_compare(app, terminal_size=SIZES[size_name], run_before=listed)
