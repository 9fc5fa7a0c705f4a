"""Page builders -> the frozen Issue: page numbers, article ids, continuation links.

Resolution pairs each out-marker (下转第q版 on page p) with the article on page q whose
in-marker names page p. Where several could match, the most alike titles pair first (a
continued part often carries a shortened title); a pair is only made when it is unambiguous or
the titles share something, each marker pairs at most once, and a pair that would close a loop
is refused, so a link never names a wrong article and story chains always end.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import repeat

from tui_paper.model import (
    Article,
    ArticleKind,
    Block,
    BlockKind,
    Issue,
    Link,
    LinkKind,
    Page,
)
from tui_paper.reader import patterns as P
from tui_paper.reader.masthead import MastheadBuilder
from tui_paper.reader.numerals import PageRef
from tui_paper.reader.parse import ArticleBuilder, PageBuilder

_KIND_BY_TITLE = {"广告": ArticleKind.AD, "图片报道": ArticleKind.PHOTO}
UNTITLED = "（续）"
_STORY = ArticleKind.STORY


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a parse builds its (acyclic) objects.

    A big issue allocates hundreds of thousands of tuples and dataclass instances; the
    collector would rescan them repeatedly as they survive, which costs more than a third of
    the parse time. Nothing the reader builds forms reference cycles.

    On the way out the survivors skip the young generations: the first collection after the
    pause would otherwise scan every one of them (a twentieth of a big parse) only to find
    them all alive. Freezing and at once unfreezing moves every young object to the oldest
    generation in one list splice; it is done only while nothing is frozen, because unfreezing
    would also thaw what an app froze at start-up (and freezing alone could keep garbage
    cycles of the app forever). The model is acyclic: refcounting frees it when dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


_new_object = object.__new__
#: runs an iterator to its end in C (a deque that keeps nothing)
_consume: Callable[[Iterable[object]], None] = deque[object](maxlen=0).extend
_set_kind = Block.__dict__["kind"].__set__  # the slot descriptors of the frozen dataclass
_set_text = Block.__dict__["text"].__set__
# Article's slot descriptors, by name (a renamed field fails here, at import)
_set_id, _set_page, _set_title, _set_kicker, _set_subtitle, _set_byline = (
    Article.__dict__[name].__set__
    for name in ("id", "page", "title", "kicker", "subtitle", "byline")
)
_set_dateline, _set_author, _set_blocks, _set_links, _set_article_kind = (
    Article.__dict__[name].__set__ for name in ("dateline", "author", "blocks", "links", "kind")
)


def make_blocks(kinds: list[BlockKind], texts: list[str]) -> tuple[Block, ...]:
    """``tuple(map(Block, kinds, texts))``, in three fifths of the time.

    A big issue holds tens of thousands of blocks, and the frozen dataclass's ``__init__``
    (a Python call doing ``object.__setattr__`` per field) was a tenth of the whole parse.
    The blocks are made and their slots filled through the slot descriptors by ``map``,
    which loops in C; the result is an ordinary ``Block``, equal to one built the usual way
    (a test holds both paths alike).
    """
    if len(kinds) != len(texts):
        raise ValueError(f"{len(kinds)} block kinds for {len(texts)} texts")
    blocks = list(map(_new_object, repeat(Block, len(texts))))
    _consume(map(_set_kind, blocks, kinds))
    _consume(map(_set_text, blocks, texts))
    return tuple(blocks)


def number_pages(pages: list[PageBuilder], default_page: int) -> None:
    """Give every page without a printed number the one after its predecessor's."""
    expected = default_page
    for page in pages:
        if page.number is None:
            page.number = expected
        expected = page.number + 1


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    if len(chars) < 2:
        return set(chars)
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}


def title_likeness(a: str, b: str) -> float:
    """Share of the shorter title's character bigrams found in the other (0..1)."""
    ga, gb = _bigrams(a), _bigrams(b)
    return _likeness(ga, gb)


def _likeness(ga: set[str], gb: set[str]) -> float:
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


class _Part:
    """One article during assembly: its builder, id, headline parts and resolved pages."""

    __slots__ = (
        "art",
        "author",
        "blocks",
        "id",
        "in_page",
        "in_ref",
        "kicker",
        "out_page",
        "out_ref",
        "page",
        "subtitle",
        "title",
    )

    def __init__(
        self,
        art: ArticleBuilder,
        page: int,
        id_: str,
        heads: tuple[str | None, str, str | None],
        author: str | None,
        blocks: tuple[Block, ...],
    ) -> None:
        self.art = art
        self.page = page
        self.id = id_
        self.kicker, self.title, self.subtitle = heads
        self.author = author
        self.blocks = blocks
        self.out_ref: PageRef | None = None
        self.out_page: int | None = None
        self.in_ref: PageRef | None = None
        self.in_page: int | None = None


