"""Search across a library: a SQLite FTS5 index of jieba words, kept in the user cache.

One index file per library folder (``<cache>/index/<name>-<hash>.sqlite3``). Each article
is stored twice: its jieba search terms, space-separated, in an FTS5 table (so SQLite's
``unicode61`` tokenizer sees exactly the words jieba found), and its original text, for
titles and snippets.

:meth:`ArchiveIndex.update` is incremental: an issue is re-read only when the size or
modification time of one of its files changed (or a file came or went), and issues that
vanished are dropped. It commits after every issue, so searches from other connections
(other threads, the other instance) see each issue as soon as it is indexed: the index is
usable while it builds. It reports progress through a callback and stops early when asked.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import multiprocessing
import os
import re
import sqlite3
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_paper import paths
from tui_paper.library import (
    IssueRef,
    Library,
    counts_as_article,
    readable_ids,
    scan_library,
)
from tui_paper.model import Article, Issue

#: bumped when the schema or the way terms are made changes: old indexes are rebuilt
INDEX_FORMAT = 4
BUSY_TIMEOUT_MS = 10_000
SNIPPET_CHARS = 72
#: queries up to this long with too few word matches are also looked for as plain text
SUBSTRING_FALLBACK_CHARS = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS issues (
    key TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    date TEXT,
    paper TEXT,
    signature TEXT NOT NULL,
    articles INTEGER NOT NULL,
    indexed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    issue_key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    page INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    words BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_by_issue ON docs(issue_key);
CREATE VIRTUAL TABLE IF NOT EXISTS terms USING fts5(
    title, body, content = '', tokenize = 'unicode61 remove_diacritics 0'
);
"""


class ArchiveIndexError(Exception):
    """The index cannot be opened or written; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class IndexProgress:
    """Where a running :meth:`ArchiveIndex.update` is."""

    done: int
    total: int
    #: the issue just handled
    issue: IssueRef
    #: whether it was (re)indexed now, as opposed to already up to date
    indexed: bool


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What one :meth:`ArchiveIndex.update` did."""

    issues: int
    indexed: int
    removed: int
    articles: int
    seconds: float
    cancelled: bool
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ArchiveHit:
    """One article found across the library."""

    issue_key: str
    path: str
    date: _dt.date | None
    paper: str | None
    id: str
    page: int
    title: str
    snippet: str
    score: float
    #: the query and its search words, casefolded: what to highlight in title and snippet
    words: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``tui-paper search DIR QUERY --json``."""
        return {
            "date": self.date.isoformat() if self.date else None,
            "paper": self.paper,
            "issue": self.issue_key,
            "path": self.path,
            "id": self.id,
            "page": self.page,
            "title": self.title,
            "snippet": self.snippet,
            "score": round(self.score, 4),
        }


# --------------------------------------------------------------------------- helpers
def index_path(root: Path) -> Path:
    """The index file of the library at ``root`` in the user cache directory."""
    resolved = root.expanduser().resolve()
    digest = hashlib.blake2b(str(resolved).encode("utf-8"), digest_size=6).hexdigest()
    slug = re.sub(r"[^\w.-]+", "_", resolved.name)[:40] or "root"
    return paths.cache_dir() / "index" / f"{slug}-{digest}.sqlite3"


def _files_of(ref: IssueRef) -> Iterable[Path]:
    if ref.layout == "file":
        yield ref.path
        return
    if ref.layout == "markdown":
        with os.scandir(ref.path) as it:
            for entry in it:
                if entry.is_dir():
                    yield Path(entry.path)
                    with os.scandir(entry.path) as inner:
                        for f in inner:
                            yield Path(f.path)
        return
    with os.scandir(ref.path) as it:
        for entry in it:
            yield Path(entry.path)


def issue_signature(ref: IssueRef) -> str:
    """A digest of the names, sizes and modification times of the issue's files."""
    rows = []
    for path in _files_of(ref):
        try:
            st = path.stat()
        except OSError:
            continue  # vanished between listing and stat: its absence changes the digest
        rows.append(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}")
    rows.sort()
    return hashlib.blake2b("\n".join(rows).encode("utf-8"), digest_size=16).hexdigest()


