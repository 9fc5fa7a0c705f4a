"""Hostile input stays linear: long lines, long runs and repeated parts never hang the reader.

Each case would take minutes (quadratic joins, regex backtracking) if the reader regressed;
the linear reader takes well under a second. The limits are generous for a busy machine.
"""

from __future__ import annotations

import time

import pytest

from tui_paper.reader import parse_text

N = 100_000
CASES = {
    "digits-after-see": "# t\n\n（见" + "1" * N + "\n",
    "many-see-refs": "# t\n\n" + "（见第1版、" * 20_000 + "\n",
    "spaces-in-bracket": "# t\n\n(" + " " * N + "x\n",
    "spaces-after-dateline": "# t\n\n本报讯" + " " * N + "x\n",
    "long-bold": "# t\n\n**" + "a" * N + "\n",
    "hashes": "#" * N + "\n",
    "repeated-verbs": "# t\n\n" + "上接" * N + "\n",
    "soft-wrapped-english": "# t\n\n" + "the quick brown fox jumps over\n" * 50_000,
    "repeated-bylines": "# t\n\n" + "本报记者 张三\n" * 50_000,
    "stacked-bold": "# t\n\n" + "**小标题**\n" * 50_000,
    "repeated-markers": "# t\n\n" + "(下转第2版)" * 20_000 + "\n",
    "headline-free-text": "第21期(总第4711期)今日8版\n" * 30_000,
    "form-feeds": "\f" * N,
    "escapes": "\x1b[" * N,
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_is_linear(name: str) -> None:
    start = time.perf_counter()
    issue = parse_text(CASES[name])
    elapsed = time.perf_counter() - start
    assert issue.pages
    assert elapsed < 10.0, f"{name} took {elapsed:.1f}s"


def test_soft_wrapped_lines_join_into_one_paragraph() -> None:
    issue = parse_text("# t\n\n" + "word\n" * 1000 + "end.\n")
    (block,) = issue.articles[0].blocks
    assert block.text == " ".join(["word"] * 1000) + " end."


def test_long_reverse_chain_resolves_quickly() -> None:
    # page k continues on page k-1: every link resolves, and the loop check stays cheap
    n = 900
    pages = [
        f"第{k}版\n\n# 故事{k}\n\n(上接第{k + 1}版)正文。" + (f"(下转第{k - 1}版)" if k > 1 else "")
        for k in range(1, n + 1)
    ]
    start = time.perf_counter()
    issue = parse_text("\n".join(pages))
    assert time.perf_counter() - start < 10.0
    resolved = [a for a in issue.articles if a.continues_to and a.continues_to.article]
    assert len(resolved) == n - 1


def test_ring_of_continuations_is_cut_once() -> None:
    n = 300
    pages = [
        f"第{k}版\n\n# 故事\n\n(上接第{(k - 2) % n + 1}版)正文。(下转第{k % n + 1}版)"
        for k in range(1, n + 1)
    ]
    issue = parse_text("\n".join(pages))
    resolved = [a for a in issue.articles if a.continues_to and a.continues_to.article]
    assert len(resolved) == n - 1
    assert len(issue.story_parts("1-1")) == n
