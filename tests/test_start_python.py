"""scripts/_common.sh takes the newest Python 3.11–3.13 that can make a virtualenv."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _fake_python(folder: Path, name: str, *, venv: bool = True) -> None:
    """A `python3.X` on PATH that runs this Python (optionally without the venv module)."""
    refuse = 'case "$*" in *ensurepip*) exit 1;; esac\n' if not venv else ""
    script = folder / name
    script.write_text(f'#!/bin/sh\n{refuse}exec "{sys.executable}" "$@"\n')
    script.chmod(0o755)


def _find(folder: Path, **env) -> str:
    result = subprocess.run(  # noqa: S603
        ["bash", "-c", f'source "{ROOT}/scripts/_common.sh" >/dev/null; find_python'],  # noqa: S607
        capture_output=True, text=True, cwd=ROOT,
        env={"PATH": f"{folder}:/usr/bin:/bin", "HOME": str(folder), **env})
    return result.stdout.strip()


@pytest.mark.skipif(not (3, 11) <= sys.version_info[:2] < (3, 14), reason="needs 3.11–3.13")
def test_the_newest_supported_python_with_venv_is_taken(tmp_path):
    for name in ("python3.11", "python3.12", "python3.13"):
        _fake_python(tmp_path, name)
    assert _find(tmp_path) == "python3.13"
    _fake_python(tmp_path, "python3.13", venv=False)  # Debian without python3.13-venv
    assert _find(tmp_path) == "python3.12"
    assert _find(tmp_path, PYTHON="python3.11") == "python3.11"


def test_pyproject_allows_python_3_11_to_3_13():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.11,<3.14"' in text
