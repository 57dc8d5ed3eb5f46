"""Work that takes a moment (a report, a month of figures, a sync package) off the GUI thread.

One ``Background`` per kind of job on a page: ``start`` runs the job on a daemon thread named
``name`` and returns its request number; ``finished(request, result)`` carries the job's value
or the exception it raised, ``progressed(request, done, total)`` what the job reported. Both
are Qt signals emitted from the worker, so connected slots run on the GUI thread. A newer
``start`` supersedes an older job: ``is_current`` tells a slot to drop what arrives late.
``join`` waits for the newest job (closing the window, reopening a database).

Every worker thread of the desktop starts here (issue 15): opening the database, the hourly
backup, the retention purge, reports, statistics, exports, sync packages, the audit check and
the roster suggestion.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

Progress = Callable[[int, int], None]


class Background(QObject):
    finished = Signal(int, object)  # request number, the job's value or its exception
    progressed = Signal(int, int, int)  # request number, done, total

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._request = 0
        self._thread: threading.Thread | None = None

    def start(self, job: Callable[[Progress], Any]) -> int:
        """Run ``job(progress)`` on a worker thread; its request number."""
        self._request += 1
        request = self._request

        def progress(done: int, total: int) -> None:
            self.progressed.emit(request, done, total)

        def work() -> None:
            result: Any
            try:
                result = job(progress)
            except Exception as error:  # handed to the GUI thread, shown there
                result = error
            self.finished.emit(request, result)

        self._thread = threading.Thread(target=work, name=self.name, daemon=True)
        self._thread.start()
        return request

    @property
    def running(self) -> bool:
        """Whether the newest job is still at work."""
        return self._thread is not None and self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        """Wait (at most ``timeout`` seconds) for the newest job to end."""
        if self._thread is not None:
            self._thread.join(timeout)

    def is_current(self, request: int) -> bool:
        """False for a job a newer ``start`` superseded."""
        return request == self._request
