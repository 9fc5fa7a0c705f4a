"""Filtering and ranked search over one issue, plus keywords and people/places/organisations.

Two modes behind one :class:`IssueSearch`:

* **substring mode** (no jieba needed, available at once): every query part (separated
  by spaces or Chinese punctuation such as ``，`` and ``、``) must occur in the article's
  title, kicker, subtitle, byline or body, after NFKC normalisation and case folding;
* **word mode** (after :meth:`IssueSearch.prepare` has warmed jieba and built an inverted
  index, which the app does in a worker): the query is cut into words and every word must
  be a word of the article. Words jieba does not know (most names) and single characters
  are matched literally instead, because jieba may cut them differently in different
  sentences; a query part mixing letters and punctuation (``C++``, ``a.*b``) is matched
  literally as a whole.

Either way nothing in a query is a pattern: ``.*``, ``(`` and ``[`` are plain text.
Ranking is BM25 over weighted fields, with articles naming more query words in their
title or kicker always above those that only name them in the body.
"""

from __future__ import annotations

import heapq
import math
import re
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, overload

from tui_paper.model import Article, Issue
from tui_paper.text.segment import (
    Segmenter,
    get_segmenter,
    is_word,
    normalize,
    normalize_mapped,
)

__all__ = [
    "FACET_KINDS",
    "FacetEntry",
    "Facets",
    "Hit",
    "IssueSearch",
    "ParsedQuery",
    "QueryTerm",
    "compute_facets",
    "search_issue",
]

#: the searchable fields of an article, in the order the index stores them
FIELDS: tuple[str, ...] = ("title", "kicker", "subtitle", "byline", "body")
# A word in the title counts four body words; the kicker three. BM25F-style weights.
_WEIGHTS: tuple[float, ...] = (4.0, 3.0, 2.0, 1.0, 1.0)
_HEAD = 2  # the first _HEAD fields (title, kicker) decide the ranking tier
# What a literal term's occurrence in the title, kicker and subtitle adds to its count in
# the article's joined text (which holds it once): the field's weight, less that one.
_LITERAL_EXTRA: tuple[tuple[int, int], ...] = tuple(
    (f, int(weight) - 1) for f, weight in enumerate(_WEIGHTS[:3])
)
_K1 = 1.2
_B = 0.75
#: article numbers: a set made for one query, or one kept by the index (never changed)
_Docs = set[int] | frozenset[int]
# Posting lists kept as sets for the next keystrokes: from 2,048 articles, 8 of them (each
# ~0.8 MB on a 10,000-article issue; none on an issue of fewer articles).
_SET_KEPT_FROM = 2048
_SETS_KEPT = 8
# Spread-out posting lists kept for the next keystrokes: 32 of them are 1.4 MB on a
# 10,000-article issue.
_SPREADS_KEPT = 32
_K = TypeVar("_K")
_V = TypeVar("_V")
_SNIPPET_BEFORE = 16
_SNIPPET_LEN = 64
_SPACES = re.compile(r"\s+")
# Query parts are separated by spaces and by Chinese punctuation typed between words
# (新型工业化，示范区); ASCII punctuation stays part of a literal term (C++, a.*b).
_SEPARATORS = re.compile(r"[\s，、。；：！？]+")


