"""Reading state: what was read, bookmarks and the last position in each issue.

Kept in one SQLite database in the user data directory (``paths.data_dir()``):

* WAL journal and a busy timeout, so two instances of the app can write at once and neither
  loses anything (SQLite serialises the writers; each waits for the other's short write);
* every change is one transaction, so a process killed in the middle of a write leaves the
  state as it was before that write began;
* a damaged database is moved aside (kept, renamed with a timestamp) and a fresh one made;
* a home that cannot be written runs on an in-memory database for the session.

The last two are reported as a *notice*: one line the app shows to the user. Nothing here
raises on a failed write; the failure becomes a notice too (see :meth:`take_notices`),
because losing a read mark must never take the reader down with it.

Issues are keyed by :func:`issue_key`, a stable id built from the issue's path.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui_paper import paths

DB_NAME = "state.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS read_marks (
    issue_key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    read_at REAL NOT NULL,
    PRIMARY KEY (issue_key, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bookmarks (
    issue_key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    issue_path TEXT,
    issue_date TEXT,
    created_at REAL NOT NULL,
    PRIMARY KEY (issue_key, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS positions (
    issue_key TEXT PRIMARY KEY,
    page INTEGER NOT NULL,
    article_id TEXT,
    updated_at REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS issues (
    issue_key TEXT PRIMARY KEY,
    article_count INTEGER NOT NULL,
    updated_at REAL NOT NULL
) WITHOUT ROWID;
"""


def default_db_path() -> Path:
    """Where the reading state lives: ``<data dir>/state.sqlite3``."""
    return paths.data_dir() / DB_NAME


@dataclass(frozen=True, slots=True)
class Position:
    """Where the reader was in an issue."""

    page: int
    article_id: str | None


@dataclass(frozen=True, slots=True)
class Bookmark:
    """One bookmarked article, with enough to list it without loading its issue."""

    issue_key: str
    article_id: str
    title: str
    issue_path: str | None
    issue_date: str | None
    created_at: float


class StateCorruptError(Exception):
    """Raised internally when the database file is not a usable SQLite database."""


