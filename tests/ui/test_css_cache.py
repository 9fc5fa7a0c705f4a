"""Parsed stylesheets kept between starts: the same screen, no parsing, no trust in the file."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path

import pytest
from conftest import screen_text

from tui_paper import css_cache
from tui_paper.app import TuiPaperApp
from tui_paper.css_cache import CachedStylesheet, cache_path
from tui_paper.model import Issue

SIZE = (100, 30)


async def _start(issue: Issue) -> tuple[TuiPaperApp, str, list[object]]:
    """Start the app as a real start does (cache on), note the screen, save the cache."""
    app = TuiPaperApp(issue, background_work=False, css_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        rules: list[object] = [
            # repr: a layout is an object compared by identity, shown by its name
            (rule.selectors, repr(rule.styles.get_rules()), rule.is_default_rules, rule.tie_breaker)
            for rule in app.stylesheet.rules
        ]
    app.save_parsed_css()
    return app, text, rules


def _parsed(app: TuiPaperApp) -> int:
    stylesheet = app.stylesheet
    assert isinstance(stylesheet, CachedStylesheet)
    return stylesheet.parsed


async def test_second_start_parses_no_stylesheet_and_shows_the_same(issue: Issue) -> None:
    first, first_text, first_rules = await _start(issue)
    assert _parsed(first) > 0 and cache_path().is_file()
    second, second_text, second_rules = await _start(issue)
    assert _parsed(second) == 0
    assert second_rules == first_rules
    assert second_text == first_text


async def test_another_theme_is_parsed_for_itself(
    issue: Issue, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _start(issue)
    monkeypatch.setenv("TUI_PAPER_THEME", "nord")
    nord, _, _ = await _start(issue)
    assert nord.theme == "nord" and _parsed(nord) > 0  # the theme's colours are in its rules
    again, _, _ = await _start(issue)
    assert _parsed(again) == 0
    monkeypatch.delenv("TUI_PAPER_THEME")
    dark, _, _ = await _start(issue)  # both themes stay cached
    assert _parsed(dark) == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-100],  # cut short
        lambda raw: raw[:60] + bytes([raw[60] ^ 0xFF]) + raw[61:],  # one byte changed
        lambda raw: b"not a cache at all",
    ],
)
async def test_damaged_file_is_ignored_and_rewritten(issue: Issue, damage: object) -> None:
    _, text, _ = await _start(issue)
    path = cache_path()
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    damaged, damaged_text, _ = await _start(issue)
    assert _parsed(damaged) > 0 and damaged_text == text
    healed, _, _ = await _start(issue)
    assert _parsed(healed) == 0


class _Plant:
    """A pickle payload that would create a file when loaded by a trusting unpickler."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.target}",))


def _resign(path: Path, entries: dict[str, bytes]) -> None:
    payload = pickle.dumps(entries)
    path.write_bytes(css_cache._MAGIC + hashlib.blake2b(payload, digest_size=32).digest() + payload)


@pytest.mark.skipif(os.name != "posix", reason="uses touch")
async def test_planted_entries_run_no_code(issue: Issue, tmp_path: Path) -> None:
    _, text, _ = await _start(issue)
    path = cache_path()
    entries = css_cache._read_entries(path)
    assert entries
    target = tmp_path / "planted"
    evil = [
        pickle.dumps([_Plant(target)]),
        # getattr on an allowed class, to reach further than an enum member
        b"\x80\x04cbuiltins\ngetattr\nctextual.color\nColor\nX\x08\x00\x00\x00__init__\x86R.",
    ]
    for data in evil:
        assert css_cache._load_rules(data) is None
    _resign(path, {key: evil[n % len(evil)] for n, key in enumerate(entries)})
    planted, planted_text, _ = await _start(issue)
    assert not target.exists()
    assert _parsed(planted) == len(entries) and planted_text == text


def test_rule_unpickler_refuses_what_textual_has_not_loaded() -> None:
    data = b"\x80\x04cos\nsystem\n."
    with pytest.raises(pickle.UnpicklingError):
        css_cache._RuleUnpickler(io.BytesIO(data)).load()
