"""The facets dialog: people, places and organisations named in the issue, with counts.

The counts are computed in a thread worker (jieba's part-of-speech tagger takes about a
second); choosing one closes the dialog with the articles that name it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui_paper.paths import styles_dir
from tui_paper.widgets.safe_text import clean

if TYPE_CHECKING:
    from tui_paper.search import Facets

#: how each facet kind is headed in the dialog
KIND_LABELS = {"people": "人物", "places": "地点", "organizations": "机构"}
#: entries shown per kind
PER_KIND = 30


@dataclass(frozen=True, slots=True)
class FacetChoice:
    """What the reader chose: a kind, a name, and the articles naming it."""

    kind: str
    name: str
    articles: tuple[str, ...]

    @property
    def label(self) -> str:
        """``人物：金壮龙``."""
        return f"{KIND_LABELS.get(self.kind, self.kind)}：{self.name}"


class FacetsScreen(ModalScreen[FacetChoice | None]):
    """Lists the facets once computed; enter chooses one, escape closes."""

    # Loaded when the dialog first opens, so start-up never parses it.
    CSS_PATH: ClassVar = [str(styles_dir() / "dialogs.tcss")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f", "close", "Close", id="facets.close"),
        Binding("j", "cursor('down')", "Down", show=False, id="facets.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="facets.up"),
    ]

    def __init__(self, compute: Callable[[Callable[[], bool]], Facets]) -> None:
        super().__init__()
        self._compute = compute
        self._choices: dict[str, FacetChoice] = {}

    def compose(self) -> ComposeResult:
        """A heading, a waiting note, and the list."""
        with Vertical(id="facets-box"):
            yield Static(Content.styled("人物 · 地点 · 机构", "bold"), id="facets-title")
            yield Static(Content.styled("正在统计……", "$text-muted"), id="facets-wait")
            yield OptionList(id="facets-list", markup=False)

    def on_mount(self) -> None:
        """Start counting in a thread."""
        self.query_one("#facets-list", OptionList).display = False
        self._count()

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False)
    def _count(self) -> None:
        worker = get_current_worker()
        facets = self._compute(lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, facets)

    def _show(self, facets: Facets) -> None:
        from tui_paper.search import FACET_KINDS

        options: list[Option] = []
        for kind in FACET_KINDS:
            entries = facets.entries(kind)[:PER_KIND]
            heading = Content.assemble((KIND_LABELS[kind], "bold $accent"))
            options.append(Option(heading, id=f"kind-{kind}", disabled=True))
            if not entries:
                options.append(Option(Content.styled("  （无）", "$text-muted"), disabled=True))
            for entry in entries:
                key = f"{kind}:{entry.name}"
                self._choices[key] = FacetChoice(kind, entry.name, entry.articles)
                prompt = (
                    Content("  ")
                    + Content(clean(entry.name))
                    + Content.styled(f"  {entry.count}", "$text-muted")
                )
                options.append(Option(prompt, id=key))
        listing = self.query_one("#facets-list", OptionList)
        listing.set_options(options)
        listing.display = True
        self.query_one("#facets-wait").display = False
        listing.focus()
        listing.action_first()

    def action_cursor(self, direction: str) -> None:
        """j/k move like the arrows."""
        listing = self.query_one("#facets-list", OptionList)
        if direction == "down":
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    @on(OptionList.OptionSelected, "#facets-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = self._choices.get(event.option.id or "")
        if choice is not None:
            self.dismiss(choice)

    def action_close(self) -> None:
        """Close without choosing."""
        self.workers.cancel_group(self, "facets")
        self.dismiss(None)
