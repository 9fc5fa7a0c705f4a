"""Parsed stylesheets kept between runs, so a start does not tokenise the same CSS again.

Textual parses every stylesheet (ours and each widget's default CSS) on every start, in
Python: about 20 ms of the way to the first frame, for text that changes only with an
upgrade. :class:`CachedStylesheet` looks each parse up in a file in the user cache folder
first and records what it had to parse, which :meth:`CachedStylesheet.save` adds to the
file (in a thread after the first frame, and again when the app ends for what was parsed
later: a dialog's sheet, another theme).

An entry is keyed by everything the parse depends on: the CSS text and where it came from,
its flags, the theme's variables, the Python version and the size and mtime of Textual's
parsing modules (an upgrade misses every entry). The file carries a BLAKE2b digest of its payload;
a damaged file is ignored and rewritten. Entries are pickles of Textual's rule objects, read
back by an unpickler that knows only those classes (no other global resolves, nothing is
imported), so a planted file cannot run code; an entry it refuses is parsed as if absent.
"""

from __future__ import annotations

import enum
import functools
import io
import os
import pickle
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from tui_paper.digest import blake2b
from tui_paper.paths import cache_dir

_MAGIC = b"tui-paper css cache 2\n"
_DIGEST = 32
#: entries kept: those used by the last run come first when the file would grow past this
MAX_ENTRIES = 200

#: where the rule objects of a parsed stylesheet come from (no other global is accepted)
_RULE_MODULES = frozenset(
    {
        "textual.color",
        "textual.css.model",
        "textual.css.scalar",
        "textual.css.styles",
        "textual.css.types",
        "textual.geometry",
        "textual.layouts.grid",
        "textual.layouts.horizontal",
        "textual.layouts.stream",
        "textual.layouts.vertical",
    }
)
#: the selector-matching functions a rule holds (as partials): pure checks of a node
_RULE_FUNCTIONS = frozenset({"_check_type", "_check_class", "_check_id", "_check_universal"})
#: Textual modules whose source decides what a parse produces
_PARSER_MODULES = ("css/parse.py", "css/model.py", "css/styles.py", "css/_styles_builder.py")


def cache_path() -> Path:
    """``<cache>/css/stylesheets.cache``."""
    return cache_dir() / "css" / "stylesheets.cache"


def _rule_getattr(owner: object, name: object) -> Any:
    # pickle writes an enum member as getattr(EnumClass, "NAME"), and the lookups a style
    # keeps of its rules as getattr(rules_dict, "get"); nothing else may use getattr
    if isinstance(owner, type) and issubclass(owner, enum.Enum) and isinstance(name, str):
        member = owner.__members__.get(name)
        if member is not None:
            return member
    if type(owner) is dict and name in ("get", "__contains__"):
        return getattr(owner, name)
    raise pickle.UnpicklingError("not an enum member nor a rules lookup")


class _RuleUnpickler(pickle.Unpickler):
    """Builds Textual's rule objects and nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _rule_getattr
        if (module, name) == ("functools", "partial"):
            return functools.partial
        loaded = sys.modules.get(module)  # never import: only what Textual already loaded
        if module in _RULE_MODULES and loaded is not None and name.isidentifier():
            found = loaded.__dict__.get(name)
            if isinstance(found, type) and found.__module__ == module:
                return found
            if module == "textual.css.model" and name in _RULE_FUNCTIONS and callable(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a stylesheet")


def _load_rules(data: bytes) -> list[RuleSet] | None:
    try:
        rules = _RuleUnpickler(io.BytesIO(data)).load()
    except Exception:  # any refusal or damage: parse instead
        return None
    if isinstance(rules, list) and all(isinstance(rule, RuleSet) for rule in rules):
        return rules
    return None


def _read_entries(path: Path) -> dict[str, bytes]:
    """The file's entries (still pickled), or none when it is missing or damaged."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    head = len(_MAGIC)
    if not raw.startswith(_MAGIC) or len(raw) < head + _DIGEST:
        return {}
    digest, payload = raw[head : head + _DIGEST], raw[head + _DIGEST :]
    if blake2b(payload, digest_size=_DIGEST).digest() != digest:
        return {}
    try:
        # the outer layer holds only strings and bytes: an unpickler refusing every global
        entries = _NoGlobals(io.BytesIO(payload)).load()
    except Exception:
        return {}
    if not isinstance(entries, dict):
        return {}
    return {k: v for k, v in entries.items() if isinstance(k, str) and isinstance(v, bytes)}


