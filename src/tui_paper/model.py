"""The parsed issue model: Issue -> Page -> Article -> Block, plus links between articles.

Everything here is a frozen dataclass holding plain values and ids (never widgets), so the
model can be shared between threads, cached, compared in tests and serialised to JSON.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any


class BlockKind(StrEnum):
    """What a body block is, which decides how the article view styles it."""

    PARAGRAPH = "paragraph"
    SUBHEAD = "subhead"
    CAPTION = "caption"


class LinkKind(StrEnum):
    """How one article points at another page (and, once resolved, another article)."""

    CONTINUES_TO = "continues_to"  # (下转第2版): the story goes on elsewhere
    CONTINUED_FROM = "continued_from"  # (上接第1版): this part carries on a story from elsewhere
    SEE_ALSO = "see_also"  # （相关报道见第三版）: a cross-reference


class ArticleKind(StrEnum):
    """Most items are stories; archives also carry adverts and photo items, kept but marked."""

    STORY = "story"
    AD = "ad"
    PHOTO = "photo"


#: per model class: its field values as a tuple, in field order
_VALUE_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _field_values(obj: Any) -> tuple[Any, ...]:
    cls = type(obj)
    getter = _VALUE_GETTERS.get(cls)
    if getter is None:
        names = [f.name for f in fields(cls)]
        one = attrgetter(names[0])
        getter = attrgetter(*names) if len(names) > 1 else lambda o: (one(o),)
        _VALUE_GETTERS[cls] = getter
    return getter(obj)


class _Value:
    """Equality, hashing and repr by field values, as ``@dataclass`` would write them.

    Written once here for every model class instead of generated per class: ``@dataclass``
    compiles the source of each method it writes when the module is imported, and for these
    three methods of six classes that was ~3 ms of every start of the app.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return _field_values(self) == _field_values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_field_values(self))

    def __repr__(self) -> str:
        names = (f.name for f in fields(self))  # type: ignore[arg-type]
        values = ", ".join(f"{n}={v!r}" for n, v in zip(names, _field_values(self), strict=True))
        return f"{type(self).__qualname__}({values})"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Block(_Value):
    """One unit of article body text."""

    kind: BlockKind
    text: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Link(_Value):
    """A pointer to a page, and to an article on it when the reader could resolve one.

    ``article`` is ``None`` when the target page is not in the issue or no article there
    matched: the link still names its page, but never a wrong article.
    """

    kind: LinkKind
    page: int
    article: str | None = None
    #: the page as printed in the marker, e.g. ``"A2"`` or ``"二"``; informational only.
    page_text: str | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Article(_Value):
    """One story (or one part of a story continued across pages)."""

    id: str
    page: int
    title: str
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    dateline: str | None = None
    author: str | None = None
    blocks: tuple[Block, ...] = ()
    links: tuple[Link, ...] = ()
    kind: ArticleKind = ArticleKind.STORY

    @property
    def continues_to(self) -> Link | None:
        """The out-link of a story that goes on on another page."""
        return next((lk for lk in self.links if lk.kind is LinkKind.CONTINUES_TO), None)

    @property
    def continued_from(self) -> Link | None:
        """The in-link of a part that carries on a story from another page."""
        return next((lk for lk in self.links if lk.kind is LinkKind.CONTINUED_FROM), None)

    @property
    def see_also(self) -> tuple[Link, ...]:
        """Cross-references to other pages, one per page named."""
        return tuple(lk for lk in self.links if lk.kind is LinkKind.SEE_ALSO)

    @property
    def body_text(self) -> str:
        """All block text joined by newlines (for search and snippets)."""
        return "\n".join(b.text for b in self.blocks)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Page(_Value):
    """One printed page (版) of an issue."""

    number: int
    label: str | None = None
    articles: tuple[Article, ...] = ()
    #: text of a page that has no headline at all, kept so nothing is lost
    loose_text: tuple[str, ...] = ()
    #: running-header lines (date, 责任编辑, phone) that belong to the page, not an article
    header_lines: tuple[str, ...] = ()
    #: the page as printed when it carries a letter, e.g. ``"A2"``
    code: str | None = None

    @property
    def tab_label(self) -> str:
        """``"1 要闻"`` — how a page is named on a tab."""
        name = self.code or str(self.number)
        return f"{name} {self.label}" if self.label else name


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Masthead(_Value):
    """The paper and issue facts printed above the first headline."""

    name: str | None = None
    publisher: str | None = None
    supervisor: str | None = None
    sponsors: tuple[str, ...] = ()
    serial: str | None = None
    postal_code: str | None = None
    url: str | None = None
    date: _dt.date | None = None
    weekday: str | None = None
    page_count: int | None = None
    issue_number: int | None = None
    total_issue_number: int | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Issue(_Value):
    """One issue of a paper: masthead, pages in order, and what the reader warned about."""

    masthead: Masthead = field(default_factory=Masthead)
    pages: tuple[Page, ...] = ()
    warnings: tuple[str, ...] = ()
    source: str | None = None

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article of the issue in page order."""
        return tuple(a for p in self.pages for a in p.articles)

    def page(self, number: int) -> Page | None:
        """The page with this number, or ``None`` when it is not in the issue."""
        return next((p for p in self.pages if p.number == number), None)

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or ``None``."""
        for page in self.pages:
            for art in page.articles:
                if art.id == article_id:
                    return art
        return None

    def story_parts(self, article_id: str) -> tuple[Article, ...]:
        """All parts of the story ``article_id`` belongs to, in reading order.

        Follows resolved continuation links backwards to the first part, then forwards;
        a visited set makes a malformed chain end instead of looping.
        """
        start = self.article(article_id)
        if start is None:
            return ()
        seen = {start.id}
        first = start
        while (back := first.continued_from) and back.article and back.article not in seen:
            prev = self.article(back.article)
            if prev is None:
                break
            seen.add(prev.id)
            first = prev
        parts = [first]
        seen = {first.id}
        cur = first
        while (nxt := cur.continues_to) and nxt.article and nxt.article not in seen:
            following = self.article(nxt.article)
            if following is None:
                break
            seen.add(following.id)
            parts.append(following)
            cur = following
        return tuple(parts)


