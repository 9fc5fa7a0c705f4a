"""What the filter box asks of a search engine, and the substring engine used until jieba is ready.

The issue screen talks to a :class:`FilterEngine`; the substring engine here answers at once,
and the word-segmented engine of :mod:`tui_paper.search` replaces it behind the same protocol
once its index is built in a worker. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from tui_paper.model import Issue


class ArticleHit(Protocol):
    """One article that matched, as any engine reports it."""

    @property
    def id(self) -> str:
        """The article id."""
        ...

    @property
    def page(self) -> int:
        """The page the article is on."""
        ...

    @property
    def score(self) -> float:
        """Higher is better."""
        ...


class FilterEngine(Protocol):
    """The search behind the filter box."""

    @property
    def is_word_mode(self) -> bool:
        """True when matching whole Chinese words rather than substrings."""
        ...

    def query(self, q: str, limit: int | None = None) -> Sequence[ArticleHit]:
        """Articles matching every term of ``q``, best first (at most ``limit``)."""
        ...

    def highlight_spans(self, text: str, q: str) -> list[tuple[int, int]]:
        """Character ranges of ``text`` to highlight for the query ``q``."""
        ...


class SubstringHit(NamedTuple):
    """A hit of the substring engine."""

    id: str
    page: int
    score: float


def split_terms(q: str) -> list[str]:
    """The lower-cased, space-separated terms of a query (full-width spaces count)."""
    return [t for t in q.replace("\u3000", " ").lower().split() if t]


class SubstringFilter:
    """Every term must occur in the title, kicker, subtitle, byline or body (case-insensitive).

    Title and kicker hits come before body hits, each tier in issue order, so the order is
    already useful before the word-segmented engine is ready. Typing on (a query that extends
    the previous one) searches only the previous matches, which keeps keystrokes quick on
    issues of 10,000 articles.
    """

    is_word_mode = False

    def __init__(self, issue: Issue) -> None:
        self._ids: list[str] = []
        self._pages: list[int] = []
        # all searchable text, and the head (kicker, title, subtitle) alone for the ranking
        self._hay: list[str] = []
        self._head: list[str] = []
        for art in issue.articles:
            head = "\n".join(t for t in (art.kicker, art.title, art.subtitle) if t).lower()
            rest = "\n".join(t for t in (art.byline, art.dateline, art.body_text) if t).lower()
            self._ids.append(art.id)
            self._pages.append(art.page)
            self._hay.append(f"{head}\n{rest}")
            self._head.append(head)
        self._last_query = ""
        self._last_rows: list[int] = list(range(len(self._ids)))

    def _candidates(self, norm: str) -> Sequence[int]:
        """Rows that can match ``norm``: the matches of a query it extends, else every row."""
        if self._last_query and norm.startswith(self._last_query):
            return self._last_rows  # every match of the longer query matched this
        return range(len(self._ids))

    def _matching_rows(self, norm: str, terms: list[str]) -> list[int]:
        hay = self._hay
        rows = list(self._candidates(norm))
        for t in terms:  # one plain comprehension per term: much faster than all(...) per row
            rows = [i for i in rows if t in hay[i]]
        self._last_query, self._last_rows = norm, rows
        return rows

    def _first_rows(self, norm: str, terms: list[str], limit: int) -> list[int]:
        """The first ``limit`` matches in ranking order: head hits, then body hits.

        Stops as soon as ``limit`` are found, so a common one-character query costs a scan of
        the short heads and of a few bodies, not of all 10,000 bodies. When the scan runs to
        the end anyway, its full result is kept for the next, longer query.
        """
        candidates = self._candidates(norm)
        head, hay = self._head, self._hay
        single = terms[0] if len(terms) == 1 else None
        head_rows: list[int] = []
        if single is not None:  # the common case, kept free of per-row generators
            for i in candidates:
                if single in head[i]:
                    head_rows.append(i)
                    if len(head_rows) >= limit:
                        return head_rows
        else:
            for i in candidates:
                hd = head[i]
                if any(t in hd for t in terms) and all(t in hay[i] for t in terms):
                    head_rows.append(i)
                    if len(head_rows) >= limit:
                        return head_rows
        need = limit - len(head_rows)
        in_head = set(head_rows)
        body_rows: list[int] = []
        for i in candidates:
            if i in in_head:
                continue
            h = hay[i]
            if (single in h) if single is not None else all(t in h for t in terms):
                body_rows.append(i)
                if len(body_rows) >= need:
                    return head_rows + body_rows
        # scanned everything: remember all matches for the next keystroke
        self._last_query = norm
        self._last_rows = sorted(head_rows + body_rows)
        return head_rows + body_rows

    def query(self, q: str, limit: int | None = None) -> list[SubstringHit]:
        """Matching articles: title/kicker hits first, then body hits, each in issue order."""
        terms = split_terms(q)
        if not terms:
            return []
        norm = " ".join(terms)
        if limit is not None:
            ordered = self._first_rows(norm, terms, limit) if limit > 0 else []
            head = self._head
            in_head = {i for i in ordered if any(t in head[i] for t in terms)}
        else:
            rows = self._matching_rows(norm, terms)
            head = self._head
            in_head = set()
            for t in terms:
                in_head.update(i for i in rows if t in head[i])
            ordered = [i for i in rows if i in in_head] + [i for i in rows if i not in in_head]
        return [
            SubstringHit(self._ids[i], self._pages[i], 2.0 if i in in_head else 1.0)
            for i in ordered
        ]

    def highlight_spans(self, text: str, q: str) -> list[tuple[int, int]]:
        """Every occurrence of every term in ``text``."""
        lowered = text.lower()
        if len(lowered) != len(text):  # a case mapping changed lengths: offsets would lie
            return []
        spans: list[tuple[int, int]] = []
        for term in split_terms(q):
            start = lowered.find(term)
            while start != -1:
                spans.append((start, start + len(term)))
                start = lowered.find(term, start + len(term))
        return sorted(spans)


class _WordSearch(Protocol):
    """The parts of :class:`tui_paper.search.IssueSearch` the filter uses."""

    @property
    def is_word_mode(self) -> bool: ...

    def query(
        self, q: str, limit: int | None = None, *, ranked: bool = True, snippets: bool = True
    ) -> Sequence[ArticleHit]: ...

    def highlight_spans(self, text: str, q: str) -> list[tuple[int, int]]: ...


class WordFilter:
    """The jieba-backed issue search behind the filter box (ranked, no snippets needed)."""

    def __init__(self, search: _WordSearch) -> None:
        self._search = search

    @property
    def is_word_mode(self) -> bool:
        """True once the search's word index is built."""
        return self._search.is_word_mode

    def query(self, q: str, limit: int | None = None) -> Sequence[ArticleHit]:
        """Matching articles, best first (at most ``limit``)."""
        return self._search.query(q, limit, snippets=False)

    def highlight_spans(self, text: str, q: str) -> list[tuple[int, int]]:
        """The words of ``q`` in ``text``."""
        return self._search.highlight_spans(text, q)
