"""The wheel installs one top-level package, ``jamfkb``, and its dist-info: nothing else."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv builds the wheel here; CI always has it")
    out = tmp_path_factory.mktemp("dist")
    # A copy of the tree, so the build leaves no build/ or egg-info in the checkout.
    src = out / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "__pycache__", "build", "*.egg-info", ".pytest_cache"))
    subprocess.run([uv, "build", "--wheel", "--out-dir", str(out), str(src)],
                   check=True, capture_output=True, text=True)
    (found,) = out.glob("jamfkb-*.whl")
    return found


def test_the_wheel_has_one_top_level_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    dist_info = [t for t in top if t.endswith(".dist-info")]
    assert len(dist_info) == 1
    assert top == {"jamfkb", dist_info[0]}


def test_the_wheel_carries_the_content_and_the_tui_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "jamfkb/content/causes/cause-4.toml" in names
    assert "jamfkb/content/causes/cause-4.fr.md" in names
    assert "jamfkb/tui/app.tcss" in names
    assert "jamfkb/tui/data/strings.toml" in names
    assert "jamfkb/kb/compiler.py" in names or "jamfkb/kb/__init__.py" in names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry).decode()
    assert "jamfkb = jamfkb.tui.cli:main" in text
