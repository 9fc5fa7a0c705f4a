"""Search across every issue of a library: a query box, hits across dates, snippets.

Queries run in a thread worker against the archive index (jieba loads on the first one),
so typing never waits. The index may still be building: the status line says how far it got
and the hits are looked up again each time another issue is indexed. Enter opens a hit: the
dialog closes with it and the app shows the article in its issue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui_paper.screens.library_events import IndexProgressed, IndexStatus
from tui_paper.session import describe_date
from tui_paper.widgets.list_keys import list_bindings

if TYPE_CHECKING:
    from tui_paper.archive_index import ArchiveHit, ArchiveIndex

#: hits asked of the index per query
HIT_LIMIT = 50
MATCH_STYLE = "bold reverse"


def highlighted(text: str, words: tuple[str, ...], style: str = "") -> Content:
    """``text`` as plain Content (never markup) with every occurrence of ``words`` marked.

    ``words`` are casefolded (as :class:`~tui_paper.archive_index.ArchiveHit` carries them);
    matching is on the casefolded text, whose positions equal the original's for Chinese
    and ordinary Latin text.
    """
    content = Content.styled(text, style) if style else Content(text)
    folded = text.casefold()
    if len(folded) != len(text):
        return content  # a length-changing fold (ß): show the text unmarked, never misplaced
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        start = folded.find(word)
        while start != -1:
            content = content.stylize(MATCH_STYLE, start, start + len(word))
            start = folded.find(word, start + len(word))
    return content


def hit_prompt(hit: ArchiveHit, width: int) -> Content:
    """Three lines: where (date, paper, page), the title, the snippet; each fits ``width``."""
    where = f"{describe_date(hit.date)}  {hit.paper or ''}  第{hit.page}版".replace("  第", " 第")
    lines = [
        Content.styled(where.strip(), "$text-muted"),
        highlighted(hit.title or "（无题）", hit.words, "bold"),
        highlighted(hit.snippet, hit.words, "$text-muted"),
    ]
    return Content("\n").join(line.truncate(max(4, width), ellipsis=True) for line in lines)


class HitList(OptionList, inherit_bindings=False):
    """The hits of the last query (option id = position in the hit list)."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("archive")