def _connect(target: str) -> sqlite3.Connection:
    # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE) so a writer takes
    # the lock up front and waits politely for the other instance, never deadlocking on
    # a read-to-write upgrade.
    conn = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if target != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable against a killed process in WAL mode (only a power cut can
            # lose the newest transaction), and keeps marking an article read cheap.
            conn.execute("PRAGMA synchronous=NORMAL")
            row = conn.execute("PRAGMA quick_check").fetchone()
            if row is None or row[0] != "ok":
                raise StateCorruptError(row[0] if row else "quick_check returned nothing")
        # One write transaction that also proves the file is writable: setting user_version
        # writes the header even when every table already exists.
        conn.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version={SCHEMA_VERSION};COMMIT;")
    except BaseException:
        conn.close()
        raise
    return conn


def _move_aside(db: Path) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = db.with_name(f"{db.name}.corrupt-{stamp}")
    n = 1
    while kept.exists():
        n += 1
        kept = db.with_name(f"{db.name}.corrupt-{stamp}-{n}")
    db.rename(kept)
    for suffix in ("-wal", "-shm"):
        side = db.with_name(db.name + suffix)
        if side.exists():
            # the WAL belongs to the damaged file; keep it beside the copy for inspection
            with contextlib.suppress(OSError):
                side.rename(kept.with_name(kept.name + suffix))
    return kept


class ReadingState:
    """Read marks, bookmarks and positions over one SQLite connection (thread-safe)."""

    def __init__(self, conn: sqlite3.Connection, db_path: Path | None) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self._depth = 0
        self._notices: list[str] = []
        #: the database file, or ``None`` when this session's state lives in memory only
        self.db_path = db_path

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, db_path: Path | None = None) -> tuple[ReadingState, str | None]:
        """Open (or create) the state database; returns the state and a notice or ``None``.

        ``db_path`` defaults to :func:`default_db_path`. A damaged file is moved aside and a
        fresh one made; an unwritable location gives an in-memory state. Either way the
        notice says what happened in one line for the user.
        """
        db = db_path or default_db_path()
        try:
            db.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return cls.in_memory(), _unwritable_notice(db.parent, exc)
        try:
            return cls(_connect(str(db)), db), None
        except (StateCorruptError, sqlite3.DatabaseError) as exc:
            if isinstance(exc, sqlite3.OperationalError):
                # locked for too long, unreadable or read-only: not damage, do not touch it
                return cls.in_memory(), _unwritable_notice(db, exc)
            try:
                kept = _move_aside(db)
                state = cls(_connect(str(db)), db)
            except (OSError, sqlite3.Error) as exc2:
                return cls.in_memory(), _unwritable_notice(db, exc2)
            return state, (
                f"The reading-state database was damaged; it was kept as {kept.name} "
                "and a fresh one started."
            )
        except OSError as exc:
            return cls.in_memory(), _unwritable_notice(db, exc)

    @classmethod
    def in_memory(cls) -> ReadingState:
        """A state that lasts only as long as this object (tests, unwritable homes)."""
        return cls(_connect(":memory:"), None)

    @property
    def persistent(self) -> bool:
        """Whether changes survive this process."""
        return self.db_path is not None

    def close(self) -> None:
        """Close the database; later calls become no-ops with a notice."""
        with self._lock:
            self._conn.close()

    def take_notices(self) -> list[str]:
        """One-line reports of writes or reads that failed since the last call (then cleared)."""
        with self._lock:
            notices, self._notices = self._notices, []
        return notices

    # ------------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several changes into one transaction: all of them are kept, or none."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outer:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._conn.execute("COMMIT")

    def _write(self, sql: str, rows: list[tuple[object, ...]]) -> bool:
        """Run ``sql`` once per row in one transaction; a failure becomes a notice."""
        with self._lock:
            try:
                with self.batch():
                    self._conn.executemany(sql, rows)
            except sqlite3.Error as exc:
                self._notices.append(f"Could not save reading state: {exc}")
                return False
        return True

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            try:
                return list(self._conn.execute(sql, params).fetchall())
            except sqlite3.Error as exc:
                self._notices.append(f"Could not read reading state: {exc}")
                return []

    # ------------------------------------------------------------------ read marks
    def mark_read(self, issue_key: str, article_ids: str | Iterable[str]) -> None:
        """Mark one article (or several, in one transaction) of an issue as read."""
        ids = [article_ids] if isinstance(article_ids, str) else list(article_ids)
        now = time.time()
        self._write(
            "INSERT INTO read_marks(issue_key, article_id, read_at) VALUES (?, ?, ?) "
            "ON CONFLICT(issue_key, article_id) DO NOTHING",
            [(issue_key, aid, now) for aid in ids],
        )

    def mark_unread(self, issue_key: str, article_id: str) -> None:
        """Forget that an article was read."""
        self._write(
            "DELETE FROM read_marks WHERE issue_key = ? AND article_id = ?",
            [(issue_key, article_id)],
        )

    def is_read(self, issue_key: str, article_id: str) -> bool:
        """Whether the article was marked read."""
        rows = self._read(
            "SELECT 1 FROM read_marks WHERE issue_key = ? AND article_id = ?",
            (issue_key, article_id),
        )
        return bool(rows)

    def read_ids(self, issue_key: str) -> frozenset[str]:
        """Ids of the articles of an issue marked read."""
        rows = self._read("SELECT article_id FROM read_marks WHERE issue_key = ?", (issue_key,))
        return frozenset(str(r[0]) for r in rows)

    def read_counts(self) -> dict[str, int]:
        """How many articles were read per issue key (one query, for a library listing)."""
        rows = self._read("SELECT issue_key, COUNT(*) FROM read_marks GROUP BY issue_key")
        return {str(k): int(str(n)) for k, n in rows}

    # ------------------------------------------------------------------ issue facts
    def remember_article_count(self, issue_key: str, count: int) -> None:
        """Record how many articles an opened issue has, so a library can show unread counts."""
        self._write(
            "INSERT INTO issues(issue_key, article_count, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(issue_key) DO UPDATE SET article_count = excluded.article_count, "
            "updated_at = excluded.updated_at",
            [(issue_key, int(count), time.time())],
        )

    def article_counts(self) -> dict[str, int]:
        """Article counts recorded by :meth:`remember_article_count`, per issue key."""
        rows = self._read("SELECT issue_key, article_count FROM issues")
        return {str(k): int(str(n)) for k, n in rows}

    # ------------------------------------------------------------------ bookmarks
    def toggle_bookmark(
        self,
        issue_key: str,
        article_id: str,
        *,
        title: str = "",
        issue_path: str | None = None,
        issue_date: str | None = None,
    ) -> bool:
        """Add the bookmark when absent, remove it when present; returns whether it is now set."""
        with self._lock:
            try:
                with self.batch():
                    gone = self._conn.execute(
                        "DELETE FROM bookmarks WHERE issue_key = ? AND article_id = ?",
                        (issue_key, article_id),
                    ).rowcount
                    if gone:
                        return False
                    self._conn.execute(
                        "INSERT INTO bookmarks(issue_key, article_id, title, issue_path, "
                        "issue_date, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (issue_key, article_id, title, issue_path, issue_date, time.time()),
                    )
                    return True
            except sqlite3.Error as exc:
                self._notices.append(f"Could not save the bookmark: {exc}")
                return self.is_bookmarked(issue_key, article_id)

    def is_bookmarked(self, issue_key: str, article_id: str) -> bool:
        """Whether the article is bookmarked."""
        rows = self._read(
            "SELECT 1 FROM bookmarks WHERE issue_key = ? AND article_id = ?",
            (issue_key, article_id),
        )
        return bool(rows)

    def bookmarks(self, issue_key: str | None = None) -> list[Bookmark]:
        """All bookmarks (or one issue's), newest first."""
        sql = (
            "SELECT issue_key, article_id, title, issue_path, issue_date, created_at FROM bookmarks"
        )
        params: tuple[object, ...] = ()
        if issue_key is not None:
            sql += " WHERE issue_key = ?"
            params = (issue_key,)
        rows = self._read(sql + " ORDER BY created_at DESC, issue_key, article_id", params)
        return [
            Bookmark(
                issue_key=str(r[0]),
                article_id=str(r[1]),
                title=str(r[2]),
                issue_path=None if r[3] is None else str(r[3]),
                issue_date=None if r[4] is None else str(r[4]),
                created_at=float(str(r[5])),
            )
            for r in rows
        ]

    # ------------------------------------------------------------------ positions
    def save_position(self, issue_key: str, page: int, article_id: str | None = None) -> None:
        """Remember the page (and article) the reader is at in an issue."""
        self._write(
            "INSERT INTO positions(issue_key, page, article_id, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(issue_key) DO UPDATE SET page = excluded.page, "
            "article_id = excluded.article_id, updated_at = excluded.updated_at",
            [(issue_key, int(page), article_id, time.time())],
        )

    def position(self, issue_key: str) -> Position | None:
        """The last saved position in an issue, or ``None`` when it was never opened."""
        rows = self._read(
            "SELECT page, article_id FROM positions WHERE issue_key = ?", (issue_key,)
        )
        if not rows:
            return None
        page, article = rows[0]
        return Position(page=int(str(page)), article_id=None if article is None else str(article))


def _unwritable_notice(where: Path, exc: BaseException) -> str:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return (
        f"Reading state cannot be saved in {where} ({reason}); "
        "this session's reading marks will not be kept."
    )


def state_files(db: Path | None = None) -> list[Path]:
    """The database and the damaged copies kept beside it (for ``tui-paper paths``)."""
    db = db or default_db_path()
    try:
        kept = sorted(p for p in db.parent.iterdir() if p.name.startswith(db.name + ".corrupt-"))
    except OSError:
        kept = []
    return [db, *kept]
