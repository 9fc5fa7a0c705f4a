"""The filter box above the headline list."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Self

from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Input

from tui_paper import gc_pause


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

    def __init__(
        self, *, id: str | None = None, on_change: Callable[[str], None] | None = None
    ) -> None:
        """``on_change`` is called with the new text of every edit, before the next paint."""
        super().__init__(placeholder="筛选：输入字词，空格分隔", id=id, compact=True)
        self._on_change = on_change

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Repaint without a new layout when only the text changed.

        ``Input`` asks for a layout on every edit (its virtual size follows its text); this
        box has the width of its pane and one line, so nothing around it can move, and a
        layout of the whole screen per keystroke would delay the results it is there to show.
        """
        if layout and not self.styles.auto_dimensions:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Hand the new text straight to ``on_change``.

        Handled here, in the box's own message queue, rather than after bubbling up to the
        screen: the results are then ready in the same frame as the typed character, instead
        of the character being painted first and the results a frame or two later.
        """
        if self._on_change is not None and event.input is self:
            event.stop()
            # no collection between the keystroke and the frame with its results
            gc_pause.pause()
            self.call_after_refresh(gc_pause.resume)
            self._on_change(event.value)

    def on_unmount(self) -> None:
        """Never leave the collector paused behind (an app closing before its next frame)."""
        gc_pause.resume()

    def action_clear_filter(self) -> None:
        """Empty the box and tell the screen."""
        self.value = ""
        self.post_message(self.Cleared())

    def action_to_results(self) -> None:
        """Hand the cursor to the results list."""
        self.post_message(self.ToResults())
