"""What every page of the main window shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kod_desk.domain.changes import Changes
    from kod_desk.services.base import Result
    from kod_desk.services.registry import Services
    from kod_desk.ui.settings import Settings


class ChangeBus(QObject):
    """Carries each write's Changes record to every page (wired in MainWindow).

    ``navigate(page_key, record_id)`` asks the window to show a page with that record selected
    (e.g. an overdue investigation order double-clicked on the Übersicht).
    """

    changed = Signal(object)
    navigate = Signal(str, str)


class Page(QWidget):
    """A screen of the main window.

    Pages load lazily: ``attach`` hands them the services once the database is open, and the
    first ``activate`` loads their data. After that they refresh only from ``on_changes``.
    """

    key = ""

    def __init__(self, settings: Settings, bus: ChangeBus, parent: Any = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.bus = bus
        self.services: Services | None = None
        self._loaded = False
        self._stale = False

    @property
    def title(self) -> str:
        return self.windowTitle()

    def attach(self, services: Services) -> None:
        self.services = services
        self._loaded = False

    def activate(self) -> None:
        """Called whenever the page becomes visible."""
        if self.services is None:
            return
        if not self._loaded or self._stale:
            self._loaded = True
            self._stale = False
            self.reload()

    def reload(self) -> None:
        """Read the page's data from the services again."""

    def shows(self) -> tuple[Any, ...]:
        """The Entity kinds this page shows; a Changes touching one marks it stale."""
        return ()

    def on_changes(self, changes: Changes) -> None:
        if not self._loaded or not changes.touches(*self.shows()):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def publish(self, result: Result[Any]) -> Any:
        """Announce a write's changes to every page; returns the result's value."""
        self.bus.changed.emit(result.changes)
        return result.value

    def show_record(self, record_id: str) -> bool:
        """Select the record ``record_id`` (after ``navigate``); False when it is not shown."""
        return False

    def open_incident_report(self, incident_id: str) -> None:
        """The incident's Vorkommnisbericht on the Berichte page (from an open incident)."""
        self.bus.navigate.emit("reports", f"incident:{incident_id}")


class PlaceholderPage(Page):
    """An honest note for a capability that arrives with a later issue."""

    def __init__(
        self,
        key: str,
        title: str,
        text: str,
        settings: Settings,
        bus: ChangeBus,
        parent: Any = None,
    ) -> None:
        super().__init__(settings, bus, parent)
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLabel, QVBoxLayout

        self.key = key
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        note = QLabel(text)
        note.setObjectName("placeholderNote")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addStretch(1)


class DeferredPage(Page):
    """Stands in for a page that is built only when first shown (keeps start-up short).

    Forwards the page protocol to the real page once it exists; until then it remembers the
    services so the real page starts attached.
    """

    def __init__(
        self,
        key: str,
        title: str,
        factory: Callable[[], Page],
        settings: Settings,
        bus: ChangeBus,
        parent: Any = None,
    ) -> None:
        super().__init__(settings, bus, parent)
        from PySide6.QtWidgets import QVBoxLayout

        self.key = key
        self.setWindowTitle(title)
        self._factory = factory
        self._real: Page | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def real(self) -> Page:
        if self._real is None:
            page = self._factory()
            self._layout.addWidget(page)
            page.show()
            if self.services is not None:
                page.attach(self.services)
            self._real = page
        return self._real

    @property
    def is_built(self) -> bool:
        return self._real is not None

    def attach(self, services: Services) -> None:
        super().attach(services)
        if self._real is not None:
            self._real.attach(services)

    def activate(self) -> None:
        if self.services is not None:
            self.real.activate()

    def on_changes(self, changes: Changes) -> None:
        if self._real is not None:
            self._real.on_changes(changes)

    def show_record(self, record_id: str) -> bool:
        return self.real.show_record(record_id) if self.services is not None else False
