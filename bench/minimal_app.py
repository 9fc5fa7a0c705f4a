"""The baseline for start-up benchmarks: a minimal Textual app that paints one Static."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("MINIMAL-READY 最小应用")


if __name__ == "__main__":
    MinimalApp().run()