class ArchiveSearchScreen(ModalScreen["ArchiveHit | None"]):
    """The search dialog; dismissed with the chosen hit, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="archive.close"),
        Binding("tab", "switch_focus", "Query/hits", show=False, id="archive.switch"),
    ]

    def __init__(self, index: ArchiveIndex | None, query: str, status: IndexStatus | None) -> None:
        super().__init__()
        self._index = index
        self._initial = query
        self._status = status
        self._hits: list[ArchiveHit] = []
        #: the query whose hits are shown
        self.shown_query = ""
        #: what is in the query box (kept after the dialog closes, to offer it again)
        self.typed = query
        self._searching = False
        self._indexed_seen = status.indexed if status is not None else 0

    def compose(self) -> ComposeResult:
        """Query box, status line, hits."""
        with Vertical(id="archive-box"):
            yield Static(Content.styled("搜索全部期次", "bold"), id="archive-title")
            yield Input(
                value=self._initial,
                placeholder="输入字词，空格分隔（enter 打开第一条）",
                id="archive-query",
            )
            yield Static("", id="archive-status", markup=False)
            yield HitList(id="archive-hits", markup=False)

    @property
    def query_box(self) -> Input:
        """The query input."""
        return self.query_one("#archive-query", Input)

    @property
    def hit_list(self) -> HitList:
        """The list of hits."""
        return self.query_one(HitList)

    @property
    def hits(self) -> list[ArchiveHit]:
        """The hits shown, best first."""
        return list(self._hits)

    def on_mount(self) -> None:
        """Focus the query; search at once when a query is carried over."""
        self.query_box.focus()
        self._show_status()
        if self._initial.strip():
            self._run(self._initial)
        else:
            self._show_hint()

    # -- searching -----------------------------------------------------------------------

    @on(Input.Changed, "#archive-query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.typed = event.value
        if event.value.strip():
            self._run(event.value)
        else:
            self.workers.cancel_group(self, "archive-search")
            self._hits = []
            self.shown_query = ""
            self._show_hint()

    def _run(self, query: str) -> None:
        if self._index is None:
            self._set_note("搜索索引不可用")
            return
        self._searching = True
        self._show_status()
        self._search(query)

    @work(thread=True, exclusive=True, group="archive-search", exit_on_error=False)
    def _search(self, query: str) -> None:
        """Ask the index, off the UI thread (the first query loads jieba)."""
        index = self._index
        if index is None:
            return
        worker = get_current_worker()
        try:
            hits = index.search(query, limit=HIT_LIMIT)
        except Exception as exc:  # a damaged index file: say so, keep the dialog usable
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, str(exc))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_hits, query, hits)

    def _failed(self, message: str) -> None:
        self._searching = False
        self._set_note(f"搜索出错：{message}")
        self._show_status()

    def _width(self) -> int:
        width = self.hit_list.scrollable_content_region.width
        return width - 2 if width > 6 else 60

    def _show_hits(self, query: str, hits: list[ArchiveHit]) -> None:
        if query != self.query_box.value:
            return  # typed on since: a newer search is on its way
        self._searching = False
        self._hits = hits
        self.shown_query = query
        listing = self.hit_list
        if not hits:
            self._set_note("没有找到")
        else:
            width = self._width()
            options: list[Option | None] = []
            for n, hit in enumerate(hits):
                if n:
                    options.append(None)  # a rule between hits
                options.append(Option(hit_prompt(hit, width), id=str(n)))
            listing.set_options(options)
            listing.action_first()
        self._show_status()

    def _set_note(self, text: str) -> None:
        self.hit_list.set_options([Option(Content.styled(text, "$text-muted"), disabled=True)])

    def _show_hint(self) -> None:
        self._set_note("按日期、标题和正文搜索本书库的每一期")
        self._show_status()

    def _show_status(self) -> None:
        parts: list[str] = []
        if self._searching:
            parts.append("搜索中……")
        elif self.shown_query:
            parts.append(
                f"{len(self._hits)}条结果"
                + ("（只列出最相关的）" if len(self._hits) >= HIT_LIMIT else "")
            )
        if self._status is not None:
            parts.append(self._status.text)
        self.query_one("#archive-status", Static).update(
            Content.styled("  ·  ".join(parts), "$text-muted")
        )

    def on_index_progressed(self, event: IndexProgressed) -> None:
        """More of the library is searchable: say so and look the query up again."""
        status = self._status = event.status
        self._show_status()
        query = self.query_box.value
        grew = status.indexed != self._indexed_seen
        self._indexed_seen = status.indexed
        if query.strip() and grew:
            self._run(query)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the hit lines to the new width."""
        if self._hits:
            self._show_hits(self.shown_query, self._hits)

    # -- choosing ------------------------------------------------------------------------

    @on(Input.Submitted, "#archive-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._hits and self.shown_query == event.value:
            self.dismiss(self._hits[0])

    @on(OptionList.OptionSelected, "#archive-hits")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and event.option.id.isdigit():
            n = int(event.option.id)
            if n < len(self._hits):
                self.dismiss(self._hits[n])

    def on_key(self, event: events.Key) -> None:
        """Down in the query box moves to the hits."""
        if event.key == "down" and self.focused is self.query_box and self._hits:
            event.stop()
            self.hit_list.focus()

    def action_switch_focus(self) -> None:
        """Tab: between the query and the hits."""
        if self.focused is self.query_box:
            self.hit_list.focus()
        else:
            self.query_box.focus()

    def action_close(self) -> None:
        """Close without opening anything."""
        self.workers.cancel_group(self, "archive-search")
        self.dismiss(None)
