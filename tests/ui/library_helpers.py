"""Shared helpers of the library UI tests: waiting for thread workers, reading the screen."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tui_paper.library_app import LibraryApp
from tui_paper.screens.library_reader import LibraryIssueScreen
from tui_paper.screens.library_screen import LibraryScreen

WIDE = (100, 30)
NARROW = (80, 24)


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Run the app until ``condition`` holds (workers run in threads); fail after ``timeout``."""
    waited = 0.0
    while not condition():
        if waited > timeout:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)
        waited += 0.02
    await pilot.pause()


async def listed(pilot: Pilot[None], app: LibraryApp) -> LibraryScreen:
    """Wait until the picker lists the library."""
    await until(pilot, lambda: app.ready)
    return app.library_screen


async def reading(pilot: Pilot[None], app: LibraryApp, key_part: str = "") -> LibraryIssueScreen:
    """Wait until a reader is on top (whose issue key contains ``key_part``)."""

    def ok() -> bool:
        screen = app.screen
        return isinstance(screen, LibraryIssueScreen) and key_part in screen.key

    await until(pilot, ok)
    screen = app.screen
    assert isinstance(screen, LibraryIssueScreen)
    return screen


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one by one, letting each take effect."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
