"""Parse throughput: load_issue on a generated issue of at least 20 MB, beside read+decode.

    python bench/bench_parse.py [--mb 20] [--runs 5]

Writes the generated issue to a temporary file, then alternates two measurements so machine
noise hits both alike: (a) merely reading and decoding the bytes, (b) ``load_issue`` on the
same file (read, decode, clean, parse, resolve links, build the frozen model). Prints the
medians as MB/s and their ratio. The target is at least 50 MB/s for (b).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from generate import generate_issue_text  # noqa: E402

from tui_paper.reader import load_issue  # noqa: E402

TARGET_MB_S = 50.0


def build_issue(min_mb: float, seed: int = 0) -> str:
    """A generated issue text of at least ``min_mb`` megabytes (UTF-8)."""
    pages = 20
    while True:
        text = generate_issue_text(pages=pages, articles_per_page=16, seed=seed)
        size = len(text.encode("utf-8")) / 1e6
        if size >= min_mb:
            return text
        pages = int(pages * min_mb / size * 1.05) + 1


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when the median misses the target."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="minimum issue size in MB")
    ap.add_argument("--runs", type=int, default=7, help="runs of each measurement (median)")
    args = ap.parse_args(argv)

    text = build_issue(args.mb)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "issue.txt"
        path.write_text(text, encoding="utf-8")
        nbytes = path.stat().st_size
        mb = nbytes / 1e6
        del text
        decode_times: list[float] = []
        parse_times: list[float] = []
        decode_cpu: list[float] = []
        parse_cpu: list[float] = []
        issue = None
        for _ in range(max(1, args.runs)):
            gc.collect()
            c0, t0 = time.process_time(), time.perf_counter()
            path.read_bytes().decode("utf-8")
            decode_times.append(time.perf_counter() - t0)
            decode_cpu.append(time.process_time() - c0)
            issue = None
            gc.collect()
            c0, t0 = time.process_time(), time.perf_counter()
            issue = load_issue(path)
            parse_times.append(time.perf_counter() - t0)
            parse_cpu.append(time.process_time() - c0)
    assert issue is not None
    n_articles = sum(len(p.articles) for p in issue.pages)
    resolved = sum(1 for a in issue.articles if a.continues_to and a.continues_to.article)
    d = statistics.median(decode_times)
    p = statistics.median(parse_times)
    dc = statistics.median(decode_cpu)
    pc = statistics.median(parse_cpu)
    runs = len(parse_times)
    print(
        f"issue: {mb:.1f} MB, {len(issue.pages)} pages, {n_articles} articles, "
        f"{resolved} resolved continuations; medians of {runs} runs"
    )
    pb = min(parse_times)
    print(f"read+decode: wall {d * 1000:7.1f} ms {mb / d:7.1f} MB/s | cpu {dc * 1000:7.1f} ms")
    print(f"load_issue:  wall {p * 1000:7.1f} ms {mb / p:7.1f} MB/s | cpu {pc * 1000:7.1f} ms")
    print(f"load_issue best run: {pb * 1000:.1f} ms, {mb / pb:.1f} MB/s")
    print(f"ratio load_issue / read+decode: {p / d:.1f}x (wall)")
    try:
        load = os.getloadavg()[0]
    except OSError:  # pragma: no cover - not on every platform
        load = float("nan")
    print(f"load average during the run: {load:.2f} on {os.cpu_count()} CPUs")
    ok = mb / p >= TARGET_MB_S
    print(f"target {TARGET_MB_S:.0f} MB/s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
