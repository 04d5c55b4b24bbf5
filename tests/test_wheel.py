"""The built wheel installs one top-level package, `tsunagari`, with its data files.

The wheel is built offline from a copy of the sources (setuptools from the venv,
no build isolation, no dependencies), so that nothing is written into the tree
and no stale build folder leaks into it; setuptools must not warn that a data
folder would be ignored.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], str]:
    out = tmp_path_factory.mktemp("wheel")
    src = out / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for folder in ("core", "graph", "loaders", "queries", "api", "viz", "tsunagari"):
        shutil.copytree(ROOT / folder, src / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "--verbose", "-w", str(out)],
        capture_output=True, text=True, timeout=600, check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(out), "PIP_NO_CACHE_DIR": "1"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (path,) = out.glob("tsunagari-*.whl")
    with zipfile.ZipFile(path) as z:
        return z.namelist(), done.stdout + done.stderr


def test_only_the_tsunagari_package_is_installed(wheel: tuple[list[str], str]) -> None:
    names, _ = wheel
    tops = {n.split("/", 1)[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"tsunagari"}
    for room in ("core", "graph", "loaders", "queries", "api", "viz", "commands"):
        assert f"tsunagari/{room}/__init__.py" in names, room


def test_data_files_travel_with_the_code(wheel: tuple[list[str], str]) -> None:
    names, _ = wheel
    assert "tsunagari/queries/area_network.cypher" in names
    assert "tsunagari/queries/collaboration_path.embedded.cypher" in names
    assert "tsunagari/loaders/role_lexicon.toml" in names
    assert any(n.startswith("tsunagari/api/templates/") and n.endswith(".html") for n in names)
    vendor = [n for n in names if n.startswith("tsunagari/api/static/vendor/")]
    assert any(n.endswith(".js") for n in vendor)
    assert any("licen" in n.lower() for n in vendor), "vendored code keeps its licence"
    assert "tsunagari/viz/data/japan_prefectures.json" in names
    assert any("licen" in n.lower() for n in names if n.startswith("tsunagari/viz/data/"))


def test_setuptools_has_nothing_to_warn_about(wheel: tuple[list[str], str]) -> None:
    _, log = wheel
    assert "Package would be ignored" not in log
    assert "is absent from the `packages` configuration" not in log
