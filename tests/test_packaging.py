"""An installed wheel (``pip install .``, not editable) finds and runs its migrations."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_migrations_and_resources_and_runs_them(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("kod_desk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "kod_desk/_db/env.py" in names
    assert any(n.startswith("kod_desk/_db/versions/0001_") for n in names)
    assert "kod_desk/_resources/styles/app.qss" in names
    assert not any(n.startswith("db/") for n in names), "db/ must not be a top-level package"

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = dict(os.environ, PYTHONPATH=str(site))
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import kod_desk.paths as p; print(p.migrations_dir()); print(p.resources_dir())",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    migrations_dir, resources_dir = probe.stdout.split()
    assert Path(migrations_dir) == site / "kod_desk" / "_db"
    assert Path(resources_dir) == site / "kod_desk" / "_resources"

    database = tmp_path / "installed.sqlite"
    upgraded = subprocess.run(
        [sys.executable, "-m", "kod_desk", "db", "upgrade", "--db", str(database)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert upgraded.returncode == 0, upgraded.stderr
    assert "Neue Datenbank angelegt" in upgraded.stdout
    checked = subprocess.run(
        [sys.executable, "-m", "kod_desk", "db", "check", "--db", str(database)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
