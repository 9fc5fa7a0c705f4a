"""BLAKE2b for the caches read on every start (parsed issues, parsed stylesheets).

``import hashlib`` loads OpenSSL's bindings as well (about 4 ms, a tenth of what tui-paper
adds to a start), although BLAKE2 is built into CPython. The module ``hashlib`` itself takes
``blake2b`` from ``_blake2``; so does this one, falling back to ``hashlib`` where an
interpreter lacks that module.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always has it
    from hashlib import blake2b

__all__ = ["blake2b"]
