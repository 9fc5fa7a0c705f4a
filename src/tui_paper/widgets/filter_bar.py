"""The filter box above the headline list."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    """Typing narrows the headline list across all pages; enter opens the first hit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "Clear filter", id="filter.clear"),
        Binding("down", "to_results", "Results", show=False, id="filter.to-results"),
    ]

    class Cleared(Message):
        """The reader left the filter with escape: the page list comes back."""

    class ToResults(Message):
        """The reader pressed down: move into the results."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="筛选：输入字词，空格分隔", id=id, compact=True)

    def action_clear_filter(self) -> None:
        """Empty the box and tell the screen."""
        self.value = ""
        self.post_message(self.Cleared())

    def action_to_results(self) -> None:
        """Hand the cursor to the results list."""
        self.post_message(self.ToResults())
