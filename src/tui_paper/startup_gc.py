"""The garbage-collector pause that spans a start-up, from the command line to the first frame.

Importing Textual and the app allocates tens of thousands of long-lived objects (classes,
functions, compiled styles); with the collector running, each of them is scanned again and
again by collections that find nothing to free. The pause starts as early as the command line
knows it will open a screen and ends after the first frame is painted; pure core, no Textual.
"""

from __future__ import annotations

import gc

_held = False


def pause() -> None:
    """Stop the collector unless someone already stopped it (theirs to restart, then)."""
    global _held
    if not _held and gc.isenabled():
        gc.disable()
        _held = True


def held() -> bool:
    """Whether this module's pause is in force."""
    return _held


def resume() -> None:
    """End the pause taken by :func:`pause` (no-op when none is in force)."""
    global _held
    if _held:
        _held = False
        gc.enable()
