"""Every page and every dialog of KOD Desk, each with a way to open it on the demo data.

For tests that must see every screen (the layout test of issue 14, later a role walk):
``page_views(qtbot, window)`` shows each page of the main window, and each tab of a page with
tabs, and yields ``(name, widget)``; ``DIALOGS`` lists ``(name, factory)`` where the factory
opens the dialog on the running window (with ``open()``/``show()``, never ``exec()``) and
returns it, or None when the demo data gave it nothing to show. The caller closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget

from kod_desk.domain.enums import CatalogKind, ShiftKind

if TYPE_CHECKING:
    from kod_desk.ui.main_window import MainWindow

Factory = Callable[[Any, "MainWindow"], QDialog | None]


def settle(qtbot: Any, page: QWidget, timeout: int = 30_000) -> None:
    """Wait until a page has shown its data: no worker busy, no refresh pending."""

    def quiet() -> bool:
        if getattr(page, "busy", False):
            return False
        return not any(
            timer.isActive() and timer.isSingleShot() and timer.interval() < 1_000
            for timer in page.findChildren(QTimer)
        )

    QApplication.processEvents()
    qtbot.waitUntil(quiet, timeout=timeout)
    QApplication.processEvents()


def page_views(qtbot: Any, window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """Show each page (and each tab of a page with tabs); yield its name and the page."""
    for key in window.page_keys():
        window.show_page(key)
        page = window.current_page()
        settle(qtbot, page)
        title = page.windowTitle() or window.page(key).windowTitle()
        tab_widgets = [t for t in page.findChildren(QTabWidget) if t.isVisible()]
        if not tab_widgets:
            yield title, page
            continue
        tabs = tab_widgets[0]
        for index in range(tabs.count()):
            if not tabs.isTabVisible(index):
                continue
            tabs.setCurrentIndex(index)
            settle(qtbot, page)
            yield f"{title} › {tabs.tabText(index).replace('&', '')}", page
        tabs.setCurrentIndex(0)


# ---------------------------------------------------------------- helpers for the factories


def _page(window: MainWindow, key: str) -> Any:
    window.show_page(key)
    return window.current_page()


def _select_first(table: Any) -> bool:
    return bool(table.select_where(lambda _row: True))


# ---------------------------------------------------------------- Übersicht


def _overview_check_out(_qtbot: Any, window: MainWindow) -> QDialog | None:
    _page(window, "overview")
    return window.overview.check_out_bike()


def ensure_bike_out(window: MainWindow) -> None:
    """Hand out a free bike through the service when the demo has none out (for check-in)."""
    services = window.services
    assert services is not None
    if any(c.status.value == "out" for c in services.bikes.active_checkouts()):
        return
    bike = next(r.bike for r in services.bikes.fleet() if _is_free(r))
    officers = services.masterdata.officers(include_inactive=False)
    officer = next(o for o in officers if o.has_bike_training)
    battery = 80 if bike.is_pedelec else None
    result = services.bikes.check_out(
        bike.id, officer.id, datetime.now(UTC), bike.odometer_km, battery
    )
    window.bus.changed.emit(result.changes)


def _overview_check_in(qtbot: Any, window: MainWindow) -> QDialog | None:
    ensure_bike_out(window)
    settle(qtbot, _page(window, "overview"))
    return window.overview.check_in_bike()


# ---------------------------------------------------------------- Dienstplan


def _roster(qtbot: Any, window: MainWindow) -> Any:
    page = _page(window, "roster")
    settle(qtbot, page)
    return page


def _roster_bike_duty(qtbot: Any, window: MainWindow) -> Any:
    """The roster with a crew member of a staffed bike patrol selected (grid and day table)."""
    page = _roster(qtbot, window)
    shift = next(
        (s for s in page.week.shifts if s.kind is ShiftKind.BIKE_PATROL and s.crew),
        None,
    ) or next((s for s in page.week.shifts if s.crew), None)
    if shift is None:
        return None
    page.select_cell(shift.crew[0].officer_id, shift.duty_date)
    page.day_table.select_where(lambda s: s.id == shift.id)
    return page


def _roster_new_shift(qtbot: Any, window: MainWindow) -> QDialog | None:
    return _roster(qtbot, window).edits.new_shift()  # type: ignore[no-any-return]


def _roster_edit_shift(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _roster_bike_duty(qtbot, window)
    return None if page is None else page.edits.edit_selected_shift()


def _roster_absence(qtbot: Any, window: MainWindow) -> QDialog | None:
    return _roster(qtbot, window).edits.new_absence()  # type: ignore[no-any-return]


def _roster_actual_times(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _roster_bike_duty(qtbot, window)
    return None if page is None else page.edits.edit_actual_times()


def _roster_rules(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _roster(qtbot, window)
    page.edits.edit_rules()
    return page.current_dialog  # type: ignore[no-any-return]


def _roster_booking(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _roster_bike_duty(qtbot, window)
    return None if page is None else page.edits.book_bike()


def _roster_overtime(qtbot: Any, window: MainWindow) -> QDialog | None:
    return _roster(qtbot, window).files.show_overtime()  # type: ignore[no-any-return]


# ---------------------------------------------------------------- Fahrräder


def _fleet(qtbot: Any, window: MainWindow, wanted: Callable[[Any], bool] | None = None) -> Any:
    page = _page(window, "bikes")
    settle(qtbot, page)
    if wanted is not None and not page.table.select_where(wanted):
        return None
    return page


def _is_free(row: Any) -> bool:
    return bool(row.bike.is_usable and row.availability.value != "out")


def _fleet_new(qtbot: Any, window: MainWindow) -> QDialog | None:
    return _fleet(qtbot, window).new_bike()  # type: ignore[no-any-return]


def _fleet_edit(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _fleet(qtbot, window, lambda _row: True)
    return None if page is None else page.edit_selected()


def _fleet_check_out(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _fleet(qtbot, window, _is_free)
    return None if page is None else page.check_out_selected()


def _fleet_check_in(qtbot: Any, window: MainWindow) -> QDialog | None:
    ensure_bike_out(window)
    page = _fleet(qtbot, window, lambda row: row.availability.value == "out")
    return None if page is None else page.check_in_selected()


def _fleet_open_service(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _fleet(qtbot, window, _is_free)
    return None if page is None else page.open_service_selected()


def _fleet_complete_service(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _fleet(qtbot, window)
    if not page.table.select_where(lambda row: page.open_record(row.bike.id) is not None):
        return None
    return page.complete_service_selected()  # type: ignore[no-any-return]


# ---------------------------------------------------------------- Vorkommnisse


def _incident_detail(qtbot: Any, window: MainWindow, *, not_closed: bool = False) -> Any:
    """The detail dialog of the newest incident (of the newest not closed one, if asked)."""
    from kod_desk.domain.enums import IncidentStatus

    page = _page(window, "incidents")
    settle(qtbot, page)
    qtbot.waitUntil(lambda: page.table.model().rowCount() > 0)
    for row in range(min(page.table.model().rowCount(), 50)):
        page.table.selectRow(row)
        dialog = page.open_selected()
        if (
            dialog is None
            or not not_closed
            or dialog.detail.row.status is not IncidentStatus.CLOSED
        ):
            return dialog
        dialog.reject()
    return None


def _incident_with_notes(qtbot: Any, window: MainWindow, *, not_closed: bool = False) -> Any:
    """The detail dialog of the newest incident, with a note (written if it had none) selected."""
    dialog = _incident_detail(qtbot, window, not_closed=not_closed)
    if dialog is None:
        return None
    if not dialog.detail.notes:
        assert window.services is not None
        text = (
            "Rückfrage beim Bürgertelefon: das Fahrrad steht dort seit mindestens drei Wochen, "
            "die Anwohnerin hat es fotografiert und schickt die Bilder per E-Mail."
        )
        window.services.incidents.add_note(dialog.detail.row.id, text)
        dialog.reject()
        dialog = _incident_detail(qtbot, window, not_closed=not_closed)
    dialog.select_note(dialog.detail.notes[0].id)
    return dialog


def _detail_child(
    make: Callable[[Any], QDialog | None],
) -> Callable[[Any, MainWindow], QDialog | None]:
    def open_child(qtbot: Any, window: MainWindow) -> QDialog | None:
        # Not closed: a closed incident offers no status change or hand-over (the newest one
        # may be closed, depending on the hour the demo was made).
        detail = _incident_with_notes(qtbot, window, not_closed=True)
        if detail is None:
            return None
        child = make(detail)
        if child is not None:
            child.finished.connect(lambda _result: detail.reject())
        return child

    return open_child


def _quick_entry(_qtbot: Any, window: MainWindow) -> QDialog | None:
    return window.open_quick_entry()  # type: ignore[no-any-return]


# ---------------------------------------------------------------- Ermittlungen


def _cases(qtbot: Any, window: MainWindow) -> Any:
    page = _page(window, "cases")
    settle(qtbot, page)
    return page


def _case_new(qtbot: Any, window: MainWindow) -> QDialog | None:
    return _cases(qtbot, window).new_case()  # type: ignore[no-any-return]


def _case_edit(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _cases(qtbot, window)
    return page.edit_selected() if _select_first(page.table) else None


def _case_status(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _cases(qtbot, window)
    return page.change_status_selected() if _select_first(page.table) else None


# ---------------------------------------------------------------- Stammdaten


def _masterdata(qtbot: Any, window: MainWindow) -> Any:
    _page(window, "masterdata")
    page = window.masterdata
    settle(qtbot, page)
    return page


def _officer_new(qtbot: Any, window: MainWindow) -> QDialog | None:
    return _masterdata(qtbot, window).new_record("officers")  # type: ignore[no-any-return]


def _officer_edit(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _masterdata(qtbot, window)
    tab = page.show_tab("officers")
    return page.edit_selected("officers") if _select_first(tab.table) else None


def _password(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _masterdata(qtbot, window)
    tab = page.show_tab("officers")
    return page.set_password() if _select_first(tab.table) else None


def _area_edit(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _masterdata(qtbot, window)
    tab = page.show_tab("areas")
    return page.edit_selected("areas") if _select_first(tab.table) else None


def _catalog(kind: CatalogKind) -> Callable[[Any, MainWindow], QDialog | None]:
    def open_catalog(qtbot: Any, window: MainWindow) -> QDialog | None:
        return _masterdata(qtbot, window).new_record(kind)  # type: ignore[no-any-return]

    return open_catalog


def _template_edit(qtbot: Any, window: MainWindow) -> QDialog | None:
    page = _masterdata(qtbot, window)
    tab = page.show_tab("templates")
    return page.edit_selected("templates") if _select_first(tab.table) else None


# ---------------------------------------------------------------- Synchronisation, Datenbank


def _import_preview(qtbot: Any, window: MainWindow) -> QDialog | None:
    from kod_desk.domain import sync as ds
    from kod_desk.ui.dialogs.import_preview_dialog import ImportPreviewDialog

    page = _page(window, "sync")
    tables = ("officer", "area", "shift", "incident", "note", "attachment", "case")
    preview = ds.ImportPreview(
        package_id="0" * 32,
        station_id="1" * 32,
        station_name="Außenstelle Stadtpark Nord",
        fingerprint="AB12 CD34 EF56 7890 AB12 CD34 EF56 7890",
        created_at=datetime(2026, 12, 7, 14, 30, tzinfo=UTC),
        records=1234,
        counts={t: ds.TableCounts(insert=120, update=30, skip=4, conflict=1) for t in tables},
        already_applied=False,
    )
    dialog = ImportPreviewDialog(preview, "Stadtpark-Nord_2026-12-07_1430.kodsync", page)
    dialog.open()
    return dialog


def _conflict(qtbot: Any, window: MainWindow) -> QDialog | None:
    from kod_desk.domain import sync as ds
    from kod_desk.ui.dialogs.conflict_dialog import ConflictDialog

    page = _page(window, "sync")
    services = window.services
    assert services is not None
    from kod_desk.domain.incidents import IncidentFilter

    rows = services.incidents.list_page(IncidentFilter(), limit=1)
    row = rows[0] if rows else None
    if row is None:
        return None
    ours = {
        "reference": row.reference,
        "status": "in_progress",
        "outcome": "",
        "description": "Lärmbelästigung durch eine Gruppe Jugendlicher am Brunnen",
        "place": "Großflecken 12",
        "_vv": {"a": 3},
    }
    theirs = dict(ours, status="closed", outcome="Platzverweis erteilt, Gruppe entfernt")
    conflict = ds.ConflictView(
        id="c" * 32,
        table="incident",
        label="Vorkommnis",
        row_id=row.id,
        ours=ours,
        theirs=theirs,
        differing=("status", "outcome"),
        created_at=datetime(2026, 12, 7, 14, 30, tzinfo=UTC),
        source="Außenstelle Stadtpark Nord",
    )
    dialog = ConflictDialog(services, conflict, page)
    dialog.open()
    return dialog


def _backups(_qtbot: Any, window: MainWindow) -> QDialog | None:
    return window.open_backups()  # type: ignore[no-any-return]


def _login(mode_name: str) -> Callable[[Any, MainWindow], QDialog | None]:
    def open_login(_qtbot: Any, window: MainWindow) -> QDialog | None:
        from kod_desk.ui.dialogs.login_dialog import LoginDialog, Mode

        assert window.services is not None
        dialog = LoginDialog(window.services, Mode[mode_name], "K-1001", window)
        dialog.open()
        return dialog

    return open_login


# ---------------------------------------------------------------- the list

DIALOGS: list[tuple[str, Factory]] = [
    ("Übersicht › Fahrrad ausgeben", _overview_check_out),
    ("Übersicht › Fahrrad zurücknehmen", _overview_check_in),
    ("Dienstplan › Neuer Dienst", _roster_new_shift),
    ("Dienstplan › Dienst bearbeiten", _roster_edit_shift),
    ("Dienstplan › Abwesenheit", _roster_absence),
    ("Dienstplan › Ist-Zeiten", _roster_actual_times),
    ("Dienstplan › Regeln", _roster_rules),
    ("Dienstplan › Fahrrad buchen", _roster_booking),
    ("Dienstplan › Überstunden", _roster_overtime),
    ("Fahrräder › Neues Fahrrad", _fleet_new),
    ("Fahrräder › Fahrrad bearbeiten", _fleet_edit),
    ("Fahrräder › Ausgeben", _fleet_check_out),
    ("Fahrräder › Zurücknehmen", _fleet_check_in),
    ("Fahrräder › Wartung eintragen", _fleet_open_service),
    ("Fahrräder › Wartung abschließen", _fleet_complete_service),
    ("Vorkommnis erfassen", _quick_entry),
    ("Vorkommnisse › Vorkommnis", _incident_detail),
    ("Vorkommnis › Korrektur", _detail_child(lambda d: d.correct_selected())),
    ("Vorkommnis › Status", _detail_child(lambda d: d.change_status())),
    ("Vorkommnis › Abgabe", _detail_child(lambda d: d.hand_over())),
    ("Vorkommnis › Person hinzufügen", _detail_child(lambda d: d.persons_section.add_person())),
    ("Ermittlungen › Neuer Auftrag", _case_new),
    ("Ermittlungen › Auftrag bearbeiten", _case_edit),
    ("Ermittlungen › Status", _case_status),
    ("Stammdaten › Neue Dienstkraft", _officer_new),
    ("Stammdaten › Dienstkraft bearbeiten", _officer_edit),
    ("Stammdaten › Passwort setzen", _password),
    ("Stammdaten › Einsatzgebiet", _area_edit),
    *((f"Stammdaten › Katalog {kind.value}", _catalog(kind)) for kind in CatalogKind),
    ("Stammdaten › Dienstvorlage", _template_edit),
    ("Synchronisation › Paket prüfen", _import_preview),
    ("Synchronisation › Konflikt", _conflict),
    ("Datenbank › Sicherungen", _backups),
    ("Anmeldung", _login("LOGIN")),
    ("Entsperren", _login("UNLOCK")),
    ("Erster Administrator", _login("FIRST_ADMIN")),
]
