"""`tui-paper dump` on a big issue: parse, JSON shape, JSON text — beside the standard library.

    python bench/bench_dump.py [--mb 20] [--runs 5]

Writes the generated issue (as bench_parse.py does) to a temporary file and alternates, in one
process: ``load_issue``, ``issue_to_dict``, the command line's JSON writer and
``json.dumps(..., ensure_ascii=False, indent=2)`` on the same data. Prints the medians and the
writer's ratio to the standard library's; exits 1 if the two texts ever differ.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from bench_parse import build_issue  # noqa: E402

from tui_paper import jsonout  # noqa: E402
from tui_paper.model import issue_to_dict  # noqa: E402
from tui_paper.reader import load_issue  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when the writers disagree."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="minimum issue size in MB")
    ap.add_argument("--runs", type=int, default=5, help="runs of each measurement (median)")
    args = ap.parse_args(argv)

    times: dict[str, list[float]] = {"load": [], "shape": [], "ours": [], "stdlib": []}
    same = True
    size = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "issue.txt"
        path.write_text(build_issue(args.mb), encoding="utf-8")
        mb = path.stat().st_size / 1e6
        for _ in range(max(1, args.runs)):
            gc.collect()
            t0 = time.perf_counter()
            issue = load_issue(path)
            t1 = time.perf_counter()
            data = issue_to_dict(issue)
            t2 = time.perf_counter()
            ours = jsonout.dumps(data)
            t3 = time.perf_counter()
            std = json.dumps(data, ensure_ascii=False, indent=2)
            t4 = time.perf_counter()
            same = same and ours == std
            size = len(ours.encode("utf-8"))
            for key, took in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                times[key].append(took)
            del issue, data, ours, std
    med = {key: statistics.median(v) * 1000 for key, v in times.items()}
    print(f"issue: {mb:.1f} MB of page text -> {size / 1e6:.1f} MB of JSON; medians of {args.runs}")
    print(f"load_issue            {med['load']:7.1f} ms")
    print(f"issue_to_dict         {med['shape']:7.1f} ms")
    print(f"JSON text, ours       {med['ours']:7.1f} ms")
    print(f"JSON text, json.dumps {med['stdlib']:7.1f} ms (indent=2)")
    print(f"ours / json.dumps: {med['ours'] / med['stdlib']:.2f}x; the same text: {same}")
    total = med["load"] + med["shape"] + med["ours"]
    with_std = total - med["ours"] + med["stdlib"]
    print(f"dump work in all: {total:.0f} ms (with json.dumps: {with_std:.0f} ms)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
