"""Archive benchmark: listing, loading and indexing a real month, and querying the index.

Runs in a fresh ``TUI_PAPER_HOME`` (a temporary folder) so the index is built from nothing:

    python bench/bench_index.py [--path ../shared/realworld/rmrb-2020-01] [--runs 7] [--json]

Reports: the library listing time, the median time to load one issue (what opening an issue
from the picker costs before anything is drawn), jieba's warm-up, the full index build
(time, articles, size on disk), a refresh that finds nothing changed, and the median /
90th-percentile / worst time of a set of queries (each run ``--runs`` times after one
untimed run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

DEFAULT_PATH = REPO / ".." / "shared" / "realworld" / "rmrb-2020-01"

#: words a reader of January 2020 would look for: names, places, topics, short and long,
#: one and several words, Latin letters, and single characters inside longer words
QUERIES = [
    "冠状病毒",
    "武汉",
    "春运",
    "脱贫攻坚",
    "习近平",
    "经济增长",
    "中美 贸易",
    "协议",
    "肺炎 疫情",
    "春节",
    "GDP",
    "科技创新",
    "乡村振兴",
    "一带一路",
    "航天",
    "澳大利亚 山火",
    "教育",
    "医院",
    "鼠",
    "春晚",
]


def _median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 2)


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--workers", type=int, default=1, help="processes cutting words (1: in-process)"
    )
    args = parser.parse_args()
    root = args.path.resolve()
    if not root.is_dir():
        print(f"bench_index: {root} is absent", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="tui-paper-bench-") as home:
        os.environ["TUI_PAPER_HOME"] = home
        from tui_paper.archive_index import ArchiveIndex
        from tui_paper.library import scan_library
        from tui_paper.reader import load_issue
        from tui_paper.text.segment import get_segmenter

        started = time.perf_counter()
        lib = scan_library(root)
        listing = time.perf_counter() - started

        loads = []
        for ref in lib.issues:
            t = time.perf_counter()
            load_issue(ref.path)
            loads.append(time.perf_counter() - t)

        t = time.perf_counter()
        get_segmenter().warm_up()
        warm = time.perf_counter() - t

        index = ArchiveIndex.open(root)
        build = index.update(library=lib, workers=args.workers)
        stats = index.stats()
        refresh = index.update()

        index.search("冠状病毒")  # first query loads nothing new: jieba is warm already
        timings: list[float] = []
        per_query: dict[str, float] = {}
        hit_counts: dict[str, int] = {}
        for query in QUERIES:
            hit_counts[query] = len(index.search(query))  # untimed: fills SQLite's cache
            runs = []
            for _ in range(args.runs):
                t = time.perf_counter()
                index.search(query)
                runs.append(time.perf_counter() - t)
            per_query[query] = _median_ms(runs)
            timings.extend(runs)
        timings.sort()
        figures = {
            "path": str(root),
            "issues": len(lib.issues),
            "articles_listed": sum(r.article_count or 0 for r in lib.issues),
            "library_listing_ms": round(listing * 1000, 1),
            "issue_load_median_ms": _median_ms(loads),
            "issue_load_max_ms": round(max(loads) * 1000, 1),
            "jieba_warm_up_s": round(warm, 2),
            "index_workers": args.workers,
            "index_build_s": round(build.seconds, 1),
            "indexed_documents": stats["documents"],
            "index_bytes": stats["bytes"],
            "refresh_unchanged_s": round(refresh.seconds, 3),
            "query_median_ms": _median_ms(timings),
            "query_p90_ms": round(timings[int(len(timings) * 0.9) - 1] * 1000, 2),
            "query_max_ms": round(timings[-1] * 1000, 2),
            "per_query_median_ms": per_query,
            "hits": hit_counts,
        }
        index.close()
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(f"{figures['issues']} issues, {figures['articles_listed']} article files: {root}")
        print(f"library listing        {figures['library_listing_ms']} ms")
        print(
            f"load one issue         median {figures['issue_load_median_ms']} ms, "
            f"max {figures['issue_load_max_ms']} ms"
        )
        print(f"jieba warm-up          {figures['jieba_warm_up_s']} s (fresh cache dir)")
        print(
            f"index build            {figures['index_build_s']} s "
            f"({args.workers} worker{'s' if args.workers > 1 else ''}), "
            f"{figures['indexed_documents']} documents, {stats['bytes'] / 1e6:.1f} MB"
        )
        print(f"refresh, nothing new   {figures['refresh_unchanged_s']} s")
        print(
            f"query ({len(QUERIES)} x {args.runs})      median {figures['query_median_ms']} ms, "
            f"p90 {figures['query_p90_ms']} ms, max {figures['query_max_ms']} ms"
        )
        for query, ms in per_query.items():
            print(f"    {query:<12} {ms:7.2f} ms  {hit_counts[query]} hits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
