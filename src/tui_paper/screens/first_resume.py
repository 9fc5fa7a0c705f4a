"""A screen styled as it mounts needs no second styling when it first becomes active."""

from __future__ import annotations

from textual import events


class StyledOnMount:
    """Mixed into a screen: skip Textual's restyle of the screen's first resume.

    Textual restyles every node of a screen when it becomes active, for a screen that missed
    changes while it was away. The first time, each node has just been styled as it was
    mounted, and doing it again cost the reading screen ~14 ms before its first frame. This
    handler runs before Screen's own: Textual dispatches a message along the class
    hierarchy, subclass first, and the mixin comes before ``Screen`` in it.
    """

    #: set by the first ScreenResume
    _resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first resume: the styles are already those a restyle would give."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
