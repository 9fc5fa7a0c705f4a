"""The one exception the reader raises."""

from __future__ import annotations


class ReaderError(Exception):
    """A path or file the reader cannot turn into an issue.

    The message is one line, suitable for ``tui-paper: <message>`` on stderr.
    """