def _split_heads(heads: list[str]) -> tuple[str | None, str, str | None]:
    """kicker, title, subtitle from a run of stacked headlines."""
    if len(heads) == 1:
        return None, heads[0], None
    heads = list(heads)
    subtitle: str | None = None
    if len(heads) > 1 and heads[-1].startswith("——"):
        subtitle = heads.pop()
    if not heads:
        return None, "", subtitle
    if len(heads) == 1:
        return None, heads[0], subtitle
    kicker, title, *rest = heads
    if rest:
        subtitle = " ".join([*rest, *([subtitle] if subtitle else [])])
    return kicker, title, subtitle


def _author_tag(kinds: list[BlockKind], texts: list[str]) -> str | None:
    """Take a closing ``(耀文)`` off the last paragraph; returns the name."""
    if not kinds or kinds[-1] is not BlockKind.PARAGRAPH:
        return None
    text = texts[-1]
    if text[-1] not in ")）":
        return None
    # The tag is the last bracket pair. A match can only start at the last opening bracket
    # (names hold no brackets), so searching the tail finds what locating that bracket and
    # matching there would, in one call instead of three.
    n = len(text)
    m = P.AUTHOR_TAG_RE.search(text, n - 40 if n > 40 else 0)
    if m is None or m.group(1) in P.AUTHOR_TAG_STOP:
        return None
    rest = text[: m.start()].rstrip()
    if rest:
        texts[-1] = rest
    else:
        kinds.pop()
        texts.pop()
    name = m.group(1)
    return " ".join(name.split()) if "  " in name or not name.isprintable() else name


