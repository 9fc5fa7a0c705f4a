"""The headline list: one entry per article (kicker, title, continuation marks, unread dot)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui_paper.model import Article, ArticleKind, Page

#: a filter over a huge issue shows this many entries; the count line says how many matched
MAX_SHOWN = 400

Spans = Sequence[tuple[int, int]]
#: (text, query) -> ranges to highlight; supplied by the screen while a filter is active
Highlighter = Callable[[str], list[tuple[int, int]]]

_MATCH_STYLE = "bold reverse"


def _highlighted(text: str, spans: Spans, base: str = "") -> Content:
    content = Content.styled(text, base) if base else Content(text)
    for start, end in spans:
        content = content.stylize(_MATCH_STYLE, start, end)
    return content


def headline_prompt(art: Article, *, opened: bool, highlight: Highlighter | None = None) -> Content:
    """The entry for one article: an optional quieter kicker line above the title line.

    Every piece of file text enters as plain ``Content``, so brackets in a headline are shown
    as typed and never read as markup.
    """
    mark = Content.styled("  ", "") if opened else Content.styled("• ", "bold $accent")
    title_style = "$text-muted" if opened else "bold"
    title = _highlighted(art.title, highlight(art.title) if highlight else (), title_style)
    parts: list[Content] = []
    if art.kicker:
        kicker = _highlighted(
            art.kicker, highlight(art.kicker) if highlight else (), "$text-muted italic"
        )
        parts += [Content("  "), kicker, Content("\n")]
    parts += [mark]
    if art.kind is ArticleKind.AD:
        parts.append(Content.styled("广告 ", "$text-muted"))
    elif art.kind is ArticleKind.PHOTO:
        parts.append(Content.styled("图片 ", "$text-muted"))
    parts.append(title)
    back = art.continued_from
    if back is not None:
        parts.append(Content.styled(f" ←{back.page}", "$secondary"))
    onward = art.continues_to
    if onward is not None:
        parts.append(Content.styled(f" →{onward.page}", "$secondary"))
    return Content("").join(parts)


class HeadlineList(OptionList, inherit_bindings=False):
    """The articles of one page, or of a filter's results grouped by page.

    Page-down and page-up are deliberately not bound here: they bubble to the screen, which
    scrolls the open article.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="headlines.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="headlines.up"),
        Binding("home", "first", "First", show=False, id="headlines.first"),
        Binding("end", "last", "Last", show=False, id="headlines.last"),
        Binding("enter", "select", "Open", id="headlines.open"),
    ]

    class ArticleChosen(Message):
        """The reader chose an article to read (enter or click)."""

        def __init__(self, article_id: str) -> None:
            self.article_id = article_id
            super().__init__()

    class ArticleHighlighted(Message):
        """The cursor moved onto an article."""

        def __init__(self, article_id: str) -> None:
            self.article_id = article_id
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._opened: set[str] = set()
        # Reused Option objects keep their rendered visuals between page switches.
        self._plain_options: dict[str, Option] = {}
        self._articles: dict[str, Article] = {}

    # -- what is shown -------------------------------------------------------------------

    def _plain_option(self, art: Article) -> Option:
        option = self._plain_options.get(art.id)
        if option is None:
            self._articles[art.id] = art
            prompt = headline_prompt(art, opened=art.id in self._opened)
            option = Option(prompt, id=art.id)
            self._plain_options[art.id] = option
        return option

    def show_page(self, page: Page, *, keep: str | None = None) -> None:
        """Show the articles of ``page``; the cursor goes to ``keep`` or the first article."""
        self.set_options([self._plain_option(a) for a in page.articles])
        if not page.articles:
            self.add_option(
                Option(Content.styled("（本版没有标题）", "$text-muted"), disabled=True)
            )
            return
        self.select_article(keep or page.articles[0].id)

    def show_results(
        self,
        groups: Sequence[tuple[Page, Sequence[Article]]],
        total: int,
        highlight: Highlighter | None,
    ) -> None:
        """Show a filter's results under one header per page; the cursor goes to the first."""
        options: list[Option] = []
        shown = 0
        for page, arts in groups:
            if shown >= MAX_SHOWN:
                break
            header = Content.assemble(
                (f"第{page.code or page.number}版", "bold"),
                (f" {page.label}" if page.label else "", "bold"),
                (f"  {len(arts)}篇", "$text-muted"),
            )
            options.append(Option(header, id=f"page-{page.number}", disabled=True))
            for art in arts[: MAX_SHOWN - shown]:
                self._articles[art.id] = art
                if highlight is None:
                    options.append(self._plain_option(art))
                else:
                    prompt = headline_prompt(
                        art, opened=art.id in self._opened, highlight=highlight
                    )
                    options.append(Option(prompt, id=art.id))
                shown += 1
        if not options:
            options.append(Option(Content.styled("没有匹配的文章", "$text-muted"), disabled=True))
        elif total > shown:
            more = f"…… 另有{total - shown}篇未列出，请输入更多字词"
            options.append(Option(Content.styled(more, "$text-muted"), disabled=True))
        self.set_options(options)
        self.action_first()

    def select_article(self, article_id: str) -> None:
        """Put the cursor on an article if it is in the list."""
        try:
            self.highlighted = self.get_option_index(article_id)
        except OptionDoesNotExist:  # the article is on another page
            self.action_first()

    @property
    def highlighted_article_id(self) -> str | None:
        """The id of the article under the cursor, if any."""
        option = self.highlighted_option
        if option is None or option.disabled or option.id is None:
            return None
        return option.id if option.id in self._articles else None

    @property
    def article_ids(self) -> list[str]:
        """The ids of the articles listed, top to bottom."""
        return [o.id for o in self.options if o.id is not None and o.id in self._articles]

    def mark_opened(self, article: Article) -> None:
        """Show ``article`` as read from now on."""
        if article.id in self._opened:
            return
        self._opened.add(article.id)
        self._articles[article.id] = article
        option = self._plain_options.pop(article.id, None)
        fresh = headline_prompt(article, opened=True)
        # not shown right now (another page): the next show_page uses the cached option
        with suppress(OptionDoesNotExist):
            self.replace_option_prompt(article.id, fresh)
        if option is not None:
            option._set_prompt(fresh)
            self._plain_options[article.id] = option

    @property
    def opened(self) -> frozenset[str]:
        """Ids of the articles opened in this session."""
        return frozenset(self._opened)

    # -- events --------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on an article: tell the screen which one."""
        event.stop()
        if event.option.id is not None and event.option.id in self._articles:
            self.post_message(self.ArticleChosen(event.option.id))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Cursor moves become ArticleHighlighted."""
        event.stop()
        if event.option.id is not None and event.option.id in self._articles:
            self.post_message(self.ArticleHighlighted(event.option.id))
