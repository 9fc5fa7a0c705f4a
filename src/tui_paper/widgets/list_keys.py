"""The keys every list of the app moves and chooses with, under ids of the list's own."""

from __future__ import annotations

from textual.binding import Binding, BindingType


def list_bindings(prefix: str, *, pages: bool = False) -> list[BindingType]:
    """``j``/``k`` and arrows, home, end and enter, with ids ``{prefix}.down`` and so on.

    ``pages`` adds page-down and page-up; a list beside an article leaves them to the
    screen, which scrolls the article with them. The ids are what key overrides in the
    config file name, so they stay as they are.
    """
    keys: list[BindingType] = [
        Binding("down,j", "cursor_down", "Down", show=False, id=f"{prefix}.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id=f"{prefix}.up"),
        Binding("home", "first", "First", show=False, id=f"{prefix}.first"),
        Binding("end", "last", "Last", show=False, id=f"{prefix}.last"),
    ]
    if pages:
        keys += [
            Binding("pagedown", "page_down", "Page down", show=False, id=f"{prefix}.page-down"),
            Binding("pageup", "page_up", "Page up", show=False, id=f"{prefix}.page-up"),
        ]
    keys.append(Binding("enter", "select", "Open", id=f"{prefix}.open"))
    return keys
