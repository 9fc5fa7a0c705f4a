"""The issue screen: masthead, page tabs, headline list and article view, and their keys.

The screen coordinates: widgets post messages about what happened (an article was chosen, a
link was followed, the filter changed) and the screen decides what every widget shows, keeps
the jump history and switches between the side-by-side and the one-pane layout.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import Worker, get_current_worker

from tui_paper.model import Article, Issue, Link, Page
from tui_paper.screens.first_resume import StyledOnMount
from tui_paper.widgets.article_view import ArticleView
from tui_paper.widgets.headline_list import MAX_SHOWN, HeadlineList, Highlighter
from tui_paper.widgets.key_bar import KeyBar
from tui_paper.widgets.masthead_band import MastheadBand
from tui_paper.widgets.page_tabs import PageTabs
from tui_paper.widgets.safe_text import clean

if TYPE_CHECKING:
    from textual.command import Provider

    from tui_paper.screens.facets_screen import FacetChoice
    from tui_paper.screens.filtering import FilterEngine, SubstringFilter
    from tui_paper.search import Facets, IssueSearch
    from tui_paper.widgets.filter_bar import FilterBar


def _headline_commands() -> type[Provider]:
    # Imported when the palette first opens, not at start-up.
    from tui_paper.screens.headline_commands import HeadlineCommands

    return HeadlineCommands


#: from this many columns on, the list and the article sit side by side
WIDE_LAYOUT_MIN = 100


#: seconds after the last change of the filter before the word indexer carries on
_TYPING_PAUSE = 1.0

#: the status line while jieba loads and indexes the issue
_SEGMENTING = "分词准备中…（暂按字面筛选）"


def _status_text(text: str) -> Content:
    return Content.styled(text, "$text-muted") if text else Content("")


def _has_terms(q: str) -> bool:
    """Whether the query holds any term (what ``filtering.split_terms`` would return).

    ``str.split`` also splits at the ideographic space, as the filter does; asked here so
    the filtering module is imported when the filter is first used, not at start-up.
    """
    return bool(q.split())


def _breakpoint_class(width: int) -> str:
    """The class ``HORIZONTAL_BREAKPOINTS`` gives a screen ``width`` columns wide."""
    return "-wide" if width >= WIDE_LAYOUT_MIN else "-narrow"


class Place(NamedTuple):
    """Where the reader was: one entry of the jump history."""

    page: int
    article: str | None
    merged: bool
    #: how far the article was scrolled, so back returns to the same lines
    scroll_y: float = 0.0


class IssueScreen(StyledOnMount, Screen[None]):
    """Reading one issue."""

    COMMANDS: ClassVar = {_headline_commands}
    # Textual sets one of these classes from the terminal width, on every resize.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_LAYOUT_MIN, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "]",
            "next_page",
            "Pages",
            key_display="] [",
            id="page.next",
            tooltip="Next page (] ) and previous page ([)",
        ),
        Binding("[", "previous_page", "Prev page", show=False, id="page.previous"),
        *(
            Binding(str(n), f"goto_page({n})", f"Page {n}", show=False, id=f"page.{n}")
            for n in range(1, 10)
        ),
        Binding(
            "space,pagedown",
            "page_down",
            "Page down",
            show=False,
            id="article.page-down",
            tooltip="Scroll the article a page on",
        ),
        Binding(
            "pageup",
            "page_up",
            "Page up",
            show=False,
            id="article.page-up",
            tooltip="Scroll the article a page back",
        ),
        Binding(
            "c",
            "follow",
            "Continue",
            id="article.follow",
            tooltip="Follow the article's continuation (下转), else its see-also",
        ),
        Binding(
            "backspace,b",
            "back",
            "Back",
            id="history.back",
            tooltip="Go back along the jump history",
        ),
        Binding(
            "m",
            "merged",
            "Story",
            id="article.merged",
            tooltip="Whole story: all parts in reading order (again: one part)",
        ),
        Binding(
            "/",
            "filter",
            "Filter",
            id="filter.focus",
            tooltip="Filter headlines of all pages (terms separated by spaces)",
        ),
        Binding(
            "n",
            "next_match",
            "Next match",
            show=False,
            id="article.next-match",
            tooltip="Next highlighted match in the open article",
        ),
        Binding(
            "N",
            "previous_match",
            "Previous match",
            show=False,
            id="article.previous-match",
            tooltip="Previous highlighted match in the open article",
        ),
        Binding(
            "f",
            "facets",
            "People",
            show=False,
            id="facets.open",
            tooltip="People, places, organisations of the issue; choose one to filter",
        ),
        Binding(
            "escape",
            "escape",
            "Back out",
            id="screen.escape",
            tooltip="Back out: article → list, then clear the filter",
        ),
    ]

    def __init__(
        self,
        issue: Issue,
        *,
        start_page: int | None = None,
        start_article: str | None = None,
        background_work: bool = True,
    ) -> None:
        super().__init__()
        #: False for headless screenshots: no segmenter warm-up, no keywords, no facets
        self.background_work = background_work
        #: the jieba-backed search once its index is built (None until then)
        self.search: IssueSearch | None = None
        self.issue = issue
        first = issue.pages[0].number if issue.pages else 0
        self.current_page = start_page if start_page is not None else first
        self._start_article = start_article
        self.history: list[Place] = []
        # built on first use: lower-casing every article's text is not start-up work
        self._engine: FilterEngine | None = None
        #: articles by id: ``Issue.article`` scans, which a filter over 10,000 hits cannot afford
        self.article_by_id: dict[str, Article] = {a.id: a for a in issue.articles}
        # Kept at hand: check_action runs for every binding on every refresh, too often
        # for DOM queries.
        self._headlines = HeadlineList(id="headlines")
        # The list takes the focus as the screen mounts (on_mount). Marked focused now, it is
        # styled once, as focused, rather than styled and restyled before the first frame.
        self._headlines.set_reactive(HeadlineList.has_focus, True)
        self._article_view = ArticleView(issue, id="article")
        self._filter_query = ""
        #: when the filter last changed (monotonic): the word indexer pauses while typing
        self._typed_at = 0.0
        # The breakpoint class Textual would set on the first resize, set now: the first
        # frame is then styled and laid out for this width once, not restyled right after.
        # (No style update here: the screen is styled when it is mounted.)
        self.add_class(_breakpoint_class(self.app.size.width), update=False)
        self._expect_layout(self.app.size.width, self.app.size.height)

    # -- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Masthead, tabs, the list pane and the footer (the article pane follows, on_mount)."""
        # The status line is part of the first frame while jieba gets ready (shown later, it
        # would lay the list out again); its text and class are set before it mounts, so
        # it is styled once.
        busy = _SEGMENTING if self.background_work else ""
        yield MastheadBand(self.issue, id="masthead")
        yield PageTabs(self.issue.pages, id="tabs")
        with Horizontal(id="panes"), Vertical(id="list-pane"):
            # the filter box is mounted on first use: nothing to build before the list
            yield self._headlines
            yield Static(
                _status_text(busy), id="status", classes="-shown" if busy else "", markup=False
            )
        yield KeyBar(id="keys")

    def _expect_layout(self, width: int, height: int) -> None:
        """Tell the panes the sizes the first layout will give them (mirrors issue.tcss)."""
        if width >= WIDE_LAYOUT_MIN:
            pane = min(56, max(34, width * 2 // 5))  # #list-pane: 40%, min 34, max 56 columns
            list_width, article_width = pane - 1, width - pane  # less the pane's right border
        else:
            list_width = article_width = width
        # less the masthead, the tabs and their margin, the key bar and the status line
        list_height = height - 4 - (1 if self.background_work else 0)
        self._headlines.expect_size(list_width, list_height)
        self._article_view.expect_width(article_width)

    @property
    def headlines(self) -> HeadlineList:
        """The headline list."""
        return self._headlines

    @property
    def article_view(self) -> ArticleView:
        """The article view."""
        return self._article_view

    @property
    def filter_bar(self) -> FilterBar:
        """The filter box (mounted above the list the first time it is asked for)."""
        from tui_paper.widgets.filter_bar import FilterBar  # first use only

        found = self.query("#filter")
        if found:
            return found.first(FilterBar)
        bar = FilterBar(id="filter", on_change=self.apply_filter)
        bar.display = False
        self.query_one("#list-pane").mount(bar, before=self.headlines)
        return bar

    @property
    def engine(self) -> FilterEngine:
        """The search behind the filter: substring matching until the word index is ready."""
        if self._engine is None:
            from tui_paper.screens.filtering import SubstringFilter

            self._engine = SubstringFilter(self.issue)
        return self._engine

    @engine.setter
    def engine(self, engine: FilterEngine) -> None:
        self._engine = engine

    @property
    def narrow(self) -> bool:
        """True when one pane is shown at a time."""
        return self.app.size.width < WIDE_LAYOUT_MIN

    @property
    def reading(self) -> bool:
        """True when the article pane is the one shown (narrow layout)."""
        return self.has_class("-reading")

    @property
    def filtering(self) -> bool:
        """True while the filter box is open."""
        return self.has_class("-filtering")

    def on_mount(self) -> None:
        """Show the first page (or the requested one) and focus the list."""
        if not self.issue.pages:
            self.article_view.show_hint("这一期没有任何版面。")
        self.show_page(self.current_page)
        self.headlines.focus()
        if self._start_article is not None:
            self.open_article(self._start_article)
        # The headlines paint without waiting for the article view (as Textual's Lazy
        # does, but never into panes already taken down when the app quits at once): it
        # keeps what it is asked to show until then.
        self.call_after_refresh(self._mount_article_view)
        if self.background_work:
            # jieba starts after the first paint, never delaying it
            self.call_after_refresh(self._prepare_search)

    def _mount_article_view(self) -> None:
        panes = self.query_one("#panes", Horizontal)
        if panes.is_attached and not self._article_view.is_attached:
            panes.mount(self._article_view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide escape when there is nothing to back out of; dim keys with nothing to do."""
        if action == "escape":
            return (self.narrow and self.reading) or self.filtering or self._article_focused()
        if action == "follow":
            art = self.article_view.article
            return True if art is not None and art.links else None
        if action == "back":
            return True if self.history else None
        return True

    def _article_focused(self) -> bool:
        focused = self.focused
        view = self.article_view
        return focused is not None and (focused is view or view in focused.ancestors)

    def on_resize(self, event: events.Resize) -> None:
        """Keep the focus on a pane that is shown after the layout switched."""
        focused = self.focused
        if self.narrow and self.reading and focused is self.headlines:
            self.call_after_refresh(self.article_view.focus)
        self.refresh_bindings()

    # -- pages ---------------------------------------------------------------------------

    def _page_numbers(self) -> list[int]:
        return [p.number for p in self.issue.pages]

    def show_page(self, number: int, *, keep: str | None = None) -> None:
        """Make ``number`` the current page and list its headlines."""
        page = self.issue.page(number)
        if page is None:
            return
        if self.filtering:
            self._close_filter()
        self.current_page = number
        self.query_one(PageTabs).current = number
        self.headlines.show_page(page, keep=keep)
        if keep is None:
            self._leave_reading()
            self._page_hint(page)

    def _page_hint(self, page: Page) -> None:
        count = len(page.articles)
        name = f"第{page.code or page.number}版{' ' + page.label if page.label else ''}"
        if not page.articles and page.loose_text:
            # A page printed without headlines: its text is all there is, so show it.
            self.article_view.show_loose_text(
                f"{name}：本版没有标题，以下是版面文字。", page.loose_text
            )
            self.add_class("-reading")
            self.refresh_bindings()
            return
        self.article_view.show_hint(
            f"{name}：{count}篇。按 enter 打开标题，按 ] 和 [ 翻版，按 / 筛选，按 ? 查看全部按键。"
        )

    def action_next_page(self) -> None:
        """Go to the next page present."""
        later = [n for n in self._page_numbers() if n > self.current_page]
        if later:
            self.show_page(later[0])

    def action_previous_page(self) -> None:
        """Go to the previous page present."""
        earlier = [n for n in self._page_numbers() if n < self.current_page]
        if earlier:
            self.show_page(earlier[-1])

    def action_goto_page(self, number: int) -> None:
        """Go to the page with this number, or say it is not in the issue."""
        if self.issue.page(number) is None:
            self.notify(f"本期没有第{number}版", severity="warning", markup=False)
            return
        self.show_page(number)

    @on(PageTabs.PageChosen)
    def _tab_clicked(self, event: PageTabs.PageChosen) -> None:
        self.show_page(event.number)

    # -- articles ------------------------------------------------------------------------

    def _here(self) -> Place:
        view = self.article_view
        art = view.article
        return Place(self.current_page, art.id if art else None, view.merged, view.scroll_y)

    def open_article(self, article_id: str, *, record: bool = False, merged: bool = False) -> None:
        """Show an article; ``record`` remembers where the reader was, for ``back``."""
        art = self.article_by_id.get(article_id)
        if art is None:
            return
        if record:
            self.history.append(self._here())
        if self.filtering and article_id in self.headlines.article_ids:
            self.headlines.select_article(article_id)
        elif art.page != self.current_page or self.filtering:
            self.show_page(art.page, keep=art.id)
        else:
            self.headlines.select_article(art.id)
        self.article_view.show_article(art, merged=merged, highlighter=self._highlighter())
        self.headlines.mark_opened(art)
        self.add_class("-reading")
        if self.narrow:
            self.article_view.focus()
        self.refresh_bindings()
        self.on_article_shown(art)

    def on_article_shown(self, article: Article) -> None:
        """Ask for the article's keywords once the search can say them."""
        if self.search is not None and self.background_work:
            self._compute_keywords(article.id)

    def _leave_reading(self) -> None:
        focus_list = self.reading and self.narrow
        self.remove_class("-reading")
        self.refresh_bindings()
        if focus_list:
            self.headlines.focus()

    @on(HeadlineList.ArticleChosen)
    def _article_chosen(self, event: HeadlineList.ArticleChosen) -> None:
        self.open_article(event.article_id)

    @on(ArticleView.JumpRequested)
    def _jump(self, event: ArticleView.JumpRequested) -> None:
        self.follow_link(event.link)

    def follow_link(self, link: Link) -> None:
        """Jump along a continuation or see-also link, remembering where the reader was."""
        if link.article is not None and self.article_by_id.get(link.article) is not None:
            self.open_article(link.article, record=True)
        elif self.issue.page(link.page) is not None:
            self.history.append(self._here())
            self.show_page(link.page)
        else:
            self.notify(f"第{link.page}版不在本期", severity="warning", markup=False)

    def action_follow(self) -> None:
        """Follow the open article's continuation, else its see-also, else where it came from."""
        art = self.article_view.article
        if art is None:
            self.notify("先打开一篇文章", markup=False)
            return
        candidates = [art.continues_to, *art.see_also, art.continued_from]
        usable = [lk for lk in candidates if lk is not None]
        if not usable:
            self.notify("这篇文章没有转版或相关报道", markup=False)
            return
        resolvable = [lk for lk in usable if self.issue.page(lk.page) is not None]
        self.follow_link(resolvable[0] if resolvable else usable[0])

    def action_back(self) -> None:
        """Go back along the jump history."""
        if not self.history:
            self.notify("没有可以返回的跳转", markup=False)
            return
        place = self.history.pop()
        if place.article is not None:
            self.open_article(place.article, merged=place.merged)
            self.article_view.restore_scroll(place.scroll_y)
        else:
            self.show_page(place.page)

    def action_merged(self) -> None:
        """Show the whole story merged from its parts, or the single part again."""
        view = self.article_view
        art = view.article
        if art is None:
            chosen = self.headlines.highlighted_article_id
            if chosen is None:
                return
            self.open_article(chosen, merged=True)
        else:
            self.open_article(art.id, merged=not view.merged)
        shown = self.article_view.article
        merged = self.article_view.merged
        if shown is not None and merged and len(self.issue.story_parts(shown.id)) < 2:
            self.notify("这篇文章没有转版，全文就在本版", markup=False)

    def action_page_down(self) -> None:
        """Scroll the article a page on (or the list, when only the list is shown)."""
        if self.narrow and not self.reading:
            self.headlines.action_page_down()  # type: ignore[no-untyped-call]
        else:
            self.article_view.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        """Scroll the article a page back (or the list, when only the list is shown)."""
        if self.narrow and not self.reading:
            self.headlines.action_page_up()  # type: ignore[no-untyped-call]
        else:
            self.article_view.scroll_page_up(animate=False)

    def action_escape(self) -> None:
        """Back out one level: article → list, then an active filter → the page."""
        if self.narrow and self.reading:
            self._leave_reading()
        elif not self.narrow and self._article_focused():
            self.headlines.focus()
        elif self.filtering:
            self._close_filter()
            self.headlines.focus()

    # -- filter --------------------------------------------------------------------------

    def action_filter(self) -> None:
        """Open and focus the filter box."""
        self._leave_reading()
        bar = self.filter_bar
        bar.display = True
        self.add_class("-filtering")
        bar.focus()
        self.refresh_bindings()

    def _highlighter(self) -> Highlighter | None:
        q = self._filter_query
        if not self.filtering or not _has_terms(q):
            return None
        engine = self.engine
        return lambda text: engine.highlight_spans(text, q)

    def apply_filter(self, query: str) -> None:
        """Narrow the list to the articles matching ``query``, grouped by page."""
        self._filter_query = query
        self._typed_at = time.monotonic()
        if not _has_terms(query):
            page = self.issue.page(self.current_page)
            if page is not None:
                self.headlines.show_page(page)
            return
        hits = list(self.engine.query(query, MAX_SHOWN + 1))
        more = len(hits) > MAX_SHOWN
        hits = hits[:MAX_SHOWN]
        by_page: dict[int, list[Article]] = {}
        for hit in hits:
            art = self.article_by_id.get(hit.id)
            if art is not None:
                by_page.setdefault(art.page, []).append(art)
        groups: Sequence[tuple[Page, list[Article]]] = [
            (page, by_page[page.number]) for page in self.issue.pages if page.number in by_page
        ]
        if self.engine.is_word_mode:
            # Ranked engines: the page holding the best hit comes first.
            rank = {n: i for i, n in enumerate(dict.fromkeys(h.page for h in hits))}
            groups = sorted(groups, key=lambda g: rank.get(g[0].number, 0))
        self.headlines.show_results(groups, self._highlighter(), more=more)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        ids = self.headlines.article_ids
        if ids:
            self.open_article(ids[0])
            if not self.narrow:
                self.headlines.focus()

    def on_filter_bar_cleared(self) -> None:
        """Escape in the filter box: the page comes back."""
        self._close_filter()
        self.headlines.focus()

    def on_filter_bar_to_results(self) -> None:
        """Down in the filter box: into the results."""
        self.headlines.focus()

    def _close_filter(self) -> None:
        if not self.query("#filter"):
            return
        bar = self.filter_bar
        bar.display = False
        self.remove_class("-filtering")
        self.refresh_bindings()
        self._filter_query = ""
        with bar.prevent(Input.Changed):
            bar.value = ""
        page = self.issue.page(self.current_page)
        if page is not None:
            art = self.article_view.article
            keep = art.id if art is not None and art.page == page.number else None
            self.headlines.show_page(page, keep=keep)

    # -- word search, keywords, facets, matches -------------------------------------------

    @property
    def status(self) -> Static:
        """The quiet status line under the list."""
        return self.query_one("#status", Static)

    def _set_status(self, text: str) -> None:
        self.status.update(_status_text(text))
        self.status.set_class(bool(text), "-shown")

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _prepare_search(self) -> None:
        """Load jieba and index the issue, off the UI thread."""
        from tui_paper.screens.filtering import SubstringFilter

        worker = get_current_worker()
        if self._engine is None:
            # Lower-casing every article for the substring filter here, not on the first
            # keystroke (half a second on a 10,000-article issue).
            substring = SubstringFilter(self.issue)
            if not worker.is_cancelled:
                self.app.call_from_thread(self._substring_ready, substring)
        try:
            from tui_paper.search import IssueSearch

            search = IssueSearch(self.issue)
            ready = search.prepare(should_cancel=lambda: self._pause_while_typing(worker))
        except Exception as exc:  # jieba missing or broken: substring filtering stays
            if not worker.is_cancelled:
                self.app.call_from_thread(self._search_failed, exc)
            return
        if ready and not worker.is_cancelled:
            self.app.call_from_thread(self._search_ready, search)

    def _pause_while_typing(self, worker: Worker[None]) -> bool:
        """Called by the indexer between articles: wait while the reader types; cancelled?

        Segmenting competes with the UI thread for the interpreter, which made every
        keystroke in the filter several times slower; the index can wait a moment.
        """
        while time.monotonic() - self._typed_at < _TYPING_PAUSE and not worker.is_cancelled:
            time.sleep(0.05)
        return worker.is_cancelled

    def _substring_ready(self, engine: SubstringFilter) -> None:
        if self._engine is None:  # else a keystroke came first and built its own
            self._engine = engine

    def _search_failed(self, exc: Exception) -> None:
        self.log.error("word search unavailable", exc)
        self._set_status("分词不可用，按字面筛选")

    def _search_ready(self, search: IssueSearch) -> None:
        from tui_paper.screens.filtering import WordFilter

        self.search = search
        self.engine = WordFilter(search)
        self._set_status("")
        if self.filtering and _has_terms(self._filter_query):
            self.apply_filter(self._filter_query)
        art = self.article_view.article
        if art is not None:
            self._compute_keywords(art.id)

    @work(thread=True, exclusive=True, group="keywords", exit_on_error=False)
    def _compute_keywords(self, article_id: str) -> None:
        """TF-IDF keywords of one article, off the UI thread."""
        search = self.search
        if search is None:
            return
        words = search.keywords(article_id, 6)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_keywords, article_id, words)

    def _show_keywords(self, article_id: str, words: list[str]) -> None:
        art = self.article_view.article
        if art is not None and art.id == article_id:
            self.article_view.set_keywords(words)

    def _facets(self, should_cancel: Callable[[], bool]) -> Facets:
        """Compute the facets (called in the dialog's worker thread)."""
        from tui_paper.search import IssueSearch

        search = self.search if self.search is not None else IssueSearch(self.issue)
        return search.facets(should_cancel)

    def action_facets(self) -> None:
        """Open the people/places/organisations dialog."""
        from tui_paper.screens.facets_screen import FacetsScreen  # first use only

        self.app.push_screen(FacetsScreen(self._facets), self._facet_chosen)

    def _facet_chosen(self, choice: FacetChoice | None) -> None:
        if choice is None:
            return
        self._leave_reading()
        bar = self.filter_bar
        bar.display = True
        self.add_class("-filtering")
        with bar.prevent(Input.Changed):
            bar.value = choice.name
        self._filter_query = choice.name
        wanted = set(choice.articles)
        groups = [
            (page, [a for a in page.articles if a.id in wanted])
            for page in self.issue.pages
            if any(a.id in wanted for a in page.articles)
        ]
        self.headlines.show_results(groups, self._highlighter())
        self.headlines.focus()
        self.notify(clean(choice.label), markup=False)

    def action_next_match(self) -> None:
        """Scroll to the next highlighted match in the open article."""
        self._goto_match(1)

    def action_previous_match(self) -> None:
        """Scroll to the previous highlighted match in the open article."""
        self._goto_match(-1)

    def _goto_match(self, step: int) -> None:
        view = self.article_view
        index = view.goto_match(step)
        if index is None:
            self.notify("没有高亮的匹配：先用 / 筛选再打开文章", markup=False)
        else:
            self._set_status(f"匹配 {index + 1}/{view.match_count}")
