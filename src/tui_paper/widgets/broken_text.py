"""A block of article text broken into lines by tui-paper's own Chinese-aware line breaker.

Textual wraps only at spaces, which lets `。` start a line and splits `2024`; this widget asks
:func:`tui_paper.text.linebreak.break_lines` instead and shows the lines it returns with no
further wrapping. The owner calls :meth:`BrokenText.rebreak` whenever the width changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from tui_paper.text.linebreak import break_lines
from tui_paper.widgets.safe_text import clean

MATCH_STYLE = "bold reverse"


def break_with_spans(
    text: str, width: int, spans: Sequence[tuple[int, int]] = ()
) -> tuple[list[str], list[list[tuple[int, int]]], list[int]]:
    """``text`` broken to ``width`` cells: its lines, the parts of ``spans`` on each line (as
    offsets within the line), and the number of the first line each span reaches.

    Highlight ``spans`` are character ranges of ``text``; they are carried over to the broken
    lines by locating each line in the original text (the breaker may drop the spaces it
    breaks at, but never reorders text).
    """
    text = clean(text)  # same length unless it held control characters
    lines = break_lines(text, max(width, 2)) if text else [""]
    on_line: list[list[tuple[int, int]]] = [[] for _ in lines]
    span_lines: list[int] = []
    if not spans:
        return lines, on_line, span_lines
    # Where each output line starts in the original text.
    origins: list[int] = []
    cursor = 0
    for line in lines:
        found = text.find(line, cursor) if line else cursor
        origins.append(found if found >= 0 else -1)
        if found >= 0:
            cursor = found + len(line)
    for start, end in spans:
        first_line: int | None = None
        for n, (line, origin) in enumerate(zip(lines, origins, strict=True)):
            if origin >= 0:
                lo, hi = max(start, origin), min(end, origin + len(line))
                if lo < hi:
                    on_line[n].append((lo - origin, hi - origin))
                    if first_line is None:
                        first_line = n
        if first_line is not None:
            span_lines.append(first_line)
    return lines, on_line, span_lines


def broken_content(
    text: str, width: int, spans: Sequence[tuple[int, int]] = (), style: str = ""
) -> tuple[Content, list[int]]:
    """``text`` broken to ``width`` cells as one Content, and the line number of each span
    (see :func:`break_with_spans`)."""
    lines, on_line, span_lines = break_with_spans(text, width, spans)
    joined = "\n".join(lines)
    content = Content.styled(joined, style) if style else Content(joined)
    offset = 0
    for line, parts in zip(lines, on_line, strict=True):
        for a, b in parts:
            content = content.stylize(MATCH_STYLE, offset + a, offset + b)
        offset += len(line) + 1
    return content, span_lines


class BrokenText(Static):
    """One block of file text (title, paragraph, sub-head, caption …) shown as data."""

    def __init__(
        self,
        text: str,
        width: int,
        *,
        style: str = "",
        spans: Sequence[tuple[int, int]] = (),
        classes: str | None = None,
    ) -> None:
        self.text = text
        self._style = style
        self._spans = tuple(spans)
        self._width = width
        content, self.match_lines = broken_content(text, width, self._spans, style)
        super().__init__(content, classes=classes, markup=False)

    def set_text(self, text: str, width: int) -> None:
        """Show other text, broken to ``width`` cells, with no highlights."""
        self.text = text
        self._spans = ()
        self._width = width
        content, self.match_lines = broken_content(text, width, (), self._style)
        self.update(content)

    def rebreak(self, width: int) -> None:
        """Break the text again for a new width (no-op when unchanged)."""
        if width == self._width:
            return
        self._width = width
        content, self.match_lines = broken_content(self.text, width, self._spans, self._style)
        self.update(content)

    def set_spans(self, spans: Sequence[tuple[int, int]]) -> None:
        """Highlight other character ranges."""
        self._spans = tuple(spans)
        content, self.match_lines = broken_content(self.text, self._width, self._spans, self._style)
        self.update(content)