class _NoGlobals(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError("no globals in the entry table")


@functools.cache
def _parser_fingerprint() -> str:
    import textual

    base = Path(textual.__file__).parent
    parts = [f"{sys.version_info[0]}.{sys.version_info[1]}"]
    for name in _PARSER_MODULES:
        try:
            st = (base / name).stat()
        except OSError:
            parts.append(f"{name}:?")
        else:
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


class CachedStylesheet(Stylesheet):
    """A stylesheet that takes parsed rules from the cache file when it has them."""

    def __init__(self, *, variables: dict[str, str] | None = None, path: Path | None) -> None:
        super().__init__(variables=variables)
        #: the cache file (``None``: no caching, as for a plain stylesheet)
        self.cache_file = path
        self._entries: dict[str, bytes] | None = None
        self._used: set[str] = set()
        self._new: dict[str, list[RuleSet]] = {}
        self._saving = threading.Lock()
        #: parses done because the file had no usable entry (tests read it)
        self.parsed = 0
        #: the hash state of what all keys share (see _key); reset with the variables
        self._key_base: blake2b | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        """New theme variables: keys hash them afresh."""
        super().set_variables(variables)
        self._key_base = None

    def _key(self, css: str, read_from: tuple[str, str], flags: tuple[Any, ...]) -> str:
        # What every parse shares (the parser's fingerprint and the theme's ~150 variables) is
        # hashed once per set of variables, not once per stylesheet: a start looks up ~30.
        if self._key_base is None:
            shared = repr((_parser_fingerprint(), sorted(self._variables.items())))
            self._key_base = blake2b(_utf8(shared), digest_size=20)
        hasher = self._key_base.copy()
        hasher.update(_utf8(repr((css, read_from, flags))))
        return hasher.hexdigest()

    def _parse_rules(
        self,
        css: str,
        read_from: tuple[str, str],
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        memo_key = (css, read_from, is_default_rules, tie_breaker, scope)
        if self.cache_file is None or memo_key in self._parse_cache:
            return super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        if self._entries is None:
            self._entries = _read_entries(self.cache_file)
        key = self._key(css, read_from, (is_default_rules, tie_breaker, scope))
        data = self._entries.get(key)
        rules = _load_rules(data) if data is not None else None
        if rules is not None:
            self._used.add(key)
            self._parse_cache[memo_key] = rules
            return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        self.parsed += 1
        if not any(rule.errors for rule in rules):
            self._new[key] = rules
        return rules

    def save(self) -> None:
        """Add what this run parsed to the cache file (atomically; failures are ignored).

        Safe to call from a thread: parsed rules are not changed once made.
        """
        with self._saving:
            self._save()

    def _save(self) -> None:
        if self.cache_file is None or not self._new:
            return
        entries = dict(self._entries or {})
        new, self._new = self._new, {}
        for key, rules in new.items():
            try:
                data = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                continue  # a rule object that does not pickle: parsed again next time
            if _load_rules(data) is not None:  # only what the next start will accept
                entries[key] = data
                self._used.add(key)
        if len(entries) > MAX_ENTRIES:
            entries = {k: v for k, v in entries.items() if k in self._used}
        payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        blob = _MAGIC + blake2b(payload, digest_size=_DIGEST).digest() + payload
        folder = self.cache_file.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".css-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(blob)
                os.replace(tmp, self.cache_file)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self._entries = entries
