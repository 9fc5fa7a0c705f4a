"""Benchmark the Chinese line breaker against textwrap on the same ~3,000-character article.

Run from the repository root::

    python bench/bench_linebreak.py [--width 60] [--repeat 300]

Prints the median time to break one article into lines (all its paragraphs), the median of
``textwrap.wrap`` on the same paragraphs measured alternately in the same run, and their ratio;
then the cost of ``cell_width`` per rendered line against a naive ``unicodedata`` sum.
The article is built from the built-in sample issue (always present) and, when the shared test
data sits beside the checkout, from the real seed page as well.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import textwrap
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tui_paper.text.linebreak import break_lines, cell_width  # noqa: E402

ARTICLE_CHARS = 3000
SEED = ROOT / ".." / "shared" / "seeds" / "000_bfbf858a4ab4cfe2.txt"


def body_paragraphs(text: str) -> list[str]:
    """Body-like paragraphs of a page dump: long lines that are not headings."""
    return [
        line.strip()
        for line in text.splitlines()
        if len(line.strip()) >= 40 and not line.lstrip().startswith("#")
    ]


def article_from(paragraphs: list[str]) -> list[str]:
    """The first paragraphs adding up to about ARTICLE_CHARS characters (cycled if short)."""
    if not paragraphs:
        raise SystemExit("no body paragraphs found")
    article: list[str] = []
    total = 0
    i = 0
    while total < ARTICLE_CHARS:
        para = paragraphs[i % len(paragraphs)][: ARTICLE_CHARS - total]
        article.append(para)
        total += len(para)
        i += 1
    return article


def sources() -> list[tuple[str, list[str]]]:
    sample_dir = ROOT / "sample_issues"
    pages = sorted(sample_dir.glob("*/*.md")) + sorted(sample_dir.glob("*.txt"))
    sample = [p for page in pages for p in body_paragraphs(page.read_text(encoding="utf-8"))]
    found = [("sample issue", article_from(sample))]
    if SEED.is_file():
        found.append(("seed page", article_from(body_paragraphs(SEED.read_text("utf-8")))))
    return found


def median_us(samples: list[int]) -> float:
    return statistics.median(samples) / 1000


def time_alternately(funcs: list[Callable[[], object]], repeat: int) -> list[list[int]]:
    """Run each function once per round, alternating, so drift affects all alike."""
    results: list[list[int]] = [[] for _ in funcs]
    for _ in range(repeat):
        for slot, func in zip(results, funcs, strict=True):
            t0 = time.perf_counter_ns()
            func()
            slot.append(time.perf_counter_ns() - t0)
    return results


def naive_cell_width(text: str) -> int:
    """The per-character unicodedata baseline cell_width avoids."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    width: int = args.width

    print(f"python {sys.version.split()[0]}, width {width}, {args.repeat} rounds, medians")
    for index, (name, article) in enumerate(sources()):
        chars = sum(map(len, article))

        def ours(article: list[str] = article) -> object:
            return [break_lines(p, width) for p in article]

        def naive(article: list[str] = article) -> object:
            return [textwrap.wrap(p, width) for p in article]

        if index == 0:  # the very first call pays for filling the width cache
            t0 = time.perf_counter_ns()
            ours()
            print(f"  first call (cold width cache): {(time.perf_counter_ns() - t0) / 1e6:.2f} ms")
        ours_ns, naive_ns = time_alternately([ours, naive], args.repeat)
        lines = [line for p in article for line in break_lines(p, width)]
        print(
            f"{name}: {chars} chars, {len(article)} paragraphs, {len(lines)} lines\n"
            f"  break_lines   {median_us(ours_ns):8.1f} µs per article\n"
            f"  textwrap.wrap {median_us(naive_ns):8.1f} µs per article (breaks at spaces only)\n"
            f"  ratio         {statistics.median(ours_ns) / statistics.median(naive_ns):8.2f}x"
        )

        def widths(lines: list[str] = lines) -> object:
            return [cell_width(line) for line in lines]

        def naive_widths(lines: list[str] = lines) -> object:
            return [naive_cell_width(line) for line in lines]

        fast_ns, slow_ns = time_alternately([widths, naive_widths], args.repeat)
        per_line = len(lines)
        print(
            f"  cell_width    {median_us(fast_ns) * 1000 / per_line:8.0f} ns per line "
            f"(naive unicodedata sum {median_us(slow_ns) * 1000 / per_line:.0f} ns, "
            f"{statistics.median(slow_ns) / statistics.median(fast_ns):.1f}x slower)"
        )


if __name__ == "__main__":
    main()
