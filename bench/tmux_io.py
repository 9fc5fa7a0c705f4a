"""Driving tmux from the benchmarks: spawned tmux commands, or one control-mode connection.

A spawned ``tmux`` process per command costs ~4 ms of CPU on this machine, taken from the app
being measured on two cores; a control-mode client (``tmux -C``) takes commands over one pipe.
"""

from __future__ import annotations

import queue
import subprocess
import threading
from collections.abc import Sequence
from typing import IO


def new_session(
    name: str, home: str, command: Sequence[str], size: tuple[int, int] = (100, 30)
) -> list[str]:
    """The tmux command (without ``tmux``) starting a detached session of ``size`` that
    runs ``command`` with ``home`` as tui-paper's user folder, in a 256-colour terminal."""
    window = ["new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1])]
    return [*window, "env", f"TUI_PAPER_HOME={home}", "TERM=xterm-256color", *command]


class Tmux:
    """Keys sent to, and text read from, one tmux session, through spawned tmux commands."""

    def __init__(self, session: str) -> None:
        self.session = session

    def send(self, key: str, *, literal: bool = False) -> None:
        flags = ["-l"] if literal else []
        subprocess.run(["tmux", "send-keys", "-t", self.session, *flags, key], check=True)

    def capture(self, rows: tuple[int, int] | None = None) -> str:
        """The pane's text, or only its rows ``first..last`` (cheaper to read)."""
        span = ["-S", str(rows[0]), "-E", str(rows[1])] if rows else []
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.session, *span],
            capture_output=True,
            text=True,
        ).stdout

    def close(self) -> None:
        pass


class ControlTmux(Tmux):
    """The same through a tmux control-mode client: one pipe, no process per command.

    The client ignores the window's size (the pane stays 100x30) and asks for no output
    notifications (the pane is read with capture-pane when wanted).
    """

    def __init__(self, session: str) -> None:
        super().__init__(session)
        self._proc = subprocess.Popen(
            ["tmux", "-C", "attach-session", "-t", session, "-f", "ignore-size,no-output"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self._replies: queue.Queue[list[str]] = queue.Queue()
        assert self._proc.stdout is not None and self._proc.stdin is not None
        self._stdin: IO[bytes] = self._proc.stdin
        threading.Thread(target=self._read, args=(self._proc.stdout,), daemon=True).start()
        self._replies.get(timeout=10)  # the reply block tmux sends when a client attaches

    def _read(self, out: IO[bytes]) -> None:
        block: list[str] | None = None
        for raw in out:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if block is None:
                if line.startswith("%begin"):
                    block = []
            elif line.startswith(("%end", "%error")):
                self._replies.put(block)
                block = None
            else:
                block.append(line)

    def command(self, *words: str) -> list[str]:
        """Run one tmux command on the connection; its output lines."""
        quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
        self._stdin.write((quoted + "\n").encode())
        return self._replies.get(timeout=10)

    def send(self, key: str, *, literal: bool = False) -> None:
        self.command("send-keys", "-t", self.session, *(["-l"] if literal else []), key)

    def capture(self, rows: tuple[int, int] | None = None, *, session: str | None = None) -> str:
        """The pane's text (or rows ``first..last``) of this session or of another one."""
        span = ["-S", str(rows[0]), "-E", str(rows[1])] if rows else []
        target = session or self.session
        return "\n".join(self.command("capture-pane", "-p", "-t", target, *span))

    def close(self) -> None:
        self._stdin.close()
        self._proc.wait(timeout=10)