def _document_text(article: Article) -> str:
    parts = [p for p in (article.kicker, article.subtitle, article.byline) if p]
    parts.append(article.body_text)
    return "\n".join(parts)


def _terms(text: str) -> str:
    from tui_paper.text.segment import get_segmenter

    return " ".join(get_segmenter().terms(text))


def _query_terms(query: str) -> list[str]:
    """The query's search words, minus long words fully made of shorter ones also present.

    jieba's search mode yields ``经济``, ``增长`` and ``经济增长`` for ``经济增长``; a
    document where jieba cut ``经济 增长率`` holds the first two only. Requiring the short
    words alone finds both, and ranking still favours the exact phrase.
    """
    from tui_paper.text.segment import get_segmenter

    words = list(dict.fromkeys(get_segmenter().terms(query)))
    kept = []
    for word in words:
        shorter = [w for w in words if w != word and len(w) < len(word) and w in word]
        covered = [False] * len(word)
        for part in shorter:
            start = word.find(part)
            while start != -1:
                for i in range(start, start + len(part)):
                    covered[i] = True
                start = word.find(part, start + 1)
        if not all(covered):
            kept.append(word)
    return kept


def normalize_query(query: str) -> str:
    """The query as the index compares it (NFKC, casefolded, spaces squeezed)."""
    from tui_paper.text.segment import normalize

    return " ".join(normalize(query).split())


