"""What the two apps (one issue, a library of issues) share: keys, theme, start-up habits.

Kept apart from :mod:`tui_paper.app` so that the library app can use it without importing
the reading screen before its own first frame.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Mapping
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from tui_paper import gc_pause

#: terminals known to show only 16 colours get the ANSI theme, which uses their own palette
SIXTEEN_COLOUR_TERMS = ("linux", "screen", "vt100", "vt220", "xterm", "ansi", "cons25")


def pick_theme(environ: Mapping[str, str] = os.environ, config_theme: str | None = None) -> str:
    """``TUI_PAPER_THEME`` wins, then the config file's theme, then the terminal's colours."""
    chosen = environ.get("TUI_PAPER_THEME") or config_theme
    if chosen:
        return chosen
    term = environ.get("TERM", "")
    if not environ.get("COLORTERM") and term in SIXTEEN_COLOUR_TERMS:
        return "ansi-dark"
    return "textual-dark"


#: How long one thread may hold the interpreter while another waits for it. Python's 5 ms
#: default made the interface wait that long behind a worker (jieba indexing the issue) at
#: every step of a keystroke, and a painted frame wait that long for Textual's writer thread
#: while the UI thread went on (building the rest of a filter's entries) — seen by the reader
#: as a late keystroke. Half a millisecond costs a worker only a few more switches.
SWITCH_INTERVAL = 0.0005


class PaperApp(App[None]):
    """The common ground of tui-paper's apps: app-wide keys, no animation, a GC pause."""

    TITLE = "tui-paper"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("?", "help", "Help", id="app.help"),
    ]

    def __init__(self, *, css_cache: bool = False) -> None:
        """``css_cache``: take parsed stylesheets from the user cache folder (a real start)."""
        super().__init__()
        if css_cache:
            from tui_paper.css_cache import CachedStylesheet, cache_path

            # The variables App.__init__ just generated for the stylesheet this replaces:
            # generating them again costs ~1.5 ms of the start.
            variables = getattr(self.stylesheet, "_variables", None) or self.get_css_variables()
            self.stylesheet = CachedStylesheet(variables=variables, path=cache_path())
        # No animation: nothing that costs bandwidth over SSH or delays a keystroke's effect.
        self.animation_level = "none"
        #: set by run_painted_first: the garbage collector waits until the first frame
        self.gc_paused_until_painted = False

    def resume_gc(self) -> None:
        """Let the garbage collector run again (once the first frame is on the screen)."""
        if self.gc_paused_until_painted:
            self.gc_paused_until_painted = False
            gc_pause.resume()
            self.save_parsed_css(in_thread=True)

    def save_parsed_css(self, *, in_thread: bool = False) -> None:
        """Keep the stylesheets parsed so far for the next start (:mod:`tui_paper.css_cache`)."""
        save = getattr(self.stylesheet, "save", None)
        if save is None:
            return
        if in_thread:
            threading.Thread(target=save, name="css-cache", daemon=True).start()
        else:
            save()


def run_painted_first(app: PaperApp) -> None:
    """Run ``app`` with the garbage collector paused until its first frame is painted.

    Everything alive now (the imported modules, a parsed issue) lives as long as the app, so
    later full collections need not scan it again; and mounting the first screen allocates
    thousands of short-lived objects whose collections would only delay the first frame.
    The app calls :meth:`PaperApp.resume_gc` after its first refresh. The pause may have
    begun earlier, on the command line (:mod:`tui_paper.gc_pause`).
    """
    gc.freeze()
    gc_pause.pause()
    app.gc_paused_until_painted = gc_pause.held()
    switch = sys.getswitchinterval()
    sys.setswitchinterval(min(switch, SWITCH_INTERVAL))
    try:
        app.run()
    finally:
        sys.setswitchinterval(switch)
        gc_pause.resume()
        app.save_parsed_css()  # what was parsed after the first frame (dialogs, themes)
