"""Page text -> pages of articles: the line-by-line recogniser.

One pass over the lines of a page (or of a multi-page text) builds mutable page and article
builders; :mod:`tui_paper.reader.assemble` then numbers them, resolves continuation links and
freezes the model. The hot path is an ordinary body paragraph, so every rule first looks at a
line's first or last character (set membership) before it runs a regular expression.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tui_paper.model import BlockKind
from tui_paper.reader import patterns as P
from tui_paper.reader.decode import strip_controls
from tui_paper.reader.masthead import MastheadBuilder
from tui_paper.reader.numerals import PageRef, parse_page_ref

_PARA_KIND = BlockKind.PARAGRAPH
# what the last block of an article allows the next one
_SHUT = 0
_OPEN = 1
_SUB = 2

# pre-headline line kinds
_HEADER = 0  # a running header: page header, date, editor, phone
_SHORT = 1  # a short line above the first headline (a header unless the page has no articles)
_LONG = 2  # prose with no headline above it

_HEADER_FIRST = frozenset("第#ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_RUNNING_FIRST = frozenset("0123456789星周礼本责编美版校制设图值主照电联新热传邮Ee")
_CAPTION_FIRST = frozenset("图上下左右")
_SEE_ALSO_CHAR = "见"
# first characters that always need a look (headline, bold, subtitle, bracket or arrow)
_SLOW_FIRST = frozenset("#*—(（【◀▶◆▲▼►")
_VERB_FIRST = P.MARKER_START_FIRST - _SLOW_FIRST  # 下上紧续转接: a marker only if 版 follows
_SLOW_SHORT = _HEADER_FIRST | _RUNNING_FIRST | P.BYLINE_FIRST
# What a line's first character may announce, as bit flags in one dict lookup (the hot path
# asks once per line instead of testing five sets).
_F_ALWAYS = 1  # headline, bold, subtitle, bracket or arrow: always look
_F_SHORT = 2  # page header, running header, byline: only on a short line
_F_CAPTION = 4  # 图为…
_F_VERB = 8  # 下转/上接…: only with 版 close behind
_F_DATELINE = 16  # 本报讯…: only on an article's first paragraph
_FIRST_FLAGS: dict[str, int] = {}
for _chars, _flag in (
    (_SLOW_FIRST, _F_ALWAYS),
    (_SLOW_SHORT, _F_SHORT),
    (_CAPTION_FIRST, _F_CAPTION),
    (_VERB_FIRST, _F_VERB),
    (P.DATELINE_FIRST, _F_DATELINE),
):
    for _ch in _chars:
        _FIRST_FLAGS[_ch] = _FIRST_FLAGS.get(_ch, 0) | _flag
_SHORT_LEN = 20
_MASTHEAD_LINES = 40


class ArticleBuilder:
    """An article while its lines are read.

    Body blocks are kept final as they arrive: a paragraph cut by a column break is joined
    to its predecessor at once, and stacked sub-head lines merge, so no second pass is needed.
    """

    __slots__ = (
        "bylines",
        "dateline",
        "heads",
        "ins",
        "kinds",
        "more",
        "open_head",
        "outs",
        "sees",
        "subtitle",
        "tail",
        "texts",
    )

    def __init__(self, heads: list[str]) -> None:
        self.heads = heads
        self.subtitle: str | None = None
        # rare parts are tuples, grown by concatenation, or made when first needed: a big
        # issue builds (and frees) thousands of articles, most of which never use them
        self.bylines: tuple[str, ...] = ()
        self.dateline: str | None = None
        #: block kinds and texts, in parallel
        self.kinds: list[BlockKind] = []
        self.texts: list[str] = []
        #: pieces still to be appended to ``texts[-1]`` (joined once, so that a long run of
        #: joined lines costs linear, not quadratic, time); ``None`` or never empty
        self.more: list[str] | None = None
        #: what the last block allows: _OPEN (an unfinished paragraph the next ordinary one
        #: carries on), _SUB (a sub-head the next sub-head line joins) or _SHUT
        self.tail = _SHUT
        self.outs: tuple[PageRef, ...] = ()
        self.ins: tuple[PageRef, ...] = ()
        self.sees: tuple[PageRef, ...] = ()
        #: True while only headlines have been read: another headline is then a title
        self.open_head = bool(heads)

    def settle(self) -> None:
        """Finish the last block: append the pieces joined to it."""
        more = self.more
        if more is not None:
            self.texts[-1] = "".join([self.texts[-1], *more])
            self.more = None

    def join(self, text: str) -> None:
        """Carry the last paragraph on with ``text`` (a column break is being repaired)."""
        more = self.more
        if more is None:
            more = self.more = []
            prev = self.texts[-1]
        else:
            prev = more[-1]
        # Chinese joins without a space; two Latin words across a column break keep one.
        left, right = prev[-1], text[0]
        if left.isascii() and left.isalnum() and right.isascii() and right.isalnum():
            more.append(" ")
        more.append(text)

    def add_paragraph(self, text: str, *, ordinary: bool = True, closed: bool = False) -> None:
        """A body paragraph; ``ordinary`` text may carry on an unfinished one before it."""
        if ordinary and self.tail == _OPEN:
            self.join(text)
        else:
            if self.more:
                self.settle()
            self.kinds.append(_PARA_KIND)
            self.texts.append(text)
        self.tail = _SHUT if closed or _is_final(text) else _OPEN
        self.open_head = False

    def add_subhead(self, text: str) -> None:
        """A bold sub-head line; stacked lines make one sub-head."""
        if self.tail == _SUB:
            if self.more is None:
                self.more = ["\n", text]
            else:
                self.more += ("\n", text)
        else:
            if self.more:
                self.settle()
            self.kinds.append(BlockKind.SUBHEAD)
            self.texts.append(text)
        self.tail = _SUB
        self.open_head = False

    def add_caption(self, text: str) -> None:
        """A ``图为…`` caption: never joined to anything."""
        if self.more:
            self.settle()
        self.kinds.append(BlockKind.CAPTION)
        self.texts.append(text)
        self.tail = _SHUT
        self.open_head = False


class PageBuilder:
    """A page while its lines are read."""

    __slots__ = ("articles", "code", "label", "lines", "number", "substantive")

    def __init__(self) -> None:
        self.number: int | None = None
        self.code: str | None = None
        self.label: str | None = None
        #: lines that are not article text, in order, with their kind (_HEADER/_SHORT/_LONG)
        self.lines: list[tuple[str, int]] = []
        self.articles: list[ArticleBuilder] = []
        #: True once the page holds prose or articles (a page header then starts a new page)
        self.substantive = False

    def header_lines(self) -> list[str]:
        """Running headers, plus short lines above the first headline when the page has articles."""
        has_articles = bool(self.articles)
        return [t for t, k in self.lines if k == _HEADER or (k == _SHORT and has_articles)]

    def loose_lines(self) -> list[str]:
        """Text that belongs to no article."""
        has_articles = bool(self.articles)
        return [t for t, k in self.lines if k == _LONG or (k == _SHORT and not has_articles)]

    def is_empty(self) -> bool:
        """Nothing at all was read for this page."""
        return not self.lines and not self.articles and self.number is None


class EndMarker(NamedTuple):
    """A continuation marker found at the end of a line."""

    start: int
    verb: str
    page: str


_ARROWS = "◀▶◆▲▼►"


def _is_letter(ch: str) -> bool:
    """A letter other than an ASCII one (a hanzi on a Chinese page), as the patterns' class."""
    return not ch.isascii() and ch.isalnum() and not ch.isdecimal()