def _fields(article: Article) -> tuple[str, ...]:
    return (
        article.title or "",
        article.kicker or "",
        article.subtitle or "",
        article.byline or "",
        article.body_text,
    )


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Hit:
    """One article found by a query, best first in a result list."""

    id: str
    page: int
    title: str
    snippet: str
    #: integer part: query words in the title or kicker; fraction: BM25 relevance squashed
    #: into [0, 1). Higher is better and the result order follows it.
    score: float

    def to_dict(self) -> dict[str, Any]:
        """The automation contract's JSON shape (``tui-paper search --json``)."""
        return {
            "id": self.id,
            "page": self.page,
            "title": self.title,
            "snippet": self.snippet,
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One thing an article must contain to match."""

    #: normalised text of the word or literal
    text: str
    #: ``True``: matched as a substring; ``False``: matched as a jieba word
    literal: bool
    #: index terms that score this requirement (the word and the dictionary words in it)
    scoring: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query as the engine understands it; empty when it holds no letters or digits."""

    raw: str
    terms: tuple[QueryTerm, ...]
    word_mode: bool

    @property
    def is_empty(self) -> bool:
        """Empty or punctuation-only queries match every article."""
        return not self.terms


def _narrows(before: ParsedQuery, after: ParsedQuery) -> bool:
    """True when every article ``after`` matches is sure to match ``before`` too.

    So it is when each term of ``before`` is implied by a term of ``after``: a literal by
    any term containing its text (a jieba word is a piece of the text it was cut from), a
    word only by the same word. Typing a query one character at a time is the common case,
    and then the next keystroke need only look among the last one's matches.
    """
    if before.word_mode != after.word_mode or not before.terms:
        return False
    for old in before.terms:
        if old.literal:
            if not any(old.text in new.text for new in after.terms):
                return False
        elif not any(not new.literal and new.text == old.text for new in after.terms):
            return False
    return True


# --------------------------------------------------------------------------- the index


@dataclass(slots=True)
class _Texts:
    """Normalised field texts of every article (substring mode needs nothing more)."""

    fields: list[tuple[str, ...]]
    joined: list[str]
    head: list[str]
    #: BM25's length normalisation per article, by characters (substring mode)
    norm: list[float]


@dataclass(slots=True)
class _WordIndex:
    """Inverted index of jieba search terms: built once, queried per keystroke.

    Postings are compact arrays (doc numbers ascending, weighted term frequencies):
    a dict per term would cost ~100 bytes per (term, article) pair.
    """

    postings: dict[str, tuple[array[int], array[float]]]
    head: dict[str, array[int]]
    #: BM25's length normalisation per article, by weighted word count
    norm: list[float]
    #: articles holding each character, and holding it in the title or kicker: what a
    #: literal term (a single character, a name jieba does not know) is looked up by,
    #: instead of searching every article's text on every keystroke
    chars: dict[str, array[int]]
    head_chars: dict[str, array[int]]
    #: beside ``chars``: each article's weighted count of the character (see
    #: :func:`_literal_tf`), so a one-character term is scored without counting it in
    #: hundreds of texts on every keystroke
    char_tfs: dict[str, array[int]]
    #: the longest posting lists as sets (see :meth:`as_set`) and spread out by article
    #: (see :meth:`spread_out`), kept once made: a common word or character is in most
    #: articles of a big issue, and the next keystroke usually asks for it again
    sets: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)
    spreads: dict[tuple[str, str], array[Any]] = field(default_factory=dict)

    def as_set(self, key: tuple[str, str], plist: array[int]) -> _Docs:
        """The posting list ``plist`` (of ``key``) as a set, kept for later when it is long.

        Intersecting a set kept from the last keystroke costs a third of making one from
        the array again (and of freeing it afterwards).
        """
        return set(plist) if len(plist) < _SET_KEPT_FROM else self._kept_set(key, plist)

    def probe(self, key: tuple[str, str], plist: array[int]) -> Iterable[int]:
        """What to intersect with for ``plist``: its kept set when long, else the array
        itself (a short one is walked faster than made into a set first)."""
        return plist if len(plist) < _SET_KEPT_FROM else self._kept_set(key, plist)

    def _kept_set(self, key: tuple[str, str], plist: array[int]) -> frozenset[int]:
        return _kept(self.sets, key, _SETS_KEPT, lambda: frozenset(plist))

    def spread_out(self, key: tuple[str, str], plist: array[int], tfs: array[Any]) -> array[Any]:
        """The frequencies ``tfs`` of posting list ``plist`` by article number (0: absent).

        Looking a thousand articles up in it costs a fraction of walking ten thousand
        postings to find them.
        """

        def spread() -> array[Any]:
            out = array(tfs.typecode, bytes(len(self.norm) * tfs.itemsize))
            for d, tf in zip(plist, tfs, strict=True):
                out[d] = tf
            return out

        return _kept(self.spreads, key, _SPREADS_KEPT, spread)

    def char_docs(self, needle: str, within: Iterable[int] | None, *, head: bool = False) -> _Docs:
        """Articles (of ``within``) holding every character of ``needle``, rarest first.

        A superset of those holding ``needle`` itself when it is longer than one character.
        The result may be a set kept by the index: not to be changed.
        """
        table, kind = (self.head_chars, "h") if head else (self.chars, "c")
        lists = sorted(((ch, table.get(ch, _NO_DOCS)) for ch in set(needle)), key=_posting_len)
        first_ch, first = lists[0]
        if within is None:
            found = self.as_set((kind, first_ch), first)
        else:
            found = _as_set(within).intersection(self.probe((kind, first_ch), first))
        for ch, plist in lists[1:]:
            if not found:
                break
            found = found.intersection(self.probe((kind, ch), plist))
        return found

    def docs(self, term: str) -> array[int]:
        """Articles containing ``term`` (empty when none)."""
        found = self.postings.get(term)
        return found[0] if found is not None else _NO_DOCS


_NO_DOCS: array[int] = array("I")


def _kept(cache: dict[_K, _V], key: _K, room: int, make: Callable[[], _V]) -> _V:
    """``cache[key]``, made by ``make`` when missing; a full cache is emptied first."""
    found = cache.get(key)
    if found is None:
        if len(cache) >= room:
            cache.clear()
        found = cache[key] = make()
    return found


def _posting_len(keyed: tuple[str, array[int]]) -> int:
    return len(keyed[1])


def _as_set(docs: Iterable[int]) -> _Docs:
    return docs if isinstance(docs, (set, frozenset)) else set(docs)


def _holding(
    needle: str,
    pool: Iterable[int],
    texts: Sequence[str],
    index: _WordIndex | None,
    *,
    head: bool = False,
) -> _Docs | list[int]:
    """The articles of ``pool`` whose text in ``texts`` contains ``needle`` literally.

    With a word index, its character postings narrow the pool first (``head``: those of
    the titles and kickers, for ``texts`` of heads); without one every text is searched.
    """
    if index is None:
        return [d for d in pool if needle in texts[d]]
    found = index.char_docs(needle, None if isinstance(pool, range) else pool, head=head)
    return found if len(needle) == 1 else {d for d in found if needle in texts[d]}


