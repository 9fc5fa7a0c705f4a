"""The baseline for keystroke benchmarks: a minimal Textual app with one focused Input."""

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class MinimalInputApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="typed")
        yield Static("MINIMAL-READY 最小应用")


if __name__ == "__main__":
    MinimalInputApp().run()