def end_marker(line: str) -> EndMarker | None:
    """A continuation marker ending ``line`` (``…。(下转第2版)``), else ``None``.

    Found from its verb (转/接) outwards with string operations: a regular-expression search
    of the tail costs ~10 µs a line, because every character could open a marker.
    """
    n = len(line)
    lo = max(0, n - 16)
    j = max(line.rfind("转", lo), line.rfind("接", lo))
    if j < 0:
        return None
    start = j - 1 if j > 0 and line[j - 1 : j + 1] in _TWO_CHAR_VERBS else j
    m = P.MARKER_TAIL_RE.match(line, start)
    if m is None:
        return None
    # walk back over spaces, an arrow and an opening bracket
    k = start
    while k > 0 and line[k - 1] in " \t\u3000" and start - k < 3:
        k -= 1
    if k > 0 and line[k - 1] in _ARROWS:
        k -= 1
        while k > 0 and line[k - 1] in " \t\u3000" and start - k < 6:
            k -= 1
    opened = k > 0 and line[k - 1] in "(（【"
    if opened:
        k -= 1
        while k > 0 and line[k - 1] in " \t\u3000" and start - k < 9:
            k -= 1
        if k > 0 and line[k - 1] in _ARROWS:
            k -= 1
    if opened != (m.group("close") is not None):
        return None
    verb = m.group("verb")
    if len(verb) == 1 and not opened and start > 0 and _is_letter(line[start - 1]):
        return None  # 对接第2版, 已转A2版: a word, not a marker
    return EndMarker(k, verb, m.group("page"))


