"""The article view: kicker, title, subtitle, byline, body, author tag and links.

All text is broken into lines by tui-paper's own breaker (see :mod:`.broken_text`) at a
comfortable measure (at most :data:`MAX_MEASURE` cells, centred in wide terminals) and broken
again whenever the view is resized.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Self

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Resize
from textual.geometry import Region
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tui_paper.model import Article, BlockKind, Issue, Link, LinkKind
from tui_paper.widgets.broken_text import BrokenText
from tui_paper.widgets.safe_text import clean

if TYPE_CHECKING:
    from tui_paper.widgets.article_link import ArticleLink

#: the longest line, in terminal cells: 36 Chinese characters
MAX_MEASURE = 72
#: left plus right padding of the text column, in cells
_COLUMN_PADDING = 4

Highlighter = Callable[[str], list[tuple[int, int]]]

_BLOCK_CLASSES = {
    BlockKind.PARAGRAPH: "paragraph",
    BlockKind.SUBHEAD: "subhead",
    BlockKind.CAPTION: "caption",
}


def page_name(issue: Issue, number: int) -> str:
    """How a page is named in a link: its printed code (``A2``) if it has one, else its number."""
    page = issue.page(number)
    return page.code if page is not None and page.code else str(number)


def link_label(issue: Issue, link: Link) -> Content:
    """The words of a link, e.g. ``下转第2版 › 标题`` or ``‹ 上接第1版``."""
    where = f"第{page_name(issue, link.page)}版"
    target = issue.article(link.article) if link.article else None
    missing = issue.page(link.page) is None
    if link.kind is LinkKind.CONTINUED_FROM:
        label = Content(f"‹ 上接{where}")
    elif link.kind is LinkKind.CONTINUES_TO:
        label = Content(f"下转{where} ›")
    else:
        label = Content(f"相关报道见{where} ›")
    if missing:
        return label + Content.styled("（本期未收录该版）", "$text-muted")
    if target is not None:
        return label + Content.styled(f"  {clean(target.title)}", "$text-muted")
    return label


class ArticleView(VerticalScroll):
    """Shows one article, or a whole story merged from its parts, or a hint when empty.

    The reading screen mounts the view just after its first frame (as Textual's ``Lazy``
    would), so the headlines paint without waiting for it. Until it is mounted, what it is
    asked to show is kept and shown when it mounts, and a request for the focus honoured then.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="article.down"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="article.up"),
    ]

    class JumpRequested(Message):
        """The reader followed a link from the open article to another page or article."""

        def __init__(self, link: Link) -> None:
            self.link = link
            super().__init__()

    def __init__(self, issue: Issue, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._issue = issue
        self.article: Article | None = None
        self.merged = False
        self._highlighter: Highlighter | None = None
        self._measure = MAX_MEASURE
        self._match_index = -1
        #: a scroll position to restore once the new text is laid out (see watch_virtual_size)
        self._pending_scroll: float | None = None
        self._column: Vertical | None = None
        #: what to show once the column is mounted (widgets, column width), if asked before
        self._waiting: tuple[Sequence[Widget], int] | None = None
        self._focus_on_mount = False

    def compose(self) -> ComposeResult:
        """A centred column that holds the text (filled on mount, see _show)."""
        self._column = Vertical(id="column")
        self._column.styles.width = self._measure + _COLUMN_PADDING
        yield self._column

    def on_mount(self) -> None:
        """Show what was asked for before the view was mounted, and take a focus asked for."""
        if self._waiting is not None:
            widgets, width = self._waiting
            self._show(widgets, width)
        if self._focus_on_mount:
            self._focus_on_mount = False
            super().focus()

    def focus(self, scroll_visible: bool = True) -> Self:
        """Focus the view now, or as soon as it is mounted."""
        if not self.is_mounted:
            self._focus_on_mount = True
            return self
        return super().focus(scroll_visible)

    @property
    def column(self) -> Vertical:
        """The centred text column (raises ``NoMatches`` until the view is mounted)."""
        column = self._live_column()
        if column is None:
            raise NoMatches("the article view is not mounted yet")
        return column

    def _live_column(self) -> Vertical | None:
        """The column once it is in the DOM (text can then be mounted into it), else None."""
        column = self._column
        return column if column is not None and column.is_attached else None

    def _show(self, widgets: Sequence[Widget], width: int) -> None:
        """Put ``widgets`` in the column, or keep them until the column is mounted."""
        column = self._live_column()
        if column is None:
            self._waiting = (widgets, width)
            return
        self._waiting = None
        column.styles.width = width
        column.remove_children()
        column.mount_all(widgets)

    # -- measure -------------------------------------------------------------------------

    def _fit_measure(self) -> int:
        available = self.scrollable_content_region.width - _COLUMN_PADDING
        if available <= 0:
            available = self.size.width - _COLUMN_PADDING
        return max(2, min(MAX_MEASURE, available))

    def expect_width(self, width: int) -> None:
        """Tell the view the outer width it will get at its first layout.

        Text shown before then is broken for that width, so the first resize finds nothing
        to break again (the stable scrollbar gutter takes one column).
        """
        self._measure = max(2, min(MAX_MEASURE, width - 1 - _COLUMN_PADDING))

    def on_resize(self, event: Resize) -> None:
        """Break every line again for the new width."""
        self._apply_measure(self._fit_measure())

    def _apply_measure(self, measure: int) -> None:
        self._measure = measure
        column = self.column
        column.styles.width = measure + _COLUMN_PADDING
        for block in column.query(BrokenText):
            block.rebreak(measure)

    # -- content -------------------------------------------------------------------------

    def show_hint(self, text: str) -> None:
        """Show a quiet hint instead of an article."""
        self.article = None
        self.merged = False
        width = self._measure + _COLUMN_PADDING
        column = self._live_column()
        if column is not None and self._waiting is None:
            shown = column.children
            if len(shown) == 1 and isinstance(shown[0], BrokenText) and shown[0].has_class("hint"):
                # A hint replacing a hint (page flips): no unmount and mount, which would
                # lay the column out again after the frame.
                column.styles.width = width
                shown[0].set_text(text, self._measure)
                return
        self._show([BrokenText(text, self._measure, classes="hint")], width)

    def show_loose_text(self, heading: str, paragraphs: Sequence[str]) -> None:
        """Show text that belongs to no article (a page printed without headlines)."""
        self.article = None
        self.merged = False
        measure = self._measure = self._fit_measure() if self.size.width else self._measure
        widgets = [BrokenText(heading, measure, classes="hint")]
        widgets += [BrokenText(text, measure, classes="paragraph") for text in paragraphs]
        self._show(widgets, measure + _COLUMN_PADDING)
        if self.is_mounted:
            self.scroll_home(animate=False, immediate=True)

    def restore_scroll(self, scroll_y: float) -> None:
        """Scroll to ``scroll_y`` as soon as the text just shown is laid out."""
        self._pending_scroll = scroll_y or None

    def show_article(
        self, article: Article, *, merged: bool = False, highlighter: Highlighter | None = None
    ) -> None:
        """Show ``article`` (or, when ``merged``, every part of its story) from the top."""
        self._pending_scroll = None
        self.article = article
        self.merged = merged
        self._highlighter = highlighter
        self._match_index = -1
        measure = self._measure = self._fit_measure() if self.size.width else self._measure
        parts = self._issue.story_parts(article.id) if merged else (article,)
        if not parts:
            parts = (article,)
        widgets: list[Widget] = []
        for n, part in enumerate(parts):
            if merged:
                widgets.append(self._divider(part, n, len(parts)))
            widgets += self._part_widgets(part, measure, first=n == 0, last=n == len(parts) - 1)
        self._show(widgets, measure + _COLUMN_PADDING)
        if self.is_mounted:
            self.scroll_home(animate=False, immediate=True)

    def watch_virtual_size(self) -> None:
        """Restore a pending scroll position as the laid-out text grows tall enough."""
        pending = self._pending_scroll
        if pending is None:
            return
        self.scroll_to(y=min(pending, self.max_scroll_y), animate=False, immediate=True)
        if self.max_scroll_y >= pending:
            self._pending_scroll = None

    def _text(self, text: str, measure: int, classes: str, style: str = "") -> BrokenText:
        spans = self._highlighter(text) if self._highlighter else ()
        return BrokenText(text, measure, style=style, spans=spans, classes=classes)

    def _divider(self, part: Article, n: int, count: int) -> Static:
        where = f"第{page_name(self._issue, part.page)}版"
        label = f"──── {where} · 第{n + 1}/{count}部分 ────"
        return Static(Content(label), classes="divider", markup=False)

    def _part_widgets(self, art: Article, measure: int, *, first: bool, last: bool) -> list[Widget]:
        # imported with the first article shown: the start shows a hint, never a link
        from tui_paper.widgets.article_link import ArticleLink

        merged = self.merged
        out: list[Widget] = []
        back = art.continued_from
        # In a merged story the links between its own parts are replaced by the dividers.
        if back is not None and not (merged and not first and back.article):
            out.append(ArticleLink(back, link_label(self._issue, back), classes="continuation"))
        if not merged or first:
            if art.kicker:
                out.append(self._text(art.kicker, measure, "kicker"))
            out.append(self._text(art.title, measure, "title"))
            if art.subtitle:
                out.append(self._text(art.subtitle, measure, "subtitle"))
            meta = "　".join(t for t in (art.byline, art.dateline) if t)
            if meta:
                out.append(self._text(meta, measure, "meta"))
            out.append(Static("", classes="keywords", markup=False))
        for block in art.blocks:
            out.append(self._text(block.text, measure, _BLOCK_CLASSES[block.kind]))
        if art.author:
            out.append(self._text(f"（{art.author}）", measure, "author"))
        for link in art.see_also:
            out.append(ArticleLink(link, link_label(self._issue, link), classes="see-also"))
        onward = art.continues_to
        if onward is not None and not (merged and not last and onward.article):
            out.append(ArticleLink(onward, link_label(self._issue, onward), classes="continuation"))
        return out

    def set_keywords(self, words: Sequence[str]) -> None:
        """Fill the keywords line (computed lazily by the screen)."""
        # the text's widgets sit directly in the column, or wait for it to be mounted
        column = self._live_column()
        if self._waiting is not None:
            shown: Sequence[Widget] = self._waiting[0]
        else:
            shown = column.children if column is not None else ()
        for line in shown:
            if isinstance(line, Static) and line.has_class("keywords") and words:
                line.update(
                    Content.styled("关键词　", "$text-muted") + Content(clean("　".join(words)))
                )
                line.display = True

    # -- links and matches ---------------------------------------------------------------

    @property
    def links(self) -> list[ArticleLink]:
        """The links of the open article, top to bottom."""
        from tui_paper.widgets.article_link import ArticleLink

        column = self._live_column()
        return list(column.query(ArticleLink)) if column is not None else []

    def on_article_link_followed(self, event: ArticleLink.Followed) -> None:
        """A link of the open article was followed: ask the screen to jump."""
        event.stop()
        self.post_message(self.JumpRequested(event.link))

    def _matches(self) -> list[tuple[BrokenText, int]]:
        column = self._live_column()
        if column is None:
            return []
        return [(block, line) for block in column.query(BrokenText) for line in block.match_lines]

    @property
    def match_count(self) -> int:
        """How many highlighted matches the open article shows."""
        return len(self._matches())

    def goto_match(self, step: int) -> int | None:
        """Scroll to the next (``step=1``) or previous (``-1``) match; returns its index."""
        matches = self._matches()
        if not matches:
            return None
        self._match_index = (self._match_index + step) % len(matches)
        block, line = matches[self._match_index]
        region = block.region
        target = Region(region.x, region.y + line, region.width, 1)
        # Keep a few lines of context above the match.
        y = self.scroll_y + target.y - self.content_region.y - 2
        self.scroll_to(y=max(0, y), animate=False, immediate=True)
        return self._match_index
