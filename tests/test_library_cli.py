"""`tui-paper DIR` on a folder of issues opens the library picker; one issue opens the reader."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui_paper import app as app_mod
from tui_paper import cli, library_app, paths
from tui_paper.model import Issue
from tui_paper.session import EarlyListing, Listing, save_listing


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, object]:
    """Record what would have opened, instead of starting a terminal UI."""
    monkeypatch.setenv("TUI_PAPER_HOME", str(tmp_path / "home"))
    seen: dict[str, object] = {}

    def run_library(
        root: Path, *, remembered: Listing | None = None, early_listing: EarlyListing | None = None
    ) -> None:
        seen["library"] = root
        if remembered is not None:  # read once, on the command line, and handed over
            seen["remembered rows"] = len(remembered[0])
        if early_listing is not None:  # started before the interface: its root, once done
            seen["listed early"] = (early_listing.root, len(early_listing.wait().issues))

    monkeypatch.setattr(library_app, "run_library", run_library)
    monkeypatch.setattr(app_mod, "run_app", lambda issue: seen.setdefault("issue", issue))
    return seen


def _library(tmp_path: Path) -> Path:
    root = tmp_path / "papers"
    root.mkdir()
    shutil.copytree(paths.samples_dir() / "tiangong-2025-04-18", root / "tiangong-2025-04-18")
    shutil.copy(paths.samples_dir() / "hewan-daily-2025-05-06.txt", root)
    return root


def test_folder_of_issues_opens_the_picker(opened: dict[str, object], tmp_path: Path) -> None:
    root = _library(tmp_path)
    assert cli.main([str(root)]) == 0
    # nothing remembered: the folder is listed while the interface is imported
    assert opened == {"library": root, "listed early": (root, 2)}


def test_one_issue_folder_opens_the_reader(opened: dict[str, object]) -> None:
    assert cli.main([str(paths.default_issue_path())]) == 0
    assert isinstance(opened.get("issue"), Issue) and "library" not in opened


def test_remembered_library_opens_without_looking_again(
    opened: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _library(tmp_path)
    save_listing(root, [], {})

    def never(path: Path) -> bool:
        raise AssertionError("is_library should not be needed")

    monkeypatch.setattr("tui_paper.library.is_library", never)
    assert cli.main([str(root)]) == 0
    # the picker shows the remembered rows and lists the folder after its first frame
    assert opened == {"library": root, "remembered rows": 0}


def test_no_path_opens_the_configured_default_library(
    opened: dict[str, object], tmp_path: Path
) -> None:
    root = _library(tmp_path)
    cfg = paths.config_dir() / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f"default_library = {str(root)!r}\n", encoding="utf-8")
    assert cli.main([]) == 0
    assert opened == {"library": root, "listed early": (root, 2)}


def test_no_path_and_no_config_opens_the_sample_issue(opened: dict[str, object]) -> None:
    assert cli.main([]) == 0
    assert isinstance(opened.get("issue"), Issue)


def test_missing_default_library_is_one_line_and_exit_2(
    opened: dict[str, object], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = paths.config_dir() / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f"default_library = {str(tmp_path / 'gone')!r}\n", encoding="utf-8")
    assert cli.main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a folder" in err
    assert opened == {}
