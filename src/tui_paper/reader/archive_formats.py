"""Archive layouts (e-paper crawls, Markdown with front matter): placeholder until implemented."""

from __future__ import annotations

from pathlib import Path

from tui_paper.model import Issue


def load_if_archive(path: Path) -> Issue | None:
    """Return the issue when ``path`` is in an archive layout this module knows, else ``None``."""
    return None
