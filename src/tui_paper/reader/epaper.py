"""Archive layouts crawled from e-paper sites: one file per article rather than per page.

Two layouts are understood:

* the e-paper crawl (``YYYYMMDD/YYYYMMDD-PP-NN.txt``): one folder per issue, one file per
  article; line 1 kicker, line 2 title, line 3 subtitle (an empty slot is an empty line),
  then U+3000-indented paragraphs, CRLF line ends;
* Markdown with front matter (``…/YYYY-MM-DD/NN-版名/标题.md``): one folder per issue, one
  folder per page, one Markdown file per article.

Both become the ordinary :class:`~tui_paper.model.Issue`. What file and folder names alone
tell (is this such a folder, its date, pages and article count) lives in
:mod:`tui_paper.layouts`, so a library of hundreds of issues is listed without this module.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from tui_paper.layouts import (
    ISO_DATE_DIR_RE,
    PAGE_DIR_RE,
    PAPER_CITE_RE,
    date_of,
    epaper_articles,
    md_files,
    page_dirs,
    paper_name_in,
)
from tui_paper.model import (
    Article,
    ArticleKind,
    Block,
    BlockKind,
    Issue,
    Link,
    LinkKind,
    Masthead,
    Page,
)
from tui_paper.reader.frontmatter import field_str, split_front_matter
from tui_paper.reader.numerals import PageRef

AD_TITLE = "广告"
PHOTO_TITLE = "图片报道"
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

_DATELINE_RE = re.compile(
    r"^((?:据)?(?:本报|新华社|中新社)[^\s，。：:（(]{0,24}?电)[\s\u3000]*"
    r"(?:[（(]((?:本报)?(?:特约)?(?:记者|通讯员)[^）)]{1,40})[）)][\s\u3000]*)?"
)
_BYLINE_RE = re.compile(r"^(?:本报记者|本报特约记者|本报通讯员|实习记者|记者)[\s\u3000]")
_CAPTION_TAIL_RE = re.compile(r"摄(?:影)?(?:报道)?(?:[（(][^（）()]{1,16}[）)])?$")
_SENTENCE_END = "。！？!?；;"


# --------------------------------------------------------------------------- text helpers
class ArchiveFileError(ValueError):
    """An article file that cannot be decoded as text (skipped with a warning)."""


def _cleaner() -> Callable[[str], str]:
    # imported lazily: the reader package imports this module through archive_formats
    from tui_paper.reader import clean_text

    return clean_text


def decode(data: bytes, name: str = "the file") -> str:
    """Bytes of an archive file as text, by the page reader's rules.

    BOM-marked UTF-8/UTF-16, then UTF-8, then GB18030; raises :class:`ArchiveFileError`
    when none fits (or the bytes are binary), so the caller skips the file with a warning
    instead of showing mojibake.
    """
    from tui_paper.reader import ReaderError, decode_bytes

    try:
        return decode_bytes(data, name=name)
    except ReaderError as exc:
        raise ArchiveFileError(str(exc)) from None


def _lines(text: str, clean: Callable[[str], str]) -> list[str]:
    """Normalised lines: line ends unified, controls removed, indentation and padding stripped."""
    text = clean(text.replace("\r\n", "\n").replace("\r", "\n"))
    # the reader's cleaner drops indentation itself; strip whatever padding remains
    return [line.strip(" \t\u3000\u00a0") for line in text.split("\n")]


# --------------------------------------------------------------------------- body analysis
@dataclass(frozen=True, slots=True)
class _Body:
    dateline: str | None
    byline: str | None
    blocks: tuple[Block, ...]


def _is_caption(text: str) -> bool:
    if text.startswith("图为"):
        return True
    return len(text) <= 60 and bool(_CAPTION_TAIL_RE.search(text))


def _analyse_body(paragraphs: list[str], *, photo: bool) -> _Body:
    """Split off the dateline/byline at the top and classify the paragraphs into blocks."""
    paras = [p for p in paragraphs if p]
    dateline: str | None = None
    byline: str | None = None
    if (
        paras
        and _BYLINE_RE.match(paras[0])
        and len(paras[0]) <= 40
        and not any(ch in paras[0] for ch in _SENTENCE_END)
    ):
        byline = paras.pop(0)
    if paras:
        match = _DATELINE_RE.match(paras[0])
        if match:
            dateline = match.group(1)
            if match.group(2) and byline is None:
                byline = match.group(2).strip()
            rest = paras[0][match.end() :].strip()
            if rest:
                paras[0] = rest
            else:
                paras.pop(0)
    blocks = []
    for text in paras:
        kind = BlockKind.CAPTION if photo or _is_caption(text) else BlockKind.PARAGRAPH
        blocks.append(Block(kind, text))
    return _Body(dateline, byline, tuple(blocks))


def _kind_for(title: str) -> ArticleKind:
    if title == AD_TITLE:
        return ArticleKind.AD
    if title == PHOTO_TITLE:
        return ArticleKind.PHOTO
    return ArticleKind.STORY


# --------------------------------------------------------------------------- shared assembly
@dataclass(slots=True)
class _Draft:
    """An article before ids and links are settled."""

    page: int
    order: tuple[int, str]
    title: str
    kicker: str | None
    subtitle: str | None
    byline: str | None
    dateline: str | None
    author: str | None
    blocks: tuple[Block, ...]
    kind: ArticleKind
    digest: str | None  # content hash, for stories printed in full on two pages


def _assemble(
    drafts: list[_Draft],
    *,
    masthead: Masthead,
    labels: dict[int, str | None],
    warnings: list[str],
    source: str,
) -> Issue:
    """Number the drafts per page, fold repeated stories into continuations, add links."""
    by_page: dict[int, list[_Draft]] = {}
    for draft in sorted(drafts, key=lambda d: (d.page, d.order)):
        by_page.setdefault(draft.page, []).append(draft)
    ids: dict[int, str] = {}  # id(draft) -> article id
    for page, items in by_page.items():
        for n, draft in enumerate(items, start=1):
            ids[id(draft)] = f"{page}-{n}"

    # A story printed in full on several pages (byte-identical files): the first copy keeps
    # the text, later copies become short entries pointing back, chained in page order.
    groups: dict[str, list[_Draft]] = {}
    for page_items in by_page.values():
        for draft in page_items:
            if draft.digest is not None:
                groups.setdefault(draft.digest, []).append(draft)
    links: dict[int, list[Link]] = {id(d): [] for d in drafts}
    short_entries: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        for prev, nxt in itertools.pairwise(members):
            links[id(prev)].append(Link(LinkKind.CONTINUES_TO, nxt.page, ids[id(nxt)]))
            links[id(nxt)].append(Link(LinkKind.CONTINUED_FROM, prev.page, ids[id(prev)]))
            short_entries.add(id(nxt))

    # Cross-references: one see-also link per page named; the article is filled in only when
    # the page holds exactly one story, so a link never names a wrong article.
    sole_story: dict[int, str] = {}
    for page, items in by_page.items():
        stories = [d for d in items if d.kind is ArticleKind.STORY and id(d) not in short_entries]
        if len(stories) == 1:
            sole_story[page] = ids[id(stories[0])]
    for draft in drafts:
        if id(draft) in short_entries:
            continue
        text = "\n".join(b.text for b in draft.blocks)
        for ref in _see_also_refs(text):
            target = sole_story.get(ref.number) if ref.number != draft.page else None
            links[id(draft)].append(
                Link(LinkKind.SEE_ALSO, ref.number, target, page_text=ref.printed)
            )

    pages = []
    for page in sorted(by_page):
        articles = []
        for draft in by_page[page]:
            short = id(draft) in short_entries
            articles.append(
                Article(
                    id=ids[id(draft)],
                    page=page,
                    title=draft.title,
                    kicker=draft.kicker,
                    subtitle=draft.subtitle,
                    byline=None if short else draft.byline,
                    dateline=None if short else draft.dateline,
                    author=None if short else draft.author,
                    blocks=() if short else draft.blocks,
                    links=tuple(links[id(draft)]),
                    kind=draft.kind,
                )
            )
        pages.append(Page(number=page, label=labels.get(page), articles=tuple(articles)))
    masthead = replace(masthead, page_count=len(pages) or None)
    return Issue(masthead=masthead, pages=tuple(pages), warnings=tuple(warnings), source=source)


def _masthead_for(date: _dt.date | None, name: str | None = None) -> Masthead:
    return Masthead(
        name=name,
        date=date,
        weekday=WEEKDAYS[date.weekday()] if date else None,
    )


# --------------------------------------------------------------------------- e-paper crawl
def _read_epaper_article(file: Path, page: int, order: int, clean: Callable[[str], str]) -> _Draft:
    data = file.read_bytes()
    lines = _lines(decode(data, file.name), clean)
    while len(lines) < 3:
        lines.append("")
    kicker, title, subtitle = lines[0] or None, lines[1], lines[2] or None
    body_lines = lines[3:]
    kind = _kind_for(title)
    body = _analyse_body(body_lines, photo=kind is ArticleKind.PHOTO)
    if not title:
        # a missing title slot: fall back to what is printed, never an empty headline
        title = subtitle or kicker or "（无题）"
    return _Draft(
        page=page,
        order=(order, file.name),
        title=title,
        kicker=kicker,
        subtitle=subtitle,
        byline=body.byline,
        dateline=body.dateline,
        author=None,
        blocks=body.blocks,
        kind=kind,
        digest=(
            hashlib.blake2b(data, digest_size=16).hexdigest()
            if kind is ArticleKind.STORY and body.blocks
            else None
        ),
    )


def load_epaper_dir(path: Path) -> Issue:
    """Read an e-paper issue folder; an unreadable article file is skipped with a warning."""
    clean = _cleaner()
    date, files = epaper_articles(path)
    drafts: list[_Draft] = []
    warnings: list[str] = []
    for name, page, order in files:
        try:
            drafts.append(_read_epaper_article(path / name, page, order, clean))
        except (OSError, ArchiveFileError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            warnings.append(f"skipped {name}: {reason}")
    return _assemble(
        drafts,
        masthead=_masthead_for(date),
        labels={},
        warnings=warnings,
        source=str(path),
    )


# --------------------------------------------------------------------------- Markdown archive
@dataclass(frozen=True, slots=True)
class _MarkdownArticle:
    draft: _Draft
    date: _dt.date | None
    paper: str | None
    sort_key: tuple[int, str]


_CONTENT_ID_RE = re.compile(r"content_(\d+)")


def _parse_markdown_article(file: Path, page: int, clean: Callable[[str], str]) -> _MarkdownArticle:
    text = decode(file.read_bytes(), file.name)
    fields, body = split_front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    kicker = subtitle = byline_text = None
    title: str | None = None
    paper: str | None = None
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append("".join(current))
            current.clear()

    for raw in _lines(body, clean):
        if not raw:
            flush()
            continue
        if raw.startswith("#"):
            flush()
            level = len(raw) - len(raw.lstrip("#"))
            heading = raw.lstrip("#").strip()
            if level == 1 and title is None:
                title = heading
            elif level >= 3 and title is None and kicker is None:
                kicker = heading
            elif level == 2 and title is not None and subtitle is None and not paragraphs:
                subtitle = heading
            else:
                paragraphs.append(heading)
            continue
        if raw.startswith(">") and not paragraphs:
            flush()
            quote = raw.lstrip(">").strip()
            paper = paper or paper_name_in(quote)
            quote = PAPER_CITE_RE.sub("", quote).strip()
            if quote:
                byline_text = quote
            continue
        current.append(raw)
    flush()

    title = title or field_str(fields, "title") or file.stem
    kind = _kind_for(title)
    body_info = _analyse_body(paragraphs, photo=kind is ArticleKind.PHOTO)
    date_text = field_str(fields, "date")
    date = None
    if date_text:
        date = date_of(re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", date_text))
    url = field_str(fields, "source_url") or ""
    content_id = _CONTENT_ID_RE.search(url)
    draft = _Draft(
        page=page,
        order=(0, file.name),
        title=title,
        kicker=kicker,
        subtitle=subtitle,
        byline=byline_text or body_info.byline,
        dateline=body_info.dateline,
        author=field_str(fields, "author"),
        blocks=body_info.blocks,
        kind=kind,
        digest=None,
    )
    # the site's content ids grow in page order, which the file names (titles) do not keep
    sort_key = (int(content_id.group(1)) if content_id else 1 << 62, file.name)
    return _MarkdownArticle(draft=draft, date=date, paper=paper, sort_key=sort_key)


def load_markdown_issue(path: Path) -> Issue:
    """Read a Markdown-archive issue folder (``NN-版名/标题.md``); bad files are skipped."""
    return _load_markdown_pages(path, page_dirs(path), date_of(ISO_DATE_DIR_RE.match(path.name)))


def load_markdown_page(path: Path) -> Issue:
    """One page folder of a Markdown archive as a one-page issue."""
    match = PAGE_DIR_RE.match(path.name)
    assert match is not None  # checked by archive_formats.is_markdown_page_dir
    date = date_of(ISO_DATE_DIR_RE.match(path.parent.name))
    return _load_markdown_pages(path, [(int(match.group(1)), match.group(2), path)], date)


def _load_markdown_pages(
    path: Path, page_dirs: list[tuple[int, str | None, Path]], date: _dt.date | None
) -> Issue:
    clean = _cleaner()
    warnings: list[str] = []
    labels: dict[int, str | None] = {}
    drafts: list[_Draft] = []
    paper: str | None = None
    for number, label, page_dir in page_dirs:
        try:
            files = md_files(page_dir)
        except OSError as exc:
            warnings.append(f"skipped {page_dir.name}: {exc.strerror or exc}")
            continue
        parsed = []
        for file in files:
            try:
                parsed.append(_parse_markdown_article(file, number, clean))
            except (OSError, ArchiveFileError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                warnings.append(f"skipped {page_dir.name}/{file.name}: {reason}")
        if not parsed:
            continue
        labels.setdefault(number, label)
        for index, item in enumerate(sorted(parsed, key=lambda p: p.sort_key)):
            drafts.append(replace(item.draft, order=(index, item.draft.order[1])))
            date = date or item.date
            paper = paper or item.paper
    return _assemble(
        drafts,
        masthead=_masthead_for(date, paper),
        labels=labels,
        warnings=warnings,
        source=str(path),
    )


def load_front_matter_file(path: Path) -> Issue:
    """One Markdown article with front matter as a one-page issue."""
    match = PAGE_DIR_RE.match(path.parent.name)
    page = int(match.group(1)) if match else 1
    item = _parse_markdown_article(path, page, _cleaner())
    label = match.group(2) if match else None
    return _assemble(
        [item.draft],
        masthead=_masthead_for(item.date, item.paper),
        labels={page: label},
        warnings=[],
        source=str(path),
    )


def _see_also_refs(text: str) -> list[PageRef]:
    # the page reader's parser is imported on first use: listing a library must stay cheap
    from tui_paper.reader.parse import see_also_refs

    return see_also_refs(text)
