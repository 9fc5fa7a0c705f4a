"""Start-up benchmark: process start to text on screen, in a real terminal (tmux).

Each run launches a command in a fresh detached tmux session and polls the pane until an
expected string is painted. tui-paper and a minimal Textual app (one Static) are launched the
same way and alternated, so machine noise hits both alike; medians are compared.

    python bench/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import atexit
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))


_KEEPER: list[str] = []


def _keep_tmux_server() -> None:
    """Keep one idle session open for the whole run.

    Otherwise the tmux server exits with each launch's session, the next launch starts a new
    server inside its timed interval, and a launch racing a server that is just exiting
    fails outright.
    """
    if _KEEPER:
        return
    name = f"bench-keeper-{uuid.uuid4().hex[:8]}"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "sleep", "86400"], check=True)
    _KEEPER.append(name)
    atexit.register(subprocess.run, ["tmux", "kill-session", "-t", name], capture_output=True)


def time_to_text(
    command: list[str],
    expect: str,
    *,
    size: tuple[int, int] = (100, 30),
    timeout: float = 20.0,
    home: str | None = None,
) -> float:
    """Seconds from launching ``command`` in tmux until ``expect`` is on the screen."""
    _keep_tmux_server()
    name = f"bench-{uuid.uuid4().hex[:8]}"
    env_prefix = ["env", f"TUI_PAPER_HOME={home or BENCH_HOME}", "TERM=xterm-256color"]
    start = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            *env_prefix,
            *command,
        ],
        check=True,
    )
    try:
        while True:
            pane = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name],
                capture_output=True,
                text=True,
            ).stdout
            if expect in pane:
                return time.perf_counter() - start
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"{expect!r} never appeared; screen was:\n{pane}")
            time.sleep(0.002)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


BENCH_HOME = tempfile.mkdtemp(prefix="tui-paper-bench-")


def first_headline(path: Path) -> str:
    from tui_paper.reader import load_issue

    issue = load_issue(path)
    title = issue.pages[0].articles[0].title
    return title[:6]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed (apt-get install -y tmux)", file=sys.stderr)
        return 2

    from generate import generate_issue_text  # bench/generate.py

    from tui_paper.paths import default_issue_path

    py = sys.executable
    # Bytecode compiled ahead, as pip does when it installs a wheel: an editable checkout
    # (or PYTHONDONTWRITEBYTECODE=1) would otherwise compile tui-paper on every start, while
    # Textual's bytecode is already there.
    subprocess.run(
        [py, "-m", "compileall", "-q", str(REPO / "src" / "tui_paper"), str(REPO / "bench")],
        check=True,
    )
    big = Path(BENCH_HOME) / "issue-200-pages.txt"
    big.write_text(generate_issue_text(pages=200, articles_per_page=6, seed=1), encoding="utf-8")

    # "first open" runs with an empty user folder every time, so no parsed-issue cache;
    # the other cases reopen an issue opened before, as a reader mostly does.
    cases: dict[str, tuple[list[str], str, bool]] = {
        "minimal app": ([py, str(REPO / "bench" / "minimal_app.py")], "MINIMAL-READY", False),
        "sample issue": ([py, "-m", "tui_paper"], first_headline(default_issue_path()), False),
        "sample, first open": (
            [py, "-m", "tui_paper"],
            first_headline(default_issue_path()),
            True,
        ),
        "200-page issue": ([py, "-m", "tui_paper", str(big)], first_headline(big), False),
    }
    times: dict[str, list[float]] = {k: [] for k in cases}

    def run(cmd: list[str], expect: str, fresh: bool) -> float:
        home = tempfile.mkdtemp(prefix="tui-paper-fresh-", dir=BENCH_HOME) if fresh else None
        return time_to_text(cmd, expect, home=home)

    for cmd, expect, fresh in cases.values():  # warm the OS caches once
        run(cmd, expect, fresh)
    for _ in range(args.runs):
        for name, (cmd, expect, fresh) in cases.items():
            times[name].append(run(cmd, expect, fresh))
    base = statistics.median(times["minimal app"])
    print(f"start-up to text on screen, tmux 100x30, median of {args.runs} (alternated)")
    for name, samples in times.items():
        med = statistics.median(samples)
        print(f"  {name:19} {med * 1000:7.0f} ms   ratio {med / base:4.2f}x")
    shutil.rmtree(BENCH_HOME, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
