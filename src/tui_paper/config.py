"""The user's settings: ``config.toml`` in the user config directory.

```toml
theme = "textual-dark"            # a Textual theme name
default_library = "~/papers"      # opened by `tui-paper` with no PATH
[keys]                            # binding id -> key(s), e.g. "s" or "s,ctrl+b"
bookmark = "b"
```

A missing file means defaults. A file that is not valid TOML, or a setting of the wrong
type, never stops the app: the defaults stand in for what is wrong and a one-line notice
says so, for the app to show.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from tui_paper import paths

CONFIG_NAME = "config.toml"
KNOWN_KEYS = frozenset({"theme", "default_library", "keys"})


def config_path() -> Path:
    """``<config dir>/config.toml``."""
    return paths.config_dir() / CONFIG_NAME


class Config(NamedTuple):
    """Settings after validation; every field has a working default.

    A named tuple rather than a dataclass: it is read on every start, and building a
    dataclass costs about a millisecond at import.
    """

    theme: str | None = None
    default_library: Path | None = None
    #: binding id -> key string as Textual writes it (``"s"``, ``"ctrl+b"``, ``"s,b"``)
    keys: MappingProxyType[str, str] = MappingProxyType({})  # read-only, so safely shared
    source: Path | None = None


def _parse(data: dict[str, Any], base: Path, problems: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in sorted(set(data) - KNOWN_KEYS):
        problems.append(f"unknown setting {key!r} ignored")
    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            values["theme"] = theme.strip()
        else:
            problems.append("theme must be a non-empty string")
    library = data.get("default_library")
    if library is not None:
        if isinstance(library, str) and library.strip():
            lib = Path(library.strip()).expanduser()
            # a relative path is read from where the config file lives, not the cwd
            values["default_library"] = lib if lib.is_absolute() else base / lib
        else:
            problems.append("default_library must be a path string")
    keys = data.get("keys")
    if keys is not None:
        if isinstance(keys, dict):
            good = {}
            for action, key in keys.items():
                if isinstance(key, str) and key.strip():
                    good[str(action)] = key.strip()
                else:
                    problems.append(f"keys.{action} must be a key string such as 's'")
            values["keys"] = MappingProxyType(good)
        else:
            problems.append("[keys] must be a table of binding id = key")
    return values


def load_config(path: Path | None = None) -> tuple[Config, str | None]:
    """Read the config file; returns the settings and a one-line notice, or ``None``.

    ``path`` defaults to :func:`config_path`. A missing file is no problem (defaults).
    """
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(), None
    except OSError as exc:
        return Config(), f"Could not read {path}: {exc.strerror or exc}; using defaults."
    import tomllib  # only when there is a file: most starts have none

    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Config(), f"{path} is not UTF-8 text; using defaults."
    except tomllib.TOMLDecodeError as exc:
        return Config(), f"{path} is not valid TOML ({exc}); using defaults."
    problems: list[str] = []
    values = _parse(data, path.parent, problems)
    config = Config(source=path, **values)
    notice = None
    if problems:
        notice = f"{path}: " + "; ".join(problems) + " (defaults used for those)."
    return config, notice
