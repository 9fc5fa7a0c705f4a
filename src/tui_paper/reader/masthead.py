"""The masthead printed above the first headline: paper, publisher, serial, date, issue numbers."""

from __future__ import annotations

import contextlib
import datetime as _dt
import re
from dataclasses import dataclass, field

from tui_paper.model import Masthead
from tui_paper.reader import patterns as P
from tui_paper.reader.numerals import to_int

_SPONSOR_SPLIT_RE = re.compile(r"[\s、，,;；]+")


@dataclass(slots=True)
class MastheadBuilder:
    """Collects masthead fields line by line; the first value found for a field wins."""

    name: str | None = None
    publisher: str | None = None
    supervisor: str | None = None
    sponsors: list[str] = field(default_factory=list)
    serial: str | None = None
    postal_code: str | None = None
    url: str | None = None
    date: _dt.date | None = None
    weekday: str | None = None
    page_count: int | None = None
    issue_number: int | None = None
    total_issue_number: int | None = None

    def feed(self, line: str) -> bool:
        """Take what ``line`` says about the masthead; ``True`` when it was a masthead field.

        Date and weekday are noted but reported as ``False`` so the caller can keep such a
        line as a running header of its page.
        """
        if len(line) > 80:
            return False
        m = P.SUPERVISOR_RE.match(line)
        if m:
            self.supervisor = self.supervisor or m.group(1).strip()
            return True
        m = P.SPONSOR_RE.match(line)
        if m:
            if not self.sponsors:
                self.sponsors = [s for s in _SPONSOR_SPLIT_RE.split(m.group(1)) if s]
            return True
        m = P.PUBLISHER_RE.match(line)
        if m:
            if self.publisher is None:
                self.publisher = m.group(1)
                # 中国电子报社出版 -> 中国电子报: the paper is named after its publishing house
                self.name = self.name or (m.group(1)[:-1] or None)
            return True
        consumed = False
        m = P.SERIAL_RE.search(line)
        if m and ("CN" in line[:20] or "出版物号" in line or "刊号" in line):
            if self.serial is None:
                suffix = f"/{m.group(3)}" if m.group(3) else ""
                self.serial = f"CN {m.group(1)}-{m.group(2)}{suffix}"
            consumed = True
        m = P.POSTAL_RE.search(line)
        if m:
            self.postal_code = self.postal_code or re.sub(r"\s|－", "", m.group(1)).replace(
                "－", "-"
            )
            consumed = True
        m = P.URL_RE.search(line)
        if m and len(line) - len(m.group(0)) < 12:
            self.url = self.url or m.group(0).rstrip(".,;")
            consumed = True
        m = P.PAGE_COUNT_RE.search(line)
        if m:
            self.page_count = self.page_count or to_int(m.group(1))
            consumed = True
        m = P.TOTAL_NO_RE.search(line)
        if m:
            self.total_issue_number = self.total_issue_number or int(m.group(1))
            consumed = True
        m = P.ISSUE_NO_RE.search(line)
        if m and not line.startswith(("总第", "总")):
            # 第21期(总第4711期): the first 第N期 is the issue number
            first = P.ISSUE_NO_RE.search(re.sub(r"总\s*第?\s*\d+\s*期", "", line))
            if first:
                self.issue_number = self.issue_number or int(first.group(1))
                consumed = True
        self.note_date(line)
        return consumed

    def note_date(self, line: str) -> None:
        """Take a date and weekday from a running-header line when none is known yet."""
        if self.date is None:
            m = P.DATE_RE.search(line)
            if m:
                with contextlib.suppress(ValueError):  # 2月30日 in a garbled line
                    self.date = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if self.weekday is None:
            w = P.WEEKDAY_RE.search(line)
            if w:
                self.weekday = w.group(0)

    def build(self) -> Masthead:
        """The frozen masthead."""
        return Masthead(
            name=self.name,
            publisher=self.publisher,
            supervisor=self.supervisor,
            sponsors=tuple(self.sponsors),
            serial=self.serial,
            postal_code=self.postal_code,
            url=self.url,
            date=self.date,
            weekday=self.weekday,
            page_count=self.page_count,
            issue_number=self.issue_number,
            total_issue_number=self.total_issue_number,
        )