def _link_dict(link: Link | None) -> dict[str, Any] | None:
    if link is None:
        return None
    return {"page": link.page, "article": link.article}


#: a kind's plain string (``.value`` goes through a Python-level property, once per block)
_BLOCK_KIND_VALUES = {kind: kind.value for kind in BlockKind}


def article_to_dict(art: Article) -> dict[str, Any]:
    """The automation contract's JSON shape of one article."""
    values = _BLOCK_KIND_VALUES
    return {
        "id": art.id,
        "page": art.page,
        "kind": art.kind.value,
        "kicker": art.kicker,
        "title": art.title,
        "subtitle": art.subtitle,
        "byline": art.byline,
        "dateline": art.dateline,
        "author": art.author,
        "blocks": [{"kind": values[b.kind], "text": b.text} for b in art.blocks],
        "continues_to": _link_dict(art.continues_to),
        "continued_from": _link_dict(art.continued_from),
        "see_also": [{"page": lk.page, "article": lk.article} for lk in art.see_also],
    }


def issue_to_dict(issue: Issue) -> dict[str, Any]:
    """The automation contract's JSON shape of a whole issue (``tui-paper dump``)."""
    m = issue.masthead
    return {
        "paper": {
            "name": m.name,
            "publisher": m.publisher,
            "supervisor": m.supervisor,
            "sponsors": list(m.sponsors),
            "serial": m.serial,
            "postal_code": m.postal_code,
            "url": m.url,
        },
        "date": m.date.isoformat() if m.date else None,
        "weekday": m.weekday,
        "page_count": m.page_count,
        "issue_number": m.issue_number,
        "total_issue_number": m.total_issue_number,
        "pages": [
            {
                "number": p.number,
                "label": p.label,
                "code": p.code,
                "header_lines": list(p.header_lines),
                "loose_text": list(p.loose_text),
                "articles": [article_to_dict(a) for a in p.articles],
            }
            for p in issue.pages
        ],
        "warnings": list(issue.warnings),
        "source": issue.source,
    }
