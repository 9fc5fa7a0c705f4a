"""Fixtures for the reading app's pilot and snapshot tests."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.screen import Screen

sys.path.insert(0, str(Path(__file__).parent))

from built_issue import build_issue

from tui_paper.app import TuiPaperApp
from tui_paper.model import Issue


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every UI test writes below its own temporary home, never a real one."""
    monkeypatch.setenv("TUI_PAPER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    yield


@pytest.fixture
def issue() -> Issue:
    """The built issue (see built_issue.py)."""
    return build_issue()


@pytest.fixture
def app(issue: Issue) -> TuiPaperApp:
    """The app on the built issue, with no background work (deterministic)."""
    return TuiPaperApp(issue, background_work=False)


def screen_text(app: TuiPaperApp) -> str:
    """What the terminal shows right now, as plain text."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text()


def styles_of(screen: Screen[Any]) -> dict[str, str]:
    """Every node of ``screen`` (in order) with its styles as CSS text."""
    return {
        f"{node!r}@{index}": node.styles.css
        for index, node in enumerate(screen.walk_children(with_self=True))
    }


def styled_as_a_restyle_would(screen: Screen[Any]) -> bool:
    """Whether restyling the whole screen leaves every node's styles as they are."""
    as_they_are = styles_of(screen)
    screen.app.update_styles(screen)
    return len(as_they_are) > 3 and styles_of(screen) == as_they_are
