"""tui-paper: a terminal newspaper browser for Chinese newspaper issues."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tui-paper")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
