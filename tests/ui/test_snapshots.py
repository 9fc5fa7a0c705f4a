"""SVG snapshots of the reading app at 100x30 and 80x24 (pytest-textual-snapshot).

Update with ``pytest tests/ui --snapshot-update`` only after reading the report's diff.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tui_paper.app import TuiPaperApp
from tui_paper.paths import default_issue_path
from tui_paper.reader import load_issue

SIZES = {"wide": (100, 30), "narrow": (80, 24)}

#: screen states, each reached by the keys a reader would press
STATES: dict[str, tuple[str, ...]] = {
    "front_page": (),
    "open_article": ("enter",),
    "after_continuation_jump": ("enter", "c"),
    "merged_story": ("2", "j", "enter", "m"),
    "filter_active": ("slash", "量", "子"),
    "help": ("question_mark",),
}


def _app() -> TuiPaperApp:
    # The built-in sample issue: what a person meets on `tui-paper` with no argument.
    return TuiPaperApp(load_issue(default_issue_path()), background_work=False)


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size_name", sorted(SIZES))
@pytest.mark.parametrize("state", list(STATES))
def test_snapshot(snap_compare: Callable[..., bool], state: str, size_name: str) -> None:
    assert snap_compare(
        _app(), press=STATES[state], terminal_size=SIZES[size_name], run_before=_settle
    )
