"""YAML-style front matter at the top of a Markdown file, read without a YAML library.

Archives such as the pdvault Markdown export open each article with a block like::

    ---
    title: "..."
    date: 2026-02-03
    section: "第01版"
    keywords: [a, b]
    ---

Only that flat subset is understood (``key: value`` with quoted or bare scalars and one-line
``[a, b]`` lists); anything richer is kept as its raw string, never an error, because a
reader must not refuse an article over a metadata field it does not display.
"""

from __future__ import annotations

import re

FrontValue = str | list[str]

_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_FENCE = "---"


def _scalar(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        inner = raw[1:-1]
        if raw[0] == '"':
            # the common escapes only; a stray backslash stays as written
            inner = inner.replace('\\"', '"').replace("\\\\", "\\")
        else:
            inner = inner.replace("''", "'")
        return inner
    return raw


def _value(raw: str) -> FrontValue:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        items = [_scalar(part) for part in raw[1:-1].split(",")]
        return [item for item in items if item]
    return _scalar(raw)


def split_front_matter(text: str) -> tuple[dict[str, FrontValue], str]:
    """Split ``text`` into its front-matter fields and the body after the closing fence.

    Text without an opening ``---`` line (or without a closing one) has no front matter:
    the fields are empty and the body is the whole text, unchanged.
    """
    stripped = text.lstrip("\ufeff")
    lines = stripped.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        return {}, text
    fields: dict[str, FrontValue] = {}
    for index in range(1, len(lines)):
        line = lines[index].rstrip("\r")
        if line.strip() == _FENCE:
            return fields, "\n".join(lines[index + 1 :])
        match = _KEY_RE.match(line)
        if match:
            fields[match.group(1)] = _value(match.group(2))
    return {}, text


def has_front_matter(head: str) -> bool:
    """Whether ``head`` (the first bytes of a file, decoded) opens with a front-matter fence."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return first.strip() == _FENCE


def field_str(fields: dict[str, FrontValue], key: str) -> str | None:
    """The string value of ``key``, or ``None`` when absent, empty or a list."""
    value = fields.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
