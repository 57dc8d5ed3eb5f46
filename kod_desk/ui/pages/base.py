"""What every page of the main window shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QWidget

from kod_desk.domain.permissions import Permission, may, who_may

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


class Gate(QObject):
    """Keeps a button or action disabled while the logged-in role may not use it.

    The page still decides when the control makes sense (a row selected, a week not
    published): ``wanted`` remembers the page's own setEnabled, and the control is enabled only
    when the page wants it and the role may. While the role may not, the tooltip says who may.
    """

    def __init__(self, target: QWidget | QAction, permission: Permission) -> None:
        super().__init__(target)
        self.target = target
        self.permission = permission
        self.allowed = True
        self._busy = False
        self.wanted = self._explicitly_enabled()
        self.tip = target.toolTip()
        if isinstance(target, QWidget):
            target.installEventFilter(self)
        else:
            target.changed.connect(self._action_changed)

    def _explicitly_enabled(self) -> bool:
        target = self.target
        if isinstance(target, QWidget):
            return not target.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
        return target.isEnabled()

    def apply(self, allowed: bool) -> None:
        """Enable (as the page wants) or disable with "Nur … ." as the tooltip."""
        self.allowed = allowed
        self._busy = True
        try:
            self.target.setEnabled(self.wanted and allowed)
            self.target.setToolTip(self.tip if allowed else who_may(self.permission))
        finally:
            self._busy = False

    def _follow_page(self) -> None:
        if self._busy:
            return
        tip = self.target.toolTip()
        if tip != who_may(self.permission):
            self.tip = tip
        self.wanted = self._explicitly_enabled()
        if not self.allowed and (self.target.isEnabled() or tip != who_may(self.permission)):
            self.apply(False)

    def _action_changed(self) -> None:
        self._follow_page()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Override of QObject.eventFilter: the page enabled it or changed its tooltip."""
        if event.type() in (QEvent.Type.EnabledChange, QEvent.Type.ToolTipChange):
            self._follow_page()
        return False


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
        self._pending_changes: Changes | None = None  # what changed while the page was hidden
        self._gates: list[Gate] = []

    @property
    def title(self) -> str:
        return self.windowTitle()

    def attach(self, services: Services) -> None:
        self.services = services
        self._loaded = False
        self.apply_gates()

    # ------------------------------------------------------------ roles and session

    def gate(self, target: QWidget | QAction, permission: Permission) -> None:
        """Disable ``target`` (with a tooltip naming who may) for roles without ``permission``."""
        gate = Gate(target, permission)
        self._gates.append(gate)
        if self.services is not None:
            gate.apply(may(self.services.context.role, permission))

    def gates(self) -> list[tuple[QWidget | QAction, Permission]]:
        """The gated controls of this page and what each needs (the role walk test reads it)."""
        return [(gate.target, gate.permission) for gate in self._gates]

    def apply_gates(self) -> None:
        """Apply every gate for the role logged in now (after attach and each login)."""
        if self.services is None:
            return
        role = self.services.context.role
        for gate in self._gates:
            gate.apply(may(role, gate.permission))

    def session_changed(self, same_user: bool) -> None:
        """A login or an unlock: gates for the new role; another user gets no undo history.

        Undo history belongs to whoever made it (issue 14): a command of the previous user
        would run with the new user's rights (and be refused, or worse, allowed).
        """
        self.apply_gates()
        if not same_user:
            for stack in self.findChildren(QUndoStack):
                stack.clear()

    # ------------------------------------------------------------ keys

    def search_field(self) -> QWidget | None:
        """The page's search or filter field (Strg+F); None when the page has none."""
        return None

    def focus_search(self) -> bool:
        """Strg+F: put the focus in the search field, its text selected; False without one."""
        field = self.search_field()
        if field is None or not field.isVisible() or not field.isEnabled():
            return False
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        select_all = getattr(field, "selectAll", None)
        if callable(select_all):
            select_all()
        line_edit = getattr(field, "lineEdit", None)
        if callable(line_edit) and line_edit() is not None:
            line_edit().selectAll()
        return True

    def focus_target(self) -> QWidget | None:
        """Where the focus goes when the page is shown from the keyboard (Strg+1 … Strg+0).

        The widget that had the focus last on this page, else the first that takes it.
        """
        last = self.focusWidget()
        if last is not None and last is not self and last.isVisible() and last.isEnabled():
            return last
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if (
                self.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def activate(self) -> None:
        """Called whenever the page becomes visible."""
        if self.services is None:
            return
        if not self._loaded:
            self._loaded = True
            self._pending_changes = None
            self.reload()
        elif self._pending_changes is not None:
            pending, self._pending_changes = self._pending_changes, None
            self.refresh_for(pending)

    def reload(self) -> None:
        """Read the page's data from the services again."""

    def refresh_for(self, changes: Changes) -> None:
        """Bring the page up to date after ``changes`` (by default: read everything again).

        A page that can do less overrides it: e.g. the Vorkommnisse page re-reads only the
        list when only incidents changed, and only the changed rows when it shows them all.
        """
        self.reload()

    def shows(self) -> tuple[Any, ...]:
        """The Entity kinds this page shows; a Changes touching one refreshes it."""
        return ()

    def on_changes(self, changes: Changes) -> None:
        if not self._loaded or not changes.touches(*self.shows()):
            return
        if self.isVisible():
            self.refresh_for(changes)
        else:  # hidden: catch up once, when it is shown again
            self._pending_changes = (
                changes if self._pending_changes is None else self._pending_changes | changes
            )

    def publish(self, result: Result[Any]) -> Any:
        """Announce a write's changes to every page, as this page's; returns the value."""
        self.bus.changed.emit(result.changes.from_origin(self))
        return result.value

    def show_record(self, record_id: str) -> bool:
        """Select the record ``record_id`` (after ``navigate``); False when it is not shown."""
        return False

    def open_incident_report(self, incident_id: str) -> None:
        """The incident's Vorkommnisbericht on the Berichte page (from an open incident)."""
        self.bus.navigate.emit("reports", f"incident:{incident_id}")


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

    def gates(self) -> list[tuple[QWidget | QAction, Permission]]:
        return self._real.gates() if self._real is not None else []

    def apply_gates(self) -> None:
        if self._real is not None:
            self._real.apply_gates()

    def session_changed(self, same_user: bool) -> None:
        if self._real is not None:
            self._real.session_changed(same_user)

    def search_field(self) -> QWidget | None:
        return self._real.search_field() if self._real is not None else None

    def focus_search(self) -> bool:
        return self._real.focus_search() if self._real is not None else False

    def focus_target(self) -> QWidget | None:
        return self._real.focus_target() if self._real is not None else None

    def on_changes(self, changes: Changes) -> None:
        if self._real is not None:
            self._real.on_changes(changes)

    def show_record(self, record_id: str) -> bool:
        return self.real.show_record(record_id) if self.services is not None else False
