"""A cache of parsed issues, so reopening an issue skips the reader altogether.

Importing the reader (its regular expressions) and parsing cost more than the rest of the
start-up path together; a reader reopens the same issue often. The cache holds the issue as
plain tuples, serialised with :mod:`marshal` (which builds values, never runs code), in the
user cache directory, keyed by the path. An entry is used only when

- the source is unchanged: the size and mtime of the file, or of every file under the folder;
- the reader is unchanged: the size and mtime of the reader's and the model's source files;
- its payload matches the BLAKE2b digest in its header (a damaged entry is ignored and rewritten).

Anything unexpected means "no cache": the caller parses as if the cache did not exist.
"""

from __future__ import annotations

import datetime as _dt
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from tui_paper.digest import blake2b
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
from tui_paper.paths import cache_dir

_MAGIC = b"tui-paper issue cache 2\n"
_DIGEST = 32
#: folders with more files than this are not fingerprinted (the stat walk would cost more)
MAX_FILES = 5000
#: entries kept; the least recently written beyond this are removed
MAX_ENTRIES = 64

_CODE_DIR = Path(__file__).resolve().parent


def _cache_folder() -> Path:
    return cache_dir() / "issues"


def _code_fingerprint() -> list[tuple[str, int, int]]:
    files = [_CODE_DIR / "model.py", _CODE_DIR / "issue_cache.py"]
    reader = _CODE_DIR / "reader"
    # a listing, not Path.glob: that compiles a pattern, on the way to every first frame
    files += sorted(reader / name for name in os.listdir(reader) if name.endswith(".py"))
    out = []
    for f in files:
        st = f.stat()
        out.append((f.name, st.st_size, st.st_mtime_ns))
    return out


def _source_fingerprint(path: Path) -> list[tuple[str, int, int]] | None:
    """Size and mtime of the file, or of each file below the folder; ``None``: don't cache."""
    if path.is_file():
        st = path.stat()
        return [("", st.st_size, st.st_mtime_ns)]
    if not path.is_dir():
        return None
    out: list[tuple[str, int, int]] = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames.sort()
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            fst = os.stat(full)
            out.append((os.path.relpath(full, path), fst.st_size, fst.st_mtime_ns))
            if len(out) > MAX_FILES:
                return None
        # a file added to or removed from a sub-folder changes that folder's mtime
        dst = os.stat(dirpath)
        out.append((os.path.relpath(dirpath, path) + "/", 0, dst.st_mtime_ns))
    return out


def _entry_path(path: Path) -> Path:
    key = blake2b(str(path).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return _cache_folder() / f"{key}.issue"


# ---- Issue <-> plain tuples -------------------------------------------------------------------


def _link_out(lk: Link) -> tuple[Any, ...]:
    return (lk.kind.value, lk.page, lk.article, lk.page_text)


def _article_out(a: Article) -> tuple[Any, ...]:
    return (
        a.id,
        a.page,
        a.title,
        a.kicker,
        a.subtitle,
        a.byline,
        a.dateline,
        a.author,
        tuple((b.kind.value, b.text) for b in a.blocks),
        tuple(_link_out(lk) for lk in a.links),
        a.kind.value,
    )


def _issue_out(issue: Issue) -> tuple[Any, ...]:
    m = issue.masthead
    masthead = (
        m.name,
        m.publisher,
        m.supervisor,
        m.sponsors,
        m.serial,
        m.postal_code,
        m.url,
        m.date.toordinal() if m.date else None,
        m.weekday,
        m.page_count,
        m.issue_number,
        m.total_issue_number,
    )
    pages = tuple(
        (
            p.number,
            p.label,
            tuple(_article_out(a) for a in p.articles),
            p.loose_text,
            p.header_lines,
            p.code,
        )
        for p in issue.pages
    )
    return (masthead, pages, issue.warnings, issue.source)


def _issue_in(data: tuple[Any, ...]) -> Issue:
    (m, pages, warnings, source) = data
    masthead = Masthead(
        name=m[0],
        publisher=m[1],
        supervisor=m[2],
        sponsors=tuple(m[3]),
        serial=m[4],
        postal_code=m[5],
        url=m[6],
        date=_dt.date.fromordinal(m[7]) if m[7] is not None else None,
        weekday=m[8],
        page_count=m[9],
        issue_number=m[10],
        total_issue_number=m[11],
    )
    kinds = {k.value: k for k in BlockKind}
    link_kinds = {k.value: k for k in LinkKind}
    art_kinds = {k.value: k for k in ArticleKind}
    out_pages = []
    for number, label, arts, loose, headers, code in pages:
        articles = tuple(
            Article(
                id=a[0],
                page=a[1],
                title=a[2],
                kicker=a[3],
                subtitle=a[4],
                byline=a[5],
                dateline=a[6],
                author=a[7],
                blocks=tuple(Block(kinds[k], t) for k, t in a[8]),
                links=tuple(Link(link_kinds[k], pg, art, txt) for k, pg, art, txt in a[9]),
                kind=art_kinds[a[10]],
            )
            for a in arts
        )
        out_pages.append(
            Page(
                number=number,
                label=label,
                articles=articles,
                loose_text=tuple(loose),
                header_lines=tuple(headers),
                code=code,
            )
        )
    return Issue(masthead=masthead, pages=tuple(out_pages), warnings=tuple(warnings), source=source)


# ---- reading and writing ----------------------------------------------------------------------


def _key(path: Path) -> bytes | None:
    source = _source_fingerprint(path)
    if source is None:
        return None
    return marshal.dumps((str(path), source, _code_fingerprint()))


def cached_issue(path: Path) -> Issue | None:
    """The cached parse of ``path`` when it is still valid, else ``None`` (never raises)."""
    try:
        path = path.resolve()
        key = _key(path)
        if key is None:
            return None
        blob = _entry_path(path).read_bytes()
        if not blob.startswith(_MAGIC):
            return None
        pos = len(_MAGIC)
        key_len = int.from_bytes(blob[pos : pos + 4], "big")
        pos += 4
        if blob[pos : pos + key_len] != key:
            return None
        pos += key_len
        digest = blob[pos : pos + _DIGEST]
        payload = blob[pos + _DIGEST :]
        if blake2b(payload, digest_size=_DIGEST).digest() != digest:
            return None
        return _issue_in(marshal.loads(payload))
    except Exception:  # any damage or mismatch means "parse it again"
        return None


def store_issue(path: Path, issue: Issue) -> None:
    """Remember the parse of ``path``; failures (read-only cache, full disk) are ignored."""
    try:
        path = path.resolve()
        key = _key(path)
        if key is None:
            return
        payload = marshal.dumps(_issue_out(issue))
        blob = b"".join(
            (
                _MAGIC,
                len(key).to_bytes(4, "big"),
                key,
                blake2b(payload, digest_size=_DIGEST).digest(),
                payload,
            )
        )
        folder = _cache_folder()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, _entry_path(path))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder)
    except Exception:  # the cache is an optimisation; reading must never fail because of it
        return


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.issue"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)


def load_issue_cached(path: Path) -> Issue:
    """:func:`tui_paper.reader.load_issue` with the cache in front of it.

    Raises :class:`tui_paper.reader.ReaderError` exactly as the reader does.
    """
    cached = cached_issue(path)
    if cached is not None:
        return cached
    from tui_paper.reader import load_issue

    issue = load_issue(path)
    store_issue(path, issue)
    return issue
