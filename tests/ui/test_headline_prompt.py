"""The headline entry builder against the straightforward ``Content`` construction.

``headline_prompt`` builds each entry as one string and a span list, because the filter
redraws fifty entries per keystroke; the reference below builds the same entry the plain
way, line by line with ``Content`` arithmetic. Both must give the same text and spans for
any headline, kicker, highlight, width, label and continuation marks.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content

from tui_paper.model import Article, ArticleKind, Link, LinkKind
from tui_paper.widgets.broken_text import broken_content
from tui_paper.widgets.headline_list import headline_prompt


def _lines(text: str, width: int, spans: list[tuple[int, int]], style: str) -> list[Content]:
    content, _ = broken_content(text, width, spans, style)
    return content.split("\n")


def reference_prompt(
    art: Article, *, opened: bool, width: int, spans_of: dict[str, list[tuple[int, int]]]
) -> Content:
    text_width = max(2, width - 2)
    pad = Content("  ")
    rows: list[Content] = []
    if art.kicker:
        spans = spans_of.get(art.kicker, [])
        rows += [pad + line for line in _lines(art.kicker, text_width, spans, "$text-muted italic")]
    label = {ArticleKind.AD: "广告 ", ArticleKind.PHOTO: "图片 "}.get(art.kind, "")
    title_style = "$text-muted" if opened else "bold"
    spans = [(a + len(label), b + len(label)) for a, b in spans_of.get(art.title, [])]
    title_lines = _lines(label + art.title, text_width, spans, title_style)
    if label:
        title_lines[0] = title_lines[0].stylize("not bold $text-muted", 0, len(label))
    marks = Content("")
    back, onward = art.continued_from, art.continues_to
    if back is not None:
        marks += Content.styled(f" ←{back.page}", "$secondary")
    if onward is not None:
        marks += Content.styled(f" →{onward.page}", "$secondary")
    if marks:
        if title_lines[-1].cell_length + marks.cell_length <= text_width:
            title_lines[-1] = title_lines[-1] + marks
        else:
            title_lines.append(marks[1:])
    dot = Content("  ") if opened else Content.styled("• ", "bold $accent")
    rows.append(dot + title_lines[0])
    rows += [pad + line for line in title_lines[1:]]
    return Content("\n").join(rows)


_TEXT = st.text(alphabet="新型工业化示范区，。“”（）2024AI 5G[]/ab", min_size=1, max_size=40)


@st.composite
def _spans(draw: st.DrawFn, text: str) -> list[tuple[int, int]]:
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=6)))
    return [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if a < b]


@given(
    title=_TEXT,
    kicker=st.none() | _TEXT,
    kind=st.sampled_from(list(ArticleKind)),
    back=st.none() | st.integers(1, 120),
    onward=st.none() | st.integers(1, 120),
    width=st.integers(3, 60),
    opened=st.booleans(),
    data=st.data(),
)
@settings(max_examples=300, deadline=None)
def test_entries_equal_the_plain_content_construction(
    title: str,
    kicker: str | None,
    kind: ArticleKind,
    back: int | None,
    onward: int | None,
    width: int,
    opened: bool,
    data: st.DataObject,
) -> None:
    links = []
    if back is not None:
        links.append(Link(LinkKind.CONTINUED_FROM, back))
    if onward is not None:
        links.append(Link(LinkKind.CONTINUES_TO, onward))
    art = Article("2-1", 2, title, kicker=kicker, links=tuple(links), kind=kind)
    spans_of = {title: data.draw(_spans(title))}
    if kicker and kicker != title:
        spans_of[kicker] = data.draw(_spans(kicker))
    fast = headline_prompt(
        art, opened=opened, width=width, highlight=lambda text: spans_of.get(text, [])
    )
    plain = headline_prompt(art, opened=opened, width=width) if not any(spans_of.values()) else None
    expected = reference_prompt(art, opened=opened, width=width, spans_of=spans_of)
    assert fast.plain == expected.plain
    assert list(fast.spans) == list(expected.spans)
    if plain is not None:
        assert plain.plain == expected.plain and list(plain.spans) == list(expected.spans)


async def test_entries_are_drawn_exactly_as_the_general_content_renderer_draws_them() -> None:
    # The list draws its pre-broken entries itself (style combinations resolved once per
    # theme); cell for cell, the text and its styles must be what Content's own renderer
    # gives — kicker, title, highlights (overlapping the title style), label and marks.
    from rich.style import Style as RichStyle
    from textual.visual import RenderOptions

    from tui_paper.app import TuiPaperApp
    from tui_paper.model import Issue, Page

    art = Article(
        "2-1",
        2,
        "新型工业化示范区[视频]建设提速",
        kicker="工信部部署",
        links=(Link(LinkKind.CONTINUED_FROM, 1), Link(LinkKind.CONTINUES_TO, 3)),
        kind=ArticleKind.PHOTO,
    )
    app = TuiPaperApp(Issue(pages=(Page(2, "综合", (art,)),)), background_work=False)
    async with app.run_test(size=(100, 30)):
        widget = app.screen.headlines  # type: ignore[attr-defined]
        spans = {art.title: [(2, 5), (4, 9)], "工信部部署": [(0, 3)]}
        for width in (12, 20, 36):
            for opened in (False, True):
                prompt = headline_prompt(
                    art, opened=opened, width=width, highlight=lambda t: spans.get(t, [])
                )
                for component in ("", "option-list--option-highlighted"):
                    parts = (
                        ("option-list--option", component)
                        if component
                        else ("option-list--option",)
                    )
                    style = widget.get_visual_style(*parts)
                    options = RenderOptions(widget._get_style, widget.styles, None, None)
                    fast = prompt.render_strips(width, None, style, options)
                    general = Content.render_strips(prompt, width, None, style, options)

                    def cells(strips: list) -> list[list[tuple[str, RichStyle | None]]]:
                        return [
                            [
                                (ch, seg.style.clear_meta_and_links() if seg.style else None)
                                for seg in strip
                                for ch in seg.text
                            ]
                            for strip in strips
                        ]

                    assert cells(fast) == cells(general)
                    assert [s.cell_length for s in fast] == [s.cell_length for s in general]


async def test_entry_lines_equal_the_option_lists_own_padding_and_meta() -> None:
    # The list builds each entry's final lines (padding, the option's meta) in one step;
    # segment for segment they must equal what the option list's own chain of strip
    # operations makes, for plain, highlighted and hovered-over entries alike.
    from textual.widgets import OptionList

    from tui_paper.app import TuiPaperApp
    from tui_paper.model import Issue, Page

    arts = tuple(
        Article(f"1-{i}", 1, "新型工业化示范区建设提速" * i, kicker="工信部" if i % 2 else None)
        for i in range(1, 5)
    )
    app = TuiPaperApp(Issue(pages=(Page(1, "要闻", arts),)), background_work=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        widget = app.screen.headlines  # type: ignore[attr-defined]
        for index in range(widget.option_count):
            option = widget.get_option_at_index(index)
            for parts in (
                ("option-list--option",),
                ("option-list--option", "option-list--option-highlighted"),
                ("option-list--option", "option-list--option-hover"),
            ):
                style = widget.get_visual_style(*parts)
                widget._option_render_cache.clear()
                ours = widget._get_option_render(option, style)
                widget._option_render_cache.clear()
                general = OptionList._get_option_render(widget, option, style)
                assert [list(s) for s in ours] == [list(s) for s in general]
                assert [s.cell_length for s in ours] == [s.cell_length for s in general]


async def test_drawn_lines_equal_the_option_lists_own_drawing() -> None:
    # The list looks its line table, width, padding, scroll offset and entry styles up once
    # per drawing instead of per line; what it draws must not change: at the top of a long
    # list and scrolled into it, under the cursor and the mouse, page headers of results.
    from textual.geometry import Region
    from textual.widgets import OptionList

    from tui_paper.app import TuiPaperApp
    from tui_paper.model import Issue, Page

    arts = tuple(
        Article(f"1-{i}", 1, "新型工业化示范区建设提速" * (i % 3 + 1), kicker="工信部")
        for i in range(1, 40)
    )
    app = TuiPaperApp(Issue(pages=(Page(1, "要闻", arts),)), background_work=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        widget = app.screen.headlines  # type: ignore[attr-defined]
        region = Region(0, 0, widget.size.width, widget.size.height)
        page = app.issue.pages[0]
        for scrolled, results, hover in ((0, False, None), (7, False, 9), (0, True, 2)):
            if results:
                widget.show_results([(page, arts[:30])], None)
                await pilot.pause()
            widget.scroll_to(y=scrolled, animate=False, immediate=True)
            widget._mouse_hovering_over = hover
            await pilot.pause()
            assert widget.scroll_offset.y == scrolled
            widget._option_render_cache.clear()
            widget._styles_cache.clear()
            ours = widget.render_lines(region)
            widget._option_render_cache.clear()
            widget._styles_cache.clear()
            general = OptionList.render_lines(widget, region)
            assert [list(s) for s in ours] == [list(s) for s in general]
            assert widget._drawing is None  # nothing is left looked up after drawing
