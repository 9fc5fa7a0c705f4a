"""The key bar at the bottom: the main keys of whatever has the focus, on one line.

A lighter stand-in for Textual's ``Footer``: one widget drawing one line, instead of a widget
per key rebuilt on every focus change, which keeps start-up and keystrokes quick.
"""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class _KeyPlace(NamedTuple):
    start: int
    end: int
    key: str


class KeyBar(Widget):
    """Shows every active binding whose ``show`` is true; a click presses the key."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._places: list[_KeyPlace] = []

    def on_mount(self) -> None:
        """Redraw whenever the screen's bindings change (focus moved, screen switched)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def render(self) -> Content:
        """`key description` pairs in binding order, one per action."""
        parts: list[Content] = []
        self._places = []
        seen: set[str] = set()
        x = 0
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key_text = f" {self.app.get_key_display(binding)} "
            piece = Content.styled(key_text, "bold $footer-key-foreground") + Content(
                f"{binding.description} "
            )
            if not active.enabled:
                piece = piece.stylize("dim")
            self._places.append(_KeyPlace(x, x + piece.cell_length, binding.key.split(",")[0]))
            x += piece.cell_length
            parts.append(piece)
        return Content("").join(parts)

    def on_click(self, event: events.Click) -> None:
        """Press the key under the pointer."""
        for place in self._places:
            if place.start <= event.x < place.end:
                self.app.simulate_key(place.key)
                return
