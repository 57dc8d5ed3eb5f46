"""Refresh the translation files: ``python resources/translations/update.py``.

German is the source language of every ``tr()`` string. This extracts them into
``kod_desk_en.ts`` (kept for Qt Linguist, without line numbers so diffs stay small) and compiles
``kod_desk_en.qm``, which the app loads when the language is English (KOD_DESK_LANG=en or the
preference). tests/ui/test_translations.py fails when the .ts misses a string of the code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LANGUAGES = ("en",)


def sources() -> list[Path]:
    ui = sorted((ROOT / "kod_desk" / "ui").rglob("*.py"))
    return [*ui, ROOT / "kod_desk" / "app.py"]


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    return found


def lupdate(ts_file: Path, language: str) -> None:
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *map(str, sources()),
            "-locations",
            "none",
            "-no-obsolete",
            "-source-language",
            "de",
            "-target-language",
            language,
            "-ts",
            str(ts_file),
        ],
        check=True,
        capture_output=True,
    )


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)],
        check=True,
        capture_output=True,
    )


def main() -> None:
    for language in LANGUAGES:
        ts_file = HERE / f"kod_desk_{language}.ts"
        lupdate(ts_file, language)
        lrelease(ts_file, HERE / f"kod_desk_{language}.qm")
        print(f"{ts_file.name} und .qm aktualisiert")  # noqa: T201


if __name__ == "__main__":
    main()