def _pair(parts: list[_Part], warnings: list[str]) -> dict[str, str]:
    """out-part id -> in-part id for every continuation that resolves."""
    outs: dict[tuple[int, int], list[_Part]] = {}
    ins: dict[tuple[int, int], list[_Part]] = {}
    for part in parts:
        if part.out_page is not None:
            outs.setdefault((part.page, part.out_page), []).append(part)
        if part.in_page is not None:
            ins.setdefault((part.in_page, part.page), []).append(part)
    nxt: dict[str, str] = {}
    taken: set[str] = set()
    # Linked parts form paths. ``a`` has no successor and ``b`` no predecessor yet, so
    # a -> b closes a loop exactly when both already lie on one path: union-find says so
    # in near-constant time, where walking the chain would be quadratic on long chains.
    root: dict[str, str] = {}

    def find(x: str) -> str:
        top = x
        while (up := root.get(top, top)) != top:
            top = up
        while x != top:  # path compression
            root[x], x = top, root.get(x, x)
        return top

    def link(a: _Part, b: _Part) -> bool:
        if a.id in nxt or b.id in taken:
            return False
        ra, rb = find(a.id), find(b.id)
        if ra == rb:
            return False
        nxt[a.id] = b.id
        taken.add(b.id)
        root[ra] = rb
        return True

    for key in sorted(outs):
        group_out = outs[key]
        group_in = ins.get(key, [])
        if not group_in:
            continue
        if len(group_out) == 1 and len(group_in) == 1:
            link(group_out[0], group_in[0])
            continue
        grams_out = [_bigrams(a.title) for a in group_out]
        grams_in = [_bigrams(b.title) for b in group_in]
        scored = sorted(
            (
                (_likeness(grams_out[i], grams_in[j]), i, j)
                for i, a in enumerate(group_out)
                for j, b in enumerate(group_in)
            ),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        for score, i, j in scored:
            if score > 0:
                link(group_out[i], group_in[j])
        left_out = [a for a in group_out if a.id not in nxt]
        left_in = [b for b in group_in if b.id not in taken]
        if len(left_out) == 1 and len(left_in) == 1:
            link(left_out[0], left_in[0])
        elif left_out and left_in:
            warnings.append(
                f"page {key[0]}: {len(left_out)} stories continue on page {key[1]} "
                "and could not be told apart"
            )
    return nxt


def _dedupe_numbers(pages: list[PageBuilder], warnings: list[str]) -> list[PageBuilder]:
    pages = sorted(pages, key=lambda p: p.number or 0)
    seen: set[int] = set()
    top = max((p.number or 0) for p in pages) if pages else 0
    for page in pages:
        assert page.number is not None
        if page.number in seen:
            top += 1
            warnings.append(f"page {page.number} appears twice; the second is shown as page {top}")
            page.number = top
            page.code = None
        seen.add(page.number)
    return sorted(pages, key=lambda p: p.number or 0)


def _freeze(part: _Part, title: str, links: tuple[Link, ...]) -> Article:
    return _article(
        part.art,
        part.id,
        part.page,
        (part.kicker, title, part.subtitle),
        part.author,
        part.blocks,
        links,
    )


def _article(
    art: ArticleBuilder,
    id_: str,
    page: int,
    heads: tuple[str | None, str, str | None],
    author: str | None,
    blocks: tuple[Block, ...],
    links: tuple[Link, ...],
) -> Article:
    kicker, title, subtitle = heads
    # Slots filled through their descriptors, as make_blocks does: the frozen dataclass's
    # __init__ (object.__setattr__ per field) took twice as long, and a big issue builds
    # thousands of articles. A test holds the result equal to Article(...).
    article = _new_object(Article)
    _set_id(article, id_)
    _set_page(article, page)
    _set_title(article, title)
    _set_kicker(article, kicker)
    _set_subtitle(article, art.subtitle if art.subtitle is not None else subtitle)
    _set_byline(article, " ".join(art.bylines) if art.bylines else None)
    _set_dateline(article, art.dateline)
    _set_author(article, author)
    _set_blocks(article, blocks)
    _set_links(article, links)
    _set_article_kind(article, _KIND_BY_TITLE.get(title, _STORY))
    return article


def assemble(
    pages: list[PageBuilder],
    masthead: MastheadBuilder,
    warnings: list[str],
    source: str | None = None,
) -> Issue:
    """Freeze numbered page builders into an :class:`Issue` with resolved links."""
    pages = _dedupe_numbers(pages, warnings)
    by_code = {p.code: p.number for p in pages if p.code}
    present = {p.number for p in pages}

    def resolve(ref: PageRef) -> int:
        if ref.code is not None and ref.code in by_code:
            return by_code[ref.code] or ref.number
        return ref.number

    # Articles without continuation markers are frozen at once; the others wait for pairing.
    rows: list[list[Article | _Part]] = []
    waiting: list[_Part] = []
    for page in pages:
        number = page.number or 0
        row: list[Article | _Part] = []
        for n, art in enumerate(page.articles, 1):
            if art.more:
                art.settle()
            texts = art.texts
            author = None
            if texts and texts[-1][-1] in ")）":
                author = _author_tag(art.kinds, texts)
            blocks = make_blocks(art.kinds, texts)
            hs = art.heads
            heads = (None, hs[0], None) if len(hs) == 1 else _split_heads(hs)
            aid = f"{number}-{n}"
            if not art.outs and not art.ins and heads[1]:
                # the common case: a story with no continuation to resolve, frozen at once
                sees = tuple(_see_also(art.sees, resolve)) if art.sees else ()
                row.append(_article(art, aid, number, heads, author, blocks, sees))
                continue
            part = _Part(art, number, aid, heads, author, blocks)
            if art.outs:
                part.out_ref = art.outs[0]
                part.out_page = resolve(art.outs[0])
                if len(art.outs) > 1:
                    warnings.append(f"{part.id}: more than one out-marker; the first is used")
            if art.ins:
                part.in_ref = art.ins[0]
                part.in_page = resolve(art.ins[0])
                if len(art.ins) > 1:
                    warnings.append(f"{part.id}: more than one in-marker; the first is used")
            row.append(part)
            waiting.append(part)
        rows.append(row)

    nxt = _pair(waiting, warnings)
    prev = {b: a for a, b in nxt.items()}
    by_id = {p.id: p for p in waiting}

    def first_title(part: _Part) -> str:
        seen: set[str] = set()
        cur = part
        while not cur.title and cur.id in prev and cur.id not in seen:
            seen.add(cur.id)
            cur = by_id[prev[cur.id]]
        return cur.title or UNTITLED

    for part in waiting:
        if part.out_page is not None and part.id not in nxt:
            where = (
                "which is not in this issue"
                if part.out_page not in present
                else "but no part there names this page"
            )
            warnings.append(f"{part.id}: continues on page {part.out_page}, {where}")

    frozen_pages: list[Page] = []
    for page, row in zip(pages, rows, strict=True):
        articles: list[Article] = []
        for item in row:
            if isinstance(item, Article):
                articles.append(item)
                continue
            links: list[Link] = []
            if item.out_ref is not None and item.out_page is not None:
                links.append(
                    Link(
                        LinkKind.CONTINUES_TO, item.out_page, nxt.get(item.id), item.out_ref.printed
                    )
                )
            if item.in_ref is not None and item.in_page is not None:
                links.append(
                    Link(
                        LinkKind.CONTINUED_FROM,
                        item.in_page,
                        prev.get(item.id),
                        item.in_ref.printed,
                    )
                )
            if item.art.sees:
                links.extend(_see_also(item.art.sees, resolve))
            articles.append(_freeze(item, item.title or first_title(item), tuple(links)))
        loose = page.loose_lines()
        if loose and not articles:
            warnings.append(f"page {page.number} has no headlines; its text is kept as it is")
        frozen_pages.append(
            Page(
                number=page.number or 0,
                label=page.label,
                articles=tuple(articles),
                loose_text=tuple(loose),
                header_lines=tuple(page.header_lines()),
                code=page.code,
            )
        )
    return Issue(
        masthead=masthead.build(),
        pages=tuple(frozen_pages),
        warnings=tuple(warnings),
        source=source,
    )


def _see_also(refs: Iterable[PageRef], resolve: Callable[[PageRef], int]) -> list[Link]:
    out: list[Link] = []
    seen: set[int] = set()
    for ref in refs:
        number = resolve(ref)
        if number in seen:
            continue
        seen.add(number)
        out.append(Link(LinkKind.SEE_ALSO, number, None, ref.printed))
    return out
