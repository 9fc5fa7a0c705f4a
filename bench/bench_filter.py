"""Filter keystroke benchmark: one keystroke in the filter over 10,000 headlines, until painted.

Runs the real app in tmux on a generated issue of about 10,000 articles, opens the filter,
then types a query one character at a time. Each keystroke is timed from `tmux send-keys` to
the moment the pane shows the typed text in the filter box and a redrawn result list
(polled, so the figure includes the terminal and a few ms of polling). One pane capture, the
poll's own cost, is measured in the same run as the baseline.

    python bench/bench_filter.py [--rounds 5] [--word]

``--word`` waits until the background word index is ready (the status line's
"分词准备中" is gone), so the keystrokes are measured in word mode; without it they are
measured in substring mode while jieba indexes the issue in the background.
"""

from __future__ import annotations

import argparse
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


def _capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout


def _wait_for(session: str, *needles: str, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while True:
        pane = _capture(session)
        if all(n in pane for n in needles):
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{needles!r} never appeared; screen was:\n{pane}")


def _wait_gone(session: str, needle: str, timeout: float) -> float:
    """Seconds until ``needle`` is no longer on screen."""
    start = time.perf_counter()
    while needle not in _capture(session) and time.perf_counter() - start < 5.0:
        time.sleep(0.1)  # the status line may come with the first frame or just after it
    while needle in _capture(session):
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{needle!r} still on screen after {timeout:.0f} s")
        time.sleep(0.5)
    return time.perf_counter() - start


def _wait_for_results(session: str, typed: str, before: list[str], timeout: float = 30.0) -> float:
    """Seconds until the filter line shows ``typed`` and the result list has been redrawn."""
    start = time.perf_counter()
    while True:
        lines = _capture(session).splitlines()
        # row 3 is the filter box; the rows below it, down to the key bar, are the results
        if len(lines) > 5 and lines[3].strip().startswith(typed) and lines[4:-2] != before[4:-2]:
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"results for {typed!r} never appeared:\n" + "\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--settle",
        type=float,
        default=0.0,
        help="seconds to wait after start-up (lets the background word index finish)",
    )
    parser.add_argument(
        "--word",
        action="store_true",
        help="wait until the word index is ready (status line gone) and measure word mode",
    )
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed (apt-get install -y tmux)", file=sys.stderr)
        return 2

    from generate import generate_issue_text  # bench/generate.py

    from tui_paper.reader import load_issue

    home = tempfile.mkdtemp(prefix="tui-paper-bench-")
    big = Path(home) / "issue-10k.txt"
    big.write_text(generate_issue_text(pages=1000, articles_per_page=9, seed=3), encoding="utf-8")
    issue = load_issue(big)
    n_articles = len(issue.articles)
    # A query typed one character at a time, chosen so that every keystroke changes what the
    # list shows (the 50 best hits, grouped by page), so each repaint can be seen.
    from tui_paper.screens.filtering import SubstringFilter

    engine = SubstringFilter(issue)

    def shown(q: str) -> list[str]:
        return sorted(h.id for h in engine.query(q, limit=51)[:50])

    query = ""
    for art in issue.articles[n_articles // 2 :]:
        cand = art.title[:3]
        views = [shown(cand[:i]) for i in range(1, 4)]
        if len(cand) == 3 and views[0] != views[1] != views[2]:
            query = cand
            break
    assert query, "no suitable query in the generated issue"

    session = f"bench-{uuid.uuid4().hex[:8]}"
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "100",
            "-y",
            "30",
            "env",
            f"TUI_PAPER_HOME={home}",
            "TERM=xterm-256color",
            sys.executable,
            "-m",
            "tui_paper",
            str(big),
        ],
        check=True,
    )
    key_times: list[float] = []
    poll_times: list[float] = []
    try:
        front = issue.pages[0].articles[0].title[:5]
        _wait_for(session, front)
        time.sleep(args.settle)
        ready_after = None
        if args.word:
            ready_after = _wait_gone(session, "分词准备中", timeout=900.0)
        for _ in range(args.rounds):
            subprocess.run(["tmux", "send-keys", "-t", session, "/"], check=True)
            time.sleep(0.3)
            for i, ch in enumerate(query):
                before = _capture(session).splitlines()
                subprocess.run(["tmux", "send-keys", "-t", session, "-l", ch], check=True)
                key_times.append(_wait_for_results(session, query[: i + 1], before))
                t0 = time.perf_counter()
                _capture(session)
                poll_times.append(time.perf_counter() - t0)
                time.sleep(0.05)
            # back to the page: escape clears the filter; wait until the page list is back
            subprocess.run(["tmux", "send-keys", "-t", session, "Escape"], check=True)
            _wait_for(session, front)
            time.sleep(0.3)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)
    key = statistics.median(key_times)
    poll = statistics.median(poll_times)
    mode = "word mode" if args.word else "substring mode, word index building meanwhile"
    print(f"filter keystroke over {n_articles} headlines, tmux 100x30, query {query!r}, {mode}")
    if ready_after is not None:
        print(f"  word index ready after  {ready_after + args.settle:6.1f} s")
    print(f"  keystroke to painted    {key * 1000:6.1f} ms median of {len(key_times)}")
    print(f"  one pane poll (baseline){poll * 1000:6.1f} ms median")
    print(f"  keystroke less one poll {max(key - poll, 0) * 1000:6.1f} ms (target <= 35 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
