"""A built wheel carries its stylesheets and the built-in issue, and runs outside the checkout.

A missing stylesheet is a hard start-up error in Textual, and the design card keeps `styles/`
and `sample_issues/` at the repository root, so only an installed wheel proves they ship.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A fresh venv outside the checkout with only the wheel installed into it.

    The venv sees the machine's site-packages for textual/jieba/platformdirs (no network),
    but tui_paper itself must come from the wheel: checked below.
    """
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("tui_paper-*.whl"))
    env_dir = work / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return env_dir, work


def _run(env_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TUI_PAPER_HOME=str(cwd / "home"), NO_COLOR="1")
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(env_dir / "bin" / "tui-paper"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_wheel_is_what_runs(installed: tuple[Path, Path]) -> None:
    env_dir, work = installed
    out = subprocess.run(
        [
            str(env_dir / "bin" / "python"),
            "-c",
            "import tui_paper.paths as p; print(p.__file__); print(p.styles_dir());"
            " print(p.default_issue_path())",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    module_file, styles, sample = out[0], Path(out[1]), Path(out[2])
    assert str(env_dir) in module_file, "tui_paper was imported from the checkout, not the wheel"
    assert str(env_dir) in str(styles) and any(styles.glob("*.tcss"))
    assert str(env_dir) in str(sample) and sample.exists()


def test_installed_app_starts_without_a_path(installed: tuple[Path, Path]) -> None:
    env_dir, work = installed
    out = work / "default.svg"
    result = _run(env_dir, work, "screenshot", "-o", str(out))
    assert result.returncode == 0, result.stderr
    svg = out.read_text(encoding="utf-8")
    assert "<svg" in svg
    # the built-in issue's paper name is on the header band
    assert "天工科技报" in svg


def test_installed_app_starts_with_a_path(installed: tuple[Path, Path]) -> None:
    env_dir, work = installed
    sample = work / "issue.txt"
    sample.write_text(
        "# 测试标题一\n\n正文第一段。\n\n# 测试标题二\n\n正文第二段。\n", encoding="utf-8"
    )
    out = work / "given.svg"
    result = _run(env_dir, work, "screenshot", str(sample), "-o", str(out), "--size", "80x24")
    assert result.returncode == 0, result.stderr
    assert "测试标题一" in out.read_text(encoding="utf-8")


def test_installed_dump_reports_bad_path_in_one_line(installed: tuple[Path, Path]) -> None:
    env_dir, work = installed
    result = _run(env_dir, work, "dump", str(work / "missing.txt"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
