"""The help screen: every key of the reading app, grouped by where it works."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_paper.paths import styles_dir
from tui_paper.text.linebreak import cell_width

#: (section title, bindings) pairs; filled by the app from the widgets' own BINDINGS
KeySections = list[tuple[str, list[Binding]]]


def _bindings(items: Iterable[BindingType]) -> list[Binding]:
    return list(Binding.make_bindings(items))


class HelpScreen(ModalScreen[None]):
    """A scrollable list of all keys; escape, ? or q closes it."""

    # Loaded when the dialog first opens, so start-up never parses it.
    CSS_PATH: ClassVar = [str(styles_dir() / "dialogs.tcss")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self._sections = [(title, _bindings(items)) for title, items in sections]

    def _lines(self) -> Content:
        rows: list[Content] = [Content.styled("按键 Keys", "bold"), Content("")]
        for title, bindings in self._sections:
            rows.append(Content.styled(title, "bold $accent"))
            seen: set[str] = set()
            for binding in bindings:
                if not binding.description or binding.description in seen:
                    continue
                keys = [
                    k
                    for b in bindings
                    if b.description == binding.description
                    for k in b.key.split(",")
                ]
                seen.add(binding.description)
                shown = binding.key_display or " ".join(
                    self.app.get_key_display(Binding(k, "")) for k in keys
                )
                pad = " " * max(1, 16 - cell_width(shown))
                words = binding.tooltip or binding.description
                rows.append(Content.assemble(("  ", ""), (shown, "bold"), pad, words))
            rows.append(Content(""))
        return Content("\n").join(rows)

    def compose(self) -> ComposeResult:
        """The key list in a scrolling box."""
        with VerticalScroll(id="help-box"):
            yield Static(self._lines(), id="help-text", markup=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