def _literal_tf(needle: str, fields: Sequence[str], joined: str, in_head: bool = True) -> int:
    """How often ``needle`` occurs in an article, title and kicker weighing more.

    The fields are weighted as in the word index (see ``_LITERAL_EXTRA``). ``in_head``
    ``False`` promises that the title and kicker do not hold ``needle`` (a shortcut).
    """
    tf = joined.count(needle)
    for f, extra in _LITERAL_EXTRA if in_head else _LITERAL_EXTRA[_HEAD:]:
        if fields[f]:
            tf += extra * fields[f].count(needle)
    return tf


def _add_bm25(
    bm25: dict[int, float],
    index: _WordIndex,
    key: tuple[str, str],
    postings: tuple[array[int], array[Any]],
    top: float,
) -> None:
    """Add one term's BM25 to the articles of ``bm25`` found in its ``postings``.

    A posting list much longer than the articles to score (a common word, a common
    character: thousands of articles on a big issue) is looked up spread out by article.
    """
    plist, tfs = postings
    norm = index.norm
    if len(plist) <= 2 * len(bm25):
        for d, tf in zip(plist, tfs, strict=True):
            if d in bm25:
                bm25[d] += top * tf / (tf + norm[d])
        return
    spread = index.spread_out(key, plist, tfs)
    for d in bm25:
        tf = spread[d]
        if tf:
            bm25[d] += top * tf / (tf + norm[d])


def _norms(lengths: list[float]) -> list[float]:
    """BM25's ``k1 * (1 - b + b * dl / avgdl)`` for every document, computed once."""
    avg = (sum(lengths) / len(lengths) if lengths else 0.0) or 1.0
    return [_K1 * (1.0 - _B + _B * dl / avg) for dl in lengths]


def _idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


