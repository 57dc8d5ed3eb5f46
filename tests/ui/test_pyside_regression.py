"""Guard for the PySide6 pin (pyproject.toml).

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a Qt method that
returns nothing and aborts the process after ~5,300 such calls ("Fatal Python error:
none_dealloc"). The calls run in a child process so an abort fails this test instead of
killing the whole test run. Move to a newer PySide6 only when this passes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import PySide6

CALLS = 20_000

SCRIPT = f"""
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for i in range({CALLS}):
    label.setObjectName("x")        # void
    label.update()                  # void
    QCoreApplication.processEvents()  # void
print("calls", 3 * {CALLS})
"""


def test_twenty_thousand_void_qt_calls_survive() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert "none_dealloc" not in done.stderr, f"PySide6 {PySide6.__version__}: {done.stderr[-500:]}"
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"calls {3 * CALLS}"


def test_installed_pyside_is_the_pinned_one() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    pins = re.findall(r'"PySide6-(?:Essentials|Addons)==([0-9.]+)"', pyproject)
    assert pins and set(pins) == {PySide6.__version__}