_TWO_CHAR_VERBS = frozenset({"下转", "上接", "紧接", "续转"})


def _is_final(text: str) -> bool:
    last = text[-1]
    if last in P.FINAL_PUNCT:
        return True
    if last in P.CLOSING_QUOTES:
        return len(text) > 1 and text[-2] in P.FINAL_PUNCT
    return False


class PageParser:
    """Reads lines into page builders; one instance per text (a file or a page)."""

    def __init__(self, masthead: MastheadBuilder, warnings: list[str]) -> None:
        self.masthead = masthead
        self.warnings = warnings
        self.pages: list[PageBuilder] = []
        self.page = PageBuilder()
        self.art: ArticleBuilder | None = None
        self.pending: list[str] = []
        #: masthead lines still worth trying: a masthead is a few lines above the first
        #: headline of a text, so a long headline-less text is not run through its patterns
        self.masthead_budget = _MASTHEAD_LINES

    # ---- pages --------------------------------------------------------------------------------

    def _new_page(self) -> None:
        self._flush_pending()
        if not self.page.is_empty():
            self.pages.append(self.page)
        self.page = PageBuilder()
        self.art = None

    def _flush_pending(self) -> None:
        if self.pending:
            self.page.lines.extend((t, _HEADER) for t in self.pending)
            self.pending.clear()

    def _page_header(self, line: str, m: re.Match[str]) -> None:
        page = self.page
        if page.substantive or page.number is not None:
            pending, self.pending = self.pending, []
            self._new_page()
            self.pending = pending
        page = self.page
        self._flush_pending()
        if m.group("num") is not None:
            ref = parse_page_ref(m.group("num"))
        else:
            ref = parse_page_ref(m.group("letter") + m.group("lnum"))
        if ref is not None:
            page.number = ref.number
            page.code = ref.code
        if m.group("label"):
            page.label = m.group("label")
        page.lines.append((line, _HEADER))
        if m.group("rest"):
            self.masthead.note_date(m.group("rest"))

    def finish(self) -> list[PageBuilder]:
        """All pages read, in order (an empty text still gives one empty page)."""
        self._flush_pending()
        if not self.page.is_empty() or not self.pages:
            self.pages.append(self.page)
        self.art = None
        return self.pages

    # ---- lines --------------------------------------------------------------------------------

    def feed_text(self, text: str, *, decoded: bool = False) -> None:
        """Read a whole text: form feeds and page-header lines start new pages.

        ``decoded`` says the text came from strict decoding (no lone surrogates possible),
        which lets the control-character check take its quicker route.
        """
        text = strip_controls(text, keep_form_feeds=True, decoded=decoded)
        feed_line = self.feed_line
        first_flags = _FIRST_FLAGS
        captions = P.CAPTION_PREFIXES
        slow_last = P.MARKER_END_LAST
        final = P.FINAL_PUNCT
        quotes = P.CLOSING_QUOTES
        para = _PARA_KIND
        pending = self.pending  # the same list object for the parser's life
        for index, chunk in enumerate(text.split("\f")):
            if index and not self.page.is_empty():
                self._new_page()
            art = self.art
            # Stripping and dropping the empty lines between paragraphs run in C iterators.
            for line in filter(None, map(str.strip, chunk.split("\n"))):
                # The hot path: an ordinary paragraph inside an article is stored as it is;
                # anything that might be more (by its first or last character, a bold mark,
                # a cross-reference, a short line) takes the full classification.
                flags = first_flags.get(line[0], 0)
                last = line[-1]
                if (
                    art is None
                    or (
                        flags
                        and (
                            flags & _F_ALWAYS
                            or (flags & _F_SHORT and len(line) <= 60)
                            or (flags & _F_CAPTION and line.startswith(captions))
                            or (flags & _F_VERB and "版" in line[:16])
                            or (flags & _F_DATELINE and not art.texts)
                        )
                    )
                    or (last in slow_last and (last == "版" or "版" in line[-12:]))
                    or "**" in line
                    or "见" in line
                    or pending
                ):
                    feed_line(line)
                    art = self.art
                    continue
                # inline ArticleBuilder.add_paragraph for the common case
                if art.tail == _OPEN:
                    art.join(line)
                else:
                    if art.more:
                        art.settle()
                    art.kinds.append(para)
                    art.texts.append(line)
                    art.open_head = False
                art.tail = (
                    _SHUT
                    if last in final or (last in quotes and len(line) > 1 and line[-2] in final)
                    else _OPEN
                )

    def feed_line(self, line: str) -> None:
        """Classify one non-empty, stripped line."""
        c = line[0]
        n = len(line)
        if c == "#":
            self._headline(line)
            return
        if n <= 60:
            if c in _HEADER_FIRST:
                m = P.PAGE_HEADER_RE.match(line)
                if m is not None:
                    self._page_header(line, m)
                    return
            if c in _RUNNING_FIRST:
                if P.RUNNING_HEADER_RE.match(line):
                    self.pending.append(line)
                    return
                if P.DATE_LINE_RE.match(line):
                    self.masthead.note_date(line)
                    self.pending.append(line)
                    return
        if self.pending:
            self._flush_pending()
        art = self.art
        if art is None:
            self._pre_headline(line)
            return
        if c == "*" and line.startswith("**"):
            if not art.texts and art.dateline is None and self._dateline(art, line):
                return
            m = P.BOLD_LINE_RE.match(line)
            if m is not None:
                art.add_subhead(m.group(1).strip())
                return
        elif c == "—" and art.open_head and line.startswith("——"):
            art.subtitle = line if art.subtitle is None else f"{art.subtitle} {line}"
            art.open_head = False
            return
        elif n <= 60 and c in P.BYLINE_FIRST and P.BYLINE_RE.match(line):
            art.bylines += (line,)
            art.open_head = False
            art.tail = _SHUT
            return
        elif c in _CAPTION_FIRST and line.startswith(P.CAPTION_PREFIXES):
            art.add_caption(line.replace("**", ""))
            return
        self._body(art, line)

    def _headline(self, line: str) -> None:
        body = line.lstrip("#")
        level = len(line) - len(body)
        text = body.strip()
        if text.endswith("#"):
            text = text.rstrip("#").rstrip()
        if "**" in text:
            text = text.replace("**", "").strip()
        if not text:
            return
        if len(text) <= 60 and text[0] in _HEADER_FIRST:
            m = P.PAGE_HEADER_RE.match(text)
            if m is not None:
                self._flush_pending()
                self._page_header(text, m)
                return
        if self.pending:
            self._flush_pending()
        art = self.art
        if level >= 4 and art is not None:
            # a deeper heading inside a story is one of its sub-heads
            art.add_subhead(text)
            return
        if art is not None and art.open_head and len(art.heads) < 3:
            art.heads.append(text)
            return
        self._start_article([text])

    def _start_article(self, heads: list[str]) -> ArticleBuilder:
        art = ArticleBuilder(heads)
        self.page.articles.append(art)
        self.page.substantive = True
        self.art = art
        return art

    def _pre_headline(self, line: str) -> None:
        """A line above the page's first headline: masthead, header, or loose text."""
        c = line[0]
        if c in P.MARKER_START_FIRST or line[-1] in P.MARKER_END_LAST:
            # a continued part printed without a headline of its own
            m = P.MARKER_START_RE.match(line) if c in P.MARKER_START_FIRST else None
            verb = m.group("verb") if m is not None else None
            if verb is None:
                tail = end_marker(line)
                verb = tail.verb if tail is not None else None
            if verb in P.IN_VERBS:
                self._body(self._start_article([]), line)
                return
        if self.masthead_budget > 0 and not self.pages:
            self.masthead_budget -= 1
            if self.masthead.feed(line):
                return
        if len(line) <= _SHORT_LEN and not _is_final(line):
            self.page.lines.append((line, _SHORT))
        else:
            self.page.lines.append((line, _LONG))
            self.page.substantive = True

    def _dateline(self, art: ArticleBuilder, line: str) -> bool:
        m = P.DATELINE_RE.match(line)
        if m is None:
            return False
        dateline = m.group("d").strip()
        rest = line[m.end() :]
        if not dateline.startswith("记者"):
            r = P.DATELINE_REPORT_RE.match(rest)
            if r is not None:
                dateline = f"{dateline} {r.group(0).rstrip(':：，, ')}"
                rest = rest[r.end() :]
        art.dateline = dateline
        art.open_head = False
        rest = rest.strip()
        if rest:
            self._body(art, rest)
        return True

    def _body(self, art: ArticleBuilder, line: str) -> None:
        """An ordinary paragraph: markers become links, the rest stays text."""
        art.open_head = False
        c = line[0]
        if (
            not art.texts
            and c in P.DATELINE_FIRST
            and art.dateline is None
            and self._dateline(art, line)
        ):
            return
        ordinary = True
        if c in P.MARKER_START_FIRST:
            m = P.MARKER_START_RE.match(line)
            if m is not None:
                ref = parse_page_ref(m.group("page"))
                if ref is not None:
                    if m.group("verb") in P.IN_VERBS:
                        art.ins += (ref,)
                    else:
                        art.outs += (ref,)
                    line = line[m.end() :]
                    if not line:
                        art.tail = _SHUT
                        return
                    ordinary = False  # text right after a marker opens a new part
        closed = False
        if line[-1] in P.MARKER_END_LAST:
            tail = end_marker(line)
            if tail is not None:
                ref = parse_page_ref(tail.page)
                if ref is not None:
                    if tail.verb in P.IN_VERBS:
                        art.ins += (ref,)
                    else:
                        art.outs += (ref,)
                    line = line[: tail.start].rstrip()
                    closed = True
                    if not line:
                        art.tail = _SHUT
                        return
        if _SEE_ALSO_CHAR in line:
            art.sees += tuple(see_also_refs(line))
            if line[0] in "(（" and P.SEE_ALSO_RE.fullmatch(line):
                ordinary = False
                closed = True
        if "**" in line:
            line = line.replace("**", "").strip()
            if not line:
                return
        art.add_paragraph(line, ordinary=ordinary, closed=closed)


def see_also_refs(text: str) -> list[PageRef]:
    """Pages named by cross-references in ``text``, in order, once each.

    ``（相关报道见第三版）`` → 3; ``（讲话全文见第十、十一版）`` → 10, 11; a range
    ``（详见第三至五版）`` → 3, 4, 5 (at most 40 pages, so a misread cannot explode).
    """
    refs: list[PageRef] = []
    seen: set[int] = set()
    for m in P.SEE_ALSO_RE.finditer(text):
        for part in P.SEE_ALSO_LIST_RE.split(m.group(1)):
            if not part:
                continue
            lo_text, dash, hi_text = part.partition("至")
            lo = parse_page_ref(lo_text)
            if lo is None:
                continue
            named = [lo]
            if dash:
                hi = parse_page_ref(hi_text)
                if hi is not None and lo.number < hi.number <= lo.number + 40:
                    middle = range(lo.number + 1, hi.number)
                    named += [PageRef(n, None, str(n)) for n in middle] + [hi]
            for ref in named:
                if ref.number not in seen:
                    seen.add(ref.number)
                    refs.append(ref)
    return refs
