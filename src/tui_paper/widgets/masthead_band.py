"""The header band: paper name, date and weekday, issue numbers and page count."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tui_paper.model import Issue
from tui_paper.widgets.safe_text import clean


def masthead_facts(issue: Issue) -> list[str]:
    """The facts shown after the paper's name, in reading order, as plain text."""
    m = issue.masthead
    facts: list[str] = []
    if m.date is not None:
        date = f"{m.date.year}年{m.date.month}月{m.date.day}日"
        facts.append(f"{date} {m.weekday}" if m.weekday else date)
    elif m.weekday:
        facts.append(m.weekday)
    if m.issue_number is not None and m.total_issue_number is not None:
        facts.append(f"第{m.issue_number}期（总第{m.total_issue_number}期）")
    elif m.issue_number is not None:
        facts.append(f"第{m.issue_number}期")
    elif m.total_issue_number is not None:
        facts.append(f"总第{m.total_issue_number}期")
    count = m.page_count
    present = len(issue.pages)
    if count is not None and count != present:
        facts.append(f"今日{count}版 · 本期收录{present}版")
    else:
        facts.append(f"{present}版")
    return facts


class MastheadBand(Static):
    """One line naming the paper and the issue; file text goes in as data, never markup."""

    def __init__(self, issue: Issue, *, id: str | None = None) -> None:
        name = clean(issue.masthead.name or "未署名报纸")
        content = Content.assemble(
            (name, "bold"),
            ("  ", ""),
            Content("  ·  ")
            .stylize("$text-muted")
            .join(Content(clean(fact)) for fact in masthead_facts(issue)),
        )
        super().__init__(content, id=id, markup=False)
