"""The headline list: one entry per article (kicker, title, continuation marks, unread dot)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from itertools import pairwise
from typing import ClassVar, NamedTuple, Self, cast

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import messages
from textual.binding import BindingType
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui_paper.model import Article, ArticleKind, Page
from tui_paper.widgets.broken_text import MATCH_STYLE, break_with_spans
from tui_paper.widgets.list_keys import list_bindings

#: a filter shows at most this many (the best) entries: building and measuring every entry
#: of a 10,000-hit result would cost far more than a keystroke may take
MAX_SHOWN = 50

Spans = Sequence[tuple[int, int]]
#: (text, query) -> ranges to highlight; supplied by the screen while a filter is active
Highlighter = Callable[[str], list[tuple[int, int]]]

#: cells before a title: the unread dot and a space
_GUTTER = 2
#: the width used before the list has been laid out
_FALLBACK_WIDTH = 40


#: one line of an entry as drawn: its text, its runs of one style combination, its cells
_Runs = tuple[str, list[tuple[int, int, tuple[str | Style, ...]]], int]

#: rich styles of the list's style combinations, by (base style, span styles, theme)
_RICH_STYLES: dict[tuple[Style, tuple[str | Style, ...], object], RichStyle] = {}
_RICH_STYLES_MAX = 4096


class BrokenLines(Content):
    """Content already broken into lines of the list's width: its height is its line count.

    The option list asks every option its height on every change; plain ``Content`` answers
    by wrapping itself again, which for 50 results cost more than building them.
    """

    def get_height(self, rules: RulesMap, width: int) -> int:
        """The number of lines (they were broken for this width)."""
        return self.plain.count("\n") + 1

    def _runs(self) -> list[_Runs]:
        """Per line: its text, its runs of one style combination, and its cells (cached)."""
        cached: list[_Runs] | None = self.__dict__.get("_line_runs")
        if cached is not None:
            return cached
        found: list[_Runs] = []
        spans = [(sp.start, sp.end, sp.style) for sp in self.spans]
        at = 0
        for text in self.plain.split("\n"):
            end = at + len(text)
            inside = [
                (max(a, at) - at, min(b, end) - at, st) for a, b, st in spans if a < end and b > at
            ]
            cuts = sorted({0, len(text), *(a for a, _, _ in inside), *(b for _, b, _ in inside)})
            runs = [
                (lo, hi, tuple(st for a, b, st in inside if a <= lo and b >= hi))
                for lo, hi in pairwise(cuts)
                if lo < hi
            ]
            found.append((text, runs, cell_len(text)))
            at = end + 1
        self.__dict__["_line_runs"] = found
        return found

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """One strip per line, without wrapping again what is already broken.

        The general path re-wraps, truncates and pads every line and gives every piece of
        text a style of its own; for a list redrawn on each keystroke in the filter that was
        most of the cost of a frame.
        """
        if (
            not width
            or options.selection is not None
            or options.post_style is not None
            or options.rules.get("text_align", "left") not in ("left", "start")
        ):
            return super().render_strips(width, height, style, options)
        lines = self._runs()
        if height is not None:
            lines = lines[:height]
        get_style = options.get_style
        # The styles of a list's text are a handful of combinations (title, kicker, match,
        # marks, dot) reused line after line and keystroke after keystroke; they are
        # resolved once per theme instead of per piece of every line drawn.
        owner = getattr(get_style, "__self__", None)
        theme = getattr(getattr(owner, "app", None), "theme", None)
        cache = _RICH_STYLES
        if len(cache) > _RICH_STYLES_MAX:
            cache.clear()
        strips = []
        for text, runs, cells in lines:
            segments = []
            for start, end, styles in runs:
                key = (style, styles, theme)
                rich = cache.get(key)
                if rich is None:
                    # as Content.render and the general path combine them: the base style,
                    # then the spans in order, and the base once more on top
                    combined = Style.combine([style, *map(get_style, styles)])
                    rich = cache[key] = (style + combined).rich_style
                segments.append(Segment(text[start:end], rich))
            strips.append(Strip(segments, cells))
        return strips


class _Drawing(NamedTuple):
    """What stays the same for every line of one drawing of the list."""

    lines: Sequence[tuple[int, int]]
    width: int
    padding: Spacing
    top: int
    highlighted: int | None
    hover: int | None
    #: entry styles by component class, looked up at their first use
    styles: dict[str, Style]


#: one line of an entry: its text and its style spans (offsets within the line)
_Piece = tuple[str, list[Span]]


def _broken(text: str, width: int, spans: Spans, style: str) -> list[_Piece]:
    """``text`` broken into lines of ``width`` cells, each with its style and highlights.

    The lines and spans of :func:`broken_content`, kept as plain strings and span lists: a
    filter redraws fifty entries per keystroke, and making and slicing ``Content`` objects
    for each was most of that cost.
    """
    lines, on_line, _ = break_with_spans(text, width, spans)
    pieces: list[_Piece] = [
        (line, [Span(0, len(line), style)] if style and line else []) for line in lines
    ]
    if spans:
        for (_, line_spans), parts in zip(pieces, on_line, strict=True):
            line_spans += [Span(a, b, MATCH_STYLE) for a, b in parts]
    return pieces


def _shifted(spans: list[Span], by: int) -> list[Span]:
    return [Span(a + by, b + by, style) for a, b, style in spans]


def headline_prompt(
    art: Article, *, opened: bool, width: int, highlight: Highlighter | None = None
) -> Content:
    """The entry for one article, broken into lines of ``width`` cells by our own breaker.

    An optional quieter kicker line comes above the title; the unread dot sits in a gutter
    and wrapped title lines are indented under the title. Every piece of file text enters as
    plain text with style spans, never as markup, so brackets in a headline show as typed.
    """
    text_width = max(2, width - _GUTTER)
    pad = " " * _GUTTER
    rows: list[_Piece] = []
    if art.kicker:
        spans = highlight(art.kicker) if highlight else ()
        for line, line_spans in _broken(art.kicker, text_width, spans, "$text-muted italic"):
            rows.append((pad + line, _shifted(line_spans, _GUTTER)))
    label = ""
    if art.kind is ArticleKind.AD:
        label = "广告 "
    elif art.kind is ArticleKind.PHOTO:
        label = "图片 "
    title_style = "$text-muted" if opened else "bold"
    spans = highlight(art.title) if highlight else ()
    if label:
        spans = [(a + len(label), b + len(label)) for a, b in spans]
    title_lines = _broken(label + art.title, text_width, spans, title_style)
    if label:
        first, first_spans = title_lines[0]
        first_spans.append(Span(0, min(len(label), len(first)), "not bold $text-muted"))
    marks: list[str] = []
    back, onward = art.continued_from, art.continues_to
    if back is not None:
        marks.append(f" ←{back.page}")
    if onward is not None:
        marks.append(f" →{onward.page}")
    if marks:
        mark_text = "".join(marks)
        last, last_spans = title_lines[-1]
        if cell_len(last) + cell_len(mark_text) <= text_width:
            at = len(last)
        else:  # on a line of their own, without the leading space
            last, last_spans, at, mark_text = "", [], -1, mark_text[1:]
            title_lines.append((last, last_spans))
        for mark in marks:
            last_spans.append(Span(max(at, 0), at + len(mark), "$secondary"))
            at += len(mark)
        title_lines[-1] = (last + mark_text, last_spans)
    first, first_spans = title_lines[0]
    if opened:
        rows.append((pad + first, _shifted(first_spans, _GUTTER)))
    else:
        rows.append(("• " + first, [Span(0, 2, "bold $accent"), *_shifted(first_spans, _GUTTER)]))
    rows += [(pad + line, _shifted(line_spans, _GUTTER)) for line, line_spans in title_lines[1:]]
    joined_spans: list[Span] = []
    offset = 0
    for line, line_spans in rows:
        joined_spans += _shifted(line_spans, offset) if offset else line_spans
        offset += len(line) + 1
    return BrokenLines("\n".join(line for line, _ in rows), joined_spans)


class HeadlineList(OptionList, inherit_bindings=False):
    """The articles of one page, or of a filter's results grouped by page.

    Page-down and page-up are deliberately not bound here: they bubble to the screen, which
    scrolls the open article.
    """

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("headlines")

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
        self._articles: dict[str, Article] = {}
        # What is listed, kept so the prompts can be broken again when the width changes:
        # an Article, or a (text, id) pair for a header or a quiet note.
        self._entries: list[Article | tuple[Content, str | None]] = []
        self._highlight: Highlighter | None = None
        self._width = 0
        # Prompts of plain (unhighlighted) entries, reused while the width stays the same.
        self._prompt_cache: dict[tuple[str, bool, int], Content] = {}
        #: the outer size the list should get at its first layout (see expect_size)
        self._expected: tuple[int, int] | None = None
        #: counts the times the entries were shown: held-back entries of an older showing
        #: are never appended to a newer one
        self._generation = 0
        #: which scrollbars were shown when a layout was last asked for
        self._bars_at_layout: tuple[bool, bool] | None = None
        #: while lines are drawn: what no line changes (see render_lines)
        self._drawing: _Drawing | None = None
        #: False while entries are appended below the rows on screen (see _add_rest)
        self._rows_change = True
        #: True while a filter's first screenful is set and its scrollbar stays (see
        #: _scroll_update)
        self._bar_later = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Ask for a layout only when a scrollbar comes or goes.

        The option list asks for one whenever its line count changes, i.e. on every
        keystroke in the filter; but the list's size is set by its pane, so only a scrollbar
        appearing or vanishing (which narrows the text) can move anything on the screen.
        """
        if layout and not self.styles.auto_dimensions:
            bars = (self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
            if bars == self._bars_at_layout:
                layout = False
            self._bars_at_layout = bars
        if not (self._rows_change or regions or layout or recompose):
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _scroll_update(self, virtual_size: Size) -> None:
        """Leave a shown scrollbar as it is while a filter's first screenful is set.

        The scrollbar would be redrawn for the first screenful, in the keystroke's frame,
        then again a frame later for the whole list; the second drawing alone shows the
        right size, and the first cost the results ~2 ms on a slow machine. It stays shown
        (the first screenful overflows the list), so nothing moves.
        """
        if self._bar_later and self.show_vertical_scrollbar:
            return
        super()._scroll_update(virtual_size)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw, with what no line changes looked up once.

        The option list looks the line table, the content width, the option padding, the
        scroll offset and the entry styles up again for every line it draws (the width by
        walking to the screen for the list's region, a style by walking the ancestors); for
        a list redrawn on every keystroke in the filter that was a third of drawing it.
        """
        self._update_lines()
        try:
            lines = self._line_cache.lines
            hover = self._mouse_hovering_over
        except AttributeError:  # the option list's internals moved: its own way
            return super().render_lines(crop)
        self._drawing = _Drawing(
            lines,
            self.scrollable_content_region.width,
            self.get_component_styles("option-list--option").padding,
            self.scroll_offset.y,
            self.highlighted,
            hover,
            {},
        )
        try:
            # past OptionList.render_lines, whose only step, updating the lines, is done
            return super(OptionList, self).render_lines(crop)
        finally:
            self._drawing = None

    def render_line(self, y: int) -> Strip:
        """One line, as the option list draws it, with the drawing's look-ups."""
        drawing = self._drawing
        if drawing is None:
            return super().render_line(y)
        try:
            index, offset = drawing.lines[drawing.top + y]
            option = self.options[index]
        except IndexError:
            return super().render_line(y)
        if option.disabled:
            component = "option-list--option-disabled"
        elif drawing.highlighted == index:
            component = "option-list--option-highlighted"
        elif drawing.hover == index:
            component = "option-list--option-hover"
        else:
            component = ""
        style = drawing.styles.get(component)
        if style is None:
            classes = ("option-list--option", component) if component else ("option-list--option",)
            style = drawing.styles[component] = self.get_visual_style(*classes)
        strips = self._get_option_render(option, style)
        if offset >= len(strips):
            return super().render_line(y)
        return strips[offset]

    @property
    def _lines(self) -> Sequence[tuple[int, int]]:
        drawing = self._drawing
        if drawing is not None:
            return drawing.lines
        return cast(Sequence[tuple[int, int]], OptionList._lines.fget(self))  # type: ignore[attr-defined]

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        """The lines of one entry, drawn by :meth:`BrokenLines.render_strips` directly.

        The option list's general path wraps every entry in a padding visual and passes
        each line through link styling meant for markup links, which entries never hold;
        for fifty entries redrawn per keystroke that was a third of drawing the list. The
        result is the same strips (the snapshot and prompt tests hold it so). Anything
        else, or an option list whose internals have moved, takes the general path.
        """
        prompt = option.prompt
        if type(prompt) is not BrokenLines:
            return super()._get_option_render(option, style)
        try:
            if option._divider:
                return super()._get_option_render(option, style)
            cache = self._option_render_cache
            index = self._option_to_index[option]
            gutter = self._get_left_gutter_width()
        except (AttributeError, KeyError):
            return super()._get_option_render(option, style)
        drawing = self._drawing
        if drawing is not None:
            content_width, padding = drawing.width, drawing.padding
        else:
            content_width = self.scrollable_content_region.width
            padding = self.get_component_styles("option-list--option").padding
        key = (option, style, padding)
        strips: list[Strip] | None = cache.get(key)
        if strips is None:
            width = content_width - gutter
            top, right, bottom, left = padding
            inner = width - left - right
            if inner <= 0:
                return super()._get_option_render(option, style)
            rich_style = style.rich_style
            options = RenderOptions(self._get_style, cast(RulesMap, self.styles), None, None)
            lines = prompt.render_strips(inner, None, style, options)
            meta = {"option": index}
            if top or bottom or any(line.cell_length > inner for line in lines):
                # the general chain of strip operations, for what entries never need
                lines = [
                    *[Strip.blank(width, rich_style)] * top,
                    *[line.crop_pad(inner, left, right, rich_style) for line in lines],
                    *[Strip.blank(width, rich_style)] * bottom,
                ]
                strips = [
                    line.extend_cell_length(width, rich_style).apply_meta(meta) for line in lines
                ]
            else:
                # What crop_pad, extend_cell_length and apply_meta make, in one strip per
                # line instead of four: padding around the text, the option's meta under
                # every piece.
                on = RichStyle.from_meta(meta).__add__
                padded = on(rich_style)
                strips = []
                for line in lines:
                    segments = [Segment(" " * left, padded)] if left else []
                    segments += [Segment(text, on(part)) for text, part, _ in line]
                    fill = inner - line.cell_length + right
                    if inner > line.cell_length and right:
                        segments.append(Segment(" " * (inner - line.cell_length), padded))
                        segments.append(Segment(" " * right, padded))
                    elif fill:
                        segments.append(Segment(" " * fill, padded))
                    strips.append(Strip(segments, width))
            cache[key] = strips
        return strips

    def expect_size(self, width: int, height: int) -> None:
        """Tell the list the outer size it will get at its first layout.

        Until it is laid out the list's width is unknown; headlines broken at a guess would
        all be broken again right after the first frame, and the list laid out again. A
        wrong estimate costs only that second pass.
        """
        self._expected = (width, height)

    # -- what is shown -------------------------------------------------------------------

    def _text_width(self) -> int:
        width = self.scrollable_content_region.width
        if not width and self._expected is not None:  # not laid out yet
            width = self._expected[0]
        # option padding (1 cell each side) comes off the content width
        return width - 2 if width > 4 else _FALLBACK_WIDTH

    def _prompt(self, art: Article, width: int) -> Content:
        opened = art.id in self._opened
        if self._highlight is not None:
            return headline_prompt(art, opened=opened, width=width, highlight=self._highlight)
        key = (art.id, opened, width)
        prompt = self._prompt_cache.get(key)
        if prompt is None:
            prompt = headline_prompt(art, opened=opened, width=width)
            self._prompt_cache[key] = prompt
        return prompt

    def _build_options(
        self, width: int, entries: Sequence[Article | tuple[Content, str | None]]
    ) -> tuple[list[Option], int]:
        """The options for ``entries`` at ``width``, and how many lines they take."""
        options: list[Option] = []
        lines = 0
        for entry in entries:
            if isinstance(entry, Article):
                prompt = self._prompt(entry, width)
                options.append(Option(prompt, id=entry.id))
            else:
                prompt, option_id = entry
                if "\n" not in prompt.plain and prompt.cell_length <= width:
                    # fits on one line: spare the option list wrapping it to find that out
                    prompt = BrokenLines(prompt.plain, list(prompt.spans), prompt.cell_length)
                options.append(Option(prompt, id=option_id, disabled=True))
            lines += prompt.plain.count("\n") + 1
        return options, lines

    def _first_screenful(self, width: int, height: int) -> tuple[list[Option], int]:
        """Options for the entries that fill the list's height (and one more line), and how
        many entries that took."""
        options: list[Option] = []
        lines = 0
        count = 0
        for entry in self._entries:
            built, n = self._build_options(width, [entry])
            options += built
            lines += n
            count += 1
            if lines > height:
                break
        return options, count

    def _render_entries(self, keep: str | None) -> None:
        self._generation += 1
        region = self.scrollable_content_region
        width = self._text_width()
        if region.width:
            # Break the entries for the width they will really get: a scrollbar that is to
            # appear (or vanish) with them takes (or gives back) a column, and text broken
            # for the wrong width would be cut at the right edge.
            height = region.height
            bar = self.styles.scrollbar_size_vertical
            full = width + (bar if self.show_vertical_scrollbar else 0)
            if keep is None and height and len(self._entries) > height:
                # A filter's results: the entries that fill the screen now, the rest right
                # after the frame that shows them. The reader sees the same list a frame
                # sooner; the first part alone overflows the list, so the scrollbar shows.
                width = full - bar
                options, count = self._first_screenful(width, height)
                if count < len(self._entries):
                    self.call_after_refresh(self._add_rest, self._generation, count, width)
                    # a scrollbar already shown is redrawn with the rest, not twice
                    self._bar_later = self.show_vertical_scrollbar
            else:
                options, lines = self._build_options(width, self._entries)
                fits = full if lines <= height else full - bar
                if fits != width and fits > 2:
                    width = fits
                    options, _ = self._build_options(width, self._entries)
        else:
            options, lines = self._build_options(width, self._entries)
            expected = self._expected
            # Before the first layout: if the entries will overflow the expected height,
            # the scrollbar takes a column, so break them for that width straight away.
            if expected is not None and lines > expected[1] and width > 3:
                width -= 1
                options, _ = self._build_options(width, self._entries)
        self._width = width
        try:
            self.set_options(options)
        finally:
            self._bar_later = False
        if keep is not None:
            self.select_article(keep)
        else:
            self.action_first()
        if self.is_mounted:
            # The list would tell the screen about its new lines only when its own queue is
            # next idle, after the screen may have painted the filter box's new text: the
            # results would then trail the typed character by a frame. Tell it now.
            self.screen.post_message(messages.Update(self))

    def action_first(self) -> None:
        """Cursor to the first article, and the list back to its very top.

        Moving the cursor alone would stop with the first article just in view, leaving the
        page header above it scrolled away.
        """
        super().action_first()
        self.scroll_home(animate=False, immediate=True)

    def _add_rest(self, generation: int, start: int, width: int) -> None:
        """Append the entries held back by :meth:`_render_entries`, unless it ran again."""
        if generation != self._generation or width != self._width:
            return
        options, _ = self._build_options(width, self._entries[start:])
        # Appended below the rows on screen, the entries change only the scrollbar (which
        # refreshes itself): repainting the list would send every row again, kilobytes per
        # keystroke over SSH, to show the same text.
        self._rows_change = self.scroll_offset.y + self.size.height > len(self._lines)
        try:
            self.add_options(options)
        finally:
            self._rows_change = True

    def on_resize(self) -> None:
        """Break the headlines again for the new width, keeping the cursor's article."""
        if self._text_width() != self._width and self._entries:
            self._render_entries(self.highlighted_article_id)

    def show_page(self, page: Page, *, keep: str | None = None) -> None:
        """Show the articles of ``page``; the cursor goes to ``keep`` or the first article."""
        self._highlight = None
        for art in page.articles:
            self._articles[art.id] = art
        self._entries = list(page.articles)
        if not page.articles:
            self._entries = [(Content.styled("（本版没有标题）", "$text-muted"), None)]
        self._render_entries(keep)

    def show_results(
        self,
        groups: Sequence[tuple[Page, Sequence[Article]]],
        highlight: Highlighter | None,
        *,
        more: bool = False,
    ) -> None:
        """Show a filter's results under one header per page; the cursor goes to the first."""
        self._highlight = highlight
        entries: list[Article | tuple[Content, str | None]] = []
        shown = 0
        for page, arts in groups:
            if shown >= MAX_SHOWN:
                break
            # built as text and spans (Content.assemble costs more): one per page of results,
            # up to fifty per keystroke
            name = f"第{page.code or page.number}版" + (f" {page.label}" if page.label else "")
            count = f"  {len(arts)}篇"
            header = BrokenLines(
                name + count,
                [
                    Span(0, len(name), "bold"),
                    Span(len(name), len(name) + len(count), "$text-muted"),
                ],
            )
            entries.append((header, f"page-{page.number}"))
            for art in arts[: MAX_SHOWN - shown]:
                self._articles[art.id] = art
                entries.append(art)
                shown += 1
        if not entries:
            entries.append((Content.styled("没有匹配的文章", "$text-muted"), None))
        elif more or shown >= MAX_SHOWN:
            note = f"…… 只列出最相关的{shown}篇，输入更多字词可缩小范围"
            entries.append((Content.styled(note, "$text-muted"), None))
        self._entries = entries
        self._render_entries(None)

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
        return [e.id for e in self._entries if isinstance(e, Article)]

    def mark_opened(self, article: Article) -> None:
        """Show ``article`` as read from now on."""
        if article.id in self._opened:
            return
        self._opened.add(article.id)
        # not listed right now (another page): the next show_page builds it fresh
        with suppress(OptionDoesNotExist):
            self.replace_option_prompt(article.id, self._prompt(article, self._width))

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
