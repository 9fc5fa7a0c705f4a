"""What the filter box asks of a search engine, and the substring engine used until jieba is ready.

The issue screen talks to a :class:`FilterEngine`; the substring engine here answers at once,
and the word-segmented engine of :mod:`tui_paper.search` replaces it behind the same protocol
once its index is built in a worker. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tui_paper.model import Article, Issue


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

    def query(self, q: str) -> Sequence[ArticleHit]:
        """Articles matching every term of ``q``, best first."""
        ...

    def highlight_spans(self, text: str, q: str) -> list[tuple[int, int]]:
        """Character ranges of ``text`` to highlight for the query ``q``."""
        ...


@dataclass(frozen=True, slots=True)
class SubstringHit:
    """A hit of the substring engine."""

    id: str
    page: int
    score: float


def split_terms(q: str) -> list[str]:
    """The lower-cased, space-separated terms of a query (full-width spaces count)."""
    return [t for t in q.replace("\u3000", " ").lower().split() if t]


class SubstringFilter:
    """Every term must occur in the title, kicker, subtitle, byline or body (case-insensitive).

    Title and kicker hits score above body hits, so the order is already useful before the
    word-segmented engine is ready.
    """

    is_word_mode = False

    def __init__(self, issue: Issue) -> None:
        self._rows: list[tuple[Article, str, str]] = []
        for art in issue.articles:
            head = "\n".join(t for t in (art.kicker, art.title, art.subtitle) if t).lower()
            rest = "\n".join(t for t in (art.byline, art.dateline, art.body_text) if t).lower()
            self._rows.append((art, head, rest))

    def query(self, q: str) -> list[SubstringHit]:
        """Matching articles, title/kicker hits first, then issue order."""
        terms = split_terms(q)
        if not terms:
            return []
        hits: list[SubstringHit] = []
        for order, (art, head, rest) in enumerate(self._rows):
            score = 0.0
            for term in terms:
                if term in head:
                    score += 2.0
                elif term in rest:
                    score += 1.0
                else:
                    break
            else:
                # the tiny order term keeps equal scores in issue order after sorting
                hits.append(SubstringHit(art.id, art.page, score - order * 1e-9))
        hits.sort(key=lambda h: -h.score)
        return hits

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

    def query(self, q: str) -> Sequence[ArticleHit]:
        """Matching articles, best first."""
        return self._search.query(q, snippets=False)

    def highlight_spans(self, text: str, q: str) -> list[tuple[int, int]]:
        """The words of ``q`` in ``text``."""
        return self._search.highlight_spans(text, q)
