"""The command line's JSON writer gives exactly what ``json.dumps(..., indent=2)`` gives."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_paper.jsonout import dumps

_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)) | st.sampled_from('"\\\n\t\x00\x1f\x7f文')
)
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | _TEXT
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(_TEXT | st.integers() | st.booleans() | st.none(), inner, max_size=5)
    ),
    max_leaves=40,
)


def _std(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


@settings(max_examples=500, deadline=None)
@given(_VALUES)
def test_any_json_value_is_written_as_the_standard_library_writes_it(obj: Any) -> None:
    assert dumps(obj) == _std(obj)


def test_an_issue_dump_is_the_standard_librarys_text() -> None:
    from pathlib import Path

    from tui_paper.model import issue_to_dict
    from tui_paper.reader import load_issue

    samples = Path(__file__).resolve().parents[1] / "sample_issues"
    for path in sorted(samples.iterdir()):
        if path.name.startswith("README"):
            continue
        data = issue_to_dict(load_issue(path))
        assert dumps(data) == _std(data)


def test_what_json_cannot_hold_fails_as_it_does_in_the_standard_library() -> None:
    with pytest.raises(TypeError):
        dumps({"a": {1, 2}})
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        dumps(loop)
    assert dumps([math.nan, -math.inf]) == _std([math.nan, -math.inf])