class IssueSearch:
    """Search, filter, highlight, keywords and facets for one issue.

    Cheap to create. Substring matching works at once; call :meth:`prepare` (in a worker
    thread: it loads jieba and segments every article) to switch to word matching.
    All methods may be called from any thread.
    """

    def __init__(self, issue: Issue, segmenter: Segmenter | None = None) -> None:
        """Search ``issue``; ``segmenter`` defaults to the process-wide one."""
        self.issue = issue
        self.segmenter = segmenter if segmenter is not None else get_segmenter()
        self._articles: tuple[Article, ...] = issue.articles
        self._pos = {a.id: i for i, a in enumerate(self._articles)}
        self._lock = threading.Lock()
        self._texts: _Texts | None = None
        self._index: _WordIndex | None = None
        self._keywords: dict[str, list[str]] = {}
        self._idf: dict[str, float] | None = None
        self._facets: Facets | None = None
        self._parsed: dict[tuple[str, bool], ParsedQuery] = {}
        #: the last query's matches: a query typed further can only match fewer
        self._recent: tuple[ParsedQuery, _Docs] | None = None

    # ---------------------------------------------------------------- state

    @property
    def is_word_mode(self) -> bool:
        """Whether queries match jieba words (else normalised substrings)."""
        return self._index is not None

    def prepare(
        self,
        progress: Callable[[int, int], None] | None = None,
        should_cancel: Callable[[], bool] | None = None,
    ) -> bool:
        """Warm jieba and build the word index; blocking, idempotent, thread-safe.

        ``progress(done, total)`` is called about a hundred times as articles are segmented
        (always with ``done == total`` last); ``should_cancel`` is polled between articles.
        Returns ``False`` when cancelled (nothing changes).
        """
        if self._index is not None:
            return True
        # substring filtering needs these first, and jieba is not needed for them
        if self._texts_now(should_cancel) is None:
            return False
        self.segmenter.warm_up(should_cancel)
        if should_cancel is not None and should_cancel():
            return False
        with self._lock:
            if self._index is not None:
                return True
            index = self._build_index(progress, should_cancel)
            if index is None:
                return False
            self._index = index
            return True

    @overload
    def _texts_now(self) -> _Texts: ...

    @overload
    def _texts_now(self, should_cancel: Callable[[], bool] | None) -> _Texts | None: ...

    def _texts_now(self, should_cancel: Callable[[], bool] | None = None) -> _Texts | None:
        """The normalised texts, made on first use; ``None`` only when cancelled."""
        texts = self._texts
        if texts is None:
            fields: list[tuple[str, ...]] = []
            for n, article in enumerate(self._articles):
                if should_cancel is not None and n % 64 == 0 and should_cancel():
                    return None
                fields.append(tuple(normalize(t) for t in _fields(article)))
            joined = ["\n".join(f) for f in fields]
            # Characters stand in for words as document length until jieba has cut them.
            lengths = [float(len(j)) for j in joined]
            texts = _Texts(
                fields=fields,
                joined=joined,
                head=["\n".join(f[:_HEAD]) for f in fields],
                norm=_norms(lengths),
            )
            self._texts = texts
        return texts

    def _build_index(
        self,
        progress: Callable[[int, int], None] | None,
        should_cancel: Callable[[], bool] | None,
    ) -> _WordIndex | None:
        texts = self._texts_now()
        seg = self.segmenter
        doc_lists: dict[str, list[int]] = {}
        tf_lists: dict[str, list[float]] = {}
        head_lists: dict[str, list[int]] = {}
        char_lists: dict[str, list[int]] = {}
        char_tf_lists: dict[str, list[int]] = {}
        head_char_lists: dict[str, list[int]] = {}
        doc_len: array[float] = array("f")
        total = len(self._articles)
        step = max(1, total // 100)  # about a hundred reports, not one per article
        for doc, fields in enumerate(texts.fields):
            if should_cancel is not None and should_cancel():
                return None
            weighted: dict[str, float] = {}
            in_head: set[str] = set()
            length = 0.0
            for f, text in enumerate(fields):
                if not text:
                    continue
                tokens = seg.normalized_terms(text)
                weight = _WEIGHTS[f]
                length += weight * len(tokens)
                for tok in tokens:
                    weighted[tok] = weighted.get(tok, 0.0) + weight
                if f < _HEAD:
                    in_head.update(tokens)
            for tok, tf in weighted.items():
                if tok in doc_lists:
                    doc_lists[tok].append(doc)
                    tf_lists[tok].append(tf)
                else:
                    doc_lists[tok] = [doc]
                    tf_lists[tok] = [tf]
            for tok in in_head:
                head_lists.setdefault(tok, []).append(doc)
            # Counter counts in C; its weighted sum is _literal_tf of every character.
            counts = Counter(texts.joined[doc])
            for f, extra in _LITERAL_EXTRA:
                for ch, n in Counter(fields[f]).items():
                    counts[ch] += extra * n
            for ch, n in counts.items():
                plist = char_lists.get(ch)
                if plist is None:
                    char_lists[ch] = [doc]
                    char_tf_lists[ch] = [n]
                else:
                    plist.append(doc)
                    char_tf_lists[ch].append(n)
            for ch in set(texts.head[doc]):
                plist = head_char_lists.get(ch)
                if plist is None:
                    head_char_lists[ch] = [doc]
                else:
                    plist.append(doc)
            doc_len.append(length)
            if progress is not None and ((doc + 1) % step == 0 or doc + 1 == total):
                progress(doc + 1, total)
        postings = {t: (array("I", d), array("f", tf_lists[t])) for t, d in doc_lists.items()}
        head = {t: array("I", d) for t, d in head_lists.items()}
        return _WordIndex(
            postings=postings,
            head=head,
            norm=_norms(list(doc_len)),
            chars={ch: array("I", d) for ch, d in char_lists.items()},
            char_tfs={ch: array("I", n) for ch, n in char_tf_lists.items()},
            head_chars={ch: array("I", d) for ch, d in head_char_lists.items()},
        )

    # ---------------------------------------------------------------- queries

    def parse(self, q: str) -> ParsedQuery:
        """How ``q`` will be matched in the current mode (also drives highlighting).

        Cached: the headline list asks for the same query's highlights once per row.
        """
        word_mode = self.is_word_mode
        key = (q, word_mode)
        cached = self._parsed.get(key)
        if cached is not None:
            return cached
        parsed = self._parse(q, word_mode)
        if len(self._parsed) >= 256:
            self._parsed.clear()
        self._parsed[key] = parsed
        return parsed

    def _parse(self, q: str, word_mode: bool) -> ParsedQuery:
        terms: list[QueryTerm] = []
        seen: set[str] = set()

        def add(term: QueryTerm) -> None:
            if term.text not in seen:
                seen.add(term.text)
                terms.append(term)

        for part in (normalize(p) for p in _SEPARATORS.split(q)):
            if not is_word(part):
                continue  # punctuation only: nothing to look for
            if not word_mode or not all(ch.isalnum() for ch in part):
                add(QueryTerm(part, literal=True))
                continue
            for word in self.segmenter.cut(part):
                if not is_word(word):
                    continue
                if self._is_stable_word(word):
                    scoring = tuple(dict.fromkeys([*self.segmenter.normalized_terms(word), word]))
                    add(QueryTerm(word, literal=False, scoring=scoring))
                else:
                    add(QueryTerm(word, literal=True))
        return ParsedQuery(raw=q, terms=tuple(terms), word_mode=word_mode)

    def _is_stable_word(self, word: str) -> bool:
        # Latin/digit runs and dictionary words come out of jieba the same in every
        # context; unknown words (names) and single characters may not, so those are
        # matched literally.
        if word.isascii():
            return True
        return len(word) >= 2 and self.segmenter.is_known_word(word)

    def query(
        self,
        q: str,
        limit: int | None = None,
        *,
        ranked: bool = True,
        snippets: bool = True,
    ) -> list[Hit]:
        """Articles matching every term of ``q``, best first.

        An empty or punctuation-only query returns every article in issue order.
        ``ranked=False`` keeps issue order (for a filter grouped by page);
        ``snippets=False`` skips snippet building when only ids and titles are shown.
        """
        parsed = self.parse(q)
        if limit is not None and limit <= 0:
            return []
        if parsed.is_empty:
            everything = range(len(self._articles))
            if limit is not None:
                everything = everything[:limit]
            return [self._hit(i, 0.0, parsed, snippets) for i in everything]
        docs = self._candidates(parsed)
        if not docs:
            return []
        if not ranked:
            order = sorted(docs)[:limit] if limit is not None else sorted(docs)
            scores = self._scores(parsed, order, self._tiers(parsed, order), len(docs))
            return [self._hit(d, scores[d], parsed, snippets) for d in order]
        tiers = self._tiers(parsed, docs)
        chosen = self._worth_scoring(docs, tiers, limit)
        scores = self._scores(parsed, chosen, tiers, len(docs))
        keyed = [(-score, d) for d, score in scores.items()]
        best = heapq.nsmallest(limit, keyed) if limit is not None else sorted(keyed)
        return [self._hit(d, -neg, parsed, snippets) for neg, d in best]

    def matching_ids(self, q: str) -> list[str]:
        """Ids of the articles ``q`` matches, in issue order, unscored.

        The filter's fast path: the headline list of a 10,000-article issue needs only
        which articles to show, not how well each matches.
        """
        parsed = self.parse(q)
        if parsed.is_empty:
            return [a.id for a in self._articles]
        return [self._articles[d].id for d in sorted(self._candidates(parsed))]

    def _candidates(self, parsed: ParsedQuery) -> _Docs:
        """Every article containing all terms of ``parsed`` (not empty)."""
        recent = self._recent
        narrowed = recent[1] if recent is not None and _narrows(recent[0], parsed) else None
        found = self._candidates_in(parsed, narrowed)
        self._recent = (parsed, found)
        return found

    def _candidates_in(self, parsed: ParsedQuery, within: _Docs | None) -> _Docs:
        texts = self._texts_now()
        index = self._index if parsed.word_mode else None
        words = [t for t in parsed.terms if not t.literal]
        pool: Iterable[int] | None = within
        if index is not None and words:
            # Rarest word first keeps the intersections small.
            lists = sorted(((t.text, index.docs(t.text)) for t in words), key=_posting_len)
            first_word, first = lists[0]
            # The last matches only help when far fewer: they hold these matches anyway.
            found: _Docs
            if within is not None and len(within) * 4 < len(first):
                found = within.intersection(first)
            else:
                found = index.as_set(("w", first_word), first)
            for word, plist in lists[1:]:
                if not found:
                    break
                found = found.intersection(index.probe(("w", word), plist))
            pool = found
        if pool is None:
            pool = range(len(self._articles))
        joined = texts.joined
        # Longest literal first: it is usually the most selective.
        for term in sorted((t for t in parsed.terms if t.literal), key=lambda t: -len(t.text)):
            needle = term.text
            pool = _holding(needle, pool, joined, index)
            if not pool:
                return set()
        return _as_set(pool)

    def _tiers(self, parsed: ParsedQuery, docs: Iterable[int]) -> dict[int, int]:
        """How many query terms each article names in its title or kicker (0s left out)."""
        pool = _as_set(docs)
        tiers: Counter[int] = Counter()
        index = self._index if parsed.word_mode else None
        heads = self._texts_now().head
        for term in parsed.terms:
            if term.literal or index is None:
                tiers.update(_holding(term.text, pool, heads, index, head=True))
            else:
                tiers.update(pool.intersection(index.head.get(term.text, _NO_DOCS)))
        return tiers

    @staticmethod
    def _worth_scoring(docs: _Docs, tiers: dict[int, int], limit: int | None) -> _Docs:
        """The articles that can make the first ``limit``: whole tiers, best tier first.

        A headline hit always outranks a body hit, so when the best tiers already hold
        ``limit`` articles nobody below them needs BM25 at all; on a 10,000-article issue
        that is the difference between scoring a few hundred articles and thousands.
        """
        if limit is None or limit >= len(docs):
            return docs
        held = 0
        for tier, count in sorted(Counter(tiers.values()).items(), reverse=True):
            held += count
            if held >= limit:
                return {d for d, t in tiers.items() if t >= tier}
        return docs  # tier 0 is needed too: everything competes

    def _scores(
        self, parsed: ParsedQuery, chosen: Iterable[int], tiers: dict[int, int], n_matched: int
    ) -> dict[int, float]:
        """Final scores of ``chosen``: headline tier plus BM25 squashed into [0, 1)."""
        texts = self._texts_now()
        index = self._index if parsed.word_mode else None
        n_docs = len(self._articles)
        bm25: dict[int, float] = dict.fromkeys(chosen, 0.0)
        norm: Sequence[float] = index.norm if index is not None else texts.norm
        for term in parsed.terms:
            if term.literal or index is None:
                continue
            for scoring in term.scoring:
                found = index.postings.get(scoring)
                if found is None:
                    continue
                top = _idf(n_docs, len(found[0])) * (_K1 + 1.0)
                _add_bm25(bm25, index, ("w", scoring), found, top)
        fields = texts.fields
        joined = texts.joined
        for term in parsed.terms:
            if not (term.literal or index is None):
                continue
            needle = term.text
            top = _idf(n_docs, n_matched) * (_K1 + 1.0)
            if index is not None and needle in index.char_tfs:
                counted = (index.chars[needle], index.char_tfs[needle])
                _add_bm25(bm25, index, ("c", needle), counted, top)
                continue
            for d in bm25:
                tf = float(_literal_tf(needle, fields[d], joined[d], bool(tiers.get(d))))
                bm25[d] += top * tf / (tf + norm[d])
        return {d: tiers.get(d, 0) + b / (b + 1.0) for d, b in bm25.items()}

    def _hit(self, doc: int, score: float, parsed: ParsedQuery, snippets: bool) -> Hit:
        article = self._articles[doc]
        return Hit(
            id=article.id,
            page=article.page,
            title=article.title,
            snippet=self._snippet(doc, parsed) if snippets else "",
            score=round(score, 4),
        )

    def _snippet(self, doc: int, parsed: ParsedQuery) -> str:
        body = self._articles[doc].body_text
        if not body:
            return ""
        start = 0
        if parsed.terms:
            norm_body = self._texts_now().fields[doc][-1]
            found = [p for t in parsed.terms if (p := norm_body.find(t.text)) >= 0]
            if found:
                first = min(found)
                if len(norm_body) != len(body):  # "…" and the like: map offsets exactly
                    first = normalize_mapped(body).to_original(first, first)[0]
                start = max(0, first - _SNIPPET_BEFORE)
        piece = body[start : start + _SNIPPET_LEN + 32]
        text = _SPACES.sub(" ", piece).strip()
        cut = len(text) > _SNIPPET_LEN or start + len(piece) < len(body)
        text = text[:_SNIPPET_LEN]
        return ("…" if start > 0 else "") + text + ("…" if cut else "")

    def highlight_spans(self, text: str, q: str) -> list[tuple[int, int]]:
        """Sorted, non-overlapping ``[start, end)`` spans of ``text`` to highlight for ``q``.

        Offsets are in the original ``text`` (as shown), found on its normalised form, so
        a query ``ai`` highlights a full-width ``ＡＩ``. Every occurrence of each query
        word is marked; ``n``/``N`` in the article view step through these spans.
        """
        parsed = self.parse(q)
        if parsed.is_empty or not text:
            return []
        mapped = normalize_mapped(text)
        norm = mapped.text
        spans: list[tuple[int, int]] = []
        for term in parsed.terms:
            needle = term.text
            pos = norm.find(needle)
            while pos >= 0:
                spans.append(mapped.to_original(pos, pos + len(needle)))
                pos = norm.find(needle, pos + len(needle))
        return _merge(spans)

    # ---------------------------------------------------------------- keywords

    def keywords(self, article_id: str, k: int = 8) -> list[str]:
        """The article's top ``k`` words by TF-IDF (computed on first request, then cached).

        Term frequency counts title words three times; inverse document frequency comes
        from jieba's general-language table, so words every article of an issue shares
        (``工作``, ``发展``) still rank below the ones that make this article special.
        Returns ``[]`` for an unknown id.
        """
        cached = self._keywords.get(article_id)
        if cached is not None:
            return cached[:k]
        doc = self._pos.get(article_id)
        if doc is None:
            return []
        article = self._articles[doc]
        seg = self.segmenter
        counts: Counter[str] = Counter()
        for text, weight in ((article.title, 3), (article.kicker or "", 2), (article.body_text, 1)):
            for word in seg.cut(text):
                if _keyword_candidate(word):
                    counts[word] += weight
        idf = self._idf_table(counts)
        default = idf.get("", 10.0)
        total = sum(counts.values()) or 1
        ranked = sorted(
            counts,
            key=lambda w: (-(counts[w] / total) * idf.get(normalize(w), default), w),
        )
        result = ranked[:20]
        self._keywords[article_id] = result
        return result[:k]

    def _idf_table(self, extra: Iterable[str]) -> dict[str, float]:
        # Read once per IssueSearch, keeping only words of this issue (all of them once the
        # word index exists), so memory stays small. "" holds the median, the value of
        # words the table lacks; those are recorded too, so no word causes a second read.
        wanted = {normalize(w) for w in extra}
        if self._idf is None:
            vocab = set(wanted)
            if self._index is not None:
                vocab.update(self._index.postings)
            table = _load_idf(vocab)
        else:
            table = self._idf
            vocab = wanted - table.keys()
            if vocab:
                table.update(_load_idf(vocab, with_median=False))
        median = table[""]
        for word in vocab:
            table.setdefault(word, median)
        self._idf = table
        return table

    # ---------------------------------------------------------------- facets

    def facets(
        self,
        should_cancel: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Facets:
        """People, places and organisations of the issue (computed once, then cached).

        Blocking (seconds for a big issue): call it in a worker. A cancelled run returns
        empty facets and is not remembered.
        """
        found = self._facets
        if found is None:
            found = compute_facets(
                self.issue, self.segmenter, should_cancel=should_cancel, progress=progress
            )
            if should_cancel is None or not should_cancel():
                self._facets = found
        return found


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# Function words and newspaper boilerplate that say nothing about an article.
_STOP_TEXT = """
    的 了 在 是 和 与 及 等 对 为 以 将 从 并 也 而 被 把 这 那 其 之 中 上 下 就 都 要
    我们 他们 你们 一个 一些 没有 进行 表示 通过 以及 相关 有关 方面 已经 目前 今年 去年
    同时 其中 不断 持续 进一步 主要 工作 问题 情况 记者 本报 本报讯 报道 日电 为了 可以
    这个 这些 那些 还是 但是 因为 所以 如果 自己 之后 之前 以来 当前 近日 此外 一是 二是
    三是 四是 五是 具有 作为 成为 实现 提供 开展 推动 推进 加强 加快 提升 提高 积极 重要
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())


def _keyword_candidate(word: str) -> bool:
    if len(word) < 2 or word in _STOP_WORDS or not is_word(word):
        return False
    # Numbers and dates ("2024", "3月") are facts, not topics.
    return not any(ch.isdigit() for ch in word)


_IDF_LOCK = threading.Lock()


def _idf_file() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "analyse" / "idf.txt"
    return path if path.is_file() else None


def _load_idf(vocab: set[str], *, with_median: bool = True) -> dict[str, float]:
    """IDF values of ``vocab`` from jieba's table (median for unknowns under key "")."""
    path = _idf_file()
    table: dict[str, float] = {}
    if path is None:
        if with_median:
            table[""] = 10.0
        return table
    values: list[float] = []
    with _IDF_LOCK, path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.rstrip("\n").partition(" ")
            try:
                idf = float(value)
            except ValueError:
                continue
            if with_median:
                values.append(idf)
            if word in vocab:
                table[word] = idf
    if with_median:
        values.sort()
        table[""] = values[len(values) // 2] if values else 10.0
    return table


# --------------------------------------------------------------------------- facets

#: the facet groups, in the order they are shown and serialised
FACET_KINDS: tuple[str, ...] = ("people", "places", "organizations")
_TAG_KIND = {
    "nr": "people",
    "nrfg": "people",
    "nrt": "people",
    "ns": "places",
    "nt": "organizations",
}
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Words jieba's tagger often takes for names or places in news text, but are not.
_NOISE_TEXT = """
    中国 全国 国家 国际 世界 海外 境外 国内 各地 地方 本地 当地 中央 全省 全市 省市
    新华社 本报 城市 城镇 城乡 乡村 农村 山区 古城 新区 两国 大国 各国 双方 两岸
    深度 新建 扎根 英雄 青春 美丽 普及 上门 惠及 治国 新春 海关 日托 沿海 内地
    人民政府 国家有关 党组织 国家机关 党和政府 全党全国 科研院所 联合会 中西部
    新兴产业 新进展 国际化 中医药 广播电视 中华文化
    许可证 高水平 青少年 纪检监察 从严治党 幸福感 安全感 获得感 养老金
    白皮书 高新区 农家乐 高素质 高端化 东西 外国 爱国 新村 高原 大桥 南站
    最大化 新格局 加油站
"""
_FACET_NOISE = frozenset(_NOISE_TEXT.split())


@dataclass(frozen=True, slots=True)
class FacetEntry:
    """One person, place or organisation: how often the issue names it and where."""

    name: str
    count: int
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Facets:
    """People, places and organisations named in an issue, most mentioned first."""

    people: tuple[FacetEntry, ...] = ()
    places: tuple[FacetEntry, ...] = ()
    organizations: tuple[FacetEntry, ...] = ()
    _lookup: dict[tuple[str, str], tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def entries(self, kind: str) -> tuple[FacetEntry, ...]:
        """The entries of ``kind`` (one of :data:`FACET_KINDS`)."""
        if kind not in FACET_KINDS:
            raise ValueError(f"unknown facet kind {kind!r}; use one of {FACET_KINDS}")
        entries: tuple[FacetEntry, ...] = getattr(self, kind)
        return entries

    def articles_for(self, kind: str, name: str) -> list[str]:
        """Ids of the articles naming ``name`` as ``kind``, in issue order ([] if none)."""
        self.entries(kind)  # validates kind
        if not self._lookup:
            for k in FACET_KINDS:
                for entry in getattr(self, k):
                    self._lookup[(k, entry.name)] = entry.articles
        return list(self._lookup.get((kind, name), ()))

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        """The automation contract's JSON shape (``tui-paper facets --json``)."""
        return {
            kind: [{"name": e.name, "count": e.count} for e in getattr(self, kind)]
            for kind in FACET_KINDS
        }


# The commonest Chinese surnames (single and compound). jieba's dictionary tags many
# everyday words as names (文明, 智慧, 阳光); a person's name starts with a surname.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝习廉丰禹郁晁鄢闻蔺冀"
    "扈郜鞠计晋阚帅盖涂容植勾揭"
)
_COMPOUND_TEXT = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 端木 独孤 南宫"
)
_COMPOUND_SURNAMES = frozenset(_COMPOUND_TEXT.split())
#: last characters that make a "name" a place or an institution (镇 town, 村 village, ...)
_PLACE_SUFFIXES = frozenset("镇村县市省区乡街路港站局厅所院校馆")
#: dictionary words this frequent are everyday words even when jieba tags them as names
_COMMON_WORD_FREQ = 1000
#: two-character dictionary "names" above this frequency are everyday words too
_RARE_WORD_FREQ = 50


def _looks_like_person(name: str, tag: str, seg: Segmenter) -> bool:
    if "·" in name:
        return all(_CJK.match(ch) or ch == "·" for ch in name)
    if not 2 <= len(name) <= 4 or not all(_CJK.match(ch) for ch in name):
        return False
    if tag == "nrfg":  # jieba's own list of well-known names
        return True
    freq = seg.word_frequency(name)
    # Most people in the news are not in jieba's dictionary at all (its HMM finds them);
    # the dictionary's "names" are mostly everyday words: 文明, 祝福, 师生, 蓝天.
    if freq > _COMMON_WORD_FREQ or (len(name) == 2 and freq > _RARE_WORD_FREQ):
        return False
    if tag == "nrt":  # transliterated foreign names carry no Chinese surname
        return True
    if name[-1] in _PLACE_SUFFIXES:  # 石桥镇 is a town, whatever the tagger says
        return False
    if name[:2] in _COMPOUND_SURNAMES:
        return len(name) >= 3
    return name[0] in _SURNAMES and len(name) <= 3


def _facet_name_ok(kind: str, word: str, tag: str, seg: Segmenter) -> bool:
    if len(word) < 2 or word in _FACET_NOISE or not _CJK.search(word):
        return False
    if kind == "people":
        return _looks_like_person(word, tag, seg)
    return not any(ch.isdigit() for ch in word)


_PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})
_DOTS = "·•・"


