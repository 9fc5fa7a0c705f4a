"""Start-up benchmark: process start to text on screen, in a real terminal (tmux).

Each run launches a command in a fresh detached tmux session and polls the pane until an
expected string is painted. tui-paper and a minimal Textual app (one Static) are launched the
same way and alternated, so machine noise hits both alike; medians are compared.

Sessions are created and read through one tmux control-mode connection (``tmux -C``): no
process is started per look, and a look reads the top eight rows (where both apps' text
appears), a few tenths of a millisecond of the tmux server's time, 2 ms apart.

    python bench/bench_startup.py [--runs 7] [--spawn]

``--spawn`` measures as earlier versions of this benchmark did: a ``tmux new-session``
process per launch and a ``tmux capture-pane`` process per look at the whole pane (~4 ms of
CPU each, taken from the app being measured on two cores).
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

from tmux_io import ControlTmux, new_session  # noqa: E402

#: rows read by a look at the pane in control mode (both apps paint their text above this)
LOOK_ROWS = 8


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


def control_connection() -> ControlTmux:
    """A control-mode client attached to the keeper session (it drives the others)."""
    _keep_tmux_server()
    control = ControlTmux(_KEEPER[0])
    atexit.register(control.close)
    return control


def time_to_text(
    command: list[str],
    expect: str,
    *,
    size: tuple[int, int] = (100, 30),
    timeout: float = 20.0,
    home: str | None = None,
    control: ControlTmux | None = None,
) -> float:
    """Seconds from launching ``command`` in tmux until ``expect`` is on the screen.

    With ``control``, the session is made and read through that connection; without it,
    through spawned tmux processes.
    """
    _keep_tmux_server()
    name = f"bench-{uuid.uuid4().hex[:8]}"
    new = new_session(name, home or BENCH_HOME, command, size)
    start = time.perf_counter()
    if control is not None:
        control.command(*new)
    else:
        subprocess.run(["tmux", *new], check=True)
    try:
        while True:
            if control is not None:
                pane = control.capture((0, LOOK_ROWS - 1), session=name)
            else:
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
        if control is not None:
            control.command("kill-session", "-t", name)
        else:
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
    parser.add_argument(
        "--spawn",
        action="store_true",
        help="a tmux process per launch and per look (earlier versions' method)",
    )
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

    control = None if args.spawn else control_connection()

    def run(cmd: list[str], expect: str, fresh: bool) -> float:
        home = tempfile.mkdtemp(prefix="tui-paper-fresh-", dir=BENCH_HOME) if fresh else None
        return time_to_text(cmd, expect, home=home, control=control)

    for cmd, expect, fresh in cases.values():  # warm the OS caches once
        run(cmd, expect, fresh)
    for _ in range(args.runs):
        for name, (cmd, expect, fresh) in cases.items():
            times[name].append(run(cmd, expect, fresh))
    base = statistics.median(times["minimal app"])
    base_runs = times["minimal app"]
    how = "a tmux process per launch and look" if args.spawn else "tmux control mode"
    print(f"start-up to text on screen, tmux 100x30 ({how}), median of {args.runs} (alternated)")
    for name, samples in times.items():
        med = statistics.median(samples)
        q1, _, q3 = statistics.quantiles(samples, n=4)
        # Each launch is paired with the minimal app's launch of the same round, moments
        # apart: the median of those ratios is less swayed by the machine's slow swings.
        paired = statistics.median(s / b for s, b in zip(samples, base_runs, strict=True))
        print(
            f"  {name:19} {med * 1000:7.0f} ms   ratio {med / base:4.2f}x"
            f"   paired {paired:4.2f}x   (middle half {q1 * 1000:.0f}-{q3 * 1000:.0f} ms)"
        )
    shutil.rmtree(BENCH_HOME, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
