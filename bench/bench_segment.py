"""Segmentation readiness and memory: tui-paper's Segmenter beside stock jieba.

Each run starts a fresh interpreter, so nothing is warm but the OS file cache:

* ``tui-paper``: ``import tui_paper.text.segment`` then ``Segmenter().warm_up()`` (reads the
  verified cache in the user cache directory);
* ``stock jieba``: ``import jieba`` then ``jieba.initialize()`` (reads its own cache, kept
  in a private temp folder for the benchmark).

Runs alternate so machine noise hits both alike; both caches are primed first. Reported:
median seconds from the first import to ready (in-process, wall clock and CPU) and from
process launch to ready (what a user waits after starting the app), the load step alone,
and their ratios.
Then the resident memory of a process that imported Textual and warmed the segmenter
(target < 150 MB).

    python bench/bench_segment.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

OURS = """
import time
t0 = time.perf_counter()
c0 = time.process_time()
from tui_paper.text.segment import Segmenter
s = Segmenter()
t1 = time.perf_counter()
s.warm_up()
assert s.cut("新型工业化示范区") == ["新型", "工业化", "示范区"]
t2 = time.perf_counter()
print("READY", t2 - t0, time.process_time() - c0, t2 - t1, s.load_source)
"""

STOCK = """
import time
t0 = time.perf_counter()
c0 = time.process_time()
import jieba
jieba.setLogLevel(60)
t1 = time.perf_counter()
jieba.initialize()
assert jieba.lcut("新型工业化示范区") == ["新型", "工业化", "示范区"]
t2 = time.perf_counter()
print("READY", t2 - t0, time.process_time() - c0, t2 - t1, "stock")
"""

MEMORY = """
import textual.app, textual.widgets  # the app's own imports
from tui_paper.text.segment import Segmenter

def rss():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

before = rss()[0]
s = Segmenter()
s.warm_up()
ready, peak = rss()
s.pos_tags("金壮龙在北京")
tagged = rss()[0]
print("MEM", before, ready, peak, tagged)
"""


def _run(code: str, env: dict[str, str]) -> tuple[float, float, float, float, str]:
    """(import->ready s, its CPU s, load-only s, launch->ready s, load source) of a process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    wall = time.perf_counter() - start
    _, err = proc.communicate()
    if not line.startswith("READY"):
        raise RuntimeError(f"benchmark child failed: {line}{err}")
    if err:
        raise RuntimeError(f"benchmark child wrote to stderr:\n{err}")
    _, seconds, cpu, load, source = line.split()
    return float(seconds), float(cpu), float(load), wall, source


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tui-paper-bench-") as tmp:
        env = dict(os.environ, TUI_PAPER_HOME=str(Path(tmp) / "home"), TMPDIR=tmp)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO / "src"), env.get("PYTHONPATH", "")) if p
        )
        # Prime both caches (first runs build them) so every timed run reads a cache.
        _run(OURS, env)
        _run(STOCK, env)
        ours: list[tuple[float, float, float, float]] = []
        stock: list[tuple[float, float, float, float]] = []
        for _ in range(args.runs):
            s, c, ld, w, source = _run(OURS, env)
            assert source == "cache", source
            ours.append((s, c, ld, w))
            s, c, ld, w, _ = _run(STOCK, env)
            stock.append((s, c, ld, w))
        mem_line = subprocess.run(
            [sys.executable, "-c", MEMORY], capture_output=True, text=True, env=env, check=True
        ).stdout
    o_in, o_cpu, o_load, o_wall = (statistics.median(x[i] for x in ours) for i in range(4))
    s_in, s_cpu, s_load, s_wall = (statistics.median(x[i] for x in stock) for i in range(4))
    print(f"segmentation ready, medians of {args.runs} fresh processes each:")
    head = f"{'import->ready':>14} {'(CPU)':>8} {'load only':>10} {'launch->ready':>14}"
    print(f"  {'':12} {head}")
    print(f"  {'tui-paper':12} {o_in:13.3f}s {o_cpu:7.3f}s {o_load:9.3f}s {o_wall:13.3f}s")
    print(f"  {'stock jieba':12} {s_in:13.3f}s {s_cpu:7.3f}s {s_load:9.3f}s {s_wall:13.3f}s")
    print(
        f"  ratio stock/tui-paper: {s_in / o_in:.2f}x import->ready, {s_cpu / o_cpu:.2f}x CPU, "
        f"{s_load / o_load:.2f}x load only, {s_wall / o_wall:.2f}x launch->ready"
    )
    print("  (load only: warm_up() / jieba.initialize() after the imports, as in the app's")
    print("   worker, where tui_paper and the standard modules are already loaded)")
    # CPU time is what other processes on a busy machine cannot inflate.
    print(f"  load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    ok_ready = o_in <= 0.5
    print(f"  target import->ready <= 0.5 s: {'OK' if ok_ready else 'MISSED'}")
    _, before, ready, peak, tagged = mem_line.split()
    rss = float(ready)
    print(
        f"memory with Textual imported: {float(before):.0f} MB before, {rss:.0f} MB after "
        f"warm_up (peak {float(peak):.0f} MB), {float(tagged):.0f} MB once facets' tagger loads"
    )
    ok_mem = rss < 150
    print(f"  target RSS after warm_up < 150 MB: {'OK' if ok_mem else 'MISSED'}")
    return 0 if ok_ready and ok_mem else 1


if __name__ == "__main__":
    raise SystemExit(main())
