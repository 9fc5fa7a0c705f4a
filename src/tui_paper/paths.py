"""Where tui-paper keeps things: the only module that asks platformdirs.

``TUI_PAPER_HOME`` redirects every user directory (config, data, cache) below one folder,
which the tests use so they never touch a real home.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "tui-paper"
HOME_ENV = "TUI_PAPER_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent
# In a checkout (editable install) resources live at the repository root, per the design card;
# a wheel carries copies inside the package (force-included by hatchling).
_REPO_ROOT = _PACKAGE_DIR.parent.parent


class UserDirs(NamedTuple):
    """The three per-user directories tui-paper writes to."""

    config: Path
    data: Path
    cache: Path


def user_dirs() -> UserDirs:
    """The user directories, honouring ``TUI_PAPER_HOME``; nothing is created here."""
    home = os.environ.get(HOME_ENV)
    if home:
        base = Path(home).expanduser()
        return UserDirs(config=base / "config", data=base / "data", cache=base / "cache")
    import platformdirs  # deferred: only needed when no override is set

    return UserDirs(
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def cache_dir() -> Path:
    """The user cache directory (jieba dictionary cache, search index)."""
    return user_dirs().cache


def data_dir() -> Path:
    """The user data directory (reading state)."""
    return user_dirs().data


def config_dir() -> Path:
    """The user config directory (config.toml)."""
    return user_dirs().config


def _resource(name: str) -> Path:
    packaged = _PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    return _REPO_ROOT / name


def styles_dir() -> Path:
    """The folder holding the Textual stylesheets (packaged copy first, else the checkout)."""
    return _resource("styles")


def samples_dir() -> Path:
    """The folder holding the bundled sample issues."""
    return _resource("sample_issues")


def default_issue_path() -> Path:
    """The built-in sample issue opened by ``tui-paper`` with no argument."""
    return samples_dir() / "tiangong-2025-04-18"