def _proper_nouns(tags: Iterable[tuple[str, str]]) -> Iterable[tuple[str, str, str]]:
    """(kind, name, tag) for each proper noun, re-joining names the tagger cut apart.

    jieba often splits a Chinese name after the surname (``王/nr 江平/ns``) and a
    transliterated one at its parts (``克里斯蒂/nrt 亚诺/nrt · 安蒙/ns``).
    """
    pairs = list(tags)
    i = 0
    n = len(pairs)
    while i < n:
        word, tag = pairs[i]
        if tag in _PERSON_TAGS:
            name = word
            j = i + 1
            if len(word) == 1 and word in _SURNAMES and j < n and 1 <= len(pairs[j][0]) <= 2:
                nxt = pairs[j][0]
                if _CJK.match(nxt) and pairs[j][1] in {"nr", "ns", "nrt", "nz", "nrfg"}:
                    name += nxt  # surname + given name
                    j += 1
            while j < n:
                nxt, nxt_tag = pairs[j]
                if nxt_tag == "nrt" and tag == "nrt":
                    name += nxt
                    j += 1
                elif nxt in _DOTS and j + 1 < n and _CJK.match(pairs[j + 1][0]):
                    name += "·" + pairs[j + 1][0]
                    j += 2
                else:
                    break
            yield "people", name.strip(), tag
            i = j
            continue
        kind = _TAG_KIND.get(tag)
        if kind is not None:
            yield kind, word.strip(), tag
        i += 1


