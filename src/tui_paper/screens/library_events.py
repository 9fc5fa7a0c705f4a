"""Messages between the library app and its screens.

Screens never load issues themselves: they post :class:`OpenIssue` and the app loads the
issue in a thread worker and shows it. The app posts :class:`IndexProgressed` to every
screen while the search index builds, so each can show how far it got.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """How far the search index got: ``done`` of ``total`` issues checked."""

    done: int
    total: int
    #: the update finished (or was stopped); ``done`` then counts every issue checked
    finished: bool = False
    #: issues (re)indexed in this run so far
    indexed: int = 0
    #: one line when the update failed
    error: str | None = None

    @property
    def text(self) -> str:
        """One quiet line for a status bar."""
        if self.error:
            return f"索引出错：{self.error}"
        if self.finished:
            return f"搜索索引已是最新：{self.total}期"
        return f"正在建立搜索索引：{self.done}/{self.total}期（已可搜索已建部分）"


class OpenIssue(Message):
    """Open an issue (by path) in the reader, optionally at one article."""

    def __init__(self, path: str, *, article: str | None = None) -> None:
        self.path = path
        self.article = article
        super().__init__()


class BackToLibrary(Message):
    """Return to the picker (the reader had nothing left to back out of)."""


class IndexProgressed(Message, bubble=False):
    """The search index got further (sent to every screen on the stack)."""

    def __init__(self, status: IndexStatus) -> None:
        self.status = status
        super().__init__()
