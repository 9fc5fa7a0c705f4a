"""Library benchmark: the picker's first paint, and opening an issue from it, in tmux.

    python bench/bench_library.py [--runs 7] [--library DIR]

The library is the real month of 人民日报 in ``../shared/realworld/rmrb-2020-01`` when
present (else 31 dated copies of the sample issue ``hewan-daily-2025-05-06.txt``). Its search
index is built first (time reported), so the measured runs find it up to date, as a reader
does every day after the first.

* **first paint** — process start until the picker's frame (its title line) is on screen, and
  until the newest issue's row is (the listing remembered from the last run is painted at
  once), and the same on a first start with nothing remembered (the folder is listed after
  the first frame), alternated with the minimal Textual app of ``bench/minimal_app.py``
  launched the same way (target ≤ 1.3×);
* **open** — from pressing enter on the picker until the issue's first headline is painted
  (target ≤ 150 ms), pressed one second after the rows show, as a person would.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bench_startup import BENCH_HOME, REPO, time_to_text

RMRB = REPO / ".." / "shared" / "realworld" / "rmrb-2020-01"


def sample_library(root: Path, days: int = 31) -> Path:
    """``days`` dated copies of the sample multi-page issue below ``root``."""
    from tui_paper.paths import samples_dir

    text = (samples_dir() / "hewan-daily-2025-05-06.txt").read_text(encoding="utf-8")
    root.mkdir(parents=True, exist_ok=True)
    for n in range(days):
        day = dt.date(2025, 5, 1) + dt.timedelta(days=n)
        moved = text.replace("2025年5月6日", f"{day.year}年{day.month}月{day.day}日")
        (root / f"hewan-{day.isoformat()}.txt").write_text(moved, encoding="utf-8")
    return root


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def _wait_for(name: str, expect: str, start: float, timeout: float) -> float:
    while True:
        pane = _tmux("capture-pane", "-p", "-t", name)
        if expect in pane:
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{expect!r} never appeared; screen was:\n{pane}")
        time.sleep(0.002)


def time_to_open(
    command: list[str],
    row: str,
    headline: str,
    *,
    size: tuple[int, int] = (100, 30),
    timeout: float = 20.0,
) -> float:
    """Seconds from pressing enter on the picker (once ``row`` shows) until ``headline`` shows."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    env = ["env", f"TUI_PAPER_HOME={BENCH_HOME}", "TERM=xterm-256color"]
    _tmux("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), *env, *command)
    try:
        _wait_for(name, row, time.perf_counter(), timeout)
        time.sleep(1.0)  # a person takes a moment to choose; start-up work settles meanwhile
        start = time.perf_counter()
        _tmux("send-keys", "-t", name, "Enter")
        return _wait_for(name, headline, start, timeout)
    finally:
        _tmux("kill-session", "-t", name)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--library", type=Path, default=None)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed (apt-get install -y tmux)", file=sys.stderr)
        return 2

    import os

    os.environ["TUI_PAPER_HOME"] = BENCH_HOME
    from tui_paper.library import scan_library
    from tui_paper.reader import load_issue
    from tui_paper.session import describe_date

    if args.library is not None:
        lib_dir = args.library
    elif RMRB.is_dir():
        lib_dir = RMRB.resolve()
    else:
        lib_dir = sample_library(Path(tempfile.mkdtemp(prefix="tui-paper-lib-")) / "hewan")
    library = scan_library(lib_dir)
    newest = library.issues[0]
    row = describe_date(newest.date)
    headline = load_issue(newest.path).pages[0].articles[0].title[:6]

    py = sys.executable
    started = time.perf_counter()
    subprocess.run(
        [py, "-m", "tui_paper", "index", str(lib_dir), "--jobs", "2"],
        check=True,
        capture_output=True,
        env={**os.environ, "TUI_PAPER_HOME": BENCH_HOME},
    )
    print(
        f"library {lib_dir}: {len(library.issues)} issues; index built in "
        f"{time.perf_counter() - started:.1f} s (--jobs 2)"
    )

    picker = [py, "-m", "tui_paper", str(lib_dir)]
    minimal = [py, str(REPO / "bench" / "minimal_app.py")]
    time_to_text(minimal, "MINIMAL-READY")  # warm the OS caches once
    time_to_text(picker, row)
    from tui_paper.session import listing_cache_path

    remembered = listing_cache_path(lib_dir)
    paint: dict[str, list[float]] = {
        "minimal app": [],
        "picker frame": [],
        "picker rows": [],
        "rows, 1st start": [],
    }
    opening: list[float] = []

    def remembered_start(expect: str) -> float:
        if not remembered.exists():
            # the listing is remembered once the state is open, a moment after the rows
            # show: start once and wait for it, so this case measures what it says
            time_to_open(picker, row, headline)
        return time_to_text(picker, expect)

    def first_start() -> float:
        remembered.unlink(missing_ok=True)  # as on the very first start in this library
        return time_to_text(picker, row)

    cases: list[tuple[list[float], Callable[[], float]]] = [
        (paint["minimal app"], lambda: time_to_text(minimal, "MINIMAL-READY")),
        (paint["picker frame"], lambda: remembered_start("书库")),
        (paint["picker rows"], lambda: remembered_start(row)),
        (paint["rows, 1st start"], first_start),
        (opening, lambda: time_to_open(picker, row, headline)),
    ]
    order = random.Random(5)
    for _ in range(args.runs):
        # a fresh order every round: whatever runs after another case's exit is not one case
        order.shuffle(cases)
        for samples, measure in cases:
            samples.append(measure())
    base = statistics.median(paint["minimal app"])
    print(f"first paint, tmux 100x30, median of {args.runs} (interleaved, shuffled rounds)")
    for name, samples in paint.items():
        med = statistics.median(samples)
        print(f"  {name:15} {med * 1000:7.0f} ms   ratio {med / base:4.2f}x")
    med_open = statistics.median(opening)
    print(f"open newest issue from the picker (enter → first headline): {med_open * 1000:.0f} ms")
    print(f"  samples: {', '.join(f'{s * 1000:.0f}' for s in sorted(opening))} ms")
    shutil.rmtree(BENCH_HOME, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