def compute_facets(
    issue: Issue,
    segmenter: Segmenter | None = None,
    *,
    should_cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Facets:
    """Tag every article's title, kicker, subtitle and body and collect the proper nouns.

    People are jieba's ``nr`` tags (re-joined where the tagger split a name, and only
    names that start with a surname or are transliterated), places ``ns``, organisations
    ``nt``; single characters and words the tagger habitually mistakes are dropped.
    Blocking: part-of-speech tagging runs at ~20,000 characters a second, so a 20-page
    issue takes seconds and the app runs it in a worker. ``progress(done, total)`` is
    called after each article; returns empty facets if cancelled.
    """
    seg = segmenter if segmenter is not None else get_segmenter()
    counts: dict[str, Counter[str]] = {k: Counter() for k in FACET_KINDS}
    where: dict[str, dict[str, list[str]]] = {k: {} for k in FACET_KINDS}
    articles = issue.articles
    for done, article in enumerate(articles, 1):
        if should_cancel is not None and should_cancel():
            return Facets()
        text = "\n".join(t for t in (article.title, article.kicker, article.subtitle) if t)
        text = f"{text}\n{article.body_text}"
        for kind, name, tag in _proper_nouns(seg.iter_pos_tags(text)):
            if not _facet_name_ok(kind, name, tag, seg):
                continue
            counts[kind][name] += 1
            ids = where[kind].setdefault(name, [])
            if not ids or ids[-1] != article.id:
                ids.append(article.id)
        if progress is not None:
            progress(done, len(articles))

    def entries(kind: str) -> tuple[FacetEntry, ...]:
        rows = sorted(counts[kind].items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(FacetEntry(n, c, tuple(where[kind][n])) for n, c in rows)

    return Facets(
        people=entries("people"),
        places=entries("places"),
        organizations=entries("organizations"),
    )


# --------------------------------------------------------------------------- one-shot


def search_issue(issue: Issue, query: str, limit: int | None = 50) -> list[Hit]:
    """Word-mode search of ``issue`` for the CLI: warms jieba synchronously."""
    search = IssueSearch(issue)
    search.prepare()
    return search.query(query, limit=limit)
