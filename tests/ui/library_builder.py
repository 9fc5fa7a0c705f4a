"""A small library of issues for the library UI tests, built from the project's sample issues.

Four issues on four dates: the two sample issues as they are and a copy of each moved one
day later (masthead date and weekday rewritten), so the picker has dates to order.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tui_paper.paths import samples_dir

TIANGONG = "tiangong-2025-04-18"
HEWAN = "hewan-daily-2025-05-06.txt"

#: (file or folder name in the library, date as printed, weekday) newest first
ISSUES = (
    ("hewan-2025-05-07.txt", "2025-05-07"),
    ("hewan-2025-05-06.txt", "2025-05-06"),
    ("tiangong-2025-04-19", "2025-04-19"),
    ("tiangong-2025-04-18", "2025-04-18"),
)


def _moved(text: str, old: tuple[str, str], new: tuple[str, str]) -> str:
    return text.replace(old[0], new[0]).replace(old[1], new[1])


def build_library(root: Path) -> Path:
    """Write the four issues below ``root`` (created) and return it."""
    root.mkdir(parents=True, exist_ok=True)
    samples = samples_dir()
    shutil.copytree(samples / TIANGONG, root / "tiangong-2025-04-18")
    later = root / "tiangong-2025-04-19"
    later.mkdir()
    for page in sorted((samples / TIANGONG).iterdir()):
        text = page.read_text(encoding="utf-8")
        moved = _moved(text, ("2025年4月18日", "星期五"), ("2025年4月19日", "星期六"))
        (later / page.name).write_text(moved, encoding="utf-8")
    hewan = (samples / HEWAN).read_text(encoding="utf-8")
    (root / "hewan-2025-05-06.txt").write_text(hewan, encoding="utf-8")
    moved = _moved(hewan, ("2025年5月6日", "星期二"), ("2025年5月7日", "星期三"))
    (root / "hewan-2025-05-07.txt").write_text(moved, encoding="utf-8")
    return root
