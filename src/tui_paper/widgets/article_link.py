"""A focusable link inside the article view: a continuation (`下转第2版 ›`) or a see-also."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tui_paper.model import Link


class ArticleLink(Static, can_focus=True):
    """One link; enter or a click follows it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "follow", "Follow link", id="link.follow"),
    ]

    class Followed(Message):
        """The reader followed this link."""

        def __init__(self, link: Link) -> None:
            self.link = link
            super().__init__()

    def __init__(self, link: Link, label: Content, *, classes: str | None = None) -> None:
        super().__init__(label, classes=classes, markup=False)
        self.link = link

    def action_follow(self) -> None:
        """Tell the article view which link was followed."""
        self.post_message(self.Followed(self.link))

    def on_click(self, event: events.Click) -> None:
        """A click follows the link too."""
        event.stop()
        self.action_follow()
