"""config.toml: settings read, and a broken file never stops the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_paper import paths
from tui_paper.config import Config, config_path, load_config


@pytest.fixture
def cfg_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "home"))
    path = config_path()
    path.parent.mkdir(parents=True)
    return path


def test_config_lives_in_the_redirected_config_dir(cfg_file: Path, tmp_path: Path) -> None:
    assert cfg_file == tmp_path / "home" / "config" / "config.toml"


def test_missing_file_gives_defaults_without_a_notice(cfg_file: Path) -> None:
    config, notice = load_config()
    assert config == Config()
    assert notice is None


def test_settings_are_read(cfg_file: Path, tmp_path: Path) -> None:
    cfg_file.write_text(
        'theme = "nord"\ndefault_library = "~/papers"\n[keys]\nbookmark = "b"\nnext_issue = "]"\n',
        encoding="utf-8",
    )
    config, notice = load_config()
    assert notice is None
    assert config.theme == "nord"
    assert config.default_library == Path("~/papers").expanduser()
    assert dict(config.keys) == {"bookmark": "b", "next_issue": "]"}
    assert config.source == cfg_file


def test_relative_library_is_relative_to_the_config_file(cfg_file: Path) -> None:
    cfg_file.write_text('default_library = "papers"\n', encoding="utf-8")
    config, _ = load_config()
    assert config.default_library == cfg_file.parent / "papers"


def test_invalid_toml_gives_defaults_and_a_one_line_notice(cfg_file: Path) -> None:
    cfg_file.write_text('theme = "nord\n[keys\n', encoding="utf-8")
    config, notice = load_config()
    assert config == Config()
    assert notice is not None and "not valid TOML" in notice and "\n" not in notice


def test_wrong_types_fall_back_per_setting(cfg_file: Path) -> None:
    cfg_file.write_text(
        'theme = 3\ncolour = "red"\ndefault_library = "lib"\n[keys]\nbookmark = 5\nquit = "q"\n',
        encoding="utf-8",
    )
    config, notice = load_config()
    assert config.theme is None
    assert dict(config.keys) == {"quit": "q"}
    assert config.default_library == cfg_file.parent / "lib"
    assert notice is not None
    for word in ("theme", "colour", "keys.bookmark"):
        assert word in notice


def test_undecodable_file_gives_defaults(cfg_file: Path) -> None:
    cfg_file.write_bytes(b"theme = \xff\xfe\xfa\n")
    config, notice = load_config()
    assert config == Config()
    assert notice is not None and "UTF-8" in notice


def test_paths_command_prints_every_directory_under_the_redirect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui_paper.cli import main

    home = tmp_path / "elsewhere"
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    assert main(["paths", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("config", "data", "cache", "settings", "state", "index"):
        assert Path(data[key]).is_relative_to(home), key
    assert data["settings"] == str(config_path())
    assert main(["paths"]) == 0
    assert "state" in capsys.readouterr().out