def _fts_query(words: list[str]) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def _snippet(body: str, folded: str, needles: list[str]) -> str:
    """About ``SNIPPET_CHARS`` characters of ``body`` around the first needle found.

    ``folded`` is ``body.casefold()``; needles are casefolded already. Casefolding keeps
    the length of Chinese and ordinary Latin text, so positions carry over to ``body``.
    """
    pos = 0
    for needle in sorted(needles, key=len, reverse=True):
        found = folded.find(needle)
        if found != -1:
            pos = found
            break
    if len(folded) != len(body):
        pos = min(pos, len(body))  # a rare length-changing fold (ß): close enough
    # cut a generous window first and squeeze whitespace inside it only: bodies are long
    start = max(0, pos - SNIPPET_CHARS // 3)
    end = min(len(body), start + SNIPPET_CHARS * 2)
    window = " ".join(body[start:end].split())
    text = window[:SNIPPET_CHARS]
    more = end < len(body) or len(window) > SNIPPET_CHARS
    return ("…" if start > 0 else "") + text + ("…" if more else "")


def _pack_terms(title_terms: str, body_terms: str) -> bytes:
    return zlib.compress(f"{title_terms}\0{body_terms}".encode(), 6)


def _unpack_terms(packed: bytes) -> tuple[str, str]:
    title_terms, _, body_terms = zlib.decompress(packed).decode().partition("\0")
    return title_terms, body_terms


def _segment_batch(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Search terms of (title, text) pairs; runs in this process or in a worker process."""
    return [(_terms(title), _terms(text)) for title, text in pairs]


def _warm_worker() -> None:
    from tui_paper.text.segment import get_segmenter

    get_segmenter().warm_up()


@dataclass(slots=True)
class _IssueJob:
    """An issue read and waiting for its words to be cut."""

    ref: IssueRef
    signature: str
    issue: Issue
    articles: list[Article]
    texts: list[str]
    pending: Future[list[tuple[str, str]]] | None = None

    def terms(self) -> list[tuple[str, str]]:
        pairs = [(a.title, t) for a, t in zip(self.articles, self.texts, strict=True)]
        if self.pending is not None:
            try:
                return self.pending.result()
            except BrokenProcessPool:
                pass  # a worker died (killed, out of memory): cut here instead
        return _segment_batch(pairs)


class _UpdateRun:
    """One pass of :meth:`ArchiveIndex.update`: a pipeline of read -> cut -> store."""

    def __init__(
        self,
        index: ArchiveIndex,
        lib: Library,
        progress: Callable[[IndexProgress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        self.index = index
        self.lib = lib
        self.progress = progress
        self.cancel = cancel
        self.warnings = list(lib.warnings)
        self.indexed = self.removed = self.articles = 0
        self.cancelled = False

    def _stop(self) -> bool:
        if self.cancel is not None and self.cancel.is_set():
            self.cancelled = True
        return self.cancelled

    def _read(self, ref: IssueRef, signature: str) -> _IssueJob | None:
        from tui_paper.reader import ReaderError, load_issue

        try:
            issue = load_issue(ref.path)
        except (ReaderError, OSError) as exc:
            self.warnings.append(f"skipped {ref.path}: {exc}")
            return None
        articles = [a for a in issue.articles if counts_as_article(a)]
        return _IssueJob(ref, signature, issue, articles, [_document_text(a) for a in articles])

    def _settle(
        self, conn: sqlite3.Connection, done: int, ref: IssueRef, job: _IssueJob | None
    ) -> None:
        if job is not None:
            self.articles += self.index._store(conn, ref, job, job.terms())
            self.indexed += 1
        if self.progress is not None:
            self.progress(IndexProgress(done, len(self.lib.issues), ref, job is not None))

    def execute(self, conn: sqlite3.Connection, workers: int) -> None:
        known = dict(conn.execute("SELECT key, signature FROM issues").fetchall())
        todo = []
        for ref in self.lib.issues:
            try:
                signature = issue_signature(ref)
            except OSError as exc:
                # listed a moment ago, gone or unreadable now: skip it, index the rest
                self.warnings.append(f"skipped {ref.path}: {exc.strerror or exc}")
                todo.append((ref, "", False))
                continue
            todo.append((ref, signature, known.get(ref.key) != signature))
        stale = sum(1 for *_, fresh in todo if fresh)
        pool: ProcessPoolExecutor | None = None
        if workers > 1 and stale > 1:
            pool = ProcessPoolExecutor(
                max_workers=min(workers, stale),
                # spawn, not fork: this runs in a thread of an app with other threads
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm_worker,
            )
        elif stale:
            # jieba loads only once something needs cutting: a refresh that finds the
            # index up to date costs a few directory listings, no more
            _warm_worker()
        window: deque[tuple[int, IssueRef, _IssueJob | None]] = deque()
        depth = 2 * workers if pool is not None else 0
        try:
            for done, (ref, signature, fresh) in enumerate(todo, start=1):
                if self._stop():
                    break
                job = self._read(ref, signature) if fresh else None
                if job is not None and pool is not None:
                    pairs = [(a.title, t) for a, t in zip(job.articles, job.texts, strict=True)]
                    job.pending = pool.submit(_segment_batch, pairs)
                window.append((done, ref, job))
                while len(window) > depth and not self._stop():
                    self._settle(conn, *window.popleft())
            while window and not self._stop():
                self._settle(conn, *window.popleft())
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        if not self.cancelled:
            listed = {ref.key for ref in self.lib.issues}
            for key in set(known) - listed:
                self.index._drop(conn, key)
                self.removed += 1


def _connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(
        str(db), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode=WAL")
        # an index is a cache: a power cut may cost the newest issue, never consistency
        conn.execute("PRAGMA synchronous=NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _discard(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            db.with_name(db.name + suffix).unlink()


def _segmenter_id() -> str:
    # the jieba version decides how text is cut; a different one means different terms
    from importlib.metadata import PackageNotFoundError, version

    try:
        jieba_version = version("jieba")
    except PackageNotFoundError:
        jieba_version = "?"
    return f"{INDEX_FORMAT}/jieba-{jieba_version}"


# --------------------------------------------------------------------------- the index
class ArchiveIndex:
    """The full-text index of one library folder."""

    def __init__(self, root: Path, db_path: Path | None = None) -> None:
        """Open (creating if needed) the index of ``root``; see :meth:`open`."""
        self.root = root
        self.db_path = db_path or index_path(root)
        self._lock = threading.Lock()
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveIndexError(
                f"cannot create the index folder {self.db_path.parent}: {exc.strerror or exc}"
            ) from None
        self._conn = self._open_checked()
        self._corpus: list[tuple[int, str, str]] | None = None
        self._corpus_version = -1

    @classmethod
    def open(cls, root: Path) -> ArchiveIndex:
        """The index of the library at ``root``; a damaged index file is rebuilt from scratch.

        Raises :class:`ArchiveIndexError` when the cache directory cannot be written.
        """
        return cls(root)

    def _open_checked(self) -> sqlite3.Connection:
        for attempt in (1, 2):
            try:
                conn = _connect(self.db_path)
                try:
                    conn.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}COMMIT;")
                    row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
                    wanted = _segmenter_id()
                    if row is None or row[0] != wanted:
                        self._reset(conn, wanted)
                except BaseException:
                    conn.close()
                    raise
                return conn
            except sqlite3.OperationalError as exc:
                raise ArchiveIndexError(f"cannot open the index {self.db_path}: {exc}") from None
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise
                # a damaged cache is simply rebuilt: nothing in it is the user's own data
                _discard(self.db_path)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _reset(conn: sqlite3.Connection, fmt: str) -> None:
        """Start afresh: an index of another format or jieba version may differ in schema."""
        quoted = fmt.replace("'", "''")
        try:
            conn.executescript(
                "BEGIN IMMEDIATE;"
                "DROP TABLE IF EXISTS terms; DROP TABLE IF EXISTS docs;"
                "DROP TABLE IF EXISTS issues; DROP TABLE IF EXISTS meta;"
                f"{_SCHEMA}"
                f"INSERT INTO meta(key, value) VALUES ('format', '{quoted}');"
                "COMMIT;"
            )
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        with contextlib.suppress(sqlite3.Error):
            # hand the old tables' pages back to the file system (cheap: nothing is left)
            conn.execute("VACUUM")

    def close(self) -> None:
        """Close the index's search connection."""
        with self._lock:
            self._conn.close()

    # ------------------------------------------------------------------ facts
    def article_counts(self) -> dict[str, int]:
        """Articles that count as read/unread per issue key, as last indexed.

        See :func:`tui_paper.library.readable_ids`; feeds :func:`~tui_paper.library.unread_counts`.
        """
        with self._lock:
            rows = self._conn.execute("SELECT key, articles FROM issues").fetchall()
        return {str(k): int(n) for k, n in rows}

    def stats(self) -> dict[str, int]:
        """Issues and documents indexed, and the index's size on disk in bytes."""
        with self._lock:
            issues = self._conn.execute("SELECT COUNT(*) FROM issues").fetchone()[0]
            docs = self._conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
        size = 0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                size += self.db_path.with_name(self.db_path.name + suffix).stat().st_size
        return {"issues": int(issues), "documents": int(docs), "bytes": size}

    # ------------------------------------------------------------------ building
    def update(
        self,
        progress: Callable[[IndexProgress], None] | None = None,
        cancel: threading.Event | None = None,
        library: Library | None = None,
        workers: int = 1,
    ) -> UpdateResult:
        """Bring the index up to date with the library; blocking, meant for a worker thread.

        ``progress`` is called after every issue, in library order (newest first), from
        this thread; setting ``cancel`` stops after the issue in hand, leaving everything
        indexed so far searchable. Issues that fail to load are skipped and reported in
        the result's warnings.

        ``workers`` > 1 cuts words in that many separate processes: faster on a machine
        with spare cores, and jieba (pure Python) then never holds this process's GIL,
        so an app indexing in the background stays responsive.
        """
        started = time.perf_counter()
        lib = library if library is not None else scan_library(self.root)
        run = _UpdateRun(self, lib, progress, cancel)
        conn = _connect(self.db_path)  # this thread's own connection
        try:
            run.execute(conn, workers)
            with contextlib.suppress(sqlite3.Error):
                # fold the write-ahead log back in and truncate it: a built index is
                # read far more than written, and the log would otherwise stay as large
                # as the biggest batch
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        return UpdateResult(
            issues=len(lib.issues),
            indexed=run.indexed,
            removed=run.removed,
            articles=run.articles,
            seconds=time.perf_counter() - started,
            cancelled=run.cancelled,
            warnings=tuple(run.warnings),
        )

    @staticmethod
    def _delete_docs(conn: sqlite3.Connection, key: str) -> None:
        # The FTS table keeps no copy of its text (contentless, a third of the index's
        # size); removing a row means handing it back exactly the words once inserted.
        rows = conn.execute("SELECT id, words FROM docs WHERE issue_key = ?", (key,)).fetchall()
        for doc_id, packed in rows:
            title_terms, body_terms = _unpack_terms(packed)
            conn.execute(
                "INSERT INTO terms(terms, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                (doc_id, title_terms, body_terms),
            )
        conn.execute("DELETE FROM docs WHERE issue_key = ?", (key,))

    def _drop(self, conn: sqlite3.Connection, key: str) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._delete_docs(conn, key)
            conn.execute("DELETE FROM issues WHERE key = ?", (key,))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _store(
        self,
        conn: sqlite3.Connection,
        ref: IssueRef,
        job: _IssueJob,
        terms: list[tuple[str, str]],
    ) -> int:
        """Replace the issue's documents in one transaction (a reader never sees half)."""
        issue = job.issue
        date = issue.masthead.date or ref.date
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._delete_docs(conn, ref.key)
            for art, text, (title_terms, body_terms) in zip(
                job.articles, job.texts, terms, strict=True
            ):
                cur = conn.execute(
                    "INSERT INTO docs(issue_key, article_id, page, title, body, words) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        ref.key,
                        art.id,
                        art.page,
                        art.title,
                        text,
                        _pack_terms(title_terms, body_terms),
                    ),
                )
                conn.execute(
                    "INSERT INTO terms(rowid, title, body) VALUES (?, ?, ?)",
                    (cur.lastrowid, title_terms, body_terms),
                )
            conn.execute(
                "INSERT INTO issues(key, path, date, paper, signature, articles, indexed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                "path = excluded.path, date = excluded.date, paper = excluded.paper, "
                "signature = excluded.signature, articles = excluded.articles, "
                "indexed_at = excluded.indexed_at",
                (
                    ref.key,
                    str(ref.path),
                    date.isoformat() if date else None,
                    issue.masthead.name or ref.name,
                    job.signature,
                    len(readable_ids(issue)),
                    time.time(),
                ),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return len(job.articles)

    # ------------------------------------------------------------------ searching
    def search(self, query: str, limit: int = 50) -> list[ArchiveHit]:
        """Articles holding every word of ``query``, best first (title words weigh more).

        Among the candidates, articles holding the query exactly as typed rank first.
        A query of words the index does not hold as words (a single character inside
        longer words, say) falls back to a plain substring scan.
        """
        query = " ".join(query.split())
        if not query or limit <= 0:
            return []
        words = _query_terms(query)
        # A query that is one indexed word is in every candidate as typed: no re-ranking
        # needed, so only the rows shown are fetched (bodies are the costly part).
        single = len(words) == 1 and words[0] == normalize_query(query)
        with self._lock:
            rows: list[tuple[Any, ...]] = []
            if words:
                rows = self._conn.execute(
                    "SELECT d.issue_key, i.path, i.date, i.paper, d.article_id, d.page, "
                    "d.title, d.body, -bm25(terms, 4.0, 1.0) AS score, d.id "
                    "FROM terms JOIN docs d ON d.id = terms.rowid "
                    "JOIN issues i ON i.key = d.issue_key "
                    "WHERE terms MATCH ? ORDER BY bm25(terms, 4.0, 1.0) LIMIT ?",
                    (_fts_query(words), limit if single else max(limit * 2, 40)),
                ).fetchall()
            if len(rows) < limit and len(query) <= SUBSTRING_FALLBACK_CHARS:
                # a short query inside longer words (鼠 in 鼠年) is no indexed word of its own
                seen = {int(r[9]) for r in rows}
                rows = [*rows, *self._substring_rows(query, limit - len(rows), seen)]
        return self._rank(rows, query, words, limit)

    def _corpus_texts(self) -> list[tuple[int, str, str]]:
        """(doc id, folded title, folded text) of every document, newest issue first.

        Kept in memory between searches (a month of a daily is a few megabytes) and reloaded
        when another connection has changed the index since (``PRAGMA data_version``).
        """
        version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        if self._corpus is None or version != self._corpus_version:
            rows = self._conn.execute(
                "SELECT d.id, d.title, d.body FROM docs d JOIN issues i ON i.key = d.issue_key "
                "ORDER BY i.date DESC, d.id"
            ).fetchall()
            self._corpus = [(int(i), str(t).casefold(), str(b).casefold()) for i, t, b in rows]
            self._corpus_version = version
        return self._corpus

    def _substring_rows(self, query: str, limit: int, skip: set[int]) -> list[tuple[Any, ...]]:
        """Articles holding ``query`` as plain text, newest first, scored by occurrences."""
        folded = query.casefold()
        picked: list[tuple[int, float]] = []
        for doc_id, title, body in self._corpus_texts():
            if doc_id in skip or (folded not in title and folded not in body):
                continue
            # scored below every word match: a substring hit is the weaker evidence
            picked.append((doc_id, (title.count(folded) * 4 + body.count(folded)) / 1000.0))
            if len(picked) >= limit:
                break
        if not picked:
            return []
        scores = dict(picked)
        marks = ",".join("?" * len(picked))
        rows = self._conn.execute(
            "SELECT d.issue_key, i.path, i.date, i.paper, d.article_id, d.page, d.title, "
            "d.body, d.id FROM docs d JOIN issues i ON i.key = d.issue_key "
            f"WHERE d.id IN ({marks})",
            [doc_id for doc_id, _ in picked],
        ).fetchall()
        return [(*row[:8], scores[int(row[8])]) for row in rows]

    @staticmethod
    def _rank(
        rows: list[tuple[Any, ...]], query: str, words: list[str], limit: int
    ) -> list[ArchiveHit]:
        exact = query.casefold()
        needles = [exact, *(w.casefold() for w in words)]
        # Chinese has no case: fold the (long) bodies only when the query has letters
        fold = exact != query.upper()
        ranked = []
        for row in rows:
            text = str(row[7])
            folded = text.casefold() if fold else text
            # the query exactly as typed, in the title or the text, ranks before the rest
            phrase = exact in str(row[6]).casefold() or exact in folded
            ranked.append(((not phrase, -float(row[8])), row, text, folded))
        ranked.sort(key=lambda item: item[0])
        hits = []
        for _, row, text, folded in ranked[:limit]:
            key, path, date, paper, aid, page, title, _body, score = row[:9]
            hits.append(
                ArchiveHit(
                    issue_key=str(key),
                    path=str(path),
                    date=_dt.date.fromisoformat(date) if date else None,
                    paper=paper,
                    id=str(aid),
                    page=int(page),
                    title=str(title),
                    snippet=_snippet(text, folded, needles),
                    score=float(score),
                    words=tuple(dict.fromkeys(needles)),
                )
            )
        return hits
