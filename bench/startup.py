"""Process start to a shown main window on a demo database with 100,000 incidents.

Baseline: a bare PySide6 QMainWindow in a child process of the same shape (interpreter start,
imports, window, first paint). Both children report the wall time from the moment the parent
launched them to the first event-loop turn after ``show()`` (the window is painted by then), and
their peak RSS. Goal (DESIGN.md §14): ratio ≤ 2.0 and ≤ 250 MB. The login dialog is a user's
step, not start-up: the app child runs with ``login=False``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from bench import common
from bench.common import demo_database, median, report, size_label, sized

RUNS = 5
INCIDENTS = 100_000
MEMORY_GOAL_MB = 250

CHILD = r"""
import json, os, resource, sys, time
launched = float(os.environ["BENCH_LAUNCHED"])
mode = sys.argv[1]
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
result = {}

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

if mode == "bare":
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("KOD Desk"))
    window.resize(1280, 800)
    window.show()
    def shown():
        result["shown"] = time.time() - launched
        result["rss"] = rss_mb()
        app.quit()
    QTimer.singleShot(0, shown)
    app.exec()
else:
    from kod_desk.app import Application
    application = Application(db=sys.argv[2], settings_path=sys.argv[3], login=False)
    app = application.qt_app
    application.start()
    def shown():
        result["shown"] = time.time() - launched
        result["rss"] = rss_mb()
    def loaded():
        result["data"] = time.time() - launched
        result["rss"] = rss_mb()
        app.quit()
    QTimer.singleShot(0, shown)
    application.window.database_opened.connect(lambda: QTimer.singleShot(0, loaded))
    application.opener.failed.connect(lambda message: (print(message, file=sys.stderr), app.quit()))
    app.exec()
    application.close()
print(json.dumps(result))
"""


def run_child(*args: str) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BENCH_LAUNCHED=repr(time.time()))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> int:
    incidents, runs = sized(INCIDENTS, 1_000), sized(RUNS, 1)
    database = demo_database(incidents)
    settings = os.path.join(tempfile.mkdtemp(prefix="kod-bench-"), "settings.ini")
    run_child("app", str(database), settings)  # warm the page cache and the .pyc files
    if not common.SMOKE:
        run_child("bare")
    bare = [run_child("bare") for _ in range(runs)]
    app = [run_child("app", str(database), settings) for _ in range(runs)]
    shown = median([r["shown"] for r in app]) * 1000
    baseline = median([r["shown"] for r in bare]) * 1000
    data = median([r["data"] for r in app]) * 1000
    peak = max(r["rss"] for r in app)
    ok = report(
        f"startup_window_shown_{size_label(incidents)}",
        shown,
        "ms",
        baseline,
        2.0,
        extra=f"baseline={baseline:.0f}ms data_shown={data:.0f}ms peak_rss={peak:.0f}MB",
    )
    memory_ok = report(f"startup_peak_rss_{size_label(incidents)}", peak, "MB", MEMORY_GOAL_MB, 1.0)
    return int(not ok) + int(not memory_ok)


if __name__ == "__main__":
    raise SystemExit(main())
