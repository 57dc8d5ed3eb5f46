"""Locate the migrations and resources in a source tree, a wheel and a PyInstaller bundle.

The client's layout keeps ``db/`` and ``resources/`` at the top of the repository. A wheel ships
them inside the package as ``kod_desk/_db`` and ``kod_desk/_resources`` (pyproject's
force-include); ``build.spec`` puts them at the same places inside the bundle.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _find(packaged_name: str, source_name: str, marker: str) -> Path:
    candidates = [_PACKAGE_DIR / packaged_name, _PACKAGE_DIR.parent / source_name]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "kod_desk" / packaged_name)
    for candidate in candidates:
        if (candidate / marker).exists():
            return candidate
    searched = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"Programmdateien fehlen ({source_name}); gesucht in: {searched}")


def migrations_dir() -> Path:
    """The Alembic script directory (``db/`` in the source tree)."""
    return _find("_db", "db", "env.py")


def resources_dir() -> Path:
    """The resources directory (icons, translations, stylesheet)."""
    return _find("_resources", "resources", "styles")


APP_NAME = "KOD Desk"
APP_AUTHOR = "Stadt"


def user_data_dir() -> Path:
    """The platform's user data folder (database, demo, logs, backups)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, APP_AUTHOR)


def viewing_dir() -> Path:
    """The app's own folder for copies of attachments opened in the system's viewer (under the
    platform's user cache folder; services/files.ViewingFolder keeps it private and small)."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, APP_AUTHOR) / "anhaenge-ansicht"
