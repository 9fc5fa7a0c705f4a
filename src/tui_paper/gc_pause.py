"""The garbage-collector pause that lasts until a frame is painted.

Two waits are kept free of collections. A start-up, from the command line to the first frame:
importing Textual and the app allocates tens of thousands of long-lived objects (classes,
functions, compiled styles), which collections would scan again and again only to find them
alive. And a keystroke in the filter, until the frame that shows its results: a collection
then (one every keystroke or two, now and then a full one) would only delay the results; it
runs right after the frame instead. Pure core, no Textual: the UI resumes after its refresh.
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
