"""The collector pauses around a parse and a start-up always end, and hide nothing from it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui_paper import gc_pause
from tui_paper.cli import main
from tui_paper.paths import default_issue_path
from tui_paper.reader import load_issue


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if was_enabled:
        gc.enable()


def test_a_parse_leaves_the_collector_running_and_its_survivors_out_of_the_young() -> None:
    gc.unfreeze()
    gc.collect()
    issue = load_issue(default_issue_path())
    assert issue.pages
    assert gc.isenabled()
    # nothing was hidden from later collections: the permanent generation is still empty
    assert gc.get_freeze_count() == 0
    # the parse's survivors were not left for the first young collection to rescan
    assert gc.get_count()[0] < 100


def test_a_parse_inside_a_process_that_froze_its_long_lived_objects_freezes_nothing_more() -> None:
    # the library app parses issues while it runs: freezing then would keep whatever garbage
    # cycles (a closed reading screen) happened to be young at that moment, forever
    gc.freeze()
    before = gc.get_freeze_count()
    issue = load_issue(default_issue_path())
    assert issue.pages
    assert gc.isenabled()
    assert gc.get_freeze_count() == before


def test_a_parse_under_a_stopped_collector_leaves_it_stopped() -> None:
    gc.disable()
    load_issue(default_issue_path())
    assert not gc.isenabled()


def test_a_start_that_fails_before_any_screen_restarts_the_collector(tmp_path: Path) -> None:
    assert main([str(tmp_path / "missing.txt")]) == 2
    assert gc.isenabled()
    assert not gc_pause.held()


def test_the_start_up_pause_never_overrides_someone_elses() -> None:
    gc.disable()
    gc_pause.pause()
    assert not gc_pause.held()
    gc_pause.resume()
    assert not gc.isenabled()  # stopped by someone else: theirs to restart
    gc.enable()
    gc_pause.pause()
    assert gc_pause.held() and not gc.isenabled()
    gc_pause.resume()
    assert gc.isenabled()
